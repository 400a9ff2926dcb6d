"""Issue 21: the silent underestimates an independent reference found, and the gaps it found priced.
Each case is priced by hand from AWS's own rules and rates (the source is named beside it)."""

from __future__ import annotations

from datetime import date

import pytest

from frugal.policy.pricing import rds
from tests.policy.helpers import estimate_of, node

RDS = "aws:rds/instance:Instance"
H = 730  # hours a month


@pytest.fixture(autouse=True)
def _on_issue_day(monkeypatch):
    # Which Extended Support year a version is in depends on the day: pin it.
    monkeypatch.setattr(rds, "today", lambda: date(2026, 12, 8))


def _total(*nodes) -> float:
    result = estimate_of(*nodes)
    assert result.unpriced == [], result.unpriced
    return round(sum(i.monthly_usd for i in result.items), 2)


# 1. RDS Extended Support ------------------------------------------------------------------------------


def test_postgres_11_bills_extended_support_year_3_on_top_of_the_instance():
    # AWS RDS feed (2024-09-28): db.t3.large PostgreSQL $0.145/h; 'PostgreSQL Year 3 11' $0.20 per
    # vCPU-hour. PG 11 left standard support on 2024-02-29: year 3 since 2026-03-01. db.t3.large: 2 vCPU.
    db = node(
        RDS,
        "db",
        {
            "engine": "postgres",
            "engineVersion": "11.22",
            "instanceClass": "db.t3.large",
            "allocatedStorage": 20,
            "storageType": "gp2",
        },
    )
    assert _total(db) == round(0.145 * H + 20 * 0.115 + 2 * 0.20 * H, 2)  # $400.15


def test_extended_support_is_avoided_by_opting_out_and_absent_on_current_versions():
    base = {
        "engine": "postgres",
        "instanceClass": "db.t3.large",
        "allocatedStorage": 20,
        "storageType": "gp2",
    }
    opted_out = node(
        RDS,
        "a",
        {
            **base,
            "engineVersion": "11.22",
            "engineLifecycleSupport": "open-source-rds-extended-support-disabled",
        },
    )
    current = node(RDS, "b", {**base, "engineVersion": "16.4"})
    assert _total(opted_out) == _total(current) == round(0.145 * H + 20 * 0.115, 2)


def test_mysql_8_0_multi_az_bills_extended_support_year_1_for_primary_and_standby():
    # MySQL 8.0 left standard support on 2026-07-31 (year 1 now): $0.10 per vCPU-hour (AWS RDS feed,
    # 'MySQL Year 1 Year 2'); a Multi-AZ standby is charged too (RDS User Guide, Extended Support charges).
    db = node(
        RDS,
        "db",
        {
            "engine": "mysql",
            "engineVersion": "8.0.39",
            "instanceClass": "db.t4g.small",
            "multiAz": True,
            "allocatedStorage": 20,
            "storageType": "gp2",
        },
    )
    items = estimate_of(db).items
    support = [i for i in items if "Extended Support" in i.basis]
    assert len(support) == 1 and support[0].monthly_usd == pytest.approx(2 * 2 * 0.10 * H)


def test_aurora_mysql_2_bills_extended_support_at_the_year_1_rate_and_aurora_postgres_11_at_year_3():
    cluster = node(
        "aws:rds/cluster:Cluster",
        "c",
        {"engine": "aurora-mysql", "clusterIdentifier": "c", "engineVersion": "5.7.mysql_aurora.2.11.2"},
    )
    writer = node(
        "aws:rds/clusterInstance:ClusterInstance",
        "w",
        {"engine": "aurora-mysql", "instanceClass": "db.r5.large", "clusterIdentifier": "c"},
        {"clusterIdentifier": [cluster]},
    )
    support = [i for i in estimate_of(cluster, writer).items if "Extended Support" in i.basis]
    # Aurora MySQL has no year-3 rate (aws-samples/rds-extended-support-cost-estimator): 2 vCPU x $0.10.
    assert [i.monthly_usd for i in support] == [pytest.approx(2 * 0.10 * H)]
    pg = node(
        "aws:rds/clusterInstance:ClusterInstance",
        "p",
        {"engine": "aurora-postgresql", "engineVersion": "11.9", "instanceClass": "db.r5.xlarge"},
    )
    support = [i for i in estimate_of(pg).items if "Extended Support" in i.basis]
    assert [i.monthly_usd for i in support] == [pytest.approx(4 * 0.20 * H)]


