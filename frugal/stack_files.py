"""Read a Pulumi project's `Pulumi.yaml` and a stack file the way the engine hands config to a program.

`load_stack_config(project_dir, stack=..., config_file=...)` returns a `StackConfig`:
- `config`: fully qualified keys (`frugal:cpu`) with string values, as the engine passes them
  (numbers as text, booleans as "true"/"false", lists and objects as JSON), with Pulumi.yaml's
  `config:` defaults (and plain values such as `aws:region`) applied under the stack's values;
- `secret_keys`: keys whose values are secret;
- `undecryptable_keys`: `secure:` values. They need the stack's secrets provider, which can't run
  offline, so they are left out of `config` and listed here (and in `notes`).

Errors (missing files, bad YAML, the wrong shape, a value of the wrong declared type) raise
`StackFileError` with the file and key in the message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class StackFileError(ValueError):
    """A project or stack file is missing, isn't YAML, or doesn't have the shape Pulumi expects."""


@dataclass
class StackConfig:
    project: str
    stack: str
    config: dict[str, str] = field(default_factory=dict)
    secret_keys: list[str] = field(default_factory=list)
    undecryptable_keys: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    project_file: Path | None = None
    stack_file: Path | None = None
    main: str | None = None


# The types Pulumi.yaml allows (https://www.pulumi.com/docs/iac/concepts/projects/project-file/#config-options).
_TYPES = ("string", "integer", "boolean", "array")


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StackFileError(f"{path}: file not found") from None
    except OSError as err:
        raise StackFileError(f"{path}: can't read it: {err}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise StackFileError(f"{path}: not valid YAML: {err}") from None


def _qualify(key: Any, project: str, path: Path) -> str:
    if not isinstance(key, str) or not key:
        raise StackFileError(f"{path}: config key {key!r} must be a non-empty string")
    if key.count(":") > 1:
        raise StackFileError(f"{path}: config key {key!r} must look like <namespace>:<name> or <name>")
    # A key without a namespace belongs to the project, as `pulumi config set` would write it.
    return key if ":" in key else f"{project}:{key}"


def _engine_string(value: Any) -> str:
    """The string the engine passes to the program for a YAML config value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return ""
    return json.dumps(value, separators=(",", ":"))


def _contains_secure(value: Any) -> bool:
    if isinstance(value, dict):
        return ("secure" in value and len(value) == 1) or any(_contains_secure(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_secure(v) for v in value)
    return False


def _check_type(key: str, value: Any, declared: str | None, path: Path) -> None:
    if declared is None:
        return
    ok = {
        "string": isinstance(value, str),
        "integer": (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, str) and value.lstrip("-").isdigit()),
        "boolean": isinstance(value, bool) or (isinstance(value, str) and value in ("true", "false")),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }[declared]
    if not ok:
        raise StackFileError(
            f"{path}: config {key} = {value!r} must be of type {declared}, as Pulumi.yaml declares"
        )


def _project_file(project_dir: Path) -> Path:
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        candidate = project_dir / name
        if candidate.is_file():
            return candidate
    raise StackFileError(f"{project_dir}: no Pulumi.yaml (or Pulumi.yml): not a Pulumi project directory")


def _stack_from_file_name(path: Path) -> str | None:
    parts = path.name.split(".")
    if len(parts) == 3 and parts[0] == "Pulumi" and parts[2] in ("yaml", "yml"):
        return parts[1]
    return None


