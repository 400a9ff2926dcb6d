"""DocumentDB: instance-hours by instance class; storage, I/O and backups are usage (on the cluster)."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN
from .core import Inputs, Pricing, prices


@prices(t.DOCDB_INSTANCE)
def price_instance(instance: Node, pricing: Pricing) -> None:
    instance_class = instance.get("instanceClass")
    if instance_class is UNKNOWN or instance_class is None:
        pricing.unpriced(instance, "instanceClass unknown at preview")
        return
    # I/O-optimized clusters price their instances higher: the table has standard-storage prices only.
    clusters = pricing.graph.targets(
        instance, "clusterIdentifier", [t.DOCDB_CLUSTER], same_value("clusterIdentifier", "id")
    )
    if any(cluster.get("storageType") == "iopt1" for cluster in clusters):
        pricing.unpriced(
            instance, "an instance of an I/O-optimized cluster: no price in the table", "no-price"
        )
        return
    hourly = pricing.sized_rate("docdb", str(instance_class), instance, class_prefix="db.")
    pricing.item(
        instance,
        HOURS_PER_MONTH * hourly,
        f"DocumentDB {instance_class} instance, 730 h/month (+ storage at "
        f"{pricing.rate_text('docdb.storage.gb_month', instance)} and I/O, usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:docdb/clusterInstance:ClusterInstance": Inputs(
        reads="clusterIdentifier instanceClass region",
        free=(
            "applyImmediately autoMinorVersionUpgrade availabilityZone caCertIdentifier "
            "certificateRotationRestart copyTagsToSnapshot enablePerformanceInsights engine identifier "
            "identifierPrefix performanceInsightsKmsKeyId preferredMaintenanceWindow promotionTier tags"
        ),
    ),
}
