"""A record in a zone someone else owns: look the zone up, add a CNAME, create no zone."""

import pulumi_aws as aws

zone = aws.route53.get_zone(name="example.com", private_zone=False)
aws.route53.Record(
    "docs",
    zone_id=zone.zone_id,
    name="docs.example.com",
    type="CNAME",
    ttl=300,
    records=["example.github.io"],
)
