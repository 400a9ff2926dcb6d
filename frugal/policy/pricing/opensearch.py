"""OpenSearch Service: domains (and legacy Elasticsearch domains), Serverless collections at their OCU
minimum, ingestion pipelines at their minimum OCUs, and the service-managed VPC endpoints.

A domain is its data, dedicated master, UltraWarm and coordinator nodes (count x instance type), plus
the EBS volume of each data node. Elasticsearch and OpenSearch instances are one price list (the
`es` feed): `m5.large.elasticsearch` is priced as `m5.large.search`.

Serverless: OpenSearch Serverless bills a minimum of OCUs (indexing + search) whenever collections
exist, shared by the collections of an account that use the same KMS key (AWS OpenSearch developer
guide, "Pricing for OpenSearch Serverless"; a collection group shares its own). The pack sees one stack,
not the account: it prices the minimum once per set of collections in the stack that would share it
(same collection group, or same key, standby setting and vector or not) and names the collection that
carries it. Collections sharing it are usage. A stack deployed into an account that already runs
collections with that key adds less than this: the estimate is what the stack costs on its own.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_bool, as_number, is_unknown
from .core import Inputs, Pricing, fmt_num, notes_text, prices
from .network import subnet_count
from .table import MissingPriceError

# gp3 volumes include this much; above it, IOPS and throughput are billed (see opensearch.storage.gp3.*).
GP3_FREE_IOPS = 3000
GP3_FREE_MBPS = 125
_DOMAINS = (t.OPENSEARCH_DOMAIN, t.ELASTICSEARCH_DOMAIN)
_POLICIES = (t.OPENSEARCH_SERVERLESS_SECURITY_POLICY,)


def instance_hourly(instance_type: str, node: Node, pricing: Pricing) -> float:
    """One node-hour of an OpenSearch (or Elasticsearch) instance type."""
    bare = instance_type.lower().removesuffix(".elasticsearch").removesuffix(".search")
    return pricing.rate(f"opensearch.{bare}.search", node)


class _UnpricedError(Exception):
    """A domain part that can't be priced: the reason and its cause (`Unpriced.cause`)."""

    def __init__(self, reason: str, cause: str = "unknown") -> None:
        super().__init__(reason)
        self.reason = reason
        self.cause = cause


def _nodes(role: str, instance_type: Any, count: Any, node: Node, pricing: Pricing) -> tuple[float, str]:
    if instance_type is UNKNOWN or count is UNKNOWN:
        raise _UnpricedError(f"the {role} nodes' type or count is unknown at preview")
    if instance_type is None:
        raise _UnpricedError(f"the {role} node type is not set")
    try:
        hourly = instance_hourly(str(instance_type), node, pricing)
    except MissingPriceError:
        raise _UnpricedError(
            f"{role} instance type {instance_type} is not in the price table", "no-price"
        ) from None
    count = float(count)
    return count * hourly * HOURS_PER_MONTH, f"{fmt_num(count)} {role} {instance_type}"


def _domain_nodes(domain: Node, config: Any, pricing: Pricing) -> tuple[float, list[str], float]:
    """(monthly, parts, data node count) of a domain's instances."""
    read = Reader()
    data_count = as_number(read.get(config, "instanceCount", default=1))
    monthly, part = _nodes("data", read.get(config, "instanceType"), data_count, domain, pricing)
    parts = [part]
    masters = as_bool(read.get(config, "dedicatedMasterEnabled"))
    if masters is UNKNOWN:
        raise _UnpricedError("dedicatedMasterEnabled unknown at preview")
    if masters:
        count = as_number(read.get(config, "dedicatedMasterCount", default=3))
        cost, part = _nodes(
            "dedicated master", read.get(config, "dedicatedMasterType"), count, domain, pricing
        )
        monthly, parts = monthly + cost, [*parts, part]
    warm = as_bool(read.get(config, "warmEnabled"))
    if warm is UNKNOWN:
        raise _UnpricedError("warmEnabled unknown at preview")
    if warm:
        count = as_number(read.get(config, "warmCount"))
        if count is None:
            raise _UnpricedError("warmCount is not set")
        cost, part = _nodes("UltraWarm", read.get(config, "warmType"), count, domain, pricing)
        monthly, parts = monthly + cost, [*parts, part]
    for option in read.items_of(config, "nodeOptions"):
        node_config = read.get(option, "nodeConfig")
        enabled = as_bool(read.get(node_config, "enabled"))
        if option is UNKNOWN or node_config is UNKNOWN or enabled is UNKNOWN:
            raise _UnpricedError("nodeOptions unknown at preview")
        if enabled:
            role = str(read.get(option, "nodeType", default="extra"))
            count = as_number(read.get(node_config, "count", default=1))
            cost, part = _nodes(role, read.get(node_config, "type"), count, domain, pricing)
            monthly, parts = monthly + cost, [*parts, part]
    return monthly, parts, float(data_count)


