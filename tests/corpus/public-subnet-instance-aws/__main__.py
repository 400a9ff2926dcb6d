"""A bastion host: t4g.nano in a public subnet with mapPublicIpOnLaunch, so it gets a public IPv4."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("ops", cidr_block="10.7.0.0/16")
igw = aws.ec2.InternetGateway("ops", vpc_id=vpc.id)
public = aws.ec2.Subnet(
    "public-a",
    vpc_id=vpc.id,
    cidr_block="10.7.0.0/24",
    availability_zone="us-east-1a",
    map_public_ip_on_launch=True,
)
rt = aws.ec2.RouteTable("public", vpc_id=vpc.id, routes=[{"cidr_block": "0.0.0.0/0", "gateway_id": igw.id}])
aws.ec2.RouteTableAssociation("public-a", subnet_id=public.id, route_table_id=rt.id)

ami = aws.ssm.get_parameter(name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")
ssh = aws.ec2.SecurityGroup(
    "bastion",
    vpc_id=vpc.id,
    ingress=[{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["203.0.113.0/24"]}],
    egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
)
bastion = aws.ec2.Instance(
    "bastion",
    ami=ami.value,
    instance_type="t4g.nano",
    subnet_id=public.id,
    vpc_security_group_ids=[ssh.id],
    root_block_device={"volume_type": "gp3", "volume_size": 8},
)

pulumi.export("bastionIp", bastion.public_ip)
