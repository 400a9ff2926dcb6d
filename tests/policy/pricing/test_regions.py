"""Issue 17: prices sourced for seven more regions, each family at its region's rate."""

from __future__ import annotations

import pytest

from frugal.policy.pricing import price_table
from frugal.policy.pricing.table import lookup
from tests.policy.helpers import estimate_of, node

REGIONS = (
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-south-1",
    "sa-east-1",
    "eu-west-2",
    "eu-west-3",
    "ca-central-1",
)
# The families our stacks and tests/corpus price most, by a key of each (explicit sizes and family bases).
SOURCED = (
    "fargate.x86.vcpu_hour",
    "fargate.x86.gb_hour",
    "fargate.arm64.vcpu_hour",
    "fargate.arm64.gb_hour",
    "fargate_spot.x86.vcpu_hour",
    "fargate_spot.x86.gb_hour",
    "fargate_spot.arm64.vcpu_hour",
    "fargate_spot.arm64.gb_hour",
    "ec2.t4g.nano",
    "ec2.t4g.small",
    "ec2.t3.micro",
    "ec2.t3.small",
    "ec2.family.m5",
    "ec2.family.m6i",
    "ec2.family.r5",
    "ebs.gp2.gb_month",
    "ebs.gp3.gb_month",
    "ipv4.public_hour",
    "rds.db.t3.micro",
    "rds.db.t4g.micro",
    "rds.family.m5",
    "rds.family.r5",
    "rds.storage.gp3.gb_month",
    "elasticache.cache.t4g.micro",
    "elasticache.cache.r6g.large",
    "opensearch.t3.small.search",
    "opensearch.r6g.large.search",
    "opensearch.storage.gp3.gb_month",
)


@pytest.mark.parametrize("region", REGIONS)
def test_each_new_region_has_its_own_price_for_each_family_with_a_source(region: str):
    for key in SOURCED:
        regional = price_table()[key]["regions"][region]
        assert regional["source"].startswith("https://") and len(regional["date"]) == 10, key
        assert regional["certainty"] in ("sure", "likely", "unverified"), key
        assert lookup(key, region).region == region, key


def test_a_regional_multiplier_says_so_in_its_note():
    """ARM on demand is the region's x86 rate x 0.8 where no ARM figure was found; Spot ARM the region's
    ARM rate x its x86 Spot discount, which gives AWS's feed value in us-east-1."""
    spot_arm = price_table()["fargate_spot.arm64.vcpu_hour"]["usd"]
    assert spot_arm == pytest.approx(0.03238 * 0.01288871 / 0.04048)  # ARM on demand x x86 Spot/on demand
    for region in ("ap-southeast-2", "sa-east-1", "eu-west-3"):
        arm = price_table()["fargate.arm64.vcpu_hour"]["regions"][region]
        assert "multiplier" in arm["note"] and arm["certainty"] == "unverified"
        assert arm["usd"] == pytest.approx(0.8 * lookup("fargate.x86.vcpu_hour", region).usd)
        spot = price_table()["fargate_spot.arm64.vcpu_hour"]["regions"][region]
        assert "multiplier" in spot["note"]
        x86_discount = (
            lookup("fargate_spot.x86.vcpu_hour", region).usd / lookup("fargate.x86.vcpu_hour", region).usd
        )
        assert spot["usd"] == pytest.approx(arm["usd"] * x86_discount, rel=1e-6)
    # Mumbai's ARM rate is not 0.8 of x86 ($0.04256): it comes from its own figure.
    assert lookup("fargate.arm64.vcpu_hour", "ap-south-1").usd == 0.02383


def test_a_database_a_cache_and_a_search_domain_in_sao_paulo_cost_sao_paulo_prices():
    rds = {
        "instanceClass": "db.t4g.micro",
        "engine": "postgres",
        "allocatedStorage": 20,
        "storageType": "gp3",
    }
    db = estimate_of(node("aws:rds/instance:Instance", "db", rds, region="sa-east-1"))
    # $0.034/h and $0.219/GB-month in São Paulo (us-east-1: $0.016 and $0.115, $13.98 in all)
    assert db.monthly_usd == pytest.approx(730 * 0.034 + 20 * 0.219, abs=0.01)  # $29.20
    assert db.notes == []
    cache = estimate_of(
        node(
            "aws:elasticache/cluster:Cluster",
            "c",
            {"engine": "redis", "nodeType": "cache.t4g.medium", "numCacheNodes": 1},
            region="sa-east-1",
        )
    )
    assert cache.monthly_usd == pytest.approx(730 * 0.122, abs=0.01)  # $89.06 (us-east-1 $47.45)
    domain = estimate_of(
        node(
            "aws:opensearch/domain:Domain",
            "d",
            {
                "clusterConfig": {"instanceType": "t3.small.search", "instanceCount": 1},
                "ebsOptions": {"ebsEnabled": True, "volumeType": "gp3", "volumeSize": 10},
            },
            region="sa-east-1",
        )
    )
    assert domain.monthly_usd == pytest.approx(
        730 * 0.076 + 10 * 0.2318, abs=0.01
    )  # $57.80 (us-east-1 $27.50)
    assert cache.notes == domain.notes == []


def test_a_family_not_sourced_in_a_new_region_is_still_priced_at_us_east_1_rates_and_said():
    gateway = estimate_of(node("aws:ec2/natGateway:NatGateway", "gw", {}, region="ap-southeast-2"))
    assert gateway.monthly_usd == pytest.approx(730 * 0.045, abs=0.01)
    assert gateway.notes == [
        "ap-southeast-2: 1 price(s) not sourced for this region (nat_gateway.hour): priced at us-east-1 rates"
    ]
