"""The policy pack's cost report (the JSON `monthly-budget` writes to $FRUGAL_COST_REPORT) as Markdown.

    FRUGAL_COST_REPORT=/tmp/cost.json pulumi preview --policy-pack policy ...
    frugal cost-report /tmp/cost.json >> "$GITHUB_STEP_SUMMARY"   # or python -m frugal.cost_report

The report comes from the real engine's view of the stack, in any language's program; this prints its
lines, what can't be priced, and the budget's verdict.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def render(report: dict[str, Any]) -> str:
    bound = " (at most)" if report.get("upper_bound") else ""
    verdict = "over budget" if report.get("over_budget") else "within budget"
    out = [
        f"### {report.get('stack') or 'stack'}: ${report['monthly_usd']:,.2f}/month{bound}, {verdict} "
        f"(${report['budget_usd']:,.2f})",
        "",
        "| resource | type | $/month | basis |",
        "|---|---|---:|---|",
    ]
    for item in sorted(report["items"], key=lambda i: -i["monthly_usd"]):
        name = item["urn"].rsplit("::", 1)[-1]
        out.append(
            f"| {name} | `{item['type']}` | {item['monthly_usd']:,.2f} | {item['basis'].replace('|', '/')} |"
        )
    blocking = [u for u in report.get("unpriced", []) if not u.get("allowed")]
    if blocking:
        out += ["", "**Can't be priced**", ""]
        out += [f"- {u['urn'].rsplit('::', 1)[-1]} (`{u['type']}`): {u['reason']}" for u in blocking]
    for note in report.get("notes", []):
        out += ["", f"> {note}"]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: frugal cost-report REPORT.json", file=sys.stderr)
        return 2
    try:
        report = json.loads(Path(args[0]).read_text())
        sys.stdout.write(render(report))
    except (OSError, ValueError, KeyError) as error:
        print(f"cost report error: {args[0]}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
