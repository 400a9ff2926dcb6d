"""API Gateway REST API stages: free, unless a stage cache cluster bills by the hour by its size. The
aws-native Deployment can create its stage itself (`stageDescription`), cache included."""

from __future__ import annotations

from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader, as_bool
from .core import Inputs, Pricing, prices

_DEFAULT_CACHE_GB = "0.5"  # API Gateway's default cacheClusterSize


def _cache(node: Node, pricing: Pricing, settings: Any, where: str) -> None:
    read = Reader()
    enabled = as_bool(read.get(settings, "cacheClusterEnabled", default=False))
    if enabled is UNKNOWN:
        pricing.unpriced(node, f"{where}cacheClusterEnabled unknown at preview")
        return
    if enabled is not True:
        pricing.free(node, "REST API stage without a cache (requests priced on the API)")
        return
    size = read.get(settings, "cacheClusterSize", default=_DEFAULT_CACHE_GB)
    if size is UNKNOWN:
        pricing.unpriced(node, f"{where}cacheClusterSize unknown at preview")
        return
    size_text = f"{float(size):g}"
    hourly = pricing.rate(f"apigateway.cache.{size_text}_hour", node)
    pricing.item(node, HOURS_PER_MONTH * hourly, f"REST API stage cache, {size_text} GB, 730 h/month")


@prices(t.REST_API_STAGE)
def price_stage(stage: Node, pricing: Pricing) -> None:
    _cache(stage, pricing, stage.props, "")


@prices(t.REST_API_DEPLOYMENT_NATIVE)
def price_native_deployment(deployment: Node, pricing: Pricing) -> None:
    description = deployment.get("stageDescription")
    if description is None:
        pricing.free(deployment, "REST API deployment (no stage of its own)")
        return
    if description is UNKNOWN:
        pricing.unpriced(deployment, "stageDescription unknown at preview (its stage may have a cache)")
        return
    _cache(deployment, pricing, description, "stageDescription.")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:apigateway/stage:Stage": Inputs(
        reads="cacheClusterEnabled cacheClusterSize region",
        free=(
            "accessLogSettings canarySettings clientCertificateId deployment description "
            "documentationVersion restApi stageName tags variables xrayTracingEnabled"
        ),
    ),
}
