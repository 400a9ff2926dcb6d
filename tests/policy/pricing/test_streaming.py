"""Streaming: MSK brokers and storage, Serverless, Replicator and VPC connections, MSK Connect, Kinesis
streams and enhanced fan-out consumers linked through the graph, Firehose VPC delivery, Flink KPUs.
Prices hand-computed from prices.json: kafka.m5.large 0.21, m7g express large 0.408, storage 0.10,
throughput 0.08, serverless 0.75, replicator 0.30, connection 0.0225, MCU 0.11, shard 0.015, on-demand
0.04, extended retention 0.02, EFO 0.015, Firehose VPC 0.011, KPU 0.11, running storage 0.10."""

from __future__ import annotations

from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node

MSK = "aws:msk/cluster:Cluster"
STREAM = "aws:kinesis/stream:Stream"
CONSUMER = "aws:kinesis/streamConsumer:StreamConsumer"
FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
FLINK = "aws:kinesisanalyticsv2/application:Application"


def amounts(*nodes) -> list[float]:
    result = estimate_of(*nodes)
    assert result.unpriced == [], result.unpriced
    return [round(i.monthly_usd, 2) for i in result.items]


def broker_info(instance_type: str, **ebs: object) -> dict:
    info: dict = {"instanceType": instance_type, "clientSubnets": ["a", "b", "c"]}
    if ebs:
        info["storageInfo"] = {"ebsStorageInfo": ebs}
    return info


def test_msk_brokers_storage_and_provisioned_throughput():
    cluster = node(
        MSK,
        "events",
        {"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": broker_info("kafka.m5.large", volumeSize=100)},
    )
    assert amounts(cluster) == [round(3 * 0.21 * 730, 2), 30.00]
    throughput = node(
        MSK,
        "events",
        {
            "numberOfBrokerNodes": 2,
            "brokerNodeGroupInfo": broker_info(
                "kafka.m7g.large",
                volumeSize=1000,
                provisionedThroughput={"enabled": True, "volumeThroughput": 250},
            ),
        },
    )
    result = estimate_of(throughput)
    assert [round(i.monthly_usd, 2) for i in result.items] == [round(2 * 0.204 * 730, 2), 200.00, 40.00]
    assert result.items[2].upper_bound
    express = node(
        MSK, "x", {"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": broker_info("express.m7g.large")}
    )
    assert amounts(express) == [round(3 * 0.408 * 730, 2)]
    native = node(
        "aws-native:msk:Cluster",
        "events",
        {"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": broker_info("kafka.m5.large", volumeSize=100)},
    )
    assert amounts(native) == [round(3 * 0.21 * 730, 2), 30.00]


def test_msk_unknowns_and_missing_prices_fail_closed():
    for props, kind in [
        (
            {
                "numberOfBrokerNodes": UNKNOWN_NUMBER_VALUE,
                "brokerNodeGroupInfo": broker_info("kafka.m5.large"),
            },
            "unknown",
        ),
        (
            {"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": broker_info("kafka.m9.huge", volumeSize=1)},
            "no-price",
        ),
        ({"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": broker_info("kafka.m5.large")}, "unknown"),
    ]:
        result = estimate_of(node(MSK, "m", props))
        assert [u.cause for u in result.unpriced] == [kind], props
    assert (
        "not set"
        in estimate_of(
            node(MSK, "m", {"numberOfBrokerNodes": 3, "brokerNodeGroupInfo": broker_info("kafka.m5.large")})
        )
        .unpriced[0]
        .reason
    )


def test_msk_serverless_replicator_connections_channels_and_connect():
    assert amounts(node("aws:msk/serverlessCluster:ServerlessCluster", "s", {"clusterName": "s"})) == [547.50]
    assert amounts(node("aws-native:msk:ServerlessCluster", "s", {})) == [547.50]
    assert amounts(node("aws:msk/replicator:Replicator", "r", {})) == [219.00]
    assert amounts(node("aws:msk/vpcConnection:VpcConnection", "c", {"authentication": "SASL_IAM"})) == [
        16.43
    ]
    channel = estimate_of(
        node("aws:msk/channel:Channel", "ch", {}), node("aws-native:kinesis:Channel", "k", {})
    )
    assert [u.cause for u in channel.unpriced] == ["no-price", "no-price"]
    provisioned = node(
        "aws:mskconnect/connector:Connector",
        "sink",
        {"capacity": {"provisionedCapacity": {"workerCount": 2, "mcuCount": 2}}},
    )
    assert amounts(provisioned) == [round(4 * 0.11 * 730, 2)]
    native = node(
        "aws-native:kafkaconnect:Connector",
        "sink",
        {"capacity": {"autoScaling": {"minWorkerCount": 1, "maxWorkerCount": 4, "mcuCount": 1}}},
    )
    assert amounts(native) == [round(0.11 * 730, 2)]
    unknown = estimate_of(
        node("aws:mskconnect/connector:Connector", "sink", {"capacity": UNKNOWN_STRING_VALUE})
    )
    assert unknown.unpriced[0].cause == "unknown"


