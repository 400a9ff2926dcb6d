"""A web tier: an ASG of 2 (min 2, max 4) t3.small instances from a launch template, private subnets."""

import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

template = aws.ec2.LaunchTemplate(
    "web",
    image_id=ami.id,
    instance_type="t3.small",
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"volume_type": "gp3", "volume_size": 8}}],
)
aws.autoscaling.Group(
    "web",
    min_size=2,
    max_size=4,
    desired_capacity=2,
    vpc_zone_identifiers=private_subnets.ids,
    launch_template={"id": template.id, "version": "$Latest"},
)
