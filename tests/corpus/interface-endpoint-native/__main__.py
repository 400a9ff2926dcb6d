"""A Secrets Manager interface endpoint in two private subnets, written with pulumi_aws_native."""

import pulumi_aws_native as aws_native

vpc = aws_native.ec2.Vpc(
    "private", cidr_block="10.11.0.0/16", enable_dns_hostnames=True, enable_dns_support=True
)
a = aws_native.ec2.Subnet(
    "private-a", vpc_id=vpc.id, cidr_block="10.11.1.0/24", availability_zone="us-east-1a"
)
b = aws_native.ec2.Subnet(
    "private-b", vpc_id=vpc.id, cidr_block="10.11.2.0/24", availability_zone="us-east-1b"
)
aws_native.ec2.VpcEndpoint(
    "secretsmanager",
    vpc_id=vpc.id,
    service_name="com.amazonaws.us-east-1.secretsmanager",
    vpc_endpoint_type=aws_native.ec2.VpcEndpointType.INTERFACE,
    subnet_ids=[a.id, b.id],
    private_dns_enabled=True,
)
