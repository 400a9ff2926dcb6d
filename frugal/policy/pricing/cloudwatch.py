"""CloudWatch: alarms by the metrics they evaluate and their resolution, composite alarms, dashboards,
the custom metric a log metric filter publishes, the alarms target tracking creates, and Synthetics
canaries by the runs their schedule makes.

List prices, with no free tier: the first 10 alarm metrics and 3 dashboards of an account are free,
but other stacks in the account may already use them; a stack's policy config can count on them
(monthly-budget's freeTier), and each line says how much it credits.
"""

from __future__ import annotations

import re
from typing import Any

from frugal.cron import HOURS_PER_MONTH, HOURS_PER_WEEK, CronError, fires_per_week, parse_schedule

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader, as_bool, as_number
from .core import Inputs, Pricing, fmt_num, prices

_HIGH_RESOLUTION_BELOW_S = 60  # a period under a minute makes an alarm high-resolution


def _alarm_metrics(alarm: Node) -> tuple[int, bool, bool] | None:
    """(metrics evaluated, high resolution, anomaly detection), or None when unknown at preview."""
    read = Reader()
    queries = read.items_of(alarm.props, "metricQueries")
    if read.unknown_paths:
        return None
    if not queries:
        period = as_number(alarm.get("period"))
        if period is UNKNOWN:
            return None
        return 1, isinstance(period, int | float) and period < _HIGH_RESOLUTION_BELOW_S, False
    metrics, high, anomaly = 0, False, False
    for query in queries:
        if query is UNKNOWN:
            return None
        stat = read.get(query, "metric")
        expression = read.get(query, "expression")
        if isinstance(stat, dict):
            metrics += 1
            period = as_number(read.get(stat, "period"))
            high = high or (isinstance(period, int | float) and period < _HIGH_RESOLUTION_BELOW_S)
        if isinstance(expression, str) and "ANOMALY_DETECTION_BAND" in expression.upper():
            anomaly = True
    return max(metrics, 1), high, anomaly


@prices(t.CLOUDWATCH_ALARM)
def price_alarm(alarm: Node, pricing: Pricing) -> None:
    found = _alarm_metrics(alarm)
    if found is None:
        pricing.unpriced(alarm, "its period or metric queries are unknown at preview")
        return
    metrics, high, anomaly = found
    if anomaly:
        # An anomaly detection alarm bills 3 alarm metrics (the metric and the band's two bounds) at its
        # resolution's rate: $0.30 standard, $0.90 high-resolution (AWS CloudWatch pricing page,
        # "Alarms": 3 x $0.10 and 3 x $0.30, checked 2026-12-08) [likely].
        if high:
            key, what = "cloudwatch.alarm_month.high_resolution", "high-resolution anomaly detection alarm"
            count = 3
        else:
            key, what = "cloudwatch.alarm_month.anomaly_detection", "anomaly detection alarm"
            count = 1
    else:
        key = "cloudwatch.alarm_month.high_resolution" if high else "cloudwatch.alarm_month"
        what = "high-resolution alarm" if high else "standard alarm"
        count = metrics
    per_metric = "" if count == 1 else f" on {count} metrics"
    pricing.item(
        alarm, count * pricing.rate(key, alarm), f"CloudWatch {what}{per_metric}", key=key, units=count
    )


@prices(t.CLOUDWATCH_COMPOSITE_ALARM)
def price_composite_alarm(alarm: Node, pricing: Pricing) -> None:
    pricing.item(alarm, pricing.rate("cloudwatch.composite_alarm_month", alarm), "CloudWatch composite alarm")


