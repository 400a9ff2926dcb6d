"""The dollar figures the stack files, policy configs and docs state for our stacks are the preview's.

Each claim is found by a pattern that must match (a reworded sentence fails here until its pattern is
updated, rather than going unchecked), and every figure it captures must equal the preview's, to the
cent. Besides the listed claims, any "estimate ... $X" in those files must be one of our stacks' totals.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from frugal.analyzer import PolicyPack
from frugal.policy.pricing.table import lookup
from frugal.preview.analysis import Cost
from frugal.preview.cli import preview

REPO = Path(__file__).resolve().parents[1]
PACK = REPO / "policy"
# Where our stacks' estimates are stated.
FILES = sorted(
    [
        REPO / "README.md",
        *(REPO / "docs").glob("*.md"),
        *REPO.glob("Pulumi.*.yaml"),
        *(PACK / "config").glob("*.json"),
    ]
)

M = r"\$(\d+\.\d\d)"  # a dollar figure to the cent


def _at_list(item: dict) -> float:
    """A line with no free tier counted: a per-unit line at its full rate (our stacks are in us-east-1)."""
    return item["units"] * lookup(item["key"]).usd if item["key"] and item["units"] else item["monthly_usd"]


def _list_price(cost: Cost) -> float:
    return round(sum(_at_list(item) for item in cost.items), 2)


def _alarms_at_list(cost: Cost, type_: str = "") -> float:
    """Alarm lines at list price (of one resource type, when given: frugal:alarms' own MetricAlarms)."""
    lines = [i for i in cost.items if i["key"].startswith("cloudwatch.alarm") and type_ in i["type"]]
    return round(sum(_at_list(i) for i in lines), 2)


def _line(cost: Cost, name: str, needle: str = "") -> float:
    found = [i for i in cost.items if i["urn"].endswith(f"::{name}") and needle in i["basis"]]
    assert len(found) == 1, (name, needle, [(i["urn"], i["basis"]) for i in cost.items])
    return round(found[0]["monthly_usd"], 2)


def _lines(cost: Cost, name: str) -> float:
    return round(sum(i["monthly_usd"] for i in cost.items if i["urn"].endswith(f"::{name}")), 2)


def _task(cost: Cost, spot: bool) -> float:
    found = [i["monthly_usd"] for i in cost.items if "vCPU" in i["basis"] and ("Spot" in i["basis"]) == spot]
    assert len(found) == 1, found
    return round(found[0], 2)


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, float]]:
    with PolicyPack(PACK, project="frugal", stack="dev") as pack:
        dev = preview(program_dir=REPO, stack="dev", pack=pack, pack_dir=PACK).cost
        prod = preview(program_dir=REPO, stack="prod", pack=pack, pack_dir=PACK).cost
        # dev running 24x7: its own stack file with `schedule: none`.
        always = tmp_path_factory.mktemp("always") / "Pulumi.dev.yaml"
        shutil.copy(REPO / "Pulumi.dev.yaml", always)
        text = always.read_text()
        assert "frugal:schedule: office-hours" in text
        always.write_text(text.replace("frugal:schedule: office-hours", "frugal:schedule: none"))
        dev_always = preview(program_dir=REPO, config_file=always, pack=pack, pack_dir=PACK).cost
    assert dev is not None and prod is not None and dev_always is not None
    yield {
        "dev": dev.monthly_usd,
        "dev.daily": round(dev.daily_usd, 2),
        "dev.list": _list_price(dev),
        "dev.alarms.list": _alarms_at_list(dev),
        "dev.always": dev_always.monthly_usd,
        "dev.task": _line(dev, "app-service", "vCPU"),
        "dev.nat": _line(dev, "network-nat", "t4g.nano NAT instance"),
        "dev.nat.ipv4": _line(dev, "network-nat", "public IPv4"),
        "dev.nat.volume": _line(dev, "network-nat", "volume"),
        "zone": _line(dev, "app-namespace"),
        "prod": prod.monthly_usd,
        "prod.daily": round(prod.daily_usd, 2),
        "prod.list": _list_price(prod),
        "prod.alarms.list": _alarms_at_list(prod),
        "prod.metric_alarms.list": _alarms_at_list(prod, "aws:cloudwatch/metricAlarm:MetricAlarm"),
        "alarm": lookup("cloudwatch.alarm_month").usd,
        "alarm.x2": round(2 * lookup("cloudwatch.alarm_month").usd, 2),  # target tracking's two
        "prod.task": _task(prod, spot=False),
        "prod.spot": _task(prod, spot=True),
        "prod.nat": _lines(prod, "network-nat"),
    }


