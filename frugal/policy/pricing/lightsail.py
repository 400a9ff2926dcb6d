"""Lightsail: flat monthly bundles by bundle id (instances, databases, buckets, CDN distributions), load
balancers, container services (power x scale), block storage disks, and static IPs (free while attached).

Lightsail bills each plan by the hour up to its monthly price, stopped or not: a resource that exists all
month costs the bundle's monthly price. A bundle id the price table doesn't list can't be priced (an old or
new bundle generation prices differently), so it fails closed.
"""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, as_number
from .core import Inputs, Pricing, prices
from .table import MissingPriceError


def _bundle(node: Node, pricing: Pricing, prop: str, family: str, what: str, extra: str = "") -> None:
    bundle = node.get(prop)
    if bundle is UNKNOWN or bundle is None:
        pricing.unpriced(node, f"{prop} unknown at preview: Lightsail bills by bundle")
        return
    bundle = str(bundle).lower()
    try:
        monthly = pricing.rate(f"lightsail.{family}.{bundle}", node)
    except MissingPriceError:
        if family != "bundle" or not bundle.endswith("_2_0"):
            raise
        # The previous instance generation: AWS CLI's get-bundles example (2022) lists nano_2_0 at
        # $3.50, but whether AWS repriced _2_0 plans with the 2024 public IPv4 charge is not sourced.
        # Priced at most at the current (_3_0) plan of the same size.
        current = bundle.removesuffix("_2_0") + "_3_0"
        monthly = pricing.rate(f"lightsail.{family}.{current}", node)
        pricing.item(
            node,
            monthly,
            f"Lightsail {what}, bundle {bundle}, priced as {current} (monthly plan price){extra}; the "
            "_2_0 generation's current price is not sourced",
            upper_bound=True,
        )
        return
    pricing.item(node, monthly, f"Lightsail {what}, bundle {bundle} (monthly plan price){extra}")


@prices(t.LIGHTSAIL_INSTANCE)
def price_instance(instance: Node, pricing: Pricing) -> None:
    _bundle(
        instance,
        pricing,
        "bundleId",
        "bundle",
        "instance",
        " incl. its public IPv4 and data transfer allowance; snapshots usage",
    )


@prices(t.LIGHTSAIL_DATABASE)
def price_database(database: Node, pricing: Pricing) -> None:
    _bundle(database, pricing, "bundleId", "database_bundle", "managed database", "; snapshots usage")


@prices(t.LIGHTSAIL_BUCKET)
def price_bucket(bucket: Node, pricing: Pricing) -> None:
    _bundle(bucket, pricing, "bundleId", "bucket_bundle", "bucket", "; storage and transfer overage usage")


@prices(t.LIGHTSAIL_DISTRIBUTION)
def price_distribution(distribution: Node, pricing: Pricing) -> None:
    _bundle(distribution, pricing, "bundleId", "distribution_bundle", "CDN distribution", "; overage usage")


@prices(t.LIGHTSAIL_LB)
def price_load_balancer(balancer: Node, pricing: Pricing) -> None:
    pricing.item(
        balancer,
        pricing.rate("lightsail.load_balancer_month", balancer),
        "Lightsail load balancer (monthly plan price)",
    )


@prices(t.LIGHTSAIL_CONTAINER_SERVICE)
def price_container_service(service: Node, pricing: Pricing) -> None:
    power = service.get("power")
    scale = as_number(service.get("scale", default=1))
    if power is UNKNOWN or power is None or scale is UNKNOWN or scale is None:
        pricing.unpriced(service, "power or scale unknown at preview: billed per node by its power")
        return
    # Priced whether or not isDisabled is set: whether a disabled service still bills is not sourced.
    pricing.item(
        service,
        scale * pricing.rate(f"lightsail.container_power.{power}", service),
        f"Lightsail container service, {scale:g} x {power} node(s) (monthly plan price each)",
    )


@prices(t.LIGHTSAIL_DISK)
def price_disk(disk: Node, pricing: Pricing) -> None:
    size = as_number(disk.get("sizeInGb"))
    if size is UNKNOWN or size is None:
        pricing.unpriced(disk, "sizeInGb unknown at preview")
        return
    pricing.item(
        disk,
        size * pricing.rate("lightsail.disk.gb_month", disk),
        f"Lightsail block storage disk, {size:g} GB-month",
    )


@prices(t.LIGHTSAIL_STATIC_IP)
def price_static_ip(address: Node, pricing: Pricing) -> None:
    attached_to = address.get("attachedTo")  # aws-native spells the attachment on the address itself
    if attached_to is not None and attached_to is not UNKNOWN:
        pricing.free(address, f"Lightsail static IP attached to {attached_to}: free while attached")
        return
    graph = pricing.graph
    attachments = graph.of(t.LIGHTSAIL_STATIC_IP_ATTACHMENT)
    if graph.referrers(address, [t.LIGHTSAIL_STATIC_IP_ATTACHMENT], "staticIpName", same_value("name")):
        pricing.free(address, "Lightsail static IP attached to an instance: free while attached")
        return
    unsure = graph.unlinkable(attachments, "staticIpName") or attached_to is UNKNOWN
    hourly = pricing.rate("lightsail.static_ip.unattached_hour", address)
    basis = "Lightsail static IP not attached to an instance, 730 h/month (free once attached)"
    if unsure:
        basis += "; an attachment whose address is unknown at preview may attach it"
    pricing.item(address, HOURS_PER_MONTH * hourly, basis, upper_bound=bool(unsure))


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:lightsail/bucket:Bucket": Inputs(
        reads="bundleId name region",
        free="forceDelete tags",
    ),
    "aws:lightsail/containerService:ContainerService": Inputs(
        reads="name power region scale",
        free="isDisabled privateRegistryAccess publicDomainNames tags",
    ),
    "aws:lightsail/database:Database": Inputs(
        reads="bundleId region",
        free=(
            "applyImmediately availabilityZone backupRetentionEnabled blueprintId finalSnapshotName "
            "masterDatabaseName masterPassword masterUsername preferredBackupWindow "
            "preferredMaintenanceWindow publiclyAccessible relationalDatabaseName skipFinalSnapshot tags"
        ),
    ),
    "aws:lightsail/disk:Disk": Inputs(
        reads="name region sizeInGb",
        free="availabilityZone tags",
    ),
    "aws:lightsail/distribution:Distribution": Inputs(
        reads="bundleId name region",
        free=(
            "cacheBehaviorSettings cacheBehaviors certificateName defaultCacheBehavior ipAddressType "
            "isEnabled origin tags"
        ),
    ),
    "aws:lightsail/instance:Instance": Inputs(
        reads="bundleId name region",
        free="addOn availabilityZone blueprintId ipAddressType keyPairName tags userData",
    ),
    "aws:lightsail/lb:Lb": Inputs(
        reads="name region",
        free="healthCheckPath instancePort ipAddressType tags",
    ),
    "aws:lightsail/staticIp:StaticIp": Inputs(
        reads="name region",
    ),
}
