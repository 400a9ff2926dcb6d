"""The pulumi SDK's private APIs that `frugal.mocks` (the recording mocks behind the offline preview and
the tests) relies on. Checked against pulumi 3.272.0; pyproject.toml allows >=3.272.0,<4.

- `sync_await`: runs a coroutine to completion on the SDK's own event loop (`sync_await._sync_await`);
  the mocks' monitor is called synchronously and must serialize a resource's state there.
- `resolve_transforms`: the transform callbacks a registration names (`mocks._resolve_callbacks`), as
  `MockMonitor.RegisterResource` passes them on.
- `is_resource_reference`: a serialized resource reference (`rpc._special_sig_key` set to
  `rpc._special_resource_sig`), which the mocks replace with the resource's id.
- `reset_runtime`, `clear_pending`, `clear_outputs`: the SDK's global state (`settings.reset_options`,
  `settings.SETTINGS` with its `rpc_manager` and `outputs`), reset before each program so runs don't
  leak into each other.
- `run_program_function`: the SDK's own wrapper that runs a program and waits for its outputs
  (`stack.run_pulumi_func`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from pulumi.runtime import mocks as _mocks
from pulumi.runtime import rpc as _rpc
from pulumi.runtime import settings as _settings
from pulumi.runtime import stack as _stack
from pulumi.runtime import sync_await as _sync_await_module

from . import check_version, require

DISTRIBUTION = "pulumi"
TESTED = "3.272.0"
LOWEST, BELOW = "3.272.0", "4"  # as pyproject.toml's dependency

require(_sync_await_module, ("_sync_await",), DISTRIBUTION)
require(_mocks, ("_resolve_callbacks", "MockMonitor"), DISTRIBUTION)
require(_rpc, ("_special_sig_key", "_special_resource_sig"), DISTRIBUTION)
require(_settings, ("SETTINGS", "reset_options"), DISTRIBUTION)
require(_settings.SETTINGS, ("rpc_manager", "outputs"), DISTRIBUTION)
require(_stack, ("run_pulumi_func",), DISTRIBUTION)
VERSION_WARNING = check_version(DISTRIBUTION, LOWEST, BELOW)

T = TypeVar("T")


def sync_await(awaitable: Awaitable[T]) -> T:
    return _sync_await_module._sync_await(awaitable)


def resolve_transforms(transforms: Any) -> list[Any]:
    return _mocks._resolve_callbacks(transforms)


def is_resource_reference(value: Mapping[str, Any]) -> bool:
    return value.get(_rpc._special_sig_key) == _rpc._special_resource_sig


def reset_runtime(*, project: str, stack: str) -> None:
    _settings.reset_options(project=project, stack=stack)


def clear_pending() -> None:
    """Forget the previous program's pending RPCs and outputs (the SDK keeps them in a global)."""
    _settings.SETTINGS.rpc_manager.clear()
    clear_outputs()


def clear_outputs() -> None:
    _settings.SETTINGS.outputs.clear()


def run_program_function(program: Callable[[], Awaitable[None] | None]) -> None:
    sync_await(_stack.run_pulumi_func(program))
