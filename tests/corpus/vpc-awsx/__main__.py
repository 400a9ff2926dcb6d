"""The awsx quick start: a VPC with every default (3 AZs, public + private subnets, NAT gateway per AZ)."""

import pulumi
import pulumi_awsx as awsx

vpc = awsx.ec2.Vpc("main")

pulumi.export("vpcId", vpc.vpc_id)
pulumi.export("privateSubnetIds", vpc.private_subnet_ids)
