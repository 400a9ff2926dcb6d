"""The pulumi and pulumi-policy internals frugal relies on (frugal/compat/) are there and still do what
we use them for, in the versions they were checked with: an upgrade that moves one fails here, by name."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pulumi
import pulumi_aws as aws
import pytest

from frugal import compat
from frugal.compat import pulumi as sdk
from frugal.compat import pulumi_policy as policy_compat
from frugal.mocks import run_program

REPO = Path(__file__).resolve().parents[2]
MODULES = [sdk, policy_compat]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.DISTRIBUTION)
def test_the_checked_range_is_pyprojects_and_the_pin_is_the_checked_version(module) -> None:
    # Bumping a pin or a range fails this until someone re-checks the internals and updates the module.
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"{module.DISTRIBUTION}>={module.LOWEST},<{module.BELOW}" in dependencies
    pinned = re.search(rf"^{module.DISTRIBUTION}==([\d.]+)$", (REPO / "requirements.txt").read_text(), re.M)
    assert pinned is not None and pinned.group(1) == module.TESTED == compat.installed(module.DISTRIBUTION)
    assert module.VERSION_WARNING is None


def test_a_version_outside_the_range_warns_and_a_missing_internal_raises(monkeypatch) -> None:
    with pytest.warns(compat.CompatWarning, match="checked for >=4.0.0,<5"):
        assert compat.check_version("pulumi", "4.0.0", "5") is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compat.check_version("pulumi", sdk.LOWEST, sdk.BELOW) is None
    with pytest.raises(compat.CompatError, match="_no_such_internal"):
        compat.require(sdk._rpc, ("_special_sig_key", "_no_such_internal"), "pulumi")


def test_version_numbers_compare_as_numbers() -> None:
    assert compat.version_tuple("3.272.0") > compat.version_tuple("3.99.9")
    assert compat.version_tuple("1.22.0rc1") == (1, 22, 0)
    assert compat.version_tuple("2.0.0+local") < compat.version_tuple("2.0.1")


def test_the_sdk_internals_do_what_the_mocks_use_them_for() -> None:
    async def answer() -> int:
        return 42

    assert sdk.sync_await(answer()) == 42
    assert sdk.resolve_transforms([]) == []

    def program() -> None:
        role = aws.iam.Role("role", assume_role_policy="{}")
        aws.iam.RolePolicyAttachment("attach", role=role, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        pulumi.export("roleName", role.name)

    recording = run_program(program)
    attach = next(r for r in recording.resources if r.name == "attach")
    role = next(r for r in recording.resources if r.name == "role")
    # The reference was recognized (`is_resource_reference`) and recorded as the role's id.
    assert attach.inputs["role"] == role.id
    assert "roleName" in recording.stack_outputs
    assert sdk.is_resource_reference({sdk._rpc._special_sig_key: sdk._rpc._special_resource_sig})
    assert not sdk.is_resource_reference({"urn": "x"})


# In a subprocess: the hook changes pulumi-policy's servicer class for the whole process.
HOOK_PROBE = """
import json
from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel, StackValidationPolicy
from pulumi_policy.policy import _PolicyAnalyzerServicer
from frugal.compat.pulumi_policy import hook_analyzer

seen = []
hook_analyzer(
    on_configure=lambda config: seen.append(["configure", {k: list(v) for k, v in config.items()}]),
    before_analyze_stack=lambda: seen.append(["before"]),
    after_analyze_stack=lambda: seen.append(["after"]),
)
hook_analyzer(on_configure=print, before_analyze_stack=print, after_analyze_stack=print)  # once only
policy = StackValidationPolicy(
    name="probe", description="d", validate=lambda args, report: seen.append(["validate"])
)
servicer = _PolicyAnalyzerServicer("pack", "0.0.1", [policy], EnforcementLevel.MANDATORY)
properties = struct_pb2.Struct()
properties.update({"limit": 3})
servicer.Configure(
    analyzer_pb2.ConfigureAnalyzerRequest(
        policyConfig={"probe": analyzer_pb2.PolicyConfig(enforcementLevel=0, properties=properties)}
    ),
    None,
)
servicer.AnalyzeStack(analyzer_pb2.AnalyzeStackRequest(), None)
print(json.dumps(seen))
"""


def test_the_analyzer_hook_sees_configure_and_brackets_analyze_stack() -> None:
    done = subprocess.run(
        [sys.executable, "-c", HOOK_PROBE], cwd=REPO, capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [
        ["configure", {"probe": ["advisory", {"limit": 3}]}],
        ["before"],
        ["validate"],
        ["after"],
    ]


def test_not_applicable_is_pulumi_policys_own_error() -> None:
    from pulumi_policy import policy

    assert policy_compat.NotApplicableError is policy._NotApplicableError
