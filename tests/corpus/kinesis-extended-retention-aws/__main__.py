"""A replayable event stream: 2 provisioned shards kept for 7 days (extended retention)."""

import pulumi
import pulumi_aws as aws

stream = aws.kinesis.Stream(
    "replayable", shard_count=2, retention_period=168, stream_mode_details={"stream_mode": "PROVISIONED"}
)

pulumi.export("streamArn", stream.arn)
