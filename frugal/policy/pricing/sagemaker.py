"""SageMaker: real-time endpoints (each production and shadow variant of the endpoint configuration the
endpoint uses, linked through the graph: instance type x initial instance count), notebook instances
(instance + ML storage volume), Studio apps (their instance) and spaces (their storage volume).

Instance prices are the table's `sagemaker.ml.*` lines, sourced as real-time hosting rates; notebook
and Studio instances are priced at the same lines (AWS is believed to list one rate for them; said in
each basis). Serverless variants are billed by use. Types with no sourced price fail closed.
"""

from __future__ import annotations

from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_number
from .core import Inputs, Pricing, fmt_num, notes_text, prices
from .table import MissingPriceError

DEFAULT_NOTEBOOK_VOLUME_GB = 5.0  # SageMaker API default VolumeSizeInGB for notebook instances
DEFAULT_SPACE_VOLUME_GB = 5.0  # Studio space default EBS volume
DEFAULT_APP_INSTANCE = "ml.t3.medium"  # Studio's default for CPU images
_SAME_RATE = "priced at the table's hosting rate for the type"


def instance_hourly(instance_type: str, node: Node, pricing: Pricing) -> float:
    return pricing.rate(f"sagemaker.{instance_type}", node)


def _priced_hourly(instance_type: Any, node: Node, pricing: Pricing) -> float | None:
    """The type's hourly rate, or None once the node is marked unpriced for a type not in the table."""
    try:
        return instance_hourly(str(instance_type), node, pricing)
    except MissingPriceError:
        pricing.unpriced(node, f"instance type {instance_type} is not in the price table", "no-price")
        return None


def _ml_storage(node: Node, pricing: Pricing, size_gb: float, what: str) -> None:
    """A volume of ML storage, billed per GB-month whether or not its instance runs."""
    pricing.item(
        node, size_gb * pricing.rate("sagemaker.ml_storage.gb_month", node), f"{fmt_num(size_gb)} GB {what}"
    )


def _variants(config: Node) -> list[Any]:
    read = Reader()
    return [
        *read.items_of(config.props, "productionVariants"),
        *read.items_of(config.props, "shadowProductionVariants"),
    ]


@prices(t.SAGEMAKER_ENDPOINT)
def price_endpoint(endpoint: Node, pricing: Pricing) -> None:
    configs = pricing.graph.targets(
        endpoint, "endpointConfigName", [t.SAGEMAKER_ENDPOINT_CONFIGURATION], same_value("name")
    )
    if not configs:
        pricing.unpriced(
            endpoint, "its endpoint configuration is not in the stack: its instances can't be seen"
        )
        return
    config = configs[0]
    read = Reader()
    if config.get("productionVariants") is UNKNOWN:
        pricing.unpriced(endpoint, f"the production variants of {config.name} are unknown at preview")
        return
    monthly, parts, serverless = 0.0, [], []
    for variant in _variants(config):
        name = "?" if variant is UNKNOWN else str(read.get(variant, "variantName", default="?"))
        if variant is UNKNOWN:
            pricing.unpriced(endpoint, f"a variant of {config.name} is unknown at preview")
            return
        serverless_config = read.get(variant, "serverlessConfig")
        if serverless_config is not None:
            provisioned = read.get(serverless_config, "provisionedConcurrency")
            if provisioned is UNKNOWN:
                pricing.unpriced(
                    endpoint, f"variant {name}: serverless provisioned concurrency unknown at preview"
                )
                return
            if provisioned not in (None, 0):
                pricing.unpriced(
                    endpoint,
                    f"variant {name}: serverless provisioned concurrency has no sourced price",
                    "no-price",
                )
                return
            serverless.append(name)
            continue
        instance_type = read.get(variant, "instanceType")
        count = as_number(read.get(variant, "initialInstanceCount", default=1))
        volume = as_number(read.get(variant, "volumeSizeInGb"))
        if any(value is UNKNOWN for value in (instance_type, count, volume)):
            pricing.unpriced(
                endpoint, f"variant {name}: its instance type, count or volume is unknown at preview"
            )
            return
        if instance_type is None:
            pricing.unpriced(endpoint, f"variant {name}: no instance type and no serverless config")
            return
        hourly = _priced_hourly(instance_type, endpoint, pricing)
        if hourly is None:
            return
        count = float(count if count is not None else 1)
        monthly += count * hourly * HOURS_PER_MONTH
        part = f"{fmt_num(count)} x {instance_type} ({name})"
        if volume:
            monthly += count * float(volume) * pricing.rate("sagemaker.ml_storage.gb_month", endpoint)
            part += f" + {fmt_num(float(volume))} GB ML storage each"
        parts.append(part)
    if not parts:
        pricing.usage(endpoint, f"serverless inference ({', '.join(serverless)}): per request and GB-second")
        return
    extra = [f"serverless variant(s) {', '.join(serverless)} by use"] if serverless else []
    pricing.item(
        endpoint,
        monthly,
        f"real-time endpoint {' + '.join(parts)} from {config.name}, 730 h/month{notes_text(extra)}",
    )


