"""SSM Parameter Store: standard parameters are free, advanced ones bill a month each."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN
from .core import Inputs, Pricing, prices


@prices(t.SSM_PARAMETER)
def price_parameter(parameter: Node, pricing: Pricing) -> None:
    tier = parameter.get("tier", default="Standard")
    if tier == "Advanced":
        pricing.item(
            parameter, pricing.rate("ssm.advanced_parameter_month", parameter), "SSM advanced parameter"
        )
    elif tier is UNKNOWN:
        pricing.unpriced(parameter, "tier unknown at preview")
    else:
        pricing.free(parameter, "SSM standard parameter: free")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:ssm/parameter:Parameter": Inputs(
        reads="region tier",
        free=(
            "allowedPattern arn dataType description insecureValue keyId name overwrite tags type "
            "value valueWo valueWoVersion"
        ),
    ),
}
