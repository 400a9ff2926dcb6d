"""A 100 GB io1 volume with 3000 provisioned IOPS, created ahead of the instance that will mount it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="io1",
    size=100,
    iops=3000,
    tags={"Name": "data-io1"},
)

pulumi.export("volumeId", volume.id)
