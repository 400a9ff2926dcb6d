"""RDS and Aurora: DB instances (class x AZ copies), their storage with provisioned IOPS and throughput,
Multi-AZ DB clusters, and Aurora clusters: provisioned instances, and Serverless v2 at its minimum ACU.

Aurora storage and I/O are billed by use, on the cluster. A Serverless v2 instance bills ACU-hours: at
least the cluster's minimum capacity around the clock (0 with auto-pause), more while busy (usage).
"""

from __future__ import annotations

from typing import Any

from .. import types as t
from ..cron import HOURS_PER_MONTH
from ..graph import Node, same_value
from ..values import UNKNOWN, as_bool, as_number, is_unknown
from .core import Pricing, fmt_num, notes_text, prices
from .table import MissingPriceError

_OPEN_ENGINES = ("postgres", "mysql", "mariadb")
# The price table's prefix for each engine's instance classes (PostgreSQL's are the plain rds.* lines).
_ENGINE_PREFIX = {"postgres": "rds", "mysql": "rds.mysql", "mariadb": "rds.mariadb"}
SERVERLESS_CLASS = "db.serverless"
# gp3 includes 3,000 IOPS and 125 MiB/s below 400 GiB, 12,000 and 500 from 400 GiB (RDS User Guide,
# "gp3 storage"; the price table's rds.storage.gp3.* notes).
_GP3_LARGE_GB = 400


def is_aurora(engine: Any) -> bool:
    return isinstance(engine, str) and engine.startswith("aurora")


def class_hourly(engine: str, instance_class: str, node: Node, pricing: Pricing) -> float:
    """Single-AZ on-demand price of a DB instance class: Aurora's, or an open-source engine's."""
    if is_aurora(engine):
        return pricing.sized_rate("aurora", instance_class, node, class_prefix="db.")
    prefix = next(p for name, p in _ENGINE_PREFIX.items() if engine.startswith(name))
    return pricing.sized_rate(prefix, instance_class, node, class_prefix="db.")


def _priced(engine: str, instance_class: str, node: Node, pricing: Pricing) -> bool:
    try:
        class_hourly(engine, instance_class, node, pricing)
    except MissingPriceError:
        return False
    return True


def _engine(node: Node, pricing: Pricing, default: str | None = "postgres") -> str | None:
    engine = node.get("engine", default=default)
    if is_unknown(engine) or engine is None:
        pricing.unpriced(node, "engine unknown at preview")
        return None
    if not (is_aurora(engine) or str(engine).startswith(_OPEN_ENGINES)):
        pricing.unpriced(node, f"engine {engine} carries license pricing not in the table", "no-price")
        return None
    return str(engine)


def _instance_class(
    node: Node, key: str, engine: str, pricing: Pricing, notes: list[str]
) -> tuple[str | None, bool]:
    """The class to price, and whether it is a bound for an unknown ("at most")."""
    instance_class = node.get(key)
    if instance_class is UNKNOWN:
        bound = pricing.bounds.db_classes
        allowed = [str(c) for c in (bound.value if bound else ()) if _priced(engine, c, node, pricing)]
        if not allowed:
            pricing.unpriced(node, f"{key} unknown at preview, and no enforced rule limits it")
            return None, False
        dearest = max(allowed, key=lambda c: class_hourly(engine, c, node, pricing))
        notes.append(f"{key} unknown at preview: priced as {dearest}, the dearest {bound.source} allows")
        return dearest, True
    if instance_class is None:
        pricing.unpriced(node, f"{key} is not set")
        return None, False
    return str(instance_class), False


