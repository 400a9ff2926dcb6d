"""DynamoDB: on-demand tables are usage-priced; provisioned capacity (table and GSIs) bills by the hour."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_number
from .core import Inputs, Pricing, prices


@prices(t.DYNAMODB_GSI)
def price_index(index: Node, pricing: Pricing) -> None:
    """A global secondary index declared on its own: provisioned capacity bills hourly, on-demand by use."""
    read = Reader()
    throughput = index.get("provisionedThroughput")
    if throughput is UNKNOWN:
        pricing.unpriced(index, "provisionedThroughput unknown at preview")
        return
    if throughput is None:
        pricing.usage(index, "on-demand index: per request")
        return
    reads = as_number(read.get(throughput, "readCapacityUnits", default=0))
    writes = as_number(read.get(throughput, "writeCapacityUnits", default=0))
    if UNKNOWN in (reads, writes):
        pricing.unpriced(index, "its read or write capacity is unknown at preview")
        return
    # The index exists in every replica of its table (a global table's replicas carry its indexes).
    tables = pricing.graph.targets(index, "tableName", [t.DYNAMODB_TABLE], same_value("name"))
    replicas = [read.get(r, "regionName") for table in tables for r in read.items_of(table.props, "replicas")]
    if UNKNOWN in replicas:
        pricing.unpriced(index, "its table's replicas are unknown at preview")
        return
    for region in [None, *replicas]:
        monthly = HOURS_PER_MONTH * (
            float(reads or 0) * pricing.rate("dynamodb.rcu_hour", index, region)
            + float(writes or 0) * pricing.rate("dynamodb.wcu_hour", index, region)
        )
        where = f", replica in {region}" if region else ""
        pricing.item(
            index, monthly, f"DynamoDB index, provisioned {reads:g} RCU / {writes:g} WCU{where}, 730 h/month"
        )


@prices(t.DYNAMODB_TABLE)
def price_table(table: Node, pricing: Pricing) -> None:
    read = Reader()
    mode = table.get("billingMode", default="PROVISIONED")
    if mode == "PAY_PER_REQUEST":
        # Continuous backups bill per GB-month of table size, with no fixed fee
        # (https://aws.amazon.com/dynamodb/pricing/on-demand/, 2026-12-08, likely).
        backups = (
            " + point-in-time recovery per GB-month of table size"
            if table.get("pointInTimeRecovery", "enabled") is True
            else ""
        )
        pricing.usage(table, f"DynamoDB on-demand: per request, nothing when idle{backups}")
        return
    if mode is UNKNOWN:
        pricing.unpriced(table, "billingMode unknown at preview")
        return
    reads = as_number(read.get(table.props, "readCapacity", default=0)) or 0
    writes = as_number(read.get(table.props, "writeCapacity", default=0)) or 0
    indexes = read.items_of(table.props, "globalSecondaryIndexes")
    for index in indexes:
        if index is UNKNOWN:
            continue
        reads += as_number(read.get(index, "readCapacity", default=0)) or 0
        writes += as_number(read.get(index, "writeCapacity", default=0)) or 0
    replicas = [read.get(replica, "regionName") for replica in read.items_of(table.props, "replicas")]
    if read.unknown_paths:
        pricing.unpriced(table, f"{', '.join(read.unknown_paths)} unknown at preview")
        return
    with_indexes = f" incl. {len(indexes)} GSI(s)" if indexes else ""
    # A global table's every replica (this table is one) provisions the same capacity in its own region
    # and bills it there; replicated writes (rWCU) cost what WCUs cost (DynamoDB developer guide,
    # "Understanding Amazon DynamoDB billing for global tables", checked 2026-12-08) [sure].
    for region in [None, *replicas]:
        monthly = HOURS_PER_MONTH * (
            reads * pricing.rate("dynamodb.rcu_hour", table, region)
            + writes * pricing.rate("dynamodb.wcu_hour", table, region)
        )
        where = f"replica in {region}" if region else ("its own region's replica" if replicas else "")
        pricing.item(
            table,
            monthly,
            f"DynamoDB provisioned {reads:g} RCU / {writes:g} WCU{with_indexes}"
            f"{', ' + where if where else ''}, 730 h/month (+ storage)",
        )


@prices(t.DYNAMODB_TABLE_REPLICA)
def price_replica(replica: Node, pricing: Pricing) -> None:
    """A replica added as its own resource: its table's provisioned capacity, billed in its region."""
    tables = pricing.graph.targets(replica, "globalTableArn", [t.DYNAMODB_TABLE], same_value("arn"))
    if not tables:
        pricing.unpriced(replica, "its table is not in the stack: its capacity is unknown")
        return
    table = tables[0]
    mode = table.get("billingMode", default="PROVISIONED")
    if mode == "PAY_PER_REQUEST":
        pricing.usage(replica, "replica of an on-demand table: per replicated write and read")
        return
    reads = as_number(table.get("readCapacity", default=0))
    writes = as_number(table.get("writeCapacity", default=0))
    if UNKNOWN in (mode, reads, writes):
        pricing.unpriced(replica, "its table's billingMode or capacity is unknown at preview")
        return
    monthly = HOURS_PER_MONTH * (
        float(reads or 0) * pricing.rate("dynamodb.rcu_hour", replica)
        + float(writes or 0) * pricing.rate("dynamodb.wcu_hour", replica)
    )
    pricing.item(
        replica,
        monthly,
        f"DynamoDB table replica, provisioned {reads:g} RCU / {writes:g} WCU (rWCU), 730 h/month",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:dynamodb/globalSecondaryIndex:GlobalSecondaryIndex": Inputs(
        reads="provisionedThroughput region tableName",
        free="indexName keySchemas onDemandThroughput projection timeouts warmThroughput",
    ),
    "aws:dynamodb/table:Table": Inputs(
        reads="billingMode globalSecondaryIndexes readCapacity region replicas writeCapacity",
        free=(
            "attributes deletionProtectionEnabled globalTableWitness hashKey importTable "
            "localSecondaryIndexes name onDemandThroughput pointInTimeRecovery rangeKey restoreBackupArn "
            "restoreDateTime restoreSourceName restoreSourceTableArn restoreToLatestTime "
            "serverSideEncryption streamEnabled streamViewType tags ttl warmThroughput"
        ),
        unread={
            "tableClass": "Standard-IA tables bill provisioned capacity at a higher rate",
        },
    ),
    "aws:dynamodb/tableReplica:TableReplica": Inputs(
        reads="globalTableArn region",
        free="deletionProtectionEnabled kmsKeyArn pointInTimeRecovery tags",
        unread={"tableClassOverride": "a Standard-IA replica bills its capacity at a higher rate"},
    ),
}
