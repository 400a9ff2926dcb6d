"""ElastiCache Serverless for Redis OSS with default limits: nothing to size, billed from its minimum."""

import pulumi
import pulumi_aws as aws

cache = aws.elasticache.ServerlessCache("feature-flags", engine="redis", major_engine_version="7")

pulumi.export("endpoint", cache.endpoints)
