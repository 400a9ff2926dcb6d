"""A reserved Elastic IP for a partner allow-list, written with pulumi_aws_native."""

import pulumi
import pulumi_aws_native as aws_native

partner_ip = aws_native.ec2.Eip(
    "partner-egress", domain="vpc", tags=[{"key": "Purpose", "value": "partner allow-list"}]
)

pulumi.export("publicIp", partner_ip.public_ip)
