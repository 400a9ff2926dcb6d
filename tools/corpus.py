"""Run a corpus of Pulumi programs through the offline preview and compare each with its expectation.

    python -m tools.corpus [--corpus DIR] [--only NAME ...] [--mode existing|new|both] [--json]

The corpus is a directory of Pulumi Python programs plus `corpus.json`, one entry per program:
- `kind`: costly or cheap; `family` and `spelling`;
- `expect`: blocked, pass, or error (the program itself fails; its `note` says why);
- `stack`: whose policy config applies, dev or prod (with `required-tags` and `free-security` disabled:
  the corpus's programs are other people's and don't carry frugal's cost allocation tags, and the free
  security fixes frugal holds its own stacks to say nothing about their cost);
- `list_usd_monthly`: an independent us-east-1 list price of its fixed monthly cost, or null.

Each program is previewed as an existing stack and as a first preview of a new stack (every computed
output unknown), with one running pack per stack config. It prints one line per program and mode, then
the summary: costly programs blocked, cheap ones blocked by mistake, estimates within ±35% of list.
Exit 0 when every program met its expectation, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from frugal.analyzer import PolicyConfigError, PolicyPack, PolicyPackError
from frugal.preview import cli, program

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / "tests" / "corpus"
PACK_DIR = REPO / "policy"
TOLERANCE = 0.35
# Rules about this repository's own conventions and hygiene, not about cost or exposure: mandatory in our
# stacks' config, advisory by default for everyone else's programs.
CONVENTION_RULES = ("required-tags", "free-security")


@dataclass
class Outcome:
    name: str
    kind: str
    expect: str
    stack: str
    new_stack: bool
    list_usd: float | None
    exit_code: int
    monthly_usd: float | None = None
    upper_bound: bool = False
    blocked_by: list[str] = field(default_factory=list)
    unpriced: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def met(self) -> bool:
        wanted = {"blocked": 1, "pass": 0, "error": 2}[self.expect]
        if self.exit_code != wanted:
            return False
        # A cheap program passes with everything accounted for; nothing "can't be priced".
        return not (self.kind == "cheap" and self.unpriced)

    @property
    def within_list(self) -> bool | None:
        """Is the estimate within ±35% of the list price? None without both numbers."""
        if self.list_usd is None or self.monthly_usd is None or self.list_usd <= 0:
            return None
        return abs(self.monthly_usd - self.list_usd) <= TOLERANCE * self.list_usd


def load_manifest(corpus: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((corpus / "corpus.json").read_text())
    missing = [name for name in manifest if not (corpus / name / "Pulumi.yaml").is_file()]
    if missing:
        raise SystemExit(f"corpus.json names programs with no directory: {missing}")
    return manifest


def corpus_policy_config(stack: str, directory: Path) -> Path:
    """The stack's policy config with the convention rules disabled, written into `directory`."""
    config = json.loads((PACK_DIR / "config" / f"{stack}.json").read_text())
    for rule in CONVENTION_RULES:
        config[rule] = {"enforcementLevel": "disabled"}
    path = directory / f"{stack}.json"
    path.write_text(json.dumps(config, indent=2))
    return path


def run_one(
    name: str,
    entry: dict[str, Any],
    corpus: Path,
    pack: PolicyPack,
    new_stack: bool,
    policy_config_file: Path,
) -> Outcome:
    stack = entry.get("stack", "dev")
    outcome = Outcome(
        name=name,
        kind=entry["kind"],
        expect=entry["expect"],
        stack=stack,
        new_stack=new_stack,
        list_usd=entry.get("list_usd_monthly"),
        exit_code=2,
    )
    try:
        result = cli.preview(
            program_dir=corpus / name,
            stack=stack,
            pack_dir=PACK_DIR,
            policy_config_file=policy_config_file,
            new_stack=new_stack,
            pack=pack,
        )
    except (program.PreviewError, PolicyConfigError, PolicyPackError) as error:
        outcome.error = str(error).splitlines()[0]
        return outcome
    outcome.exit_code = result.exit_code
    mandatory = [v for v in result.violations if v.enforcement == "mandatory"]
    outcome.blocked_by = sorted({v.policy for v in mandatory})
    outcome.messages = [v.message.split("\n", 1)[-1] for v in mandatory]
    if result.cost is not None:
        outcome.monthly_usd = result.cost.monthly_usd
        outcome.upper_bound = result.cost.upper_bound
        outcome.unpriced = [
            f"{u['urn'].rsplit('::', 1)[-1]} ({u['type']})"
            for u in result.cost.unpriced
            if not u.get("allowed")
        ]
    return outcome


