"""Fixed-price families: network, DNS, data, security, WAF, alarms, Lambda, API Gateway stages."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node


@pytest.mark.parametrize(
    ("type_", "props", "expected"),
    [
        ("aws:ec2/eip:Eip", {}, 3.65),
        ("aws-native:ec2:Eip", {"domain": "vpc"}, 3.65),
        ("aws:ec2/natGateway:NatGateway", {"connectivityType": "private"}, 32.85),
        ("aws-native:ec2:NatGateway", {"subnetId": "s"}, 32.85),
        ("aws:route53/zone:Zone", {}, 0.50),
        ("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", {}, 0.50),
        ("aws:kms/key:Key", {}, 1.00),
        ("aws:secretsmanager/secret:Secret", {}, 0.40),
        ("aws:ebs/volume:Volume", {"size": 100, "type": "gp3"}, 8.00),
        ("aws:ebs/volume:Volume", {"size": 100, "type": "io1", "iops": 1000}, 12.5 + 65),
        ("aws:wafv2/webAcl:WebAcl", {"rules": [{"name": "a"}, {"name": "b"}]}, 7.00),
        (
            "aws:dynamodb/table:Table",
            {"billingMode": "PROVISIONED", "readCapacity": 10, "writeCapacity": 10},
            5.694,
        ),
        ("aws:cloudwatch/metricAlarm:MetricAlarm", {}, 0.10),
        ("aws:ssm/parameter:Parameter", {"tier": "Advanced"}, 0.05),
        ("aws:route53/healthCheck:HealthCheck", {"type": "HTTP", "fqdn": "lb-1.elb.amazonaws.com"}, 0.50),
        ("aws:apigateway/stage:Stage", {"cacheClusterEnabled": True, "cacheClusterSize": "0.5"}, 14.60),
    ],
)
def test_fixed_prices(type_: str, props: dict, expected: float):
    result = estimate_of(node(type_, "x", props))
    assert result.unpriced == [] and len(result.items) == 1, (result.items, result.unpriced)
    assert result.items[0].monthly_usd == pytest.approx(expected, abs=0.005)


def test_load_balancers_and_their_addresses():
    subnets = [node("aws:ec2/subnet:Subnet", name, {}) for name in ("a", "b", "c")]
    internet = estimate_of(node("aws:lb/loadBalancer:LoadBalancer", "alb", {"subnets": ["a", "b"]}))
    assert [round(i.monthly_usd, 2) for i in internet.items] == [16.43, 7.30]
    internal = estimate_of(
        node("aws:lb/loadBalancer:LoadBalancer", "nlb", {"internal": True, "loadBalancerType": "network"})
    )
    assert [round(i.monthly_usd, 2) for i in internal.items] == [16.43]
    # Subnets unknown at preview: counted through the graph, else the addresses can't be priced.
    linked = node(
        "aws:alb/loadBalancer:LoadBalancer", "alb", {"subnets": UNKNOWN_STRING_VALUE}, {"subnets": subnets}
    )
    assert "3 public IPv4" in estimate_of(linked, *subnets).items[1].basis
    unlinked = estimate_of(
        node("aws:alb/loadBalancer:LoadBalancer", "alb", {"subnets": UNKNOWN_STRING_VALUE})
    )
    assert "its subnets are unknown at preview" in unlinked.unpriced[0].reason
    native = estimate_of(
        node(
            "aws-native:elasticloadbalancingv2:LoadBalancer",
            "alb",
            {"type": "application", "subnets": ["a", "b"]},
        )
    )
    assert [round(i.monthly_usd, 2) for i in native.items] == [16.43, 7.30]


def test_interface_endpoints_are_priced_per_az_and_gateway_endpoints_are_free():
    interface = node(
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        "ecr",
        {
            "vpcEndpointType": "Interface",
            "serviceName": "com.amazonaws.us-east-1.ecr.api",
            "subnetIds": ["a", "b"],
        },
    )
    gateway = node("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", {"vpcEndpointType": "Gateway"})
    result = estimate_of(interface, gateway)
    assert [round(i.monthly_usd, 2) for i in result.items] == [14.60]
    assert [f.urn for f in result.free] == [gateway.urn]


def test_rds_class_storage_and_multi_az():
    props = {
        "instanceClass": "db.t4g.micro",
        "engine": "postgres",
        "allocatedStorage": 20,
        "storageType": "gp3",
    }
    single = estimate_of(node("aws:rds/instance:Instance", "db", props))
    assert single.monthly_usd == pytest.approx(730 * 0.016 + 20 * 0.115, abs=0.01)
    multi = estimate_of(node("aws:rds/instance:Instance", "db", {**props, "multiAz": True}))
    assert multi.monthly_usd == pytest.approx(2 * single.monthly_usd, abs=0.01)
    native = estimate_of(
        node(
            "aws-native:rds:DbInstance",
            "db",
            {
                "dbInstanceClass": "db.t4g.micro",
                "engine": "postgres",
                "allocatedStorage": "20",
                "storageType": "gp3",
            },
        )
    )
    assert native.monthly_usd == pytest.approx(single.monthly_usd, abs=0.01)


def test_dynamodb_on_demand_is_usage_and_gsis_add_provisioned_capacity():
    on_demand = estimate_of(node("aws:dynamodb/table:Table", "t", {"billingMode": "PAY_PER_REQUEST"}))
    assert on_demand.items == [] and on_demand.usage_priced
    with_index = estimate_of(
        node(
            "aws:dynamodb/table:Table",
            "t",
            {
                "readCapacity": 5,
                "writeCapacity": 5,
                "globalSecondaryIndexes": [{"name": "by-status", "readCapacity": 5, "writeCapacity": 5}],
            },
        )
    )
    assert with_index.monthly_usd == pytest.approx(730 * (10 * 0.00013 + 10 * 0.00065), abs=0.01)


def test_lambda_functions_are_usage_and_provisioned_concurrency_is_priced_by_memory():
    function = node("aws:lambda/function:Function", "fn", {"runtime": "python3.12", "memorySize": 1024})
    assert estimate_of(function).usage_priced and estimate_of(function).items == []
    config = node(
        "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
        "warm",
        {"functionName": UNKNOWN_STRING_VALUE, "provisionedConcurrentExecutions": 2, "qualifier": "live"},
        {"functionName": [function]},
    )
    item = estimate_of(function, config).items[0]
    assert item.monthly_usd == pytest.approx(2 * 1 * 730 * 3600 * 0.0000041667, abs=0.05)
    snap = node(
        "aws:lambda/function:Function",
        "fn",
        {"runtime": "python3.12", "snapStart": {"applyOn": "PublishedVersions"}},
    )
    assert estimate_of(snap).unpriced[0].cause == "no-price"


def test_a_rest_api_stage_without_a_cache_is_free_and_cloud_map_health_checks_are_priced():
    assert estimate_of(node("aws:apigateway/stage:Stage", "s", {"stageName": "v1"})).items == []
    custom = node(
        "aws:servicediscovery/service:Service", "svc", {"healthCheckCustomConfig": {"failureThreshold": 1}}
    )
    assert estimate_of(custom).items == [] and estimate_of(custom).usage_priced
    route53 = node("aws:servicediscovery/service:Service", "svc", {"healthCheckConfig": {"type": "HTTP"}})
    assert estimate_of(route53).items[0].monthly_usd == pytest.approx(0.50)


def test_rds_provisioned_iops_and_gp3_above_its_baseline():
    io1 = {
        "instanceClass": "db.t4g.micro",
        "engine": "postgres",
        "allocatedStorage": 100,
        "storageType": "io1",
        "iops": 3000,
    }
    storage = estimate_of(node("aws:rds/instance:Instance", "db", io1)).items[1]
    assert storage.monthly_usd == pytest.approx(100 * 0.125 + 3000 * 0.10, abs=0.01)
    gp3 = {**io1, "storageType": "gp3", "iops": 5000, "storageThroughput": 200}
    storage = estimate_of(node("aws:rds/instance:Instance", "db", gp3)).items[1]
    assert storage.monthly_usd == pytest.approx(100 * 0.115 + 2000 * 0.02 + 75 * 0.08, abs=0.01)
    large = {**gp3, "allocatedStorage": 400}  # from 400 GiB the baseline is 12,000 IOPS and 500 MiB/s
    assert estimate_of(node("aws:rds/instance:Instance", "db", large)).items[1].monthly_usd == pytest.approx(
        46.0
    )


def test_aurora_provisioned_serverless_and_multi_az_db_clusters():
    def cluster(**props: object):
        return node("aws:rds/cluster:Cluster", "c", {"engine": "aurora-postgresql", **props})

    def instance(of, instance_class: str):
        return node(
            "aws:rds/clusterInstance:ClusterInstance",
            "c-1",
            {
                "engine": "aurora-postgresql",
                "instanceClass": instance_class,
                "clusterIdentifier": UNKNOWN_STRING_VALUE,
            },
            {"clusterIdentifier": [of]},
        )

    provisioned = cluster()
    result = estimate_of(provisioned, instance(provisioned, "db.r6g.large"))
    assert result.items[0].monthly_usd == pytest.approx(730 * 0.26, abs=0.01)
    assert [u.type for u in result.usage_priced] == ["aws:rds/cluster:Cluster"]
    optimized = cluster(storageType="aurora-iopt1")
    assert estimate_of(optimized, instance(optimized, "db.r6g.large")).monthly_usd == pytest.approx(
        730 * 0.26 * 1.3, abs=0.01
    )
    half = cluster(serverlessv2ScalingConfiguration={"minCapacity": 0.5, "maxCapacity": 4})
    item = estimate_of(half, instance(half, "db.serverless")).items[0]
    assert item.monthly_usd == pytest.approx(0.5 * 0.12 * 730, abs=0.01) and "minimum 0.5 ACU" in item.basis
    paused = cluster(serverlessv2ScalingConfiguration={"minCapacity": 0, "maxCapacity": 2})
    assert estimate_of(paused, instance(paused, "db.serverless")).monthly_usd == 0
    orphan = estimate_of(
        node(
            "aws:rds/clusterInstance:ClusterInstance",
            "x",
            {"engine": "aurora-mysql", "instanceClass": "db.serverless"},
        )
    )
    assert "cluster is not in the stack" in orphan.unpriced[0].reason
    multi = estimate_of(
        node(
            "aws:rds/cluster:Cluster",
            "m",
            {
                "engine": "postgres",
                "dbClusterInstanceClass": "db.m6gd.large",
                "allocatedStorage": 100,
                "storageType": "io1",
                "iops": 1000,
            },
        )
    )
    compute, storage = multi.items
    assert "3 x db.m6gd.large" in compute.basis
    assert storage.monthly_usd == pytest.approx(3 * (100 * 0.125 + 1000 * 0.10), abs=0.01)


def test_ebs_io2_iops_are_tiered_per_volume():
    volume = estimate_of(node("aws:ebs/volume:Volume", "v", {"type": "io2", "size": 100, "iops": 40000}))
    assert volume.monthly_usd == pytest.approx(100 * 0.125 + 32000 * 0.065 + 8000 * 0.0455, abs=0.01)


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"period": 60, "metricName": "CPU"}, 0.10),
        ({"period": 10, "metricName": "Latency"}, 0.30),
        (
            {
                "metricQueries": [
                    {"id": "a", "metric": {"metricName": "Errors", "period": 60, "stat": "Sum"}},
                    {"id": "b", "metric": {"metricName": "Requests", "period": 60, "stat": "Sum"}},
                    {"id": "rate", "expression": "a / b", "returnData": True},
                ]
            },
            0.20,
        ),
        (
            {
                "thresholdMetricId": "band",
                "metricQueries": [
                    {"id": "m", "metric": {"metricName": "CPU", "period": 300, "stat": "Average"}},
                    {"id": "band", "expression": "ANOMALY_DETECTION_BAND(m, 2)"},
                ],
            },
            0.30,
        ),
    ],
)
def test_alarms_are_priced_by_their_metrics_and_resolution(props: dict, expected: float):
    result = estimate_of(node("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", props))
    assert result.items[0].monthly_usd == pytest.approx(expected)


def test_composite_alarms_and_dashboards_have_monthly_prices():
    assert estimate_of(
        node("aws:cloudwatch/compositeAlarm:CompositeAlarm", "c", {})
    ).monthly_usd == pytest.approx(0.50)
    assert estimate_of(node("aws:cloudwatch/dashboard:Dashboard", "d", {})).monthly_usd == pytest.approx(3.00)
    unknown = estimate_of(
        node("aws:cloudwatch/metricAlarm:MetricAlarm", "a", {"period": UNKNOWN_STRING_VALUE})
    )
    assert unknown.items == [] and unknown.unpriced


@pytest.mark.parametrize(
    ("pitr", "note"), [(True, " + point-in-time recovery per GB-month of table size"), (False, "")]
)
def test_an_on_demand_table_with_point_in_time_recovery_says_so_on_its_usage_line(
    pitr: bool, note: str
) -> None:
    table = node(
        "aws:dynamodb/table:Table",
        "t",
        {"billingMode": "PAY_PER_REQUEST", "pointInTimeRecovery": {"enabled": pitr}},
    )
    result = estimate_of(table)
    assert result.items == []  # no fixed fee either way
    expected = f"DynamoDB on-demand: per request, nothing when idle{note}"
    assert [u.note for u in result.usage_priced] == [expected]
