"""Cognito: an app client using the client-credentials (machine-to-machine) flow bills a month each."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader
from .core import Pricing, prices


@prices(t.COGNITO_CLIENT, t.COGNITO_MANAGED_CLIENT)
def price_app_client(client: Node, pricing: Pricing) -> None:
    flows = client.get("allowedOauthFlows")
    if flows is UNKNOWN:
        pricing.unpriced(
            client, "allowedOauthFlows unknown at preview (client_credentials clients bill monthly)"
        )
        return
    if "client_credentials" in Reader().items(flows, "allowedOauthFlows"):
        pricing.item(
            client,
            pricing.rate("cognito.m2m_app_client_month", client),
            "machine-to-machine app client (client credentials) + $2.25 per 1,000 token requests",
        )
        return
    pricing.free(client, "app client for users (the pool is priced per monthly active user)")
