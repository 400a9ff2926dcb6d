"""The frugal Pulumi program: network, data, the Fargate service and its edge, configured per stack.

This is the only module that reads config. Every `frugal:*` value goes through `settings.load_settings`
first, so a bad or unknown key stops the program with a message naming the key, the value and what's
allowed, before any resource is declared.
"""

from __future__ import annotations

import os

import pulumi
import pulumi_random as random
from pulumi.runtime import config as runtime_config

from components import (
    DataTable,
    DataTableArgs,
    FargateService,
    FargateServiceArgs,
    Network,
    NetworkArgs,
)
from components.api_gateway_proxy import ApiGatewayProxy, ApiGatewayProxyArgs, custom_domain
from components.static_site import DeferredApiUrl, StaticSite, StaticSiteArgs
from settings import SettingsError, load_settings


def project_config_values(namespace: str) -> dict[str, str]:
    """Every config value in `namespace`, bare key -> the engine's string (for the unknown-key check).

    pulumi.Config can only look keys up, not list them; the runtime's config map (set by the
    language host, or PULUMI_CONFIG in older hosts) is where the full set lives.
    """
    merged = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    prefix = f"{namespace}:"
    return {key[len(prefix) :]: str(value) for key, value in merged.items() if key.startswith(prefix)}


project = pulumi.get_project()
stack = pulumi.get_stack()
name_prefix = f"{project}-{stack}"
config = pulumi.Config(project)

try:
    settings = load_settings(project_config_values(project), namespace=project)
except SettingsError as err:
    # A clean, single message instead of a traceback through the Pulumi runtime.
    raise pulumi.RunError(str(err)) from None

network = Network(
    "network",
    NetworkArgs(az_count=settings.az_count, egress=settings.egress, nat_schedule=settings.nat_schedule),
)
data = DataTable(
    "data",
    DataTableArgs(
        point_in_time_recovery=settings.data_protection,
        deletion_protection=settings.data_protection,
    ),
)

api_key = config.get_secret("apiKey")
generated_api_key = None
if not api_key:
    # A fresh stack (and the offline preview) works without anyone typing a key; it's exported as a secret.
    generated_api_key = random.RandomPassword("api-key", length=40, special=False)
    api_key = generated_api_key.result

# The edge. Both CORS lists need the site's origin (CloudFront's domain unless siteDomain is set) and the
# site's config.json needs the API's URL, so the site comes first with the API URL filled in later.
# DeferredApiUrl makes a failure inside the block fail the program instead of leaving it waiting forever.
site_domain = custom_domain(settings.site_domain, settings.hosted_zone, what=f"{project}:siteDomain")
api_domain = custom_domain(settings.api_domain, settings.hosted_zone, what=f"{project}:apiDomain")
with DeferredApiUrl() as api_url:
    # Relative to the project directory, like the image's build context.
    site = StaticSite(
        "site", StaticSiteArgs(directory="app/static", api_url=api_url.output, domain=site_domain)
    )
    cors_origins = pulumi.Output.all(site.origin, *settings.api_cors_origins)

    service = FargateService(
        "app",
        FargateServiceArgs(
            name_prefix=name_prefix,
            vpc_id=network.vpc_id,
            subnet_ids=network.private_subnet_ids,
            table_name=data.table_name,
            table_arn=data.table_arn,
            api_key=api_key,
            cors_origins=cors_origins,
            cpu=settings.cpu,
            memory=settings.memory,
            architecture=settings.architecture,
            capacity=settings.capacity,
            on_demand_base=settings.on_demand_base,
            desired_count=settings.desired_count,
            min_count=settings.min_count,
            max_count=settings.max_count,
            cpu_target_percent=settings.cpu_target_percent,
            schedule=settings.scale_schedule,
            log_retention_days=settings.log_retention_days,
            container_insights=settings.container_insights,
            execute_command=settings.execute_command,
            image=settings.image,
            # Relative to the project directory, where `pulumi up` runs the program: the same everywhere.
            build_context=".",
            dockerfile="app/Dockerfile",
            git_sha=os.environ.get("FRUGAL_GIT_SHA") or None,
        ),
    )

    api = ApiGatewayProxy(
        "api",
        ApiGatewayProxyArgs(
            vpc_id=network.vpc_id,
            subnet_ids=network.private_subnet_ids,
            service_security_group_id=service.service_security_group_id,
            cloud_map_service_arn=service.cloud_map_service_arn,
            container_port=service.container_port,
            cors_origins=cors_origins,
            throttle_rate=settings.api_throttle_rate,
            throttle_burst=settings.api_throttle_burst,
            access_logs=settings.api_access_logs,
            log_retention_days=settings.log_retention_days,
            domain=api_domain,
        ),
    )
    api_url.resolve(api.url)

pulumi.export("vpcId", network.vpc_id)
pulumi.export("privateSubnetIds", network.private_subnet_ids)
pulumi.export("publicSubnetIds", network.public_subnet_ids)
pulumi.export("tableName", data.table_name)
pulumi.export("clusterName", service.cluster_name)
pulumi.export("serviceName", service.service_name)
pulumi.export("cloudMapServiceArn", service.cloud_map_service_arn)
pulumi.export("logGroupName", service.log_group_name)
pulumi.export("repositoryUrl", service.repository_url)
pulumi.export("siteUrl", site.url)
pulumi.export("apiUrl", api.url)
pulumi.export("siteBucketName", site.bucket_name)
pulumi.export("distributionId", site.distribution_id)
pulumi.export("apiId", api.api_id)
if generated_api_key is not None:
    pulumi.export("apiKey", pulumi.Output.secret(generated_api_key.result))
