"""The estimate: every resource of the stack graph lands in exactly one place.

- `items`: it costs money by the hour or month (one resource may give several items: a NAT instance's
  compute, its public IPv4 and its root volume);
- `usage_priced`: $0 fixed, billed by use (requests, GB);
- `free`: nothing of its own (VPC, IAM, a component whose children are priced one by one);
- `unpriced`: what the estimate can't account for, each with its `cause`: a type billed by the hour with
  no price ("no-price"), an unclassified type ("unclassified"), an opaque template or component
  ("opaque"), a value unknown at preview that no enforced rule bounds ("unknown"). Never a silent $0:
  `monthly-budget` fails closed on each one.

Where a price depends on a value unknown at preview, the pricer prices the bound an enforced rule
guarantees (`Bounds`) and marks the item "at most".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from frugal.cron import HOURS_PER_MONTH

from ..graph import Node, StackGraph
from . import classify as classification
from .table import BASE_REGION, MissingPriceError, account_free_units, lookup, money, unit_text


@dataclass(frozen=True)
class CostItem:
    urn: str
    type: str
    monthly_usd: float
    basis: str
    upper_bound: bool = False  # priced at a bound an enforced rule guarantees ("at most")
    # Per-unit lines (alarms, dashboards): their price key and unit count, for free-tier allowances.
    key: str = ""
    units: float = 0.0


@dataclass(frozen=True)
class Unpriced:
    urn: str
    type: str
    reason: str
    # Why it is unpriced: "no-price", "unknown", "unclassified" or "opaque" ("kind" in the JSON report).
    cause: str


@dataclass(frozen=True)
class UsagePriced:
    urn: str
    type: str
    note: str


@dataclass(frozen=True)
class FreeResource:
    urn: str
    type: str
    note: str


@dataclass
class CostEstimate:
    monthly_usd: float
    items: list[CostItem]
    unpriced: list[Unpriced]
    usage_priced: list[UsagePriced]
    free: list[FreeResource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # stack-wide caveats (regions priced at us-east-1)

    def daily_usd(self) -> float:
        return self.monthly_usd * 24.0 / HOURS_PER_MONTH

    def biggest(self, count: int = 5) -> list[CostItem]:
        return sorted(self.items, key=lambda item: item.monthly_usd, reverse=True)[:count]

    @property
    def upper_bound(self) -> bool:
        return any(item.upper_bound for item in self.items)


@dataclass(frozen=True)
class Bound:
    value: Any
    source: str  # the rule setting it comes from, e.g. "fargate-task-size maxCpu"


@dataclass(frozen=True)
class Bounds:
    """Caps enforced (mandatory) rules guarantee, for pricing values unknown at preview. None: no rule
    bounds it, so an unknown value can't be priced."""

    task_cpu: Bound | None = None  # cpu units
    task_memory: Bound | None = None  # MiB
    desired_count: Bound | None = None
    max_count: Bound | None = None
    instance_types: Bound | None = None  # tuple of allowed instance types
    db_classes: Bound | None = None  # tuple of allowed RDS instance classes
    db_storage_gb: Bound | None = None


@dataclass(frozen=True)
class Inputs:
    """What a pricer does with each input of a type it prices (pulumi-aws's property names), declared in
    its module's `INPUTS` beside it. A test compares the three with the installed provider's inputs, so
    an input a new provider version adds fails it until someone decides which of the three it is.

    - `reads`: the inputs the pricer reads (`region` is read for every type, by `Pricing.region`);
    - `free`: inputs that don't change what the resource bills by the hour or month (names, tags,
      ARNs, passwords, windows, settings billed only by use);
    - `unread`: inputs that can change the price and that the pricer does not read yet, each with why
      (a known underestimate, or a case the pricer already fails closed on)."""

    reads: str = ""
    free: str = ""
    unread: Mapping[str, str] = field(default_factory=dict)

    def names(self) -> tuple[set[str], set[str], set[str]]:
        return set(self.reads.split()), set(self.free.split()), set(self.unread)


Handler = Callable[[Node, "Pricing"], None]
HANDLERS: dict[str, Handler] = {}


class DuplicatePricerError(ValueError):
    """Two pricers registered for one kind: the second would silently replace the first."""


def prices(*kinds: str) -> Callable[[Handler], Handler]:
    """Register a pricer for resource kinds (pulumi-aws tokens; their aws-native twins come along)."""

    def register(handler: Handler) -> Handler:
        for kind in kinds:
            if kind in HANDLERS:
                raise DuplicatePricerError(f"{kind} has two pricers")
            HANDLERS[kind] = handler
        return handler

    return register


def pricer_of(handler: Handler) -> str:
    """The family module a handler lives in: what classification.json calls its pricer (`lambda_.py`
    is the `lambda` pricer: the keyword can't name a module)."""
    return handler.__module__.rsplit(".", 1)[-1].rstrip("_")


