"""Neptune: instance-hours by instance class; storage and I/O are usage (on the cluster). A Serverless
instance bills NCU-hours, which the price table has no price for; it fails closed, as does an instance
of an I/O-Optimized cluster (its instances bill a higher rate)."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN
from .core import Inputs, Pricing, prices


@prices(t.NEPTUNE_INSTANCE)
def price_instance(instance: Node, pricing: Pricing) -> None:
    instance_class = instance.get("instanceClass")
    if instance_class is UNKNOWN or instance_class is None:
        pricing.unpriced(instance, "instanceClass unknown at preview")
        return
    instance_class = str(instance_class).lower()
    if instance_class == "db.serverless":
        pricing.unpriced(instance, "Neptune Serverless bills NCU-hours: no price in the table", "no-price")
        return
    clusters = pricing.graph.targets(
        instance, "clusterIdentifier", [t.NEPTUNE_CLUSTER], same_value("clusterIdentifier", "id")
    )
    if any(cluster.get("storageType") == "iopt1" for cluster in clusters):
        pricing.unpriced(
            instance, "an instance of an I/O-Optimized cluster: no price in the table", "no-price"
        )
        return
    hourly = pricing.rate(f"neptune.{instance_class}", instance)
    pricing.item(
        instance,
        HOURS_PER_MONTH * hourly,
        f"Neptune {instance_class} instance, 730 h/month (+ storage and I/O, usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:neptune/clusterInstance:ClusterInstance": Inputs(
        reads="clusterIdentifier instanceClass region",
        free=(
            "applyImmediately autoMinorVersionUpgrade availabilityZone engine engineVersion identifier "
            "identifierPrefix neptuneParameterGroupName neptuneSubnetGroupName port "
            "preferredBackupWindow preferredMaintenanceWindow promotionTier publiclyAccessible "
            "skipFinalSnapshot tags"
        ),
    ),
}
