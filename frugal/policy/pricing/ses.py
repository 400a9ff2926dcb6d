"""Email: SES dedicated IP pools (a standard pool holds IPs leased on their own; a managed pool bills a
fee) and WorkMail users (a monthly fee per mailbox)."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN
from .core import Inputs, Pricing, prices


@prices(t.SES_DEDICATED_IP_POOL)
def price_dedicated_ip_pool(pool: Node, pricing: Pricing) -> None:
    mode = pool.get("scalingMode", default="STANDARD")
    if mode is UNKNOWN:
        pricing.unpriced(pool, "scalingMode unknown at preview (managed pools bill a monthly fee)")
        return
    if mode == "MANAGED":
        pricing.item(
            pool,
            pricing.rate("ses.managed_ip_pool_month", pool),
            "SES managed dedicated IP pool (+ per-message fees, usage)",
        )
        return
    # A standard pool is a container: the dedicated IPs in it are leased outside the program
    # ($24.95/IP-month each) and moved into it.
    pricing.free(pool, "SES standard dedicated IP pool: the IPs are leased separately, not by this program")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:workmail/user:User": Inputs(
        reads="region",
        free=(
            "city company country department displayName email firstName hiddenFromGlobalAddressList "
            "identityProviderUserId initials jobTitle lastName name office organizationId password "
            "street telephone userRole zipCode"
        ),
    ),
    "aws:sesv2/dedicatedIpPool:DedicatedIpPool": Inputs(
        reads="region scalingMode",
        free="poolName tags",
    ),
}


@prices(t.WORKMAIL_USER)
def price_workmail_user(user: Node, pricing: Pricing) -> None:
    pricing.item(user, pricing.rate("workmail.user_month", user), "WorkMail user mailbox (50 GB)")
