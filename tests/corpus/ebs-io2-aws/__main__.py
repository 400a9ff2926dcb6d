"""A 100 GB io2 volume with 5000 provisioned IOPS, created ahead of the instance that will mount it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="io2",
    size=100,
    iops=5000,
    tags={"Name": "data-io2"},
)

pulumi.export("volumeId", volume.id)
