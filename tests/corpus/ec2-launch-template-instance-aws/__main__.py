"""A ClickHouse host: the launch template carries the size (r5.12xlarge, 384 GB) and a 200 GB gp3 root;
the instance only names the template and its private subnet."""

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)

analytics = aws.ec2.LaunchTemplate(
    "clickhouse",
    image_id=ami.id,
    instance_type="r5.12xlarge",
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"volume_type": "gp3", "volume_size": 200}}],
    metadata_options={"http_tokens": "required"},
)

host = aws.ec2.Instance(
    "clickhouse",
    launch_template={"id": analytics.id, "version": "$Latest"},
    subnet_id=private_subnets.ids[0],
    associate_public_ip_address=False,
    tags={"Name": "clickhouse"},
)

pulumi.export("privateIp", host.private_ip)
