"""CloudWatch: metric alarms, and the two alarms a target-tracking scaling policy creates."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from .core import Pricing, prices


@prices(t.CLOUDWATCH_ALARM)
def price_alarm(alarm: Node, pricing: Pricing) -> None:
    pricing.item(alarm, pricing.rate("cloudwatch.alarm_month", alarm), "CloudWatch alarm")


@prices(t.LOG_METRIC_FILTER)
def price_metric_filter(metric_filter: Node, pricing: Pricing) -> None:
    pricing.item(
        metric_filter,
        pricing.rate("cloudwatch.metric_month", metric_filter),
        "the custom metric it publishes (first 10 metrics a month are free tier)",
    )


@prices(t.SCALING_POLICY)
def price_scaling_policy(policy: Node, pricing: Pricing) -> None:
    if policy.get("policyType", default="StepScaling") == "TargetTrackingScaling":
        pricing.item(
            policy,
            2 * pricing.rate("cloudwatch.alarm_month", policy),
            "2 CloudWatch alarms that target tracking creates (first 10 alarms a month are free tier)",
        )
    else:
        pricing.free(policy, "step scaling policy (alarms priced on their own)")
