"""Streaming: MSK provisioned clusters (brokers x broker type + storage per broker), MSK Serverless
(cluster-hours; partitions by use), MSK Replicator and multi-VPC connections, MSK Connect (MCU-hours),
Kinesis Data Streams (provisioned shard-hours or on-demand stream-hours, extended retention), enhanced
fan-out consumers, Firehose (usage unless it delivers into a VPC), and Kinesis Data Analytics /
Managed Service for Apache Flink (KPU-hours while running).
"""

from __future__ import annotations

import math
from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_bool, as_number
from .core import Inputs, Pricing, fmt_num, prices
from .table import MissingPriceError

DEFAULT_RETENTION_HOURS = 24
EXTENDED_RETENTION_MAX_HOURS = 168  # beyond 7 days, long-term retention is billed per GB-month
# Firehose destinations that can deliver into a VPC (pulumi-aws names; aws-native's are reshaped to these).
FIREHOSE_VPC_DESTINATIONS = (
    "elasticsearchConfiguration",
    "opensearchConfiguration",
    "opensearchserverlessConfiguration",
)
KPU_STORAGE_GB = 50  # running application storage that comes with each KPU (AWS Managed Flink guide)


def _hourly(node: Node, pricing: Pricing, key: str) -> float:
    return HOURS_PER_MONTH * pricing.rate(key, node)


# --- MSK -------------------------------------------------------------------------------------------


@prices(t.MSK_CLUSTER)
def price_msk_cluster(cluster: Node, pricing: Pricing) -> None:
    read = Reader()
    info = cluster.get("brokerNodeGroupInfo")
    brokers = as_number(cluster.get("numberOfBrokerNodes"))
    broker_type = read.get(info, "instanceType")
    if any(value is UNKNOWN for value in (info, brokers, broker_type)):
        pricing.unpriced(cluster, "the broker type or count is unknown at preview")
        return
    if broker_type is None or brokers is None:
        pricing.unpriced(cluster, "brokerNodeGroupInfo.instanceType or numberOfBrokerNodes is not set")
        return
    broker_type, brokers = str(broker_type), float(brokers)
    try:
        hourly = pricing.rate(f"msk.{broker_type}", cluster)
    except MissingPriceError:
        pricing.unpriced(cluster, f"broker type {broker_type} is not in the price table", "no-price")
        return
    pricing.item(
        cluster,
        brokers * hourly * HOURS_PER_MONTH,
        f"{fmt_num(brokers)} x {broker_type} brokers, 730 h/month",
    )
    if broker_type.startswith("express."):
        # Express brokers have no volumes to size: their storage is billed per GB used.
        return
    ebs = read.get(info, "storageInfo", "ebsStorageInfo")
    size = as_number(read.get(ebs, "volumeSize"))
    if ebs is UNKNOWN or size is UNKNOWN:
        pricing.unpriced(cluster, "the brokers' storage volume size is unknown at preview")
        return
    if size is None:
        pricing.unpriced(
            cluster,
            "storageInfo.ebsStorageInfo.volumeSize is not set: MSK's default size is not documented "
            "in its API",
        )
        return
    tiered = str(cluster.get("storageMode", default="LOCAL")).upper() == "TIERED"
    pricing.item(
        cluster,
        brokers * float(size) * pricing.rate("msk.storage.gb_month", cluster),
        f"{fmt_num(brokers)} x {fmt_num(float(size))} GB broker storage"
        f"{'; tiered storage by use' if tiered else ''}",
    )
    throughput = read.get(ebs, "provisionedThroughput")
    enabled = as_bool(read.get(throughput, "enabled"))
    mbps = as_number(read.get(throughput, "volumeThroughput"))
    if enabled is UNKNOWN or mbps is UNKNOWN:
        pricing.unpriced(cluster, "provisioned storage throughput unknown at preview")
    elif enabled and mbps:
        pricing.item(
            cluster,
            brokers * float(mbps) * pricing.rate("msk.storage.throughput_mbps_month", cluster),
            f"{fmt_num(brokers)} x {fmt_num(float(mbps))} MB/s provisioned storage throughput "
            "(all of it: any baseline included is not sourced)",
            upper_bound=True,
        )


