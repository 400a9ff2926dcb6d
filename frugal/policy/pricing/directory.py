"""Directory Service: domain controller-hours by directory type and edition or size (2 per directory, more
for a Managed Microsoft AD that asks for them), controllers in extra regions, and directory sharing."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_number
from .core import Inputs, Pricing, prices

_TYPES = {"MicrosoftAD": "microsoft_ad", "SimpleAD": "simple_ad", "ADConnector": "ad_connector"}


def _rate_key(directory: Node) -> str | None:
    """The price key of one domain controller (or connector) of the directory; None if unknown."""
    kind = directory.get("type", default="SimpleAD")  # pulumi-aws's default
    if kind is UNKNOWN:
        return None
    family = _TYPES.get(str(kind))
    if family is None:
        return f"directory_service.{kind}.dc_hour"
    if family == "microsoft_ad":
        tier = directory.get("edition", default="Enterprise")  # AWS's and pulumi-aws's default
    else:
        tier = directory.get("size", default="Large")  # pulumi-aws's default
    if tier is UNKNOWN:
        return None
    return f"directory_service.{family}.{str(tier).lower()}_dc_hour"


@prices(t.DIRECTORY)
def price_directory(directory: Node, pricing: Pricing) -> None:
    key = _rate_key(directory)
    if key is None:
        pricing.unpriced(directory, "type, edition or size unknown at preview")
        return
    count = as_number(directory.get("desiredNumberOfDomainControllers", default=2))
    if count is UNKNOWN or count is None:
        pricing.unpriced(directory, "desiredNumberOfDomainControllers unknown at preview")
        return
    count = max(int(count), 2)
    what = directory.get("type", default="SimpleAD")
    pricing.item(
        directory,
        count * HOURS_PER_MONTH * pricing.rate(key, directory),
        f"Directory Service {what} ({key.split('.')[-1].removesuffix('_dc_hour')}), "
        f"{count} domain controllers, 730 h/month",
    )


@prices(t.DIRECTORY_SERVICE_REGION)
def price_service_region(region: Node, pricing: Pricing) -> None:
    directories = pricing.graph.targets(region, "directoryId", [t.DIRECTORY])
    key = _rate_key(directories[0]) if len(directories) == 1 else None
    count = as_number(region.get("desiredNumberOfDomainControllers", default=2))
    if key is None or count is UNKNOWN or count is None:
        pricing.unpriced(
            region, "its directory (edition) or domain controller count can't be read at preview"
        )
        return
    count = max(int(count), 2)
    pricing.item(
        region,
        count * HOURS_PER_MONTH * pricing.rate(key, region),
        f"{count} domain controllers of the directory in another region, 730 h/month",
    )


@prices(t.DIRECTORY_SHARED)
def price_shared_directory(shared: Node, pricing: Pricing) -> None:
    pricing.item(
        shared,
        HOURS_PER_MONTH * pricing.rate("directory_service.sharing_account_hour", shared),
        "directory shared with 1 account, 730 h/month",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:directoryservice/directory:Directory": Inputs(
        reads="desiredNumberOfDomainControllers edition region size type",
        free=(
            "alias connectSettings description enableDirectoryDataAccess enableSso name password "
            "shortName tags vpcSettings"
        ),
    ),
    "aws:directoryservice/serviceRegion:ServiceRegion": Inputs(
        reads="desiredNumberOfDomainControllers directoryId region",
        free="regionName tags vpcSettings",
    ),
    "aws:directoryservice/sharedDirectory:SharedDirectory": Inputs(
        reads="directoryId region",
        free="method notes target",
    ),
}
