"""A 1 TB sc1 cold HDD volume, created ahead of the instance that will mount it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="sc1",
    size=1000,
    tags={"Name": "data-sc1"},
)

pulumi.export("volumeId", volume.id)
