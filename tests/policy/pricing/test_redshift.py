"""Redshift: node-hours by node type and count (x2 Multi-AZ), Serverless workgroups as usage, managed VPC
endpoints. Prices from prices.json: ra3.xlplus 1.086, dc2.large 0.25, RPU 0.375, interface endpoint
0.01 per AZ-hour."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE

from tests.policy.helpers import estimate_of, node

CLUSTER = "aws:redshift/cluster:Cluster"


def test_provisioned_clusters_are_their_nodes():
    multi = estimate_of(
        node(CLUSTER, "w", {"nodeType": "ra3.xlplus", "clusterType": "multi-node", "numberOfNodes": 2})
    )
    assert (
        multi.items[0].monthly_usd == pytest.approx(2 * 1.086 * 730)
        and "managed storage by use" in multi.items[0].basis
    )
    single = estimate_of(
        node(CLUSTER, "w", {"nodeType": "dc2.large", "clusterType": "single-node", "numberOfNodes": 4})
    )
    assert single.items[0].monthly_usd == pytest.approx(0.25 * 730)
    derived = estimate_of(node(CLUSTER, "w", {"nodeType": "dc2.large", "numberOfNodes": 4}))
    assert derived.items[0].monthly_usd == pytest.approx(4 * 0.25 * 730)
    multi_az = estimate_of(
        node(
            CLUSTER,
            "w",
            {"nodeType": "ra3.xlplus", "clusterType": "multi-node", "numberOfNodes": 2, "multiAz": True},
        )
    )
    assert multi_az.items[0].monthly_usd == pytest.approx(4 * 1.086 * 730)
    native = estimate_of(
        node(
            "aws-native:redshift:Cluster",
            "w",
            {"nodeType": "ra3.xlplus", "clusterType": "multi-node", "numberOfNodes": 2},
        )
    )
    assert native.items[0].monthly_usd == pytest.approx(multi.items[0].monthly_usd)


def test_unknown_counts_and_unpriced_node_types_fail_closed():
    unknown = estimate_of(
        node(
            CLUSTER,
            "w",
            {"nodeType": "ra3.4xlarge", "clusterType": "multi-node", "numberOfNodes": UNKNOWN_NUMBER_VALUE},
        )
    )
    assert unknown.items == [] and unknown.unpriced[0].cause == "unknown"
    legacy = estimate_of(node(CLUSTER, "w", {"nodeType": "ds2.xlarge"}))
    assert legacy.unpriced[0].cause == "no-price"


def test_serverless_workgroups_are_usage_and_endpoints_bill_privatelink_hours():
    workgroup = estimate_of(node("aws:redshiftserverless/workgroup:Workgroup", "wg", {"baseCapacity": 8}))
    assert workgroup.items == [] and "$3.00 per hour of queries" in workgroup.usage_priced[0].note
    for type_ in (
        "aws:redshift/endpointAccess:EndpointAccess",
        "aws:redshiftserverless/endpointAccess:EndpointAccess",
    ):
        assert estimate_of(node(type_, "e", {"subnetGroupName": "g"})).items[0].monthly_usd == pytest.approx(
            7.30
        )
