"""A primary and one replica (Multi-AZ, automatic failover) of Redis OSS 7.1 on cache.r7g.large."""

import pulumi
import pulumi_aws as aws

group = aws.elasticache.ReplicationGroup(
    "leaderboard",
    description="leaderboard cache",
    engine="redis",
    engine_version="7.1",
    node_type="cache.r7g.large",
    num_cache_clusters=2,
    automatic_failover_enabled=True,
    multi_az_enabled=True,
    port=6379,
)

pulumi.export("primary", group.primary_endpoint_address)
