"""App Runner: the memory of the provisioned instances it keeps warm bills every hour (its auto scaling
configuration's minSize, default 1); active vCPU and memory while serving requests are usage."""

from __future__ import annotations

from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_bool, as_number
from .core import Inputs, Pricing, prices
from .table import MissingPriceError

_DEFAULT_MEMORY_MB = 2048  # App Runner's default instance memory (2 GB)
_DEFAULT_MIN_SIZE = 1  # the default auto scaling configuration keeps one instance provisioned


def _memory_gb(value: Any) -> float | None:
    """'2048' (MB), '2 GB' or 2048 as GB; None if unreadable."""
    text = str(value).strip().upper()
    if text.endswith("GB"):
        number = as_number(text.removesuffix("GB").strip())
        return float(number) if isinstance(number, int | float) else None
    number = as_number(text.removesuffix("MB").strip())
    return number / 1024 if isinstance(number, int | float) else None


@prices(t.APPRUNNER_SERVICE)
def price_service(service: Node, pricing: Pricing) -> None:
    memory = Reader().get(service.props, "instanceConfiguration", "memory", default=_DEFAULT_MEMORY_MB)
    if memory is UNKNOWN:
        pricing.unpriced(service, "instanceConfiguration.memory unknown at preview")
        return
    gigabytes = _memory_gb(memory)
    if gigabytes is None:
        pricing.unpriced(service, f"instance memory {memory!r} can't be read", "unknown")
        return
    minimum: Any = _DEFAULT_MIN_SIZE
    where = "the default auto scaling configuration"
    if service.get("autoScalingConfigurationArn") is not None:
        configs = pricing.graph.targets(
            service, "autoScalingConfigurationArn", [t.APPRUNNER_AUTOSCALING], same_value("arn")
        )
        if len(configs) != 1:
            pricing.unpriced(service, "its auto scaling configuration (minSize) can't be read at preview")
            return
        minimum, where = as_number(configs[0].get("minSize", default=_DEFAULT_MIN_SIZE)), configs[0].name
        if minimum is UNKNOWN or minimum is None:
            pricing.unpriced(service, "its auto scaling configuration's minSize is unknown at preview")
            return
    rate = pricing.rate("apprunner.provisioned_gb_hour", service)
    pricing.item(
        service,
        minimum * gigabytes * HOURS_PER_MONTH * rate,
        f"App Runner: {minimum:g} provisioned instance(s) x {gigabytes:g} GB, 730 h/month ({where}) "
        "+ active vCPU and memory while serving, builds from source (usage)",
    )
    _automatic_deployments(service, pricing)


def _automatic_deployments(service: Node, pricing: Pricing) -> None:
    """Automatic deployments add a fixed monthly fee per application (pulumi-aws defaults them on;
    App Runner doesn't offer them for ECR Public images)."""
    read = Reader()
    source = read.get(service.props, "sourceConfiguration", default={})
    kind = read.get(source, "imageRepository", "imageRepositoryType")
    enabled = as_bool(read.get(source, "autoDeploymentsEnabled", default=True))
    if kind == "ECR_PUBLIC" or enabled is False:
        return
    what = "unknown at preview" if enabled is UNKNOWN else "on"
    try:
        pricing.item(
            service,
            pricing.rate("apprunner.automatic_deployments_month", service),
            f"App Runner automatic deployments ({what})",
            upper_bound=enabled is UNKNOWN,
        )
    except MissingPriceError as missing:
        pricing.unpriced(
            service, f"automatic deployments {what}: a fixed monthly fee ({missing})", "no-price"
        )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:apprunner/service:Service": Inputs(
        reads="autoScalingConfigurationArn instanceConfiguration region sourceConfiguration",
        free=(
            "encryptionConfiguration healthCheckConfiguration networkConfiguration "
            "observabilityConfiguration serviceName tags"
        ),
    ),
}
