"""The frugal stack: what the inventory app in app/ needs, wired from the generic components.

Everything about that app lives here and nowhere in frugal/components/: its container (port 8080, the
`/health/live` check, the FRUGAL_* environment), its API key as an SSM SecureString, its table and the
five DynamoDB calls it makes, the CORS answer its page needs, and the history of this stack's
deployed resources (`MOVED`, the strings AWS can't change in place).

`build(settings, ...)` declares the resources and returns the stack outputs; `__main__.py` reads the
config, validates it into `settings.Settings`, tags every resource with `cost_tags` (frugal/components/
tagging.py) and exports what `build` returns.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from frugal.components import (
    AlarmTopic,
    Alerts,
    AlertsArgs,
    AnomalyMonitorArgs,
    ApiCors,
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    ApiRoute,
    BudgetArgs,
    Container,
    ContainerImage,
    CostTag,
    CustomDomain,
    DataTable,
    DataTableArgs,
    DeferredApiUrl,
    FargateCluster,
    FargateClusterArgs,
    FargateService,
    FargateServiceArgs,
    HttpHealthCheck,
    LogBucket,
    LogBucketArgs,
    Moved,
    Network,
    NetworkArgs,
    StaticSite,
    StaticSiteArgs,
    VpcLink,
    VpcLinkArgs,
)
from settings import Settings

# --- the app ------------------------------------------------------------------------------------------
APP_PORT = 8080  # app/gunicorn.conf.py binds $PORT; the Dockerfile's HEALTHCHECK uses the same port
APP_HEALTH_PATH = "/health/live"
# Relative to the project directory, where `pulumi up` runs the program: the same everywhere.
APP_BUILD_CONTEXT = "."
APP_DOCKERFILE = "app/Dockerfile"
APP_STATIC = "app/static"
# Exactly the calls app/storage/dynamodb.py makes (tests/components/test_iam.py keeps the two in step).
TABLE_ACTIONS = [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
]
# The same CORS answer the Flask app gives (app/cors.py; a test keeps them equal), because with a CORS
# configuration API Gateway answers preflights itself and replaces the backend's CORS headers.
CORS_METHODS = ("GET", "POST", "PATCH", "DELETE")
# The page sends JSON bodies and the API key header; header names compare case-insensitively.
CORS_HEADERS = ("content-type", "x-api-key")
# The page reads the request id (for error reports) and the new item's Location.
CORS_EXPOSE_HEADERS = ("x-request-id", "location")

# --- cost allocation ---------------------------------------------------------------------------------
# Every taggable resource carries these and `component` (frugal/components/tagging.py). `stack` holds the
# name prefix, `<project>-<stack>`, not the bare stack name: the budget filters on that one tag, and
# another project's `dev` stack in the same account must not count against this one's budget.
PROJECT_TAG = "project"
STACK_TAG = "stack"


def cost_tags(project: str, name_prefix: str) -> dict[str, str]:
    """The tags every resource of the stack gets (besides `component`)."""
    return {PROJECT_TAG: project, STACK_TAG: name_prefix}


# --- as deployed before the components were made generic (issue 10) ----------------------------------
# Descriptions AWS can't change without replacing the resource (a security group's, and the namespace's
# with its hosted zone), kept as they were, and two that could change in place but name this app.
NAMESPACE_DESCRIPTION = "Private names for the service; API Gateway's VPC link discovers tasks here"
VPC_LINK_DESCRIPTION = "API Gateway VPC link: reaches the service port only"
API_DESCRIPTION = "frugal inventory API (HTTP API -> VPC link -> Cloud Map -> Fargate)"
SITE_COMMENT = "frugal static site"


def moved() -> dict[str, Moved]:
    """Per component (and `root` for the stack's own resources): children that moved, with old URNs.

    Before, FargateService "app" created the cluster, its capacity providers, the Cloud Map namespace
    and the API key parameter, and ApiGatewayProxy "api" created the VPC link, its security group and
    the rule on the service's group that admits it.
    """
    old_service = pulumi.create_urn("app", "frugal:components:FargateService")
    old_api = pulumi.create_urn("api", "frugal:components:ApiGatewayProxy")
    from_service = [pulumi.Alias(parent=old_service)]
    return {
        "cluster": {name: from_service for name in ("app-cluster", "app-capacity", "app-namespace")},
        "vpc_link": {"api-vpc-link": [pulumi.Alias(parent=old_api)]},  # the group and the link
        "service": {"app-from-vpc-link": [pulumi.Alias(name="api-service-from-vpc-link", parent=old_api)]},
        "api": {
            "api-app": [pulumi.Alias(name="api-service")],
            "api-app-proxy": [pulumi.Alias(name="api-proxy")],
            "api-app-root": [pulumi.Alias(name="api-root")],
            "api-vpc-link-to-app": [pulumi.Alias(name="api-vpc-link-to-service")],
        },
        "root": {"app-api-key": from_service},
    }


def csp_api_source(api_domain: str | None, site_domain: str | None, region: str) -> str | None:
    """What the site's CSP lets the page connect to besides itself; None: the API's exact origin.

    With neither custom domain the two halves of the edge wait on each other: the API's CORS needs
    CloudFront's generated domain, and the distribution needs its headers policy, whose CSP would need
    the API's generated id. Either domain is a plain string that breaks the cycle; without one, the CSP
    allows this region's API Gateway hosts (still no other site).
    """
    if api_domain or site_domain:
        return None
    return f"https://*.execute-api.{region}.amazonaws.com"


def _domain(name: str | None, zone: str | None) -> CustomDomain | None:
    # Settings guarantee a zone for every domain; a zone with only one of the two domains is fine.
    return CustomDomain(name, zone) if name and zone else None


def alerts(settings: Settings, *, name_prefix: str, budget_usd_monthly: float | None) -> Alerts:
    """The alert topic, the monthly budget (the policy config's number) and the optional anomaly monitor."""
    stack_tag = CostTag(STACK_TAG, name_prefix)
    budget = None
    if budget_usd_monthly is not None:
        scoped = settings.alerts.budget_scope == "stack"
        budget = BudgetArgs(budget_usd_monthly, tag=stack_tag if scoped else None)
    return Alerts(
        "alerts",
        AlertsArgs(
            name_prefix=name_prefix,
            emails=settings.alerts.emails,
            budget=budget,
            anomaly_monitor=AnomalyMonitorArgs(stack_tag) if settings.alerts.cost_anomaly_monitor else None,
        ),
    )


def build(
    settings: Settings,
    *,
    name_prefix: str,
    api_key: pulumi.Input[str] | None,
    git_sha: str | None = None,
    budget_usd_monthly: float | None = None,
) -> dict[str, pulumi.Input[object]]:
    """Declare the frugal stack; returns its outputs (stack export name -> value).

    `budget_usd_monthly` is the limit of the stack's AWS Budgets budget (None: no budget).
    """
    history = moved()
    service_settings, edge = settings.service, settings.edge
    service_window, nat_window = settings.schedule.service_window, settings.nat_window
    alert = alerts(settings, name_prefix=name_prefix, budget_usd_monthly=budget_usd_monthly)
    wanted = settings.alerts.alarms

    def alarms_for(alarm: str) -> AlarmTopic | None:
        return alert.alarm_topic if alarm in wanted else None

    # The site's access logs and the VPC's flow logs: no fixed fee, kept as long as the stack's logs.
    logs = LogBucket("logs", LogBucketArgs(expiration_days=service_settings.log_retention_days or None))
    network = Network(
        "network",
        NetworkArgs(
            az_count=settings.network.az_count,
            egress=settings.network.egress,
            nat_schedule=nat_window,
            alarms=alarms_for("nat-instance"),
            flow_logs=logs.destination,
        ),
    )
    data = DataTable(
        "data",
        DataTableArgs(
            # Always on: $0.20 per GB-month of table size is $0.00 for this app's kilobytes.
            point_in_time_recovery=True,
            deletion_protection=settings.data.data_protection,
        ),
    )
    generated_api_key = None
    if not api_key:
        # A fresh stack (and the offline preview) works without anyone typing a key; exported as a secret.
        generated_api_key = random.RandomPassword("api-key", length=40, special=False)
        api_key = generated_api_key.result
    api_key_parameter = aws.ssm.Parameter(
        "app-api-key",
        name=f"/{name_prefix}/api-key",
        type="SecureString",  # encrypted with the AWS-managed aws/ssm key: no KMS charge
        tier="Standard",
        value=pulumi.Output.secret(api_key),
        description="API key the app requires for writes (FRUGAL_API_KEY)",
        opts=pulumi.ResourceOptions(aliases=history["root"]["app-api-key"]),
    )
    cluster = FargateCluster(
        "app",
        FargateClusterArgs(
            vpc_id=network.vpc_id,
            name_prefix=name_prefix,
            namespace_description=NAMESPACE_DESCRIPTION,
            container_insights=settings.cluster.container_insights,
            default_capacity=service_settings.capacity,
            default_on_demand_base=service_settings.on_demand_base,
        ),
        moved=history["cluster"],
    )
    link = VpcLink(
        "api",
        VpcLinkArgs(
            vpc_id=network.vpc_id, subnet_ids=network.private_subnet_ids, description=VPC_LINK_DESCRIPTION
        ),
        moved=history["vpc_link"],
    )

    # The edge. Both CORS lists need the site's origin (CloudFront's domain unless siteDomain is set) and
    # the site's config.json and CSP need the API's URL, so the site comes first with the API URL filled
    # in later. DeferredApiUrl makes a failure inside the block fail the program instead of hanging it.
    with DeferredApiUrl() as api_url:
        site = StaticSite(
            "site",
            StaticSiteArgs(
                directory=APP_STATIC,
                api_url=api_url.output,
                api_origin=csp_api_source(edge.api_domain, edge.site_domain, aws.get_region().region),
                domain=_domain(edge.site_domain, edge.hosted_zone),
                comment=SITE_COMMENT,
                access_logs=logs.destination,
            ),
        )
        cors_origins = pulumi.Output.all(site.origin, *edge.api_cors_origins)
        service = FargateService(
            "app",
            FargateServiceArgs(
                cluster=cluster,
                subnet_ids=network.private_subnet_ids,
                container=inventory_container(
                    image=service_settings.image,
                    table_name=data.table_name,
                    api_key_parameter_arn=api_key_parameter.arn,
                    cors_origins=cors_origins,
                    git_sha=git_sha,
                ),
                cpu=service_settings.cpu,
                memory=service_settings.memory,
                architecture=service_settings.architecture,
                capacity=service_settings.capacity,
                on_demand_base=service_settings.on_demand_base,
                desired_count=service_settings.desired_count,
                min_count=service_settings.min_count,
                max_count=service_settings.max_count,
                cpu_target_percent=service_settings.cpu_target_percent,
                schedule=service_window,
                log_retention_days=service_settings.log_retention_days,
                execute_command=service_settings.execute_command,
                task_role_statements=[table_statement(data.table_arn)],
                ingress=[link.ingress_source],
                alarms=alarms_for("service-tasks"),
            ),
            moved=history["service"],
        )
        api = ApiGatewayProxy(
            "api",
            ApiGatewayProxyArgs(
                vpc_link=link,
                routes=[ApiRoute("/", service)],
                cors=ApiCors(
                    allow_origins=cors_origins,
                    allow_methods=CORS_METHODS,
                    allow_headers=CORS_HEADERS,
                    expose_headers=CORS_EXPOSE_HEADERS,
                ),
                throttle_rate=edge.api_throttle_rate,
                throttle_burst=edge.api_throttle_burst,
                access_logs=edge.api_access_logs,
                log_retention_days=service_settings.log_retention_days,
                domain=_domain(edge.api_domain, edge.hosted_zone),
                description=API_DESCRIPTION,
                alarms=alarms_for("api-errors"),
            ),
            moved=history["api"],
        )
        api_url.resolve(api.url)

    outputs: dict[str, pulumi.Input[object]] = {
        "vpcId": network.vpc_id,
        "privateSubnetIds": network.private_subnet_ids,
        "publicSubnetIds": network.public_subnet_ids,
        "tableName": data.table_name,
        "clusterName": cluster.cluster_name,
        "serviceName": service.service_name,
        "cloudMapServiceArn": service.cloud_map_service_arn,
        "logGroupName": service.log_group_name,
        "repositoryUrl": service.repository_url,
        "siteUrl": site.url,
        "apiUrl": api.url,
        "siteBucketName": site.bucket_name,
        "distributionId": site.distribution_id,
        "apiId": api.api_id,
        "alertTopicArn": alert.topic_arn,
    }
    if alert.budget_name is not None:
        outputs["budgetName"] = alert.budget_name
    if generated_api_key is not None:
        outputs["apiKey"] = pulumi.Output.secret(generated_api_key.result)
    return outputs


def inventory_container(
    *,
    image: str | None,
    table_name: pulumi.Input[str],
    api_key_parameter_arn: pulumi.Input[str],
    cors_origins: pulumi.Input[list[str]],
    git_sha: str | None = None,
) -> Container:
    """The inventory app's container on DynamoDB: a pushed `image`, or app/Dockerfile built at `pulumi up`."""
    environment: Mapping[str, pulumi.Input[str]] = {
        "FRUGAL_STORAGE": "dynamodb",
        "FRUGAL_DYNAMODB_TABLE": table_name,
        "AWS_REGION": aws.get_region().region,
        "FRUGAL_CORS_ORIGINS": pulumi.Output.from_input(cors_origins).apply(
            lambda origins: ",".join(origins)
        ),
        "PORT": str(APP_PORT),
        **({"FRUGAL_GIT_SHA": git_sha} if git_sha else {}),
    }
    return Container(
        # A pushed image still gets the stack's repository: that is where CI pushes it.
        image=ContainerImage.from_uri(image, own_repository=True)
        if image
        else ContainerImage.from_build(APP_BUILD_CONTEXT, APP_DOCKERFILE, tag=git_sha or "latest"),
        port=APP_PORT,
        environment=environment,
        secrets={"FRUGAL_API_KEY": api_key_parameter_arn},
        # slim Python images have no curl: the probe is a Python one-liner, like the Dockerfile's.
        health_check=HttpHealthCheck(APP_HEALTH_PATH, probe="python"),
    )


def table_statement(table_arn: pulumi.Input[str]) -> dict[str, object]:
    """The app's task-role permissions: its five DynamoDB calls, on its table only."""
    return {"Sid": "Table", "Effect": "Allow", "Action": TABLE_ACTIONS, "Resource": [table_arn]}
