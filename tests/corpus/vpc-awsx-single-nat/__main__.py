"""The usual cost-saving tweak to the awsx VPC: one shared NAT gateway instead of one per AZ."""

import pulumi
import pulumi_awsx as awsx

vpc = awsx.ec2.Vpc("main", nat_gateways={"strategy": awsx.ec2.NatGatewayStrategy.SINGLE})

pulumi.export("vpcId", vpc.vpc_id)
