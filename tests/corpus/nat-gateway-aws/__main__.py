"""A classic two-tier VPC: one public subnet with a NAT gateway, one private subnet routed through it."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("main", cidr_block="10.0.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
igw = aws.ec2.InternetGateway("main", vpc_id=vpc.id)

public = aws.ec2.Subnet("public-a", vpc_id=vpc.id, cidr_block="10.0.0.0/24", availability_zone="us-east-1a")
private = aws.ec2.Subnet(
    "private-a", vpc_id=vpc.id, cidr_block="10.0.10.0/24", availability_zone="us-east-1a"
)

public_rt = aws.ec2.RouteTable(
    "public", vpc_id=vpc.id, routes=[{"cidr_block": "0.0.0.0/0", "gateway_id": igw.id}]
)
aws.ec2.RouteTableAssociation("public-a", subnet_id=public.id, route_table_id=public_rt.id)

nat_ip = aws.ec2.Eip("nat", domain="vpc")
nat = aws.ec2.NatGateway(
    "nat",
    subnet_id=public.id,
    allocation_id=nat_ip.allocation_id,
    opts=pulumi.ResourceOptions(depends_on=[igw]),
)
private_rt = aws.ec2.RouteTable(
    "private", vpc_id=vpc.id, routes=[{"cidr_block": "0.0.0.0/0", "nat_gateway_id": nat.id}]
)
aws.ec2.RouteTableAssociation("private-a", subnet_id=private.id, route_table_id=private_rt.id)

pulumi.export("privateSubnetId", private.id)
