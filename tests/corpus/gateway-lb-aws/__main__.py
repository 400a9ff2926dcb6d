"""A Gateway Load Balancer (GENEVE) with its target group, for third-party inspection appliances."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])

gwlb = aws.lb.LoadBalancer("inspection", load_balancer_type="gateway", subnets=subnets.ids[:1])
appliances = aws.lb.TargetGroup(
    "appliances",
    port=6081,
    protocol="GENEVE",
    vpc_id=vpc.id,
    health_check={"port": "80", "protocol": "HTTP", "path": "/health"},
)
aws.lb.Listener(
    "geneve",
    load_balancer_arn=gwlb.arn,
    default_actions=[{"type": "forward", "target_group_arn": appliances.arn}],
)

pulumi.export("gwlbArn", gwlb.arn)
