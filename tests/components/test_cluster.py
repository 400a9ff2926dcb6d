"""FargateCluster: its capacity providers and default strategy, Container Insights, its namespace."""

from __future__ import annotations

import pytest

from frugal.components import FargateCluster, FargateClusterArgs
from tests.components.test_fargate_service import build
from tests.infra.helpers import run_components


def test_the_cluster_default_strategy_is_an_argument() -> None:
    recording = build(cluster_args={"default_capacity": "mixed", "default_on_demand_base": 1})
    providers = recording.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs
    assert providers["defaultCapacityProviderStrategies"][0] == {
        "capacityProvider": "FARGATE",
        "weight": 0,
        "base": 1,
    }


@pytest.mark.parametrize("enabled", [True, False])
def test_container_insights_follows_the_cluster_args(enabled: bool) -> None:
    cluster = build(cluster_args={"container_insights": enabled}).one("aws:ecs/cluster:Cluster").inputs
    assert cluster["settings"] == [
        {"name": "containerInsights", "value": "enabled" if enabled else "disabled"}
    ]


def test_the_cluster_names_its_namespace_after_the_project_and_stack_by_default() -> None:
    recording = run_components(lambda: FargateCluster("shared", FargateClusterArgs(vpc_id="vpc-1")))
    namespace = recording.one("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").inputs
    assert namespace["name"] == "frugal-test.internal"
