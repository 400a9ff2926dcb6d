"""Every price keeps a source a reader can open, its date and how sure it is; nothing cites a source
nobody can open (an index number, a file outside the repo) as if it could be checked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from frugal.policy.pricing.table import PRICES_FILE, price_table

REPO = Path(__file__).resolve().parents[3]
# Citations a reader can't follow: a search index's file numbers, the team's facts file (not in this repo).
UNOPENABLE = re.compile(r"search-index|\bfile \d{6,}|AWS-FACTS")


def _prices() -> list[tuple[str, str, Any]]:
    found = []
    for key, entry in price_table().items():
        found.append((key, "us-east-1", entry))
        found += [(key, region, regional) for region, regional in (entry.get("regions") or {}).items()]
    return found


def test_every_price_has_an_openable_source_a_date_and_a_certainty() -> None:
    bad = []
    for key, region, entry in _prices():
        if not isinstance(entry, dict):
            bad.append((key, region, "a bare number: no source"))
            continue
        if not re.fullmatch(r"https://\S+", str(entry.get("source", ""))):
            bad.append((key, region, f"source {entry.get('source')!r}"))
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry.get("date", ""))):
            bad.append((key, region, f"date {entry.get('date')!r}"))
        if entry.get("certainty") not in ("sure", "likely", "unverified"):
            bad.append((key, region, f"certainty {entry.get('certainty')!r}"))
    assert bad == []


def test_no_price_note_cites_what_a_reader_cant_open() -> None:
    cited = [(key, region) for key, region, entry in _prices() if UNOPENABLE.search(str(entry))]
    assert cited == []


def test_code_data_and_docs_cite_aws_not_a_file_outside_the_repo() -> None:
    files = [
        *(REPO / "frugal").rglob("*.py"),
        *(REPO / "frugal").rglob("*.json"),
        *(REPO / "frugal").rglob("*.md"),
        *(REPO / "docs").glob("*.md"),
        REPO / "README.md",
    ]
    assert [str(path.relative_to(REPO)) for path in files if UNOPENABLE.search(path.read_text())] == []


def test_the_docs_count_the_table_as_it_is() -> None:
    table = price_table()
    counts = {
        level: sum(1 for e in table.values() if e["certainty"] == level)
        for level in ("sure", "likely", "unverified")
    }
    regional = [e for e in table.values() if e.get("regions")]
    text = " ".join((REPO / "docs" / "guardrails.md").read_text().split())
    stated = (
        f"{len(table):,} lines, each with its unit, source URL, date and certainty ({counts['sure']:,} sure, "
        f"{counts['likely']:,} likely, {counts['unverified']:,} unverified;"
    )
    assert stated in text
    assert f"{len(regional):,} lines carry sourced prices" in text
    assert f"({sum(len(e['regions']) for e in regional):,} regional prices)" in text
    assert PRICES_FILE.name == "prices.json"
