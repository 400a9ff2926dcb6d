"""Whole stacks: the real program under the recording mocks, as an existing stack and as a first preview."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from frugal.mocks import run_program
from frugal.policy.checks.budget import rule_bounds
from frugal.policy.framework import configure
from frugal.policy.graph import StackGraph
from frugal.policy.pricing import CostEstimate, estimate
from frugal.stack_files import load_stack_config
from tests.policy.helpers import policy_resources

REPO = Path(__file__).resolve().parents[3]


def stack_estimate(
    stack: str, overrides: dict[str, str] | None = None, *, new_stack: bool = False, free_tier: bool = False
) -> CostEstimate:
    """At list price, or with the free tier the stack's monthly-budget config counts on (`free_tier`)."""
    loaded = load_stack_config(REPO, stack)
    recording = run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py"), run_name="__main__"),
        project=loaded.project,
        stack=loaded.stack,
        config={**loaded.config, **(overrides or {})},
        secret_keys=loaded.secret_keys,
        new_stack=new_stack,
    )
    config = json.loads((REPO / "policy" / "config" / f"{stack}.json").read_text())
    configure(
        {
            name: (entry.get("enforcementLevel", "mandatory"), entry)
            for name, entry in config.items()
            if name != "all"
        }
    )
    graph = StackGraph.from_policy_resources(policy_resources(recording))
    claimed = config["monthly-budget"].get("freeTier") if free_tier else None
    return estimate(graph, rule_bounds(), "us-east-1", claimed)


@pytest.fixture(scope="module", params=[False, True], ids=["existing-stack", "new-stack"])
def dev(request: pytest.FixtureRequest) -> CostEstimate:
    return stack_estimate("dev", new_stack=request.param)


# The NAT instance's two status-check alarms (issue 11, the only alarms dev creates): $0.10 each at list.
DEV_ALARMS_USD = 0.20
# prod's alarms: the NAT's two, the API's 5xx rate (2 alarm metrics) and the running tasks.
PROD_ALARMS_USD = 0.50
# prod's CPU target tracking makes 2 more alarms ($0.20), priced on its scaling policy.
PROD_TRACKING_USD = 0.20
# Issue 17: the tasks run on arm64. Fargate Spot ARM (us-east-1, AWS's Spot feed of 2026-09-28) is
# $0.01030969 per vCPU-hour and $0.00113349 per GB-hour; on demand ARM $0.03238 and $0.00356.
ARM_SPOT_DEV_HOUR = 0.25 * 0.01030969 + 0.5 * 0.00113349  # 0.25 vCPU / 0.5 GB: $0.0031442
X86_SPOT_DEV_HOUR = 0.25 * 0.01218784 + 0.5 * 0.00133831  # what dev ran before: $0.0037161
ARM_PROD_HOUR = 0.5 * 0.03238 + 1 * 0.00356  # 0.5 vCPU / 1 GB on demand: $0.01975
ARM_SPOT_PROD_HOUR = 0.5 * 0.01030969 + 1 * 0.00113349  # $0.0062883
# dev before issue 17: $4.26 without alarms, of which the x86 Spot task 239 h = $0.89.
DEV_USD = 4.26 - 239 * X86_SPOT_DEV_HOUR + 239 * ARM_SPOT_DEV_HOUR  # $4.12
# prod before issue 17: $31.50 without alarms, of which the x86 tasks 730 h = $18.02 + $5.43.
PROD_USD = 31.50 - 18.02 - 5.43 + 730 * (ARM_PROD_HOUR + ARM_SPOT_PROD_HOUR)  # $27.06