def run_corpus(
    corpus: Path = DEFAULT_CORPUS,
    only: Iterable[str] | None = None,
    modes: Sequence[bool] = (False, True),
    progress: Progress | None = None,
) -> list[Outcome]:
    """Every program (or `only` those) in each mode, with one pack process per stack config."""
    manifest = load_manifest(corpus)
    names = list(only) if only else sorted(manifest)
    unknown = [name for name in names if name not in manifest]
    if unknown:
        raise SystemExit(f"not in {corpus / 'corpus.json'}: {', '.join(unknown)}")
    outcomes: list[Outcome] = []
    with contextlib.ExitStack() as stack:
        packs: dict[str, PolicyPack] = {}
        configs: dict[str, Path] = {}
        config_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="frugal-corpus-")))
        task = progress.add_task("previewing", total=len(names) * len(modes)) if progress else None
        for name in names:
            entry = manifest[name]
            stack_name = entry.get("stack", "dev")
            if stack_name not in packs:
                packs[stack_name] = stack.enter_context(
                    PolicyPack(PACK_DIR, project="corpus", stack=stack_name)
                )
                configs[stack_name] = corpus_policy_config(stack_name, config_dir)
            for new_stack in modes:
                outcomes.append(
                    run_one(name, entry, corpus, packs[stack_name], new_stack, configs[stack_name])
                )
                if progress is not None and task is not None:
                    progress.update(task, advance=1, description=name)
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    existing = [o for o in outcomes if not o.new_stack] or outcomes
    costly = [o for o in existing if o.kind == "costly"]
    cheap = [o for o in existing if o.kind == "cheap"]
    listed = [o for o in costly if o.within_list is not None]
    return {
        "programs": len(existing),
        "costly": len(costly),
        "costly_blocked": sum(o.exit_code == 1 for o in costly),
        "cheap": len(cheap),
        "cheap_blocked_by_mistake": sum(o.exit_code != 0 or bool(o.unpriced) for o in cheap),
        "with_list_price": len(listed),
        "within_35_percent": sum(bool(o.within_list) for o in listed),
        "preview_errors": sum(o.exit_code == 2 for o in outcomes),
        "expectations_missed": sum(not o.met for o in outcomes),
        "modes_disagree": _disagreements(outcomes),
    }


def _disagreements(outcomes: list[Outcome]) -> list[str]:
    """Programs whose first preview reaches another verdict or cost than an existing stack's."""
    by_name: dict[str, dict[bool, Outcome]] = {}
    for outcome in outcomes:
        by_name.setdefault(outcome.name, {})[outcome.new_stack] = outcome
    return sorted(
        name
        for name, modes in by_name.items()
        if len(modes) == 2
        and (modes[False].exit_code, modes[False].monthly_usd)
        != (modes[True].exit_code, modes[True].monthly_usd)
    )


def _table(outcomes: list[Outcome]) -> Table:
    table = Table(title="Corpus", title_justify="left")
    for column in ("program", "mode", "expect", "exit", "estimate", "list", "±35%", "blocked by / error"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        estimate = "-" if o.monthly_usd is None else f"{'≤' if o.upper_bound else ''}{o.monthly_usd:,.2f}"
        listed = "-" if o.list_usd is None else f"{o.list_usd:,.2f}"
        within = {None: "", True: "yes", False: "no"}[o.within_list]
        why = (
            o.error or ", ".join(o.blocked_by) or ("unpriced: " + "; ".join(o.unpriced) if o.unpriced else "")
        )
        style = "" if o.met else "bold red"
        table.add_row(
            o.name,
            "new" if o.new_stack else "existing",
            o.expect,
            str(o.exit_code),
            estimate,
            listed,
            within,
            why,
            style=style,
        )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory with corpus.json"
    )
    parser.add_argument("--only", nargs="*", metavar="NAME", help="just these programs")
    parser.add_argument("--mode", choices=("existing", "new", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print the outcomes and the summary as JSON")
    args = parser.parse_args(argv)
    modes = {"existing": (False,), "new": (True,), "both": (False, True)}[args.mode]
    err = Console(stderr=True)
    with Progress(console=err, transient=True) as progress:
        outcomes = run_corpus(args.corpus, args.only, modes, progress)
    totals = summary(outcomes)
    if args.json:
        print(json.dumps({"outcomes": [asdict(o) for o in outcomes], "summary": totals}, indent=2))
    else:
        out = Console(width=160) if not sys.stdout.isatty() else Console()
        out.print(_table(outcomes))
        out.print(totals)
    return 0 if totals["expectations_missed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