# MSK resources billed one fixed hourly fee each: the price key and the item's text.
_MSK_HOURLY = {
    t.MSK_SERVERLESS_CLUSTER: (
        "msk.serverless.cluster_hour",
        "MSK Serverless cluster, 730 h/month; partition-hours, storage and data by use",
    ),
    t.MSK_REPLICATOR: ("msk.replicator.hour", "MSK Replicator, 730 h/month + data replicated (usage)"),
    t.MSK_VPC_CONNECTION: (
        "msk.private_connectivity.hour",
        "MSK multi-VPC private connection (one authentication scheme), 730 h/month + data processed (usage); "
        "assumed billed per connection (the feed's unit is per cluster authentication scheme)",
    ),
}


@prices(*_MSK_HOURLY)
def price_msk_hourly(resource: Node, pricing: Pricing) -> None:
    key, what = _MSK_HOURLY[resource.kind]
    pricing.item(resource, _hourly(resource, pricing, key), what)


@prices(t.MSK_CHANNEL, t.KINESIS_CHANNEL_NATIVE)
def price_channel(channel: Node, pricing: Pricing) -> None:
    pricing.unpriced(channel, "a channel is a new streaming feature with no sourced price", "no-price")


@prices(t.MSK_CONNECT_CONNECTOR)
def price_connector(connector: Node, pricing: Pricing) -> None:
    read = Reader()
    capacity = connector.get("capacity")
    if capacity is UNKNOWN:
        pricing.unpriced(connector, "capacity unknown at preview")
        return
    provisioned = read.get(capacity, "provisionedCapacity")
    autoscaling = read.get(capacity, "autoscaling")
    if provisioned is UNKNOWN or autoscaling is UNKNOWN:
        pricing.unpriced(connector, "its capacity is unknown at preview")
        return
    if provisioned is not None:
        source, workers, note = provisioned, as_number(read.get(provisioned, "workerCount")), "provisioned"
    elif autoscaling is not None:
        workers = as_number(read.get(autoscaling, "minWorkerCount"))
        source, note = autoscaling, "its autoscaling minimum; more by load"
    else:
        pricing.unpriced(connector, "neither provisioned nor autoscaling capacity is set")
        return
    per_worker = as_number(read.get(source, "mcuCount", default=1))
    if any(value is UNKNOWN or value is None for value in (workers, per_worker)):
        pricing.unpriced(connector, "its worker or MCU count is unknown at preview")
        return
    mcus = float(workers) * float(per_worker)
    pricing.item(
        connector,
        mcus * _hourly(connector, pricing, "msk.connect.mcu_hour"),
        f"MSK Connect {fmt_num(float(workers))} worker(s) x {fmt_num(float(per_worker))} MCU ({note}), "
        "730 h/month",
    )


# --- Kinesis ---------------------------------------------------------------------------------------


def _stream_mode(stream: Node) -> Any:
    mode = Reader().get(stream.props, "streamModeDetails", "streamMode", default="PROVISIONED")
    return mode if mode is UNKNOWN else str(mode).upper()


@prices(t.KINESIS_STREAM)
def price_stream(stream: Node, pricing: Pricing) -> None:
    mode = _stream_mode(stream)
    retention = as_number(stream.get("retentionPeriod", default=DEFAULT_RETENTION_HOURS))
    if mode is UNKNOWN or retention is UNKNOWN:
        pricing.unpriced(stream, "streamMode or retentionPeriod unknown at preview")
        return
    retention = float(retention or DEFAULT_RETENTION_HOURS)
    long_term = "; retention beyond 7 days by GB-month" if retention > EXTENDED_RETENTION_MAX_HOURS else ""
    warm = as_number(stream.get("warmThroughputMibPs", default=stream.get("warmThroughputMiBps")))
    if warm is UNKNOWN or (warm and warm > 0):
        pricing.unpriced(
            stream, "warm throughput has no sourced price", "unknown" if warm is UNKNOWN else "no-price"
        )
    if mode == "ON_DEMAND":
        extended = "; extended retention by GB-month" if retention > DEFAULT_RETENTION_HOURS else ""
        pricing.item(
            stream,
            _hourly(stream, pricing, "kinesis.on_demand.stream_hour"),
            f"on-demand Kinesis stream, 730 h/month; data in and out by use{extended}{long_term}",
        )
        return
    if mode != "PROVISIONED":
        pricing.unpriced(stream, f"stream mode {mode!r} is not in the price table", "no-price")
        return
    shards = as_number(stream.get("shardCount"))
    if shards is UNKNOWN or shards is None:
        pricing.unpriced(stream, f"shardCount {'unknown at preview' if shards is UNKNOWN else 'is not set'}")
        return
    shards = float(shards)
    pricing.item(
        stream,
        shards * _hourly(stream, pricing, "kinesis.shard_hour"),
        f"{fmt_num(shards)} provisioned shard(s), 730 h/month; PUT payload units by use",
    )
    if retention > DEFAULT_RETENTION_HOURS:
        pricing.item(
            stream,
            shards * _hourly(stream, pricing, "kinesis.extended_retention.shard_hour"),
            f"extended retention ({fmt_num(retention)} h) for {fmt_num(shards)} shard(s), "
            f"730 h/month{long_term}",
        )


