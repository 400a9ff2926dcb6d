"""A FargateService's running-tasks alarm and, for a scheduled service, the schedules that switch it.

A scheduled service's alarm has its actions switched off at the scale-down and on again after the
scale-up, then its state reset to OK (`aws_limits.alarm_switch_times`), so a service that did not come
up goes OK -> ALARM and notifies.
"""

from __future__ import annotations

import pulumi_aws as aws

from frugal.aws_limits import Schedule, alarm_switch_times
from frugal.components.alerts import AlarmTopic
from frugal.components.base import Component
from frugal.components.fargate_service_args import FargateServiceArgs
from frugal.components.scheduler import ApiCall, scheduled_api_calls

# 5 one-minute periods in a row below the minimum (a Spot replacement or a deployment takes less).
RUNNING_TASKS_PERIOD_SECONDS = 60
RUNNING_TASKS_MINUTES = 5


def running_tasks_alarm(
    owner: Component, name: str, args: FargateServiceArgs, service: aws.ecs.Service, alarms: AlarmTopic
) -> None:
    """Fewer running tasks than `min_count`, from the metrics ECS publishes for free when it can.

    Without Container Insights there is no task-count metric: ECS publishes the service's
    CPUUtilization only while at least one task is RUNNING and nothing at all otherwise, so missing
    data (treated as breaching) means no task runs. That is "below the minimum" exactly when
    min_count is 1; with a higher minimum it catches the outage, not a partial loss. With Container
    Insights on the cluster, RunningTaskCount is compared with min_count itself.
    """
    child = f"{name}-running-tasks"
    alarm_name = alarms.alarm_name(child)
    if args.cluster.container_insights:
        namespace, metric, statistic, threshold = (
            "ECS/ContainerInsights",
            "RunningTaskCount",
            "Minimum",
            args.min_count,
        )
        what = f"fewer than {args.min_count} running tasks"
    else:
        namespace, metric, statistic, threshold = "AWS/ECS", "CPUUtilization", "SampleCount", 1
        what = "no running task (no task reported CPU)"
    hours = " during its scheduled hours" if args.schedule is not None else ""
    alarm = aws.cloudwatch.MetricAlarm(
        child,
        name=alarm_name,
        alarm_description=f"The {name} service had {what} for {RUNNING_TASKS_MINUTES} minutes{hours}.",
        namespace=namespace,
        metric_name=metric,
        dimensions={"ClusterName": args.cluster.cluster_name, "ServiceName": service.name},
        statistic=statistic,
        period=RUNNING_TASKS_PERIOD_SECONDS,
        evaluation_periods=RUNNING_TASKS_MINUTES,
        datapoints_to_alarm=RUNNING_TASKS_MINUTES,
        comparison_operator="LessThanThreshold",
        threshold=threshold,
        # No datapoint at all is the outage this alarm is for.
        treat_missing_data="breaching",
        alarm_actions=[alarms.topic_arn],
        # No OK action: the morning reset would send one every day.
        opts=owner.child_opts(
            child,
            # With a schedule, EventBridge Scheduler owns actionsEnabled; `pulumi up` must not fight it.
            ignore_changes=["actionsEnabled"] if args.schedule is not None else None,
        ),
    )
    if args.schedule is not None:
        _alarm_schedule(owner, name, alarm, alarm_name, args.schedule)


def _alarm_schedule(
    owner: Component, name: str, alarm: aws.cloudwatch.MetricAlarm, alarm_name: str, schedule: Schedule
) -> None:
    """The scale actions' cron and timezone: off at the scale-down, on and reset after the scale-up."""
    on, reset = alarm_switch_times(schedule)
    steps = [
        ("alarm-off", schedule.stop, "disableAlarmActions", {"AlarmNames": [alarm_name]}),
        ("alarm-on", on, "enableAlarmActions", {"AlarmNames": [alarm_name]}),
        (
            "alarm-reset",
            reset,
            "setAlarmState",
            {
                "AlarmName": alarm_name,
                "StateValue": "OK",
                "StateReason": "Scheduled scale-up: evaluate the running tasks afresh",
            },
        ),
    ]
    scheduled_api_calls(
        owner,
        f"{name}-alarm-scheduler",
        role_description=(
            "EventBridge Scheduler: switch this service's running-tasks alarm with its schedule"
        ),
        sid="SwitchRunningTasksAlarm",
        resources=[alarm.arn],
        timezone=schedule.timezone,
        calls=[
            ApiCall(
                f"{name}-{suffix}",
                expression,
                f"cloudwatch:{api}",
                payload,
                f"{api} for the {name} service's running-tasks alarm, around its schedule",
            )
            for suffix, expression, api, payload in steps
        ],
    )
