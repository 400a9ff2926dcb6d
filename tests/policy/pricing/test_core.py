"""The estimate fails closed: what it can't price, classify or see into is listed, never a silent $0."""

from __future__ import annotations

import pytest

from frugal.policy.graph import StackGraph
from frugal.policy.pricing import HANDLERS, estimate, price_table
from frugal.policy.pricing.core import Pricing
from tests.policy.helpers import estimate_of, node


def test_free_usage_and_priced_types_land_in_their_lists():
    result = estimate_of(
        node("aws:apigatewayv2/api:Api", "api", {}),
        node("aws:ec2/vpc:Vpc", "vpc", {}),
        node("aws:iam/role:Role", "role", {}),
        node("aws:dynamodb/table:Table", "t", {"billingMode": "PAY_PER_REQUEST"}),
        node("random:index/randomPassword:RandomPassword", "pw", {}),
    )
    assert result.items == [] and result.unpriced == [] and result.monthly_usd == 0
    assert {u.type for u in result.usage_priced} == {"aws:apigatewayv2/api:Api", "aws:dynamodb/table:Table"}
    assert len(result.free) == 3


def test_hourly_types_without_a_pricer_other_providers_and_templates_fail_closed():
    result = estimate_of(
        node("aws:kendra/index:Index", "search", {"edition": "DEVELOPER_EDITION"}),
        node("gcp:compute/instance:Instance", "vm", {}),
        node("aws:cloudformation/stack:Stack", "cfn", {"templateUrl": "https://example.com/t.json"}),
        node("aws-native:cloudformation:Stack", "cfn2", {"templateUrl": "https://example.com/t.json"}),
    )
    assert result.items == []
    causes = {u.type: u.cause for u in result.unpriced}
    assert causes == {
        "aws:kendra/index:Index": "no-price",
        "gcp:compute/instance:Instance": "unclassified",
        "aws:cloudformation/stack:Stack": "opaque",
        "aws-native:cloudformation:Stack": "opaque",
    }
    assert "no pricer prices it yet" in next(u.reason for u in result.unpriced if u.cause == "no-price")


def test_a_remote_component_without_children_is_opaque_and_with_them_is_priced_through_them():
    """Offline, awsx builds nothing; with the real CLI the engine analyzes what awsx.ec2.Vpc() creates."""
    opaque = estimate_of(node("awsx:ec2:Vpc", "vpc", {}))
    assert opaque.unpriced[0].cause == "opaque"
    assert "built by the awsx plugin" in opaque.unpriced[0].reason
    assert "pulumi preview --policy-pack policy" in opaque.unpriced[0].reason
    vpc = node("awsx:ec2:Vpc", "vpc", {})
    children = [
        node("aws:ec2/vpc:Vpc", "vpc", {"cidrBlock": "10.0.0.0/16"}, parent=vpc),
        *(node("aws:ec2/eip:Eip", f"vpc-{az}", {"domain": "vpc"}, parent=vpc) for az in "abc"),
        *(node("aws:ec2/natGateway:NatGateway", f"vpc-{az}", {"subnetId": "s"}, parent=vpc) for az in "abc"),
    ]
    expanded = estimate_of(vpc, *children)
    assert expanded.unpriced == []
    assert expanded.monthly_usd == pytest.approx(3 * (32.85 + 3.65), abs=0.01)
    assert any("awsx component: its children are priced one by one" in f.note for f in expanded.free)


def test_a_local_component_is_free_when_it_has_children_and_unclassified_when_it_has_none():
    network = node("acme:infra:Network", "net", {})
    child = node("aws:ec2/vpc:Vpc", "vpc", {}, parent=network)
    assert estimate_of(network, child).unpriced == []
    assert estimate_of(network).unpriced[0].cause == "unclassified"


def test_a_failing_pricer_is_listed_with_its_error_and_the_rest_still_priced(monkeypatch: pytest.MonkeyPatch):
    def broken(resource, pricing: Pricing) -> None:
        raise AttributeError("no such thing")

    broken.__module__ = HANDLERS["aws:ec2/eip:Eip"].__module__
    monkeypatch.setitem(HANDLERS, "aws:ec2/eip:Eip", broken)
    odd = node("aws:ec2/eip:Eip", "ip", {})
    result = estimate_of(odd, node("aws:kms/key:Key", "key", {}))
    assert [(u.urn, u.reason) for u in result.unpriced] == [
        (odd.urn, "unreadable properties (AttributeError: no such thing)")
    ]
    assert result.monthly_usd == pytest.approx(1.00)


