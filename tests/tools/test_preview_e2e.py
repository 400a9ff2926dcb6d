"""End to end: this repo's program (and a raw pulumi_aws program) through the real frugal policy pack.

One pack process serves the module (it's reconfigured from scratch on every preview), the way the
engine keeps one analyzer for a whole update.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from frugal.analyzer import PolicyPack
from frugal.preview.cli import PreviewResult, preview

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "policy"
FIXTURES = REPO / "tests" / "fixtures"
DEV_POLICY = PACK / "config" / "dev.json"


@pytest.fixture(scope="module")
def pack() -> Iterator[PolicyPack]:
    with PolicyPack(PACK, project="frugal", stack="dev") as running:
        yield running


def _mandatory(result: PreviewResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for violation in result.violations:
        if violation.enforcement == "mandatory":
            found.setdefault(violation.policy, []).append(violation.urn)
    return found


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_shipped_stacks_pass_with_no_mandatory_violation(pack: PolicyPack, stack: str) -> None:
    result = preview(stack=stack, pack=pack, pack_dir=PACK)
    assert _mandatory(result) == {}, [v.message for v in result.violations]
    assert result.exit_code == 0
    assert result.cost is not None and result.cost.monthly_usd > 0
    assert result.cost.unpriced == []


def test_make_previews_command_passes_dev_within_its_monthly_goal() -> None:
    # The README's first command, as a user runs it: defaults for the program, pack and policy config.
    done = subprocess.run(
        [sys.executable, "-m", "tools.preview", "--stack", "dev", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert [v for v in report["violations"] if v["enforcement"] == "mandatory"] == []
    assert 0 < report["cost"]["monthly_usd"] <= 4.50


@pytest.mark.parametrize(
    ("stack_file", "rule"),
    [
        ("Pulumi.on-demand-dev.yaml", "fargate-spot"),
        ("Pulumi.nat-gateway.yaml", "no-nat-gateway"),
        ("Pulumi.four-vcpu.yaml", "fargate-task-size"),
        ("Pulumi.twenty-tasks.yaml", "service-count-cap"),
        ("Pulumi.logs-forever.yaml", "log-retention"),
        ("Pulumi.container-insights.yaml", "container-insights-off"),
    ],
)
def test_each_costly_stack_file_is_blocked_by_its_rule(pack: PolicyPack, stack_file: str, rule: str) -> None:
    result = preview(
        config_file=FIXTURES / "stacks" / stack_file, policy_config_file=DEV_POLICY, pack=pack, pack_dir=PACK
    )
    assert result.recording.stack == stack_file.removeprefix("Pulumi.").removesuffix(".yaml")
    assert rule in _mandatory(result), [(v.policy, v.message) for v in result.violations]
    assert result.exit_code == 1


def test_the_raw_pulumi_aws_program_is_blocked_for_public_ips_the_alb_and_the_fullaccess_role(
    pack: PolicyPack,
) -> None:
    result = preview(program_dir=FIXTURES / "programs" / "raw_aws", pack=pack, pack_dir=PACK)
    blocked = _mandatory(result)
    names = {rule: {urn.rsplit("::", 1)[-1] for urn in urns} for rule, urns in blocked.items()}
    types = {
        rule: {urn.rsplit("::", 1)[0].rsplit("$", 1)[-1] for urn in urns} for rule, urns in blocked.items()
    }
    assert {"aws:ecs/service:Service", "aws:lb/loadBalancer:LoadBalancer"} <= types["no-public-ip"]
    assert {"public-0", "public-1"} <= names["no-public-ip"]
    assert types["no-load-balancer"] == {"aws:lb/loadBalancer:LoadBalancer"}
    assert "task-s3" in names["iam-least-privilege"]
    assert any(
        "AmazonS3FullAccess" in v.message
        for v in result.violations
        if v.policy == "iam-least-privilege" and v.enforcement == "mandatory"
    )
    assert result.exit_code == 1
    # The program's own config-free run still gets a cost estimate: the ALB is its biggest fixed item.
    assert result.cost is not None
    biggest = max(result.cost.items, key=lambda item: item["monthly_usd"])
    assert biggest["type"] in {"aws:ecs/service:Service", "aws:lb/loadBalancer:LoadBalancer"}


def test_each_resource_is_priced_in_its_providers_region(pack: PolicyPack) -> None:
    """The stack's aws:region for the default provider, an explicit provider's region otherwise; a region
    with no sourced price at us-east-1 rates, said in the basis and in the totals."""
    result = preview(program_dir=FIXTURES / "programs" / "regions", pack=pack, pack_dir=PACK)
    assert result.cost is not None
    by_name = {item["urn"].rsplit("::", 1)[-1]: item for item in result.cost.items}
    assert by_name["dublin"]["monthly_usd"] == pytest.approx(730 * 0.048, abs=0.01)
    assert by_name["frankfurt"]["monthly_usd"] == pytest.approx(730 * 0.052, abs=0.01)
    assert by_name["sao-paulo"]["monthly_usd"] == pytest.approx(730 * 0.045, abs=0.01)
    assert "at us-east-1 rates (nat_gateway.hour not sourced for sa-east-1)" in by_name["sao-paulo"]["basis"]
    assert result.cost.notes == [
        "sa-east-1: 1 price(s) not sourced for this region (nat_gateway.hour): priced at us-east-1 rates"
    ]


def test_a_stack_in_sao_paulo_is_priced_at_sao_paulo_rates(pack: PolicyPack) -> None:
    """Issue 17: the regional prices (AWS's EC2 and EBS pricing-page feeds; Fargate from the regional
    table, ARM derived at 0.8 of x86) and not us-east-1's, with no caveat for what is sourced."""
    result = preview(program_dir=FIXTURES / "programs" / "regions", pack=pack)
    assert result.cost is not None
    lines = {
        (item["urn"].rsplit("::", 1)[-1], item["basis"].split(",")[0]): item
        for item in result.cost.items
        if item["urn"].rsplit("::", 1)[-1] != "sao-paulo" and "sao-paulo" in item["urn"]
    }
    usd = {key: item["monthly_usd"] for key, item in lines.items()}
    # t4g.nano $0.0067/h (us-east-1 $0.0042); gp3 $0.152/GB-month (us-east-1 $0.08); Fargate ARM 0.25 vCPU x
    # $0.05568 + 0.5 GB x $0.00608 (0.8 x x86's $0.0696 / $0.0076; us-east-1 $0.03238 / $0.00356); 730 h.
    assert usd == {
        ("sao-paulo-nat", "t4g.nano NAT instance"): pytest.approx(730 * 0.0067, abs=0.005),  # $4.89
        ("sao-paulo-nat", "8 GB gp3 root volume of the NAT instance"): pytest.approx(8 * 0.152, abs=0.005),
        ("sao-paulo-data", "20 GB gp3 EBS volume"): pytest.approx(20 * 0.152, abs=0.005),  # $3.04
        ("sao-paulo-service", "0.25 vCPU/0.5 GB on-demand ARM"): pytest.approx(
            730 * (0.25 * 0.0696 * 0.8 + 0.5 * 0.0076 * 0.8), abs=0.005
        ),  # $12.38
    }
    # $21.53 against $12.51 at us-east-1 rates.
    assert sum(usd.values()) == pytest.approx(21.53, abs=0.01)
    assert not any("us-east-1 rates" in item["basis"] for item in lines.values())
