"""A standard Global Accelerator with a TCP listener; endpoints are added by the app team later."""

import pulumi
import pulumi_aws as aws

accelerator = aws.globalaccelerator.Accelerator("edge", ip_address_type="IPV4", enabled=True)
listener = aws.globalaccelerator.Listener(
    "tcp", accelerator_arn=accelerator.arn, protocol="TCP", port_ranges=[{"from_port": 443, "to_port": 443}]
)
aws.globalaccelerator.EndpointGroup("us-east-1", listener_arn=listener.arn, endpoint_group_region="us-east-1")

pulumi.export("dnsName", accelerator.dns_name)
