"""RDS and Aurora: DB instances (class x AZ copies), their storage with provisioned IOPS and throughput,
Multi-AZ DB clusters, and Aurora clusters: provisioned instances, and Serverless v2 at its minimum ACU.

Aurora storage and I/O are billed by use, on the cluster. A Serverless v2 instance bills ACU-hours: at
least the cluster's minimum capacity around the clock (0 with auto-pause), more while busy (usage).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, as_bool, as_number, is_unknown
from .core import Inputs, Pricing, fmt_num, notes_text, prices
from .table import BASE_REGION, MissingPriceError, lookup

_OPEN_ENGINES = ("postgres", "mysql", "mariadb")
# The price table's prefix for each engine's instance classes (PostgreSQL's are the plain rds.* lines).
_ENGINE_PREFIX = {"postgres": "rds", "mysql": "rds.mysql", "mariadb": "rds.mariadb"}
# SQL Server editions, license included (the default licenseModel): their own price lines per class.
_SQL_SERVER = {
    "sqlserver-ex": "rds.sqlserver_ex",
    "sqlserver-web": "rds.sqlserver_web",
    "sqlserver-se": "rds.sqlserver_se",
    "sqlserver-ee": "rds.sqlserver_ee",
}
_ENGINE_PREFIX.update(_SQL_SERVER)
_LICENSE_INCLUDED = "license-included"
SERVERLESS_CLASS = "db.serverless"
# gp3 includes 3,000 IOPS and 125 MiB/s below 400 GiB, 12,000 and 500 from 400 GiB (RDS User Guide,
# "gp3 storage"; the price table's rds.storage.gp3.* notes).
_GP3_LARGE_GB = 400


# --- RDS Extended Support ------------------------------------------------------------------------
# The last day of RDS (or Aurora) standard support of each major version. From the next day an instance
# on it is enrolled in RDS Extended Support unless engineLifecycleSupport says
# open-source-rds-extended-support-disabled (CreateDBInstance/CreateDBCluster's EngineLifecycleSupport
# defaults to open-source-rds-extended-support: AWS RDS API reference, checked 2026-12-08, sure).
# Sources (checked 2026-12-08): RDS for PostgreSQL release calendar
# (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html)
# and the RDS User Guide's "Amazon RDS Extended Support charges" (PG 11 enters Extended Support on
# 2024-03-01, PG 12's standard support ends 2025-02-28) [sure]; PG 13: 2026-02-28 [likely]; RDS for
# MySQL major versions (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html):
# 5.7 2024-02-29 [sure], 8.0 2026-07-31 [likely]; Aurora major versions
# (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.VersionPolicy.MajorVersions.html):
# Aurora PostgreSQL matches RDS for PostgreSQL, Aurora MySQL 2 (5.7) ended 2024-10-31 [likely].
STANDARD_SUPPORT_ENDS: dict[tuple[str, str], date] = {
    ("postgres", "11"): date(2024, 2, 29),
    ("postgres", "12"): date(2025, 2, 28),
    ("postgres", "13"): date(2026, 2, 28),
    ("mysql", "5.7"): date(2024, 2, 29),
    ("mysql", "8.0"): date(2026, 7, 31),
    ("aurora-postgresql", "11"): date(2024, 2, 29),
    ("aurora-postgresql", "12"): date(2025, 2, 28),
    ("aurora-postgresql", "13"): date(2026, 2, 28),
    ("aurora-mysql", "5.7"): date(2024, 10, 31),
}
_EXTENDED_SUPPORT_DISABLED = "open-source-rds-extended-support-disabled"
# Aurora MySQL bills the year 1-2 rate for all of Extended Support (aws-samples/rds-extended-support-
# cost-estimator, citing the Aurora pricing page) [likely].
_NO_YEAR_3 = ("aurora-mysql",)
# vCPUs of burstable DB classes (RDS User Guide, "Hardware specifications for DB instance classes",
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html) [sure]:
# t3/t4g have 2 up to large; t2 micro and small have 1.
_BURSTABLE_VCPUS = {"micro": 2, "small": 2, "medium": 2, "large": 2, "xlarge": 4, "2xlarge": 8}
_T2_VCPUS = {**_BURSTABLE_VCPUS, "micro": 1, "small": 1}


def today() -> date:
    """The day the estimate is for (UTC): which Extended Support year a version is in depends on it."""
    return datetime.now(UTC).date()


def major_version(engine: str, version: str) -> str:
    """PostgreSQL's major version is its first number (11.22 -> 11); MySQL's its first two (8.0.39 ->
    8.0, and Aurora MySQL's 5.7.mysql_aurora.2.11.2 -> 5.7)."""
    parts = version.split(".")
    if "postgres" in engine:
        return parts[0]
    return ".".join(parts[:2])


def extended_support_year(engine: str, version: str, on: date) -> tuple[int, date] | None:
    """(1, 2 or 3, end of standard support) for a version in RDS Extended Support on `on`; None in
    standard support (a major version the table doesn't list is a current one)."""
    family = "mysql" if engine == "mysql" else engine
    ended = STANDARD_SUPPORT_ENDS.get((family, major_version(engine, version)))
    if ended is None or on <= ended:
        return None
    # Year 1 starts the day after standard support ends; year 3 two years later.
    years_in = (on.year - ended.year) - ((on.month, on.day) <= (ended.month, ended.day))
    return min(years_in + 1, 3), ended


def db_vcpus(instance_class: str) -> int | None:
    """The vCPUs of a DB instance class, which Extended Support and Performance Insights bill by: 2 at
    size large and 4 per xlarge for the fixed-performance classes (RDS User Guide, hardware
    specifications) and the table above for burstable ones; None when unknown (metal, optimized-CPU)."""
    family, _, size = instance_class.lower().removeprefix("db.").partition(".")
    if family == "t2":
        return _T2_VCPUS.get(size)
    if family.startswith("t"):
        return _BURSTABLE_VCPUS.get(size)
    fixed = {"small": 1, "medium": 1, "large": 2, "xlarge": 4}
    if size in fixed:
        return fixed[size]
    multiple = re.fullmatch(r"(\d+)xlarge", size)
    return 4 * int(multiple.group(1)) if multiple else None


def is_aurora(engine: Any) -> bool:
    return isinstance(engine, str) and engine.startswith("aurora")


def class_hourly(engine: str, instance_class: str, node: Node, pricing: Pricing) -> float:
    """Single-AZ on-demand price of a DB instance class: Aurora's, or an open-source engine's."""
    if is_aurora(engine):
        return pricing.sized_rate("aurora", instance_class, node, class_prefix="db.")
    prefix = next(p for name, p in _ENGINE_PREFIX.items() if engine.startswith(name))
    return pricing.sized_rate(prefix, instance_class, node, class_prefix="db.")


def multi_az_hourly(engine: str, instance_class: str, node: Node, pricing: Pricing) -> float:
    """A Multi-AZ DB instance's hourly price (primary and standby): AWS's own Multi-AZ line where it is
    not exactly twice Single-AZ (AWS rounds each line to $0.001: db.t4g.small MySQL is $0.065, not
    2 x $0.032), else twice the Single-AZ price."""
    prefix = next(p for name, p in _ENGINE_PREFIX.items() if engine.startswith(name))
    region = pricing.region(node) or BASE_REGION
    try:
        found = lookup(f"{prefix}.multi_az.{instance_class.lower()}", region)
    except MissingPriceError:
        found = None
    # The lines are us-east-1's: elsewhere, twice the region's own Single-AZ price.
    if found is not None and found.region == region:
        return found.usd
    return 2 * class_hourly(engine, instance_class, node, pricing)


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
    if engine in _SQL_SERVER:
        license_model = node.get("licenseModel", default=_LICENSE_INCLUDED)
        if license_model != _LICENSE_INCLUDED:
            pricing.unpriced(
                node, f"{engine} with licenseModel {license_model}: no price in the table", "no-price"
            )
            return None
        return str(engine)
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
    if copies == 2 and engine in _SQL_SERVER:
        # SQL Server Multi-AZ (mirroring or Always On) has its own prices, not in the table.
        pricing.unpriced(database, f"{engine} Multi-AZ: no price in the table", "no-price")
        return
    if copies == 2:
        hourly = multi_az_hourly(engine, instance_class, database, pricing)
    pricing.item(
        database,
        HOURS_PER_MONTH * hourly,
        f"{instance_class} {engine} {az_text}, 730 h/month{notes_text(notes)}",
        upper_bound=upper,
    )
    _storage(database, pricing, copies, " x2 (multi-AZ)" if copies == 2 else "", upper)
    _extended_support(database, engine, instance_class, copies, pricing, _Lifecycle.of(database), upper)
    _performance_insights(database, instance_class, copies, pricing, database, database, upper)


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
        _extended_support(
            instance, engine, instance_class, 1, pricing, _Lifecycle.of(instance, cluster), upper
        )
        # Paid retention on Serverless v2 bills per ACU, not priced: it fails closed below.
        _performance_insights(instance, instance_class, 1, pricing, instance, cluster, upper)
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
    _extended_support(instance, engine, instance_class, 1, pricing, _Lifecycle.of(instance, cluster), upper)
    _performance_insights(instance, instance_class, 1, pricing, instance, cluster or instance, upper)


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
    _extended_support(cluster, engine, instance_class, copies, pricing, _Lifecycle.of(cluster), upper)
    _performance_insights(cluster, instance_class, copies, pricing, cluster, cluster, upper)


# --- what old engine versions and long retention add -----------------------------------------------


@dataclass(frozen=True)
class _Lifecycle:
    """An instance's engine version and lifecycle support: its own, or (Aurora) its cluster's."""

    version: Any
    support: Any

    @classmethod
    def of(cls, node: Node, cluster: Node | None = None) -> _Lifecycle:
        version = node.get("engineVersion")
        if version is None and cluster is not None:
            version = cluster.get("engineVersion")
        source = cluster if cluster is not None else node
        return cls(version, source.get("engineLifecycleSupport"))


def _extended_support(
    node: Node,
    engine: str,
    instance_class: str,
    copies: int,
    pricing: Pricing,
    lifecycle: _Lifecycle,
    upper: bool,
) -> None:
    """RDS Extended Support: per vCPU-hour of every copy (a Multi-AZ standby too: RDS User Guide,
    "Amazon RDS Extended Support charges"), at the year 1-2 rate or the year 3 one (the AWS RDS feed's
    "Extended Support" lines)."""
    version, support = lifecycle.version, lifecycle.support
    if version is None or support == _EXTENDED_SUPPORT_DISABLED:
        return  # no version: RDS creates the current default one
    if is_unknown(version):
        pricing.unpriced(
            node, "engineVersion unknown at preview: a version past standard support bills Extended Support"
        )
        return
    found = extended_support_year(engine, str(version), today())
    if found is None:
        return
    year, ended = found
    notes = []
    if is_unknown(support):
        notes.append("engineLifecycleSupport unknown at preview: assumed enrolled, AWS's default")
        upper = True
    if instance_class == SERVERLESS_CLASS:
        pricing.unpriced(
            node,
            "RDS Extended Support on Serverless v2 bills per ACU-hour: no price in the table",
            "no-price",
        )
        return
    vcpus = db_vcpus(instance_class)
    if vcpus is None:
        pricing.unpriced(
            node,
            f"RDS Extended Support bills per vCPU: the vCPUs of {instance_class} are not known",
            "no-price",
        )
        return
    band = "year1_2" if year < 3 or engine in _NO_YEAR_3 else "year3"
    rate = pricing.rate(f"rds.extended_support.{band}.vcpu_hour", node)
    major = major_version(engine, str(version))
    copies_text = f" x {copies} instances" if copies > 1 else ""
    pricing.item(
        node,
        copies * vcpus * rate * HOURS_PER_MONTH,
        f"RDS Extended Support: {engine} {major} left standard support on {ended.isoformat()} "
        f"(year {year}): {vcpus} vCPU x ${rate:g}/vCPU-hour{copies_text}, 730 h/month "
        f"(engineLifecycleSupport {_EXTENDED_SUPPORT_DISABLED} avoids it){notes_text(notes)}",
        upper_bound=upper,
    )


def _performance_insights(
    node: Node, instance_class: str, copies: int, pricing: Pricing, settings: Node, mode_of: Node, upper: bool
) -> None:
    """Performance Insights beyond the free 7 days: per vCPU-month, the first month at one rate and each
    further month at another (the AWS RDS feed's "Performance Insights ProvisionedFMR/AMR" lines). AWS
    kept these rates when Performance Insights became CloudWatch Database Insights' Standard mode
    (RDS User Guide, USER_PerfInsights: "Flexible retention periods (1-24 months) and their associated
    pricing are preserved in Standard mode", checked 2026-12-08). Advanced mode bills per vCPU-hour
    instead, which the table has no price for. `settings` holds the Performance Insights inputs,
    `mode_of` databaseInsightsMode (an Aurora cluster's)."""
    mode = mode_of.get("databaseInsightsMode")
    enabled = as_bool(settings.get("performanceInsightsEnabled", default=False))
    retention = as_number(settings.get("performanceInsightsRetentionPeriod", default=7))
    if is_unknown(mode) or enabled is UNKNOWN or retention is UNKNOWN:
        pricing.unpriced(node, "databaseInsightsMode or Performance Insights settings unknown at preview")
        return
    if mode == "advanced":
        pricing.unpriced(
            node,
            "CloudWatch Database Insights Advanced mode bills per vCPU-hour: no price in the table",
            "no-price",
        )
        return
    if enabled is not True or retention is None or retention <= 7:
        return
    vcpus = db_vcpus(instance_class) if instance_class != SERVERLESS_CLASS else None
    if vcpus is None:
        pricing.unpriced(
            node,
            f"Performance Insights retention bills per vCPU: the vCPUs of {instance_class} are not known",
            "no-price",
        )
        return
    # Retention is 7 days or a number of months x 31 days (731 for 24 months): RDS API reference.
    months = min(math.ceil(float(retention) / 31), 24)
    first = pricing.rate("rds.performance_insights.first_month.vcpu_month", node)
    further = pricing.rate("rds.performance_insights.additional_month.vcpu_month", node)
    per_vcpu = first + (months - 1) * further
    copies_text = f" x {copies} instances" if copies > 1 else ""
    pricing.item(
        node,
        copies * vcpus * per_vcpu,
        f"Performance Insights {months}-month retention: {vcpus} vCPU x (${first:g} + {months - 1} x "
        f"${further:g})/vCPU-month{copies_text}",
        upper_bound=upper,
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:rds/proxy:Proxy": Inputs(
        reads="name region",
        free=(
            "auths debugLogging defaultAuthScheme endpointNetworkType engineFamily idleClientTimeout "
            "requireTls roleArn tags targetConnectionNetworkType vpcSecurityGroupIds vpcSubnetIds"
        ),
    ),
    "aws:rds/cluster:Cluster": Inputs(
        reads=(
            "allocatedStorage clusterIdentifier databaseInsightsMode dbClusterInstanceClass engine "
            "engineLifecycleSupport engineMode engineVersion iops performanceInsightsEnabled "
            "performanceInsightsRetentionPeriod region serverlessv2ScalingConfiguration storageType"
        ),
        free=(
            "allowMajorVersionUpgrade applyImmediately autoMinorVersionUpgrade availabilityZones "
            "backtrackWindow backupRetentionPeriod caCertificateIdentifier clusterIdentifierPrefix "
            "clusterMembers clusterScalabilityType copyTagsToSnapshot databaseName "
            "dbClusterParameterGroupName dbInstanceParameterGroupName dbSubnetGroupName dbSystemId "
            "deleteAutomatedBackups deletionProtection domain domainIamRoleName "
            "enableGlobalWriteForwarding enableHttpEndpoint enableLocalWriteForwarding "
            "enabledCloudwatchLogsExports finalSnapshotIdentifier globalClusterIdentifier "
            "iamDatabaseAuthenticationEnabled iamRoles kmsKeyId manageMasterUserPassword masterPassword "
            "masterPasswordWo masterPasswordWoVersion masterUserSecretKmsKeyId masterUsername "
            "monitoringInterval monitoringRoleArn networkType performanceInsightsKmsKeyId port "
            "preferredBackupWindow preferredMaintenanceWindow publiclyAccessible "
            "replicationSourceIdentifier restoreToPointInTime s3Import scalingConfiguration "
            "skipFinalSnapshot snapshotIdentifier sourceRegion storageEncrypted tags vpcSecurityGroupIds "
            "warningEventCategories"
        ),
    ),
    "aws:rds/clusterInstance:ClusterInstance": Inputs(
        reads=(
            "clusterIdentifier engine engineVersion instanceClass performanceInsightsEnabled "
            "performanceInsightsRetentionPeriod region"
        ),
        free=(
            "applyImmediately autoMinorVersionUpgrade availabilityZone caCertIdentifier "
            "copyTagsToSnapshot customIamInstanceProfile dbParameterGroupName dbSubnetGroupName "
            "forceDestroy identifier identifierPrefix monitoringInterval monitoringRoleArn "
            "performanceInsightsKmsKeyId preferredBackupWindow preferredMaintenanceWindow promotionTier "
            "publiclyAccessible tags warningEventCategories"
        ),
    ),
    "aws:rds/instance:Instance": Inputs(
        reads=(
            "allocatedStorage databaseInsightsMode engine engineLifecycleSupport engineVersion "
            "instanceClass iops multiAz performanceInsightsEnabled performanceInsightsRetentionPeriod "
            "licenseModel region storageThroughput storageType"
        ),
        free=(
            "allowMajorVersionUpgrade applyImmediately autoMinorVersionUpgrade availabilityZone "
            "backupRetentionPeriod backupTarget backupWindow blueGreenUpdate caCertIdentifier "
            "characterSetName copyTagsToSnapshot customIamInstanceProfile customerOwnedIpEnabled dbName "
            "dbSubnetGroupName dedicatedLogVolume deleteAutomatedBackups deletionProtection domain "
            "domainAuthSecretArn domainDnsIps domainFqdn domainIamRoleName domainOu "
            "enabledCloudwatchLogsExports finalSnapshotIdentifier iamDatabaseAuthenticationEnabled "
            "identifier identifierPrefix kmsKeyId maintenanceWindow manageMasterUserPassword "
            "masterUserSecretKmsKeyId maxAllocatedStorage monitoringInterval monitoringRoleArn "
            "ncharCharacterSetName networkType optionGroupName parameterGroupName password passwordWo "
            "passwordWoVersion performanceInsightsKmsKeyId port publiclyAccessible replicaMode "
            "replicateSourceDb restoreToPointInTime s3Import skipFinalSnapshot snapshotIdentifier "
            "storageEncrypted tags timezone upgradeStorageConfig username vpcSecurityGroupIds "
            "warningEventCategories"
        ),
    ),
}


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
            count = db_vcpus(str(instance_class))
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