def load_stack_config(
    project_dir: Path, stack: str | None = None, config_file: Path | None = None
) -> StackConfig:
    """Load `Pulumi.yaml` and the stack file (`config_file`, else `Pulumi.<stack>.yaml`) from `project_dir`.

    A stack without a stack file runs with Pulumi.yaml's defaults only (noted in `notes`). An
    explicit `config_file` that doesn't exist is an error.
    """
    project_dir = Path(project_dir)
    project_path = _project_file(project_dir)
    project_doc = _read_yaml(project_path)
    if not isinstance(project_doc, dict):
        raise StackFileError(f"{project_path}: expected a mapping with name, runtime and config")
    project = project_doc.get("name")
    if not isinstance(project, str) or not project:
        raise StackFileError(f"{project_path}: `name` must be a non-empty string")

    # Stack files live next to Pulumi.yaml unless `stackConfigDir` (or the deprecated string form of
    # `config`) moves them.
    stack_dir_value = project_doc.get("stackConfigDir")
    if stack_dir_value is None and isinstance(project_doc.get("config"), str):
        stack_dir_value = project_doc["config"]
    if stack_dir_value is not None and not isinstance(stack_dir_value, str):
        raise StackFileError(f"{project_path}: `stackConfigDir` must be a path relative to Pulumi.yaml")
    stack_dir = project_dir / stack_dir_value if stack_dir_value else project_dir

    if config_file is not None:
        stack_path: Path | None = Path(config_file)
        if not stack_path.is_file():
            raise StackFileError(f"{stack_path}: stack config file not found")
        stack = stack or _stack_from_file_name(stack_path) or stack_path.stem
    else:
        stack = stack or "dev"
        stack_path = next(
            (
                p
                for p in (stack_dir / f"Pulumi.{stack}.yaml", stack_dir / f"Pulumi.{stack}.yml")
                if p.is_file()
            ),
            None,
        )

    result = StackConfig(project=project, stack=stack, project_file=project_path, stack_file=stack_path)
    main = project_doc.get("main")
    result.main = main if isinstance(main, str) else None

    declared_types: dict[str, str | None] = {}
    project_config = project_doc.get("config") or {}
    if isinstance(project_config, str):  # the deprecated config-directory form, handled above
        project_config = {}
    if not isinstance(project_config, dict):
        raise StackFileError(f"{project_path}: `config` must be a mapping of keys to values or declarations")
    for raw_key, spec in project_config.items():
        key = _qualify(raw_key, project, project_path)
        if isinstance(spec, dict) and (
            {"type", "default", "description", "secret", "items", "value"} & spec.keys()
        ):
            declared = spec.get("type")
            if declared is not None and declared not in _TYPES:
                raise StackFileError(
                    f"{project_path}: config {key} has type {declared!r}; allowed: {', '.join(_TYPES)}"
                )
            declared_types[key] = declared
            if spec.get("secret"):
                result.secret_keys.append(key)
            for source in ("value", "default"):
                if source in spec:
                    _check_type(key, spec[source], declared, project_path)
                    result.config[key] = _engine_string(spec[source])
                    break
        else:
            result.config[key] = _engine_string(spec)

    if stack_path is None:
        result.notes.append(
            f"no Pulumi.{stack}.yaml in {stack_dir}: running with Pulumi.yaml's defaults only"
        )
        return result

    stack_doc = _read_yaml(stack_path)
    if stack_doc is None:
        stack_doc = {}
    if not isinstance(stack_doc, dict):
        raise StackFileError(f"{stack_path}: expected a mapping with a `config:` section")
    if stack_doc.get("environment"):
        result.notes.append(f"{stack_path}: `environment:` (Pulumi ESC) can't be resolved offline; ignored")
    stack_config = stack_doc.get("config") or {}
    if not isinstance(stack_config, dict):
        raise StackFileError(f"{stack_path}: `config` must be a mapping of keys to values")
    for raw_key, value in stack_config.items():
        key = _qualify(raw_key, project, stack_path)
        if _contains_secure(value):
            # Encrypted with the stack's secrets provider (passphrase or service): not readable here.
            result.undecryptable_keys.append(key)
            result.config.pop(key, None)
            if key not in result.secret_keys:
                result.secret_keys.append(key)
            continue
        _check_type(key, value, declared_types.get(key), stack_path)
        result.config[key] = _engine_string(value)
    if result.undecryptable_keys:
        result.notes.append(
            f"{stack_path}: secure values can't be decrypted offline and were left out: "
            f"{', '.join(result.undecryptable_keys)} (the program sees them as unset)"
        )
    return result
