"""ApiGatewayProxy: an API Gateway HTTP API in front of the Fargate service, with no load balancer.

Requests go API Gateway -> VPC link -> the Cloud Map service's SRV records -> a task's IP and port.
The integration target is the Cloud Map service ARN (API Gateway rejects a URL for a VPC link to
Cloud Map), and the stage is `$default`, so no stage name is prepended to the backend path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

# The same CORS answer the Flask app gives (app/cors.py; a test keeps them equal), because with a
# CORS configuration API Gateway answers preflights itself and replaces the backend's CORS headers.
# OPTIONS preflights are answered by API Gateway, so only the methods the inventory API uses are listed.
DEFAULT_CORS_METHODS: tuple[str, ...] = ("GET", "POST", "PATCH", "DELETE")
# The page sends JSON bodies and the API key header; header names compare case-insensitively.
DEFAULT_CORS_HEADERS: tuple[str, ...] = ("content-type", "x-api-key")
# The page reads the request id (for error reports) and the new item's Location.
DEFAULT_CORS_EXPOSE_HEADERS: tuple[str, ...] = ("x-request-id", "location")
CORS_MAX_AGE_SECONDS = 600

_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


def is_dns_name(value: str) -> bool:
    """A fully qualified DNS name such as `app.example.com` (no trailing dot, no wildcard)."""
    return bool(_HOSTNAME.match(value))


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


@dataclass(frozen=True)
class CustomDomain:
    """A domain name in a public Route 53 hosted zone that already exists (zone `example.com`)."""

    domain_name: str
    hosted_zone: str

    def __post_init__(self) -> None:
        domain = self.domain_name.rstrip(".").lower()
        zone = self.hosted_zone.rstrip(".").lower()
        for label, value in (("domain", domain), ("hosted zone", zone)):
            if not is_dns_name(value):
                raise ValueError(f"custom {label} {value!r} is not a DNS name like 'app.example.com'")
        if domain != zone and not domain.endswith("." + zone):
            raise ValueError(f"custom domain {domain!r} is not inside hosted zone {zone!r}")
        object.__setattr__(self, "domain_name", domain)
        object.__setattr__(self, "hosted_zone", zone)


def custom_domain(domain_name: str | None, hosted_zone: str | None, *, what: str) -> CustomDomain | None:
    """A CustomDomain when both are given, None when neither is, and a clear error for half a pair."""
    if not domain_name and not hosted_zone:
        return None
    if not domain_name or not hosted_zone:
        raise ValueError(f"{what}: a custom domain needs both the domain name and the hosted zone")
    return CustomDomain(domain_name, hosted_zone)


def validate_cors_origins(origins: Sequence[str]) -> list[str]:
    """Origins must be exact `scheme://host[:port]` values; a wildcard would let any site use the API key."""
    checked: list[str] = []
    for origin in origins:
        if not isinstance(origin, str) or not _ORIGIN.match(origin):
            raise ValueError(
                f"CORS origin {origin!r} must look like 'https://example.com' "
                "(scheme and host, optional port, no path, no wildcard)"
            )
        if origin not in checked:
            checked.append(origin)
    if not checked:
        raise ValueError("CORS needs at least one allowed origin (the static site's)")
    return checked


def dns_validated_certificate(
    name: str,
    domain: CustomDomain,
    zone_id: pulumi.Input[str],
    *,
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource | None = None,
) -> pulumi.Output[str]:
    """An ACM certificate validated through a Route 53 record; returns the ARN once it is issued.

    `provider` picks the certificate's region (CloudFront only accepts us-east-1 certificates); the
    validation record is global DNS and uses the default provider.
    """
    certificate = aws.acm.Certificate(
        f"{name}-certificate",
        domain_name=domain.domain_name,
        validation_method="DNS",
        opts=pulumi.ResourceOptions(parent=parent, provider=provider),
    )
    option = certificate.domain_validation_options[0]
    record = aws.route53.Record(
        f"{name}-certificate-validation",
        zone_id=zone_id,
        name=option.resource_record_name,
        type=option.resource_record_type,
        records=[option.resource_record_value],
        ttl=60,
        # ACM reuses the same record name for a re-issued certificate of the same domain.
        allow_overwrite=True,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    validation = aws.acm.CertificateValidation(
        f"{name}-certificate-issued",
        certificate_arn=certificate.arn,
        validation_record_fqdns=[record.fqdn],
        opts=pulumi.ResourceOptions(parent=parent, provider=provider),
    )
    return validation.certificate_arn


@dataclass
class ApiGatewayProxyArgs:
    vpc_id: pulumi.Input[str]
    # Private subnets the VPC link's network interfaces live in (the tasks' subnets).
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    service_security_group_id: pulumi.Input[str]
    cloud_map_service_arn: pulumi.Input[str]
    container_port: int
    cors_origins: pulumi.Input[Sequence[str]]
    # The same defaults as Pulumi.yaml's apiThrottleRate and apiThrottleBurst.
    throttle_rate: float = 50.0
    throttle_burst: int = 100
    access_logs: bool = False
    # 0 keeps the access logs forever, as for the service's own logs.
    log_retention_days: int = 7
    domain: CustomDomain | None = None
    cors_methods: Sequence[str] = field(default_factory=lambda: list(DEFAULT_CORS_METHODS))
    cors_headers: Sequence[str] = field(default_factory=lambda: list(DEFAULT_CORS_HEADERS))

    def __post_init__(self) -> None:
        if not isinstance(self.container_port, int) or not 1 <= self.container_port <= 65535:
            raise ValueError(
                f"container_port must be an integer from 1 to 65535, got {self.container_port!r}"
            )
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
        # A plain list is checked now; an Output is checked in the component once it resolves.
        plain_list = isinstance(self.cors_origins, Sequence) and not isinstance(self.cors_origins, str)
        if plain_list and all(isinstance(origin, str) for origin in self.cors_origins):
            validate_cors_origins(self.cors_origins)


class ApiGatewayProxy(pulumi.ComponentResource):
    """HTTP API -> VPC link -> Cloud Map -> Fargate tasks, throttled, with CORS for the static site."""

    api_id: pulumi.Output[str]
    api_endpoint: pulumi.Output[str]
    url: pulumi.Output[str]
    vpc_link_security_group_id: pulumi.Output[str]

    def __init__(
        self, name: str, args: ApiGatewayProxyArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("frugal:components:ApiGatewayProxy", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        # The VPC link's own group. The provider strips AWS's default allow-all egress rule from a new
        # group, so the one egress rule below is all the link can reach: the service port on the tasks.
        link_sg = aws.ec2.SecurityGroup(
            f"{name}-vpc-link",
            vpc_id=args.vpc_id,
            description="API Gateway VPC link: reaches the service port only",
            opts=child,
        )
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-vpc-link-to-service",
            security_group_id=link_sg.id,
            referenced_security_group_id=args.service_security_group_id,
            ip_protocol="tcp",
            from_port=args.container_port,
            to_port=args.container_port,
            description="To the Fargate tasks' container port",
            opts=child,
        )
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-service-from-vpc-link",
            security_group_id=args.service_security_group_id,
            referenced_security_group_id=link_sg.id,
            ip_protocol="tcp",
            from_port=args.container_port,
            to_port=args.container_port,
            description="From the API Gateway VPC link",
            opts=child,
        )
        vpc_link = aws.apigatewayv2.VpcLink(
            f"{name}-vpc-link",
            subnet_ids=args.subnet_ids,
            security_group_ids=[link_sg.id],
            opts=child,
        )

        origins = pulumi.Output.from_input(args.cors_origins).apply(validate_cors_origins)
        api = aws.apigatewayv2.Api(
            name,
            protocol_type="HTTP",
            description="frugal inventory API (HTTP API -> VPC link -> Cloud Map -> Fargate)",
            cors_configuration=aws.apigatewayv2.ApiCorsConfigurationArgs(
                allow_origins=origins,
                allow_methods=list(args.cors_methods),
                allow_headers=list(args.cors_headers),
                expose_headers=list(DEFAULT_CORS_EXPOSE_HEADERS),
                max_age=CORS_MAX_AGE_SECONDS,
            ),
            opts=child,
        )
        integration = aws.apigatewayv2.Integration(
            f"{name}-service",
            api_id=api.id,
            integration_type="HTTP_PROXY",
            connection_type="VPC_LINK",
            connection_id=vpc_link.id,
            integration_uri=args.cloud_map_service_arn,
            integration_method="ANY",
            payload_format_version="1.0",
            opts=child,
        )
        target = integration.id.apply(lambda integration_id: f"integrations/{integration_id}")
        routes = [
            aws.apigatewayv2.Route(
                f"{name}-{suffix}", api_id=api.id, route_key=route_key, target=target, opts=child
            )
            for suffix, route_key in (("proxy", "ANY /{proxy+}"), ("root", "ANY /"))
        ]

        access_log_settings = None
        if args.access_logs:
            log_group = aws.cloudwatch.LogGroup(
                f"{name}-access",
                retention_in_days=args.log_retention_days or None,
                opts=child,
            )
            access_log_settings = aws.apigatewayv2.StageAccessLogSettingsArgs(
                destination_arn=log_group.arn,
                format=ACCESS_LOG_FORMAT,
            )
        stage = aws.apigatewayv2.Stage(
            f"{name}-default",
            api_id=api.id,
            name="$default",
            auto_deploy=True,
            default_route_settings=aws.apigatewayv2.StageDefaultRouteSettingsArgs(
                throttling_rate_limit=args.throttle_rate,
                throttling_burst_limit=args.throttle_burst,
            ),
            access_log_settings=access_log_settings,
            opts=pulumi.ResourceOptions(parent=self, depends_on=routes),
        )

        url: pulumi.Output[str] = api.api_endpoint
        if args.domain is not None:
            url = self._custom_domain(name, args.domain, api, stage)

        self.api_id = api.id
        self.api_endpoint = api.api_endpoint
        self.url = url
        self.vpc_link_security_group_id = link_sg.id
        self.register_outputs(
            {
                "apiId": self.api_id,
                "apiEndpoint": self.api_endpoint,
                "url": self.url,
                "vpcLinkSecurityGroupId": self.vpc_link_security_group_id,
            }
        )

    def _custom_domain(
        self, name: str, domain: CustomDomain, api: aws.apigatewayv2.Api, stage: aws.apigatewayv2.Stage
    ) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        zone = aws.route53.get_zone_output(
            name=domain.hosted_zone, private_zone=False, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        # A regional endpoint takes a certificate from the API's own region: the default provider's.
        certificate_arn = dns_validated_certificate(name, domain, zone.zone_id, parent=self)
        domain_name = aws.apigatewayv2.DomainName(
            f"{name}-domain",
            domain_name=domain.domain_name,
            domain_name_configuration=aws.apigatewayv2.DomainNameDomainNameConfigurationArgs(
                certificate_arn=certificate_arn,
                endpoint_type="REGIONAL",
                security_policy="TLS_1_2",
            ),
            opts=child,
        )
        aws.apigatewayv2.ApiMapping(
            f"{name}-mapping", api_id=api.id, domain_name=domain_name.id, stage=stage.id, opts=child
        )
        configuration = domain_name.domain_name_configuration
        aws.route53.Record(
            f"{name}-alias",
            zone_id=zone.zone_id,
            name=domain.domain_name,
            type="A",
            aliases=[
                aws.route53.RecordAliasArgs(
                    name=configuration.target_domain_name,
                    zone_id=configuration.hosted_zone_id,
                    evaluate_target_health=False,
                )
            ],
            opts=child,
        )
        return pulumi.Output.from_input(f"https://{domain.domain_name}")
