"""A reserved Elastic IP, kept so a partner can allow-list it before anything is attached."""

import pulumi
import pulumi_aws as aws

partner_ip = aws.ec2.Eip("partner-egress", domain="vpc", tags={"Purpose": "partner allow-list"})

pulumi.export("publicIp", partner_ip.public_ip)