def test_dev_meets_the_goal_with_every_resource_accounted_for(dev: CostEstimate):
    assert dev.monthly_usd == pytest.approx(DEV_USD + DEV_ALARMS_USD, abs=0.005)  # $4.32 at list
    assert dev.monthly_usd <= 4.50
    assert dev.unpriced == [] and not dev.upper_bound
    spot = [i for i in dev.items if "Spot" in i.basis]
    assert len(spot) == 1 and spot[0].basis == "0.25 vCPU/0.5 GB Spot ARM, 239.0 h/month (schedule)"
    assert spot[0].monthly_usd == pytest.approx(239 * ARM_SPOT_DEV_HOUR, abs=0.005)  # $0.75 (x86: $0.89)
    nat = [i for i in dev.items if "NAT instance" in i.basis and "volume" not in i.basis]
    assert len(nat) == 2  # the instance and its address, both only while running
    assert all("(stopped on a schedule)" in i.basis or "released while stopped" in i.basis for i in nat)
    assert not [i for i in dev.items if "IPv4 on task" in i.basis]


def test_prod_costs_the_same_in_both_previews_and_is_under_half_the_alb_way():
    existing, first = stack_estimate("prod"), stack_estimate("prod", new_stack=True)
    assert existing.monthly_usd == first.monthly_usd == pytest.approx(PROD_USD + PROD_ALARMS_USD, abs=0.005)
    tasks = sorted(i.monthly_usd for i in existing.items if "vCPU" in i.basis)
    assert tasks == [
        pytest.approx(730 * ARM_SPOT_PROD_HOUR, abs=0.005),  # $4.59
        pytest.approx(730 * ARM_PROD_HOUR, abs=0.005),  # $14.42
    ]
    # Registration order differs when outputs resolve differently; the lines don't.
    assert sorted((i.urn, i.monthly_usd, i.basis) for i in existing.items) == sorted(
        (i.urn, i.monthly_usd, i.basis) for i in first.items
    )
    assert existing.unpriced == first.unpriced == []
    # The same service the old way (README): 2 on-demand tasks with public IPs behind an internet-facing ALB.
    assert existing.monthly_usd <= 67.07 / 2


def test_each_stack_counts_its_alarms_against_the_free_tier_its_config_claims():
    """Issue 17: dev claims 3 of the account's 10 free alarm metrics and prod 7: both fit in one account."""
    claims = [
        json.loads((REPO / "policy" / "config" / f"{stack}.json").read_text())["monthly-budget"]["freeTier"]
        for stack in ("dev", "prod")
    ]
    assert sum(claim["cloudwatch.alarm_month"] for claim in claims) <= 10
    dev = stack_estimate("dev", free_tier=True)
    assert dev.monthly_usd == pytest.approx(DEV_USD, abs=0.005)  # $4.12: the NAT's 2 alarms in the free tier
    prod = stack_estimate("prod", free_tier=True)
    # $26.86: all 7 alarm metrics (its own 5, tracking's 2) in the free tier; 0.40 of the ALB way's $67.07.
    assert prod.monthly_usd == pytest.approx(PROD_USD - PROD_TRACKING_USD, abs=0.005)
    assert prod.monthly_usd / 67.07 == pytest.approx(0.4005, abs=0.0001)


def test_dev_24x7_and_idle():
    always = stack_estimate("dev", {"frugal:schedule": "none"})
    assert always.monthly_usd == pytest.approx(
        10.57 - 730 * X86_SPOT_DEV_HOUR + 730 * ARM_SPOT_DEV_HOUR + DEV_ALARMS_USD, abs=0.005
    )  # $10.35
    idle = stack_estimate(
        "dev",
        {
            "frugal:schedule": "custom",
            "frugal:scheduleUp": "cron(0 8 1 1 ? 2099)",
            "frugal:scheduleDown": "cron(0 12 * * ? *)",
        },
    )
    assert idle.monthly_usd == pytest.approx(1.14 + DEV_ALARMS_USD, abs=0.005)  # alarms bill while idle
    running = [i for i in idle.items if "Spot" in i.basis or i.basis.startswith(("t4g.nano", "public IPv4"))]
    assert len(running) == 3 and all(i.monthly_usd == 0 for i in running)
