"""The price table, `prices.json`: list prices with their source, date and certainty.

Each entry's `usd` is the us-east-1 list price; `regions` holds the prices sourced for other regions.
A region with no sourced price is priced at the us-east-1 rate, and the caller says so. An entry
marked `global` (Route 53, Global Accelerator, Shield) costs the same wherever the resource is.
`account_free_units` is the account-wide free tier of a key (units a month; its `unit` says so).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PRICES_FILE = Path(__file__).with_name("prices.json")
BASE_REGION = "us-east-1"


class MissingPriceError(KeyError):
    """A price key the table does not have: the item can't be priced (never a silent $0)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"no price {self.key!r} in {PRICES_FILE.name}"


@dataclass(frozen=True)
class Price:
    usd: float
    region: str  # the region whose rate this is: the one asked for (a global price's too), or us-east-1

    def times(self, factor: float) -> float:
        return self.usd * factor


@cache
def price_table() -> dict[str, dict[str, Any]]:
    return json.loads(PRICES_FILE.read_text())["prices"]


def has_price(key: str) -> bool:
    return key in price_table()


def lookup(key: str, region: str | None = None) -> Price:
    """The price of `key` in `region`: its sourced regional price, else the us-east-1 rate."""
    try:
        entry = price_table()[key]
    except KeyError:
        raise MissingPriceError(key) from None
    if region and region != BASE_REGION and not entry.get("global"):
        regional = (entry.get("regions") or {}).get(region)
        if regional is not None:
            usd = regional["usd"] if isinstance(regional, dict) else regional
            return Price(float(usd), region)
    return Price(float(entry["usd"]), region if entry.get("global") and region else BASE_REGION)


def account_free_units(key: str) -> float | None:
    """The units of `key` a month the account's free tier covers, when the table says."""
    units = price_table().get(key, {}).get("account_free_units")
    return None if units is None else float(units)


def money(usd: float) -> str:
    """A rate as a basis shows it: cents to two places ($0.60, $1.00), smaller rates in full ($0.0035)."""
    return f"${usd:.2f}" if round(usd, 2) == usd else f"${usd:g}"


def unit_text(key: str) -> str:
    """What one unit of `key` is, as the table names it, without its asides (parentheses, `;` notes)."""
    try:
        unit = str(price_table()[key]["unit"])
    except KeyError:
        raise MissingPriceError(key) from None
    # An aside is a parenthesis followed by a space, comma or the end: "(+ $0.01/GB)", not
    # "(service instance)-month".
    bare = re.sub(r"\s*\([^()]*\)(?=\s|,|;|$)", "", unit)
    return bare.split(";", 1)[0].strip()


def price(key: str) -> float:
    """The us-east-1 list price of `key` (for fixed, region-less figures such as Route 53 zones)."""
    return lookup(key).usd
