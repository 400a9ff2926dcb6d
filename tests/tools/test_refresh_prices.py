"""tools/refresh_prices.py offline, on small offer files written in the Price List bulk format
(tests/fixtures/offers: products by SKU, terms.OnDemand with priceDimensions; decoys beside each
product: another OS, unused reservation hours, Fargate Spot, idle IPv4, high-resolution alarms, gp2,
Route 53's second tier). The real files are downloaded; that needs internet and can't run here."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from frugal.policy.pricing.table import PRICES_FILE
from tools import refresh_prices as tool

OFFERS = Path(__file__).resolve().parents[1] / "fixtures" / "offers"
TABLE = json.loads(PRICES_FILE.read_text())


def _table(**changes: float) -> dict:
    """A copy of our table with some us-east-1 prices changed (so a refresh has something to do)."""
    data = copy.deepcopy(TABLE)
    for key, usd in changes.items():
        data["prices"][key.replace("__", ".")]["usd"] = usd
    return data


def test_every_mapped_key_is_in_the_table_and_the_families_our_stacks_use_are_mapped() -> None:
    assert set(tool.OFFERS) <= set(TABLE["prices"])
    for key in (
        "fargate.arm64.vcpu_hour",
        "fargate.arm64.gb_hour",
        "ec2.t4g.nano",
        "ebs.gp3.gb_month",
        "ipv4.public_hour",
        "route53.hosted_zone_month",
        "cloudwatch.alarm_month",
    ):
        assert key in tool.OFFERS


@pytest.mark.parametrize(
    ("key", "sku", "usd"),
    [
        ("ec2.t4g.nano", "USNANOLINUX01", 0.0042),  # not the Windows or unused-reservation SKU
        ("ebs.gp3.gb_month", "USGP3VOLUME04", 0.08),
        ("fargate.x86.vcpu_hour", "FGX86VCPU001", 0.04048),  # not Fargate Spot's
        ("fargate.arm64.gb_hour", "FGARMMEM0004", 0.00356),
        ("ipv4.public_hour", "IPV4INUSE001", 0.005),
        ("route53.hosted_zone_month", "ZONEHOSTED01", 0.5),  # the first 25 zones' tier
        ("cloudwatch.alarm_month", "CWALARMSTD01", 0.1),  # not the high-resolution alarm
    ],
)
def test_each_mapped_key_finds_its_one_product_and_price(key: str, sku: str, usd: float) -> None:
    offer = tool.OFFERS[key]
    document, url = tool.directory_loader(OFFERS)(offer, "us-east-1")
    found = tool.find_price(document, offer, "us-east-1", url)
    assert (found.sku, found.usd, found.published) == (sku, usd, "2026-11-01")
    assert found.url.startswith("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/")


def test_a_refresh_rewrites_the_price_with_its_offer_sku_and_date() -> None:
    data = _table(ec2__t4g__nano=0.005)
    data["prices"]["ebs.gp3.gb_month"]["regions"]["eu-west-1"]["usd"] = 0.09
    changes, problems = tool.refresh(
        data, tool.directory_loader(OFFERS), ["ec2.t4g.nano", "ebs.gp3.gb_month"], ["us-east-1", "eu-west-1"]
    )
    assert problems == []
    assert changes == [
        "ec2.t4g.nano us-east-1: 0.005 -> 0.0042 (SKU USNANOLINUX01)",
        "ebs.gp3.gb_month eu-west-1: 0.09 -> 0.088 (SKU EUGP3VOLUME04)",
    ]
    nano = data["prices"]["ec2.t4g.nano"]
    assert nano["usd"] == 0.0042 and nano["certainty"] == "sure" and nano["date"] == "2026-11-01"
    assert (
        nano["source"]
        == "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json"
    )
    assert "SKU USNANOLINUX01" in nano["note"]
    assert nano["unit"] == TABLE["prices"]["ec2.t4g.nano"]["unit"]  # our wording of the unit stays
    ireland = data["prices"]["ebs.gp3.gb_month"]["regions"]["eu-west-1"]
    assert ireland["usd"] == 0.088 and ireland["source"].endswith("/AmazonEC2/current/eu-west-1/index.json")


def test_what_the_offer_cant_answer_is_reported_and_left_alone() -> None:
    data = _table()
    before = copy.deepcopy(data["prices"]["ec2.t4g.micro"])
    # No t4g.micro product in the recorded offer; no eu-west-1 CloudWatch offer recorded.
    changes, problems = tool.refresh(
        data, tool.directory_loader(OFFERS), ["ec2.t4g.micro", "cloudwatch.alarm_month"], ["eu-west-1"]
    )
    assert changes == []
    assert [line.split(":")[0] for line in problems] == [
        "ec2.t4g.micro eu-west-1",
        "cloudwatch.alarm_month eu-west-1",
    ]
    assert data["prices"]["ec2.t4g.micro"] == before


def test_two_matching_products_are_an_error_not_a_pick() -> None:
    offer = tool.Offer("AmazonVPC", {"usagetype": tool.usage_type("PublicIPv4:*")}, "Hrs")
    document, url = tool.directory_loader(OFFERS)(offer, "us-east-1")
    with pytest.raises(tool.OfferError, match="2 products"):
        tool.find_price(document, offer, "us-east-1", url)


def test_the_command_writes_only_the_refreshed_entries(tmp_path: Path) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps(_table(cloudwatch__alarm_month=0.2), indent=1))
    before = prices.read_text().splitlines()
    code = tool.main(
        ["--offers", str(OFFERS), "--prices", str(prices), "--keys", "cloudwatch.alarm_month", "--write"]
    )
    assert code == 0
    after = prices.read_text().splitlines()
    changed = [line for old, line in zip(before, after, strict=False) if old != line]
    assert len(after) == len(before) and len(changed) == 5  # usd, certainty, date, source, note
    assert json.loads(prices.read_text())["prices"]["cloudwatch.alarm_month"]["usd"] == 0.1
