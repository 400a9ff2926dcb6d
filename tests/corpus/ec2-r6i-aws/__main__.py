"""An r6i.2xlarge (64 GB) host for a self-managed Redis, private subnet, 20 GB gp3 root."""

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

cache = aws.ec2.Instance(
    "redis",
    ami=ami.id,
    instance_type="r6i.2xlarge",
    subnet_id=private_subnets.ids[0],
    associate_public_ip_address=False,
    root_block_device={"volume_type": "gp3", "volume_size": 20},
    tags={"Name": "redis"},
)

pulumi.export("privateIp", cache.private_ip)