# 2. DynamoDB global table replicas --------------------------------------------------------------------


def test_a_global_tables_provisioned_capacity_bills_in_every_replica_region():
    # DynamoDB developer guide (global tables billing): every replica provisions the table's capacity;
    # rWCUs cost what WCUs cost. RCU $0.00013/h, WCU $0.00065/h (us-east-1; us-west-2 the same).
    table = node(
        "aws:dynamodb/table:Table",
        "t",
        {
            "billingMode": "PROVISIONED",
            "readCapacity": 10,
            "writeCapacity": 10,
            "replicas": [{"regionName": "us-west-2"}],
        },
    )
    assert _total(table) == round(2 * H * (10 * 0.00013 + 10 * 0.00065), 2)


# 3. High-resolution anomaly detection alarms ----------------------------------------------------------


def test_a_high_resolution_anomaly_detection_alarm_is_three_high_resolution_metrics():
    # CloudWatch pricing: an anomaly detection alarm bills 3 alarm metrics; high resolution $0.30 each.
    alarm = node(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "a",
        {
            "metricQueries": [
                {
                    "id": "m1",
                    "metric": {
                        "metricName": "CPUUtilization",
                        "namespace": "AWS/EC2",
                        "period": 10,
                        "stat": "Average",
                    },
                },
                {"id": "ad1", "expression": "ANOMALY_DETECTION_BAND(m1, 2)"},
            ]
        },
    )
    assert _total(alarm) == 0.90


# 4. EC2 detailed monitoring -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "props"),
    [
        (
            "aws:ec2/instance:Instance",
            {"instanceType": "t3.micro", "monitoring": True, "associatePublicIpAddress": False},
        ),
        ("aws-native:ec2:Instance", {"instanceType": "t3.micro", "monitoring": True}),
    ],
)
def test_detailed_monitoring_bills_seven_custom_metrics_per_instance(type_: str, props: dict):
    monitoring = [i for i in estimate_of(node(type_, "i", props)).items if "detailed monitoring" in i.basis]
    assert [i.monthly_usd for i in monitoring] == [pytest.approx(7 * 0.30)]


def test_a_launch_template_with_monitoring_bills_it_per_instance_of_the_group():
    template = node(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "lt",
        {"instanceType": "t3.micro", "monitoring": {"enabled": True}},
    )
    group = node(
        "aws:autoscaling/group:Group",
        "g",
        {"minSize": 2, "maxSize": 2, "desiredCapacity": 2, "launchTemplate": {"id": "x"}},
        {"launchTemplate": [template]},
    )
    monitoring = [i for i in estimate_of(template, group).items if "detailed monitoring" in i.basis]
    assert [i.monthly_usd for i in monitoring] == [pytest.approx(2 * 7 * 0.30)]


# 5. An untyped EBS volume is gp2 ------------------------------------------------------------------------


def test_an_ebs_volume_without_a_type_is_gp2():
    # EC2 API CreateVolume: VolumeType default gp2; gp2 $0.10/GB-month (AWS EBS feed).
    assert _total(node("aws:ebs/volume:Volume", "v", {"size": 100})) == 10.00


# 6. The EBS-optimized fee of older instance types --------------------------------------------------------


def test_an_ebs_optimized_r3_xlarge_bills_the_hourly_fee():
    instance = node(
        "aws:ec2/instance:Instance",
        "i",
        {"instanceType": "r3.xlarge", "ebsOptimized": True, "associatePublicIpAddress": False},
    )
    fee = [i for i in estimate_of(instance).items if "EBS-optimized" in i.basis]
    assert [i.monthly_usd for i in fee] == [pytest.approx(0.02 * H)]  # $14.60


def test_an_ebs_optimized_previous_generation_type_without_a_fee_in_the_table_fails_closed():
    instance = node(
        "aws:ec2/instance:Instance",
        "i",
        {"instanceType": "c3.xlarge", "ebsOptimized": True, "associatePublicIpAddress": False},
    )
    assert "ec2.ebs_optimized.c3.xlarge" in estimate_of(instance).unpriced[0].reason


# 7. Performance Insights paid retention ------------------------------------------------------------------


