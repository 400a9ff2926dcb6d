"""OpenSearch: domain nodes and EBS, legacy Elasticsearch domains, Serverless minimums shared by key or
collection group, ingestion pipelines and the managed VPC endpoints. Prices hand-computed from prices.json."""

from __future__ import annotations

import json

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node

DOMAIN = "aws:opensearch/domain:Domain"
COLLECTION = "aws:opensearch/serverlessCollection:ServerlessCollection"
POLICY = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy"
GROUP = "aws:opensearch/serverlessCollectionGroup:ServerlessCollectionGroup"
R6G, M6G, M5, ULTRAWARM = 0.167, 0.128, 0.142, 0.238  # opensearch.<type>.search, us-east-1
GP3, GP2, IO1, IO1_IOPS = 0.122, 0.135, 0.169, 0.088
FLOOR = 2 * 0.24 * 730  # 2 OCUs with standby replicas


def test_a_domain_is_its_data_master_warm_and_coordinator_nodes_plus_ebs_per_data_node():
    domain = node(
        DOMAIN,
        "logs",
        {
            "clusterConfig": {
                "instanceType": "r6g.large.search",
                "instanceCount": 2,
                "dedicatedMasterEnabled": True,
                "dedicatedMasterType": "m6g.large.search",
                "warmEnabled": True,
                "warmType": "ultrawarm1.medium.search",
                "warmCount": 2,
                "nodeOptions": [
                    {
                        "nodeType": "coordinator",
                        "nodeConfig": {"enabled": True, "type": "m6g.large.search", "count": 1},
                    },
                    {"nodeType": "coordinator", "nodeConfig": {"enabled": False, "type": "m6g.large.search"}},
                ],
            },
            "ebsOptions": {
                "ebsEnabled": True,
                "volumeType": "gp3",
                "volumeSize": 100,
                "iops": 4000,
                "throughput": 250,
            },
        },
    )
    result = estimate_of(domain)
    assert result.unpriced == []
    nodes, storage = result.items
    # 3 dedicated masters by default.
    assert nodes.monthly_usd == pytest.approx(730 * (2 * R6G + 3 * M6G + 2 * ULTRAWARM + M6G), abs=0.01)
    assert "3 dedicated master m6g.large.search" in nodes.basis and "1 coordinator" in nodes.basis
    assert storage.monthly_usd == pytest.approx(2 * (100 * GP3 + 1000 * 0.008 + 125 * 0.064), abs=0.01)


def test_ebs_types_and_a_domain_without_ebs():
    def storage(**ebs: object) -> float:
        props = {"clusterConfig": {"instanceType": "m5.large.search", "instanceCount": 3}, "ebsOptions": ebs}
        return estimate_of(node(DOMAIN, "d", props)).items[-1].monthly_usd

    assert storage(ebsEnabled=True, volumeSize=50, volumeType="io1", iops=1000) == pytest.approx(
        3 * (50 * IO1 + 1000 * IO1_IOPS), abs=0.01
    )
    assert storage(ebsEnabled=True, volumeSize=50) == pytest.approx(3 * 50 * GP2, abs=0.01)
    no_ebs = estimate_of(
        node(
            DOMAIN,
            "d",
            {"clusterConfig": {"instanceType": "i3.large.search"}, "ebsOptions": {"ebsEnabled": False}},
        )
    )
    assert len(no_ebs.items) == 1 and no_ebs.items[0].basis.startswith("1 data i3.large.search")


def test_a_legacy_elasticsearch_domain_and_the_aws_native_spelling():
    legacy = estimate_of(
        node(
            "aws:elasticsearch/domain:Domain",
            "es",
            {
                "clusterConfig": {"instanceType": "m5.large.elasticsearch", "instanceCount": 2},
                "ebsOptions": {"ebsEnabled": True, "volumeSize": 10, "volumeType": "gp2"},
            },
        )
    )
    assert legacy.monthly_usd == pytest.approx(2 * M5 * 730 + 2 * 10 * GP2, abs=0.01)
    native = estimate_of(
        node(
            "aws-native:opensearchservice:Domain",
            "search",
            {
                "clusterConfig": {"instanceType": "r6g.large.search", "instanceCount": 2},
                "ebsOptions": {"ebsEnabled": True, "volumeType": "gp3", "volumeSize": 50},
            },
        )
    )
    assert native.monthly_usd == pytest.approx(2 * R6G * 730 + 2 * 50 * GP3, abs=0.01)


def test_domain_unknowns_and_missing_prices_fail_closed():
    cases = [
        ({"clusterConfig": UNKNOWN_STRING_VALUE}, "unknown"),
        (
            {"clusterConfig": {"instanceType": "r6g.large.search", "instanceCount": UNKNOWN_NUMBER_VALUE}},
            "unknown",
        ),
        (
            {
                "clusterConfig": {
                    "instanceType": "r6g.large.search",
                    "warmEnabled": True,
                    "warmType": "ultrawarm1.large.search",
                    "warmCount": 2,
                }
            },
            "no-price",
        ),
        (
            {
                "clusterConfig": {"instanceType": "r6g.large.search"},
                "ebsOptions": {"ebsEnabled": True, "volumeSize": UNKNOWN_NUMBER_VALUE},
            },
            "unknown",
        ),
        ({"clusterConfig": {}}, "unknown"),
    ]
    for props, kind in cases:
        result = estimate_of(node(DOMAIN, "d", props))
        assert result.items == [] and [u.cause for u in result.unpriced] == [kind], props


