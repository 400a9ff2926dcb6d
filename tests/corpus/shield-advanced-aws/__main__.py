"""DDoS protection for the public entry point: a Shield Advanced subscription and a protected EIP."""

import pulumi_aws as aws

aws.shield.Subscription("account", auto_renew="ENABLED")
caller = aws.get_caller_identity()
entry = aws.ec2.get_elastic_ip(filters=[{"name": "tag:Name", "values": ["public-entry"]}])
aws.shield.Protection(
    "public-entry",
    name="public-entry",
    resource_arn=f"arn:aws:ec2:us-east-1:{caller.account_id}:eip-allocation/{entry.id}",
)