@prices(t.KINESIS_STREAM_CONSUMER)
def price_stream_consumer(consumer: Node, pricing: Pricing) -> None:
    streams = pricing.graph.targets(consumer, "streamArn", [t.KINESIS_STREAM], same_value("arn"))
    if not streams:
        pricing.unpriced(
            consumer, "its stream is not in the stack: enhanced fan-out bills per shard it reads"
        )
        return
    stream = streams[0]
    mode = _stream_mode(stream)
    shards = as_number(stream.get("shardCount"))
    if mode == "ON_DEMAND":
        pricing.usage(consumer, f"enhanced fan-out on on-demand stream {stream.name}: per GB retrieved")
        return
    if mode is UNKNOWN or shards in (None, UNKNOWN):
        pricing.unpriced(consumer, f"the shard count of stream {stream.name} is unknown")
        return
    pricing.item(
        consumer,
        float(shards) * _hourly(consumer, pricing, "kinesis.enhanced_fan_out.consumer_shard_hour"),
        f"enhanced fan-out consumer on {fmt_num(float(shards))} shard(s) of {stream.name}, 730 h/month "
        "+ per GB retrieved",
    )


@prices(t.FIREHOSE_DELIVERY_STREAM)
def price_firehose(stream: Node, pricing: Pricing) -> None:
    read = Reader()
    azs = 0
    for destination in FIREHOSE_VPC_DESTINATIONS:
        config = stream.get(destination)
        vpc = UNKNOWN if config is UNKNOWN else read.get(config, "vpcConfig")
        subnets = UNKNOWN if vpc is UNKNOWN else read.get(vpc, "subnetIds")
        if subnets is UNKNOWN:
            linked = pricing.graph.targets(stream, destination, [t.SUBNET])
            if not linked:
                pricing.unpriced(stream, f"{destination} unknown at preview: VPC delivery bills per AZ-hour")
                return
            azs += len(linked)
        elif vpc is not None:
            azs += len(read.items(subnets, "subnetIds"))
    if azs == 0:
        pricing.usage(stream, "Firehose: per GB ingested (and format conversion, dynamic partitioning)")
        return
    pricing.item(
        stream,
        azs * _hourly(stream, pricing, "firehose.vpc_delivery.az_hour"),
        f"Firehose delivery into a VPC in {azs} subnet(s)/AZ(s), 730 h/month + data processed; "
        "ingestion by use",
    )


# --- Kinesis Data Analytics / Managed Service for Apache Flink ---------------------------------------


def _flink_kpus(application: Node) -> Any:
    """KPUs a Flink application runs at least: ceil(parallelism / parallelism per KPU)."""
    read = Reader()
    config = read.get(
        application.props,
        "applicationConfiguration",
        "flinkApplicationConfiguration",
        "parallelismConfiguration",
    )
    if config is UNKNOWN:
        return UNKNOWN
    if str(read.get(config, "configurationType", default="DEFAULT")).upper() != "CUSTOM":
        return 1.0  # DEFAULT: parallelism 1, 1 per KPU
    parallelism = as_number(read.get(config, "parallelism", default=1))
    per_kpu = as_number(read.get(config, "parallelismPerKpu", default=1))
    if parallelism is UNKNOWN or per_kpu is UNKNOWN:
        return UNKNOWN
    return float(math.ceil(float(parallelism or 1) / float(per_kpu or 1)))


def _application(application: Node, pricing: Pricing, kpus: float, flink: bool) -> None:
    started = as_bool(application.get("startApplication"))
    total = kpus + (1 if flink else 0)
    monthly = total * _hourly(application, pricing, "kinesisanalytics.kpu_hour")
    if flink:
        monthly += (
            kpus * KPU_STORAGE_GB * pricing.rate("kinesisanalytics.running_storage.gb_month", application)
        )
    what = (
        f"{fmt_num(kpus)} KPU + 1 orchestration KPU and {fmt_num(kpus * KPU_STORAGE_GB)} GB running storage"
        if flink
        else f"{fmt_num(kpus)} KPU"
    )
    if started is not True:
        pricing.usage(
            application,
            f"KPU-hours while running; the program doesn't start it (started: {what}, ${monthly:,.2f}/month)",
        )
        return
    pricing.item(application, monthly, f"{what}, 730 h/month while running; more KPUs by load")


