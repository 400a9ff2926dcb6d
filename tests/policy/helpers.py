"""Call rule functions directly, the way the analyzer does (proxied props, args objects, a reporter), and
build stack graphs for the cost model."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyProviderResource,
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

from frugal.mocks import Recording
from frugal.policy.checks import RULES
from frugal.policy.framework import PreviewUnknownError
from frugal.policy.graph import Node, Provider, StackGraph
from frugal.policy.pricing import Bounds, CostEstimate, estimate

SERVICE = "aws:ecs/service:Service"
INSTANCE = "aws:ec2/instance:Instance"
SUBNET = "aws:ec2/subnet:Subnet"

UNKNOWN_STR = UNKNOWN_STRING_VALUE
UNKNOWN_BOOL = UNKNOWN_BOOLEAN_VALUE
UNKNOWN_NUM = UNKNOWN_NUMBER_VALUE


def spot_service(**extra: object) -> dict:
    """An ECS service's props, all on Fargate Spot, private."""
    return {
        "capacityProviderStrategies": [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}],
        "networkConfiguration": {"assignPublicIp": False, "subnets": ["subnet-1"]},
        "desiredCount": 1,
        **extra,
    }


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
    provider: Mapping[str, Any] | None = None  # the provider's properties (aws:region, defaultTags, ...)


def stack_resources(resources: Sequence[Res]) -> list[PolicyResource]:
    names = [r.name for r in resources]
    assert len(names) == len(set(names)), f"deps refer to resources by name: names must be unique, {names}"
    built = {
        r.name: PolicyResource(
            r.type,
            unknown_checking_proxy(dict(r.props)),
            urn(r.type, r.name),
            r.name,
            _opts(),
            PolicyProviderResource(
                "pulumi:providers:aws", dict(r.provider), urn("pulumi:providers:aws", "default"), "default"
            )
            if r.provider is not None
            else None,
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


def policy_resources(recording: Recording, plain: Callable[[Any], Any] = lambda v: v) -> list[PolicyResource]:
    """A recording as AnalyzeStack hands it to stack rules: every resource with its parent, its
    dependencies and property dependencies (URNs resolved to the resources, as pulumi-policy does)."""
    built = {
        r.urn: PolicyResource(
            r.type,
            unknown_checking_proxy(plain(r.inputs)),
            r.urn,
            r.name,
            _opts(r.parent),
            None,
            None,
            [],
            {},
        )
        for r in recording.resources
    }
    for r in recording.resources:
        resource = built[r.urn]
        resource.parent = built.get(r.parent) if r.parent else None
        resource.dependencies.extend(built[d] for d in r.dependencies if d in built)
        for prop, urns in r.property_dependencies.items():
            resource.property_dependencies[prop] = [built[u] for u in urns if u in built]
    return list(built.values())


# --- the cost model: nodes of a stack graph, linked as the engine links them --------------------------


def node(
    type_: str,
    name: str,
    props: Mapping[str, Any],
    deps: Mapping[str, Sequence[Node]] | None = None,
    *,
    parent: Node | None = None,
    region: str | None = None,
) -> Node:
    """A resource for the cost model; `deps` maps a property to the nodes its value was built from."""
    property_dependencies = {prop: tuple(n.urn for n in nodes) for prop, nodes in (deps or {}).items()}
    return Node(
        urn=urn(type_, name),
        type=type_,
        name=name,
        props=dict(props),
        parent=parent.urn if parent else None,
        dependencies=tuple(dict.fromkeys(u for urns in property_dependencies.values() for u in urns)),
        property_dependencies=property_dependencies,
        provider=Provider(f"pulumi:providers:{type_.split(':')[0]}", {"region": region}) if region else None,
    )


def estimate_of(*nodes: Node, bounds: Bounds | None = None, region: str | None = None) -> CostEstimate:
    return estimate(StackGraph(nodes), bounds, region)