@prices(t.CLOUDWATCH_DASHBOARD)
def price_dashboard(dashboard: Node, pricing: Pricing) -> None:
    key = "cloudwatch.dashboard_month"
    pricing.item(dashboard, pricing.rate(key, dashboard), "CloudWatch dashboard", key=key, units=1)


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
        key = "cloudwatch.alarm_month"
        pricing.item(
            policy,
            2 * pricing.rate(key, policy),
            "2 CloudWatch alarms that target tracking creates",
            key=key,
            units=2,
        )
    else:
        pricing.free(policy, "step scaling policy (alarms priced on their own)")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:synthetics/canary:Canary": Inputs(
        reads="region schedule startCanary",
        free=(
            "artifactConfig artifactS3Location deleteLambda executionRoleArn failureRetentionPeriod "
            "handler kmsKeyArn name runConfig runtimeVersion s3Bucket s3Key s3Version "
            "successRetentionPeriod tags vpcConfig zipFile"
        ),
    ),
    "aws:appautoscaling/policy:Policy": Inputs(
        reads="policyType region",
        free=(
            "name predictiveScalingPolicyConfiguration resourceId scalableDimension serviceNamespace "
            "stepScalingPolicyConfiguration targetTrackingScalingPolicyConfiguration"
        ),
    ),
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": Inputs(
        reads="region",
        free=(
            "actionsEnabled actionsSuppressor alarmActions alarmDescription alarmName alarmRule "
            "insufficientDataActions okActions tags"
        ),
    ),
    "aws:cloudwatch/dashboard:Dashboard": Inputs(
        reads="region",
        free="dashboardBody dashboardName",
    ),
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": Inputs(
        reads="region",
        free="applyOnTransformedLogs logGroupName metricTransformation name pattern",
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": Inputs(
        reads="metricQueries period region",
        free=(
            "actionsEnabled alarmActions alarmDescription comparisonOperator datapointsToAlarm "
            "dimensions evaluateLowSampleCountPercentiles evaluationCriteria evaluationInterval "
            "evaluationPeriods evaluationWindow extendedStatistic insufficientDataActions metricName name "
            "namespace okActions statistic tags threshold thresholdMetricId treatMissingData unit "
            "warmUpConfiguration"
        ),
    ),
}


_CANARY_KEY = "cloudwatch.synthetics.canary_run"
_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours)\s*\)$")


def _runs_a_month(expression: Any) -> tuple[float | None, str]:
    """Runs a month of a canary schedule (`rate(N minutes|hours)` or `cron(...)`), and why not when None."""
    if expression is UNKNOWN:
        return None, "its schedule expression is unknown at preview"
    if not isinstance(expression, str):
        return None, "it has no schedule expression"
    text = expression.strip()
    rate = _RATE.match(text)
    if rate:
        every = int(rate.group(1)) * (60 if rate.group(2).startswith("hour") else 1)
        # rate(0 minute) runs the canary once, when it starts: nothing by the month.
        return (0.0 if every == 0 else HOURS_PER_MONTH * 60 / every), ""
    try:
        cron = parse_schedule(text)
    except CronError as error:
        return None, f"its schedule can't be read ({error})"
    if cron is None:
        return 0.0, ""
    return fires_per_week(cron) * HOURS_PER_MONTH / HOURS_PER_WEEK, ""


@prices(t.SYNTHETICS_CANARY)
def price_canary(canary: Node, pricing: Pricing) -> None:
    """A canary bills each run its schedule makes while it is started (Lambda, S3 and logs are usage)."""
    started = as_bool(canary.get("startCanary"))
    if started is False or started is None:
        # pulumi-aws creates a canary stopped unless startCanary is true.
        pricing.free(canary, "canary not started (startCanary is not true): no runs until someone starts it")
        return
    runs, why = _runs_a_month(canary.get("schedule", "expression"))
    if runs is None:
        pricing.unpriced(canary, f"billed per run, and {why}")
        return
    note = "; startCanary unknown at preview: assumed started" if started is UNKNOWN else ""
    duration = as_number(canary.get("schedule", "durationInSeconds"))
    if isinstance(duration, int | float) and duration > 0:
        note += f"; it stops after {fmt_num(float(duration))} s (durationInSeconds): at most"
    pricing.item(
        canary,
        runs * pricing.rate(_CANARY_KEY, canary),
        f"{fmt_num(round(runs, 1))} canary runs/month on {canary.get('schedule', 'expression')} "
        f"(+ Lambda, S3 and logs, usage){note}",
        upper_bound=started is UNKNOWN or bool(note),
        key=_CANARY_KEY,
        units=runs,
    )