@prices(t.KINESIS_ANALYTICS_V2_APPLICATION)
def price_flink_application(application: Node, pricing: Pricing) -> None:
    runtime = application.get("runtimeEnvironment")
    mode = str(application.get("applicationMode", default="STREAMING")).upper()
    if runtime is UNKNOWN:
        pricing.unpriced(application, "runtimeEnvironment unknown at preview")
        return
    runtime = str(runtime).upper()
    if mode == "INTERACTIVE" or runtime.startswith("ZEPPELIN"):
        pricing.unpriced(application, "Studio notebooks' KPU count is not sourced", "no-price")
        return
    if runtime.startswith("SQL"):
        _application(application, pricing, 1.0, flink=False)
        return
    kpus = _flink_kpus(application)
    if kpus is UNKNOWN:
        pricing.unpriced(application, "its parallelism is unknown at preview")
        return
    _application(application, pricing, kpus, flink=True)


@prices(t.KINESIS_ANALYTICS_APPLICATION)
def price_sql_application(application: Node, pricing: Pricing) -> None:
    _application(application, pricing, 1.0, flink=False)


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:kinesis/analyticsApplication:AnalyticsApplication": Inputs(
        reads="region startApplication",
        free="cloudwatchLoggingOptions code description inputs name outputs referenceDataSources tags",
    ),
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": Inputs(
        reads=(
            "arn elasticsearchConfiguration opensearchConfiguration opensearchserverlessConfiguration region"
        ),
        free=(
            "destination destinationId extendedS3Configuration httpEndpointConfiguration "
            "icebergConfiguration kinesisSourceConfiguration mskSourceConfiguration name "
            "redshiftConfiguration serverSideEncryption snowflakeConfiguration splunkConfiguration tags "
            "versionId"
        ),
    ),
    "aws:kinesis/stream:Stream": Inputs(
        reads="arn region retentionPeriod shardCount streamModeDetails warmThroughputMibPs",
        free="encryptionType enforceConsumerDeletion kmsKeyId maxRecordSizeInKib name tags",
        unread={
            "shardLevelMetrics": "shard-level metrics bill as custom metrics per shard",
        },
    ),
    "aws:kinesis/streamConsumer:StreamConsumer": Inputs(
        reads="region streamArn",
        free="name tags",
    ),
    "aws:kinesisanalyticsv2/application:Application": Inputs(
        reads="applicationConfiguration applicationMode region runtimeEnvironment startApplication",
        free="cloudwatchLoggingOptions description forceStop name serviceExecutionRole tags",
    ),
    "aws:msk/channel:Channel": Inputs(
        reads="region",
        free=(
            "channelName clusterArn encryptionConfiguration icebergDestination loggingInfo "
            "s3Destination tags timeouts topicConfiguration"
        ),
    ),
    "aws:msk/cluster:Cluster": Inputs(
        reads="brokerNodeGroupInfo numberOfBrokerNodes region storageMode",
        free=(
            "clientAuthentication clusterName configurationInfo encryptionInfo loggingInfo "
            "openMonitoring rebalancing tags"
        ),
        unread={
            "enhancedMonitoring": "PER_BROKER and finer monitoring bill as CloudWatch custom metrics",
            "kafkaVersion": "whether MSK bills old Kafka versions extra is not checked",
        },
    ),
    "aws:msk/replicator:Replicator": Inputs(
        reads="region",
        free=(
            "description kafkaClusters logDelivery replicationInfoList replicatorName "
            "serviceExecutionRoleArn tags"
        ),
    ),
    "aws:msk/serverlessCluster:ServerlessCluster": Inputs(
        reads="region",
        free="clientAuthentication clusterName tags vpcConfigs",
    ),
    "aws:msk/vpcConnection:VpcConnection": Inputs(
        reads="region",
        free="authentication clientSubnets securityGroups tags targetClusterArn vpcId",
    ),
    "aws:mskconnect/connector:Connector": Inputs(
        reads="capacity region",
        free=(
            "connectorConfiguration description kafkaCluster kafkaClusterClientAuthentication "
            "kafkaClusterEncryptionInTransit kafkaconnectVersion logDelivery name plugins "
            "serviceExecutionRoleArn tags workerConfiguration"
        ),
    ),
}
