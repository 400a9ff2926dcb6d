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
    stack: str, overrides: dict[str, str] | None = None, *, new_stack: bool = False
) -> CostEstimate:
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
    return estimate(StackGraph.from_policy_resources(policy_resources(recording)), rule_bounds(), "us-east-1")


@pytest.fixture(scope="module", params=[False, True], ids=["existing-stack", "new-stack"])
def dev(request: pytest.FixtureRequest) -> CostEstimate:
    return stack_estimate("dev", new_stack=request.param)


# The NAT instance's two status-check alarms (issue 11, the only alarms dev creates): $0.10 each at list.
DEV_ALARMS_USD = 0.20
# prod's alarms: the NAT's two, the API's 5xx rate (2 alarm metrics) and the running tasks.
PROD_ALARMS_USD = 0.50


def test_dev_meets_the_goal_with_every_resource_accounted_for(dev: CostEstimate):
    assert dev.monthly_usd == pytest.approx(4.26 + DEV_ALARMS_USD, abs=0.005)
    assert dev.monthly_usd <= 4.50
    assert dev.unpriced == [] and not dev.upper_bound
    spot = [i for i in dev.items if "Spot" in i.basis]
    assert len(spot) == 1 and spot[0].basis == "0.25 vCPU/0.5 GB Spot x86, 239.0 h/month (schedule)"
    nat = [i for i in dev.items if "NAT instance" in i.basis and "volume" not in i.basis]
    assert len(nat) == 2  # the instance and its address, both only while running
    assert all("(stopped on a schedule)" in i.basis or "released while stopped" in i.basis for i in nat)
    assert not [i for i in dev.items if "IPv4 on task" in i.basis]


def test_prod_costs_the_same_in_both_previews_and_is_under_half_the_alb_way():
    existing, first = stack_estimate("prod"), stack_estimate("prod", new_stack=True)
    assert existing.monthly_usd == first.monthly_usd == pytest.approx(31.50 + PROD_ALARMS_USD, abs=0.005)
    # Registration order differs when outputs resolve differently; the lines don't.
    assert sorted((i.urn, i.monthly_usd, i.basis) for i in existing.items) == sorted(
        (i.urn, i.monthly_usd, i.basis) for i in first.items
    )
    assert existing.unpriced == first.unpriced == []
    # The same service the old way (README): 2 on-demand tasks with public IPs behind an internet-facing ALB.
    assert existing.monthly_usd <= 67.07 / 2


def test_dev_24x7_and_idle():
    always = stack_estimate("dev", {"frugal:schedule": "none"})
    assert always.monthly_usd == pytest.approx(10.57 + DEV_ALARMS_USD, abs=0.005)
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
