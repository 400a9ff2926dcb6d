"""An on-demand Kinesis Data Stream: no shards to manage, billed per stream-hour plus data."""

import pulumi
import pulumi_aws as aws

stream = aws.kinesis.Stream("audit", stream_mode_details={"stream_mode": "ON_DEMAND"})

pulumi.export("streamArn", stream.arn)
