"""`frugal preview`: run a Pulumi Python program under mocks, then the policy pack on it, offline.

The same command is `python -m frugal.preview`, and, in this repository, `python -m tools.preview`,
whose defaults are the repository's own program and `policy/` pack.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from frugal.analyzer import (
    PolicyConfig,
    PolicyConfigError,
    PolicyPack,
    PolicyPackError,
    Violation,
    load_policy_config_file,
)
from frugal.mocks import Recording
from frugal.pack import pack_dir as installed_pack_dir
from frugal.preview import analysis, program, render

EXIT_OK, EXIT_BLOCKED, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"usage error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def build_parser(
    prog: str = "frugal preview", default_program: Path | None = None, default_pack: Path | None = None
) -> argparse.ArgumentParser:
    """The options; `default_program` (else the current directory) and `default_pack` (else the installed
    frugal's pack, see `frugal.pack`) are what a caller such as `tools.preview` makes the defaults."""
    parser = _Parser(
        prog=prog,
        description=(
            "Offline `pulumi preview` with policies: runs a Pulumi Python program under mocks, starts the "
            "policy pack as the Pulumi CLI does, drives it over the analyzer gRPC protocol, and prints the "
            "resources, the estimated fixed cost and the policy violations. No AWS account, Pulumi CLI or "
            "Docker needed."
        ),
        epilog=(
            "The cost table is the one the pack's monthly-budget rule computed, in the pack's own process "
            "(it writes it to $FRUGAL_COST_REPORT); a pack that writes none shows no cost. "
            "Exit codes: 0 no mandatory violation, 1 at least one, "
            "2 usage, config, policy, program or cost-report error."
        ),
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--stack", default=None, help="stack name; reads Pulumi.<stack>.yaml (default: dev)")
    which.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="a stack file in Pulumi.<stack>.yaml format; the stack name comes from its file name",
    )
    _directory_option(
        parser, "--program", "program directory", default_program, "the current one", Path.cwd()
    )
    _directory_option(
        parser,
        "--policy-pack",
        "policy pack directory",
        default_pack,
        "the installed frugal's, see `frugal pack-path`",
    )
    parser.add_argument(
        "--policy-config",
        type=Path,
        metavar="FILE",
        help="policy pack config JSON as `pulumi preview --policy-pack-config` takes "
        "(default: <pack>/config/<stack>.json if it exists)",
    )
    parser.add_argument(
        "--new-stack",
        action="store_true",
        help="run as the first `pulumi preview` of a new stack sees it: every id and computed output unknown",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for program errors")
    return parser


@dataclass
class PreviewResult:
    recording: Recording
    cost: analysis.Cost | None
    violations: list[Violation]
    pack_label: str
    config_label: str
    new_stack: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_BLOCKED if any(v.enforcement == "mandatory" for v in self.violations) else EXIT_OK


def preview(
    *,
    program_dir: Path | None = None,
    stack: str | None = None,
    config_file: Path | None = None,
    pack_dir: Path | None = None,
    policy_config_file: Path | None = None,
    debug: bool = False,
    new_stack: bool = False,
    pack: PolicyPack | None = None,
    console: Console | None = None,
) -> PreviewResult:
    """The whole preview. Callers may pass a running `pack` to reuse (Configure resets it on every run)."""
    console = console or Console(stderr=True, quiet=True)
    prog = program.load_program(program_dir or Path.cwd())
    stack_config = program.load_stack_config(prog, None if config_file else (stack or "dev"), config_file)
    stack_name = stack_config.stack

    pack_dir = (pack_dir or installed_pack_dir()).resolve()
    config_path = policy_config_file
    if config_path is None and (pack_dir / "config" / f"{stack_name}.json").is_file():
        config_path = pack_dir / "config" / f"{stack_name}.json"
    if config_path is not None and not config_path.is_file():
        raise program.PreviewError("config", f"policy config {config_path} not found")
    policy_config: dict[str, PolicyConfig] = load_policy_config_file(config_path) if config_path else {}

    with (
        console.status("Starting the policy pack and running the program...") as status,
        contextlib.ExitStack() as cleanup,
    ):
        if pack is None:
            # The pack boots in its own process while the program runs here.
            pack = PolicyPack(pack_dir, project=prog.project, stack=stack_name, config=stack_config.config)
            # Registered before it starts, so a signal at any point after this stops the pack.
            cleanup.callback(pack.close)
            pack.start()
        recording = program.run(prog, stack_config, debug=debug, new_stack=new_stack)
        status.update(f"Analyzing {len(recording.resources)} resources with the policy pack...")
        resources = analysis.analyzer_resources(recording, stack_config.config)
        info, violations = analysis.analyze(pack, resources, policy_config)
        cost = analysis.read_cost(pack)
    return PreviewResult(
        recording=recording,
        cost=cost,
        violations=violations,
        pack_label=f"{info.name} ({_relative(pack_dir)})",
        config_label=str(_relative(config_path)) if config_path else "none (pack defaults)",
        new_stack=new_stack,
    )


def _directory_option(
    parser: argparse.ArgumentParser,
    flag: str,
    what: str,
    default: Path | None,
    otherwise: str,
    fallback: Path | None = None,
) -> None:
    """A DIR option whose help names its default, or says what `otherwise` applies (`fallback` if given)."""
    shown = _shown(default) if default else otherwise
    parser.add_argument(
        flag, type=Path, default=default or fallback, metavar="DIR", help=f"{what} (default: {shown})"
    )


def _shown(path: Path) -> str:
    return str(_relative(path))


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def exit_on_termination() -> None:
    """Make SIGTERM, SIGHUP and SIGINT unwind the preview, so the pack process is stopped on the way out.

    The pack runs in its own session (a Ctrl-C or a closed terminal doesn't reach it), and Python's
    default SIGTERM ends the process without cleanup, which would leave the pack running. For the
    process entry point only: a signal handler is process-wide.
    """

    def _exit(signum: int, _frame: object) -> None:
        raise program.Terminated(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _exit)


def _error(console: Console, kind: str, message: str) -> int:
    console.print(f"[bold red]{kind} error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return EXIT_ERROR


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = "frugal preview",
    default_program: Path | None = None,
    default_pack: Path | None = None,
) -> int:
    args = build_parser(prog, default_program, default_pack).parse_args(argv)
    err = Console(stderr=True)
    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        # Piped or captured (CI logs, README): wide enough that the cost table's basis column stays readable.
        out = Console(width=120)
    try:
        result = preview(
            program_dir=args.program,
            stack=args.stack,
            config_file=args.config,
            pack_dir=args.policy_pack,
            policy_config_file=args.policy_config,
            debug=args.debug,
            new_stack=args.new_stack,
            console=err,
        )
    except program.PreviewError as exc:
        return _error(err, exc.kind, exc.message)
    except PolicyConfigError as exc:
        return _error(err, "policy config", str(exc))
    except PolicyPackError as exc:
        return _error(err, "policy pack", str(exc))
    except Exception:
        if args.debug:
            raise
        # Exit 1 means "blocked by a policy"; a crash must not read as that verdict.
        err.print_exception()
        return _error(err, "internal", "the preview itself failed (traceback above); please report it")
    if args.json:
        # stdout holds only the JSON object; warnings (unknown invokes, stack-file notes) go to stderr.
        for warning in result.recording.warnings:
            err.print(Text.assemble(("warning: ", "yellow"), warning), soft_wrap=True)
        print(
            json.dumps(
                render.as_json(result.recording, result.cost, result.violations, new_stack=result.new_stack),
                indent=2,
            )
        )
    else:
        render.print_report(
            out,
            result.recording,
            result.cost,
            result.violations,
            pack_label=result.pack_label,
            config_label=result.config_label,
        )
    return result.exit_code
