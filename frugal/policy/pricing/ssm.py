"""SSM Parameter Store: standard parameters are free, advanced ones bill a month each."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN
from .core import Pricing, prices


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
