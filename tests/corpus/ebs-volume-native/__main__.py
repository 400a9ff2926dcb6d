"""A 500 GB gp3 data volume with 4000 IOPS, written with pulumi_aws_native."""

import pulumi
import pulumi_aws_native as aws_native

volume = aws_native.ec2.Volume("data", availability_zone="us-east-1a", volume_type="gp3", size=500, iops=4000)

pulumi.export("volumeId", volume.volume_id)
