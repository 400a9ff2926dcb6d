"""What a change does to a stack's monthly cost, as Markdown for a pull request.

    frugal cost-diff BASE.json HEAD.json [--stack NAME]
    frugal cost-diff --base-ref origin/main [--stack dev] [--program DIR] [--new-stack]

(`python -m frugal.cost_diff`, and in this repository `python -m tools.cost_diff`, are the same.)
BASE.json and HEAD.json are two `frugal preview --json` outputs (the cost table comes from the
policy pack itself). With `--base-ref`, both are produced here, for the git repository of the current
directory: HEAD from its working tree, BASE from that git ref checked out in a temporary worktree. A
frugal checkout previews each side with its own tools, program and pack; any other repository's
program is previewed with the installed frugal on both sides.

The report: a one-line summary that fits a PR title, the monthly total before and after, the lines
added, removed and changed (each with its basis), what can't be priced, and the policy verdict of HEAD.
Exit 0 when HEAD passes its policies, 1 when a mandatory violation blocks it, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "<!-- frugal-cost-diff:{stack} -->"  # lets the CI job find and update its own comment
DAYS = 730 / 24  # days in the 730-hour month AWS prices by


class DiffError(Exception):
    """Unreadable or mismatched inputs: exit 2 with the message."""


@dataclass(frozen=True)
class Line:
    urn: str
    type: str
    monthly_usd: float
    basis: str

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    @property
    def shape(self) -> str:
        """The basis without its numbers: the same line of the same resource, whatever its amounts."""
        return re.sub(r"\d[\d,.]*", "#", self.basis)


@dataclass
class Change:
    before: Line | None
    after: Line | None

    @property
    def delta(self) -> float:
        return (self.after.monthly_usd if self.after else 0.0) - (
            self.before.monthly_usd if self.before else 0.0
        )


def load(path: Path) -> dict[str, Any]:
    try:
        report = json.loads(path.read_text())
    except OSError as error:
        raise DiffError(f"cannot read {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise DiffError(f"{path} is not a preview JSON report ({error.msg})") from error
    if not isinstance(report, dict) or "violations" not in report or "cost" not in report:
        raise DiffError(f"{path} is not a `frugal preview --json` report")
    if report["cost"] is None:
        raise DiffError(f"{path} has no cost table: its pack wrote no cost report")
    return report


def _lines(report: dict[str, Any]) -> list[Line]:
    return [Line(i["urn"], i["type"], float(i["monthly_usd"]), i["basis"]) for i in report["cost"]["items"]]


def pair(before: list[Line], after: list[Line]) -> list[Change]:
    """Lines matched by resource and the shape of their basis; leftovers of one resource in order;
    what is left is added or removed."""
    changes: list[Change] = []
    remaining = list(after)
    unmatched: list[Line] = []
    for line in before:
        match = next((a for a in remaining if a.urn == line.urn and a.shape == line.shape), None)
        if match is None:
            unmatched.append(line)
        else:
            remaining.remove(match)
            changes.append(Change(line, match))
    for line in unmatched:
        match = next((a for a in remaining if a.urn == line.urn), None)
        if match is not None:
            remaining.remove(match)
        changes.append(Change(line, match))
    changes.extend(Change(None, line) for line in remaining)
    return changes


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _signed(value: float) -> str:
    return f"{'+' if value >= 0 else '-'}${abs(value):,.2f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(stack: str, before: float, after: float, changes: list[Change]) -> str:
    """One line for a PR title: `dev: $4.26 → $10.57/month (+$6.31): app-service ...`."""
    delta = after - before
    head = f"{stack}: {_usd(before)} → {_usd(after)}/month ({_signed(delta)})"
    moved = [c for c in changes if abs(c.delta) >= 0.005]
    if not moved:
        return f"{head}: no change in fixed cost"
    biggest = max(moved, key=lambda c: abs(c.delta))
    line = biggest.after or biggest.before
    assert line is not None
    if biggest.before is None:
        what = f"adds {line.name} ({line.basis})"
    elif biggest.after is None:
        what = f"removes {line.name} ({line.basis})"
    else:
        what = f"{line.name}: {line.basis}"
    more = f" and {len(moved) - 1} more line(s)" if len(moved) > 1 else ""
    return f"{head}: {what}{more}"


def _changed(before: Line, after: Line) -> bool:
    return abs(after.monthly_usd - before.monthly_usd) >= 0.005 or before.basis != after.basis


def render(base: dict[str, Any], head: dict[str, Any], stack: str | None = None) -> tuple[str, int]:
    """The Markdown report and the exit code of HEAD's verdict."""
    stack = stack or str(head.get("stack") or base.get("stack") or "stack")
    before, after = float(base["cost"]["monthly_usd"]), float(head["cost"]["monthly_usd"])
    changes = pair(_lines(base), _lines(head))
    out = [MARKER.format(stack=stack), f"### {_cell(summary(stack, before, after, changes))}", ""]
    bound = " (at most)" if head["cost"].get("upper_bound") else ""
    budget = head["cost"].get("budget_usd")
    out += [
        "| | before | after | change |",
        "|---|---:|---:|---:|",
        f"| monthly, fixed{bound} | {_usd(before)} | {_usd(after)} | {_signed(after - before)} |",
        f"| daily | {_usd(before / DAYS)} | {_usd(after / DAYS)} | {_signed((after - before) / DAYS)} |",
    ]
    if budget is not None:
        out.append(f"| budget | | {_usd(float(budget))} | |")
    out.append("")
    for title, picked in (
        ("Added", [c for c in changes if c.before is None]),
        ("Removed", [c for c in changes if c.after is None]),
        ("Changed", [c for c in changes if c.before and c.after and _changed(c.before, c.after)]),
    ):
        if not picked:
            continue
        out += [
            f"**{title}**",
            "",
            "| resource | type | before | after | change | basis |",
            "|---|---|---:|---:|---:|---|",
        ]
        for change in sorted(picked, key=lambda c: -abs(c.delta)):
            line = change.after or change.before
            assert line is not None
            basis = (
                line.basis
                if change.before is None or change.after is None
                else (
                    change.after.basis
                    if change.before.basis == change.after.basis
                    else f"{change.before.basis} → {change.after.basis}"
                )
            )
            out.append(
                f"| {_cell(line.name)} | `{line.type}` | "
                f"{_usd(change.before.monthly_usd) if change.before else ''} | "
                f"{_usd(change.after.monthly_usd) if change.after else ''} | {_signed(change.delta)} | "
                f"{_cell(basis)} |"
            )
        out.append("")
    unpriced = [u for u in head["cost"].get("unpriced", []) if not u.get("allowed")]
    if unpriced:
        out += ["**Can't be priced** (blocks unless allowed in the policy config)", ""]
        out += [
            f"- {_cell(u['urn'].rsplit('::', 1)[-1])} (`{u['type']}`): {_cell(u['reason'])}" for u in unpriced
        ]
        out.append("")
    mandatory = [v for v in head["violations"] if v["enforcement"] == "mandatory"]
    advisory = [v for v in head["violations"] if v["enforcement"] == "advisory"]
    if mandatory:
        out += [
            f"**Policy: blocked** by {len(mandatory)} mandatory violation(s), {len(advisory)} advisory",
            "",
        ]
        for violation in mandatory:
            where = violation["urn"].rsplit("::", 1)[-1] if violation["urn"] else "(stack)"
            message = violation["message"].split("\n", 1)[-1]
            out.append(f"- `{violation['policy']}` {_cell(where)}: {_cell(message)}")
        out.append("")
    else:
        out += [f"**Policy: passed**, {len(advisory)} advisory", ""]
    for note in head["cost"].get("notes", []):
        out.append(f"> {_cell(note)}")
    return "\n".join(out).rstrip() + "\n", 1 if mandatory else 0


