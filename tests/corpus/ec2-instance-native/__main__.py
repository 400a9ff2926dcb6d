"""A t3.micro utility host in a private subnet, written with pulumi_aws_native."""

import pulumi
import pulumi_aws as aws
import pulumi_aws_native as aws_native

private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])
ami = aws.ec2.get_ami(
    most_recent=True, owners=["amazon"], filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}]
)
host = aws_native.ec2.Instance(
    "utility",
    image_id=ami.id,
    instance_type="t3.micro",
    subnet_id=private_subnets.ids[0],
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"volume_type": "gp3", "volume_size": 8}}],
)

pulumi.export("instanceId", host.id)
