"""The stack's alerting: the budget (its limit is the policy config's), the alert topic and its policy,
the email subscriptions, and every alarm, each checked against the AWS API's request shape."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest

from frugal.aws_limits import ALARM_ON_AFTER_START_MINUTES, ALARM_RESET_AFTER_START_MINUTES
from frugal.components import (
    AlarmTopic,
    ApiGatewayProxyArgs,
    ApiRoute,
    Container,
    ContainerImage,
    FargateServiceArgs,
    Schedule,
)
from frugal.mocks import ACCOUNT_ID, REGION, Recording
from settings import SettingsError, load_settings, policy_budget
from tests.edge.aws_shapes import (
    budgets_create_budget_request,
    cloudwatch_put_metric_alarm_request,
    scheduler_universal_target_request,
    validate,
)
from tests.infra.helpers import REPO, run_main, run_stack

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
BUDGET = "aws:budgets/budget:Budget"
TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
SCHEDULE = "aws:scheduler/schedule:Schedule"
ALL_ALARMS = '["nat-instance","api-errors","service-tasks"]'
# PutMetricAlarm's TreatMissingData is a free string in botocore's model; these are what AWS documents.
TREAT_MISSING_DATA = {"breaching", "notBreaching", "ignore", "missing"}
EVERYTHING = {"frugal:alarms": ALL_ALARMS, "frugal:costAnomalyMonitor": "true"}


def policy_config_budget(stack: str) -> float:
    return json.loads((REPO / "policy" / "config" / f"{stack}.json").read_text())["monthly-budget"][
        "budgetUsdMonthly"
    ]


def topic_arn(recording: Recording) -> str:
    return recording.stack_outputs["alertTopicArn"]


@pytest.fixture(scope="module")
def dev_everything() -> Recording:
    """dev with every alarm and the anomaly monitor: the scheduled service alarm is only made here."""
    return run_stack("dev", EVERYTHING)


@pytest.fixture(scope="module")
def recordings(dev: Recording, prod: Recording, dev_everything: Recording) -> dict[str, Recording]:
    return {"dev": dev, "prod": prod, "dev-everything": dev_everything}


# --- the budget ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_budgets_limit_is_the_policy_configs(stack: str, request: pytest.FixtureRequest) -> None:
    recording: Recording = request.getfixturevalue(stack)
    budget = recording.one(BUDGET).inputs
    assert float(budget["limitAmount"]) == policy_config_budget(stack)
    assert (budget["limitUnit"], budget["budgetType"], budget["timeUnit"]) == ("USD", "COST", "MONTHLY")
    assert budget["name"] == f"frugal-{stack}-monthly" == recording.stack_outputs["budgetName"]


def test_a_changed_policy_budget_changes_the_budget(tmp_path: Path) -> None:
    # Guard: the limit is read from the file, not a copy that happens to match.
    config = json.loads((REPO / "policy" / "config" / "dev.json").read_text())
    config["monthly-budget"]["budgetUsdMonthly"] = 7.25
    (tmp_path / "dev.json").write_text(json.dumps(config))
    assert policy_budget(tmp_path / "dev.json") == 7.25
    assert policy_budget(REPO / "policy" / "config" / "dev.json") == policy_config_budget("dev")


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_budget_counts_the_stacks_tag_gross_of_credits(
    stack: str, request: pytest.FixtureRequest
) -> None:
    budget = request.getfixturevalue(stack).one(BUDGET).inputs
    assert budget["costFilters"] == [{"name": "TagKeyValue", "values": [f"user:stack$frugal-{stack}"]}]
    assert budget["costTypes"] == {"includeCredit": False, "includeRefund": False}


def test_budget_scope_account_counts_the_whole_account() -> None:
    budget = run_stack("dev", {"frugal:budgetScope": "account"}).one(BUDGET).inputs
    assert "costFilters" not in budget and float(budget["limitAmount"]) == policy_config_budget("dev")


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_budget_notifies_the_topic_at_80_actual_and_100_forecast(
    stack: str, request: pytest.FixtureRequest
) -> None:
    recording: Recording = request.getfixturevalue(stack)
    notices = {
        (n["notificationType"], n["comparisonOperator"], n["threshold"], n["thresholdType"]): n
        for n in recording.one(BUDGET).inputs["notifications"]
    }
    assert set(notices) == {
        ("ACTUAL", "GREATER_THAN", 80, "PERCENTAGE"),
        ("FORECASTED", "GREATER_THAN", 100, "PERCENTAGE"),
    }
    for notice in notices.values():
        assert notice["subscriberSnsTopicArns"] == [topic_arn(recording)]
        assert "subscriberEmailAddresses" not in notice  # the topic's subscriptions carry the emails


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_budget_is_a_valid_create_budget_request(stack: str, request: pytest.FixtureRequest) -> None:
    budget = request.getfixturevalue(stack).one(BUDGET).inputs
    assert validate("budgets", "CreateBudget", budgets_create_budget_request(budget, ACCOUNT_ID)) == []


def test_the_budget_shape_check_can_fail(dev: Recording) -> None:
    budget = json.loads(json.dumps(dev.one(BUDGET).inputs))
    budget["notifications"][0]["notificationType"] = "PREDICTED"
    budget["timeUnit"] = "FORTNIGHTLY"
    errors = validate("budgets", "CreateBudget", budgets_create_budget_request(budget, ACCOUNT_ID))
    assert any("PREDICTED" in e for e in errors) and any("FORTNIGHTLY" in e for e in errors)


def test_a_stack_without_a_policy_config_gets_no_budget() -> None:
    recording = run_main({}, stack="no-policy-config")
    assert recording.of_type(BUDGET) == []
    assert "budgetName" not in recording.stack_outputs
    assert recording.of_type(TOPIC_POLICY)  # the topic and the alarms are still there


def test_policy_budget_reads_the_file_and_refuses_nonsense(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    assert policy_budget(missing) is None
    unset = tmp_path / "unset.json"
    unset.write_text('{"all": "mandatory"}')
    assert policy_budget(unset) is None
    for bad, shown in (("0", "0"), ("true", "true"), ('"40"', '"40"')):
        path = tmp_path / "bad.json"
        path.write_text(f'{{"monthly-budget": {{"budgetUsdMonthly": {bad}}}}}')
        with pytest.raises(SettingsError) as caught:
            policy_budget(path)
        assert f"monthly-budget.budgetUsdMonthly = {shown}: allowed: a number above 0" in str(caught.value)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(SettingsError, match=re.escape("broken.json: not valid JSON")):
        policy_budget(broken)


# --- the topic ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_topic_policy_admits_only_this_stacks_budget_and_alarms(
    stack: str, request: pytest.FixtureRequest
) -> None:
    recording: Recording = request.getfixturevalue(stack)
    policy = json.loads(recording.one(TOPIC_POLICY).inputs["policy"])
    allows = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    by_service = {s["Principal"]["Service"]: s for s in allows}
    assert set(by_service) == {"cloudwatch.amazonaws.com", "budgets.amazonaws.com"}
    # Everything else is the TLS-only statement (cdk-nag SNS3): it denies, it never admits.
    (deny,) = [s for s in policy["Statement"] if s not in allows]
    assert deny == {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "sns:Publish",
        "Resource": [topic_arn(recording)],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    for statement in by_service.values():
        assert (statement["Effect"], statement["Action"], statement["Resource"]) == (
            "Allow",
            "sns:Publish",
            topic_arn(recording),
        )
        assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT_ID}
    assert by_service["budgets.amazonaws.com"]["Condition"]["ArnLike"] == {
        "aws:SourceArn": f"arn:aws:budgets::{ACCOUNT_ID}:*"
    }
    alarms_arn = by_service["cloudwatch.amazonaws.com"]["Condition"]["ArnLike"]["aws:SourceArn"]
    assert alarms_arn == f"arn:aws:cloudwatch:{REGION}:{ACCOUNT_ID}:alarm:frugal-{stack}-*"
    # Every alarm of the stack is one the policy lets publish.
    for alarm in recording.of_type(ALARM):
        alarm_arn = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT_ID}:alarm:{alarm.inputs['name']}"
        assert fnmatch.fnmatchcase(alarm_arn, alarms_arn), alarm.name


def test_the_anomaly_monitor_publishes_through_its_own_statement(dev_everything: Recording) -> None:
    policy = json.loads(dev_everything.one(TOPIC_POLICY).inputs["policy"])
    (statement,) = [
        s
        for s in policy["Statement"]
        if s["Principal"] != "*" and s["Principal"]["Service"] == "costalerts.amazonaws.com"
    ]
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}
    monitor = dev_everything.one("aws:costexplorer/anomalyMonitor:AnomalyMonitor").inputs
    specification = json.loads(monitor["monitorSpecification"])
    assert specification == {"Tags": {"Key": "stack", "Values": ["frugal-dev"], "MatchOptions": ["EQUALS"]}}
    assert validate("ce", "Expression", specification) == []
    assert (
        validate(
            "ce",
            "CreateAnomalyMonitor",
            {
                "AnomalyMonitor": {
                    "MonitorName": monitor["name"],
                    "MonitorType": monitor["monitorType"],
                    "MonitorSpecification": specification,
                }
            },
        )
        == []
    )
    subscription = dev_everything.one("aws:costexplorer/anomalySubscription:AnomalySubscription").inputs
    assert subscription["frequency"] == "IMMEDIATE"
    assert subscription["subscribers"] == [{"type": "SNS", "address": topic_arn(dev_everything)}]
    dimension = subscription["thresholdExpression"]["dimension"]
    assert (
        validate(
            "ce",
            "CreateAnomalySubscription",
            {
                "AnomalySubscription": {
                    "SubscriptionName": subscription["name"],
                    "MonitorArnList": subscription["monitorArnLists"],
                    "Subscribers": [{"Type": "SNS", "Address": topic_arn(dev_everything)}],
                    "Frequency": subscription["frequency"],
                    "ThresholdExpression": {
                        "Dimensions": {
                            "Key": dimension["key"],
                            "Values": dimension["values"],
                            "MatchOptions": dimension["matchOptions"],
                        }
                    },
                }
            },
        )
        == []
    )


def test_no_anomaly_monitor_unless_asked(dev: Recording, prod: Recording) -> None:
    for recording in (dev, prod):
        assert recording.of_type("aws:costexplorer/anomalyMonitor:AnomalyMonitor") == []


def test_each_alert_email_gets_a_subscription() -> None:
    emails = ["ops@example.com", "Dev.Team+alerts@example.org"]
    recording = run_stack("dev", {"frugal:alertEmails": json.dumps(emails)})
    subscriptions = recording.of_type("aws:sns/topicSubscription:TopicSubscription")
    assert sorted(s.inputs["endpoint"] for s in subscriptions) == sorted(emails)
    assert {s.inputs["protocol"] for s in subscriptions} == {"email"}
    assert {s.inputs["topic"] for s in subscriptions} == {topic_arn(recording)}
    # The addresses stay out of the URNs; reordering them replaces nothing.
    assert not any("@" in s.urn for s in subscriptions)
    reordered = run_stack("dev", {"frugal:alertEmails": json.dumps(emails[::-1])})
    names = {s.name for s in reordered.of_type("aws:sns/topicSubscription:TopicSubscription")}
    assert names == {s.name for s in subscriptions}
    for subscription in subscriptions:
        request = {
            "TopicArn": topic_arn(recording),
            "Protocol": "email",
            "Endpoint": subscription.inputs["endpoint"],
        }
        assert validate("sns", "Subscribe", request) == []


def test_no_emails_no_subscriptions(dev: Recording) -> None:
    assert dev.of_type("aws:sns/topicSubscription:TopicSubscription") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('["not-an-address"]', 'not an email address: "not-an-address"'),
        ('["ops@localhost"]', 'not an email address: "ops@localhost"'),
        ('["two words@example.com"]', 'not an email address: "two words@example.com"'),
        ('["a@example.com", "A@example.com"]', "listed more than once"),
        ('"ops@example.com"', 'allowed: a list of email addresses, e.g. ["ops@example.com"]'),
        ("[1]", "allowed: a list of email addresses"),
    ],
)
def test_bad_alert_emails_are_refused_naming_the_key(raw: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"alertEmails": raw})
    message = str(caught.value)
    assert "frugal:alertEmails = " in message and expected in message


def test_alert_emails_may_be_empty() -> None:
    assert load_settings({"alertEmails": "[]"}).alerts.emails == ()


# --- the alarms -----------------------------------------------------------------------------------


def alarms(recording: Recording) -> dict[str, dict[str, Any]]:
    return {a.name: a.inputs for a in recording.of_type(ALARM)}


def alarm_metrics(inputs: dict[str, Any]) -> int:
    queries = inputs.get("metricQueries") or []
    return sum(1 for q in queries if "metric" in q) or 1


def test_which_alarms_each_stack_creates(dev: Recording, prod: Recording) -> None:
    assert set(alarms(dev)) == {"network-nat-system-check", "network-nat-instance-check"}
    assert set(alarms(prod)) == {
        "network-nat-system-check",
        "network-nat-instance-check",
        "api-5xx-rate",
        "app-running-tasks",
    }
    # Free tier: 10 alarm metrics an account. prod's target tracking makes 2 more alarms of its own.
    dev_metrics = sum(map(alarm_metrics, alarms(dev).values()))
    prod_metrics = sum(map(alarm_metrics, alarms(prod).values())) + 2
    assert (dev_metrics, prod_metrics) == (2, 7)
    assert dev_metrics + prod_metrics <= 10


def test_no_alarms_when_none_are_asked_for() -> None:
    recording = run_stack("prod", {"frugal:alarms": "[]"})
    assert recording.of_type(ALARM) == [] and recording.of_type(TOPIC_POLICY)


@pytest.mark.parametrize("which", ["dev", "prod", "dev-everything"])
def test_every_alarm_is_a_valid_put_metric_alarm_request(
    which: str, recordings: dict[str, Recording]
) -> None:
    recording = recordings[which]
    assert recording.of_type(ALARM)
    for alarm in recording.of_type(ALARM):
        request = cloudwatch_put_metric_alarm_request(alarm.inputs)
        assert validate("cloudwatch", "PutMetricAlarm", request) == [], alarm.name
        assert request["TreatMissingData"] in TREAT_MISSING_DATA, alarm.name


def test_the_alarm_shape_check_can_fail(prod: Recording) -> None:
    inputs = json.loads(json.dumps(alarms(prod)["api-5xx-rate"]))
    inputs["comparisonOperator"] = "Above"
    inputs["evaluationPeriods"] = "two"
    del inputs["metricQueries"][0]["id"]
    errors = validate("cloudwatch", "PutMetricAlarm", cloudwatch_put_metric_alarm_request(inputs))
    assert any("Above" in e for e in errors) and any("EvaluationPeriods" in e for e in errors)
    assert any("Id" in e for e in errors)


@pytest.mark.parametrize("which", ["dev", "prod", "dev-everything"])
def test_alarm_actions_are_the_topic_or_ec2s_own(which: str, recordings: dict[str, Recording]) -> None:
    recording = recordings[which]
    topic = topic_arn(recording)
    ec2 = {f"arn:aws:automate:{REGION}:ec2:recover", f"arn:aws:automate:{REGION}:ec2:reboot"}
    for name, inputs in alarms(recording).items():
        actions = [*inputs.get("alarmActions", []), *inputs.get("okActions", [])]
        assert topic in inputs["alarmActions"], name
        assert set(actions) <= {topic} | ec2, name


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_nat_instance_heals_itself_and_says_so(stack: str, request: pytest.FixtureRequest) -> None:
    recording: Recording = request.getfixturevalue(stack)
    found = alarms(recording)
    instance_id = recording.one("aws:ec2/instance:Instance").id
    for name, metric, action in (
        ("network-nat-system-check", "StatusCheckFailed_System", "recover"),
        ("network-nat-instance-check", "StatusCheckFailed_Instance", "reboot"),
    ):
        alarm = found[name]
        assert (alarm["namespace"], alarm["metricName"], alarm["dimensions"]) == (
            "AWS/EC2",
            metric,
            {"InstanceId": instance_id},
        )
        assert alarm["alarmActions"] == [f"arn:aws:automate:{REGION}:ec2:{action}", topic_arn(recording)]
        assert alarm["okActions"] == [topic_arn(recording)]
        # dev's instance is stopped at night: no status checks then must not alarm.
        assert alarm["treatMissingData"] == "notBreaching"
        assert (alarm["comparisonOperator"], alarm["threshold"], alarm["period"]) == (
            "GreaterThanOrEqualToThreshold",
            1,
            60,
        )
        assert alarm["name"] == f"frugal-{stack}-{name}"


def test_no_nat_alarms_without_a_nat_instance() -> None:
    recording = run_main({"frugal:egress": "vpc-endpoints", "frugal:executeCommand": "false"})
    assert not [a for a in recording.of_type(ALARM) if a.name.startswith("network-")]


def test_the_api_alarm_is_the_5xx_share_of_requests(prod: Recording) -> None:
    alarm = alarms(prod)["api-5xx-rate"]
    api_id = prod.one("aws:apigatewayv2/api:Api").id
    queries = {q["id"]: q for q in alarm["metricQueries"]}
    assert {q: queries[q]["metric"]["metricName"] for q in ("errors", "requests")} == {
        "errors": "5xx",
        "requests": "Count",
    }
    for query in ("errors", "requests"):
        metric = queries[query]["metric"]
        assert (metric["namespace"], metric["dimensions"], metric["stat"]) == (
            "AWS/ApiGateway",
            {"ApiId": api_id},
            "Sum",
        )
        assert queries[query]["returnData"] is False
    assert queries["rate"]["expression"] == "IF(requests >= 20, 100 * errors / requests, 0)"
    assert queries["rate"]["returnData"] is True
    assert (alarm["comparisonOperator"], alarm["threshold"], alarm["treatMissingData"]) == (
        "GreaterThanThreshold",
        5,
        "notBreaching",
    )


def test_prods_task_alarm_is_always_on(prod: Recording) -> None:
    alarm = alarms(prod)["app-running-tasks"]
    assert (alarm["namespace"], alarm["metricName"], alarm["statistic"]) == (
        "AWS/ECS",
        "CPUUtilization",
        "SampleCount",
    )
    assert alarm["dimensions"] == {
        "ClusterName": prod.stack_outputs["clusterName"],
        "ServiceName": prod.stack_outputs["serviceName"],
    }
    # No task running: ECS publishes no datapoint at all, so missing data is the alarm.
    assert (alarm["comparisonOperator"], alarm["threshold"], alarm["treatMissingData"]) == (
        "LessThanThreshold",
        1,
        "breaching",
    )
    assert "okActions" not in alarm
    assert [s.name for s in prod.of_type(SCHEDULE) if "alarm" in s.name] == []


def test_with_container_insights_the_task_alarm_counts_tasks() -> None:
    recording = run_stack("prod", {"frugal:containerInsights": "true"})
    alarm = alarms(recording)["app-running-tasks"]
    assert (alarm["namespace"], alarm["metricName"], alarm["statistic"], alarm["threshold"]) == (
        "ECS/ContainerInsights",
        "RunningTaskCount",
        "Minimum",
        1,
    )


def test_a_scheduled_services_alarm_follows_the_schedule(dev_everything: Recording) -> None:
    alarm = alarms(dev_everything)["app-running-tasks"]
    schedules = {s.name: s.inputs for s in dev_everything.of_type(SCHEDULE) if s.name.startswith("app-alarm")}
    assert {name: s["scheduleExpression"] for name, s in schedules.items()} == {
        "app-alarm-off": "cron(0 19 ? * MON-FRI *)",  # with the scale-down
        "app-alarm-on": f"cron({ALARM_ON_AFTER_START_MINUTES} 8 ? * MON-FRI *)",
        "app-alarm-reset": f"cron({ALARM_RESET_AFTER_START_MINUTES} 8 ? * MON-FRI *)",
    }
    assert ALARM_ON_AFTER_START_MINUTES < ALARM_RESET_AFTER_START_MINUTES
    scale = {
        a.name: a.inputs for a in dev_everything.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    }
    assert scale["app-scale-down"]["schedule"] == schedules["app-alarm-off"]["scheduleExpression"]
    assert {s["scheduleExpressionTimezone"] for s in schedules.values()} == {
        scale["app-scale-up"]["timezone"]
    }
    calls = {}
    for name, schedule in schedules.items():
        service, operation, request = scheduler_universal_target_request(
            schedule["target"]["arn"], schedule["target"]["input"]
        )
        assert service == "cloudwatch"
        assert validate("cloudwatch", operation, request) == [], name
        calls[name] = (operation, request)
    assert calls["app-alarm-off"] == ("DisableAlarmActions", {"AlarmNames": [alarm["name"]]})
    assert calls["app-alarm-on"] == ("EnableAlarmActions", {"AlarmNames": [alarm["name"]]})
    assert calls["app-alarm-reset"][0] == "SetAlarmState"
    assert calls["app-alarm-reset"][1]["AlarmName"] == alarm["name"]
    assert calls["app-alarm-reset"][1]["StateValue"] == "OK"


def test_the_alarm_schedulers_role_may_only_switch_that_alarm(dev_everything: Recording) -> None:
    (alarm,) = [a for a in dev_everything.of_type(ALARM) if a.name == "app-running-tasks"]
    (role_policy,) = [
        p for p in dev_everything.of_type("aws:iam/rolePolicy:RolePolicy") if p.name == "app-alarm-scheduler"
    ]
    (statement,) = json.loads(role_policy.inputs["policy"])["Statement"]
    assert statement["Action"] == [
        "cloudwatch:DisableAlarmActions",
        "cloudwatch:EnableAlarmActions",
        "cloudwatch:SetAlarmState",
    ]
    assert statement["Resource"] == [alarm.outputs["arn"]]
    schedules = [s for s in dev_everything.of_type(SCHEDULE) if s.name.startswith("app-alarm")]
    (role,) = [r for r in dev_everything.of_type("aws:iam/role:Role") if r.name == "app-alarm-scheduler"]
    assert {s.inputs["target"]["roleArn"] for s in schedules} == {role.outputs["arn"]}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"alarms": '["nat"]'}, 'frugal:alarms = "[\\"nat\\"]": allowed: a list of any of nat-instance'),
        ({"alarms": '["api-errors", "api-errors"]'}, "each at most once"),
        (
            {"alarms": '["service-tasks"]', "minCount": "0", "desiredCount": "0", "schedule": "none"},
            'frugal:alarms includes "service-tasks" with frugal:minCount = 0',
        ),
        (
            {
                "alarms": '["service-tasks"]',
                "egress": "vpc-endpoints",
                "schedule": "custom",
                "scheduleUp": "cron(50 23 ? * MON-FRI *)",
                "scheduleDown": "cron(0 19 ? * MON-FRI *)",
            },
            'frugal:scheduleUp = "cron(50 23 ? * MON-FRI *)" with frugal:alarms including "service-tasks"',
        ),
        ({"budgetScope": "team"}, 'frugal:budgetScope = "team": allowed: stack, account'),
    ],
)
def test_alarm_and_budget_settings_are_checked(values: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(values)
    assert expected in str(caught.value)


@pytest.mark.parametrize("egress", ["nat-instance", "vpc-endpoints"])
def test_a_scale_up_the_service_alarm_cant_follow_is_reported_for_the_alarm(egress: str) -> None:
    # shift_cron's own message is neutral; before, it said "for the NAT instance" here whatever the egress.
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {
                "alarms": '["service-tasks"]',
                "egress": egress,
                "schedule": "custom",
                "scheduleUp": "cron(50 23 ? * MON-FRI *)",
                "scheduleDown": "cron(0 19 ? * MON-FRI *)",
            }
        )
    (problem,) = caught.value.problems
    assert problem == (
        'frugal:scheduleUp = "cron(50 23 ? * MON-FRI *)" with frugal:alarms including "service-tasks": '
        "the alarm is switched on 10 and reset 15 minutes after the scale-up, so the scale-up moved by "
        "10 minutes would cross midnight"
    )


# --- the components' own checks -------------------------------------------------------------------

TOPIC = AlarmTopic("arn:aws:sns:us-east-1:123456789012:alerts", "demo")


def service_args(**overrides: Any) -> FargateServiceArgs:
    container = Container(image=ContainerImage.from_uri("public.ecr.aws/nginx/nginx:1.27"), port=80)
    # The cluster is not looked at before the component is built.
    return FargateServiceArgs(cluster=None, subnet_ids=[], container=container, alarms=TOPIC, **overrides)  # type: ignore[arg-type]


def test_a_service_alarm_needs_a_minimum_to_fall_below() -> None:
    with pytest.raises(ValueError, match="min_count is 0"):
        service_args(min_count=0, desired_count=0)


def test_a_service_alarm_needs_a_scale_up_it_can_follow() -> None:
    late = Schedule("cron(50 23 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "UTC")
    with pytest.raises(ValueError, match="would cross midnight") as caught:
        service_args(schedule=late)
    # The service's own context, with the delay it checks (not the NAT instance's, not 10 minutes only).
    assert "switched on 10 and reset 15 minutes after it" in str(caught.value)
    assert "NAT" not in str(caught.value)
    # The reset is the later of the two: 23:47 is switched on at 23:57 but can't be reset at 00:02.
    with pytest.raises(ValueError, match="moved by 15 minutes would cross midnight"):
        service_args(schedule=Schedule("cron(47 23 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "UTC"))
    every_hour = Schedule("cron(0 * ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "UTC")
    with pytest.raises(ValueError, match="needs a fixed minute and hour"):
        service_args(schedule=every_hour)
    assert service_args(schedule=Schedule("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "UTC"))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"error_rate_percent": 0}, "error_rate_percent"),
        ({"error_rate_min_requests": 0}, "error_rate_min_requests"),
    ],
)
def test_the_api_alarm_settings_are_checked(overrides: dict[str, Any], message: str) -> None:
    route_target = type("Target", (), {"discovery_name": "web", "port": 80})()
    with pytest.raises(ValueError, match=message):
        ApiGatewayProxyArgs(vpc_link=None, routes=[ApiRoute("/", route_target)], alarms=TOPIC, **overrides)  # type: ignore[arg-type]
