"""CodePipeline: a V1 pipeline bills $1 per active month; a V2 pipeline bills its action-execution minutes.

AWS designates a pipeline V1 unless its type is set to V2 (the CodePipeline pricing page; pulumi-aws's
`pipelineType` defaults to V1 too).
"""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN
from .core import Inputs, Pricing, prices

_KEY = "codepipeline.v1.pipeline_month"


@prices(t.CODEPIPELINE)
def price_pipeline(pipeline: Node, pricing: Pricing) -> None:
    kind = pipeline.get("pipelineType")
    if kind == "V2":
        pricing.usage(pipeline, "V2 pipeline: billed per action-execution minute (100 free minutes a month)")
        return
    if kind not in (None, "V1", UNKNOWN):
        pricing.unpriced(pipeline, f"pipelineType {kind!r} is neither V1 nor V2", "no-price")
        return
    # An unknown type is priced as V1: its fixed fee is the one a type can add; V2 is all usage.
    note = "pipelineType unknown at preview: priced as V1; " if kind is UNKNOWN else ""
    default = " (no pipelineType: AWS makes it V1)" if kind is None else ""
    pricing.item(
        pipeline,
        pricing.rate(_KEY, pipeline),
        f"V1 pipeline{default}, {pricing.rate_text(_KEY, pipeline)} ({note}a month with no change "
        "through it and the first 30 days are free)",
        upper_bound=kind is UNKNOWN,
        key=_KEY,
        units=1.0,
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:codepipeline/pipeline:Pipeline": Inputs(
        reads="pipelineType region",
        free="artifactStores executionMode name roleArn stages tags triggers variables",
    ),
}
