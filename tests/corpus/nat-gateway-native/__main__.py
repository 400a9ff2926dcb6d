"""A public NAT gateway for a private subnet, written with pulumi_aws_native (CloudFormation types)."""

import pulumi
import pulumi_aws_native as aws_native

vpc = aws_native.ec2.Vpc("main", cidr_block="10.10.0.0/16")
igw = aws_native.ec2.InternetGateway("main")
aws_native.ec2.VpcGatewayAttachment("main", vpc_id=vpc.id, internet_gateway_id=igw.id)
public = aws_native.ec2.Subnet(
    "public-a", vpc_id=vpc.id, cidr_block="10.10.0.0/24", availability_zone="us-east-1a"
)
private = aws_native.ec2.Subnet(
    "private-a", vpc_id=vpc.id, cidr_block="10.10.10.0/24", availability_zone="us-east-1a"
)

nat_ip = aws_native.ec2.Eip("nat", domain="vpc")
nat = aws_native.ec2.NatGateway("nat", subnet_id=public.id, allocation_id=nat_ip.allocation_id)
private_rt = aws_native.ec2.RouteTable("private", vpc_id=vpc.id)
aws_native.ec2.Route(
    "private-default", route_table_id=private_rt.id, destination_cidr_block="0.0.0.0/0", nat_gateway_id=nat.id
)
aws_native.ec2.SubnetRouteTableAssociation("private-a", subnet_id=private.id, route_table_id=private_rt.id)

pulumi.export("natGatewayId", nat.id)
