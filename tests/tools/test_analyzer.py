"""The analyzer driver against a tiny fixture pack: started as the engine starts it, driven over gRPC."""

from __future__ import annotations

import os
import shutil
import site
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import frugal.analyzer
from frugal.analyzer import (
    AnalyzerInfo,
    AnalyzerResource,
    PolicyConfig,
    PolicyConfigError,
    PolicyInfo,
    PolicyPack,
    PolicyPackError,
    load_policy_config_file,
    pack_python,
    parse_policy_config,
    reconcile_policy_config,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TINY_PACK = FIXTURES / "packs" / "tiny"
NAT_TYPE = "aws:ec2/natGateway:NatGateway"


def _resource(name: str, type_: str = "aws:s3/bucket:Bucket", **props: object) -> AnalyzerResource:
    return AnalyzerResource(
        urn=f"urn:pulumi:test::tiny::{type_}::{name}", type=type_, name=name, properties=dict(props)
    )


@pytest.fixture(scope="module")
def pack() -> Iterator[PolicyPack]:
    with PolicyPack(TINY_PACK, project="tiny", stack="test") as running:
        yield running


# -- config parsing and reconciliation (no process) --------------------------------------------


def _info() -> AnalyzerInfo:
    return AnalyzerInfo(
        name="tiny",
        version="0.0.1",
        supports_config=True,
        policies=[
            PolicyInfo("a", "A.", "advisory", {"properties": {"max": {"type": "number", "default": 3}}}),
            PolicyInfo("b", "B.", "mandatory", None),
        ],
        initial_config={},
    )


def test_reconcile_applies_schema_defaults_then_all_then_per_policy_values() -> None:
    config = parse_policy_config({"all": "disabled", "a": {"enforcementLevel": "mandatory", "max": 7}})
    result = reconcile_policy_config(_info(), config)
    assert result["a"] == PolicyConfig("mandatory", {"max": 7})
    assert result["b"] == PolicyConfig("disabled", None)


def test_reconcile_without_config_keeps_each_policys_own_level_and_defaults() -> None:
    result = reconcile_policy_config(_info(), {})
    assert result == {"a": PolicyConfig("advisory", {"max": 3}), "b": PolicyConfig("mandatory", None)}


def test_reconcile_rejects_values_that_break_the_schema_and_unknown_policies() -> None:
    with pytest.raises(PolicyConfigError) as caught:
        reconcile_policy_config(_info(), parse_policy_config({"a": {"max": "lots"}, "c": "advisory"}))
    assert "a: max: 'lots' is not of type 'number'" in str(caught.value)
    assert "c: no policy of that name" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"a": "sometimes"}, "'sometimes' is not a valid enforcement level"),
        ({"a": 3}, "must be an enforcement level or an object"),
        ({"a": {"enforcementLevel": 1}}, "enforcementLevel must be a string"),
    ],
)
def test_parse_rejects_malformed_entries(raw: dict, expected: str) -> None:
    with pytest.raises(PolicyConfigError, match=expected):
        parse_policy_config(raw)


def test_load_policy_config_file_errors_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(PolicyConfigError, match=r"broken\.json is not valid JSON"):
        load_policy_config_file(broken)
    with pytest.raises(PolicyConfigError, match="cannot read policy config"):
        load_policy_config_file(tmp_path / "missing.json")
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    with pytest.raises(PolicyConfigError, match="must be a JSON object"):
        load_policy_config_file(listed)


# -- the running pack --------------------------------------------------------------------------


def test_analyzer_info_lists_the_policies_with_levels_and_schemas(pack: PolicyPack) -> None:
    info = pack.analyzer_info()
    assert info.name == "tiny"
    assert info.supports_config
    levels = {p.name: p.enforcement_level for p in info.policies}
    assert levels == {
        "tiny-forbidden-type": "mandatory",
        "tiny-max-size": "advisory",
        "tiny-resource-budget": "advisory",
    }
    schema = next(p.config_schema for p in info.policies if p.name == "tiny-max-size")
    assert schema == {"properties": {"maxSize": {"type": "number", "default": 10}}}
    assert pack.plugin_version()


