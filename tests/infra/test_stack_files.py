"""frugal/stack_files.py: config the way the engine passes it, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frugal.stack_files import StackFileError, load_stack_config
from tests.infra.helpers import REPO

PROJECT = """\
name: demo
runtime: python
config:
  aws:region: us-east-1
  size:
    type: integer
    default: 2
  enabled:
    type: boolean
    default: true
  origins:
    type: array
    items:
      type: string
    default: []
  token:
    type: string
    secret: true
"""


def project(tmp_path: Path, stack_text: str | None = None, stack: str = "dev") -> Path:
    (tmp_path / "Pulumi.yaml").write_text(PROJECT)
    if stack_text is not None:
        (tmp_path / f"Pulumi.{stack}.yaml").write_text(stack_text)
    return tmp_path


def test_repo_dev_stack_has_defaults_under_stack_values() -> None:
    loaded = load_stack_config(REPO, "dev")
    assert loaded.project == "frugal" and loaded.stack == "dev"
    assert loaded.stack_file == REPO / "Pulumi.dev.yaml"
    assert loaded.config["frugal:logRetentionDays"] == "3"  # from the stack file
    assert loaded.config["frugal:apiThrottleRate"] == "50"  # a Pulumi.yaml default
    assert loaded.config["frugal:executeCommand"] == "true"
    assert loaded.config["frugal:apiCorsOrigins"] == "[]"
    assert loaded.undecryptable_keys == [] and loaded.notes == []


def test_values_become_the_engines_strings(tmp_path: Path) -> None:
    stack = """\
config:
  demo:size: 5
  demo:enabled: false
  demo:origins: ["https://a.example", "https://b.example"]
  other:settings: {depth: 2}
  plain: text
"""
    loaded = load_stack_config(project(tmp_path, stack), "dev")
    assert loaded.config["demo:size"] == "5"
    assert loaded.config["demo:enabled"] == "false"
    assert json.loads(loaded.config["demo:origins"]) == ["https://a.example", "https://b.example"]
    assert json.loads(loaded.config["other:settings"]) == {"depth": 2}
    assert loaded.config["demo:plain"] == "text"  # no namespace: the project's, as `pulumi config set` writes
    assert loaded.config["aws:region"] == "us-east-1"
    assert loaded.secret_keys == ["demo:token"]


def test_secure_values_are_left_out_and_listed(tmp_path: Path) -> None:
    stack = """\
encryptionsalt: v1:abc
config:
  demo:token:
    secure: v1:AAAABBBB
  demo:size: 3
"""
    loaded = load_stack_config(project(tmp_path, stack), "dev")
    assert "demo:token" not in loaded.config
    assert loaded.undecryptable_keys == ["demo:token"]
    assert "demo:token" in loaded.secret_keys
    assert any("can't be decrypted offline" in note and "demo:token" in note for note in loaded.notes)


def test_a_stack_without_a_stack_file_runs_on_defaults(tmp_path: Path) -> None:
    loaded = load_stack_config(project(tmp_path), "staging")
    assert loaded.stack == "staging" and loaded.stack_file is None
    assert loaded.config["demo:size"] == "2"
    assert any("no Pulumi.staging.yaml" in note for note in loaded.notes)


def test_explicit_config_file_names_the_stack(tmp_path: Path) -> None:
    project(tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    stack_file = other / "Pulumi.qa.yaml"
    stack_file.write_text("config:\n  demo:size: 9\n")
    loaded = load_stack_config(tmp_path, config_file=stack_file)
    assert loaded.stack == "qa" and loaded.config["demo:size"] == "9"


def test_stack_config_dir_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text(PROJECT + "stackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text("config:\n  demo:size: 7\n")
    loaded = load_stack_config(tmp_path, "dev")
    assert loaded.stack_file == tmp_path / "stacks" / "Pulumi.dev.yaml"
    assert loaded.config["demo:size"] == "7"


def test_missing_project_file(tmp_path: Path) -> None:
    with pytest.raises(StackFileError, match=r"no Pulumi.yaml .*not a Pulumi project directory"):
        load_stack_config(tmp_path, "dev")


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(StackFileError, match=r"Pulumi.nope.yaml: stack config file not found"):
        load_stack_config(project(tmp_path), config_file=tmp_path / "Pulumi.nope.yaml")


def test_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(StackFileError, match=r"Pulumi.dev.yaml: not valid YAML"):
        load_stack_config(project(tmp_path, "config: [unclosed\n"), "dev")


@pytest.mark.parametrize(
    ("stack_text", "message"),
    [
        ("- just\n- a list\n", "expected a mapping with a `config:` section"),
        ("config: [1, 2]\n", "`config` must be a mapping of keys to values"),
        ("config:\n  a:b:c: 1\n", "config key 'a:b:c' must look like <namespace>:<name>"),
        ("config:\n  demo:size: lots\n", "config demo:size = 'lots' must be of type integer"),
        ("config:\n  demo:enabled: maybe\n", "config demo:enabled = 'maybe' must be of type boolean"),
        ("config:\n  demo:origins: https://a\n", "must be of type array"),
    ],
)
def test_wrong_shape_names_file_and_key(tmp_path: Path, stack_text: str, message: str) -> None:
    with pytest.raises(StackFileError) as caught:
        load_stack_config(project(tmp_path, stack_text), "dev")
    assert "Pulumi.dev.yaml" in str(caught.value)
    assert message in str(caught.value)


def test_project_without_a_name(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("runtime: python\n")
    with pytest.raises(StackFileError, match="`name` must be a non-empty string"):
        load_stack_config(tmp_path, "dev")


def test_project_with_an_unknown_type(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: x\nconfig:\n  size:\n    type: float\n")
    with pytest.raises(StackFileError, match=r"config x:size has type 'float'; allowed: string, integer"):
        load_stack_config(tmp_path, "dev")