def _preview_json(checkout: Path, stack: str, program: Path | None, new_stack: bool) -> dict[str, Any]:
    """Run the preview of `checkout` with this interpreter: a frugal checkout's own (its tools, program
    and pack, as of that commit), any other repository's program with the installed frugal."""
    if (checkout / "tools" / "preview" / "__main__.py").is_file():
        command = [sys.executable, "-m", "tools.preview", "--stack", stack, "--json"]
    else:
        command = [sys.executable, "-m", "frugal.preview", "--stack", stack, "--json"]
        command += ["--program", str(checkout)] if program is None else []
    if program is not None:
        command += ["--program", str(checkout / program)]
    if new_stack:
        command.append("--new-stack")
    done = subprocess.run(command, cwd=checkout, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise DiffError(
            f"the preview of {checkout} failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}"
        )
    return json.loads(done.stdout)


def from_git(
    base_ref: str, stack: str, program: Path | None, new_stack: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(BASE, HEAD): the base ref's preview in a temporary worktree, HEAD's in the working tree."""
    repo = _toplevel(Path.cwd())
    head = _preview_json(repo, stack, program, new_stack)
    with tempfile.TemporaryDirectory(prefix="frugal-base-") as scratch:
        worktree = Path(scratch) / "base"
        added = subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), base_ref],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        if added.returncode != 0:
            raise DiffError(f"cannot check out {base_ref}: {added.stderr.strip()}")
        try:
            base = _preview_json(worktree, stack, program, new_stack)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=repo, check=False)
    return base, head


def _toplevel(directory: Path) -> Path:
    found = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=directory, capture_output=True, text=True, check=False
    )
    if found.returncode != 0:
        raise DiffError(f"--base-ref needs a git repository: {directory} is not in one")
    return Path(found.stdout.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frugal cost-diff", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", nargs="?", type=Path, help="the base's `frugal preview --json` output")
    parser.add_argument("head", nargs="?", type=Path, help="the head's `frugal preview --json` output")
    parser.add_argument(
        "--base-ref", help="preview this git ref (in a worktree) and the working tree instead"
    )
    parser.add_argument("--stack", help="stack name (default: the reports'; with --base-ref: dev)")
    parser.add_argument(
        "--program", type=Path, help="with --base-ref: the program directory, relative to the repo"
    )
    parser.add_argument(
        "--new-stack", action="store_true", help="with --base-ref: as first previews of a new stack"
    )
    parser.add_argument("--output", type=Path, help="also write the Markdown here")
    args = parser.parse_args(argv)
    try:
        if args.base_ref:
            if args.base or args.head:
                raise DiffError("give BASE.json HEAD.json or --base-ref, not both")
            base, head = from_git(args.base_ref, args.stack or "dev", args.program, args.new_stack)
        else:
            if not (args.base and args.head):
                raise DiffError("give BASE.json and HEAD.json (or --base-ref REF)")
            base, head = load(args.base), load(args.head)
        markdown, code = render(base, head, args.stack)
    except DiffError as error:
        print(f"cost diff error: {error}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(markdown)
    sys.stdout.write(markdown)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
