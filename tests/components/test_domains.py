"""CustomDomain and dns_validated_certificate: a checked name in its zone, a DNS-validated certificate."""

from __future__ import annotations

import pytest

from frugal.components import CustomDomain
from tests.components.test_api_gateway_proxy import API, STAGE, run_proxy


def test_custom_domain_uses_a_regional_certificate_and_an_alias() -> None:
    recording = run_proxy(domain=CustomDomain("API.example.com.", "example.com"))
    certificate = recording.one("aws:acm/certificate:Certificate")
    assert certificate.inputs["domainName"] == "api.example.com"
    assert certificate.inputs["validationMethod"] == "DNS"
    # The default provider: a regional API takes a certificate from its own region.
    assert certificate.provider is None or "us-east-1" not in certificate.provider.split("::")[-2]
    validation_record = recording.named("api-certificate-validation").inputs
    assert validation_record["type"] == "CNAME"
    assert validation_record["zoneId"] == "ZPREVIEW"
    issued = recording.one("aws:acm/certificateValidation:CertificateValidation").inputs
    domain = recording.one("aws:apigatewayv2/domainName:DomainName").inputs
    assert domain["domainName"] == "api.example.com"
    assert domain["domainNameConfiguration"] == {
        "certificateArn": issued["certificateArn"],
        "endpointType": "REGIONAL",
        "securityPolicy": "TLS_1_2",
    }
    mapping = recording.one("aws:apigatewayv2/apiMapping:ApiMapping").inputs
    assert mapping["stage"] == recording.one(STAGE).id
    assert mapping["apiId"] == recording.one(API).id
    alias = recording.named("api-alias").inputs
    assert (alias["name"], alias["type"], alias["zoneId"]) == ("api.example.com", "A", "ZPREVIEW")
    assert recording.stack_outputs["apiUrl"] == "https://api.example.com"
    zone_lookups = [c for c in recording.calls if c.token == "aws:route53/getZone:getZone"]
    assert [c.args["name"] for c in zone_lookups] == ["example.com"]


@pytest.mark.parametrize(
    ("domain", "zone", "message"),
    [
        ("api.example.org", "example.com", "not inside hosted zone"),
        ("notexample.com", "example.com", "not inside hosted zone"),
        ("api_x.example.com", "example.com", "not a DNS name"),
        ("api.example.com", "", "not a DNS name"),
    ],
)
def test_bad_custom_domains_are_refused(domain: str, zone: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CustomDomain(domain, zone)
