"""Two Lightsail static IPs, reserved for a blue/green cutover; neither is attached yet."""

import pulumi
import pulumi_aws as aws

blue = aws.lightsail.StaticIp("blue")
green = aws.lightsail.StaticIp("green")

pulumi.export("addresses", [blue.ip_address, green.ip_address])
