"""Amazon MQ: broker instance-hours by host instance type and deployment mode; storage is usage."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN
from .core import Inputs, Pricing, prices

# Brokers each deployment mode runs: active/standby is 2 (ActiveMQ), a RabbitMQ cluster 3.
_BROKERS = {"SINGLE_INSTANCE": 1, "ACTIVE_STANDBY_MULTI_AZ": 2, "CLUSTER_MULTI_AZ": 3}


@prices(t.MQ_BROKER)
def price_broker(broker: Node, pricing: Pricing) -> None:
    instance_type = broker.get("hostInstanceType")
    mode = broker.get("deploymentMode", default="SINGLE_INSTANCE")
    if instance_type is UNKNOWN or instance_type is None or mode is UNKNOWN:
        pricing.unpriced(broker, "hostInstanceType or deploymentMode unknown at preview")
        return
    count = _BROKERS.get(str(mode))
    if count is None:
        pricing.unpriced(broker, f"deployment mode {mode!r} is not known to the pricer", "no-price")
        return
    engine = broker.get("engineType", default="?")
    engine_text = "?" if engine is UNKNOWN else engine
    storage = "EFS" if broker.get("storageType", default="efs") in ("efs", "EFS") else "EBS"
    pricing.item(
        broker,
        count * HOURS_PER_MONTH * pricing.rate(f"mq.{instance_type}", broker),
        f"Amazon MQ ({engine_text}) {count} x {instance_type} broker(s) ({mode}), 730 h/month "
        f"+ storage ({storage}, per GB-month, usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:mq/broker:Broker": Inputs(
        reads="deploymentMode engineType hostInstanceType region storageType",
        free=(
            "applyImmediately authenticationStrategy autoMinorVersionUpgrade brokerName "
            "configuration dataReplicationMode dataReplicationPrimaryBrokerArn encryptionOptions "
            "engineVersion ldapServerMetadata logs maintenanceWindowStartTime publiclyAccessible "
            "resourceShareArns securityGroups subnetIds tags users"
        ),
    ),
}
