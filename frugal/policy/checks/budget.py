"""monthly-budget: the stack's estimated fixed monthly cost stays within budget, and fails closed.

Whatever the estimate can't price (an hourly type with no price, an unclassified type, an opaque
template or component, an unknown no enforced rule bounds) is a violation at this rule's level by
default (`unpriced: block`), each naming the resource and what is missing, unless its type is in
`allowUnpriced` with a reason. `unpriced: advise` turns those into one advisory.
"""

from __future__ import annotations

import fnmatch
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pulumi
from pulumi_policy import ReportViolation, StackValidationArgs

from .. import report as cost_report
from ..framework import (
    PreviewUnknownError,
    as_int,
    enforced_config,
    integer,
    per_analysis,
    stack_graph,
    stack_rule,
    strings,
)
from ..pricing import Bound, Bounds, CostEstimate, Unpriced, estimate
from ..values import UNKNOWN, Reader, is_unknown


def rule_bounds() -> Bounds:
    """What the enforced rules guarantee, to price values unknown at preview ("at most")."""

    def bound(rule_name: str, setting: str) -> Bound | None:
        config = enforced_config(rule_name)
        if config is None or setting not in config:
            return None
        value = config[setting]
        if isinstance(value, list):
            value = tuple(str(v) for v in value)
        elif isinstance(value, int | float):
            value = float(value)
        return Bound(value, f"{rule_name} {setting}")

    return Bounds(
        task_cpu=bound("fargate-task-size", "maxCpu"),
        task_memory=bound("fargate-task-size", "maxMemory"),
        desired_count=bound("service-count-cap", "maxDesiredCount"),
        max_count=bound("service-count-cap", "maxCount"),
        instance_types=bound("ec2-instance-types", "allowedInstanceTypes"),
        db_classes=bound("rds-dev-size", "allowedInstanceClasses"),
        db_storage_gb=bound("rds-dev-size", "maxAllocatedStorageGb"),
    )


def stack_estimate(args: StackValidationArgs, free_tier: dict[str, float] | None = None) -> CostEstimate:
    """The stack's estimate, once per AnalyzeStack."""

    def build() -> CostEstimate:
        region = pulumi.runtime.get_config("aws:region")
        return estimate(stack_graph(args), rule_bounds(), region, free_tier)

    return per_analysis("estimate", args, build)


def _allowance(entry: Unpriced, allowed: list[Any]) -> str | None:
    for item in allowed:
        if isinstance(item, dict) and fnmatch.fnmatchcase(entry.type, str(item.get("type", ""))):
            return str(item.get("reason", ""))
    return None


def _how_to_allow(entry: Unpriced) -> str:
    return (
        f'to accept it, add {{"type": "{entry.type}", "reason": "<why>"}} to monthly-budget\'s allowUnpriced '
        'in the policy config, or set monthly-budget\'s unpriced to "advise"'
    )


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