def encryption_policy(name: str, resources: list[str], **key: object) -> object:
    document = {"Rules": [{"ResourceType": "collection", "Resource": resources}], **key}
    return node(POLICY, name, {"name": name, "type": "encryption", "policy": json.dumps(document)})


def test_collections_sharing_a_key_share_one_minimum():
    policy = encryption_policy("aws-owned", ["collection/logs-*", "collection/docs"], AWSOwnedKey=True)
    first = node(COLLECTION, "docs", {"name": "docs", "type": "SEARCH"})
    second = node(COLLECTION, "logs-app", {"name": "logs-app"})
    result = estimate_of(policy, first, second)
    assert [(i.urn, round(i.monthly_usd, 2)) for i in result.items] == [(first.urn, round(FLOOR, 2))]
    assert [u.urn for u in result.usage_priced] == [second.urn]
    assert "collection docs" in result.usage_priced[0].note


def test_own_keys_vector_collections_and_no_standby_get_their_own_minimum():
    shared = encryption_policy("aws-owned", ["collection/*"], AWSOwnedKey=True)
    cmk = encryption_policy("cmk", ["collection/secret"], KmsARN="arn:aws:kms:us-east-1:123456789012:key/k")
    collections = [
        node(COLLECTION, "a", {"name": "a"}),
        node(COLLECTION, "vectors", {"name": "vectors", "type": "VECTORSEARCH"}),
        node(COLLECTION, "secret", {"name": "secret"}),
        node(COLLECTION, "cheap", {"name": "cheap", "standbyReplicas": "DISABLED"}),
    ]
    # "secret" matches both policies: which key it gets can't be told, so it carries its own minimum.
    result = estimate_of(cmk, shared, *collections)
    assert sorted(round(i.monthly_usd, 2) for i in result.items) == sorted(
        [round(FLOOR, 2), round(FLOOR, 2), round(FLOOR, 2), round(FLOOR / 2, 2)]
    )


def test_a_collection_whose_key_the_stack_does_not_show_carries_its_own_minimum():
    unknown = estimate_of(
        node(COLLECTION, "a", {"name": "a"}), node(COLLECTION, "b", {"name": UNKNOWN_STRING_VALUE})
    )
    assert len(unknown.items) == 2 and all("priced with its own minimum" in i.basis for i in unknown.items)


def test_collection_groups_carry_the_minimum_for_their_collections():
    group = node(
        GROUP,
        "grp",
        {"name": "grp", "standbyReplicas": "ENABLED", "capacityLimits": [{"minIndexingCapacityInOcu": 2}]},
    )
    members = [
        node(COLLECTION, "a", {"name": "a", "collectionGroupName": "grp"}),
        node(
            COLLECTION,
            "b",
            {"name": "b", "collectionGroupName": UNKNOWN_STRING_VALUE},
            {"collectionGroupName": [group]},
        ),
    ]
    result = estimate_of(group, *members)
    assert [(i.urn, round(i.monthly_usd, 2)) for i in result.items] == [(group.urn, round(3 * 0.24 * 730, 2))]
    assert len(result.usage_priced) == 2
    native = estimate_of(
        node(
            "aws-native:opensearchserverless:CollectionGroup",
            "g",
            {"name": "g", "standbyReplicas": "DISABLED"},
        )
    )
    assert native.items[0].monthly_usd == pytest.approx(0.24 * 730)


def test_ingestion_pipelines_and_vpc_endpoints():
    pipeline = estimate_of(
        node("aws:opensearchingest/pipeline:Pipeline", "p", {"minUnits": 2, "maxUnits": 4})
    )
    assert pipeline.items[0].monthly_usd == pytest.approx(2 * 0.24 * 730)
    native = estimate_of(node("aws-native:osis:Pipeline", "p", {"minUnits": 1, "maxUnits": 4}))
    assert native.items[0].monthly_usd == pytest.approx(0.24 * 730)
    assert estimate_of(
        node("aws:opensearchingest/pipeline:Pipeline", "p", {"minUnits": UNKNOWN_NUMBER_VALUE})
    ).unpriced
    endpoint = estimate_of(
        node("aws:opensearch/vpcEndpoint:VpcEndpoint", "e", {"vpcOptions": {"subnetIds": ["a", "b", "c"]}})
    )
    assert endpoint.items[0].monthly_usd == pytest.approx(3 * 0.01 * 730)
    subnets = [node("aws:ec2/subnet:Subnet", n, {}) for n in "ab"]
    linked = estimate_of(
        node(
            "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint",
            "e",
            {"subnetIds": UNKNOWN_STRING_VALUE},
            {"subnetIds": subnets},
        ),
        *subnets,
    )
    assert linked.items[0].monthly_usd == pytest.approx(2 * 0.01 * 730)
    unlinked = estimate_of(
        node("aws:opensearch/vpcEndpoint:VpcEndpoint", "e", {"vpcOptions": UNKNOWN_STRING_VALUE})
    )
    assert "subnets are unknown" in unlinked.unpriced[0].reason
