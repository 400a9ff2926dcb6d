"""Price text comes from the table: a basis or note states the rate the table holds where the resource
runs, never an amount written into a pricer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from frugal.policy import pricing
from frugal.policy.pricing.classify import entries
from frugal.policy.pricing.table import lookup, price_table, unit_text
from tests.policy.helpers import estimate_of, node

PRICERS = Path(pricing.__file__).parent
DOLLARS = re.compile(r"\$\d")


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for owner in [tree, *ast.walk(tree)]:
        body = getattr(owner, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def test_no_pricer_writes_a_dollar_amount_into_its_text() -> None:
    # Every string a pricer builds (bases, usage, free and unpriced notes); docstrings and comments
    # explain and may quote prices.
    literals = []
    for path in sorted(PRICERS.glob("*.py")):
        tree = ast.parse(path.read_text())
        docs = _docstrings(tree)
        for constant in ast.walk(tree):
            if (
                isinstance(constant, ast.Constant)
                and isinstance(constant.value, str)
                and id(constant) not in docs
                and DOLLARS.search(constant.value)
            ):
                literals.append(f"{path.name}:{constant.lineno}: {constant.value!r}")
    assert literals == []


def _nat_gateway(region: str):
    result = estimate_of(node("aws:ec2/natGateway:NatGateway", "nat", {}, region=region))
    (item,) = result.items
    return item


def test_a_line_priced_in_another_region_states_that_regions_rate() -> None:
    home, ireland = _nat_gateway("us-east-1"), _nat_gateway("eu-west-1")
    home_rate, ireland_rate = lookup("nat_gateway.gb", "us-east-1"), lookup("nat_gateway.gb", "eu-west-1")
    assert ireland_rate.region == "eu-west-1" and ireland_rate.usd != home_rate.usd  # the table has both
    assert f"+ ${home_rate.usd:.3f} per GB processed (usage)" in home.basis
    assert f"+ ${ireland_rate.usd:.3f} per GB processed (usage)" in ireland.basis
    assert f"${home_rate.usd:.3f}" not in ireland.basis


def test_a_rate_not_sourced_for_the_region_says_whose_it_is() -> None:
    result = estimate_of(
        node("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "a", {}, region="ap-southeast-2")
    )
    (item,) = result.items
    rate = lookup("tgw.gb", "ap-southeast-2")
    assert rate.region == "us-east-1"
    assert (
        f"${rate.usd:.2f} per GB processed by Transit Gateway "
        "(us-east-1 rate: none sourced for ap-southeast-2)" in item.basis
    )


def test_every_dollar_figure_in_an_estimates_text_is_a_rate_the_table_holds_there() -> None:
    # WAF, Client VPN, a classic ELB, Cloud Map, a private CA of unknown mode, an HSM-less cluster:
    # lines, usage notes, free notes and unpriced reasons that quote rates, priced in Frankfurt.
    region = "eu-central-1"
    result = estimate_of(
        node("aws:wafv2/webAcl:WebAcl", "acl", {"scope": "REGIONAL", "rules": []}, region=region),
        node("aws:ec2clientvpn/networkAssociation:NetworkAssociation", "vpn", {}, region=region),
        node("aws:elb/loadBalancer:LoadBalancer", "clb", {"internal": True, "subnets": ["a"]}, region=region),
        node("aws:servicediscovery/service:Service", "svc", {}, region=region),
        node(
            "aws:acmpca/certificateAuthority:CertificateAuthority",
            "ca",
            {"usageMode": UNKNOWN},
            region=region,
        ),
        node("aws-native:cloudhsm:Cluster", "hsm", {}, region=region),
    )
    texts = (
        [i.basis for i in result.items]
        + [u.note for u in result.usage_priced]
        + [f.note for f in result.free]
        + [u.reason for u in result.unpriced]
    )
    rates = {f"{lookup(key, region).usd:g}" for key in price_table()}
    quoted = [(text, float(amount)) for text in texts for amount in re.findall(r"\$(\d+(?:\.\d+)?)", text)]
    assert len(quoted) >= 6, texts
    assert [q for q in quoted if f"{q[1]:g}" not in rates] == []


def test_a_units_asides_stay_in_the_table() -> None:
    assert unit_text("vpc_endpoint.interface_az_hour") == "endpoint-AZ-hour"  # not "(+ $0.01/GB)"
    assert (
        unit_text("cloudmap.registered_instance_month")
        == "Cloud Map registered resource (service instance)-month"
    )


def test_the_classification_states_no_price() -> None:
    # How AWS bills a type (free, usage, priced by which pricer) lives there; amounts only in prices.json.
    types, patterns = entries()
    raw = [*types.values(), *patterns]
    assert [e for e in raw if "price" in e] == []
    assert [e for e in raw if any(DOLLARS.search(str(value)) for value in e.values())] == []