@stack_rule(
    name="monthly-budget",
    description=(
        "The stack's estimated fixed monthly cost (list prices) stays within the budget, and everything the "
        "estimate can't price blocks unless allowed."
    ),
    properties={
        "budgetUsdMonthly": {
            "type": "number",
            "minimum": 0,
            "default": 5,
            "description": "Most estimated USD a month for the stack's fixed costs.",
        },
        "topItems": integer(5, "Biggest items named in the message.", minimum=1),
        "unpriced": {
            "type": "string",
            "enum": ["block", "advise"],
            "default": "block",
            "description": "What a resource the estimate can't price does: a violation at this rule's level "
            "(block), or one advisory (advise).",
        },
        "freeTier": {
            "type": "object",
            "additionalProperties": {"type": "number", "minimum": 0},
            "default": {},
            "description": "Units of a price key a month the stack may count on the account's free tier for, "
            'e.g. {"cloudwatch.alarm_month": 10} when no other stack in the account uses its 10 free alarms. '
            "None by default: the estimate is at list price.",
        },
        "allowUnpriced": {
            "type": "array",
            "default": [],
            "description": "Types accepted without a price, each with the reason (type is a glob).",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "minLength": 1},
                    "reason": {"type": "string", "minLength": 1},
                },
                "required": ["type", "reason"],
            },
        },
    },
    remediation=(
        "Look at the biggest items and the other guardrails' advice; run `make preview` for the full cost "
        "table. For a resource that can't be priced: price it (frugal/policy/pricing), or add its type to "
        "allowUnpriced with a reason."
    ),
    on_unknown=None,  # unknowns are priced at their bounds or listed as unpriced: `unpriced` decides
)
def monthly_budget(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    budget = float(cfg["budgetUsdMonthly"])
    result = stack_estimate(args, {str(k): float(v) for k, v in (cfg["freeTier"] or {}).items()})
    allowed: dict[str, str] = {}
    blocking: list[Unpriced] = []
    for entry in result.unpriced:
        reason = _allowance(entry, list(cfg["allowUnpriced"]))
        if reason is None:
            blocking.append(entry)
        else:
            allowed[entry.urn] = reason
    block = cfg["unpriced"] == "block"

    path = cost_report.requested_path()
    if path:
        cost_report.write(
            cost_report.as_dict(
                result,
                budget_usd=budget,
                allowed=allowed,
                blocking=bool(blocking) and block,
                stack=os.environ.get("PULUMI_STACK"),
                project=os.environ.get("PULUMI_PROJECT"),
            ),
            path,
        )

    at_most = "at most " if result.upper_bound else ""
    if result.monthly_usd > budget:
        biggest = "; ".join(
            f"${item.monthly_usd:.2f} {_name(item.urn)} ({item.basis})"
            for item in result.biggest(as_int(cfg["topItems"]))
        )
        report(
            f"estimated {at_most}${result.monthly_usd:.2f}/month (${result.daily_usd():.2f}/day) is over the "
            f"${budget:.2f} budget. Biggest items: {biggest}"
        )
    if block:
        for entry in blocking:
            report(
                f"{_name(entry.urn)} ({entry.type}) can't be priced: {entry.reason}. The "
                f"${result.monthly_usd:.2f}/month estimate does not bound the stack's cost; "
                + _how_to_allow(entry),
                entry.urn,
            )
    elif blocking:
        listed = "; ".join(f"{_name(e.urn)} ({e.type}): {e.reason}" for e in blocking)
        raise PreviewUnknownError(
            f"the ${result.monthly_usd:.2f}/month estimate leaves {len(blocking)} resource(s) unpriced "
            f"(unpriced: advise), so it is a lower bound: {listed}"
        )


# --- required-tags --------------------------------------------------------------------------------

TAGGABLE_FILE = Path(__file__).resolve().parents[1] / "taggable.json"


@cache
def taggable_types() -> frozenset[str]:
    """The types that take tags (tools.provider_types regenerates the list from the provider SDKs)."""
    return frozenset(json.loads(TAGGABLE_FILE.read_text())["types"])


def _tag_map(value: Any) -> Any:
    """Tags as a mapping: pulumi-aws's {key: value}, aws-native's [{key, value}], or JSON config text."""
    if isinstance(value, str) and not is_unknown(value):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    if isinstance(value, list):
        return {str(t.get("key")): t.get("value") for t in value if isinstance(t, dict)}
    return value


@stack_rule(
    name="required-tags",
    description=(
        "Taggable resources carry the cost allocation tags, so a budget and the bill can tell the stack's "
        "spending apart (from the provider's default tags or the resource's own)."
    ),
    properties={
        "tagKeys": strings(["project", "stack"], "Tag keys every taggable resource must carry."),
    },
    remediation=(
        "Set the tags on the AWS provider (aws:defaultTags, or default_tags on an explicit provider) so "
        "every resource gets them, then activate them as cost allocation tags in the Billing console."
    ),
    verifies="the cost allocation tags",
)
def required_tags(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    wanted = [str(key) for key in cfg["tagKeys"]]
    taggable = taggable_types()
    for node in stack_graph(args).nodes:
        if node.type not in taggable:
            continue
        at = read.scoped(node.name)
        provided: dict[str, Any] = {}
        if node.provider is not None:
            # A default provider gets `aws:defaultTags` as config text; an explicit one, as a value.
            defaults = _tag_map(Reader().get(_tag_map(node.provider.props.get("defaultTags")), "tags"))
            if defaults is UNKNOWN:
                at.unknown("provider.defaultTags")
            elif isinstance(defaults, dict):
                provided.update(defaults)
        own = _tag_map(at.get(node.props, "tags", default={}))
        if own is UNKNOWN:
            continue  # recorded: which keys it holds is not known at preview
        if isinstance(own, dict):
            provided.update(own)
        missing = [key for key in wanted if key not in provided]
        if missing:
            report(f"{node.label}: missing tag(s) {', '.join(missing)}", node.urn)