def _storage(node: Node, pricing: Pricing, copies: int, copies_label: str, upper: bool) -> None:
    """Allocated storage by type, plus provisioned IOPS (io1, io2, gp3 above its baseline) and gp3
    throughput above its baseline; `copies` for Multi-AZ (2) or a Multi-AZ DB cluster (3)."""
    storage = as_number(node.get("allocatedStorage"))
    storage_type = node.get("storageType")
    iops = as_number(node.get("iops"))
    throughput = as_number(node.get("storageThroughput"))
    if storage is UNKNOWN:
        bound = pricing.bounds.db_storage_gb
        if bound is None:
            pricing.unpriced(node, "allocatedStorage unknown at preview, and no enforced rule caps it")
            return
        storage, upper = float(bound.value), True
    if storage is None:
        pricing.unpriced(node, "allocatedStorage is not set")
        return
    if UNKNOWN in (storage_type, iops, throughput):
        pricing.unpriced(node, "storageType, iops or storageThroughput unknown at preview")
        return
    # RDS's default storage type: io1 when iops is given, else gp2 (the provider's documented default).
    storage_type = str(storage_type or ("io1" if iops else "gp2"))
    size = float(storage)
    try:
        monthly = size * pricing.rate(f"rds.storage.{storage_type}.gb_month", node)
        parts = [f"{fmt_num(size)} GB {storage_type}"]
        if storage_type in ("io1", "io2") and iops:
            monthly += float(iops) * pricing.rate(f"rds.storage.{storage_type}.iops_month", node)
            parts.append(f"{fmt_num(float(iops))} provisioned IOPS")
        elif storage_type == "gp3":
            base_iops, base_mbps = (12000, 500) if size >= _GP3_LARGE_GB else (3000, 125)
            if iops and iops > base_iops:
                monthly += (float(iops) - base_iops) * pricing.rate("rds.storage.gp3.iops_month", node)
                parts.append(f"{fmt_num(float(iops))} IOPS")
            if throughput and throughput > base_mbps:
                monthly += (float(throughput) - base_mbps) * pricing.rate("rds.storage.gp3.mbps_month", node)
                parts.append(f"{fmt_num(float(throughput))} MiB/s")
    except MissingPriceError:
        pricing.unpriced(node, f"storage type {storage_type} is not in the price table", "no-price")
        return
    pricing.item(node, copies * monthly, f"{' + '.join(parts)} storage{copies_label}", upper_bound=upper)


@prices(t.RDS_INSTANCE)
def price_db_instance(database: Node, pricing: Pricing) -> None:
    engine = _engine(database, pricing)
    if engine is None:
        return
    if is_aurora(engine):
        # An aws-native DBInstance in an Aurora cluster: priced like a cluster instance.
        _price_aurora_instance(database, engine, pricing)
        return
    notes: list[str] = []
    instance_class, upper = _instance_class(database, "instanceClass", engine, pricing, notes)
    if instance_class is None:
        return
    try:
        hourly = class_hourly(engine, instance_class, database, pricing)
    except MissingPriceError:
        pricing.unpriced(database, f"instance class {instance_class} is not in the price table", "no-price")
        return
    multi_az = as_bool(database.get("multiAz", default=False))
    copies = 2 if multi_az in (True, UNKNOWN) else 1
    az_text = "multi-AZ (x2)" if copies == 2 else "single-AZ"
    if multi_az is UNKNOWN:
        notes.append("multiAz unknown at preview: assumed on")
        upper = True
    pricing.item(
        database,
        copies * HOURS_PER_MONTH * hourly,
        f"{instance_class} {engine} {az_text}, 730 h/month{notes_text(notes)}",
        upper_bound=upper,
    )
    _storage(database, pricing, copies, " x2 (multi-AZ)" if copies == 2 else "", upper)


def _cluster_of(instance: Node, pricing: Pricing) -> Node | None:
    found = pricing.graph.targets(
        instance, "clusterIdentifier", [t.RDS_CLUSTER], same_value("clusterIdentifier", "id")
    ) or pricing.graph.targets(
        instance, "dbClusterIdentifier", [t.RDS_CLUSTER], same_value("clusterIdentifier")
    )
    return found[0] if found else None


def _io_optimized(cluster: Node | None) -> bool:
    return cluster is not None and cluster.get("storageType") == "aurora-iopt1"


