"""A persistent Spot request for a c7g.xlarge queue worker in a private subnet."""

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-arm64"]}],
)

worker = aws.ec2.SpotInstanceRequest(
    "queue-worker",
    ami=ami.id,
    instance_type="c7g.xlarge",
    spot_type="persistent",
    instance_interruption_behavior="stop",
    wait_for_fulfillment=True,
    subnet_id=private_subnets.ids[0],
    associate_public_ip_address=False,
    root_block_device={"volume_type": "gp3", "volume_size": 8},
)

pulumi.export("spotRequestId", worker.id)