def _storage(domain: Node, data_nodes: float, pricing: Pricing) -> tuple[float, str] | None:
    """The data nodes' EBS volumes: (monthly, basis), or None without EBS."""
    read = Reader()
    options = domain.get("ebsOptions")
    if options is UNKNOWN:
        raise _UnpricedError("ebsOptions unknown at preview")
    enabled = as_bool(read.get(options, "ebsEnabled"))
    if enabled is UNKNOWN:
        raise _UnpricedError("ebsOptions.ebsEnabled unknown at preview")
    if not enabled:
        return None
    size = as_number(read.get(options, "volumeSize"))
    volume_type = read.get(options, "volumeType")
    iops = as_number(read.get(options, "iops"))
    throughput = as_number(read.get(options, "throughput"))
    if any(value is UNKNOWN for value in (size, volume_type, iops, throughput)):
        raise _UnpricedError("the EBS volume size, type, IOPS or throughput is unknown at preview")
    if size is None:
        raise _UnpricedError("ebsOptions.volumeSize is not set")
    note = ""
    if volume_type is None:
        volume_type, note = "gp2", "; volumeType not set: assumed gp2, the API's default"
    volume_type = str(volume_type)
    # The API calls magnetic storage "standard" (OpenSearch API reference, EBSOptions.VolumeType) [sure].
    storage_key = "magnetic" if volume_type == "standard" else volume_type
    try:
        per_volume = float(size) * pricing.rate(f"opensearch.storage.{storage_key}.gb_month", domain)
        parts = [f"{fmt_num(float(size))} GB {volume_type}"]
        if volume_type == "gp3":
            if iops and iops > GP3_FREE_IOPS:
                per_volume += (iops - GP3_FREE_IOPS) * pricing.rate(
                    "opensearch.storage.gp3.iops_month", domain
                )
                parts.append(f"{fmt_num(iops)} IOPS")
            if throughput and throughput > GP3_FREE_MBPS:
                extra = (throughput - GP3_FREE_MBPS) * pricing.rate(
                    "opensearch.storage.gp3.mbps_month", domain
                )
                per_volume += extra
                parts.append(f"{fmt_num(throughput)} MiB/s")
        elif volume_type == "io1" and iops:
            per_volume += iops * pricing.rate("opensearch.storage.io1.iops_month", domain)
            parts.append(f"{fmt_num(iops)} provisioned IOPS")
    except MissingPriceError:
        raise _UnpricedError(f"EBS volume type {volume_type} is not in the price table", "no-price") from None
    return (
        data_nodes * per_volume,
        f"{fmt_num(data_nodes)} x {' + '.join(parts)} EBS (one per data node){note}",
    )


@prices(*_DOMAINS)
def price_domain(domain: Node, pricing: Pricing) -> None:
    config = domain.get("clusterConfig", default={})
    if config is UNKNOWN:
        pricing.unpriced(domain, "clusterConfig unknown at preview")
        return
    try:
        monthly, parts, data_nodes = _domain_nodes(domain, config, pricing)
        storage = _storage(domain, data_nodes, pricing)
    except _UnpricedError as problem:
        pricing.unpriced(domain, problem.reason, problem.cause)
        return
    pricing.item(domain, monthly, f"{' + '.join(parts)} node(s), 730 h/month")
    if storage is not None:
        pricing.item(domain, storage[0], storage[1])