def fmt_num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def hours_text(hours: float) -> str:
    return f"{hours:.1f} h/month"


def notes_text(notes: Sequence[str]) -> str:
    """Notes appended to a basis: "; a; b", or nothing."""
    return "".join(f"; {note}" for note in notes if note)


class Pricing:
    """What a pricer gets: the graph, the bounds, and the result it adds to."""

    def __init__(self, graph: StackGraph, bounds: Bounds, default_region: str | None) -> None:
        self.graph = graph
        self.bounds = bounds
        self.default_region = default_region
        self.items: list[CostItem] = []
        # Filled by `unpriced()`, `usage()` and `free()`: the estimate's lists of the same names.
        self.unpriced_entries: list[Unpriced] = []
        self.usage_entries: list[UsagePriced] = []
        self.free_entries: list[FreeResource] = []
        # Region -> the price keys that had no price sourced there (priced at us-east-1 rates).
        self.fallbacks: dict[str, set[str]] = {}
        # Node URN -> fallback keys looked up since its last item: the next item's basis says so.
        self._pending: dict[str, set[str]] = {}

    # -- results ----------------------------------------------------------------------------------

    def item(
        self,
        node: Node,
        monthly: float,
        basis: str,
        *,
        upper_bound: bool = False,
        key: str = "",
        units: float = 0.0,
    ) -> None:
        text = f"at most: {basis}" if upper_bound and not basis.startswith("at most") else basis
        fallback = self._pending.pop(node.urn, None)
        if fallback:
            text += (
                f"; at us-east-1 rates ({', '.join(sorted(fallback))} not sourced for {self.region(node)})"
            )
        self.items.append(CostItem(node.urn, node.type, round(monthly, 4), text, upper_bound, key, units))

    def unpriced(self, node: Node, reason: str, cause: str = "unknown") -> None:
        self.unpriced_entries.append(Unpriced(node.urn, node.type, reason, cause))

    def usage(self, node: Node, note: str) -> None:
        self.usage_entries.append(UsagePriced(node.urn, node.type, note))

    def free(self, node: Node, note: str) -> None:
        self.free_entries.append(FreeResource(node.urn, node.type, note))

    # -- prices -----------------------------------------------------------------------------------

    def region(self, node: Node) -> str | None:
        """The resource's region: its own `region` (pulumi-aws 7 takes one per resource), else its
        provider's, else the stack's default."""
        own = node.get("region")
        if isinstance(own, str) and own:
            return own
        if node.provider is not None:
            region = node.provider.props.get("region") if hasattr(node.provider.props, "get") else None
            if isinstance(region, str) and region:
                return region
        return self.default_region

    def sized_rate(self, prefix: str, type_name: str, node: Node, *, class_prefix: str = "") -> float:
        """The hourly price of an instance type or class: its own `<prefix>.<type>` line, else its
        family's price at size large x the size's normalization factor / 4 (`ec2.size.*`, AWS's
        factors: nano 0.25 ... large 4, xlarge 8, Nxlarge 8N), where AWS's ratios hold. A family without
        a base price (accelerated types, whose prices don't scale with size) fails closed.

        `class_prefix` is stripped before the family is read ("db." in db.r6g.large). The name is
        lowercased first: AWS's names are lowercase, and `db.R6G.Large` names the same class."""
        type_name = type_name.lower()
        try:
            return self.rate(f"{prefix}.{type_name}", node)
        except MissingPriceError:
            pass
        bare = type_name.removeprefix(class_prefix) if class_prefix else type_name
        family, _, size = bare.partition(".")
        if not family or not size or "." in size:
            raise MissingPriceError(f"{prefix}.{type_name}")
        try:
            base = self.rate(f"{prefix}.family.{family}", node)
            factor = self.rate(f"ec2.size.{size}", node)
        except MissingPriceError:
            raise MissingPriceError(f"{prefix}.{type_name}") from None
        return base * factor / 4

    def rate_text(self, key: str, node: Node, region: str | None = None) -> str:
        """A rate a basis or note mentions, from the table, where `node` runs: "$0.045 per GB processed".
        Never a literal in a pricer: the text says what the table holds for that region. It doesn't
        count as a price the estimate used, so a region without its own rate says so here."""
        region = region or self.region(node) or BASE_REGION
        found = lookup(key, region)
        where = "" if found.region == region else f" ({found.region} rate: none sourced for {region})"
        return f"{money(found.usd)} per {unit_text(key)}{where}"

    def rate(self, key: str, node: Node, region: str | None = None) -> float:
        """The list price of `key` where `node` runs (or in `region`: a global table's replica); a
        region with no sourced price is priced at us-east-1 rates, and the estimate says so."""
        region = region or self.region(node) or BASE_REGION
        found = lookup(key, region)
        if found.region != region:
            self.fallbacks.setdefault(region, set()).add(key)
            self._pending.setdefault(node.urn, set()).add(key)
        return found.usd


