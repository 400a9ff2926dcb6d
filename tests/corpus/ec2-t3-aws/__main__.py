"""A t3.medium dev box with nothing but an AMI and a type: default VPC, default root volume."""

import pulumi
import pulumi_aws as aws

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

devbox = aws.ec2.Instance("devbox", ami=ami.id, instance_type="t3.medium", tags={"Name": "devbox"})

pulumi.export("publicDns", devbox.public_dns)
