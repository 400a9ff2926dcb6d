"""The dev and prod stacks run from their stack files and get the choices the issue fixes."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from frugal.mocks import Recording, run_program
from frugal.stack_files import load_stack_config
from tests.infra.helpers import REPO, is_secret, run_main, run_stack, unwrap_secret

EXPORTS = {
    "vpcId",
    "privateSubnetIds",
    "publicSubnetIds",
    "tableName",
    "clusterName",
    "serviceName",
    "cloudMapServiceArn",
    "logGroupName",
    "repositoryUrl",
}


def test_dev_stack(dev: Recording) -> None:
    task = dev.one("aws:ecs/taskDefinition:TaskDefinition").inputs
    assert (task["cpu"], task["memory"]) == ("256", "512")
    service = dev.one("aws:ecs/service:Service").inputs
    assert service["capacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}
    ]
    assert service["desiredCount"] == 1
    target = dev.one("aws:appautoscaling/target:Target").inputs
    assert (target["minCapacity"], target["maxCapacity"]) == (1, 1)
    assert not dev.of_type("aws:appautoscaling/policy:Policy")
    assert service["enableExecuteCommand"] is True
    assert len(dev.of_type("aws:ec2/subnet:Subnet")) == 2  # one private, one public for the NAT instance
    assert dev.one("aws:ec2/instance:Instance").inputs["instanceType"] == "t4g.nano"
    # The service's logs and the API's access logs (on by default) keep the stack's retention.
    assert {g.name: g.inputs["retentionInDays"] for g in dev.of_type("aws:cloudwatch/logGroup:LogGroup")} == {
        "app-logs": 3,
        "api-access": 3,
    }
    actions = {
        a.inputs["schedule"] for a in dev.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    }
    assert actions == {"cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)"}
    nat = {s.inputs["scheduleExpression"] for s in dev.of_type("aws:scheduler/schedule:Schedule")}
    assert nat == {"cron(55 7 ? * MON-FRI *)", "cron(5 19 ? * MON-FRI *)"}
    zones = {a.inputs["timezone"] for a in dev.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")}
    zones |= {s.inputs["scheduleExpressionTimezone"] for s in dev.of_type("aws:scheduler/schedule:Schedule")}
    assert zones == {"America/New_York"}
    table = dev.one("aws:dynamodb/table:Table").inputs
    # Point-in-time recovery is on in dev too (cdk-nag DDB3: $0.20/GB-month, $0.00 for kilobytes).
    assert table["pointInTimeRecovery"] == {"enabled": True} and table["deletionProtectionEnabled"] is False


def test_prod_stack(prod: Recording) -> None:
    task = prod.one("aws:ecs/taskDefinition:TaskDefinition").inputs
    assert (task["cpu"], task["memory"]) == ("512", "1024")
    service = prod.one("aws:ecs/service:Service").inputs
    assert service["capacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE", "weight": 0, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0},
    ]
    assert service["desiredCount"] == 2
    assert service["enableExecuteCommand"] is False
    target = prod.one("aws:appautoscaling/target:Target").inputs
    assert (target["minCapacity"], target["maxCapacity"]) == (1, 4)
    policy = prod.one("aws:appautoscaling/policy:Policy").inputs
    assert policy["targetTrackingScalingPolicyConfiguration"]["targetValue"] == 70
    assert not prod.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    assert not prod.of_type("aws:scheduler/schedule:Schedule")  # the NAT instance runs all the time
    assert len(prod.of_type("aws:ec2/instance:Instance")) == 1
    private = [
        s for s in prod.of_type("aws:ec2/subnet:Subnet") if s.inputs["tags"]["frugal:tier"] == "private"
    ]
    assert sorted(s.inputs["availabilityZone"] for s in private) == ["us-east-1a", "us-east-1b"]
    assert {
        g.name: g.inputs["retentionInDays"] for g in prod.of_type("aws:cloudwatch/logGroup:LogGroup")
    } == {
        "app-logs": 30,
        "api-access": 30,
    }
    table = prod.one("aws:dynamodb/table:Table").inputs
    assert table["pointInTimeRecovery"] == {"enabled": True} and table["deletionProtectionEnabled"] is True


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_exports(stack: str, request: pytest.FixtureRequest) -> None:
    recording: Recording = request.getfixturevalue(stack)
    outputs = recording.stack_outputs
    assert set(outputs) >= EXPORTS
    assert outputs["cloudMapServiceArn"].startswith("arn:aws:servicediscovery:")
    assert outputs["tableName"] == recording.one("aws:dynamodb/table:Table").outputs["name"]


def test_without_an_api_key_one_is_generated_and_exported_as_a_secret(dev: Recording) -> None:
    password = dev.one("random:index/randomPassword:RandomPassword")
    assert password.inputs["length"] >= 32
    parameter = dev.one("aws:ssm/parameter:Parameter").inputs
    assert is_secret(parameter["value"])
    assert unwrap_secret(parameter["value"]) == password.outputs["result"]
    assert "apiKey" in dev.stack_outputs


def test_a_configured_api_key_is_used_and_nothing_is_generated() -> None:
    recording = run_main({"frugal:apiKey": "from-config-0123456789"}, secret_keys=["frugal:apiKey"])
    assert not recording.of_type("random:index/randomPassword:RandomPassword")
    value = recording.one("aws:ssm/parameter:Parameter").inputs["value"]
    assert is_secret(value) and unwrap_secret(value) == "from-config-0123456789"
    assert "apiKey" not in recording.stack_outputs


def test_a_stack_file_with_a_secure_api_key_runs_offline(tmp_path: Path) -> None:
    stack_file = tmp_path / "Pulumi.ci.yaml"
    stack_file.write_text((REPO / "Pulumi.dev.yaml").read_text() + "  frugal:apiKey:\n    secure: v1:abc\n")
    loaded = load_stack_config(REPO, config_file=stack_file)
    assert loaded.undecryptable_keys == ["frugal:apiKey"]
    recording = run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py")),
        project=loaded.project,
        stack=loaded.stack,
        config=loaded.config,
        secret_keys=loaded.secret_keys,
    )
    assert recording.of_type("random:index/randomPassword:RandomPassword")


@pytest.mark.parametrize("egress", ["vpc-endpoints", "nat-gateway"])
def test_other_egress_modes_run_from_config(egress: str) -> None:
    # dev has ECS Exec on, which vpc-endpoints egress can't serve (settings refuse the pair).
    recording = run_stack("dev", {"frugal:egress": egress, "frugal:executeCommand": "false"})
    assert not recording.of_type("aws:ec2/instance:Instance")
    assert not recording.of_type("aws:scheduler/schedule:Schedule")


def test_custom_schedule_drives_service_and_nat_instance() -> None:
    recording = run_stack(
        "dev",
        {
            "frugal:schedule": "custom",
            "frugal:scheduleUp": "cron(30 6 ? * MON-SAT *)",
            "frugal:scheduleDown": "cron(0 22 ? * MON-SAT *)",
        },
    )
    actions = {
        a.inputs["schedule"] for a in recording.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    }
    assert actions == {"cron(30 6 ? * MON-SAT *)", "cron(0 22 ? * MON-SAT *)"}
    nat = {s.inputs["scheduleExpression"] for s in recording.of_type("aws:scheduler/schedule:Schedule")}
    assert nat == {"cron(25 6 ? * MON-SAT *)", "cron(5 22 ? * MON-SAT *)"}