def test_daily_and_biggest():
    result = estimate_of(node("aws:ec2/natGateway:NatGateway", "gw", {}), node("aws:ec2/eip:Eip", "ip", {}))
    assert result.daily_usd() == pytest.approx(result.monthly_usd * 24 / 730)
    assert result.biggest(1)[0].monthly_usd == pytest.approx(32.85, abs=0.005)


def test_regions_use_their_sourced_prices_and_say_where_none_are_sourced():
    frankfurt = estimate_of(node("aws:ec2/natGateway:NatGateway", "gw", {}, region="eu-central-1"))
    sourced = price_table()["nat_gateway.hour"]["regions"]["eu-central-1"]
    rate = sourced["usd"] if isinstance(sourced, dict) else sourced
    assert frankfurt.monthly_usd == pytest.approx(730 * rate, abs=0.01) and frankfurt.notes == []
    elsewhere = estimate_of(node("aws:ec2/natGateway:NatGateway", "gw", {}, region="ap-southeast-7"))
    assert elsewhere.monthly_usd == pytest.approx(32.85, abs=0.01)
    assert elsewhere.notes == [
        "ap-southeast-7: 1 price(s) not sourced for this region (nat_gateway.hour): priced at us-east-1 rates"
    ]
    assert elsewhere.items[0].basis.endswith(
        "at us-east-1 rates (nat_gateway.hour not sourced for ap-southeast-7)"
    )
    # A global price is the same everywhere: no caveat.
    zone = estimate_of(node("aws:route53/zone:Zone", "z", {}, region="ap-southeast-7"))
    assert zone.notes == [] and "us-east-1 rates" not in zone.items[0].basis
    default = estimate_of(node("aws:ec2/natGateway:NatGateway", "gw", {}), region="eu-central-1")
    assert default.monthly_usd == pytest.approx(frankfurt.monthly_usd)


def test_price_table_lines_have_a_source_a_date_and_a_certainty():
    for key, entry in price_table().items():
        assert entry["source"].startswith("https://"), key
        assert len(entry["date"]) == 10, key
        assert entry["certainty"] in ("sure", "likely", "unverified"), key
        assert entry["usd"] >= 0 and entry["unit"], key
        if "account_free_units" in entry:
            assert entry["account_free_units"] > 0 and "free" in entry["unit"], key
        for region, regional in (entry.get("regions") or {}).items():
            usd = regional["usd"] if isinstance(regional, dict) else regional
            assert usd >= 0, (key, region)


def test_a_resources_own_region_wins_over_its_providers():
    """pulumi-aws 7 takes `region` on each resource."""
    gateway = node("aws:ec2/natGateway:NatGateway", "gw", {"region": "eu-central-1"}, region="us-east-1")
    frankfurt = price_table()["nat_gateway.hour"]["regions"]["eu-central-1"]
    rate = frankfurt["usd"] if isinstance(frankfurt, dict) else frankfurt
    assert estimate_of(gateway).monthly_usd == pytest.approx(730 * rate, abs=0.01)


def test_free_tier_allowances_are_credited_against_their_lines_and_said():
    alarms = [node("aws:cloudwatch/metricAlarm:MetricAlarm", f"a{n}", {"period": 60}) for n in range(12)]
    listed = estimate_of(*alarms)
    assert listed.monthly_usd == pytest.approx(1.20)
    allowed = estimate(StackGraph(alarms), free_tier={"cloudwatch.alarm_month": 10})
    assert allowed.monthly_usd == pytest.approx(0.20)
    assert "1 of the account's free tier (cloudwatch.alarm_month: 10 a month)" in allowed.items[0].basis
    assert allowed.items[-1].monthly_usd == pytest.approx(0.10) and "free tier" not in allowed.items[-1].basis
    # Listed at list price, the estimate says what free tier it leaves uncounted; counted, it doesn't.
    assert any("cloudwatch.alarm_month at list price" in note for note in listed.notes)
    assert not any("cloudwatch.alarm_month" in note for note in allowed.notes)