def test_performance_insights_24_month_retention_bills_per_vcpu():
    # AWS RDS feed: 'ProvisionedFMR vCPU-Months' $1.50 (first month), 'ProvisionedAMR' $0.0631 each
    # further month. db.r4.8xlarge: 32 vCPU; 731 days = 24 months.
    db = node(
        RDS,
        "db",
        {
            "engine": "postgres",
            "instanceClass": "db.r4.8xlarge",
            "allocatedStorage": 100,
            "performanceInsightsEnabled": True,
            "performanceInsightsRetentionPeriod": 731,
        },
    )
    pi = [i for i in estimate_of(db).items if "Performance Insights" in i.basis]
    assert [i.monthly_usd for i in pi] == [pytest.approx(32 * (1.50 + 23 * 0.0631), abs=0.01)]


def test_database_insights_advanced_mode_has_no_price_and_fails_closed():
    db = node(
        RDS,
        "db",
        {
            "engine": "postgres",
            "instanceClass": "db.r6g.large",
            "allocatedStorage": 20,
            "databaseInsightsMode": "advanced",
            "performanceInsightsEnabled": True,
            "performanceInsightsRetentionPeriod": 465,
        },
    )
    assert any("Advanced mode" in u.reason for u in estimate_of(db).unpriced)


# 8. Multi-AZ is AWS's own line, not 2 x Single-AZ ----------------------------------------------------------


def test_multi_az_uses_awss_multi_az_line():
    # AWS RDS MySQL feed: db.t4g.small Single-AZ $0.032, Multi-AZ $0.065 (not 0.064).
    db = node(
        RDS,
        "db",
        {
            "engine": "mysql",
            "instanceClass": "db.t4g.small",
            "multiAz": True,
            "allocatedStorage": 20,
            "storageType": "gp2",
        },
    )
    assert _total(db) == round(0.065 * H + 20 * 0.23, 2)  # $52.05


# Gaps ------------------------------------------------------------------------------------------------------


def test_a_dedicated_host_bills_its_family_host_hour():
    host = node("aws:ec2/dedicatedHost:DedicatedHost", "h", {"instanceFamily": "c5", "availabilityZone": "a"})
    assert _total(host) == round(3.366 * H, 2)


def test_a_lightsail_2_0_bundle_is_priced_at_most_as_the_current_plan_of_its_size():
    result = estimate_of(node("aws:lightsail/instance:Instance", "i", {"bundleId": "micro_2_0"}))
    assert [i.monthly_usd for i in result.items] == [7.0] and result.items[0].upper_bound


def test_opensearch_magnetic_storage_is_priced():
    domain = node(
        "aws:opensearch/domain:Domain",
        "d",
        {
            "clusterConfig": {"instanceType": "t3.small.search", "instanceCount": 1},
            "ebsOptions": {"ebsEnabled": True, "volumeSize": 10, "volumeType": "standard"},
        },
    )
    result = estimate_of(domain)
    assert result.unpriced == [] and result.items[1].monthly_usd == pytest.approx(10 * 0.067)


@pytest.mark.parametrize(
    ("type_", "props"),
    [
        ("aws:mwaa/environment:Environment", {"environmentClass": "mw1.medIUM"}),
        ("aws:ec2/instance:Instance", {"instanceType": "T3.Micro", "associatePublicIpAddress": False}),
        (RDS, {"engine": "postgres", "instanceClass": "db.T3.Large", "allocatedStorage": 20}),
    ],
)
def test_instance_classes_in_mixed_case_are_priced_like_lowercase(type_: str, props: dict):
    lower = {
        k: (v.lower() if k in ("environmentClass", "instanceType", "instanceClass") else v)
        for k, v in props.items()
    }
    assert _total(node(type_, "x", props)) == _total(node(type_, "x", lower)) > 0


def test_fsx_openzfs_user_provisioned_iops_bill_beyond_the_included_three_per_gb():
    system = node(
        "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
        "z",
        {
            "deploymentType": "SINGLE_AZ_1",
            "storageCapacity": 300,
            "throughputCapacity": 1024,
            "diskIopsConfiguration": {"mode": "USER_PROVISIONED", "iops": 1000},
        },
    )
    # 300 GB x $0.09 + 1,024 MB/s x $0.26 + (1,000 - 900 included) IOPS x $0.006
    assert _total(system) == round(300 * 0.09 + 1024 * 0.26 + 100 * 0.006, 2)


def test_dms_storage_above_the_included_50_gb_is_priced():
    instance = node(
        "aws:dms/replicationInstance:ReplicationInstance",
        "d",
        {"replicationInstanceClass": "dms.t2.micro", "multiAz": True, "allocatedStorage": 70},
    )
    # Multi-AZ: 2 x $0.018/h; 20 GB beyond the 50 included x 2 copies x $0.115
    assert _total(instance) == round(2 * 0.018 * H + 20 * 2 * 0.115, 2)


