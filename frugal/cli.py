"""The `frugal` command: the offline preview, the cost diff and report, and the pack's path.

frugal preview [--stack dev] [--program DIR] [--json] ...   # a program under mocks, with the pack
frugal cost-diff --base-ref origin/main [--stack dev]        # Markdown for a pull request
frugal cost-report REPORT.json                               # the pack's $FRUGAL_COST_REPORT as Markdown
frugal pack-path                                             # for `pulumi preview --policy-pack`
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

USAGE = """usage: frugal COMMAND [ARGS...]

commands:
  preview       run a Pulumi Python program under mocks and the policy pack on it (offline):
                the plan, the monthly cost and the policy verdict (`frugal preview --help`)
  cost-diff     what a change does to a stack's monthly cost, as Markdown for a pull request
  cost-report   the policy pack's cost report ($FRUGAL_COST_REPORT) as Markdown
  pack-path     print the directory of the installed policy pack, for any project in any language:
                pulumi preview --policy-pack "$(frugal pack-path)"
"""


def _preview(argv: list[str]) -> int:
    from frugal.preview.cli import exit_on_termination, main

    exit_on_termination()
    return main(argv)


def _cost_diff(argv: list[str]) -> int:
    from frugal.cost_diff import main

    return main(argv)


def _cost_report(argv: list[str]) -> int:
    from frugal.cost_report import main

    return main(argv)


def _pack_path(argv: list[str]) -> int:
    if argv:
        print("usage: frugal pack-path", file=sys.stderr)
        return 2
    from frugal.pack import pack_dir

    print(pack_dir())
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "preview": _preview,
    "cost-diff": _cost_diff,
    "cost-report": _cost_report,
    "pack-path": _pack_path,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"frugal: unknown command {args[0]!r}\n\n{USAGE}", file=sys.stderr, end="")
        return 2
    return command(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
