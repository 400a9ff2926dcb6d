"""Three m7i.large-class workers: on-demand base 1, the rest Spot, overrides m7i.large and m6i.large."""

import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

template = aws.ec2.LaunchTemplate(
    "workers",
    image_id=ami.id,
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"volume_type": "gp3", "volume_size": 20}}],
)
aws.autoscaling.Group(
    "workers",
    min_size=3,
    max_size=6,
    desired_capacity=3,
    vpc_zone_identifiers=private_subnets.ids,
    mixed_instances_policy={
        "instances_distribution": {
            "on_demand_base_capacity": 1,
            "on_demand_percentage_above_base_capacity": 0,
            "spot_allocation_strategy": "price-capacity-optimized",
        },
        "launch_template": {
            "launch_template_specification": {"launch_template_id": template.id, "version": "$Latest"},
            "overrides": [{"instance_type": "m7i.large"}, {"instance_type": "m6i.large"}],
        },
    },
)