# --- endpoints ------------------------------------------------------------------------------------


def _nested_subnets(node: Node, pricing: Pricing, prop: str) -> int | None:
    """Subnets listed in `prop.subnetIds` (one endpoint network interface each), through the graph
    when the list is unknown; None when neither tells."""
    read = Reader()
    options = node.get(prop)
    subnets = UNKNOWN if options is UNKNOWN else read.get(options, "subnetIds")
    if subnets is UNKNOWN:
        linked = pricing.graph.targets(node, prop, [t.SUBNET])
        return len(linked) or None
    return len(read.items(subnets, "subnetIds"))


def _endpoint(node: Node, pricing: Pricing, count: int | None, what: str, note: str = "") -> None:
    if count is None:
        pricing.unpriced(node, "its subnets are unknown at preview: it is billed per AZ")
        return
    count = max(count, 1)
    pricing.item(
        node,
        count * HOURS_PER_MONTH * pricing.rate("vpc_endpoint.interface_az_hour", node),
        f"{what} in {count} AZ(s) at AWS PrivateLink interface endpoint rates, 730 h/month + data "
        f"processed (usage){note}",
    )


@prices(t.OPENSEARCH_VPC_ENDPOINT, t.ELASTICSEARCH_VPC_ENDPOINT)
def price_domain_endpoint(endpoint: Node, pricing: Pricing) -> None:
    # AWS OpenSearch developer guide (vpc-interface-endpoints): standard PrivateLink interface endpoint
    # pricing applies to OpenSearch Service-managed VPC endpoints.
    _endpoint(
        endpoint, pricing, _nested_subnets(endpoint, pricing, "vpcOptions"), "OpenSearch-managed VPC endpoint"
    )


@prices(t.OPENSEARCH_SERVERLESS_VPC_ENDPOINT)
def price_serverless_endpoint(endpoint: Node, pricing: Pricing) -> None:
    _endpoint(
        endpoint,
        pricing,
        subnet_count(endpoint, pricing, "subnetIds"),
        "OpenSearch Serverless VPC endpoint",
        "; an interface endpoint powered by PrivateLink (AWS guide), assumed billed as one",
    )


@prices(t.OPENSEARCH_INGESTION_PIPELINE_ENDPOINT)
def price_pipeline_endpoint(endpoint: Node, pricing: Pricing) -> None:
    _endpoint(
        endpoint,
        pricing,
        _nested_subnets(endpoint, pricing, "vpcOptions"),
        "OpenSearch Ingestion pipeline VPC endpoint",
        "; assumed billed as a PrivateLink interface endpoint (not confirmed for this type)",
    )


@prices(t.OPENSEARCH_INGESTION_PIPELINE)
def price_pipeline(pipeline: Node, pricing: Pricing) -> None:
    units = as_number(pipeline.get("minUnits"))
    if units is UNKNOWN:
        pricing.unpriced(pipeline, "minUnits unknown at preview")
        return
    if units is None:
        pricing.unpriced(pipeline, "minUnits is not set")
        return
    units = max(float(units), 1.0)
    pricing.item(
        pipeline,
        units * pricing.rate("opensearch.ingestion.ocu_hour", pipeline) * HOURS_PER_MONTH,
        f"ingestion pipeline at its minimum {fmt_num(units)} OCU(s), 730 h/month; more by load",
    )


# --- serverless -----------------------------------------------------------------------------------


def _standby(node: Node) -> Any:
    value = node.get("standbyReplicas", default="ENABLED")
    return value if value is UNKNOWN else str(value).upper() != "DISABLED"


def _floor_ocus(standby: bool) -> float:
    """Indexing + search OCUs billed at the minimum: 0.5 OCU each, in two AZs with standby replicas
    (opensearch.serverless.minimum_ocus)."""
    return 2.0 if standby else 1.0


