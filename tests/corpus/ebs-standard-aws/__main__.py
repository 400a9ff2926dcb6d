"""A 200 GB previous-generation magnetic (standard) volume, created ahead of the instance using it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="standard",
    size=200,
    tags={"Name": "data-standard"},
)

pulumi.export("volumeId", volume.id)