def test_analyze_reports_violations_with_the_configured_level_and_properties(pack: PolicyPack) -> None:
    info = pack.analyzer_info()
    pack.configure(reconcile_policy_config(info, parse_policy_config({"tiny-max-size": {"maxSize": 2}})))
    violations = pack.analyze(_resource("nat", NAT_TYPE, size=5))
    found = {(v.policy, v.enforcement) for v in violations}
    assert found == {("tiny-forbidden-type", "mandatory"), ("tiny-max-size", "advisory")}
    assert all(v.urn.endswith("::nat") for v in violations)
    assert any("size 5 is over 2" in v.message for v in violations)
    assert pack.analyze(_resource("small", size=1)) == []


def test_configure_all_changes_every_level_and_disabled_silences(pack: PolicyPack) -> None:
    info = pack.analyzer_info()
    pack.configure(reconcile_policy_config(info, parse_policy_config({"all": "advisory"})))
    assert {v.enforcement for v in pack.analyze(_resource("nat", NAT_TYPE))} == {"advisory"}
    pack.configure(reconcile_policy_config(info, parse_policy_config({"tiny-forbidden-type": "disabled"})))
    assert pack.analyze(_resource("nat", NAT_TYPE)) == []


def test_analyze_stack_sees_every_resource(pack: PolicyPack) -> None:
    info = pack.analyzer_info()
    pack.configure(
        reconcile_policy_config(info, parse_policy_config({"tiny-resource-budget": {"maxResources": 2}}))
    )
    three = [_resource(f"b{i}") for i in range(3)]
    violations = pack.analyze_stack(three)
    assert [(v.policy, v.enforcement) for v in violations] == [("tiny-resource-budget", "advisory")]
    assert "3 resources, more than 2" in violations[0].message
    assert pack.analyze_stack(three[:2]) == []


def test_a_pack_that_crashes_on_start_is_reported_with_its_error_and_not_left_running(tmp_path: Path) -> None:
    (tmp_path / "PulumiPolicy.yaml").write_text("runtime: python\n")
    (tmp_path / "__main__.py").write_text("raise RuntimeError('the pack is broken on purpose')\n")
    broken = PolicyPack(tmp_path, project="p", stack="s").start()
    process = broken._process
    assert process is not None
    with pytest.raises(PolicyPackError, match="failed to start") as caught:
        broken.analyzer_info()
    assert "the pack is broken on purpose" in str(caught.value)
    assert process.poll() is not None


def test_a_pack_whose_port_never_answers_is_a_pack_error_and_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frugal.analyzer, "_STARTUP_TIMEOUT_S", 1.0)
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "PulumiPolicy.yaml").write_text("runtime: python\n")
    (tmp_path / "__main__.py").write_text(f"import time\n\nprint({port}, flush=True)\ntime.sleep(60)\n")
    silent = PolicyPack(tmp_path, project="p", stack="s").start()
    process = silent._process
    assert process is not None
    with pytest.raises(PolicyPackError, match=f"printed port {port}, but nothing answered there"):
        silent.analyzer_info()
    assert process.poll() is not None


def test_close_stops_the_pack_process() -> None:
    running = PolicyPack(TINY_PACK, project="p", stack="s").start()
    running.analyzer_info()
    pid = running._process.pid if running._process else None
    running.close()
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_directory_without_pulumipolicy_yaml_is_not_a_pack(tmp_path: Path) -> None:
    with pytest.raises(PolicyPackError, match=r"PulumiPolicy\.yaml not found"):
        PolicyPack(tmp_path, project="p", stack="s")


def test_the_pack_runs_in_the_virtualenv_its_manifest_names_when_that_exists(tmp_path: Path) -> None:
    pack_dir = tmp_path / "pack"
    shutil.copytree(TINY_PACK, pack_dir)
    (pack_dir / "PulumiPolicy.yaml").write_text(
        "runtime:\n  name: python\n  options:\n    virtualenv: venv\n"
    )
    main = pack_dir / "__main__.py"
    main.write_text(
        "import pathlib, sys\npathlib.Path('prefix.txt').write_text(sys.prefix)\n" + main.read_text()
    )
    declared = PolicyPack(pack_dir, project="p", stack="s")
    assert declared.runtime_options == {"virtualenv": "venv"}
    # Not created yet (the CLI would make it): this Python runs the pack.
    assert pack_python(pack_dir, declared.runtime_options) == sys.executable

    # A virtualenv (bin/python a symlink, as venv makes it) that sees this one's packages through a .pth file.
    venv = pack_dir / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    (
        venv
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages"
        / "here.pth"
    ).write_text("\n".join(site.getsitepackages()) + "\n")
    with declared:
        assert declared.analyzer_info().name == "tiny"
    assert (pack_dir / "prefix.txt").read_text() == str(venv)
