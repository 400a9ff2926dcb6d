"""The cost model: a monthly list-price estimate of a stack, from its resources' properties and links.

`estimate(graph, bounds, region)` prices every resource of a `StackGraph` (see `core.py`). The price
table and the classification of every resource type are data (`prices.json`, `classification.json`);
each service family's pricer is one module here, registered by the kinds it prices.
"""

from __future__ import annotations

# Importing the family modules registers their pricers.
from . import (  # noqa: F401
    apigateway,
    apprunner,
    cloudformation,
    cloudwatch,
    codepipeline,
    cognito,
    directory,
    dms,
    dns,
    docdb,
    dynamodb,
    ebs,
    ec2,
    ecs,
    efs,
    eks,
    elasticache,
    fsx,
    lambda_,
    lightsail,
    messaging,
    mwaa,
    neptune,
    network,
    opensearch,
    rds,
    redshift,
    sagemaker,
    security,
    ses,
    shield,
    ssm,
    streaming,
    transfer,
    waf,
)
from .core import (
    HANDLERS,
    Bound,
    Bounds,
    CostEstimate,
    CostItem,
    FreeResource,
    Unpriced,
    UsagePriced,
    estimate,
    pricer_of,
)
from .table import price_table

__all__ = [
    "HANDLERS",
    "Bound",
    "Bounds",
    "CostEstimate",
    "CostItem",
    "FreeResource",
    "Unpriced",
    "UsagePriced",
    "estimate",
    "price_table",
    "pricer_of",
]
