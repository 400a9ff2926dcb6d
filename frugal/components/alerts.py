"""Alerts: one SNS topic for a stack's alarms and cost notices, a monthly cost budget, and optionally a
Cost Anomaly Detection monitor.

- The topic (no server-side encryption: AWS Budgets and CloudWatch can't publish to a topic encrypted
  with the AWS-managed `aws/sns` key, and a customer managed key is $1/month; alerts carry no secrets)
  has one email subscription per address. Each address gets a confirmation mail from SNS and receives
  nothing until it is confirmed.
- The topic policy lets exactly three publishers in: `budgets.amazonaws.com` for this account's
  budgets, `cloudwatch.amazonaws.com` for alarms whose names start with this stack's prefix, and
  `costalerts.amazonaws.com` when the anomaly monitor is on, each only from this account
  (`aws:SourceAccount`) and, where the ARN form is known, these sources (`aws:SourceArn`); and it denies
  publishing without TLS (`aws:SecureTransport`) to everyone.
- The budget is a monthly COST budget in USD, gross of credits and refunds (so a credit can't hide
  spend), notifying the topic at `actual_percent` of actual spend and `forecast_percent` of forecast
  spend. `tag` limits it to the costs carrying that cost allocation tag (`user:<key>$<value>`), which
  only match once the tag key is activated in the Billing console; None budgets the whole account.
- The anomaly monitor is a CUSTOM monitor over the same tag, with an IMMEDIATE subscription (the only
  frequency SNS subscribers take). AWS creates tag monitors in the management account only.

`alarm_topic` is what components take to create their own alarms (`AlarmTopic`): the topic and the
name prefix the topic policy admits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from frugal.aws_limits import is_email
from frugal.components.base import Component, Moved
from frugal.components.iam import deny_insecure_transport, policy_document


@dataclass(frozen=True)
class AlarmTopic:
    """Where a component's alarms notify, and the prefix their names must start with."""

    topic_arn: pulumi.Input[str]
    name_prefix: str
    """The topic policy admits CloudWatch alarms named `<name_prefix>-*` only."""

    def alarm_name(self, *parts: str) -> str:
        return "-".join([self.name_prefix, *parts])


def ec2_action_arn(partition: str, region: str, action: str) -> str:
    """The alarm action that makes EC2 itself act on the alarm's instance (`recover`, `reboot`, ...)."""
    return f"arn:{partition}:automate:{region}:ec2:{action}"


@dataclass(frozen=True)
class CostTag:
    """A cost allocation tag: `user:<key>` in Billing, once activated there."""

    key: str
    value: str

    @property
    def budget_filter(self) -> str:
        """The value of a budget's `TagKeyValue` cost filter."""
        return f"user:{self.key}${self.value}"


@dataclass
class BudgetArgs:
    limit_usd_monthly: float
    tag: CostTag | None = None
    """Only costs with this cost allocation tag; None: the whole account."""
    actual_percent: float = 80.0
    forecast_percent: float = 100.0

    def __post_init__(self) -> None:
        if not self.limit_usd_monthly > 0:
            raise ValueError(f"budget limit must be above 0 USD a month, got {self.limit_usd_monthly!r}")
        for label, value in (
            ("actual_percent", self.actual_percent),
            ("forecast_percent", self.forecast_percent),
        ):
            if not 0 < value <= 1000:
                raise ValueError(f"budget {label} must be above 0 and at most 1000, got {value!r}")


@dataclass
class AnomalyMonitorArgs:
    tag: CostTag
    """The monitor watches the costs with this cost allocation tag."""
    threshold_usd: float = 1.0
    """Notify for anomalies whose total impact is at least this many USD."""


@dataclass
class AlertsArgs:
    name_prefix: str
    """Names the topic (`<prefix>-alerts`), the budget (`<prefix>-monthly`) and the alarms it admits."""
    emails: Sequence[str] = ()
    budget: BudgetArgs | None = None
    anomaly_monitor: AnomalyMonitorArgs | None = None
    email_ids: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        bad = [email for email in self.emails if not is_email(email)]
        if bad:
            raise ValueError(f"not an email address: {', '.join(map(repr, bad))}")
        lowered = [email.lower() for email in self.emails]
        if len(set(lowered)) != len(lowered):
            raise ValueError(f"email addresses listed twice: {list(self.emails)}")
        # Named by a hash of the address: reordering the list doesn't replace subscriptions, and the
        # addresses stay out of the URNs.
        self.email_ids = {
            email: hashlib.sha256(email.lower().encode()).hexdigest()[:10] for email in self.emails
        }