@prices(t.SAGEMAKER_NOTEBOOK_INSTANCE)
def price_notebook(notebook: Node, pricing: Pricing) -> None:
    instance_type = notebook.get("instanceType")
    volume = as_number(notebook.get("volumeSize", default=DEFAULT_NOTEBOOK_VOLUME_GB))
    if instance_type is UNKNOWN or volume is UNKNOWN:
        pricing.unpriced(notebook, "instanceType or volumeSize unknown at preview")
        return
    if instance_type is None:
        pricing.unpriced(notebook, "instanceType is not set")
        return
    hourly = _priced_hourly(instance_type, notebook, pricing)
    if hourly is None:
        return
    pricing.item(
        notebook,
        hourly * HOURS_PER_MONTH,
        f"{instance_type} notebook instance, 730 h/month while in service ({_SAME_RATE})",
    )
    volume = float(volume if volume is not None else DEFAULT_NOTEBOOK_VOLUME_GB)
    _ml_storage(
        notebook, pricing, volume, "ML storage volume of the notebook instance, billed even when stopped"
    )


@prices(t.SAGEMAKER_APP)
def price_app(app: Node, pricing: Pricing) -> None:
    read = Reader()
    app_type = str(app.get("appType", default=""))
    instance_type = read.get(app.props, "resourceSpec", "instanceType")
    if instance_type is UNKNOWN:
        pricing.unpriced(app, "resourceSpec.instanceType unknown at preview")
        return
    note = ""
    if instance_type is None:
        if app_type == "JupyterServer":
            instance_type = "system"
        else:
            instance_type, note = (
                DEFAULT_APP_INSTANCE,
                f"; no instance type set: Studio's default {DEFAULT_APP_INSTANCE}",
            )
    if instance_type == "system":
        pricing.free(app, f"{app_type or 'Studio'} app on the free system instance")
        return
    hourly = _priced_hourly(instance_type, app, pricing)
    if hourly is None:
        return
    pricing.item(
        app,
        hourly * HOURS_PER_MONTH,
        f"Studio {app_type} app on {instance_type}, 730 h/month while it runs ({_SAME_RATE}){note}",
    )


@prices(t.SAGEMAKER_SPACE)
def price_space(space: Node, pricing: Pricing) -> None:
    read = Reader()
    size = as_number(
        read.get(
            space.props,
            "spaceSettings",
            "spaceStorageSettings",
            "ebsStorageSettings",
            "ebsVolumeSizeInGb",
            default=DEFAULT_SPACE_VOLUME_GB,
        )
    )
    if size is UNKNOWN:
        pricing.unpriced(space, "its storage size is unknown at preview")
        return
    size = float(size if size is not None else DEFAULT_SPACE_VOLUME_GB)
    _ml_storage(
        space, pricing, size, "Studio space storage volume; its apps' instances are priced on the apps"
    )


