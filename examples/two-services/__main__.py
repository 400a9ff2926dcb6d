"""two-services: the inventory app and a summary service in one cluster, behind one HTTP API.

Built from frugal's components only (`frugal.components`, installed from this repository):
one network, one FargateCluster with one Cloud Map namespace (one $0.50 hosted zone for both
services), the inventory service (app/ in this repository) with its table, the summary service
(summary/ here) that calls it at `inventory.<namespace>:8080`, one VPC link and one HTTP API routing
`/api/*` to the inventory and `/summary/*` to the summary, and the inventory's page on CloudFront.
"""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from frugal.components import (
    ApiCors,
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    ApiRoute,
    Container,
    ContainerImage,
    DataTable,
    DataTableArgs,
    DeferredApiUrl,
    Egress,
    FargateCluster,
    FargateClusterArgs,
    FargateService,
    FargateServiceArgs,
    HttpHealthCheck,
    LogBucket,
    LogBucketArgs,
    Network,
    NetworkArgs,
    Schedule,
    StaticSite,
    StaticSiteArgs,
    VpcLink,
    VpcLinkArgs,
    tag_resources,
)

# The inventory app (its image and its page) lives at this repository's root.
REPO = Path(__file__).resolve().parents[2]

INVENTORY_PORT = 8080  # app/Dockerfile
SUMMARY_PORT = 8081  # summary/Dockerfile
TIMEZONE = "America/New_York"
# Weekdays 08:00-19:00; the NAT instance starts 5 minutes before and stops 5 minutes after.
OFFICE_HOURS = Schedule("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", TIMEZONE)
NAT_HOURS = OFFICE_HOURS.around(5, 5)
INVENTORY_TABLE_ACTIONS = [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
]

prefix = f"{pulumi.get_project()}-{pulumi.get_stack()}"
config = pulumi.Config()
region = aws.get_region().region
# Cost allocation tags (project, stack, component) on every taggable resource, before any is declared.
tag_resources({"project": pulumi.get_project(), "stack": prefix})

# Flow logs and the site's access logs, kept as long as the services' logs: no fixed fee.
logs = LogBucket("logs", LogBucketArgs(expiration_days=3))
network = Network(
    "network",
    NetworkArgs(az_count=1, egress="nat-instance", nat_schedule=NAT_HOURS, flow_logs=logs.destination),
)
table = DataTable("inventory-data", DataTableArgs())
cluster = FargateCluster("shared", FargateClusterArgs(vpc_id=network.vpc_id, name_prefix=prefix))
link = VpcLink("edge", VpcLinkArgs(vpc_id=network.vpc_id, subnet_ids=network.private_subnet_ids))

api_key = config.get_secret("apiKey") or random.RandomPassword("api-key", length=40, special=False).result
api_key_parameter = aws.ssm.Parameter(
    "inventory-api-key",
    name=f"/{prefix}/inventory/api-key",
    type="SecureString",  # the AWS-managed aws/ssm key: no KMS charge
    value=pulumi.Output.secret(api_key),
    description="API key the inventory requires for writes (FRUGAL_API_KEY)",
)

# Both services run one Spot task during office hours, and have fixed ECS names so the scaling
# targets (service/<cluster>/<name>) name them: the cost model links each schedule to its service.
common = {
    "cluster": cluster,
    "subnet_ids": network.private_subnet_ids,
    "capacity": "spot",
    "desired_count": 1,
    "min_count": 1,
    "max_count": 1,
    "schedule": OFFICE_HOURS,
    "log_retention_days": 3,
}
# The inventory's Cloud Map name is known before it exists, so its caller can be declared first
# (the inventory's ingress names the caller's security group).
inventory_url = f"http://inventory.{cluster.namespace_name}:{INVENTORY_PORT}"

with DeferredApiUrl() as api_url:
    site = StaticSite(
        "site",
        StaticSiteArgs(
            directory=str(REPO / "app" / "static"),
            api_url=api_url.output,
            # The API's CORS waits on CloudFront's domain, so the CSP can't wait on the API's id.
            api_origin=f"https://*.execute-api.{region}.amazonaws.com",
            access_logs=logs.destination,
        ),
    )
    summary = FargateService(
        "summary",
        FargateServiceArgs(
            **common,
            container=Container(
                image=ContainerImage.from_build("summary", "summary/Dockerfile"),
                port=SUMMARY_PORT,
                environment={"INVENTORY_URL": inventory_url},
                health_check=HttpHealthCheck("/health", probe="python"),
            ),
            service_name="summary",
            ingress=[link.ingress_source],
            # Besides HTTPS to AWS APIs, its one way out: the inventory's port inside the VPC.
            egress=[Egress("inventory", INVENTORY_PORT, network.vpc_cidr, "To the inventory by name")],
        ),
    )
    inventory = FargateService(
        "inventory",
        FargateServiceArgs(
            **common,
            container=Container(
                image=ContainerImage.from_build(str(REPO), str(REPO / "app" / "Dockerfile")),
                port=INVENTORY_PORT,
                environment={
                    "FRUGAL_STORAGE": "dynamodb",
                    "FRUGAL_DYNAMODB_TABLE": table.table_name,
                    "AWS_REGION": region,
                    "FRUGAL_CORS_ORIGINS": site.origin,
                    "PORT": str(INVENTORY_PORT),
                },
                secrets={"FRUGAL_API_KEY": api_key_parameter.arn},
                health_check=HttpHealthCheck("/health/live", probe="python"),
            ),
            service_name="inventory",
            task_role_statements=[
                {
                    "Sid": "Table",
                    "Effect": "Allow",
                    "Action": INVENTORY_TABLE_ACTIONS,
                    "Resource": [table.table_arn],
                }
            ],
            ingress=[link.ingress_source, summary.ingress_source],
        ),
    )
    assert inventory_url == f"http://{inventory.dns_name}:{inventory.port}"
    api = ApiGatewayProxy(
        "api",
        ApiGatewayProxyArgs(
            vpc_link=link,
            routes=[ApiRoute("/api", inventory), ApiRoute("/summary", summary)],
            cors=ApiCors(
                allow_origins=pulumi.Output.all(site.origin),
                allow_methods=["GET", "POST", "PATCH", "DELETE"],
                allow_headers=["content-type", "x-api-key"],
                expose_headers=["x-request-id", "location"],
            ),
        ),
    )
    api_url.resolve(api.url)

pulumi.export("siteUrl", site.url)
pulumi.export("apiUrl", api.url)
pulumi.export("summaryUrl", api.url.apply(lambda url: f"{url}/summary/devices"))
pulumi.export("clusterName", cluster.cluster_name)
pulumi.export("namespace", cluster.namespace_name)
pulumi.export("inventoryUrlInsideTheVpc", inventory_url)
