"""An internet-facing Application Load Balancer over two default-VPC subnets, with pulumi_aws_native."""

import pulumi
import pulumi_aws as aws
import pulumi_aws_native as aws_native

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])

sg = aws_native.ec2.SecurityGroup(
    "web",
    group_description="web ingress",
    vpc_id=vpc.id,
    security_group_ingress=[{"ip_protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_ip": "0.0.0.0/0"}],
)
alb = aws_native.elasticloadbalancingv2.LoadBalancer(
    "web", type="application", scheme="internet-facing", subnets=subnets.ids[:2], security_groups=[sg.id]
)
targets = aws_native.elasticloadbalancingv2.TargetGroup(
    "web", port=8080, protocol="HTTP", target_type="ip", vpc_id=vpc.id
)
aws_native.elasticloadbalancingv2.Listener(
    "http",
    load_balancer_arn=alb.load_balancer_arn,
    port=80,
    protocol="HTTP",
    default_actions=[{"type": "forward", "target_group_arn": targets.target_group_arn}],
)

pulumi.export("dnsName", alb.dns_name)
