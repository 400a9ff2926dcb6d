"""The users' CI workflows: valid against GitHub's schema, clean under zizmor, and shaped as documented."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _load(path: Path) -> dict[str, Any]:
    # YAML 1.1 reads the `on:` key as True; GitHub reads it as the string "on".
    data = yaml.safe_load(path.read_text())
    if True in data:
        data["on"] = data.pop(True)
    return data


def _pulumi_workflow() -> dict[str, Any]:
    return _load(REPO / ".github" / "workflows" / "pulumi.yml")


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(action + "@")]


def test_there_are_workflows_to_check() -> None:
    # Every workflow in the directory goes through the linters below, not only this one.
    assert "pulumi.yml" in [p.name for p in WORKFLOWS]


def test_workflows_match_the_github_workflow_schema() -> None:
    done = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    # --offline: no network here; --persona auditor reports everything, including low-confidence findings.
    # No zizmor config and no inline ignores are accepted: a finding fails this test.
    done = subprocess.run(
        [
            str(BIN / "zizmor"),
            "--offline",
            "--no-config",
            "--persona",
            "auditor",
            "--format",
            "json",
            "--no-progress",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    findings = json.loads(done.stdout or "[]")
    assert findings == [], [(f["ident"], f["desc"]) for f in findings]
    assert done.returncode == 0, done.stderr
    assert "zizmor: ignore" not in "".join(p.read_text() for p in WORKFLOWS)


def test_every_action_is_pinned_to_a_full_commit_sha() -> None:
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            match = re.search(r"uses:\s*(\S+)", line)
            if match and not match.group(1).startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", match.group(1)), line


def test_pull_requests_run_tests_then_preview_each_stack_with_the_policy_pack_and_comment() -> None:
    workflow = _pulumi_workflow()
    assert "pull_request" in workflow["on"]
    preview = workflow["jobs"]["preview"]
    assert preview["needs"] == "test"
    assert "pull_request" in preview["if"]
    assert preview["strategy"]["matrix"]["stack"] == ["dev", "prod"]
    (pulumi,) = _steps_using(preview, "pulumi/actions")
    assert pulumi["with"]["command"] == "preview"
    assert pulumi["with"]["stack-name"] == "${{ matrix.stack }}"
    assert pulumi["with"]["policyPacks"] == "policy"
    assert pulumi["with"]["policyPackConfigs"] == "policy/config/${{ matrix.stack }}.json"
    assert pulumi["with"]["comment-on-pr"] is True
    assert preview["permissions"]["pull-requests"] == "write"
    assert any("make test" in str(step.get("run", "")) for step in workflow["jobs"]["test"]["steps"])


def test_pull_requests_get_one_cost_comment_per_stack_updated_in_place() -> None:
    workflow = _pulumi_workflow()
    job = workflow["jobs"]["cost-diff"]
    assert job["needs"] == "test" and "pull_request" in job["if"]
    assert job["strategy"]["matrix"]["stack"] == ["dev", "prod"]
    # Offline and without secrets: it reads the code and writes its own comment, nothing more.
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert "environment" not in job and "secrets." not in str(job)
    (checkout,) = _steps_using(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
    runs = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert 'tools.cost_diff --base-ref "origin/${BASE_REF}" --stack "${STACK}" --output cost.md' in runs
    assert 'marker="<!-- frugal-cost-diff:${STACK} -->"' in runs and "--method PATCH" in runs
    # The real preview also leaves the pack's own cost table, shown in the job summary.
    (pulumi,) = _steps_using(workflow["jobs"]["preview"], "pulumi/actions")
    assert pulumi["env"]["FRUGAL_COST_REPORT"] == "${{ runner.temp }}/cost.json"


def test_main_runs_up_per_stack_behind_environments_with_oidc_and_no_aws_keys() -> None:
    workflow = _pulumi_workflow()
    assert workflow["on"]["push"]["branches"] == ["main"]
    up = workflow["jobs"]["up"]
    assert up["needs"] == "test"
    assert "refs/heads/main" in up["if"]
    assert up["environment"] == "${{ matrix.stack }}"
    assert up["strategy"]["matrix"]["stack"] == ["dev", "prod"]
    assert up["strategy"]["max-parallel"] == 1
    assert up["permissions"]["id-token"] == "write"
    (credentials,) = _steps_using(up, "aws-actions/configure-aws-credentials")
    assert credentials["with"]["role-to-assume"].startswith("${{ vars.")
    (pulumi,) = _steps_using(up, "pulumi/actions")
    assert pulumi["with"]["command"] == "up"
    assert pulumi["with"]["policyPacks"] == "policy"


def test_up_can_build_each_stacks_image_for_its_architecture() -> None:
    """An arm64 stack's image is built for linux/arm64 at `pulumi up`; the x86_64 runner needs QEMU for it."""
    architectures = {
        yaml.safe_load((REPO / f"Pulumi.{stack}.yaml").read_text())["config"]["frugal:architecture"]
        for stack in ("dev", "prod")
    }
    steps = _pulumi_workflow()["jobs"]["up"]["steps"]
    qemu = _steps_using({"steps": steps}, "docker/setup-qemu-action")
    if "arm64" in architectures:
        assert len(qemu) == 1 and "arm64" in qemu[0]["with"]["platforms"]
        (pulumi,) = _steps_using({"steps": steps}, "pulumi/actions")
        assert steps.index(qemu[0]) < steps.index(pulumi)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_aws_keys_and_only_the_pulumi_token_as_a_secret(path: Path) -> None:
    text = path.read_text()
    assert "aws-access-key-id" not in text and "aws-secret-access-key" not in text
    assert set(re.findall(r"secrets\.(\w+)", text)) == {"PULUMI_ACCESS_TOKEN"}
    assert _load(path)["permissions"] == {}
