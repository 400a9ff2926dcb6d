"""Helpers for the compute/network tests: run components or whole stacks under the recording mocks."""

from __future__ import annotations

import json
import runpy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from frugal.mocks import RecordedResource, Recording, RecordingMonitor, run_program
from frugal.stack_files import load_stack_config

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
    """Every IAM document the program declares: role trust policies, inline role policies and SNS topic
    policies (resource policies, keyed `<name> (topic)`)."""
    documents: dict[str, dict[str, Any]] = {}
    for role in recording.of_type("aws:iam/role:Role"):
        documents[f"{role.name} (trust)"] = json.loads(role.inputs["assumeRolePolicy"])
    for policy in recording.of_type("aws:iam/rolePolicy:RolePolicy"):
        documents[policy.name] = json.loads(policy.inputs["policy"])
    for policy in recording.of_type("aws:iam/policy:Policy"):
        documents[policy.name] = json.loads(policy.inputs["policy"])
    for policy in recording.of_type("aws:sns/topicPolicy:TopicPolicy"):
        documents[f"{policy.name} (topic)"] = json.loads(policy.inputs["policy"])
    return documents


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def run_stack_with_aliases(
    stack: str, overrides: Mapping[str, str] | None = None
) -> tuple[Recording, dict[str, list[str]]]:
    """Like run_stack, plus each resource's aliases as the full URNs the engine would look up."""
    captured: dict[str, list[Any]] = {}
    original = RecordingMonitor.RegisterResource

    def register(monitor: RecordingMonitor, request: Any) -> Any:
        response = original(monitor, request)
        captured[response.urn] = list(request.aliases)
        return response

    RecordingMonitor.RegisterResource = register  # type: ignore[method-assign]
    try:
        recording = run_stack(stack, overrides)
    finally:
        RecordingMonitor.RegisterResource = original  # type: ignore[method-assign]
    by_urn = {r.urn: r for r in recording.resources}
    return recording, {
        urn: [alias_urn(by_urn[urn], alias, recording) for alias in aliases]
        for urn, aliases in captured.items()
        if urn in by_urn
    }


def alias_urn(resource: RecordedResource, alias: Any, recording: Recording) -> str:
    """The URN an alias names, in the URN scheme of the recording mocks (so it compares with theirs).

    An alias spec's empty fields default to the resource's own name, type, stack, project and parent,
    as the engine resolves them. The type is prefixed with the parent's type, `Parent$child`; like
    `pulumi.runtime.MockMonitor.make_urn`, this takes the last segment of the parent's qualified type
    (for these stacks, whose components all sit at the root, the engine's URNs have the same type).
    """
    if alias.urn:
        return alias.urn
    spec = alias.spec
    parent = None if spec.noParent else (spec.parentUrn or resource.parent)
    type_ = spec.type or resource.type
    if parent:
        type_ = parent.split("::")[2].split("$")[-1] + "$" + type_
    stack = spec.stack or recording.stack
    project = spec.project or recording.project
    return f"urn:pulumi:{stack}::{project}::{type_}::{spec.name or resource.name}"
