"""An internet-facing ALB over the default VPC's subnets in two AZs, with an HTTP listener."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])

sg = aws.ec2.SecurityGroup(
    "web",
    vpc_id=vpc.id,
    ingress=[{"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]}],
    egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
)
alb = aws.lb.LoadBalancer(
    "web",
    load_balancer_type="application",
    internal=False,
    security_groups=[sg.id],
    subnets=subnets.ids[:2],
)
targets = aws.lb.TargetGroup("web", port=8080, protocol="HTTP", target_type="ip", vpc_id=vpc.id)
aws.lb.Listener(
    "http",
    load_balancer_arn=alb.arn,
    port=80,
    protocol="HTTP",
    default_actions=[{"type": "forward", "target_group_arn": targets.arn}],
)

pulumi.export("url", pulumi.Output.concat("http://", alb.dns_name))
