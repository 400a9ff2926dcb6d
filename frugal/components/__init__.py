"""Reusable Pulumi components for cheap, private services on AWS: one ComponentResource a module.

Network -> FargateCluster -> FargateService(s) -> VpcLink + ApiGatewayProxy, plus DataTable,
StaticSite, LogBucket (where the site's access logs and the VPC's flow logs go) and Alerts (a topic
whose `alarm_topic` the others take for their own alarms), and `tag_resources` for the tags every
resource carries. They depend on `pulumi`, `pulumi_aws`, `pulumi_docker_build` and `frugal/aws_limits.py` (the
plain tables they share with a program's settings) and on nothing of the program that uses them.
"""

from frugal.aws_limits import Schedule
from frugal.components.alerts import (
    AlarmTopic,
    Alerts,
    AlertsArgs,
    AnomalyMonitorArgs,
    BudgetArgs,
    CostTag,
    ec2_action_arn,
)
from frugal.components.api_gateway_proxy import (
    ApiCors,
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    ApiRoute,
    RouteTarget,
    validate_cors_origins,
)
from frugal.components.base import Component, Moved
from frugal.components.cluster import FargateCluster, FargateClusterArgs, capacity_provider_strategy
from frugal.components.data import DataTable, DataTableArgs
from frugal.components.domains import CustomDomain, dns_validated_certificate
from frugal.components.fargate_service import FargateService
from frugal.components.fargate_service_args import (
    CommandHealthCheck,
    Container,
    ContainerImage,
    Egress,
    FargateServiceArgs,
    HealthCheck,
    HttpHealthCheck,
    ImageBuild,
    IngressSource,
    ScaleSchedule,
)
from frugal.components.iam import deny_insecure_transport, policy_document, service_trust_policy
from frugal.components.log_bucket import LogBucket, LogBucketArgs, LogDestination
from frugal.components.network import InstanceSchedule, Network, NetworkArgs
from frugal.components.static_site import DeferredApiUrl, StaticSite, StaticSiteArgs
from frugal.components.tagging import tag_resources
from frugal.components.vpc_link import VpcLink, VpcLinkArgs

__all__ = [
    "AlarmTopic",
    "Alerts",
    "AlertsArgs",
    "AnomalyMonitorArgs",
    "ApiCors",
    "ApiGatewayProxy",
    "ApiGatewayProxyArgs",
    "ApiRoute",
    "BudgetArgs",
    "CommandHealthCheck",
    "Component",
    "Container",
    "ContainerImage",
    "CostTag",
    "CustomDomain",
    "DataTable",
    "DataTableArgs",
    "DeferredApiUrl",
    "Egress",
    "FargateCluster",
    "FargateClusterArgs",
    "FargateService",
    "FargateServiceArgs",
    "HealthCheck",
    "HttpHealthCheck",
    "ImageBuild",
    "IngressSource",
    "InstanceSchedule",
    "LogBucket",
    "LogBucketArgs",
    "LogDestination",
    "Moved",
    "Network",
    "NetworkArgs",
    "RouteTarget",
    "ScaleSchedule",
    "Schedule",
    "StaticSite",
    "StaticSiteArgs",
    "VpcLink",
    "VpcLinkArgs",
    "capacity_provider_strategy",
    "deny_insecure_transport",
    "dns_validated_certificate",
    "ec2_action_arn",
    "policy_document",
    "service_trust_policy",
    "tag_resources",
    "validate_cors_origins",
]
