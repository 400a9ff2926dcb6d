"""FargateCluster: one ECS cluster and one Cloud Map namespace that many FargateServices join.

The cluster has FARGATE and FARGATE_SPOT associated (a service can only use Spot when its cluster
does) and Container Insights set explicitly (unset, the account default decides). The namespace is a
private DNS namespace, which is a Route 53 private hosted zone at $0.50/month: one per cluster,
however many services register in it; a service named `inventory` is `inventory.<namespace>`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from frugal.aws_limits import CAPACITIES, is_dns_name
from frugal.components.base import Component, Moved

DEFAULT_NAMESPACE_DESCRIPTION = "Private DNS names for the cluster's services (Cloud Map)"


def capacity_provider_strategy(capacity: str, on_demand_base: int) -> list[dict[str, object]]:
    """The strategy for `capacity`; services use one of these and never `launchType`."""
    if capacity == "spot":
        return [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    if capacity == "mixed":
        # `base` tasks on demand (the floor when Spot capacity runs out), every further task on Spot.
        return [
            {"capacity_provider": "FARGATE", "weight": 0, "base": on_demand_base},
            {"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0},
        ]
    if capacity == "on-demand":
        return [{"capacity_provider": "FARGATE", "weight": 1, "base": 0}]
    raise ValueError(f"capacity {capacity!r}: allowed: {', '.join(CAPACITIES)}")


@dataclass
class FargateClusterArgs:
    vpc_id: pulumi.Input[str]
    """The VPC whose private DNS the namespace lives in."""
    name_prefix: str | None = None
    """Prefix of the names AWS sees (namespace, task families, log groups, scheduled actions);
    default `<project>-<stack>`."""
    namespace_name: str | None = None
    """The namespace's DNS name; default `<name_prefix>.internal`."""
    namespace_description: str = DEFAULT_NAMESPACE_DESCRIPTION
    container_insights: bool = False
    """Container Insights are billed as custom metrics; off unless you want them."""
    default_capacity: str = "spot"
    """The cluster's default strategy (`spot`, `mixed` or `on-demand`); each service sets its own too."""
    default_on_demand_base: int = 1
    """FARGATE tasks first when `default_capacity` is `mixed`."""

    def __post_init__(self) -> None:
        capacity_provider_strategy(self.default_capacity, self.default_on_demand_base)
        if self.namespace_name is not None and not is_dns_name(self.namespace_name):
            raise ValueError(f"namespace_name {self.namespace_name!r} is not a DNS name like 'app.internal'")


class FargateCluster(Component):
    """An ECS cluster with FARGATE and FARGATE_SPOT, and the Cloud Map namespace its services share."""

    cluster_name: pulumi.Output[str]
    cluster_arn: pulumi.Output[str]
    namespace_id: pulumi.Output[str]
    namespace_name: str
    """Services are reachable inside the VPC at `<discovery name>.<namespace_name>`."""
    name_prefix: str
    vpc_id: pulumi.Input[str]
    container_insights: bool
    """Whether ECS publishes Container Insights metrics (services alarm on RunningTaskCount then)."""
    capacity_providers: aws.ecs.ClusterCapacityProviders
    """Services depend on it: a service can't use a capacity provider before the cluster has it."""

    def __init__(
        self,
        name: str,
        args: FargateClusterArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:FargateCluster", name, opts, moved)
        self.name_prefix = args.name_prefix or f"{pulumi.get_project()}-{pulumi.get_stack()}"
        self.namespace_name = args.namespace_name or f"{self.name_prefix}.internal"
        self.vpc_id = args.vpc_id
        self.container_insights = args.container_insights
        cluster = self._cluster(name, args)
        self.capacity_providers = self._capacity_providers(name, args, cluster)
        namespace = self._namespace(name, args)

        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.namespace_id = namespace.id
        self.finish(
            {
                "clusterName": self.cluster_name,
                "clusterArn": self.cluster_arn,
                "namespaceId": self.namespace_id,
                "namespaceName": self.namespace_name,
            }
        )

    def _cluster(self, name: str, args: FargateClusterArgs) -> aws.ecs.Cluster:
        return aws.ecs.Cluster(
            f"{name}-cluster",
            settings=[
                {"name": "containerInsights", "value": "enabled" if args.container_insights else "disabled"}
            ],
            opts=self.child_opts(f"{name}-cluster"),
        )

    def _capacity_providers(
        self, name: str, args: FargateClusterArgs, cluster: aws.ecs.Cluster
    ) -> aws.ecs.ClusterCapacityProviders:
        return aws.ecs.ClusterCapacityProviders(
            f"{name}-capacity",
            cluster_name=cluster.name,
            capacity_providers=["FARGATE", "FARGATE_SPOT"],
            default_capacity_provider_strategies=capacity_provider_strategy(
                args.default_capacity, args.default_on_demand_base
            ),
            opts=self.child_opts(f"{name}-capacity"),
        )

    def _namespace(self, name: str, args: FargateClusterArgs) -> aws.servicediscovery.PrivateDnsNamespace:
        return aws.servicediscovery.PrivateDnsNamespace(
            f"{name}-namespace",
            name=self.namespace_name,
            vpc=args.vpc_id,
            description=args.namespace_description,
            opts=self.child_opts(f"{name}-namespace"),
        )
