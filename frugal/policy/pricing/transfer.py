"""Transfer Family: each enabled protocol of a server bills by the hour; data up and down is usage."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader
from .core import Inputs, Pricing, prices


@prices(t.TRANSFER_SERVER)
def price_server(server: Node, pricing: Pricing) -> None:
    value = server.get("protocols")
    if value is UNKNOWN:
        pricing.unpriced(server, "protocols unknown at preview: each one bills by the hour")
        return
    protocols = Reader().items(value, "protocols") or ["SFTP"]  # AWS's default: SFTP only
    if UNKNOWN in protocols:
        pricing.unpriced(server, "protocols unknown at preview: each one bills by the hour")
        return
    pricing.item(
        server,
        len(protocols) * HOURS_PER_MONTH * pricing.rate("transfer.protocol_hour", server),
        f"Transfer Family server, {len(protocols)} protocol(s) ({', '.join(map(str, protocols))}), "
        "730 h/month + data up and down (usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:transfer/server:Server": Inputs(
        reads="protocols region",
        free=(
            "certificate directoryId domain endpointDetails endpointType forceDestroy function "
            "hostKey identityProviderType invocationRole ipAddressType loggingRole "
            "postAuthenticationLoginBanner preAuthenticationLoginBanner protocolDetails s3StorageOptions "
            "securityPolicyName sftpAuthenticationMethods structuredLogDestinations tags url "
            "workflowDetails"
        ),
    ),
}
