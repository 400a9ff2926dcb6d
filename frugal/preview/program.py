"""Find a Pulumi Python program, load a stack's config, and run the program under the recording mocks."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import runpy
import site
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from frugal import stack_files
from frugal.mocks import Recording, run_program


class PreviewError(Exception):
    """A usage, config or program error: the preview exits 2 with this message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind} error: {message}")
        self.kind = kind
        self.message = message


class Terminated(SystemExit):
    """The preview was stopped by a signal: unlike a program's own sys.exit, it ends the preview."""


@dataclass
class Program:
    directory: Path
    project: str
    main: Path
    workdir: Path  # where the language host runs the program: `main` when it is a directory


@dataclass
class StackConfig:
    stack: str
    config: dict[str, str] = field(default_factory=dict)
    secret_keys: list[str] = field(default_factory=list)
    source: Path | None = None
    notes: list[str] = field(default_factory=list)


def load_program(directory: Path) -> Program:
    """Read Pulumi.yaml: the project name, its runtime (must be python) and `main`."""
    directory = directory.resolve()
    if not directory.is_dir():
        raise PreviewError("usage", f"program directory {directory} does not exist")
    manifest = _project_file(directory)
    if manifest is None:
        raise PreviewError("usage", f"{directory} is not a Pulumi project: no Pulumi.yaml in it")
    try:
        data = yaml.safe_load(manifest.read_text()) or {}
    except yaml.YAMLError as exc:
        raise PreviewError("config", f"{manifest} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not data.get("name"):
        raise PreviewError("config", f"{manifest} has no project name")
    runtime = data.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise PreviewError(
            "usage", f"{manifest}: runtime is {runtime_name!r}; the preview runs python programs"
        )
    main = directory / str(data.get("main") or ".")
    workdir = main if main.is_dir() else directory
    if main.is_dir():
        main = main / "__main__.py"
    if not main.is_file():
        raise PreviewError("usage", f"{directory}: program entry point {main} not found")
    return Program(directory=directory, project=str(data["name"]), main=main, workdir=workdir.resolve())


def _project_file(directory: Path) -> Path | None:
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        if (directory / name).is_file():
            return directory / name
    return None


def load_stack_config(program: Program, stack: str | None, config_file: Path | None) -> StackConfig:
    """The config the engine would pass (frugal.stack_files: Pulumi.yaml defaults, then the stack file).

    With `config_file`, the stack is named after the file (`Pulumi.<stack>.yaml`); else `stack` or dev.

    A program with no stack file for `stack` runs with only its project-level config; an explicit
    `--config FILE` must exist. `secure:` values can't be decrypted offline and are left unset.
    """
    try:
        loaded = stack_files.load_stack_config(program.directory, stack=stack, config_file=config_file)
    except stack_files.StackFileError as exc:
        raise PreviewError("config", str(exc)) from exc
    return StackConfig(
        stack=loaded.stack,
        config=dict(loaded.config),
        secret_keys=list(loaded.secret_keys),
        source=loaded.stack_file,
        notes=list(loaded.notes),
    )


class _LogCollector(logging.Handler):
    """Keeps what the program logs through pulumi.log (the mocks route it to the root logger)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        target = self.errors if record.levelno >= logging.ERROR else self.warnings
        target.append(record.getMessage())


@contextlib.contextmanager
def _program_environment(program: Program) -> Iterator[None]:
    """cwd and sys.path as the language host sets them; the program's own modules are unloaded after."""
    before_modules = set(sys.modules)
    old_cwd = Path.cwd()
    old_path = list(sys.path)
    os.chdir(program.workdir)
    sys.path.insert(0, str(program.main.parent))
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        # Forget the program's own modules, so another program's same-named package is imported fresh;
        # installed packages stay (a virtualenv may live inside the program directory).
        installed = tuple(
            str(Path(p).resolve()) + os.sep for p in {sys.prefix, sys.base_prefix, *site.getsitepackages()}
        )
        for name in set(sys.modules) - before_modules:
            module_file = str(getattr(sys.modules.get(name), "__file__", None) or "")
            if module_file.startswith(str(program.directory) + os.sep) and not module_file.startswith(
                installed
            ):
                del sys.modules[name]


def run(program: Program, stack: StackConfig, *, debug: bool = False, new_stack: bool = False) -> Recording:
    """Run the program's entry point under the recording mocks (as a first preview of a new stack sees
    it with `new_stack`); program failures become PreviewError."""
    collector = _LogCollector()
    root_logger = logging.getLogger()
    # With a handler on the root logger, the program's log lines are collected, not printed.
    root_logger.addHandler(collector)
    try:
        with _program_environment(program), contextlib.redirect_stdout(sys.stderr):
            recording = run_program(
                lambda: runpy.run_path(str(program.main), run_name="__main__"),
                project=program.project,
                stack=stack.stack,
                config=stack.config,
                secret_keys=stack.secret_keys,
                new_stack=new_stack,
            )
    except (PreviewError, Terminated):
        raise
    except SystemExit as exc:
        # Left alone, the program's exit code would become the preview's (1 reads as "blocked").
        if debug:
            raise
        raise PreviewError(
            "program", f"{program.main} called sys.exit({exc.code!r}) before it finished"
        ) from exc
    except Exception as exc:
        if debug:
            raise
        raise PreviewError("program", f"{program.main} failed: {_describe(exc)}") from exc
    finally:
        if sys.exc_info()[0] is not None:
            _retrieve_abandoned_futures()
        root_logger.removeHandler(collector)
    if collector.errors:
        raise PreviewError("program", f"{program.main} logged errors:\n  " + "\n  ".join(collector.errors))
    for message in [*stack.notes, *collector.warnings]:
        if message not in recording.warnings:
            recording.warnings.append(message)
    return recording


def _retrieve_abandoned_futures() -> None:
    """Mark the exceptions of a failed program's finished futures as retrieved.

    Otherwise asyncio logs "Future exception was never retrieved" whenever they are collected, which in
    a process that runs many programs (the corpus, the tests) lands in a later program's log and fails
    it. They are still referenced by the failure's traceback here, so collecting now would not help.
    """
    for candidate in gc.get_objects():
        if isinstance(candidate, asyncio.Future) and candidate.done() and not candidate.cancelled():
            candidate.exception()


def _describe(exc: BaseException) -> str:
    message = str(exc).strip()
    return f"{exc.__class__.__name__}: {message}" if message else exc.__class__.__name__
