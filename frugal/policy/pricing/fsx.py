"""FSx: provisioned storage GB-months and throughput capacity MB/s-months, by file system and deployment
type. Only the deployment types the price table has lines for are priced; the others fail closed."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader, as_number
from .core import Inputs, Pricing, prices
from .table import MissingPriceError

_FAMILIES = {
    t.FSX_WINDOWS: ("windows", "FSx for Windows File Server", "SINGLE_AZ_1"),
    t.FSX_OPENZFS: ("openzfs", "FSx for OpenZFS", None),
}


@prices(*_FAMILIES)
def price_file_system(system: Node, pricing: Pricing) -> None:
    family, label, default_deployment = _FAMILIES[system.kind]
    deployment = system.get("deploymentType", default=default_deployment)
    storage_type = system.get("storageType", default="SSD")
    capacity = as_number(system.get("storageCapacity"))
    throughput = as_number(system.get("throughputCapacity"))
    values = {
        "deploymentType": deployment,
        "storageType": storage_type,
        "storageCapacity": capacity,
        "throughputCapacity": throughput,
    }
    missing = [name for name, value in values.items() if value is UNKNOWN or value is None]
    if missing:
        pricing.unpriced(system, f"{', '.join(missing)} unknown at preview")
        return
    read = Reader()
    mode = read.get(system.props, "diskIopsConfiguration", "mode", default="AUTOMATIC")
    iops = as_number(read.get(system.props, "diskIopsConfiguration", "iops"))
    if UNKNOWN in (mode, iops):
        pricing.unpriced(system, "diskIopsConfiguration unknown at preview")
        return
    prefix = f"fsx.{family}.{str(deployment).lower()}"
    storage_rate = pricing.rate(f"{prefix}.{str(storage_type).lower()}_gb_month", system)
    throughput_rate = pricing.rate(f"{prefix}.throughput_mbps_month", system)
    monthly = capacity * storage_rate + throughput * throughput_rate
    extra = ""
    # SSD storage includes 3 IOPS per GB; user-provisioned IOPS above that bill per IOPS-month (FSx for
    # OpenZFS and Windows pricing pages, "SSD IOPS").
    if mode != "AUTOMATIC":
        beyond = max(float(iops or 0) - 3 * float(capacity), 0.0)
        if beyond:
            try:
                monthly += beyond * pricing.rate(f"{prefix}.iops_month", system)
            except MissingPriceError:
                pricing.unpriced(
                    system, f"SSD IOPS beyond the included 3 per GB: no price {prefix}.iops_month", "no-price"
                )
                return
            extra = f" + {beyond:g} provisioned SSD IOPS beyond the included 3/GB"
    pricing.item(
        system,
        monthly,
        f"{label} {deployment}: {capacity:g} GB {storage_type} + {throughput:g} MB/s throughput capacity"
        f"{extra} (+ backups, usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:fsx/openZfsFileSystem:OpenZfsFileSystem": Inputs(
        reads="deploymentType diskIopsConfiguration region storageCapacity storageType throughputCapacity",
        free=(
            "automaticBackupRetentionDays backupId copyTagsToBackups copyTagsToVolumes "
            "dailyAutomaticBackupStartTime deleteOptions endpointIpAddressRange finalBackupTags kmsKeyId "
            "networkType preferredSubnetId readCacheConfiguration rootVolumeConfiguration routeTableIds "
            "securityGroupIds skipFinalBackup subnetIds tags weeklyMaintenanceStartTime"
        ),
    ),
    "aws:fsx/windowsFileSystem:WindowsFileSystem": Inputs(
        reads="deploymentType diskIopsConfiguration region storageCapacity storageType throughputCapacity",
        free=(
            "activeDirectoryId aliases auditLogConfiguration automaticBackupRetentionDays backupId "
            "copyTagsToBackups dailyAutomaticBackupStartTime finalBackupTags kmsKeyId networkType "
            "preferredSubnetId securityGroupIds selfManagedActiveDirectory skipFinalBackup subnetIds tags "
            "weeklyMaintenanceStartTime"
        ),
    ),
}
