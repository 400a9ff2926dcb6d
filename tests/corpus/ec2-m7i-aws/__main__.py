"""An m7i.large app server with a 30 GB gp3 root volume, launched into the default VPC."""

import pulumi
import pulumi_aws as aws

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

server = aws.ec2.Instance(
    "app",
    ami=ami.id,
    instance_type="m7i.large",
    root_block_device={"volume_type": "gp3", "volume_size": 30},
    tags={"Name": "app"},
)

pulumi.export("publicIp", server.public_ip)
