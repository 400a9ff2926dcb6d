"""monthly-budget: over budget, and fail closed on whatever the estimate can't price, unless allowed."""

from __future__ import annotations

import json

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from frugal.policy import framework
from frugal.policy.checks.budget import rule_bounds
from tests.policy.helpers import Res, run_stack_rule

NAT = "aws:ec2/natGateway:NatGateway"
BROKER = "aws:mq/broker:Broker"


def test_over_budget_names_the_biggest_items():
    outcome = run_stack_rule("monthly-budget", [Res(NAT, "gw", {}), Res("aws:ec2/eip:Eip", "ip", {})])
    assert len(outcome.violations) == 1
    message = outcome.messages[0]
    assert "estimated $36.50/month" in message and "over the $5.00 budget" in message
    assert message.index("gw") < message.index("ip")  # biggest first
    assert run_stack_rule("monthly-budget", [Res(NAT, "gw", {})], {"budgetUsdMonthly": 40}).violations == []


def test_each_unpriced_resource_is_a_violation_naming_it_and_how_to_allow_it():
    resources = [
        Res(BROKER, "queue", {}),  # no instance type: it can't be priced
        Res("awsx:ec2:Vpc", "vpc", {}),
        Res("aws:cloudformation/stack:Stack", "legacy", {"templateUrl": "https://example.com/t.json"}),
    ]
    outcome = run_stack_rule("monthly-budget", resources)
    by_name = {at.rsplit("::", 1)[-1]: message for message, at in outcome.violations}
    assert set(by_name) == {"queue", "vpc", "legacy"}
    assert "queue (aws:mq/broker:Broker) can't be priced" in by_name["queue"]
    assert 'add {"type": "aws:mq/broker:Broker", "reason": "<why>"}' in by_name["queue"]
    assert 'unpriced to "advise"' in by_name["queue"]
    assert "built by the awsx plugin" in by_name["vpc"]


def test_allowed_types_pass_with_their_reason_and_advise_turns_the_rest_into_one_advisory():
    resources = [Res(BROKER, "queue", {}), Res("gcp:compute/instance:Instance", "vm", {})]
    allowed = run_stack_rule(
        "monthly-budget",
        resources,
        {"allowUnpriced": [{"type": "aws:mq/*", "reason": "billed to the platform team"}]},
    )
    assert [at.rsplit("::", 1)[-1] for _, at in allowed.violations] == ["vm"]
    advise = run_stack_rule("monthly-budget", resources, {"unpriced": "advise"})
    assert advise.violations == []
    assert "2 resource(s) unpriced (unpriced: advise), so it is a lower bound" in advise.advisory


def test_unknowns_are_priced_at_the_enforced_caps_of_the_other_rules():
    framework.configure(
        {
            "fargate-task-size": ("mandatory", {"maxCpu": 512, "maxMemory": 1024}),
            "service-count-cap": ("advisory", {"maxDesiredCount": 9}),
        }
    )
    bounds = rule_bounds()
    assert bounds.task_cpu.value == 512 and bounds.task_cpu.source == "fargate-task-size maxCpu"
    assert bounds.desired_count is None  # advisory: it doesn't stop a bigger count, so it bounds nothing
    assert bounds.instance_types.value == ("t4g.nano", "t4g.micro")  # unconfigured: the schema default
    framework.configure({"ec2-instance-types": ("disabled", {})})
    assert rule_bounds().instance_types is None


def test_the_cost_report_is_written_where_the_environment_says(tmp_path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "reports" / "cost.json"
    monkeypatch.setenv("FRUGAL_COST_REPORT", str(path))
    monkeypatch.setenv("PULUMI_STACK", "dev")
    run_stack_rule(
        "monthly-budget",
        [Res(NAT, "gw", {}), Res(BROKER, "queue", {"hostInstanceType": UNKNOWN_STRING_VALUE})],
        {"allowUnpriced": [{"type": BROKER, "reason": "not ours"}]},
    )
    report = json.loads(path.read_text())
    assert report["stack"] == "dev" and report["monthly_usd"] == pytest.approx(32.85)
    assert report["over_budget"] is True and report["budget_usd"] == 5
    assert [(u["type"], u["allowed"], u["allowed_because"]) for u in report["unpriced"]] == [
        (BROKER, True, "not ours")
    ]
    # Users' CI reads these keys: the JSON keeps "kind" for what the code calls `Unpriced.cause`.
    assert list(report["unpriced"][0]) == ["urn", "type", "reason", "kind", "allowed", "allowed_because"]
    assert report["unpriced"][0]["kind"] == "unknown"
    assert report["unpriced_blocks"] is False
    assert report["items"][0]["basis"].startswith("public NAT gateway, 730 h/month")


# --- required-tags --------------------------------------------------------------------------------

TAGS = {"project": "frugal", "stack": "dev"}


def test_required_tags_come_from_the_provider_or_the_resource():
    resources = [
        Res("aws:ec2/vpc:Vpc", "from-provider", {}, provider={"defaultTags": {"tags": TAGS}}),
        Res(
            "aws:ec2/vpc:Vpc",
            "from-config",
            {},
            provider={"defaultTags": '{"tags": {"project": "frugal", "stack": "dev"}}'},
        ),
        Res("aws:ec2/subnet:Subnet", "own", {"tags": TAGS}),
        Res(
            "aws:ec2/subnet:Subnet",
            "mixed",
            {"tags": {"stack": "dev"}},
            provider={"defaultTags": {"tags": {"project": "x"}}},
        ),
        Res(
            "aws-native:ec2:Vpc",
            "native",
            {"tags": [{"key": "project", "value": "p"}, {"key": "stack", "value": "s"}]},
        ),
        Res("aws:ec2/route:Route", "untaggable", {}),  # routes take no tags
    ]
    assert run_stack_rule("required-tags", resources).violations == []


def test_required_tags_names_what_is_missing_and_unknown_tags_are_said():
    outcome = run_stack_rule(
        "required-tags",
        [
            Res("aws:s3/bucket:Bucket", "bare", {}),
            Res("aws:ec2/vpc:Vpc", "half", {"tags": {"project": "frugal"}}),
        ],
        {"tagKeys": ["project", "stack", "component"]},
    )
    by_name = {at.rsplit("::", 1)[-1]: message for message, at in outcome.violations}
    assert by_name == {
        "bare": "bare: missing tag(s) project, stack, component",
        "half": "half: missing tag(s) stack, component",
    }
    unknown = run_stack_rule("required-tags", [Res("aws:ec2/vpc:Vpc", "v", {"tags": UNKNOWN_STRING_VALUE})])
    assert "cannot be checked at preview: v.tags" in unknown.text()
