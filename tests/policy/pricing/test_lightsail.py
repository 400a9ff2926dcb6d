"""Lightsail pricers: bundles by id, load balancers, static IPs (free while attached), and the types whose
prices the table lacks (they fail closed)."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node

IP = "aws:lightsail/staticIp:StaticIp"
ATTACH = "aws:lightsail/staticIpAttachment:StaticIpAttachment"


@pytest.mark.parametrize(
    ("type_", "props", "expected"),
    [
        ("aws:lightsail/instance:Instance", {"bundleId": "nano_3_0"}, 5.0),
        ("aws:lightsail/instance:Instance", {"bundleId": "xlarge_3_0"}, 84.0),
        ("aws:lightsail/instance:Instance", {"bundleId": "medium_win_3_0"}, 44.0),
        ("aws-native:lightsail:Instance", {"bundleId": "micro_3_0", "instanceName": "blog"}, 7.0),
        ("aws:lightsail/database:Database", {"bundleId": "small_ha_2_0"}, 60.0),
        ("aws-native:lightsail:Database", {"relationalDatabaseBundleId": "micro_2_0"}, 15.0),
        ("aws:lightsail/bucket:Bucket", {"bundleId": "medium_1_0"}, 3.0),
        ("aws-native:lightsail:Bucket", {"bundleId": "small_1_0", "bucketName": "b"}, 1.0),
        ("aws:lightsail/distribution:Distribution", {"bundleId": "small_1_0"}, 2.5),
        ("aws:lightsail/lb:Lb", {"instancePort": 80}, 18.0),
        ("aws-native:lightsail:LoadBalancer", {"instancePort": 80, "loadBalancerName": "lb"}, 18.0),
    ],
)
def test_bundles_are_priced_by_id(type_: str, props: dict, expected: float):
    result = estimate_of(node(type_, "x", props))
    assert result.unpriced == [] and [i.monthly_usd for i in result.items] == [expected]


@pytest.mark.parametrize(
    ("type_", "props", "missing"),
    [
        ("aws:lightsail/instance:Instance", {"bundleId": "nano_ipv6_3_0"}, "lightsail.bundle.nano_ipv6_3_0"),
        (
            "aws:lightsail/distribution:Distribution",
            {"bundleId": "large_1_0"},
            "distribution_bundle.large_1_0",
        ),
        (
            "aws:lightsail/containerService:ContainerService",
            {"power": "micro", "scale": 2},
            "container_power",
        ),
        ("aws-native:lightsail:Container", {"power": "nano", "scale": 1}, "container_power.nano"),
        ("aws:lightsail/disk:Disk", {"sizeInGb": 32}, "lightsail.disk.gb_month"),
    ],
)
def test_bundles_and_plans_without_a_price_fail_closed(type_: str, props: dict, missing: str):
    result = estimate_of(node(type_, "x", props))
    assert result.items == [] and result.unpriced[0].cause == "no-price"
    assert missing in result.unpriced[0].reason


def test_an_unknown_bundle_is_unpriced():
    result = estimate_of(node("aws:lightsail/instance:Instance", "x", {"bundleId": UNKNOWN}))
    assert result.unpriced[0].cause == "unknown"


def test_static_ips_are_free_while_attached_and_billed_by_the_hour_when_not():
    attached = node(IP, "blue", {"name": "blue"})
    loose = node(IP, "green", {"name": "green"})
    attachment = node(ATTACH, "blue-web", {"staticIpName": "blue", "instanceName": "web"})
    result = estimate_of(attached, loose, attachment)
    assert [(i.urn, round(i.monthly_usd, 2)) for i in result.items] == [(loose.urn, 3.65)]
    assert not result.items[0].upper_bound
    assert attached.urn in {f.urn for f in result.free}
    # The attachment names its address through the engine's dependency, the name still unknown.
    linked = node(ATTACH, "green-web", {"staticIpName": UNKNOWN}, {"staticIpName": [loose]})
    assert estimate_of(loose, linked).items == []
    native = estimate_of(
        node("aws-native:lightsail:StaticIp", "ip", {"attachedTo": "web", "staticIpName": "ip"})
    )
    assert native.items == [] and "attached to web" in native.free[0].note


def test_an_attachment_that_can_not_be_linked_makes_a_loose_static_ip_an_upper_bound():
    loose = node(IP, "green", {"name": "green"})
    opaque = node(ATTACH, "someone", {"staticIpName": UNKNOWN})
    item = estimate_of(loose, opaque).items[0]
    assert item.upper_bound and item.monthly_usd == pytest.approx(3.65)
