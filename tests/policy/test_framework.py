"""Registering rules and pricers: keyword arguments only, and one name registers once."""

from __future__ import annotations

import pytest

from frugal.policy import framework
from frugal.policy.checks import RULES
from frugal.policy.framework import DuplicateRuleError, resource_rule, stack_rule
from frugal.policy.pricing import core
from frugal.policy.pricing.core import HANDLERS, DuplicatePricerError, prices


def _check(args, report, cfg, read) -> None:
    return None


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> dict:
    """A copy of the registry, so what a test registers is gone after it."""
    registry = dict(framework.RULES)
    monkeypatch.setattr(framework, "RULES", registry)
    return registry


def test_a_resource_rule_and_a_stack_rule_register_by_keyword(rules: dict) -> None:
    resource_rule(
        name="test-resource", description="d", properties={}, remediation="r", types=("aws:s3/bucket:Bucket",)
    )(_check)
    stack_rule(name="test-stack", description="d", properties={}, remediation="r", on_unknown=None)(_check)
    assert rules["test-resource"].scope == "resource"
    assert rules["test-resource"].types == ("aws:s3/bucket:Bucket",)
    assert "onUnknown" in rules["test-resource"].properties
    assert rules["test-stack"].scope == "stack"
    assert "onUnknown" not in rules["test-stack"].properties


def test_positional_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        resource_rule("test-positional", "d", {}, "r")  # type: ignore[misc]
    with pytest.raises(TypeError):
        stack_rule("test-positional", "d", {}, "r")  # type: ignore[misc]


@pytest.mark.parametrize("register", [resource_rule, stack_rule])
def test_a_second_rule_with_a_taken_name_raises_and_the_first_stays(rules: dict, register) -> None:
    first = rules["fargate-task-size"]
    with pytest.raises(DuplicateRuleError, match="fargate-task-size"):
        register(name="fargate-task-size", description="d", properties={}, remediation="r")(_check)
    assert rules["fargate-task-size"] is first


def test_a_count_rule_with_a_taken_name_raises(rules: dict) -> None:
    with pytest.raises(DuplicateRuleError, match="no-nat-gateway"):
        framework.count_rule(
            name="no-nat-gateway",
            description="d",
            setting="maxThings",
            kinds=("aws:ec2/natGateway:NatGateway",),
            what="thing",
            why="w",
            remediation="r",
        )


def test_the_pack_registers_every_rule_name_once() -> None:
    # Registering a name twice raises at import, so the pack imports at all only with unique names.
    assert len(RULES) == len({rule.name for rule in RULES.values()}) >= 20


def test_a_second_pricer_for_a_kind_raises_and_the_first_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "HANDLERS", dict(HANDLERS))
    first = core.HANDLERS["aws:ec2/eip:Eip"]

    def other(node, pricing) -> None:
        return None

    with pytest.raises(DuplicatePricerError, match="aws:ec2/eip:Eip"):
        prices("aws:ec2/eip:Eip")(other)
    assert core.HANDLERS["aws:ec2/eip:Eip"] is first
