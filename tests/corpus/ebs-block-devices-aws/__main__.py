"""A small file-drop host: t4g.nano (the allowed type) with an extra 500 GB gp3 data disk."""

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-arm64"]}],
)

host = aws.ec2.Instance(
    "files",
    ami=ami.id,
    instance_type="t4g.nano",
    subnet_id=private_subnets.ids[0],
    associate_public_ip_address=False,
    root_block_device={"volume_type": "gp3", "volume_size": 8},
    ebs_block_devices=[{"device_name": "/dev/sdf", "volume_type": "gp3", "volume_size": 500}],
)

pulumi.export("hostId", host.id)