# (file, pattern, the figure each group states)
CLAIMS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "README.md",
        rf"dev, office hours \(defaults\) \| \*\*{M}/month\*\* \({M}/day; {M} with its alarms",
        ("dev", "dev.daily", "dev.list"),
    ),
    ("README.md", rf"dev, running 24\S7 \(`schedule: none`\) \| {M}", ("dev.always",)),
    (
        "README.md",
        rf"\| prod \| \*\*{M}/month\*\* \({M}/day; {M} with its alarms",
        ("prod", "prod.daily", "prod.list"),
    ),
    (
        "README.md",
        rf"\*\*total kept\*\* \| \*\*\$[\d.]+ \S {M}\*\* \| \*\*\$[\d.]+ \S {M}\*\*",
        ("dev", "prod"),
    ),
    ("README.md", r"Prod is 0\.40 of the ALB variant \((\d+\.\d\d) /", ("prod",)),
    (
        "docs/components.md",
        rf"estimated fixed cost \| \*\*{M}/month\*\*; [^|]*\| \*\*{M}/month\*\*",
        ("dev", "prod"),
    ),
    (
        "docs/components.md",
        rf"dev is ARM Spot for 239 h \({M}\), the NAT instance for 242\.6 h \({M}\) plus its IPv4 \({M}\) "
        rf"and root\nvolume \({M}\), the Cloud Map zone \({M}\) and the NAT instance's two alarms "
        rf"\(\$0 in the free tier, {M}",
        ("dev.task", "dev.nat", "dev.nat.ipv4", "dev.nat.volume", "zone", "dev.alarms.list"),
    ),
    (
        "docs/components.md",
        rf"Prod is one ARM on-demand task \({M}\) and one ARM Spot task \({M}\) around the clock, the\n"
        rf"NAT instance \({M}\), the zone \({M}\), the tracking alarms and its own four alarms "
        rf"\(\$0 in the free\ntier, {M} at list",
        ("prod.task", "prod.spot", "prod.nat", "zone", "prod.alarms.list"),
    ),
    ("docs/components.md", rf"5 alarm metrics, 2 beyond dev's claim \({M} with", ("dev.list",)),
    ("docs/guardrails.md", rf"mandatory, \$4\.50 \(estimate {M}\)", ("dev",)),
    ("docs/users-ci.md", rf"dev: {M} \S {M}/month", ("dev", "dev.always")),
    ("policy/config/dev.json", rf"the estimate is {M} with office hours", ("dev",)),
    ("Pulumi.dev.yaml", rf"Alarms are {M} per alarm metric a month at list price", ("alarm",)),
    ("Pulumi.dev.yaml", rf"its two CloudWatch alarms would cost\n  # {M}/month for nothing", ("alarm.x2",)),
    ("Pulumi.prod.yaml", rf"and the running tasks, {M}/month at list price", ("prod.metric_alarms.list",)),
    ("policy/config/prod.json", rf"The estimate is about {M}", ("prod",)),
]


@pytest.mark.parametrize(
    ("path", "pattern", "names"), CLAIMS, ids=[f"{c[0]}:{'+'.join(c[2])}" for c in CLAIMS]
)
def test_each_stated_figure_is_the_previews(
    figures: dict[str, float], path: str, pattern: str, names: tuple[str, ...]
) -> None:
    text = (REPO / path).read_text()
    matches = list(re.finditer(pattern, text))
    assert matches, f"{path}: the claim {pattern!r} is gone; update it here if it moved"
    for match in matches:
        stated = {name: float(value) for name, value in zip(names, match.groups(), strict=True)}
        expected = {name: pytest.approx(figures[name], abs=0.005) for name in names}
        assert stated == expected, (path, match.group(0))


def test_every_estimate_stated_in_the_files_is_one_of_our_stacks(figures: dict[str, float]) -> None:
    totals = {figures[name] for name in ("dev", "dev.list", "dev.always", "prod", "prod.list")}
    stated = [
        (path.relative_to(REPO), float(match.group(1)))
        for path in FILES
        for match in re.finditer(r"estimat\w*\b[^$|\n]{0,40}\$(\d+\.\d\d)", path.read_text())
    ]
    assert len(stated) >= 4  # the README's, the guardrails', the policy configs'
    assert [s for s in stated if not any(abs(s[1] - total) < 0.005 for total in totals)] == []
