"""A Lightsail WordPress-style box: micro_3_0 bundle (1 GB, public IPv4 included)."""

import pulumi
import pulumi_aws as aws

blog = aws.lightsail.Instance(
    "blog", availability_zone="us-east-1a", blueprint_id="ubuntu_22_04", bundle_id="micro_3_0"
)

pulumi.export("ip", blog.public_ip_address)