def _price_aurora_instance(instance: Node, engine: str, pricing: Pricing) -> None:
    notes: list[str] = []
    instance_class, upper = _instance_class(instance, "instanceClass", engine, pricing, notes)
    if instance_class is None:
        return
    cluster = _cluster_of(instance, pricing)
    optimized = _io_optimized(cluster)
    factor = pricing.rate("aurora.io_optimized.instance_factor", instance) if optimized else 1.0
    mode = " (I/O-Optimized)" if optimized else ""
    if instance_class == SERVERLESS_CLASS:
        if cluster is None:
            pricing.unpriced(
                instance,
                "Serverless v2 instance whose cluster is not in the stack: its minimum ACU is unknown",
            )
            return
        minimum = as_number(cluster.get("serverlessv2ScalingConfiguration", "minCapacity"))
        if minimum is UNKNOWN:
            pricing.unpriced(instance, "the cluster's Serverless v2 minCapacity is unknown at preview")
            return
        if minimum is None:
            pricing.unpriced(instance, "its cluster sets no serverlessv2ScalingConfiguration")
            return
        acu = pricing.rate("aurora.serverless_v2.acu_hour", instance) * factor
        paused = "auto-pause when idle; " if minimum == 0 else ""
        pricing.item(
            instance,
            float(minimum) * acu * HOURS_PER_MONTH,
            f"Aurora Serverless v2 at its minimum {fmt_num(float(minimum))} ACU, 730 h/month{mode} "
            f"({paused}ACU-hours above it are usage)",
        )
        return
    try:
        hourly = class_hourly(engine, instance_class, instance, pricing) * factor
    except MissingPriceError:
        pricing.unpriced(
            instance, f"Aurora instance class {instance_class} is not in the price table", "no-price"
        )
        return
    pricing.item(
        instance,
        hourly * HOURS_PER_MONTH,
        f"{instance_class} Aurora instance, 730 h/month{mode}{notes_text(notes)}",
        upper_bound=upper,
    )


@prices(t.RDS_CLUSTER_INSTANCE)
def price_cluster_instance(instance: Node, pricing: Pricing) -> None:
    engine = _engine(instance, pricing, default="aurora-mysql")
    if engine is not None:
        _price_aurora_instance(instance, engine, pricing)


@prices(t.RDS_CLUSTER)
def price_cluster(cluster: Node, pricing: Pricing) -> None:
    """Aurora: storage and I/O by use (instances are priced on their own). A Multi-AZ DB cluster (an
    open-source engine with dbClusterInstanceClass): one writer and two readers, and their storage."""
    engine = _engine(cluster, pricing, default="aurora-mysql")
    if engine is None:
        return
    if is_aurora(engine):
        if cluster.get("engineMode") == "serverless":
            pricing.unpriced(
                cluster, "Aurora Serverless v1 (engineMode serverless) is not priced", "no-price"
            )
            return
        pricing.usage(
            cluster,
            "Aurora storage per GB-month and I/O per million requests (instances priced on their own)",
        )
        return
    notes: list[str] = []
    instance_class, upper = _instance_class(cluster, "dbClusterInstanceClass", engine, pricing, notes)
    if instance_class is None:
        return
    copies = int(pricing.rate("rds.multi_az_cluster.factor", cluster))
    try:
        hourly = class_hourly(engine, instance_class, cluster, pricing)
    except MissingPriceError:
        pricing.unpriced(cluster, f"instance class {instance_class} is not in the price table", "no-price")
        return
    pricing.item(
        cluster,
        copies * hourly * HOURS_PER_MONTH,
        f"Multi-AZ DB cluster: {copies} x {instance_class} {engine}, 730 h/month{notes_text(notes)}",
        upper_bound=upper,
    )
    _storage(cluster, pricing, copies, f" x{copies} (Multi-AZ DB cluster)", upper)


# vCPUs of a DB instance class by size (RDS User Guide, "Hardware specifications for DB instance
# classes", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html,
# checked 2026-12-08, likely): nano to large 2 (db.t2.micro/small have 1, under the proxy's 2-vCPU
# minimum anyway), xlarge 4, Nxlarge 4N. Metal sizes have no rule: they fail closed.
_SMALL_SIZES = ("nano", "micro", "small", "medium", "large")


def class_vcpus(instance_class: str) -> int | None:
    size = instance_class.removeprefix("db.").partition(".")[2]
    if size in _SMALL_SIZES:
        return 2
    if size == "xlarge":
        return 4
    if size.endswith("xlarge") and size[: -len("xlarge")].isdigit():
        return 4 * int(size[: -len("xlarge")])
    return None


