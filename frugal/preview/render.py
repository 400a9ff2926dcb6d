"""The preview's output: rich tables for people, one JSON object for machines."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from frugal.analyzer import Violation
from frugal.mocks import Recording
from frugal.preview.analysis import Cost

DAYS_PER_MONTH = 365 / 12  # the same 730-hour month AWS prices by
_LEVEL_STYLE = {"mandatory": "bold red", "advisory": "yellow", "remediate": "magenta", "disabled": "dim"}


def as_json(
    recording: Recording, cost: Cost | None, violations: list[Violation], *, new_stack: bool = False
) -> dict[str, Any]:
    return {
        "stack": recording.stack,
        "new_stack": new_stack,
        "resources": [
            {"urn": r.urn, "type": r.type, "name": r.name, "parent": r.parent, "remote": r.remote}
            for r in recording.resources
        ],
        "cost": None
        if cost is None
        else {
            "monthly_usd": round(cost.monthly_usd, 4),
            "daily_usd": round(cost.daily_usd, 4),
            "upper_bound": cost.upper_bound,
            "budget_usd": cost.budget_usd,
            "items": [{**item, "monthly_usd": round(item["monthly_usd"], 4)} for item in cost.items],
            "unpriced": cost.unpriced,
            "usage_priced": cost.usage_priced,
            "notes": cost.notes,
        },
        "violations": [
            {"policy": v.policy, "enforcement": v.enforcement, "message": v.message, "urn": v.urn}
            for v in violations
        ],
    }


def _name_of(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if urn else "(stack)"


def resource_tree(recording: Recording) -> Tree:
    """Components as branches, their plain resources folded into one line per type."""
    tree = Tree(Text(f"{recording.project}-{recording.stack}", style="bold"))
    urns = {r.urn for r in recording.resources}

    def add_children(branch: Tree, parent_urn: str | None) -> None:
        children = [r for r in recording.resources if (r.parent if r.parent in urns else None) == parent_urn]
        counts = Counter(r.type for r in children if r.custom and not recording.children_of(r.urn))
        for child in children:
            if child.custom and not recording.children_of(child.urn):
                continue
            label = Text.assemble((child.name, "bold cyan"), "  ", (child.type, "dim"))
            if child.remote:
                plugin = child.type.split(":", 1)[0]
                label.append(f"  opaque: its children are built by the {plugin} plugin", style="yellow")
            node = branch.add(label)
            add_children(node, child.urn)
        for type_, count in sorted(counts.items()):
            branch.add(Text.assemble(type_, (f" x{count}" if count > 1 else "", "green")))

    add_children(tree, None)
    return tree


def cost_table(cost: Cost) -> Table:
    title = "Estimated fixed cost (list prices)" + (
        ", at most: unknowns priced at their caps" if cost.upper_bound else ""
    )
    table = Table(title=title, title_justify="left", show_footer=True)
    table.add_column("Resource", footer="Total (at most)" if cost.upper_bound else "Total")
    table.add_column("Type", style="dim", overflow="fold")
    table.add_column("$/month", justify="right", footer=f"{cost.monthly_usd:,.2f}")
    table.add_column("$/day", justify="right", footer=f"{cost.daily_usd:,.3f}")
    table.add_column("Basis", overflow="fold")
    for item in sorted(cost.items, key=lambda i: -i["monthly_usd"]):
        table.add_row(
            Text(_name_of(item["urn"])),
            Text(item["type"]),
            f"{item['monthly_usd']:,.2f}",
            f"{item['monthly_usd'] / DAYS_PER_MONTH:,.3f}",
            Text(item["basis"]),
        )
    return table


def violations_table(violations: list[Violation]) -> Table:
    table = Table(title="Policy violations", title_justify="left")
    table.add_column("Level")
    table.add_column("Policy", style="bold")
    table.add_column("Resource")
    table.add_column("Message", overflow="fold")
    order = {"mandatory": 0, "remediate": 1, "advisory": 2, "disabled": 3}
    for v in sorted(violations, key=lambda v: (order.get(v.enforcement, 9), v.policy, v.urn)):
        table.add_row(
            Text(v.enforcement, style=_LEVEL_STYLE.get(v.enforcement, "")),
            Text(v.policy),
            Text(_name_of(v.urn)),
            Text(v.message),  # plain text: a message may hold brackets rich would read as markup
        )
    return table


def print_report(
    console: Console,
    recording: Recording,
    cost: Cost | None,
    violations: list[Violation],
    *,
    pack_label: str,
    config_label: str,
) -> None:
    custom = sum(1 for r in recording.resources if r.custom)
    console.print(
        Text.assemble(
            ("Stack ", "bold"),
            (recording.stack, "bold cyan"),
            f"  project {recording.project}  ·  {len(recording.resources)} resources "
            f"({custom} cloud, {len(recording.resources) - custom} components)",
        )
    )
    # A line of its own: with the header, a long pack path wrapped mid-phrase in 120-column CI logs.
    console.print(Text(f"pack {pack_label}  ·  policy config {config_label}", style="dim"))
    console.print(resource_tree(recording))
    console.print()
    if cost is None:
        console.print("[yellow]No cost table: the pack wrote no cost report (it is not the frugal pack).[/]")
    else:
        console.print(cost_table(cost))
        if cost.usage_priced:
            lines = sorted(f"  {_name_of(u['urn'])} ({u['type']}): {u['note']}" for u in cost.usage_priced)
            console.print(
                Group(Text("Usage-priced, $0 fixed:", style="bold"), *(Text(line) for line in lines))
            )
        if cost.unpriced:
            lines = sorted(
                f"  {_name_of(n['urn'])} ({n['type']}): {n['reason']}"
                + (f" [allowed: {n['allowed_because']}]" if n.get("allowed") else "")
                for n in cost.unpriced
            )
            console.print(
                Group(Text("Can't be priced:", style="bold yellow"), *(Text(line) for line in lines))
            )
        for note in cost.notes:
            console.print(Text(f"note: {note}", style="yellow"))
    console.print()
    for warning in recording.warnings:
        console.print(Text.assemble(("warning: ", "yellow"), warning))
    if violations:
        console.print(violations_table(violations))
    counts = Counter(v.enforcement for v in violations)
    if counts["mandatory"]:
        console.print(
            f"[bold red]Blocked:[/] {counts['mandatory']} mandatory violation(s), "
            f"{counts['advisory']} advisory."
        )
    else:
        console.print(f"[bold green]Passed:[/] no mandatory violations, {counts['advisory']} advisory.")
