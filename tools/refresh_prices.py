"""Refresh prices.json entries from AWS's public Price List bulk offer files (no credentials needed).

    python -m tools.refresh_prices                       # every mapped key, its regions; prints the changes
    python -m tools.refresh_prices --write               # ... and writes them to prices.json
    python -m tools.refresh_prices --keys ec2.t4g.nano --regions us-east-1 eu-west-1
    python -m tools.refresh_prices --offers DIR          # offline: DIR/<service>/<region>.json files

It needs internet: it downloads https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/
<region>/index.json (global services: .../current/index.json). The EC2 offer of one region is hundreds of
MB, so one run takes minutes and much memory.

Each mapped key (`OFFERS`) names its offer (service code), a filter on the product attributes (values
may be fnmatch patterns: usage types carry a region prefix, `USE1-`, `EUW1-`...) and the Price List
unit of the on-demand price dimension to read. Exactly one product must match, with one dimension in
that unit (for tiered prices, the first tier); anything else is reported and the entry left alone.
A refreshed entry records the offer file, SKU, rate code and the offer's publication date, with
certainty "sure". The regions refreshed are us-east-1 plus those the entry already has, or --regions.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frugal.policy.pricing.table import BASE_REGION, PRICES_FILE

OFFER_URL = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{service}/current/{region}index.json"


@dataclass(frozen=True)
class Offer:
    service: str  # the Price List service code (offer), e.g. "AmazonEC2"
    attributes: Mapping[str, str | tuple[str, ...]]  # product attributes to match: fnmatch patterns, any of
    unit: str  # the price dimension's unit in the offer, e.g. "Hrs"
    product_family: str | None = None
    region_independent: bool = False  # one offer for all regions (Route 53)


def _patterns(want: str | tuple[str, ...]) -> tuple[str, ...]:
    return (want,) if isinstance(want, str) else want


def usage_type(name: str) -> tuple[str, ...]:
    """A usage type in any region: bare (us-east-1's, for some services) or behind a region prefix
    (`USE1-`, `EUW2-`, `APN1-`; not `*`, which would also match `SpotUsage-...`)."""
    return (name, f"????-{name}")


_LINUX = {
    "operatingSystem": "Linux",
    "tenancy": "Shared",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
    "licenseModel": "No License required",
}

# The families our stacks use. The attribute names and values are the Price List's; they were written
# from AWS's documented offer format and are not yet checked against a live offer file (no internet
# here): a mismatch shows as "no product matches" on the first real run, not as a wrong price.
OFFERS: dict[str, Offer] = {
    "fargate.x86.vcpu_hour": Offer(
        "AmazonECS", {"usagetype": usage_type("Fargate-vCPU-Hours:perCPU")}, "hours"
    ),
    "fargate.x86.gb_hour": Offer("AmazonECS", {"usagetype": usage_type("Fargate-GB-Hours")}, "hours"),
    "fargate.arm64.vcpu_hour": Offer(
        "AmazonECS", {"usagetype": usage_type("Fargate-ARM-vCPU-Hours:perCPU")}, "hours"
    ),
    "fargate.arm64.gb_hour": Offer("AmazonECS", {"usagetype": usage_type("Fargate-ARM-GB-Hours")}, "hours"),
    "ec2.t4g.nano": Offer("AmazonEC2", {"instanceType": "t4g.nano", **_LINUX}, "Hrs", "Compute Instance"),
    "ec2.t4g.micro": Offer("AmazonEC2", {"instanceType": "t4g.micro", **_LINUX}, "Hrs", "Compute Instance"),
    "ebs.gp3.gb_month": Offer("AmazonEC2", {"volumeApiName": "gp3"}, "GB-Mo", "Storage"),
    "ipv4.public_hour": Offer("AmazonVPC", {"usagetype": usage_type("PublicIPv4:InUseAddress")}, "Hrs"),
    "route53.hosted_zone_month": Offer(
        "AmazonRoute53", {"usagetype": "HostedZone"}, "HostedZone", region_independent=True
    ),
    "cloudwatch.alarm_month": Offer(
        "AmazonCloudWatch", {"usagetype": usage_type("CW:AlarmMonitorUsage")}, "Alarms"
    ),
}


class OfferError(ValueError):
    """The offer doesn't give one price for a key: none or several products match, or no dimension."""


@dataclass(frozen=True)
class Found:
    usd: float
    sku: str
    rate_code: str
    description: str
    published: str  # the offer's publicationDate, YYYY-MM-DD
    url: str


def offer_url(offer: Offer, region: str) -> str:
    return OFFER_URL.format(service=offer.service, region="" if offer.region_independent else f"{region}/")


def _matches(product: Mapping[str, Any], offer: Offer, region: str) -> bool:
    attributes = product.get("attributes", {})
    if offer.product_family is not None and product.get("productFamily") != offer.product_family:
        return False
    if not offer.region_independent and attributes.get("regionCode", region) != region:
        return False
    return all(
        any(fnmatch.fnmatchcase(str(attributes.get(name, "")), pattern) for pattern in _patterns(want))
        for name, want in offer.attributes.items()
    )


def find_price(document: Mapping[str, Any], offer: Offer, region: str, url: str) -> Found:
    """The one on-demand price of `offer` in an offer file (the Price List bulk format: `products` by
    SKU, `terms.OnDemand` by SKU, then offer term, then `priceDimensions` by rate code)."""
    skus = [sku for sku, product in document.get("products", {}).items() if _matches(product, offer, region)]
    on_demand = document.get("terms", {}).get("OnDemand", {})
    skus = [sku for sku in skus if sku in on_demand]
    if len(skus) != 1:
        raise OfferError(f"{len(skus)} products with on-demand terms match {dict(offer.attributes)} (want 1)")
    (sku,) = skus
    dimensions = [
        dimension
        for term in on_demand[sku].values()
        for dimension in term.get("priceDimensions", {}).values()
        if dimension.get("unit") == offer.unit
    ]
    if not dimensions:
        raise OfferError(f"SKU {sku} has no on-demand price dimension in unit {offer.unit!r}")
    # Tiered prices (Route 53's first 25 zones): the first tier.
    dimension = min(dimensions, key=lambda d: float(d.get("beginRange", "0") or 0))
    return Found(
        usd=float(dimension["pricePerUnit"]["USD"]),
        sku=sku,
        rate_code=str(dimension.get("rateCode", "")),
        description=str(dimension.get("description", "")),
        published=str(document.get("publicationDate", ""))[:10],
        url=url,
    )


def _provenance(found: Found, offer: Offer) -> dict[str, Any]:
    return {
        "certainty": "sure",
        "date": found.published,
        "source": found.url,
        "note": f"AWS Price List offer {offer.service}, SKU {found.sku}, rate code {found.rate_code}: "
        f"{found.description!r} (refreshed by tools/refresh_prices.py).",
    }


def apply(entry: dict[str, Any], region: str, found: Found, offer: Offer) -> str | None:
    """Update one entry's price for `region` in place; a line saying what changed, or None."""
    if region == BASE_REGION or offer.region_independent:
        old = entry.get("usd")
        entry.update({"usd": found.usd, **_provenance(found, offer)})
    else:
        regions = entry.setdefault("regions", {})
        current = regions.get(region)
        old = current.get("usd") if isinstance(current, dict) else current
        regions[region] = {"usd": found.usd, **_provenance(found, offer)}
    if old is not None and float(old) == found.usd:
        return None
    return f"{old} -> {found.usd}"


Loader = Callable[[Offer, str], tuple[Mapping[str, Any], str]]


def web_loader() -> Loader:
    cache: dict[str, Mapping[str, Any]] = {}

    def load(offer: Offer, region: str) -> tuple[Mapping[str, Any], str]:
        url = offer_url(offer, region)
        if url not in cache:
            print(f"downloading {url}", file=sys.stderr)
            with urllib.request.urlopen(url, timeout=600) as response:
                cache[url] = json.load(response)
        return cache[url], url

    return load


def directory_loader(root: Path) -> Loader:
    """Recorded offer files: `<root>/<service>/<region>.json` (a global offer: `<service>/index.json`)."""

    def load(offer: Offer, region: str) -> tuple[Mapping[str, Any], str]:
        name = "index.json" if offer.region_independent else f"{region}.json"
        return json.loads((root / offer.service / name).read_text()), offer_url(offer, region)

    return load


def refresh(
    data: dict[str, Any], load: Loader, keys: Sequence[str], regions: Sequence[str] | None = None
) -> tuple[list[str], list[str]]:
    """Refresh `data` (prices.json's document) in place: (changes, problems), one line each."""
    changes: list[str] = []
    problems: list[str] = []
    for key in keys:
        offer = OFFERS[key]
        entry = data["prices"].get(key)
        if entry is None:
            problems.append(f"{key}: not in prices.json (add the entry, with its unit, first)")
            continue
        wanted = (
            [BASE_REGION]
            if offer.region_independent
            else list(regions or [BASE_REGION, *entry.get("regions", {})])
        )
        for region in wanted:
            try:
                document, url = load(offer, region)
                found = find_price(document, offer, region, url)
            except (OSError, OfferError, KeyError, ValueError) as error:
                problems.append(f"{key} {region}: {error}")
                continue
            changed = apply(entry, region, found, offer)
            if changed:
                changes.append(f"{key} {region}: {changed} (SKU {found.sku})")
    return changes, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.refresh_prices", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--keys", nargs="+", choices=sorted(OFFERS), default=sorted(OFFERS))
    parser.add_argument(
        "--regions", nargs="+", help="regions to refresh (default: us-east-1 and the entry's)"
    )
    parser.add_argument("--offers", type=Path, help="read recorded offer files from this directory instead")
    parser.add_argument("--prices", type=Path, default=PRICES_FILE, help="the price table (default: ours)")
    parser.add_argument("--write", action="store_true", help="write the refreshed table")
    args = parser.parse_args(argv)

    data = json.loads(args.prices.read_text())
    load = directory_loader(args.offers) if args.offers else web_loader()
    changes, problems = refresh(data, load, args.keys, args.regions)
    for line in changes:
        print(line)
    for line in problems:
        print(f"not refreshed: {line}", file=sys.stderr)
    if args.write:
        # The file's own layout (indent 1, ASCII, no final newline), so only refreshed entries change.
        args.prices.write_text(json.dumps(data, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