@pytest.mark.parametrize(
    ("type_", "props"),
    [
        ("aws:neptune/clusterInstance:ClusterInstance", {"instanceClass": "db.r5.large"}),
        ("aws-native:neptune:DbInstance", {"dbInstanceClass": "db.r5.large"}),
    ],
)
def test_neptune_instances_are_priced(type_: str, props: dict):
    assert _total(node(type_, "n", props)) == round(0.348 * H, 2)


def test_neptune_serverless_fails_closed():
    result = estimate_of(
        node("aws:neptune/clusterInstance:ClusterInstance", "n", {"instanceClass": "db.serverless"})
    )
    assert result.items == [] and result.unpriced[0].cause == "no-price"


def test_license_included_sql_server_is_priced_and_bring_your_own_license_fails_closed():
    express = node(
        RDS,
        "ex",
        {
            "engine": "sqlserver-ex",
            "instanceClass": "db.t3.large",
            "allocatedStorage": 20,
            "storageType": "gp2",
        },
    )
    # SQL Server Express db.t3.large, license included: 730 h = $118.26; gp2 $0.115/GB-month
    assert _total(express) == round(118.26 + 20 * 0.115, 2)
    own = node(
        RDS,
        "se",
        {
            "engine": "sqlserver-se",
            "instanceClass": "db.m5.xlarge",
            "allocatedStorage": 20,
            "licenseModel": "bring-your-own-license",
        },
    )
    assert estimate_of(own).unpriced[0].cause == "no-price"


def test_a_separately_declared_index_of_a_global_table_bills_in_every_replica_region():
    table = node(
        "aws:dynamodb/table:Table",
        "t",
        {
            "name": "orders",
            "billingMode": "PROVISIONED",
            "readCapacity": 1,
            "writeCapacity": 1,
            "replicas": [{"regionName": "us-west-2"}],
        },
    )
    index = node(
        "aws:dynamodb/globalSecondaryIndex:GlobalSecondaryIndex",
        "i",
        {
            "tableName": "orders",
            "indexName": "by-day",
            "provisionedThroughput": {"readCapacityUnits": 10, "writeCapacityUnits": 10},
        },
    )
    lines = [i.monthly_usd for i in estimate_of(table, index).items if i.urn == index.urn]
    assert lines == [pytest.approx(H * (10 * 0.00013 + 10 * 0.00065), abs=0.005)] * 2


def test_multi_az_elsewhere_is_twice_that_regions_single_az_price():
    # The Multi-AZ lines are us-east-1's; eu-west-1 prices Multi-AZ as 2 x its own Single-AZ line.
    props = {"engine": "postgres", "instanceClass": "db.t3.large", "multiAz": True, "allocatedStorage": 20}
    single = estimate_of(node(RDS, "s", {**props, "multiAz": False}, region="eu-west-1")).items[0]
    multi = estimate_of(node(RDS, "m", props, region="eu-west-1")).items[0]
    assert multi.monthly_usd == pytest.approx(2 * single.monthly_usd) and "us-east-1 rates" not in multi.basis


def test_paid_performance_insights_retention_on_serverless_v2_fails_closed():
    cluster = node(
        "aws:rds/cluster:Cluster",
        "c",
        {
            "engine": "aurora-postgresql",
            "clusterIdentifier": "c",
            "serverlessv2ScalingConfiguration": {"minCapacity": 0.5},
        },
    )
    instance = node(
        "aws:rds/clusterInstance:ClusterInstance",
        "i",
        {
            "engine": "aurora-postgresql",
            "instanceClass": "db.serverless",
            "clusterIdentifier": "c",
            "performanceInsightsEnabled": True,
            "performanceInsightsRetentionPeriod": 93,
        },
        {"clusterIdentifier": [cluster]},
    )
    assert any("Performance Insights" in u.reason for u in estimate_of(cluster, instance).unpriced)


def test_a_replicated_secret_bills_each_replica_as_a_secret():
    # The guard's finding: Secrets Manager bills a replica as a distinct secret, $0.40 a month.
    secret = node("aws:secretsmanager/secret:Secret", "s", {"replicas": [{"region": "us-west-2"}]})
    assert _total(secret) == 0.80
