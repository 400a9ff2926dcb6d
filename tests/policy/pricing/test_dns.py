"""DNS pricers: Route 53 health checks and their options, hosted zones, Cloud Map, traffic policies.

Health checks (price table): basic $0.50 (AWS endpoint) / $0.75 (non-AWS); each optional feature (HTTPS,
string matching, fast interval, latency) $1 / $2."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node

CHECK = "aws:route53/healthCheck:HealthCheck"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"type": "HTTP", "fqdn": "partner.example.org"}, 0.75),
        ({"type": "HTTPS", "fqdn": "partner.example.org"}, 0.75 + 2),
        ({"type": "HTTPS_STR_MATCH", "fqdn": "partner.example.org", "searchString": "ok"}, 0.75 + 2 * 2),
        (
            {"type": "TCP", "ipAddress": "203.0.113.7", "requestInterval": 10, "measureLatency": True},
            0.75 + 2 * 2,
        ),
        ({"type": "HTTP", "fqdn": "my-alb-1.us-east-1.elb.amazonaws.com"}, 0.50),
        ({"type": "HTTPS_STR_MATCH", "fqdn": "d111.cloudfront.net", "requestInterval": 10}, 0.50 + 3 * 1),
        ({"type": "CALCULATED", "childHealthchecks": ["a", "b"]}, 0.50),
        ({"type": "CLOUDWATCH_METRIC", "cloudwatchAlarmName": "alarm"}, 0.50),
    ],
)
def test_health_checks_are_priced_by_endpoint_and_optional_features(props: dict, expected: float):
    result = estimate_of(node(CHECK, "hc", props))
    assert result.unpriced == [] and len(result.items) == 1
    assert result.items[0].monthly_usd == pytest.approx(expected)


def test_a_health_check_on_an_address_of_this_stack_is_an_aws_endpoint():
    eip = node("aws:ec2/eip:Eip", "ip", {})
    check = node(CHECK, "hc", {"type": "HTTPS", "ipAddress": UNKNOWN}, {"ipAddress": [eip]})
    item = next(i for i in estimate_of(eip, check).items if i.type == CHECK)
    assert item.monthly_usd == pytest.approx(0.50 + 1) and "AWS resource of this stack" in item.basis
    assert not item.upper_bound


def test_unknown_endpoints_and_options_are_priced_at_the_higher_rate_as_an_upper_bound():
    item = estimate_of(node(CHECK, "hc", {"type": "HTTP", "fqdn": UNKNOWN, "measureLatency": UNKNOWN})).items[
        0
    ]
    assert item.monthly_usd == pytest.approx(0.75 + 2) and item.upper_bound
    assert item.basis.startswith("at most")
    assert estimate_of(node(CHECK, "hc", {"type": UNKNOWN})).unpriced[0].cause == "unknown"


def test_the_aws_native_health_check_and_hosted_zone_are_priced_like_their_twins():
    result = estimate_of(
        node(
            "aws-native:route53:HealthCheck",
            "hc",
            {"healthCheckConfig": {"type": "HTTPS", "fullyQualifiedDomainName": "partner.example.org"}},
        ),
        node("aws-native:route53:HostedZone", "zone", {"name": "example.org"}),
    )
    assert [round(i.monthly_usd, 2) for i in result.items] == [2.75, 0.50]


def test_cloud_map_instances_and_native_namespaces_and_services():
    result = estimate_of(
        node("aws:servicediscovery/instance:Instance", "i", {"instanceId": "i-1", "serviceId": "srv"}),
        node("aws-native:servicediscovery:Instance", "n", {"instanceId": "i-2", "serviceId": "srv"}),
        node("aws-native:servicediscovery:PrivateDnsNamespace", "ns", {"name": "internal", "vpc": "v"}),
        node(
            "aws-native:servicediscovery:Service", "svc", {"healthCheckCustomConfig": {"failureThreshold": 1}}
        ),
    )
    assert [round(i.monthly_usd, 2) for i in result.items] == [0.10, 0.10, 0.50]
    assert [u.type for u in result.usage_priced] == ["aws-native:servicediscovery:Service"]


def test_traffic_policy_records_fail_closed_without_a_sourced_price():
    result = estimate_of(node("aws:route53/trafficPolicyInstance:TrafficPolicyInstance", "tp", {"name": "x"}))
    assert result.items == [] and result.unpriced[0].cause == "no-price"
    assert "route53.traffic_policy_record_month" in result.unpriced[0].reason
