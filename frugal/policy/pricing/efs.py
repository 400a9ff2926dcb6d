"""EFS: storage is billed by use (GB-month); Provisioned throughput bills its MB/s every month, used or
not. Replication creates a destination file system whose storage and transfer are billed by use."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_number
from .core import Inputs, Pricing, fmt_num, prices


@prices(t.EFS_FILE_SYSTEM)
def price_file_system(file_system: Node, pricing: Pricing) -> None:
    mode = file_system.get("throughputMode", default="bursting")
    replicated = file_system.get("replicationConfiguration") is not None
    also = "; its replica's storage and transfer by use" if replicated else ""
    if mode is UNKNOWN:
        pricing.unpriced(
            file_system, "throughputMode unknown at preview: Provisioned throughput bills monthly"
        )
        return
    if str(mode).lower() != "provisioned":
        pricing.usage(
            file_system, f"storage GB-month ({mode} throughput: per GB transferred if elastic){also}"
        )
        return
    mibps = as_number(file_system.get("provisionedThroughputInMibps"))
    if mibps is UNKNOWN or mibps is None:
        pricing.unpriced(file_system, "provisionedThroughputInMibps unknown or not set")
        return
    pricing.item(
        file_system,
        float(mibps) * pricing.rate("efs.provisioned_throughput.mbps_month", file_system),
        f"{fmt_num(float(mibps))} MiB/s provisioned throughput a month (less the baseline its stored data "
        f"earns in bursting mode); storage by use{also}",
    )


@prices(t.EFS_REPLICATION)
def price_replication(replication: Node, pricing: Pricing) -> None:
    pricing.usage(
        replication, "the destination file system's storage GB-month and the data replicated, by use"
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:efs/fileSystem:FileSystem": Inputs(
        reads="provisionedThroughputInMibps region throughputMode",
        free=(
            "availabilityZoneName creationToken encrypted kmsKeyId lifecyclePolicies performanceMode "
            "protection tags"
        ),
    ),
    "aws:efs/replicationConfiguration:ReplicationConfiguration": Inputs(
        reads="region",
        free="destination sourceFileSystemId",
    ),
}
