"""A clickstream: a provisioned Kinesis Data Stream with 4 shards and the default 24 h retention."""

import pulumi
import pulumi_aws as aws

stream = aws.kinesis.Stream(
    "clicks", shard_count=4, retention_period=24, stream_mode_details={"stream_mode": "PROVISIONED"}
)

pulumi.export("streamArn", stream.arn)
