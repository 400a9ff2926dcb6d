"""ElastiCache: node-based clusters and replication groups (nodes x node type, by engine), serverless
caches at their minimum metered storage and ECPUs, and reserved nodes (a term purchase: fails closed).

Valkey nodes are 0.8x the Redis OSS price (`elasticache.valkey.factor`, AWS's feed); Memcached nodes
cost what Redis OSS nodes do. A cluster added to a replication group (`replicationGroupId`) is one more
node of the group's node type, linked through the graph.
"""

from __future__ import annotations

from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_number
from .core import Inputs, Pricing, fmt_num, notes_text, prices
from .table import MissingPriceError

ENGINES = {"redis": "Redis OSS", "valkey": "Valkey", "memcached": "Memcached"}
# The storage a serverless cache is always metered for, even empty: 1 GB for Redis OSS and Memcached
# (AWS Database Blog, see elasticache.serverless.redis.gb_hour), 100 MB for Valkey (likely; see
# elasticache.serverless.valkey.gb_hour).
SERVERLESS_FLOOR_GB = {"redis": 1.0, "memcached": 1.0, "valkey": 0.1}
_SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600


def node_hourly(engine: str, node_type: str, node: Node, pricing: Pricing) -> float:
    """On-demand price of one node. Raises MissingPriceError for a node type the table lacks."""
    hourly = pricing.rate(f"elasticache.{node_type.lower()}", node)
    if engine == "valkey":
        hourly *= pricing.rate("elasticache.valkey.factor", node)
    return hourly


def _engine(node: Node, pricing: Pricing, default: str | None) -> str | None:
    engine = node.get("engine", default=default)
    if engine is UNKNOWN:
        pricing.unpriced(node, "engine unknown at preview")
        return None
    if engine is None:
        pricing.unpriced(node, "engine is not set")
        return None
    if str(engine).lower() not in ENGINES:
        pricing.unpriced(node, f"engine {engine!r} is not in the price table", "no-price")
        return None
    return str(engine).lower()


def _nodes(node: Node, pricing: Pricing, engine: str, node_type: Any, count: float, what: str) -> None:
    if node_type is UNKNOWN:
        pricing.unpriced(node, "nodeType unknown at preview")
        return
    if node_type is None:
        pricing.unpriced(node, "nodeType is not set")
        return
    try:
        hourly = node_hourly(engine, str(node_type), node, pricing)
    except MissingPriceError:
        pricing.unpriced(node, f"node type {node_type} is not in the price table", "no-price")
        return
    pricing.item(
        node,
        count * hourly * HOURS_PER_MONTH,
        f"{fmt_num(count)} x {node_type} {ENGINES[engine]} node(s), 730 h/month{what}",
    )


def _group_of(cluster: Node, pricing: Pricing) -> Node | None:
    found = pricing.graph.targets(
        cluster,
        "replicationGroupId",
        [t.ELASTICACHE_REPLICATION_GROUP],
        same_value("replicationGroupId", "id"),
    )
    return found[0] if found else None


@prices(t.ELASTICACHE_CLUSTER)
def price_cluster(cluster: Node, pricing: Pricing) -> None:
    if cluster.get("replicationGroupId") is not None:
        # A read replica added to a replication group: one node of the group's type and engine.
        group = _group_of(cluster, pricing)
        if group is None:
            pricing.unpriced(
                cluster, "a member of a replication group that is not in the stack: its node type is unknown"
            )
            return
        engine = _engine(group, pricing, "redis")
        if engine is not None:
            node_type = cluster.get("nodeType")
            node_type = group.get("nodeType") if node_type is None else node_type
            _nodes(cluster, pricing, engine, node_type, 1, f"; a replica in replication group {group.name}")
        return
    engine = _engine(cluster, pricing, None)
    if engine is None:
        return
    count = as_number(cluster.get("numCacheNodes", default=1))
    if count is UNKNOWN or count is None:
        pricing.unpriced(cluster, "numCacheNodes unknown at preview")
        return
    _nodes(cluster, pricing, engine, cluster.get("nodeType"), float(count), "")


def _replication_group_nodes(group: Node) -> tuple[Any, str]:
    """How many nodes a replication group runs (UNKNOWN if a count is unknown), and how that was read."""
    read = Reader()
    replicas = as_number(group.get("replicasPerNodeGroup"))
    configurations = group.get("nodeGroupConfigurations")
    if configurations is UNKNOWN:
        return UNKNOWN, ""
    if configurations:
        total = 0.0
        for shard in read.items(configurations, "nodeGroupConfigurations"):
            count = as_number(read.get(shard, "replicaCount")) if shard is not UNKNOWN else UNKNOWN
            if count is None:
                count = replicas if replicas is not None else 0
            if count is UNKNOWN:
                return UNKNOWN, ""
            total += 1 + float(count)
        return total, f" ({len(configurations)} node group(s) with their replicas)"
    shards = as_number(group.get("numNodeGroups"))
    if UNKNOWN in (shards, replicas):
        return UNKNOWN, ""
    if shards is not None:
        replica_count = float(replicas or 0)
        return float(shards) * (
            1 + replica_count
        ), f" ({fmt_num(shards)} shard(s) x {fmt_num(1 + replica_count)})"
    clusters = as_number(group.get("numCacheClusters"))
    if clusters is UNKNOWN:
        return UNKNOWN, ""
    if clusters is not None:
        return float(clusters), ""
    if replicas is not None:
        return 1 + float(replicas), " (1 primary + replicasPerNodeGroup)"
    return 1.0, " (no node count set: AWS's default of 1)"