def _policy_key(collection_name: str, pricing: Pricing) -> tuple[str, str] | None:
    """The KMS key the stack's encryption policies give the collection: ("key", id), ("unknown", why),
    or None when no policy in the stack names it."""
    read = Reader()
    keys: set[str] = set()
    for policy in pricing.graph.of(*_POLICIES):
        if str(policy.get("type", default="")).lower() != "encryption":
            continue
        document = read.json(policy.get("policy"), "policy")
        if document is UNKNOWN:
            return ("unknown", f"encryption policy {policy.name} is unknown at preview")
        if not isinstance(document, dict):
            continue
        for rule in document.get("Rules") or []:
            patterns = (rule.get("Resource") or []) if isinstance(rule, dict) else []
            patterns = [patterns] if isinstance(patterns, str) else patterns
            if any(
                isinstance(p, str) and fnmatch.fnmatchcase(f"collection/{collection_name}", p)
                for p in patterns
            ):
                kms = document.get("KmsARN")
                keys.add("an AWS owned key" if document.get("AWSOwnedKey") else str(kms))
    if len(keys) > 1:
        return ("unknown", "more than one encryption policy in the stack matches it")
    return ("key", keys.pop()) if keys else None


def _encryption(collection: Node, pricing: Pricing) -> tuple[str, str]:
    read = Reader()
    inline = read.get(collection.props, "encryptionConfigs")
    if inline is UNKNOWN:
        return ("unknown", "its encryption config is unknown at preview")
    configs = inline if isinstance(inline, list) else [inline] if isinstance(inline, dict) else []
    for config in configs:
        if config is UNKNOWN or not isinstance(config, dict):
            return ("unknown", "its encryption config is unknown at preview")
        if as_bool(config.get("awsOwnedKey")) is True:
            return ("key", "an AWS owned key")
        kms = config.get("kmsKeyArn")
        if kms is not None:
            return ("unknown", "its KMS key is unknown at preview") if is_unknown(kms) else ("key", str(kms))
    name = collection.get("name")
    if name is UNKNOWN or name is None:
        return ("unknown", "its name (which its encryption policy matches) is unknown")
    found = _policy_key(str(name), pricing)
    return found or ("unknown", "no encryption policy in the stack names it")


def _group_of(collection: Node, pricing: Pricing) -> Node | None:
    found = pricing.graph.targets(
        collection, "collectionGroupName", [t.OPENSEARCH_SERVERLESS_COLLECTION_GROUP], same_value("name")
    )
    return found[0] if found else None


def _sharing(collection: Node, pricing: Pricing) -> tuple[Any, ...]:
    """What the collection shares its OCU minimum with: its group, or its key and settings."""
    group_name = collection.get("collectionGroupName")
    if group_name is not None:
        return ("group", collection.urn if group_name is UNKNOWN else str(group_name))
    kind, key = _encryption(collection, pricing)
    standby = _standby(collection)
    if kind == "unknown" or standby is UNKNOWN:
        # Shares nothing the pack can see: it carries its own minimum.
        return ("own", collection.urn, key if kind == "unknown" else "standbyReplicas unknown at preview")
    # Vector search collections are believed not to share OCUs with search and time series ones.
    vector = str(collection.get("type", default="TIMESERIES")).upper() == "VECTORSEARCH"
    return ("key", key, standby, vector)


def _ocu_month(ocus: float, node: Node, pricing: Pricing) -> float:
    return ocus * pricing.rate("opensearch.serverless.ocu_hour", node) * HOURS_PER_MONTH


@prices(t.OPENSEARCH_SERVERLESS_COLLECTION)
def price_collection(collection: Node, pricing: Pricing) -> None:
    sharing = _sharing(collection, pricing)
    if sharing[0] == "group":
        group = _group_of(collection, pricing)
        if group is not None:
            pricing.usage(
                collection, f"shares the OCUs priced on its collection group {group.name}; more by use"
            )
            return
    members = [
        c for c in pricing.graph.of(t.OPENSEARCH_SERVERLESS_COLLECTION) if _sharing(c, pricing) == sharing
    ]
    if members and members[0].urn != collection.urn:
        pricing.usage(
            collection, f"shares the OCU minimum priced on collection {members[0].name}; more OCUs by use"
        )
        return
    standby = _standby(collection)
    ocus = _floor_ocus(standby is not False)
    notes = []
    if sharing[0] == "own":
        notes.append(f"{sharing[2]}: priced with its own minimum")
    if standby is UNKNOWN:
        notes.append("standby replicas assumed on")
    pricing.item(
        collection,
        _ocu_month(ocus, collection, pricing),
        f"OpenSearch Serverless minimum {fmt_num(ocus)} OCUs (indexing + search"
        f"{', with standby replicas' if standby is not False else ''}), 730 h/month, shared by collections "
        f"with the same key; more OCUs and S3 storage by use{notes_text(notes)}",
    )


