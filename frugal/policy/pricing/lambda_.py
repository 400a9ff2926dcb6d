"""Lambda: functions are usage-priced (requests and GB-seconds); provisioned concurrency bills while on.

Provisioned concurrency: concurrency x the function's memory (GB) x seconds, at the provisioned rate,
730 h/month; the function is found through the config's `functionName` link.
"""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, as_number
from .core import Inputs, Pricing, fmt_num, prices

_SNAPSTART_CACHED_RUNTIMES = ("python", "dotnet")  # Java's SnapStart has no cache charge
_DEFAULT_MEMORY_MB = 128  # the Lambda default when memorySize is unset


@prices(t.LAMBDA_FUNCTION)
def price_function(function: Node, pricing: Pricing) -> None:
    runtime = function.get("runtime")
    snap_start = function.get("snapStart", "applyOn")
    if snap_start == "PublishedVersions" and str(runtime or "").startswith(_SNAPSTART_CACHED_RUNTIMES):
        pricing.unpriced(
            function,
            f"SnapStart on {runtime} bills its snapshot cache per GB-second while each version is active",
            "no-price",
        )
        return
    pricing.usage(function, "Lambda: per request and GB-second, nothing when idle")


@prices(t.LAMBDA_EVENT_SOURCE_MAPPING)
def price_event_source_mapping(mapping: Node, pricing: Pricing) -> None:
    if mapping.get("provisionedPollerConfig") is not None:
        pricing.unpriced(mapping, "provisioned mode bills event poller units by the hour", "no-price")
        return
    pricing.free(mapping, "event source mapping (invocations priced on the function)")


@prices(t.LAMBDA_SCALING_CONFIG)
def price_scaling_config(config: Node, pricing: Pricing) -> None:
    pricing.unpriced(
        config, "keeps a minimum of execution environments running on a capacity provider", "no-price"
    )


@prices(t.LAMBDA_PROVISIONED_CONCURRENCY)
def price_provisioned_concurrency(config: Node, pricing: Pricing) -> None:
    count = as_number(config.get("provisionedConcurrentExecutions"))
    if count in (None, UNKNOWN):
        pricing.unpriced(config, "provisionedConcurrentExecutions unknown at preview")
        return
    functions = pricing.graph.targets(config, "functionName", [t.LAMBDA_FUNCTION], same_value("name"))
    if not functions:
        pricing.unpriced(config, "its function is not in the stack, so its memory size is unknown")
        return
    function = functions[0]
    memory = as_number(function.get("memorySize"))
    if memory is UNKNOWN:
        pricing.unpriced(config, "the function's memorySize is unknown at preview")
        return
    memory_gb = float(memory or _DEFAULT_MEMORY_MB) / 1024
    architectures = function.get("architectures") or ["x86_64"]
    arch = "arm64" if architectures != UNKNOWN and "arm64" in architectures else "x86"
    seconds = HOURS_PER_MONTH * 3600
    monthly = (
        float(count) * memory_gb * seconds * pricing.rate(f"lambda.provisioned.gb_second.{arch}", config)
    )
    pricing.item(
        config,
        monthly,
        f"{fmt_num(float(count))} provisioned concurrency x {fmt_num(memory_gb)} GB ({arch}), 730 h/month "
        "(+ invocations)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:lambda/eventSourceMapping:EventSourceMapping": Inputs(
        reads="functionName provisionedPollerConfig region",
        free=(
            "amazonManagedKafkaEventSourceConfig batchSize bisectBatchOnFunctionError "
            "destinationConfig documentDbEventSourceConfig enabled eventSourceArn filterCriteria "
            "functionResponseTypes kmsKeyArn maximumBatchingWindowInSeconds maximumRecordAgeInSeconds "
            "maximumRetryAttempts metricsConfig parallelizationFactor queues scalingConfig "
            "selfManagedEventSource selfManagedKafkaEventSourceConfig sourceAccessConfigurations "
            "startingPosition startingPositionTimestamp tags topics tumblingWindowInSeconds "
            "useResourceTimeoutForPropagation"
        ),
    ),
    "aws:lambda/function:Function": Inputs(
        reads="architectures memorySize name region runtime snapStart",
        free=(
            "code codeSha256 codeSigningConfigArn deadLetterConfig description durableConfig "
            "environment ephemeralStorage fileSystemConfig handler imageConfig imageUri kmsKeyArn layers "
            "loggingConfig packageType publish publishTo replaceSecurityGroupsOnDestroy "
            "replacementSecurityGroupIds reservedConcurrentExecutions role s3Bucket s3Key s3ObjectVersion "
            "skipDestroy sourceCodeHash sourceKmsKeyArn tags timeout tracingConfig "
            "useResourceTimeoutForPropagation vpcConfig"
        ),
        unread={
            "capacityProviderConfig": "Lambda Managed Instances run on EC2 instances billed by the hour",
            "tenancyConfig": "not checked: what a tenancy setting bills",
        },
    ),
    "aws:lambda/functionScalingConfig:FunctionScalingConfig": Inputs(
        reads="functionName region",
        free="functionScalingConfig qualifier timeouts",
    ),
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": Inputs(
        reads="functionName provisionedConcurrentExecutions region",
        free="qualifier skipDestroy",
    ),
}
