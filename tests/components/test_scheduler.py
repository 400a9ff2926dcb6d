"""scheduled_api_calls: one role for the schedules of a component, allowed exactly the APIs they call."""

from __future__ import annotations

import json

import pytest

from frugal.components import Component
from frugal.components.scheduler import ApiCall, iam_action, scheduled_api_calls
from tests.infra.helpers import run_components

INSTANCE = {"InstanceIds": ["i-1"]}


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("ec2:startInstances", "ec2:StartInstances"),
        ("cloudwatch:setAlarmState", "cloudwatch:SetAlarmState"),
    ],
)
def test_the_role_allows_the_iam_action_of_each_api(action: str, expected: str) -> None:
    assert iam_action(action) == expected


def test_one_role_and_one_schedule_per_call_all_in_the_owner() -> None:
    def program() -> None:
        owner = Component("test:index:Owner", "owner")
        scheduled_api_calls(
            owner,
            "owner-scheduler",
            role_description="test",
            sid="StartStop",
            resources=["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],
            timezone="Europe/Berlin",
            calls=[
                ApiCall(
                    "owner-start", "cron(0 8 ? * * *)", "ec2:startInstances", {"InstanceIds": ["i-1"]}, "s"
                ),
                ApiCall(
                    "owner-stop", "cron(0 19 ? * * *)", "ec2:stopInstances", {"InstanceIds": ["i-1"]}, "t"
                ),
            ],
        )
        owner.finish({})

    recording = run_components(program)
    owner = recording.one("test:index:Owner")
    (role,) = recording.of_type("aws:iam/role:Role")
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "scheduler.amazonaws.com"}
    (policy,) = recording.of_type("aws:iam/rolePolicy:RolePolicy")
    statement = json.loads(policy.inputs["policy"])["Statement"]
    assert statement == [
        {
            "Sid": "StartStop",
            "Effect": "Allow",
            "Action": ["ec2:StartInstances", "ec2:StopInstances"],
            "Resource": ["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],
        }
    ]
    schedules = {s.name: s for s in recording.of_type("aws:scheduler/schedule:Schedule")}
    assert sorted(schedules) == ["owner-start", "owner-stop"]
    start = schedules["owner-start"].inputs
    assert start["scheduleExpression"] == "cron(0 8 ? * * *)"
    assert start["scheduleExpressionTimezone"] == "Europe/Berlin"
    assert start["target"]["arn"] == "arn:aws:scheduler:::aws-sdk:ec2:startInstances"
    assert start["target"]["roleArn"] == role.outputs["arn"]
    assert json.loads(start["target"]["input"]) == {"InstanceIds": ["i-1"]}
    for resource in (role, policy, *schedules.values()):
        assert resource.parent == owner.urn
