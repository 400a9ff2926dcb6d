"""An older-style ASG: a launch configuration with a 20 GB gp2 root, one t3.medium."""

import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

config = aws.ec2.LaunchConfiguration(
    "legacy",
    image_id=ami.id,
    instance_type="t3.medium",
    root_block_device={"volume_type": "gp2", "volume_size": 20},
)
aws.autoscaling.Group(
    "legacy",
    min_size=1,
    max_size=1,
    desired_capacity=1,
    vpc_zone_identifiers=private_subnets.ids,
    launch_configuration=config.name,
)