@prices(t.SAGEMAKER_FEATURE_GROUP)
def price_feature_group(group: Node, pricing: Pricing) -> None:
    read = Reader()
    mode = read.get(group.props, "throughputConfig", "throughputMode", default="ON_DEMAND")
    if group.get("onlineStoreConfig") is None:
        pricing.usage(group, "offline store only: S3 storage and Glue by use")
    elif mode is UNKNOWN:
        pricing.unpriced(group, "throughputConfig unknown at preview: provisioned online stores bill hourly")
    elif str(mode).upper() == "PROVISIONED":
        pricing.unpriced(group, "provisioned online store throughput has no sourced price", "no-price")
    else:
        pricing.usage(group, "on-demand online store: per read and write request and GB-month stored")


@prices(
    t.SAGEMAKER_MLFLOW_TRACKING_SERVER,
    t.SAGEMAKER_MLFLOW_APP,
    t.SAGEMAKER_CLUSTER_NATIVE,
    t.SAGEMAKER_INFERENCE_EXPERIMENT_NATIVE,
    t.SAGEMAKER_PARTNER_APP_NATIVE,
)
def price_unsourced(resource: Node, pricing: Pricing) -> None:
    what = {
        t.SAGEMAKER_MLFLOW_TRACKING_SERVER: "an MLflow tracking server bills per hour by size",
        t.SAGEMAKER_MLFLOW_APP: "a managed MLflow app bills while it runs",
        t.SAGEMAKER_CLUSTER_NATIVE: "a HyperPod cluster bills its instance groups per hour",
        t.SAGEMAKER_INFERENCE_EXPERIMENT_NATIVE: "an inference experiment runs shadow instances per hour",
        t.SAGEMAKER_PARTNER_APP_NATIVE: "a partner AI app bills per hour by tier",
    }[resource.kind]
    pricing.unpriced(resource, f"{what}; no sourced price", "no-price")


@prices(t.SAGEMAKER_INFERENCE_COMPONENT_NATIVE)
def price_inference_component(component: Node, pricing: Pricing) -> None:
    pricing.free(component, "runs on its endpoint's instances, priced on the endpoint")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:sagemaker/app:App": Inputs(
        reads="appType region resourceSpec",
        free="appName domainId spaceName tags userProfileName",
    ),
    "aws:sagemaker/endpoint:Endpoint": Inputs(
        reads="endpointConfigName name region",
        free="deploymentConfig tags",
    ),
    "aws:sagemaker/featureGroup:FeatureGroup": Inputs(
        reads="onlineStoreConfig region throughputConfig",
        free=(
            "description eventTimeFeatureName featureDefinitions featureGroupName offlineStoreConfig "
            "recordIdentifierFeatureName roleArn tags"
        ),
    ),
    "aws:sagemaker/mlflowApp:MlflowApp": Inputs(
        reads="name region",
        free=(
            "accountDefaultStatus artifactStoreUri defaultDomainIdLists modelRegistrationMode "
            "roleArn tags timeouts weeklyMaintenanceWindowStart"
        ),
    ),
    "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer": Inputs(
        reads="region",
        free=(
            "artifactStoreUri automaticModelRegistration mlflowVersion roleArn tags "
            "trackingServerName weeklyMaintenanceWindowStart"
        ),
        unread={
            "trackingServerSize": "the pricer fails closed on every tracking server (no price in the table)",
        },
    ),
    "aws:sagemaker/notebookInstance:NotebookInstance": Inputs(
        reads="instanceType name region volumeSize",
        free=(
            "additionalCodeRepositories defaultCodeRepository directInternetAccess "
            "instanceMetadataServiceConfiguration kmsKeyId lifecycleConfigName platformIdentifier roleArn "
            "rootAccess securityGroups subnetId tags"
        ),
    ),
    "aws:sagemaker/space:Space": Inputs(
        reads="region spaceSettings",
        free="domainId ownershipSettings spaceDisplayName spaceName spaceSharingSettings tags",
    ),
}
