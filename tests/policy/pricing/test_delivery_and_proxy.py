"""CodePipeline (V1 monthly, V2 usage), RDS Proxy (by its targets' vCPUs or Serverless v2 ACUs, with
their minimums) and Synthetics canaries (by runs on their schedule)."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from frugal.policy.graph import Node
from tests.policy.helpers import estimate_of, node

PIPELINE = "aws:codepipeline/pipeline:Pipeline"
PROXY = "aws:rds/proxy:Proxy"
TARGET = "aws:rds/proxyTarget:ProxyTarget"
CLUSTER = "aws:rds/cluster:Cluster"
CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
DB = "aws:rds/instance:Instance"


@pytest.mark.parametrize(
    ("type_", "props", "monthly", "upper"),
    [
        (PIPELINE, {"stages": [{"name": "Source"}, {"name": "Deploy"}]}, 1.0, False),  # V1 by default
        (PIPELINE, {"pipelineType": "V1"}, 1.0, False),
        (PIPELINE, {"pipelineType": UNKNOWN_STRING_VALUE}, 1.0, True),
        ("aws-native:codepipeline:Pipeline", {"stages": []}, 1.0, False),
    ],
)
def test_a_v1_pipeline_is_a_dollar_a_month(type_: str, props: dict, monthly: float, upper: bool):
    result = estimate_of(node(type_, "release", props))
    assert result.unpriced == [] and len(result.items) == 1
    assert result.items[0].monthly_usd == pytest.approx(monthly) and result.items[0].upper_bound is upper
    assert "V1 pipeline" in result.items[0].basis


def test_a_v2_pipeline_is_billed_by_action_minutes():
    result = estimate_of(node(PIPELINE, "release", {"pipelineType": "V2"}))
    assert result.items == [] and result.unpriced == []
    assert "action-execution minute" in result.usage_priced[0].note


def _proxy_to(*targets: Node, name: str = "app") -> tuple[Node, list[Node]]:
    proxy = node(PROXY, name, {"name": name, "engineFamily": "POSTGRESQL"})
    links = []
    for index, target in enumerate(targets):
        prop = "dbClusterIdentifier" if target.type == CLUSTER else "dbInstanceIdentifier"
        links.append(
            node(
                TARGET,
                f"{name}-{index}",
                {
                    "dbProxyName": UNKNOWN_STRING_VALUE,
                    prop: UNKNOWN_STRING_VALUE,
                    "targetGroupName": "default",
                },
                {"dbProxyName": [proxy], prop: [target]},
            )
        )
    return proxy, links


def _proxy_lines(*nodes: Node):
    result = estimate_of(*nodes)
    assert result.unpriced == [], result.unpriced
    return [i for i in result.items if i.type == PROXY]


def test_a_proxy_on_aurora_serverless_v2_bills_its_8_acu_minimum():
    cluster = node(
        CLUSTER,
        "db",
        {
            "clusterIdentifier": "db",
            "engine": "aurora-postgresql",
            "serverlessv2ScalingConfiguration": {"minCapacity": 0.5, "maxCapacity": 4},
        },
    )
    writer = node(
        CLUSTER_INSTANCE,
        "db-1",
        {
            "clusterIdentifier": UNKNOWN_STRING_VALUE,
            "instanceClass": "db.serverless",
            "engine": "aurora-postgresql",
        },
        {"clusterIdentifier": [cluster]},
    )
    proxy, links = _proxy_to(cluster)
    [line] = _proxy_lines(proxy, *links, cluster, writer)
    # 8 ACU x $0.015 x 730 h: more than the database's own 0.5 ACU floor ($43.80).
    assert line.monthly_usd == pytest.approx(87.60) and "8 ACU" in line.basis


def test_a_proxy_on_provisioned_instances_bills_their_vcpus_with_a_2_vcpu_minimum():
    big = node(
        DB,
        "big",
        {
            "identifier": "big",
            "engine": "postgres",
            "instanceClass": "db.r6g.2xlarge",
            "allocatedStorage": 100,
        },
    )
    proxy, links = _proxy_to(big)
    [line] = _proxy_lines(proxy, *links, big)
    assert line.monthly_usd == pytest.approx(8 * 0.015 * 730) and "8 vCPU" in line.basis
    small = node(
        DB,
        "small",
        {
            "identifier": "small",
            "engine": "postgres",
            "instanceClass": "db.t4g.micro",
            "allocatedStorage": 20,
        },
    )
    proxy, links = _proxy_to(small, name="dev")
    [line] = _proxy_lines(proxy, *links, small)
    assert line.monthly_usd == pytest.approx(2 * 0.015 * 730) and "2 vCPU" in line.basis


def test_a_proxy_on_a_provisioned_aurora_cluster_bills_every_instance():
    cluster = node(CLUSTER, "db", {"clusterIdentifier": "db", "engine": "aurora-mysql"})
    members = [
        node(
            CLUSTER_INSTANCE,
            f"db-{i}",
            {"clusterIdentifier": "db", "instanceClass": "db.r6g.large", "engine": "aurora-mysql"},
        )
        for i in range(2)
    ]
    proxy, links = _proxy_to(cluster)
    [line] = _proxy_lines(proxy, *links, cluster, *members)
    assert line.monthly_usd == pytest.approx(4 * 0.015 * 730)


def test_a_proxy_whose_target_is_not_in_the_stack_fails_closed():
    proxy = node(PROXY, "app", {"name": "app"})
    result = estimate_of(proxy)
    assert [u.type for u in result.unpriced] == [PROXY] and "ProxyTarget" in result.unpriced[0].reason


CANARY = "aws:synthetics/canary:Canary"


@pytest.mark.parametrize(
    ("schedule", "runs"),
    [
        ("rate(5 minutes)", 8760),  # 730 h x 12 an hour
        ("rate(1 hour)", 730),
        ("rate(0 minute)", 0),  # runs once, when started
        ("cron(0 8 ? * MON-FRI *)", 5 * 730 / 168),  # once a weekday
    ],
)
def test_a_started_canary_bills_the_runs_its_schedule_makes(schedule: str, runs: float):
    canary = node(CANARY, "api", {"startCanary": True, "schedule": {"expression": schedule}})
    result = estimate_of(canary)
    assert result.unpriced == [] and len(result.items) == 1
    assert result.items[0].monthly_usd == pytest.approx(runs * 0.0012, abs=0.001)


def test_a_canary_not_started_is_free_and_an_unknown_schedule_fails_closed():
    stopped = estimate_of(node(CANARY, "api", {"schedule": {"expression": "rate(1 minute)"}}))
    assert stopped.items == [] and "not started" in stopped.free[0].note
    unknown = estimate_of(
        node(CANARY, "api", {"startCanary": True, "schedule": {"expression": UNKNOWN_STRING_VALUE}})
    )
    assert [u.type for u in unknown.unpriced] == [CANARY]


def test_an_aws_native_canary_started_after_creation_is_priced_like_its_twin():
    props = {"startCanaryAfterCreation": True, "schedule": {"expression": "rate(10 minutes)"}}
    result = estimate_of(node("aws-native:synthetics:Canary", "api", props))
    assert result.items[0].monthly_usd == pytest.approx(4380 * 0.0012)


@pytest.mark.parametrize(
    ("type_", "props", "monthly"),
    [
        ("aws:route53recoverycontrol/cluster:Cluster", {"name": "arc"}, 2.5 * 730),
        ("aws-native:route53recoverycontrol:Cluster", {"name": "arc"}, 2.5 * 730),
        (
            "aws:fms/policy:Policy",
            {"name": "waf", "resourceType": "AWS::ElasticLoadBalancingV2::LoadBalancer"},
            100.0,
        ),
        ("aws:workmail/user:User", {"name": "ops", "organizationId": "m-1"}, 4.0),
    ],
)
def test_fixed_monthly_and_hourly_types(type_: str, props: dict, monthly: float):
    result = estimate_of(node(type_, "it", props))
    assert result.unpriced == [] and [round(i.monthly_usd, 2) for i in result.items] == [monthly]


def test_an_external_access_analyzer_is_free_and_an_unused_access_one_fails_closed():
    for props in ({}, {"type": "ORGANIZATION"}):
        result = estimate_of(node("aws:accessanalyzer/analyzer:Analyzer", "aa", props))
        assert result.items == [] and result.unpriced == [] and "no charge" in result.free[0].note
    native = estimate_of(node("aws-native:accessanalyzer:Analyzer", "aa", {"type": "ACCOUNT"}))
    assert native.unpriced == [] and native.free
    unused = estimate_of(
        node("aws:accessanalyzer/analyzer:Analyzer", "aa", {"type": "ACCOUNT_UNUSED_ACCESS"})
    )
    assert "per IAM role and user" in unused.unpriced[0].reason
