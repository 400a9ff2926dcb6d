"""CloudFormation stacks: the resources of an inline template, priced like their aws-native twins.

A template's `Type: AWS::EC2::NatGateway` is the aws-native type `aws-native:ec2:NatGateway`, its
Properties the same names with a lower-case first letter, so each template resource is classified and
priced by the same pricers as if the program had declared it. `Ref` and `Fn::GetAtt` are links between
them (a `Ref` to a parameter the stack sets is that value); other intrinsic functions are unknown at
preview. A template at a URL (`templateUrl`) can't be read here: it stays opaque and fails closed.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import yaml

from .. import types as t
from ..graph import Node, StackGraph
from ..values import UNKNOWN
from . import classify, core
from .core import Inputs, Pricing, prices


class _TemplateLoader(yaml.SafeLoader):
    """YAML templates with CloudFormation's short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`)."""


def _short_form(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if name == "Fn::GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_TemplateLoader.add_multi_constructor("!", _short_form)


def _parse(body: str) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body)
    except json.JSONDecodeError:
        try:
            parsed = yaml.load(body, Loader=_TemplateLoader)
        except yaml.YAMLError:
            return None
    return parsed if isinstance(parsed, dict) else None


@cache
def _native_tokens() -> dict[str, str]:
    """aws-native tokens by their lower-case spelling (Pulumi writes `AWS::EC2::EIP` as `ec2:Eip`)."""
    types, _ = classify.entries()
    return {token.lower(): token for token in types if token.startswith("aws-native:")}


def native_type(cfn_type: str) -> str:
    """`AWS::EC2::NatGateway` -> `aws-native:ec2:NatGateway`; "" for a type that isn't AWS's."""
    parts = cfn_type.split("::")
    if len(parts) != 3 or parts[0] != "AWS":
        return ""
    naive = f"aws-native:{parts[1].lower()}:{parts[2]}"
    # Exact entries give the spelling; a type a pattern classifies (aws-native:iam:*) keeps its own.
    return _native_tokens().get(naive.lower(), naive)


def _lower_first(key: str) -> str:
    return key[:1].lower() + key[1:]


class _Template:
    def __init__(self, template: dict[str, Any], parameters: dict[str, Any]) -> None:
        self.resources = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}
        declared = template.get("Parameters") if isinstance(template.get("Parameters"), dict) else {}
        self.parameters = {
            name: parameters.get(
                name, (spec or {}).get("Default", UNKNOWN) if isinstance(spec, dict) else UNKNOWN
            )
            for name, spec in declared.items()
        }

    def value(self, raw: Any, refs: set[str]) -> Any:
        """Properties in aws-native's spelling; intrinsic functions resolved or unknown, links noted."""
        if isinstance(raw, dict):
            if len(raw) == 1:
                ((key, argument),) = raw.items()
                if key == "Ref":
                    if argument in self.parameters:
                        return self.parameters[argument]
                    refs.add(str(argument))
                    return UNKNOWN
                if key == "Fn::GetAtt":
                    target = (
                        argument[0]
                        if isinstance(argument, list) and argument
                        else str(argument).split(".")[0]
                    )
                    refs.add(str(target))
                    return UNKNOWN
                if key.startswith("Fn::"):
                    self.value(argument, refs)  # still collect the links inside
                    return UNKNOWN
            return {_lower_first(str(k)): self.value(v, refs) for k, v in raw.items()}
        if isinstance(raw, list):
            return [self.value(v, refs) for v in raw]
        return raw


def template_nodes(
    stack: Node, template: dict[str, Any], parameters: dict[str, Any]
) -> list[tuple[str, str, Node]]:
    """(logical id, CloudFormation type, node) for each template resource, linked by Ref/GetAtt."""
    parsed = _Template(template, parameters)
    urns = {logical: f"{stack.urn}#{logical}" for logical in parsed.resources}
    found = []
    for logical, resource in parsed.resources.items():
        if not isinstance(resource, dict):
            continue
        cfn_type = str(resource.get("Type", ""))
        props: dict[str, Any] = {}
        dependencies: dict[str, tuple[str, ...]] = {}
        for key, raw in (resource.get("Properties") or {}).items():
            refs: set[str] = set()
            props[_lower_first(str(key))] = parsed.value(raw, refs)
            linked = tuple(urns[r] for r in sorted(refs) if r in urns)
            if linked:
                dependencies[_lower_first(str(key))] = linked
        node = Node(
            urn=urns[logical],
            type=native_type(cfn_type) or cfn_type,
            name=f"{stack.name}.{logical}",
            props=props,
            dependencies=tuple(u for deps in dependencies.values() for u in deps),
            property_dependencies=dependencies,
            provider=stack.provider,
        )
        found.append((logical, cfn_type, node))
    return found


@prices(t.CLOUDFORMATION_STACK)
def price_stack(stack: Node, pricing: Pricing) -> None:
    body = stack.get("templateBody")
    if body is None:
        reason = (
            "its template is at a URL (templateUrl) the pack can't read"
            if stack.get("templateUrl")
            else ("it has no template body")
        )
        pricing.unpriced(stack, f"{reason}; it deploys resources the pack can't see", "opaque")
        return
    if body is UNKNOWN:
        pricing.unpriced(stack, "its template body is unknown at preview", "opaque")
        return
    template = _parse(str(body))
    if template is None:
        pricing.unpriced(stack, "its template body is neither JSON nor YAML the pack can read", "opaque")
        return
    parameters = stack.get("parameters") or {}
    nodes = template_nodes(stack, template, parameters if isinstance(parameters, dict) else {})
    inner = core.estimate(StackGraph(n for _, _, n in nodes), pricing.bounds, pricing.default_region)
    labels = {node.urn: (logical, cfn_type) for logical, cfn_type, node in nodes}
    for item in inner.items:
        logical, cfn_type = labels[item.urn]
        pricing.item(
            stack,
            item.monthly_usd,
            f"template {logical} ({cfn_type}): {item.basis}",
            upper_bound=item.upper_bound,
        )
    for entry in inner.unpriced:
        logical, cfn_type = labels[entry.urn]
        pricing.unpriced(stack, f"template {logical} ({cfn_type}): {entry.reason}", entry.cause)


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:cloudformation/stack:Stack": Inputs(
        reads="parameters region templateBody templateUrl",
        free=(
            "capabilities disableRollback iamRoleArn name notificationArns onFailure policyBody "
            "policyUrl tags timeoutInMinutes"
        ),
    ),
}
