"""ElastiCache: nodes x node type by engine, replication groups' node counts, serverless minimums,
replicas linked to their group, reserved nodes failing closed. Prices hand-computed from prices.json."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node

CLUSTER = "aws:elasticache/cluster:Cluster"
GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
SERVERLESS = "aws:elasticache/serverlessCache:ServerlessCache"
T4G_MEDIUM, R7G_LARGE = 0.065, 0.219  # elasticache.cache.* us-east-1


def only_item(*nodes):
    result = estimate_of(*nodes)
    assert result.unpriced == [] and len(result.items) == 1, (result.items, result.unpriced)
    return result.items[0]


@pytest.mark.parametrize(
    ("engine", "factor"), [("redis", 1.0), ("memcached", 1.0), ("valkey", 0.8), ("VALKEY", 0.8)]
)
def test_a_cluster_is_its_nodes_at_the_engines_price(engine: str, factor: float):
    item = only_item(
        node(CLUSTER, "c", {"engine": engine, "nodeType": "cache.t4g.medium", "numCacheNodes": 3})
    )
    assert item.monthly_usd == pytest.approx(3 * T4G_MEDIUM * factor * 730, abs=0.01)
    assert item.basis.startswith("3 x cache.t4g.medium")


def test_replication_group_counts_clusters_shards_replicas_and_node_group_configurations():
    def monthly(**props: object) -> float:
        return only_item(node(GROUP, "g", {"nodeType": "cache.r7g.large", **props})).monthly_usd

    per_node = R7G_LARGE * 730
    assert monthly(numCacheClusters=2) == pytest.approx(2 * per_node, abs=0.01)
    assert monthly(numNodeGroups=3, replicasPerNodeGroup=2) == pytest.approx(9 * per_node, abs=0.01)
    assert monthly(numNodeGroups=2) == pytest.approx(2 * per_node, abs=0.01)
    shards = [{"replicaCount": 1}, {"replicaCount": 2}, {}]
    assert monthly(nodeGroupConfigurations=shards, replicasPerNodeGroup=1) == pytest.approx(
        (2 + 3 + 2) * per_node, abs=0.01
    )
    assert monthly() == pytest.approx(per_node, abs=0.01)
    assert monthly(engine="valkey", numCacheClusters=2) == pytest.approx(2 * per_node * 0.8, abs=0.01)


def test_a_cluster_in_a_replication_group_is_one_more_node_of_the_groups_type():
    group = node(GROUP, "g", {"nodeType": "cache.r7g.large", "numCacheClusters": 1, "engine": "valkey"})
    replica = node(
        CLUSTER, "r", {"replicationGroupId": UNKNOWN_STRING_VALUE}, {"replicationGroupId": [group]}
    )
    result = estimate_of(group, replica)
    assert [round(i.monthly_usd, 2) for i in result.items] == [round(R7G_LARGE * 0.8 * 730, 2)] * 2
    assert "replication group g" in result.items[1].basis
    alone = estimate_of(node(CLUSTER, "r", {"replicationGroupId": "outside"}))
    assert "not in the stack" in alone.unpriced[0].reason


def test_aws_native_spellings_are_priced_like_their_twins():
    cluster = only_item(
        node(
            "aws-native:elasticache:CacheCluster",
            "c",
            {"engine": "redis", "cacheNodeType": "cache.t4g.medium", "numCacheNodes": 1},
        )
    )
    assert cluster.monthly_usd == pytest.approx(T4G_MEDIUM * 730, abs=0.01)
    group = only_item(
        node(
            "aws-native:elasticache:ReplicationGroup",
            "g",
            {
                "cacheNodeType": "cache.r7g.large",
                "engine": "redis",
                "nodeGroupConfiguration": [{"replicaCount": 1}, {"replicaCount": 1}],
            },
        )
    )
    assert group.monthly_usd == pytest.approx(4 * R7G_LARGE * 730, abs=0.01)
    serverless = only_item(
        node(
            "aws-native:elasticache:ServerlessCache",
            "s",
            {"engine": "valkey", "cacheUsageLimits": {"ecpuPerSecond": {"minimum": 1000}}},
        )
    )
    ecpus = 1000 * 730 * 3600 / 1e6 * 0.0023
    assert serverless.monthly_usd == pytest.approx(0.1 * 0.084 * 730 + ecpus, abs=0.01)


def test_serverless_caches_are_priced_at_their_minimum():
    redis = only_item(node(SERVERLESS, "s", {"engine": "redis", "majorEngineVersion": "7"}))
    assert redis.monthly_usd == pytest.approx(91.25) and "1 GB" in redis.basis
    sized = only_item(
        node(
            SERVERLESS,
            "s",
            {"engine": "memcached", "cacheUsageLimits": {"dataStorage": {"unit": "GB", "minimum": 10}}},
        )
    )
    assert sized.monthly_usd == pytest.approx(10 * 0.125 * 730) and "dataStorage minimum" in sized.basis
    unknown = estimate_of(
        node(SERVERLESS, "s", {"engine": "redis", "cacheUsageLimits": UNKNOWN_STRING_VALUE})
    )
    assert unknown.items == [] and unknown.unpriced[0].cause == "unknown"


def test_regions_use_their_node_prices():
    item = estimate_of(
        node(CLUSTER, "c", {"engine": "redis", "nodeType": "cache.t4g.medium", "numCacheNodes": 1}),
        region="eu-west-1",
    ).items[0]
    assert item.monthly_usd == pytest.approx(0.068 * 730, abs=0.01)


def test_unknowns_and_missing_prices_fail_closed():
    cases = [
        ({"engine": "redis", "nodeType": UNKNOWN_STRING_VALUE}, "unknown"),
        (
            {"engine": "redis", "nodeType": "cache.t4g.medium", "numCacheNodes": UNKNOWN_NUMBER_VALUE},
            "unknown",
        ),
        ({"engine": UNKNOWN_STRING_VALUE, "nodeType": "cache.t4g.medium"}, "unknown"),
        ({"engine": "redis", "nodeType": "cache.x99.huge"}, "no-price"),
        ({"engine": "keydb", "nodeType": "cache.t4g.medium"}, "no-price"),
    ]
    for props, kind in cases:
        result = estimate_of(node(CLUSTER, "c", props))
        assert result.items == [] and [u.cause for u in result.unpriced] == [kind], props
    group = estimate_of(
        node(GROUP, "g", {"nodeType": "cache.r7g.large", "numCacheClusters": UNKNOWN_NUMBER_VALUE})
    )
    assert group.unpriced[0].cause == "unknown"
    global_member = estimate_of(node(GROUP, "g", {"globalReplicationGroupId": "ldgnf-x"}))
    assert "global datastore" in global_member.unpriced[0].reason


def test_a_reserved_node_is_a_commitment_that_fails_closed():
    result = estimate_of(
        node(
            "aws:elasticache/reservedCacheNode:ReservedCacheNode",
            "ri",
            {"reservedCacheNodesOfferingId": "438012d3-4052-4cc7-b2e3-8d3372e0e706", "cacheNodeCount": 2},
        )
    )
    assert result.items == [] and result.unpriced[0].cause == "no-price"
    assert "commitment" in result.unpriced[0].reason
