"""An internal NLB in two subnets of the default VPC, forwarding TCP 5432 to an IP target group."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])

nlb = aws.lb.LoadBalancer("db-proxy", load_balancer_type="network", internal=True, subnets=subnets.ids[:2])
targets = aws.lb.TargetGroup("db", port=5432, protocol="TCP", target_type="ip", vpc_id=vpc.id)
aws.lb.Listener(
    "tcp",
    load_balancer_arn=nlb.arn,
    port=5432,
    protocol="TCP",
    default_actions=[{"type": "forward", "target_group_arn": targets.arn}],
)

pulumi.export("dnsName", nlb.dns_name)
