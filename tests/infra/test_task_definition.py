"""The task definition against botocore's ECS RegisterTaskDefinition input shape (shipped offline)."""

from __future__ import annotations

import json

import botocore.session
import pytest
from botocore.validate import ParamValidator

from frugal.mocks import Recording
from tests.infra.helpers import run_stack


def register_task_definition_request(recording: Recording) -> dict:
    """What the provider sends to ECS: Pulumi's inputs, with the container JSON parsed back."""
    task = recording.one("aws:ecs/taskDefinition:TaskDefinition").inputs
    return {
        "family": task["family"],
        "taskRoleArn": task["taskRoleArn"],
        "executionRoleArn": task["executionRoleArn"],
        "networkMode": task["networkMode"],
        "requiresCompatibilities": task["requiresCompatibilities"],
        "cpu": task["cpu"],
        "memory": task["memory"],
        "runtimePlatform": task["runtimePlatform"],
        "containerDefinitions": json.loads(task["containerDefinitions"]),
    }


def validate(request: dict) -> str:
    model = botocore.session.get_session().get_service_model("ecs")
    shape = model.operation_model("RegisterTaskDefinition").input_shape
    return str(ParamValidator().validate(request, shape).generate_report())


@pytest.mark.parametrize(
    ("stack", "overrides"),
    [
        ("dev", {}),
        ("prod", {}),
        (
            "dev",
            {
                "frugal:image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/frugal:abc",
                "frugal:architecture": "arm64",
            },
        ),
    ],
)
def test_task_definition_matches_the_register_task_definition_shape(stack: str, overrides: dict) -> None:
    request = register_task_definition_request(run_stack(stack, overrides))
    assert validate(request) == ""
    (container,) = request["containerDefinitions"]
    assert container["secrets"][0]["valueFrom"].startswith("arn:aws:ssm:")


def test_the_validator_catches_a_malformed_container() -> None:
    request = register_task_definition_request(run_stack("dev"))
    request["containerDefinitions"][0]["portMappings"][0]["containerPort"] = "8080"  # a string, not an int
    request["containerDefinitions"][0]["healthCheckz"] = {}
    report = validate(request)
    assert "containerPort" in report and "healthCheckz" in report
