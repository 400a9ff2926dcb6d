"""EFS: provisioned throughput is a fixed monthly cost ($6 per MB/s-month in the table); storage,
elastic throughput and replication are usage."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node

FILE_SYSTEM = "aws:efs/fileSystem:FileSystem"


def test_provisioned_throughput_is_priced_and_other_modes_are_usage():
    provisioned = estimate_of(
        node(FILE_SYSTEM, "fs", {"throughputMode": "provisioned", "provisionedThroughputInMibps": 64})
    )
    assert provisioned.items[0].monthly_usd == pytest.approx(384.00)
    for props in ({}, {"throughputMode": "elastic"}, {"throughputMode": "bursting"}):
        result = estimate_of(node(FILE_SYSTEM, "fs", props))
        assert result.items == [] and result.usage_priced, props
    native = estimate_of(
        node(
            "aws-native:efs:FileSystem",
            "fs",
            {
                "throughputMode": "provisioned",
                "provisionedThroughputInMibps": 10,
                "replicationConfiguration": {"destinations": [{}]},
            },
        )
    )
    assert native.items[0].monthly_usd == pytest.approx(60.00) and "replica" in native.items[0].basis
    replication = estimate_of(node("aws:efs/replicationConfiguration:ReplicationConfiguration", "r", {}))
    assert replication.usage_priced and replication.items == []


def test_unknown_throughput_fails_closed():
    for props in (
        {"throughputMode": UNKNOWN_STRING_VALUE},
        {"throughputMode": "provisioned", "provisionedThroughputInMibps": UNKNOWN_NUMBER_VALUE},
    ):
        result = estimate_of(node(FILE_SYSTEM, "fs", props))
        assert result.items == [] and result.unpriced[0].cause == "unknown", props
