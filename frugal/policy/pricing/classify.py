"""How AWS bills each resource type, from `classification.json` (data, not code).

Every token of the installed pulumi-aws and aws-native packages is classified (a test keeps it so):
- "free": no charge of its own (`why` says where its cost shows, if anywhere);
- "usage": billed only by use, no time-based minimum (`by` says by what);
- "priced": billed by the hour or month in some configuration; `pricer` names the family module in
  `pricing/` that prices it (null: none yet, so it can't be priced and fails closed). No entry states
  an amount: prices live in `prices.json` only, and a pricer's text quotes them from there;
- "opaque": deploys what the pack can't see into (a CloudFormation template, a stack set);
- "component": a multi-language component (awsx, eks) whose children only the real engine builds.

An exact entry in "types" wins over "patterns"; among patterns the first match wins. A type nothing
matches is unclassified: from another provider, or new in a provider upgrade.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CLASSIFICATION_FILE = Path(__file__).with_name("classification.json")
CLASSES = ("free", "usage", "priced", "opaque", "component")


@dataclass(frozen=True)
class Classification:
    cls: str  # one of CLASSES, or "unclassified"
    why: str = ""
    by: str = ""  # usage: what it is billed by
    pricer: str | None = None  # priced: the family module
    plugin: str = ""  # component: the plugin that builds its children
    source: str = ""  # the pattern or "types" entry that matched


UNCLASSIFIED = Classification("unclassified")


@cache
def _data() -> dict[str, Any]:
    return json.loads(CLASSIFICATION_FILE.read_text())


def _entry(raw: dict[str, Any], source: str) -> Classification:
    return Classification(
        cls=str(raw["class"]),
        why=str(raw.get("why", "")),
        by=str(raw.get("by", "")),
        pricer=raw.get("pricer"),
        plugin=str(raw.get("plugin", "")),
        source=source,
    )


@cache
def classify(type_: str) -> Classification:
    data = _data()
    exact = data.get("types", {}).get(type_)
    if exact is not None:
        return _entry(exact, type_)
    for pattern in data.get("patterns", []):
        if fnmatch.fnmatchcase(type_, pattern["match"]):
            return _entry(pattern, pattern["match"])
    return UNCLASSIFIED


def entries() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The raw exact entries and patterns (for the consistency tests)."""
    data = _data()
    return dict(data.get("types", {})), list(data.get("patterns", []))
