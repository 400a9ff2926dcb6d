"""A c7g.xlarge CI runner in the shared VPC's private subnet; no public address."""

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-arm64"]}],
)

runner = aws.ec2.Instance(
    "ci-runner",
    ami=ami.id,
    instance_type="c7g.xlarge",
    subnet_id=private_subnets.ids[0],
    associate_public_ip_address=False,
    root_block_device={"volume_type": "gp3", "volume_size": 50},
    tags={"Name": "ci-runner"},
)

pulumi.export("privateIp", runner.private_ip)