@prices(t.ELASTICACHE_REPLICATION_GROUP)
def price_replication_group(group: Node, pricing: Pricing) -> None:
    engine = _engine(group, pricing, "redis")
    if engine is None:
        return
    count, how = _replication_group_nodes(group)
    if count is UNKNOWN:
        pricing.unpriced(
            group, "its node counts (numCacheClusters, numNodeGroups or replicas) are unknown at preview"
        )
        return
    node_type = group.get("nodeType")
    if node_type is None and group.get("globalReplicationGroupId") is not None:
        pricing.unpriced(
            group, "its node type comes from its global datastore's primary, which the stack doesn't show"
        )
        return
    _nodes(group, pricing, engine, node_type, count, how)


@prices(t.ELASTICACHE_SERVERLESS_CACHE)
def price_serverless_cache(cache: Node, pricing: Pricing) -> None:
    engine = _engine(cache, pricing, None)
    if engine is None:
        return
    read = Reader()
    limits = read.get(cache.props, "cacheUsageLimits")
    if limits is UNKNOWN:
        pricing.unpriced(cache, "cacheUsageLimits unknown at preview: they set the minimum it is billed for")
        return
    storage_min = as_number(read.get(limits, "dataStorage", "minimum"))
    ecpu_list = read.get(limits, "ecpuPerSeconds")
    ecpu_limits = [] if ecpu_list is UNKNOWN else read.items(ecpu_list, "ecpuPerSeconds")
    ecpu_min = as_number(read.get(ecpu_limits[0], "minimum")) if ecpu_limits else None
    if ecpu_list is UNKNOWN or any(value is UNKNOWN for value in (storage_min, ecpu_min, *ecpu_limits)):
        pricing.unpriced(cache, "its minimum storage or ECPU limits are unknown at preview")
        return
    floor = SERVERLESS_FLOOR_GB[engine]
    notes = []
    gigabytes = floor
    if storage_min is not None and float(storage_min) > floor:
        gigabytes = float(storage_min)
        notes.append("its dataStorage minimum")
    else:
        notes.append(f"the {fmt_num(floor)} GB AWS always meters")
    monthly = gigabytes * pricing.rate(f"elasticache.serverless.{engine}.gb_hour", cache) * HOURS_PER_MONTH
    basis = f"{ENGINES[engine]} serverless cache at its minimum: {fmt_num(gigabytes)} GB x 730 h ({notes[0]})"
    if ecpu_min:
        ecpus = float(ecpu_min) * _SECONDS_PER_MONTH / 1e6
        monthly += ecpus * pricing.rate(f"elasticache.serverless.{engine}.ecpu_million", cache)
        basis += f" + its minimum {fmt_num(float(ecpu_min))} ECPU/s"
    pricing.item(cache, monthly, f"{basis}{notes_text(['data above it and ECPUs by use'])}")


@prices(t.ELASTICACHE_RESERVED_NODE)
def price_reserved_node(reservation: Node, pricing: Pricing) -> None:
    # A reservation is a one- or three-year purchase (an upfront fee and/or an hourly fee for the whole
    # term, used or not). Its price depends on the offering, which the offering id doesn't tell offline,
    # and it discounts nodes priced elsewhere: it can't be priced, so the budget sees it.
    pricing.unpriced(
        reservation,
        "a reserved cache node is a 1- or 3-year commitment bought by offering id; the offering's upfront "
        "and hourly fees are not known offline",
        "no-price",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:elasticache/cluster:Cluster": Inputs(
        reads="engine nodeType numCacheNodes region replicationGroupId",
        free=(
            "applyImmediately autoMinorVersionUpgrade availabilityZone azMode clusterId "
            "finalSnapshotIdentifier ipDiscovery logDeliveryConfigurations maintenanceWindow networkType "
            "notificationTopicArn outpostMode parameterGroupName port preferredAvailabilityZones "
            "preferredOutpostArn securityGroupIds snapshotArns snapshotName snapshotRetentionLimit "
            "snapshotWindow subnetGroupName tags transitEncryptionEnabled"
        ),
        unread={
            "engineVersion": "Extended Support on old Redis OSS versions: not priced",
        },
    ),
    "aws:elasticache/replicationGroup:ReplicationGroup": Inputs(
        reads=(
            "engine globalReplicationGroupId nodeGroupConfigurations nodeType numCacheClusters "
            "numNodeGroups region replicasPerNodeGroup replicationGroupId"
        ),
        free=(
            "applyImmediately atRestEncryptionEnabled authToken authTokenUpdateStrategy authTokenWo "
            "authTokenWoVersion autoMinorVersionUpgrade automaticFailoverEnabled clusterMode "
            "dataTieringEnabled description durability finalSnapshotIdentifier ipDiscovery kmsKeyId "
            "logDeliveryConfigurations maintenanceWindow multiAzEnabled networkType notificationTopicArn "
            "parameterGroupName port preferredCacheClusterAzs securityGroupIds securityGroupNames "
            "snapshotArns snapshotName snapshotRetentionLimit snapshotWindow subnetGroupName tags "
            "transitEncryptionEnabled transitEncryptionMode userGroupIds"
        ),
        unread={
            "engineVersion": "Extended Support on old Redis OSS versions: not priced",
        },
    ),
    "aws:elasticache/reservedCacheNode:ReservedCacheNode": Inputs(
        reads="region",
        free=("cacheNodeCount elasticacheReservedCacheNodeId reservedCacheNodesOfferingId tags timeouts"),
    ),
    "aws:elasticache/serverlessCache:ServerlessCache": Inputs(
        reads="cacheUsageLimits engine region",
        free=(
            "dailySnapshotTime description kmsKeyId name networkType securityGroupIds "
            "snapshotArnsToRestores snapshotRetentionLimit subnetIds tags timeouts userGroupId"
        ),
        unread={
            "majorEngineVersion": "Extended Support on old Redis OSS versions: not priced",
        },
    ),
}
