"""Cognito: an app client using the client-credentials (machine-to-machine) flow bills a month each."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader
from .core import Inputs, Pricing, prices


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
            "machine-to-machine app client (client credentials) + token requests (usage)",
        )
        return
    pricing.free(client, "app client for users (the pool is priced per monthly active user)")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:cognito/managedUserPoolClient:ManagedUserPoolClient": Inputs(
        reads="allowedOauthFlows region",
        free=(
            "accessTokenValidity allowedOauthFlowsUserPoolClient allowedOauthScopes "
            "analyticsConfiguration authSessionValidity callbackUrls defaultRedirectUri "
            "enablePropagateAdditionalUserContextData enableTokenRevocation explicitAuthFlows "
            "idTokenValidity logoutUrls namePattern namePrefix preventUserExistenceErrors readAttributes "
            "refreshTokenRotation refreshTokenValidity supportedIdentityProviders tokenValidityUnits "
            "userPoolId writeAttributes"
        ),
    ),
    "aws:cognito/userPoolClient:UserPoolClient": Inputs(
        reads="allowedOauthFlows region",
        free=(
            "accessTokenValidity allowedOauthFlowsUserPoolClient allowedOauthScopes "
            "analyticsConfiguration authSessionValidity callbackUrls defaultRedirectUri "
            "enablePropagateAdditionalUserContextData enableTokenRevocation explicitAuthFlows "
            "generateSecret idTokenValidity logoutUrls name preventUserExistenceErrors readAttributes "
            "refreshTokenRotation refreshTokenValidity supportedIdentityProviders tokenValidityUnits "
            "userPoolId writeAttributes"
        ),
    ),
}
