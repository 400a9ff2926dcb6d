"""Custom domains for the edge components: a name in a Route 53 zone you own, and its ACM certificate.

`ApiGatewayProxy` (a regional certificate) and `StaticSite` (CloudFront only takes us-east-1
certificates) both use these; neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from frugal.aws_limits import is_dns_name, is_in_zone


@dataclass(frozen=True)
class CustomDomain:
    """A domain name in a public Route 53 hosted zone that already exists (zone `example.com`)."""

    domain_name: str
    """The name to serve, e.g. `api.example.com`; normalized to lower case without a trailing dot."""
    hosted_zone: str
    """The public hosted zone it lives in, e.g. `example.com` (looked up, never created)."""

    def __post_init__(self) -> None:
        domain = self.domain_name.rstrip(".").lower()
        zone = self.hosted_zone.rstrip(".").lower()
        for label, value in (("domain", domain), ("hosted zone", zone)):
            if not is_dns_name(value):
                raise ValueError(f"custom {label} {value!r} is not a DNS name like 'app.example.com'")
        if not is_in_zone(domain, zone):
            raise ValueError(f"custom domain {domain!r} is not inside hosted zone {zone!r}")
        object.__setattr__(self, "domain_name", domain)
        object.__setattr__(self, "hosted_zone", zone)


def public_zone_id(domain: CustomDomain, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the domain's public hosted zone."""
    return aws.route53.get_zone_output(
        name=domain.hosted_zone, private_zone=False, opts=pulumi.InvokeOutputOptions(parent=parent)
    ).zone_id


def dns_validated_certificate(
    name: str,
    domain: CustomDomain,
    zone_id: pulumi.Input[str],
    *,
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource | None = None,
) -> pulumi.Output[str]:
    """An ACM certificate validated through a Route 53 record; returns the ARN once it is issued.

    `provider` picks the certificate's region (CloudFront only accepts us-east-1 certificates); the
    validation record is global DNS and uses the default provider.
    """
    certificate = aws.acm.Certificate(
        f"{name}-certificate",
        domain_name=domain.domain_name,
        validation_method="DNS",
        opts=pulumi.ResourceOptions(parent=parent, provider=provider),
    )
    option = certificate.domain_validation_options[0]
    record = aws.route53.Record(
        f"{name}-certificate-validation",
        zone_id=zone_id,
        name=option.resource_record_name,
        type=option.resource_record_type,
        records=[option.resource_record_value],
        ttl=60,
        # ACM reuses the same record name for a re-issued certificate of the same domain.
        allow_overwrite=True,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    validation = aws.acm.CertificateValidation(
        f"{name}-certificate-issued",
        certificate_arn=certificate.arn,
        validation_record_fqdns=[record.fqdn],
        opts=pulumi.ResourceOptions(parent=parent, provider=provider),
    )
    return validation.certificate_arn
