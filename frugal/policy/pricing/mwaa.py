"""Managed Workflows for Apache Airflow: the environment class by the hour, plus the workers and schedulers
it always runs beyond the ones the environment includes; extra workers on demand are usage."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_number
from .core import Inputs, Pricing, prices

# What the environment-hour includes (unverified: as Infracost prices it, workers and schedulers beyond).
_INCLUDED_WORKERS = 1
_INCLUDED_SCHEDULERS = 2
_INCLUDED_WEBSERVERS = 2


@prices(t.MWAA_ENVIRONMENT)
def price_environment(environment: Node, pricing: Pricing) -> None:
    environment_class = environment.get("environmentClass", default="mw1.small")
    values = {
        "minWorkers": as_number(environment.get("minWorkers", default=_INCLUDED_WORKERS)),
        "schedulers": as_number(environment.get("schedulers", default=_INCLUDED_SCHEDULERS)),
        "minWebservers": as_number(environment.get("minWebservers", default=_INCLUDED_WEBSERVERS)),
    }
    unknown = [name for name, value in values.items() if value is UNKNOWN or value is None]
    if environment_class is UNKNOWN or unknown:
        pricing.unpriced(environment, f"{', '.join(unknown) or 'environmentClass'} unknown at preview")
        return
    size = str(environment_class).lower().removeprefix("mw1.")
    monthly = HOURS_PER_MONTH * pricing.rate(f"mwaa.environment.{size}_hour", environment)
    parts = [f"MWAA {environment_class} environment, 730 h/month"]
    extra_workers = max(int(values["minWorkers"]) - _INCLUDED_WORKERS, 0)
    extra_schedulers = max(int(values["schedulers"]) - _INCLUDED_SCHEDULERS, 0)
    if extra_workers:
        monthly += extra_workers * HOURS_PER_MONTH * pricing.rate(f"mwaa.worker.{size}_hour", environment)
        parts.append(f"{extra_workers} more minimum worker(s)")
    if extra_schedulers:
        monthly += (
            extra_schedulers * HOURS_PER_MONTH * pricing.rate(f"mwaa.scheduler.{size}_hour", environment)
        )
        parts.append(f"{extra_schedulers} more scheduler(s)")
    if int(values["minWebservers"]) > _INCLUDED_WEBSERVERS:
        pricing.unpriced(environment, "web servers beyond the included 2: no price in the table", "no-price")
    pricing.item(
        environment,
        monthly,
        " + ".join(parts) + "; workers above the minimum and the metadata database are usage",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:mwaa/environment:Environment": Inputs(
        reads="environmentClass minWebservers minWorkers region schedulers",
        free=(
            "airflowConfigurationOptions airflowVersion dagS3Path endpointManagement "
            "executionRoleArn kmsKey loggingConfiguration maxWebservers maxWorkers name "
            "networkConfiguration pluginsS3ObjectVersion pluginsS3Path requirementsS3ObjectVersion "
            "requirementsS3Path sourceBucketArn startupScriptS3ObjectVersion startupScriptS3Path tags "
            "webserverAccessMode weeklyMaintenanceWindowStart workerReplacementStrategy"
        ),
    ),
}
