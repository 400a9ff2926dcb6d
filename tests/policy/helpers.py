"""Call rule functions directly, the way the analyzer does: proxied props, args objects, a reporter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frugal_policy.rules import RULES, PreviewUnknownError
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.proxy import (
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_STRING_VALUE,
    unknown_checking_proxy,
)

UNKNOWN_STR = UNKNOWN_STRING_VALUE
UNKNOWN_BOOL = UNKNOWN_BOOLEAN_VALUE
UNKNOWN_NUM = UNKNOWN_NUMBER_VALUE


def _opts(parent: str | None = None) -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], parent)


def urn(type_: str, name: str) -> str:
    return f"urn:pulumi:dev::frugal::{type_}::{name}"


@dataclass
class Outcome:
    """What a rule did: its violations (message, urn) and the advisory it raised for unknowns, if any."""

    violations: list[tuple[str, str | None]] = field(default_factory=list)
    advisory: str | None = None

    @property
    def messages(self) -> list[str]:
        return [message for message, _ in self.violations]

    def text(self) -> str:
        return "\n".join(self.messages)


def run_resource_rule(
    rule: str,
    type_: str,
    props: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    name: str = "res",
) -> Outcome:
    args = ResourceValidationArgs(
        type_, unknown_checking_proxy(dict(props)), urn(type_, name), name, _opts(), None, dict(config or {})
    )
    return _run(rule, args)


def _run(rule: str, args: ResourceValidationArgs | StackValidationArgs) -> Outcome:
    outcome = Outcome()

    def report(message: str, at: str | None = None) -> None:
        outcome.violations.append((message, at))

    try:
        RULES[rule].validate(args, report)
    except PreviewUnknownError as error:
        outcome.advisory = error.message
    return outcome


@dataclass
class Res:
    """A resource for a stack rule; `deps` maps a property name to the names of resources it refers to."""

    type: str
    name: str
    props: Mapping[str, Any]
    deps: Mapping[str, Sequence[str]] = field(default_factory=dict)


def stack_resources(resources: Sequence[Res]) -> list[PolicyResource]:
    built = {
        r.name: PolicyResource(
            r.type,
            unknown_checking_proxy(dict(r.props)),
            urn(r.type, r.name),
            r.name,
            _opts(),
            None,
            None,
            [],
            {},
        )
        for r in resources
    }
    for r in resources:
        for prop, names in r.deps.items():
            built[r.name].property_dependencies[prop] = [built[n] for n in names]
            built[r.name].dependencies.extend(built[n] for n in names)
    return list(built.values())


def run_stack_rule(rule: str, resources: Sequence[Res], config: Mapping[str, Any] | None = None) -> Outcome:
    return _run(rule, StackValidationArgs(stack_resources(resources), dict(config or {})))
