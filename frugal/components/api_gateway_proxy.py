"""ApiGatewayProxy: one HTTP API in front of one or more Fargate services, through one VPC link.

Requests go API Gateway -> VPC link -> the Cloud Map service's SRV records -> a task's IP and port.
Each route maps a path prefix to a service: `/` catches everything (`ANY /{proxy+}` and `ANY /`), and
`/api` catches `ANY /api/{proxy+}` and `ANY /api`.

How the path reaches the service: an `HTTP_PROXY` integration passes the request on as it came, path
included, and for a private integration (VPC link) API Gateway adds the stage's name to that path
unless the stage is `$default`
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html).
The stage here is always `$default`, so `GET /api/devices` reaches the service as `/api/devices`, the
prefix kept: each service serves its routes under its own prefix, and no `overwrite:path` parameter
mapping (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html,
which could rewrite the path from `$request.path` or a greedy variable such as `$request.path.proxy`)
is needed. The integration target is the Cloud Map service ARN: API Gateway rejects a URL for a VPC
link to Cloud Map.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pulumi
import pulumi_aws as aws

from frugal.aws_limits import origin_error
from frugal.components.alerts import AlarmTopic
from frugal.components.base import Component, Moved
from frugal.components.domains import CustomDomain, dns_validated_certificate, public_zone_id
from frugal.components.vpc_link import VpcLink

DEFAULT_DESCRIPTION = "HTTP API -> VPC link -> Cloud Map -> Fargate"
CORS_MAX_AGE_SECONDS = 600
ERROR_RATE_PERIOD_SECONDS = 300
_PREFIX = re.compile(r"^/$|^(/[A-Za-z0-9._~-]+)+$")

# One JSON line per request: enough to see who called what, how long the task took and why it failed.
ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "requestTime": "$context.requestTime",
        "method": "$context.httpMethod",
        "path": "$context.path",
        "routeKey": "$context.routeKey",
        "status": "$context.status",
        "responseLength": "$context.responseLength",
        "integrationStatus": "$context.integrationStatus",
        "integrationLatency": "$context.integrationLatency",
        "integrationError": "$context.integrationErrorMessage",
    },
    separators=(",", ":"),
)


class RouteTarget(Protocol):
    """What a route needs from a service; a FargateService is one."""

    discovery_name: str
    port: int

    @property
    def cloud_map_service_arn(self) -> pulumi.Output[str]: ...

    @property
    def security_group_id(self) -> pulumi.Output[str]: ...


@dataclass(frozen=True)
class ApiRoute:
    """Requests under `prefix` go to `target`, their path unchanged."""

    prefix: str
    """`/` (everything) or a path such as `/api` (no trailing slash, no braces)."""
    target: RouteTarget
    """The service behind the prefix (its Cloud Map service is the integration's target)."""
    name: str | None = None
    """Names the route's resources (`<api>-<name>`, `<api>-<name>-proxy`, ...); default the target's
    discovery name."""

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise ValueError(
                f"route prefix {self.prefix!r} must be '/' or a path such as '/api' "
                "(letters, digits, . _ ~ -; no trailing slash, no braces)"
            )

    @property
    def label(self) -> str:
        return self.name or self.target.discovery_name

    @property
    def route_keys(self) -> dict[str, str]:
        """Resource suffix -> route key: the greedy route and the prefix itself."""
        if self.prefix == "/":
            return {"proxy": "ANY /{proxy+}", "root": "ANY /"}
        return {"proxy": f"ANY {self.prefix}/{{proxy+}}", "root": f"ANY {self.prefix}"}


def validate_cors_origins(origins: Sequence[str]) -> list[str]:
    """Exact `scheme://host[:port]` origins, duplicates dropped; a wildcard would let any site use the key."""
    checked: list[str] = []
    for origin in origins:
        problem = origin_error(origin)
        if problem:
            raise ValueError(f"CORS origin {problem}")
        if origin not in checked:
            checked.append(origin)
    if not checked:
        raise ValueError("CORS needs at least one allowed origin (the static site's)")
    return checked


@dataclass(frozen=True)
class ApiCors:
    """The CORS answer API Gateway gives itself (with a CORS configuration it ignores the backend's)."""

    allow_origins: pulumi.Input[Sequence[str]]
    """Exact origins (`https://app.example.com`); duplicates dropped, wildcards refused."""
    allow_methods: Sequence[str]
    allow_headers: Sequence[str] = ()
    """Request headers a browser may send (names compare case-insensitively)."""
    expose_headers: Sequence[str] = ()
    """Response headers the page's script may read."""
    max_age_seconds: int = CORS_MAX_AGE_SECONDS
    """How long browsers may cache a preflight answer."""

    def __post_init__(self) -> None:
        # A plain list is checked now; an Output is checked in the component once it resolves.
        origins = self.allow_origins
        if (
            isinstance(origins, Sequence)
            and not isinstance(origins, str)
            and all(isinstance(o, str) for o in origins)
        ):
            validate_cors_origins(origins)


@dataclass
class ApiGatewayProxyArgs:
    vpc_link: VpcLink
    """The link the integrations use; its group gets one egress rule per routed service."""
    routes: Sequence[ApiRoute]
    """At least one; prefixes and names unique."""
    cors: ApiCors | None = None
    """None: no CORS configuration (browsers on other origins can't read the answers)."""
    throttle_rate: float = 50.0
    """Steady-state requests per second on the `$default` stage."""
    throttle_burst: int = 100
    access_logs: bool = True
    """One JSON line per request to a log group kept `log_retention_days` (cdk-nag APIG1; no fixed fee:
    $0.50 per GB ingested, $0.03 per GB-month stored)."""
    log_retention_days: int = 7
    """0 keeps the access logs forever, as for a service's own logs."""
    domain: CustomDomain | None = None
    """A regional custom domain (certificate, mapping, alias record); `url` becomes `https://<domain>`."""
    description: str = DEFAULT_DESCRIPTION
    alarms: AlarmTopic | None = None
    """An alarm on the share of requests answered 5xx notifies here; None: no alarm."""
    error_rate_percent: float = 5.0
    """The alarm fires above this share of 5xx answers, over two 5-minute periods in a row..."""
    error_rate_min_requests: int = 20
    """...in which at least this many requests came: a lone failed request of an idle API is no outage."""
    routes_by_label: dict[str, ApiRoute] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.routes:
            raise ValueError("ApiGatewayProxy needs at least one route")
        prefixes = [route.prefix for route in self.routes]
        if len(set(prefixes)) != len(prefixes):
            raise ValueError(f"route prefixes must be unique, got {prefixes}")
        self.routes_by_label = {route.label: route for route in self.routes}
        if len(self.routes_by_label) != len(self.routes):
            raise ValueError(f"route names must be unique, got {[route.label for route in self.routes]}")
        if not self.throttle_rate > 0:
            raise ValueError(f"throttle_rate must be above 0 requests per second, got {self.throttle_rate!r}")
        if not isinstance(self.throttle_burst, int) or self.throttle_burst < 1:
            raise ValueError(
                f"throttle_burst must be a whole number of requests >= 1, got {self.throttle_burst!r}"
            )
        if self.log_retention_days < 0:
            raise ValueError(
                f"log_retention_days must be 0 (never expire) or more, got {self.log_retention_days}"
            )
        if not 0 < self.error_rate_percent < 100:
            raise ValueError(
                f"error_rate_percent must be above 0 and below 100, got {self.error_rate_percent!r}"
            )
        if not isinstance(self.error_rate_min_requests, int) or self.error_rate_min_requests < 1:
            raise ValueError(
                f"error_rate_min_requests must be a whole number >= 1, got {self.error_rate_min_requests!r}"
            )


class ApiGatewayProxy(Component):
    """HTTP API -> VPC link -> Cloud Map -> Fargate tasks, throttled, with optional CORS and domain."""

    api_id: pulumi.Output[str]
    api_endpoint: pulumi.Output[str]
    url: pulumi.Output[str]
    """The base URL clients use: the custom domain's when there is one."""

    def __init__(
        self,
        name: str,
        args: ApiGatewayProxyArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:ApiGatewayProxy", name, opts, moved)
        self._label = name
        self._link_egress(args)
        api = self._api(args)
        routes = self._routes(args, api)
        stage = self._stage(args, api, routes)
        url: pulumi.Output[str] = api.api_endpoint
        if args.domain is not None:
            url = self._custom_domain(args.domain, api, stage)
        if args.alarms is not None:
            self._error_rate_alarm(args, api)

        self.api_id = api.id
        self.api_endpoint = api.api_endpoint
        self.url = url
        self.finish({"apiId": self.api_id, "apiEndpoint": self.api_endpoint, "url": self.url})

    def _link_egress(self, args: ApiGatewayProxyArgs) -> None:
        """The link's group reaches each routed service's port on that service's group, nothing else."""
        targets: dict[str, RouteTarget] = {}
        for route in args.routes:
            targets.setdefault(route.target.discovery_name, route.target)
        for label, target in targets.items():
            child = f"{self._label}-vpc-link-to-{label}"
            aws.vpc.SecurityGroupEgressRule(
                child,
                security_group_id=args.vpc_link.security_group_id,
                referenced_security_group_id=target.security_group_id,
                ip_protocol="tcp",
                from_port=target.port,
                to_port=target.port,
                description="To the Fargate tasks' container port",
                opts=self.child_opts(child),
            )

    def _api(self, args: ApiGatewayProxyArgs) -> aws.apigatewayv2.Api:
        cors = None
        if args.cors is not None:
            cors = aws.apigatewayv2.ApiCorsConfigurationArgs(
                allow_origins=pulumi.Output.from_input(args.cors.allow_origins).apply(validate_cors_origins),
                allow_methods=list(args.cors.allow_methods),
                allow_headers=list(args.cors.allow_headers),
                expose_headers=list(args.cors.expose_headers),
                max_age=args.cors.max_age_seconds,
            )
        return aws.apigatewayv2.Api(
            self._label,
            protocol_type="HTTP",
            description=args.description,
            cors_configuration=cors,
            opts=self.child_opts(self._label),
        )

    def _routes(self, args: ApiGatewayProxyArgs, api: aws.apigatewayv2.Api) -> list[aws.apigatewayv2.Route]:
        routes: list[aws.apigatewayv2.Route] = []
        for route in args.routes:
            integration_name = f"{self._label}-{route.label}"
            integration = aws.apigatewayv2.Integration(
                integration_name,
                api_id=api.id,
                integration_type="HTTP_PROXY",
                connection_type="VPC_LINK",
                connection_id=args.vpc_link.vpc_link_id,
                integration_uri=route.target.cloud_map_service_arn,
                integration_method="ANY",
                payload_format_version="1.0",
                opts=self.child_opts(integration_name),
            )
            target = integration.id.apply(lambda integration_id: f"integrations/{integration_id}")
            for suffix, route_key in route.route_keys.items():
                route_name = f"{integration_name}-{suffix}"
                routes.append(
                    aws.apigatewayv2.Route(
                        route_name,
                        api_id=api.id,
                        route_key=route_key,
                        target=target,
                        opts=self.child_opts(route_name),
                    )
                )
        return routes

    def _stage(
        self, args: ApiGatewayProxyArgs, api: aws.apigatewayv2.Api, routes: list[aws.apigatewayv2.Route]
    ) -> aws.apigatewayv2.Stage:
        """Only `$default`: a named stage would put its name into the path the services see."""
        access_log_settings = None
        if args.access_logs:
            log_group = aws.cloudwatch.LogGroup(
                f"{self._label}-access",
                retention_in_days=args.log_retention_days or None,
                opts=self.child_opts(f"{self._label}-access"),
            )
            access_log_settings = aws.apigatewayv2.StageAccessLogSettingsArgs(
                destination_arn=log_group.arn, format=ACCESS_LOG_FORMAT
            )
        return aws.apigatewayv2.Stage(
            f"{self._label}-default",
            api_id=api.id,
            name="$default",
            auto_deploy=True,
            default_route_settings=aws.apigatewayv2.StageDefaultRouteSettingsArgs(
                throttling_rate_limit=args.throttle_rate,
                throttling_burst_limit=args.throttle_burst,
            ),
            access_log_settings=access_log_settings,
            opts=self.child_opts(f"{self._label}-default", depends_on=routes),
        )

    def _error_rate_alarm(self, args: ApiGatewayProxyArgs, api: aws.apigatewayv2.Api) -> None:
        """5xx answers as a share of all requests (metric math on two metrics: two alarm metrics).

        HTTP APIs publish `5xx` and `Count` by `ApiId` (and `ApiId, Stage`); this API only ever has the
        `$default` stage, so the API-wide metrics are that stage's.
        """
        assert args.alarms is not None

        def metric(query_id: str, name: str) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
            return aws.cloudwatch.MetricAlarmMetricQueryArgs(
                id=query_id,
                metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                    namespace="AWS/ApiGateway",
                    metric_name=name,
                    dimensions={"ApiId": api.id},
                    period=ERROR_RATE_PERIOD_SECONDS,
                    stat="Sum",
                ),
                return_data=False,
            )

        minimum, percent = args.error_rate_min_requests, args.error_rate_percent
        child = f"{self._label}-5xx-rate"
        aws.cloudwatch.MetricAlarm(
            child,
            name=args.alarms.alarm_name(child),
            alarm_description=(
                f"More than {percent:g}% of the API's requests answered 5xx in two 5-minute periods in a row "
                f"(periods with fewer than {minimum} requests count as 0%)."
            ),
            metric_queries=[
                metric("errors", "5xx"),
                metric("requests", "Count"),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="rate",
                    expression=f"IF(requests >= {minimum}, 100 * errors / requests, 0)",
                    label="5xx answers, % of requests",
                    return_data=True,
                ),
            ],
            evaluation_periods=2,
            datapoints_to_alarm=2,
            comparison_operator="GreaterThanThreshold",
            threshold=percent,
            # No requests, no datapoints: an idle API is not failing.
            treat_missing_data="notBreaching",
            alarm_actions=[args.alarms.topic_arn],
            ok_actions=[args.alarms.topic_arn],
            opts=self.child_opts(child),
        )

    def _custom_domain(
        self, domain: CustomDomain, api: aws.apigatewayv2.Api, stage: aws.apigatewayv2.Stage
    ) -> pulumi.Output[str]:
        name = self._label
        zone_id = public_zone_id(domain, self)
        # A regional endpoint takes a certificate from the API's own region: the default provider's.
        certificate_arn = dns_validated_certificate(name, domain, zone_id, parent=self)
        domain_name = aws.apigatewayv2.DomainName(
            f"{name}-domain",
            domain_name=domain.domain_name,
            domain_name_configuration=aws.apigatewayv2.DomainNameDomainNameConfigurationArgs(
                certificate_arn=certificate_arn,
                endpoint_type="REGIONAL",
                security_policy="TLS_1_2",
            ),
            opts=self.child_opts(f"{name}-domain"),
        )
        aws.apigatewayv2.ApiMapping(
            f"{name}-mapping",
            api_id=api.id,
            domain_name=domain_name.id,
            stage=stage.id,
            opts=self.child_opts(f"{name}-mapping"),
        )
        configuration = domain_name.domain_name_configuration
        aws.route53.Record(
            f"{name}-alias",
            zone_id=zone_id,
            name=domain.domain_name,
            type="A",
            aliases=[
                aws.route53.RecordAliasArgs(
                    name=configuration.target_domain_name,
                    zone_id=configuration.hosted_zone_id,
                    evaluate_target_health=False,
                )
            ],
            opts=self.child_opts(f"{name}-alias"),
        )
        return pulumi.Output.from_input(f"https://{domain.domain_name}")
