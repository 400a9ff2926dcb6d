"""Database Migration Service: replication instance-hours by class (Multi-AZ runs two)."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_bool, as_number
from .core import Inputs, Pricing, prices

# Storage each replication instance includes (unverified: recalled from the DMS pricing page); beyond
# it gp2 storage bills by the GB-month (each copy of a Multi-AZ instance).
_INCLUDED_GB = 50


@prices(t.DMS_REPLICATION_INSTANCE)
def price_replication_instance(instance: Node, pricing: Pricing) -> None:
    instance_class = instance.get("replicationInstanceClass")
    multi_az = as_bool(instance.get("multiAz", default=False))
    if instance_class is UNKNOWN or instance_class is None or multi_az is UNKNOWN:
        pricing.unpriced(instance, "replicationInstanceClass or multiAz unknown at preview")
        return
    count = 2 if multi_az is True else 1
    pricing.item(
        instance,
        count * HOURS_PER_MONTH * pricing.rate(f"dms.{str(instance_class).lower()}", instance),
        f"DMS {instance_class} replication instance{' (Multi-AZ: x2)' if count == 2 else ''}, 730 h/month",
    )
    storage = as_number(instance.get("allocatedStorage", default=_INCLUDED_GB))
    if storage is UNKNOWN or storage is None:
        pricing.unpriced(instance, "allocatedStorage unknown at preview")
        return
    if storage > _INCLUDED_GB:
        beyond = float(storage) - _INCLUDED_GB
        pricing.item(
            instance,
            count * beyond * pricing.rate("dms.storage.gp2.gb_month", instance),
            f"{beyond:g} GB gp2 storage beyond the included {_INCLUDED_GB} GB"
            f"{' x2 (Multi-AZ)' if count == 2 else ''}",
        )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:dms/replicationInstance:ReplicationInstance": Inputs(
        reads="allocatedStorage multiAz region replicationInstanceClass",
        free=(
            "allowMajorVersionUpgrade applyImmediately autoMinorVersionUpgrade availabilityZone "
            "dnsNameServers engineVersion kerberosAuthenticationSettings kmsKeyArn networkType "
            "preferredMaintenanceWindow publiclyAccessible replicationInstanceId replicationSubnetGroupId "
            "tags vpcSecurityGroupIds"
        ),
    ),
}