def _classified(node: Node, pricing: Pricing) -> None:
    found = classification.classify(node.type)
    graph = pricing.graph
    if found.cls == "priced":
        handler = HANDLERS.get(node.kind)
        if handler is None or (found.pricer is not None and pricer_of(handler) != found.pricer):
            what = found.why or "billed by the hour or month"
            pricer = (
                f"pricer {found.pricer!r} does not price it yet"
                if found.pricer
                else "no pricer prices it yet"
            )
            pricing.unpriced(node, f"{what}; {pricer}", "no-price")
            return
        try:
            handler(node, pricing)
        except MissingPriceError as missing:
            pricing.unpriced(node, str(missing), "no-price")
        except Exception as error:
            # One odd resource must not sink the whole estimate: it is listed, with the reason.
            pricing.unpriced(node, f"unreadable properties ({type(error).__name__}: {error})", "unknown")
    elif found.cls == "usage":
        pricing.usage(node, found.by or found.why)
    elif found.cls == "free":
        pricing.free(node, found.why)
    elif found.cls == "component":
        if graph.children(node.urn):
            pricing.free(node, f"{found.plugin} component: its children are priced one by one")
        else:
            pricing.unpriced(
                node,
                f"its children are built by the {found.plugin} plugin, which the pack can't see here; "
                "run `pulumi preview --policy-pack policy` to see them",
                "opaque",
            )
    elif found.cls == "opaque":
        pricing.unpriced(node, found.why or "deploys resources the pack can't see into", "opaque")
    elif graph.children(node.urn):
        pricing.free(node, "component resource: its children are priced one by one")
    else:
        package = node.type.split(":", 1)[0]
        pricing.unpriced(
            node,
            f"type not in the pack's classification (package {package!r}: another provider, "
            "a component built elsewhere, or new in a provider upgrade)",
            "unclassified",
        )


def _free_tier_notes(items: Sequence[CostItem], free_tier: Mapping[str, float]) -> list[str]:
    """The account's free tier (from the price table) the estimate left uncounted, key by key."""
    notes = []
    for key in sorted({item.key for item in items if item.key and item.key not in free_tier}):
        units = account_free_units(key)
        if units is not None:
            notes.append(
                f"{key} at list price: the account's free tier ({fmt_num(units)} a month) is not counted, "
                "since other stacks may use it (monthly-budget's freeTier can count on it)"
            )
    return notes


def _apply_free_tier(items: list[CostItem], free_tier: Mapping[str, float]) -> list[CostItem]:
    """Credit each allowance (units of a price key a month the account's free tier covers) against the
    lines priced by that key, in order, saying so in their basis."""
    left = {key: float(units) for key, units in free_tier.items()}
    credited: list[CostItem] = []
    for item in items:
        allowance = left.get(item.key, 0.0)
        if item.key and item.units > 0 and allowance > 0:
            covered = min(allowance, item.units)
            left[item.key] = allowance - covered
            unit_price = item.monthly_usd / item.units
            item = replace(
                item,
                monthly_usd=round(item.monthly_usd - covered * unit_price, 4),
                basis=f"{item.basis}; {fmt_num(covered)} of the account's free tier "
                f"({item.key}: {fmt_num(free_tier[item.key])} a month)",
            )
        credited.append(item)
    return credited


def estimate(
    graph: StackGraph,
    bounds: Bounds | None = None,
    default_region: str | None = None,
    free_tier: Mapping[str, float] | None = None,
) -> CostEstimate:
    """Price every resource of the graph; see the module docstring for where each one lands.

    `free_tier`: units of a price key a month the stack may count on the account's free tier for
    (e.g. {"cloudwatch.alarm_month": 10}); none by default, since other stacks may use it up."""
    pricing = Pricing(graph, bounds or Bounds(), default_region)
    for node in graph.nodes:
        _classified(node, pricing)
    if free_tier:
        pricing.items = _apply_free_tier(pricing.items, free_tier)
    notes = [
        f"{region}: {len(keys)} price(s) not sourced for this region ({', '.join(sorted(keys))}): priced at "
        "us-east-1 rates"
        for region, keys in sorted(pricing.fallbacks.items())
    ] + _free_tier_notes(pricing.items, free_tier or {})
    total = round(sum(item.monthly_usd for item in pricing.items), 2)
    return CostEstimate(
        total, pricing.items, pricing.unpriced_entries, pricing.usage_entries, pricing.free_entries, notes
    )


def only(nodes: Iterable[Node]) -> list[Node]:
    """Deduplicated by URN, in order."""
    seen: dict[str, Node] = {}
    for node in nodes:
        seen.setdefault(node.urn, node)
    return list(seen.values())
