"""Helpers for the compute/network tests: run components or whole stacks under the recording mocks."""

from __future__ import annotations

import json
import runpy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tools.mocks import Recording, run_program
from tools.stack_files import load_stack_config

REPO = Path(__file__).resolve().parents[2]
SECRET_SIG = "4dabf18193072939515e22adb298388d"  # Pulumi's marker for a secret value on the wire


def run_components(program: Callable[[], Any], *, stack: str = "test") -> Recording:
    return run_program(program, project="frugal", stack=stack)


def run_main(
    config: Mapping[str, str], *, stack: str = "test", secret_keys: list[str] | None = None
) -> Recording:
    """Run __main__.py with fully qualified config (strings), as the engine would pass it."""
    return run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py"), run_name="__main__"),
        project="frugal",
        stack=stack,
        config=dict(config),
        secret_keys=secret_keys or [],
    )


def run_stack(stack: str, overrides: Mapping[str, str] | None = None) -> Recording:
    """Run __main__.py with Pulumi.yaml defaults plus Pulumi.<stack>.yaml, and optional overrides."""
    loaded = load_stack_config(REPO, stack)
    config = {**loaded.config, **(overrides or {})}
    return run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py"), run_name="__main__"),
        project=loaded.project,
        stack=loaded.stack,
        config=config,
        secret_keys=loaded.secret_keys,
    )


def unwrap_secret(value: Any) -> Any:
    if isinstance(value, dict) and SECRET_SIG in value:
        return value["value"]
    return value


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and SECRET_SIG in value


def container_definitions(recording: Recording) -> list[dict[str, Any]]:
    raw = recording.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"]
    return json.loads(raw)


def environment(recording: Recording) -> dict[str, str]:
    (container,) = container_definitions(recording)
    return {e["name"]: e["value"] for e in container["environment"]}


def policy_documents(recording: Recording) -> dict[str, dict[str, Any]]:
    """Every IAM document the program declares: role trust policies and inline role policies."""
    documents: dict[str, dict[str, Any]] = {}
    for role in recording.of_type("aws:iam/role:Role"):
        documents[f"{role.name} (trust)"] = json.loads(role.inputs["assumeRolePolicy"])
    for policy in recording.of_type("aws:iam/rolePolicy:RolePolicy"):
        documents[policy.name] = json.loads(policy.inputs["policy"])
    for policy in recording.of_type("aws:iam/policy:Policy"):
        documents[policy.name] = json.loads(policy.inputs["policy"])
    return documents


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
