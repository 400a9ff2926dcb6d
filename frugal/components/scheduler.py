"""EventBridge Scheduler schedules that call one AWS API each, and the one role they share.

The service switches its running-tasks alarm around its schedule and the network starts and stops the
NAT instance the same way: a universal target (`arn:<partition>:scheduler:::aws-sdk:<service>:<action>`)
calls the API with a JSON payload, as a role that may call exactly those actions on exactly the given
resources.
https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html (2026-12, sure)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from frugal.components.base import Component
from frugal.components.iam import policy_document, service_trust_policy

RETRIES = 3


@dataclass(frozen=True)
class ApiCall:
    """One schedule: call `action` (`<service>:<apiName>`, e.g. `ec2:startInstances`) with `payload`."""

    child: str
    """The schedule's resource name."""
    expression: str
    """An AWS `cron(...)` expression, in the schedule's timezone."""
    action: str
    payload: Mapping[str, Any]
    """The API's request, which may hold Outputs."""
    description: str


def iam_action(action: str) -> str:
    """The IAM action a universal target's `<service>:<apiName>` needs (`ec2:StartInstances`)."""
    service, api = action.split(":")
    return f"{service}:{api[0].upper()}{api[1:]}"


def scheduled_api_calls(
    owner: Component,
    role_child: str,
    *,
    role_description: str,
    sid: str,
    resources: Sequence[pulumi.Input[str]],
    timezone: str,
    calls: Sequence[ApiCall],
) -> aws.iam.Role:
    """The role (and its inline policy, both named `role_child`) and one schedule per call, in `owner`."""
    partition = aws.get_partition(opts=owner.invoke_opts()).partition
    account_id = aws.get_caller_identity(opts=owner.invoke_opts()).account_id
    role = aws.iam.Role(
        role_child,
        description=role_description,
        assume_role_policy=service_trust_policy("scheduler.amazonaws.com", account_id),
        opts=owner.child_opts(role_child),
    )
    aws.iam.RolePolicy(
        role_child,
        role=role.id,
        policy=policy_document(
            [
                {
                    "Sid": sid,
                    "Effect": "Allow",
                    "Action": sorted({iam_action(call.action) for call in calls}),
                    "Resource": list(resources),
                }
            ]
        ),
        opts=owner.child_opts(role_child),
    )
    for call in calls:
        aws.scheduler.Schedule(
            call.child,
            description=call.description,
            schedule_expression=call.expression,
            schedule_expression_timezone=timezone,
            flexible_time_window={"mode": "OFF"},
            target={
                "arn": f"arn:{partition}:scheduler:::aws-sdk:{call.action}",
                "role_arn": role.arn,
                "input": pulumi.Output.json_dumps(call.payload),
                "retry_policy": {"maximum_retry_attempts": RETRIES},
            },
            opts=owner.child_opts(call.child),
        )
    return role
