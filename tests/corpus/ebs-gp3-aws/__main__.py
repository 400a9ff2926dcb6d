"""A 200 GB gp3 volume with 6000 IOPS and 250 MB/s, created ahead of the instance that will mount it."""

import pulumi
import pulumi_aws as aws

volume = aws.ebs.Volume(
    "data",
    availability_zone="us-east-1a",
    type="gp3",
    size=200,
    iops=6000,
    throughput=250,
    tags={"Name": "data-gp3"},
)

pulumi.export("volumeId", volume.id)
