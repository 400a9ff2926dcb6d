"""A 100 GB gp2 data volume, created ahead of the instance that will mount it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="gp2",
    size=100,
    tags={"Name": "data-gp2"},
)

pulumi.export("volumeId", volume.id)
