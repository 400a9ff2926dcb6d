"""A white-label setup: one public hosted zone per customer domain (10 customers)."""

import pulumi
import pulumi_aws as aws

customers = [
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "wonka",
    "tyrell",
    "cyberdyne",
]
zones = {name: aws.route53.Zone(name, name=f"{name}.example.net") for name in customers}

pulumi.export("nameServers", {name: zone.name_servers for name, zone in zones.items()})
