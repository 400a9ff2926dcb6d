"""Windows auth for a lift-and-shift: AWS Managed Microsoft AD, Standard edition, in two subnets."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

vpc = aws.ec2.Vpc("corp", cidr_block="10.9.0.0/16")
a = aws.ec2.Subnet("corp-a", vpc_id=vpc.id, cidr_block="10.9.1.0/24", availability_zone="us-east-1a")
b = aws.ec2.Subnet("corp-b", vpc_id=vpc.id, cidr_block="10.9.2.0/24", availability_zone="us-east-1b")
password = random.RandomPassword(
    "ad-admin", length=24, min_upper=1, min_lower=1, min_numeric=1, min_special=1
)
directory = aws.directoryservice.Directory(
    "corp",
    name="corp.example.com",
    password=password.result,
    type="MicrosoftAD",
    edition="Standard",
    vpc_settings={"vpc_id": vpc.id, "subnet_ids": [a.id, b.id]},
)

pulumi.export("dnsIps", directory.dns_ip_addresses)
