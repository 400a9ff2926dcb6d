"""A 500 GB st1 throughput-optimized HDD volume, created ahead of the instance that will mount it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="st1",
    size=500,
    tags={"Name": "data-st1"},
)

pulumi.export("volumeId", volume.id)