def _proxy_targets(proxy: Node, pricing: Pricing) -> list[Node]:
    """The DB instances and clusters the proxy's targets (aws.rds.ProxyTarget) name."""
    graph = pricing.graph
    found: list[Node] = []
    for target in graph.referrers(proxy, [t.RDS_PROXY_TARGET], "dbProxyName", same_value("name")):
        found += graph.targets(
            target, "dbInstanceIdentifier", [t.RDS_INSTANCE], same_value("identifier", "id")
        )
        found += graph.targets(
            target, "dbClusterIdentifier", [t.RDS_CLUSTER], same_value("clusterIdentifier", "id")
        )
    return list({node.urn: node for node in found}.values())


def _cluster_instances(cluster: Node, pricing: Pricing) -> list[Node]:
    return pricing.graph.referrers(
        cluster, [t.RDS_CLUSTER_INSTANCE], "clusterIdentifier", same_value("clusterIdentifier", "id")
    )


@prices(t.RDS_PROXY)
def price_proxy(proxy: Node, pricing: Pricing) -> None:
    """RDS Proxy bills by its targets' capacity: each provisioned instance's vCPUs (at least 2 in all),
    Aurora Serverless v2 by ACU (at least 8): priced at the cluster's minimum, more ACUs are usage."""
    targets = _proxy_targets(proxy, pricing)
    if not targets:
        pricing.unpriced(
            proxy,
            "billed by its target's vCPUs or ACUs, and no aws.rds.ProxyTarget links it to one in the stack",
        )
        return
    vcpus, acus, parts = 0.0, 0.0, []
    for target in targets:
        members = _cluster_instances(target, pricing) if target.kind == t.RDS_CLUSTER else [target]
        if not members:
            pricing.unpriced(proxy, f"its target cluster {target.name} has no instances in the stack")
            return
        for member in members:
            instance_class = member.get("instanceClass")
            if instance_class is UNKNOWN or instance_class is None:
                pricing.unpriced(proxy, f"the instance class of its target {member.name} is unknown")
                return
            if instance_class == SERVERLESS_CLASS:
                cluster = target if target.kind == t.RDS_CLUSTER else _cluster_of(member, pricing)
                minimum = (
                    as_number(cluster.get("serverlessv2ScalingConfiguration", "minCapacity"))
                    if cluster is not None
                    else None
                )
                if minimum is UNKNOWN or minimum is None:
                    pricing.unpriced(
                        proxy, f"the Serverless v2 minimum capacity behind {member.name} is unknown"
                    )
                    return
                acus += float(minimum)
                parts.append(f"{member.name} Serverless v2 ≥{fmt_num(float(minimum))} ACU")
                continue
            count = class_vcpus(str(instance_class))
            if count is None:
                pricing.unpriced(
                    proxy, f"vCPUs of {instance_class} ({member.name}) are not known", "no-price"
                )
                return
            vcpus += count
            parts.append(f"{member.name} {instance_class} {count} vCPU")
    behind = ", ".join(parts)
    if vcpus:
        least = pricing.rate("rds.proxy.minimum_vcpus", proxy)
        billed = max(vcpus, least)
        floor = f" (the {fmt_num(least)}-vCPU minimum)" if billed > vcpus else ""
        pricing.item(
            proxy,
            billed * pricing.rate("rds.proxy.vcpu_hour", proxy) * HOURS_PER_MONTH,
            f"RDS Proxy on {fmt_num(billed)} vCPU{floor}, 730 h/month: {behind}",
        )
    if acus or not vcpus:
        least = pricing.rate("rds.proxy.minimum_acus", proxy)
        billed = max(acus, least)
        pricing.item(
            proxy,
            billed * pricing.rate("rds.proxy.acu_hour", proxy) * HOURS_PER_MONTH,
            f"RDS Proxy on Aurora Serverless v2 at {fmt_num(billed)} ACU (its {fmt_num(least)}-ACU minimum "
            "or "
            f"the cluster's floor), 730 h/month; ACUs above it are usage: {behind}",
        )