def _limits(group: Node) -> Any:
    read = Reader()
    limits = group.get("capacityLimits")
    if isinstance(limits, Sequence) and not isinstance(limits, str):
        items = read.items(limits, "capacityLimits")
        return items[0] if items else None
    return limits


@prices(t.OPENSEARCH_SERVERLESS_COLLECTION_GROUP)
def price_collection_group(group: Node, pricing: Pricing) -> None:
    read = Reader()
    standby = _standby(group)
    limits = _limits(group)
    minimums = [
        as_number(read.get(limits, key)) for key in ("minIndexingCapacityInOcu", "minSearchCapacityInOcu")
    ]
    if limits is UNKNOWN or standby is UNKNOWN or UNKNOWN in minimums:
        pricing.unpriced(group, "its standby setting or minimum capacity is unknown at preview")
        return
    half = _floor_ocus(standby) / 2
    ocus = sum(half if value is None else max(float(value), half) for value in minimums)
    pricing.item(
        group,
        _ocu_month(ocus, group, pricing),
        f"OpenSearch Serverless collection group minimum {fmt_num(ocus)} OCUs (indexing + search), "
        "730 h/month, shared by its collections; more by use",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:elasticsearch/domain:Domain": Inputs(
        reads="clusterConfig ebsOptions region vpcOptions",
        free=(
            "accessPolicies advancedOptions advancedSecurityOptions autoTuneOptions cognitoOptions "
            "domainEndpointOptions domainName encryptAtRest logPublishingOptions nodeToNodeEncryption "
            "snapshotOptions tags"
        ),
        unread={
            "elasticsearchVersion": "Extended Support on old Elasticsearch versions: not priced",
        },
    ),
    "aws:elasticsearch/vpcEndpoint:VpcEndpoint": Inputs(
        reads="region vpcOptions",
        free="domainArn",
    ),
    "aws:opensearch/domain:Domain": Inputs(
        reads="clusterConfig ebsOptions region vpcOptions",
        free=(
            "accessPolicies advancedOptions advancedSecurityOptions aimlOptions autoTuneOptions "
            "cognitoOptions deploymentStrategyOptions domainEndpointOptions domainName encryptAtRest "
            "identityCenterOptions ipAddressType logPublishingOptions nodeToNodeEncryption "
            "offPeakWindowOptions snapshotOptions softwareUpdateOptions tags"
        ),
        unread={
            "engineVersion": "Extended Support on old engine versions: not priced",
        },
    ),
    "aws:opensearch/serverlessCollection:ServerlessCollection": Inputs(
        reads="collectionGroupName encryptionConfigs name region standbyReplicas type",
        free="description tags timeouts vectorOptions",
    ),
    "aws:opensearch/serverlessCollectionGroup:ServerlessCollectionGroup": Inputs(
        reads="capacityLimits name region standbyReplicas",
        free="description generation tags",
    ),
    "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint": Inputs(
        reads="name region subnetIds",
        free="securityGroupIds timeouts vpcId",
    ),
    "aws:opensearch/vpcEndpoint:VpcEndpoint": Inputs(
        reads="region vpcOptions",
        free="domainArn",
    ),
    "aws:opensearchingest/pipeline:Pipeline": Inputs(
        reads="minUnits region vpcOptions",
        free=(
            "bufferOptions encryptionAtRestOptions logPublishingOptions maxUnits "
            "pipelineConfigurationBody pipelineName pipelineRoleArn tags timeouts"
        ),
    ),
    "aws:opensearchingest/pipelineEndpoint:PipelineEndpoint": Inputs(
        reads="region vpcOptions",
        free="pipelineArn timeouts",
    ),
}
