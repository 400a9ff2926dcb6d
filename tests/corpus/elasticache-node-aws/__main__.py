"""A session cache: one ElastiCache Redis OSS node, cache.t4g.medium."""

import pulumi
import pulumi_aws as aws

cache = aws.elasticache.Cluster(
    "sessions",
    engine="redis",
    engine_version="7.1",
    node_type="cache.t4g.medium",
    num_cache_nodes=1,
    port=6379,
)

pulumi.export("address", cache.cache_nodes[0].address)
