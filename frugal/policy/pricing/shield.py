"""Shield Advanced: a monthly subscription (1-year commitment) covering the organization's protections;
Firewall Manager: a monthly fee per protection policy and Region."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from .core import Inputs, Pricing, prices

# Each billed one fixed monthly fee: the price key and the item's text.
_MONTHLY = {
    t.SHIELD_SUBSCRIPTION: (
        "shield_advanced.month",
        "Shield Advanced subscription (1-year commitment; one fee per organization) "
        "+ data transfer out of protected resources (usage)",
    ),
    t.FMS_POLICY: (
        "fms.policy_month",
        "Firewall Manager policy in its Region (a Shield Advanced subscription can include it); the WAF, "
        "Shield or firewall resources it creates in member accounts bill there",
    ),
}


@prices(*_MONTHLY)
def price_monthly(resource: Node, pricing: Pricing) -> None:
    key, what = _MONTHLY[resource.kind]
    pricing.item(resource, pricing.rate(key, resource), what)


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:fms/policy:Policy": Inputs(
        reads="region",
        free=(
            "deleteAllPolicyResources deleteUnusedFmManagedResources description excludeMap "
            "excludeResourceTags includeMap name remediationEnabled resourceSetIds "
            "resourceTagLogicalOperator resourceTags resourceType resourceTypeLists "
            "securityServicePolicyData tags"
        ),
    ),
    "aws:shield/subscription:Subscription": Inputs(
        free="autoRenew skipDestroy",
    ),
}
