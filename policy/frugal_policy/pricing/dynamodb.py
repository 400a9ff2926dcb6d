"""DynamoDB: on-demand tables are usage-priced; provisioned capacity (table and GSIs) bills by the hour."""

from __future__ import annotations

from .. import types as t
from ..cron import HOURS_PER_MONTH
from ..graph import Node
from ..values import UNKNOWN, Reader, as_number
from .core import Pricing, prices


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
    monthly = HOURS_PER_MONTH * (
        float(reads or 0) * pricing.rate("dynamodb.rcu_hour", index)
        + float(writes or 0) * pricing.rate("dynamodb.wcu_hour", index)
    )
    pricing.item(index, monthly, f"DynamoDB index, provisioned {reads:g} RCU / {writes:g} WCU, 730 h/month")


@prices(t.DYNAMODB_TABLE)
def price_table(table: Node, pricing: Pricing) -> None:
    read = Reader()
    mode = table.get("billingMode", default="PROVISIONED")
    if mode == "PAY_PER_REQUEST":
        # Continuous backups bill per GB-month of table size, with no fixed fee
        # (https://aws.amazon.com/dynamodb/pricing/on-demand/, 2026-12-08, likely).
        backups = (
            " + point-in-time recovery $0.20 per GB-month"
            if table.get("pointInTimeRecovery", "enabled") is True
            else ""
        )
        pricing.usage(table, f"DynamoDB on-demand: per request, $0 when idle{backups}")
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
    if read.unknown_paths:
        pricing.unpriced(table, f"{', '.join(read.unknown_paths)} unknown at preview")
        return
    monthly = HOURS_PER_MONTH * (
        reads * pricing.rate("dynamodb.rcu_hour", table) + writes * pricing.rate("dynamodb.wcu_hour", table)
    )
    with_indexes = f" incl. {len(indexes)} GSI(s)" if indexes else ""
    pricing.item(
        table,
        monthly,
        f"DynamoDB provisioned {reads:g} RCU / {writes:g} WCU{with_indexes}, 730 h/month (+ storage)",
    )
