"""An EC2 Fleet of type maintain: two Spot m7i.large instances from a launch template."""

import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

template = aws.ec2.LaunchTemplate(
    "render",
    image_id=ami.id,
    instance_type="m7i.large",
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"volume_type": "gp3", "volume_size": 20}}],
)
aws.ec2.Fleet(
    "render",
    type="maintain",
    launch_template_configs=[
        {
            "launch_template_specification": {"launch_template_id": template.id, "version": "$Latest"},
            "overrides": [{"subnet_id": private_subnets.ids[0]}],
        }
    ],
    target_capacity_specification={"default_target_capacity_type": "spot", "total_target_capacity": 2},
    spot_options={"allocation_strategy": "price-capacity-optimized"},
)
