"""ssm, ssmmessages and ec2messages interface endpoints, so private instances work with Session Manager."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("private", cidr_block="10.1.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
subnet = aws.ec2.Subnet("private-a", vpc_id=vpc.id, cidr_block="10.1.1.0/24", availability_zone="us-east-1a")
endpoint_sg = aws.ec2.SecurityGroup(
    "endpoints",
    vpc_id=vpc.id,
    ingress=[{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.1.0.0/16"]}],
)

for service in ("ssm", "ssmmessages", "ec2messages"):
    aws.ec2.VpcEndpoint(
        service,
        vpc_id=vpc.id,
        service_name=f"com.amazonaws.us-east-1.{service}",
        vpc_endpoint_type="Interface",
        subnet_ids=[subnet.id],
        security_group_ids=[endpoint_sg.id],
        private_dns_enabled=True,
    )

pulumi.export("vpcId", vpc.id)