class Alerts(Component):
    """The stack's alert topic with its email subscriptions, its budget, and its anomaly monitor."""

    topic_arn: pulumi.Output[str]
    alarm_topic: AlarmTopic
    budget_name: str | None

    def __init__(
        self,
        name: str,
        args: AlertsArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:Alerts", name, opts, moved)
        self._label = name
        self._args = args
        self._account_id = aws.get_caller_identity(opts=self.invoke_opts()).account_id
        self._region = aws.get_region(opts=self.invoke_opts()).region
        self._partition = aws.get_partition(opts=self.invoke_opts()).partition
        self.budget_name = f"{args.name_prefix}-monthly" if args.budget is not None else None

        topic = aws.sns.Topic(
            f"{name}-topic",
            name=f"{args.name_prefix}-alerts",
            opts=self.child_opts(f"{name}-topic"),
        )
        topic_policy = aws.sns.TopicPolicy(
            f"{name}-topic",
            arn=topic.arn,
            policy=policy_document(self._publishers(topic)),
            opts=self.child_opts(f"{name}-topic"),
        )
        for email, email_id in args.email_ids.items():
            child = f"{name}-email-{email_id}"
            aws.sns.TopicSubscription(
                child, topic=topic.arn, protocol="email", endpoint=email, opts=self.child_opts(child)
            )
        if args.budget is not None:
            self._budget(args.budget, topic, topic_policy)
        if args.anomaly_monitor is not None:
            self._anomaly_monitor(args.anomaly_monitor, topic, topic_policy)

        self.topic_arn = topic.arn
        self.alarm_topic = AlarmTopic(topic.arn, args.name_prefix)
        self.finish({"topicArn": self.topic_arn, "budgetName": self.budget_name})

    def _publishers(self, topic: aws.sns.Topic) -> list[dict[str, object]]:
        """Who may publish: each AWS service only from this account and, where known, this source."""
        account, prefix = self._account_id, self._args.name_prefix
        this_account = {"aws:SourceAccount": account}
        alarms = f"arn:{self._partition}:cloudwatch:{self._region}:{account}:alarm:{prefix}-*"
        # AWS's documented form for budget notifications: any budget of this account.
        budgets = f"arn:{self._partition}:budgets::{account}:*"
        # (Sid, the service that publishes, the source ARNs it publishes from: None for any of this account)
        publishers: list[tuple[str, str, str | None]] = [("CloudWatchAlarms", "cloudwatch", alarms)]
        if self.budget_name is not None:
            publishers.append(("Budget", "budgets", budgets))
        if self._args.anomaly_monitor is not None:
            publishers.append(("CostAnomalyDetection", "costalerts", None))
        statements: list[dict[str, object]] = []
        for sid, service, source in publishers:
            condition: dict[str, object] = {"StringEquals": this_account}
            if source is not None:
                condition["ArnLike"] = {"aws:SourceArn": source}
            statements.append(
                {
                    "Sid": sid,
                    "Effect": "Allow",
                    "Principal": {"Service": f"{service}.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": topic.arn,
                    "Condition": condition,
                }
            )
        # Nobody publishes without TLS (cdk-nag SNS3, free); the AWS services above use TLS anyway.
        statements.append(deny_insecure_transport("sns:Publish", [topic.arn]))
        return statements

    def _budget(self, budget: BudgetArgs, topic: aws.sns.Topic, topic_policy: aws.sns.TopicPolicy) -> None:
        def notice(kind: str, percent: float) -> aws.budgets.BudgetNotificationArgs:
            return aws.budgets.BudgetNotificationArgs(
                notification_type=kind,
                comparison_operator="GREATER_THAN",
                threshold=percent,
                threshold_type="PERCENTAGE",
                subscriber_sns_topic_arns=[topic.arn],
            )

        child = f"{self._label}-budget"
        aws.budgets.Budget(
            child,
            name=self.budget_name,
            budget_type="COST",
            time_unit="MONTHLY",
            limit_amount=f"{budget.limit_usd_monthly:.2f}",
            limit_unit="USD",
            cost_filters=(
                [aws.budgets.BudgetCostFilterArgs(name="TagKeyValue", values=[budget.tag.budget_filter])]
                if budget.tag is not None
                else None
            ),
            # Gross spend: a credit or refund must not hide what the stack costs.
            cost_types=aws.budgets.BudgetCostTypesArgs(include_credit=False, include_refund=False),
            notifications=[
                notice("ACTUAL", budget.actual_percent),
                notice("FORECASTED", budget.forecast_percent),
            ],
            # Budgets checks it may publish when the notification is created.
            opts=self.child_opts(child, depends_on=[topic_policy]),
        )

    def _anomaly_monitor(
        self, monitor: AnomalyMonitorArgs, topic: aws.sns.Topic, topic_policy: aws.sns.TopicPolicy
    ) -> None:
        prefix = self._args.name_prefix
        child = f"{self._label}-anomalies"
        anomaly_monitor = aws.costexplorer.AnomalyMonitor(
            child,
            name=f"{prefix}-spend",
            monitor_type="CUSTOM",
            monitor_specification=json.dumps(
                {"Tags": {"Key": monitor.tag.key, "Values": [monitor.tag.value], "MatchOptions": ["EQUALS"]}}
            ),
            opts=self.child_opts(child),
        )
        aws.costexplorer.AnomalySubscription(
            child,
            name=f"{prefix}-anomalies",
            frequency="IMMEDIATE",  # SNS subscribers take IMMEDIATE only
            monitor_arn_lists=[anomaly_monitor.arn],
            subscribers=[aws.costexplorer.AnomalySubscriptionSubscriberArgs(type="SNS", address=topic.arn)],
            threshold_expression=aws.costexplorer.AnomalySubscriptionThresholdExpressionArgs(
                dimension=aws.costexplorer.AnomalySubscriptionThresholdExpressionDimensionArgs(
                    key="ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                    match_options=["GREATER_THAN_OR_EQUAL"],
                    values=[f"{monitor.threshold_usd:g}"],
                )
            ),
            opts=self.child_opts(child, depends_on=[topic_policy]),
        )