def test_kinesis_streams_by_mode_and_retention():
    assert amounts(node(STREAM, "s", {"shardCount": 4})) == [43.80]
    assert amounts(node(STREAM, "s", {"shardCount": 2, "retentionPeriod": 168})) == [21.90, 29.20]
    on_demand = {"streamModeDetails": {"streamMode": "ON_DEMAND"}, "retentionPeriod": 720}
    result = estimate_of(node(STREAM, "s", on_demand))
    assert [round(i.monthly_usd, 2) for i in result.items] == [29.20]
    assert "beyond 7 days" in result.items[0].basis
    native = node("aws-native:kinesis:Stream", "s", {"shardCount": 1, "retentionPeriodHours": 48})
    assert amounts(native) == [10.95, 14.60]
    for props in ({"shardCount": UNKNOWN_NUMBER_VALUE}, {"streamModeDetails": UNKNOWN_STRING_VALUE}, {}):
        assert estimate_of(node(STREAM, "s", props)).unpriced, props
    warm = estimate_of(node("aws-native:kinesis:Stream", "s", {"shardCount": 1, "warmThroughputMiBps": 10}))
    assert warm.unpriced[0].cause == "no-price" and warm.items


def test_enhanced_fan_out_consumers_read_the_shards_of_their_stream():
    stream = node(STREAM, "s", {"shardCount": 4})
    consumer = node(CONSUMER, "c", {"streamArn": UNKNOWN_STRING_VALUE}, {"streamArn": [stream]})
    assert amounts(stream, consumer) == [43.80, 43.80]
    on_demand = node(STREAM, "od", {"streamModeDetails": {"streamMode": "ON_DEMAND"}})
    reader = node(CONSUMER, "c", {"streamArn": UNKNOWN_STRING_VALUE}, {"streamArn": [on_demand]})
    assert estimate_of(on_demand, reader).usage_priced[0].urn == reader.urn
    lonely = estimate_of(node(CONSUMER, "c", {"streamArn": "arn:aws:kinesis:us-east-1:1:stream/x"}))
    assert "not in the stack" in lonely.unpriced[0].reason


def test_firehose_is_usage_unless_it_delivers_into_a_vpc():
    plain = estimate_of(node(FIREHOSE, "f", {"destination": "extended_s3", "extendedS3Configuration": {}}))
    assert plain.items == [] and plain.usage_priced
    vpc = node(
        FIREHOSE,
        "f",
        {"destination": "opensearch", "opensearchConfiguration": {"vpcConfig": {"subnetIds": ["a", "b"]}}},
    )
    assert amounts(vpc) == [round(2 * 0.011 * 730, 2)]
    subnets = [node("aws:ec2/subnet:Subnet", n, {}) for n in "abc"]
    linked = node(
        FIREHOSE,
        "f",
        {"elasticsearchConfiguration": {"vpcConfig": {"subnetIds": UNKNOWN_STRING_VALUE}}},
        {"elasticsearchConfiguration": subnets},
    )
    assert amounts(linked, *subnets) == [round(3 * 0.011 * 730, 2)]
    native = node(
        "aws-native:kinesisfirehose:DeliveryStream",
        "f",
        {"amazonopensearchserviceDestinationConfiguration": {"vpcConfiguration": {"subnetIds": ["a"]}}},
    )
    assert amounts(native) == [round(0.011 * 730, 2)]


def test_flink_applications_bill_kpus_orchestration_and_storage_while_running():
    def flink(**props: object) -> object:
        return node(FLINK, "app", {"runtimeEnvironment": "FLINK-1_20", "startApplication": True, **props})

    one = (2 * 0.11 * 730) + 50 * 0.10
    assert amounts(flink()) == [round(one, 2)]
    custom = {
        "flinkApplicationConfiguration": {
            "parallelismConfiguration": {
                "configurationType": "CUSTOM",
                "parallelism": 8,
                "parallelismPerKpu": 3,
            }
        }
    }
    assert amounts(flink(applicationConfiguration=custom)) == [round(4 * 0.11 * 730 + 150 * 0.10, 2)]
    stopped = estimate_of(node(FLINK, "app", {"runtimeEnvironment": "FLINK-1_20"}))
    assert stopped.items == [] and "doesn't start it" in stopped.usage_priced[0].note
    studio = estimate_of(flink(applicationMode="INTERACTIVE", runtimeEnvironment="ZEPPELIN-FLINK-3_0"))
    assert studio.unpriced[0].cause == "no-price"
    sql = node("aws:kinesis/analyticsApplication:AnalyticsApplication", "sql", {"startApplication": True})
    assert amounts(sql) == [round(0.11 * 730, 2)]
    unknown = {"flinkApplicationConfiguration": {"parallelismConfiguration": UNKNOWN_STRING_VALUE}}
    assert estimate_of(flink(applicationConfiguration=unknown)).unpriced[0].cause == "unknown"
