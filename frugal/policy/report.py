"""The cost report: the estimate `monthly-budget` judged, as JSON, for the offline preview and for CI.

When the pack's process has `FRUGAL_COST_REPORT=<path>` in its environment (the Pulumi CLI passes its
own environment to the analyzer plugins it starts), `monthly-budget` writes the cost table it
computed at every AnalyzeStack to that path. The table and the verdict come from the same estimate in
the same process, so they can't drift apart. The file is replaced atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .pricing import CostEstimate, Unpriced

REPORT_ENV = "FRUGAL_COST_REPORT"
FORMAT_VERSION = 1


def as_dict(
    result: CostEstimate,
    *,
    budget_usd: float,
    allowed: dict[str, str],
    blocking: bool,
    stack: str | None,
    project: str | None,
) -> dict[str, Any]:
    """The report: totals, each line with its basis, what can't be priced (and whether it is allowed)."""
    return {
        "version": FORMAT_VERSION,
        "project": project,
        "stack": stack,
        "currency": "USD",
        "monthly_usd": result.monthly_usd,
        "daily_usd": round(result.daily_usd(), 4),
        "upper_bound": result.upper_bound,
        "budget_usd": budget_usd,
        "over_budget": result.monthly_usd > budget_usd,
        "items": [asdict(item) for item in result.items],
        "unpriced": [_unpriced_entry(entry, allowed) for entry in result.unpriced],
        "unpriced_blocks": blocking,
        "usage_priced": [asdict(entry) for entry in result.usage_priced],
        "free": [asdict(entry) for entry in result.free],
        "notes": list(result.notes),
    }


def _unpriced_entry(entry: Unpriced, allowed: Mapping[str, str]) -> dict[str, Any]:
    # Users' CI reads these keys, so the JSON keeps the name "kind" for `Unpriced.cause`.
    return {
        "urn": entry.urn,
        "type": entry.type,
        "reason": entry.reason,
        "kind": entry.cause,
        "allowed": entry.urn in allowed,
        "allowed_because": allowed.get(entry.urn),
    }


def write(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, suffix=".tmp") as handle:
        json.dump(report, handle, indent=2)
        temporary = handle.name
    os.replace(temporary, target)


def requested_path() -> str | None:
    return os.environ.get(REPORT_ENV) or None
