"""An inbound Resolver endpoint with two IPs (the minimum) so the office DNS can forward to the VPC."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("hybrid", cidr_block="10.6.0.0/16", enable_dns_support=True)
subnet_a = aws.ec2.Subnet("hybrid-a", vpc_id=vpc.id, cidr_block="10.6.1.0/24", availability_zone="us-east-1a")
subnet_b = aws.ec2.Subnet("hybrid-b", vpc_id=vpc.id, cidr_block="10.6.2.0/24", availability_zone="us-east-1b")
dns_sg = aws.ec2.SecurityGroup(
    "dns",
    vpc_id=vpc.id,
    ingress=[
        {"protocol": "udp", "from_port": 53, "to_port": 53, "cidr_blocks": ["192.168.0.0/16"]},
        {"protocol": "tcp", "from_port": 53, "to_port": 53, "cidr_blocks": ["192.168.0.0/16"]},
    ],
)
endpoint = aws.route53.ResolverEndpoint(
    "inbound",
    direction="INBOUND",
    security_group_ids=[dns_sg.id],
    ip_addresses=[{"subnet_id": subnet_a.id}, {"subnet_id": subnet_b.id}],
)

pulumi.export("resolverEndpointId", endpoint.id)
