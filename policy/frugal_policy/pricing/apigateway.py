"""API Gateway REST API stages: free, unless a stage cache cluster bills by the hour by its size."""

from __future__ import annotations

from .. import types as t
from ..cron import HOURS_PER_MONTH
from ..graph import Node
from ..values import UNKNOWN, as_bool
from .core import Pricing, prices

_DEFAULT_CACHE_GB = "0.5"  # API Gateway's default cacheClusterSize


@prices(t.REST_API_STAGE)
def price_stage(stage: Node, pricing: Pricing) -> None:
    enabled = as_bool(stage.get("cacheClusterEnabled", default=False))
    if enabled is UNKNOWN:
        pricing.unpriced(stage, "cacheClusterEnabled unknown at preview")
        return
    if enabled is not True:
        pricing.free(stage, "REST API stage without a cache (requests priced on the API)")
        return
    size = stage.get("cacheClusterSize", default=_DEFAULT_CACHE_GB)
    if size is UNKNOWN:
        pricing.unpriced(stage, "cacheClusterSize unknown at preview")
        return
    size_text = f"{float(size):g}"
    hourly = pricing.rate(f"apigateway.cache.{size_text}_hour", stage)
    pricing.item(stage, HOURS_PER_MONTH * hourly, f"REST API stage cache, {size_text} GB, 730 h/month")
