"""ApiGatewayProxy under the recording mocks: what API Gateway, the VPC link and DNS would be given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from frugal.components import (
    ApiCors,
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    ApiRoute,
    CustomDomain,
    VpcLink,
    VpcLinkArgs,
    validate_cors_origins,
)
from frugal.mocks import Recording, run_program
from tests.edge import aws_shapes

SITE_ORIGIN = "https://d111111abcdef8.cloudfront.net"
CONTAINER_PORT = 8000
SERVICE_SG = "sg-0service"
API = "aws:apigatewayv2/api:Api"
INTEGRATION = "aws:apigatewayv2/integration:Integration"
ROUTE = "aws:apigatewayv2/route:Route"
STAGE = "aws:apigatewayv2/stage:Stage"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
CORS = {"allow_methods": ["GET", "POST"], "allow_headers": ["content-type"], "expose_headers": ["location"]}


@dataclass
class Target:
    """What a route needs from a service, without a whole FargateService."""

    discovery_name: str
    port: int
    cloud_map_service_arn: pulumi.Output[str]
    security_group_id: pulumi.Input[str]


def target(name: str = "app", port: int = CONTAINER_PORT, group: str = SERVICE_SG) -> Target:
    discovery = aws.servicediscovery.Service(f"{name}-discovery", name=name)
    return Target(name, port, discovery.arn, group)


def proxy_args(routes: list[ApiRoute] | None = None, **overrides: Any) -> ApiGatewayProxyArgs:
    link = VpcLink(
        "api", VpcLinkArgs(vpc_id="vpc-0main", subnet_ids=["subnet-private-a", "subnet-private-b"])
    )
    args: dict[str, Any] = {
        "vpc_link": link,
        "routes": routes if routes is not None else [ApiRoute("/", target())],
        "cors": ApiCors(allow_origins=[SITE_ORIGIN], **CORS),
    }
    args.update(overrides)
    return ApiGatewayProxyArgs(**args)


def run_proxy(routes: Any = None, **overrides: Any) -> Recording:
    """A Cloud Map service like FargateService's (or several), and the proxy in front of it."""

    def program() -> None:
        proxy = ApiGatewayProxy("api", proxy_args(routes() if callable(routes) else routes, **overrides))
        pulumi.export("apiUrl", proxy.url)
        pulumi.export("apiId", proxy.api_id)

    return run_program(program, project="frugal", stack="test")


@pytest.fixture(scope="module")
def recording() -> Recording:
    return run_proxy()


def test_component_type_and_children(recording: Recording) -> None:
    component = recording.one("frugal:components:ApiGatewayProxy")
    children = {r.type for r in recording.children_of(component.urn)}
    assert {API, INTEGRATION, ROUTE, STAGE, EGRESS, "aws:cloudwatch/logGroup:LogGroup"} == children
    link = recording.one("frugal:components:VpcLink")
    assert {r.type for r in recording.children_of(link.urn)} == {
        "aws:apigatewayv2/vpcLink:VpcLink",
        "aws:ec2/securityGroup:SecurityGroup",
    }
    # Nothing of the edge escapes the components' trees.
    assert all(
        r.parent in (component.urn, link.urn)
        for r in recording.resources
        if r.type.startswith("aws:apigatewayv2")
    )


def test_integration_targets_the_cloud_map_service_arn_not_a_url(recording: Recording) -> None:
    integration = recording.one(INTEGRATION).inputs
    discovery_arn = recording.named("app-discovery").outputs["arn"]
    assert integration["integrationUri"] == discovery_arn
    assert integration["integrationUri"].startswith("arn:aws:servicediscovery:")
    assert "://" not in integration["integrationUri"]
    assert integration["integrationType"] == "HTTP_PROXY"
    assert integration["connectionType"] == "VPC_LINK"
    assert integration["connectionId"] == recording.one("aws:apigatewayv2/vpcLink:VpcLink").id
    assert integration["integrationMethod"] == "ANY"
    assert integration["payloadFormatVersion"] == "1.0"
    # The path goes through unchanged: no parameter mapping (see the module's docstring).
    assert "requestParameters" not in integration


def test_the_catch_all_route_covers_every_path_on_the_default_stage(recording: Recording) -> None:
    integration_id = recording.one(INTEGRATION).id
    routes = {r.inputs["routeKey"]: r.inputs for r in recording.of_type(ROUTE)}
    assert set(routes) == {"ANY /{proxy+}", "ANY /"}
    assert {r["target"] for r in routes.values()} == {f"integrations/{integration_id}"}
    stage = recording.one(STAGE).inputs
    # A named stage would be prepended to the path the service sees.
    assert stage["name"] == "$default"
    assert stage["autoDeploy"] is True
    assert len(recording.of_type(STAGE)) == 1


def two_services() -> list[ApiRoute]:
    return [
        ApiRoute("/api", target("inventory", 8080, "sg-inventory")),
        ApiRoute("/summary", target("summary", 8081, "sg-summary")),
    ]


def test_path_prefixes_route_to_their_services_through_one_link() -> None:
    recording = run_proxy(two_services)
    integrations = {i.name: i.inputs for i in recording.of_type(INTEGRATION)}
    assert set(integrations) == {"api-inventory", "api-summary"}
    arns = {name: recording.named(f"{name}-discovery").outputs["arn"] for name in ("inventory", "summary")}
    assert {name: i["integrationUri"] for name, i in integrations.items()} == {
        "api-inventory": arns["inventory"],
        "api-summary": arns["summary"],
    }
    (link,) = recording.of_type("aws:apigatewayv2/vpcLink:VpcLink")
    assert {i["connectionId"] for i in integrations.values()} == {link.id}
    by_id = {i.id: i.name for i in recording.of_type(INTEGRATION)}
    routes = {
        r.inputs["routeKey"]: by_id[r.inputs["target"].removeprefix("integrations/")]
        for r in recording.of_type(ROUTE)
    }
    assert routes == {
        "ANY /api/{proxy+}": "api-inventory",
        "ANY /api": "api-inventory",
        "ANY /summary/{proxy+}": "api-summary",
        "ANY /summary": "api-summary",
    }
    stage = recording.one(STAGE)
    assert {r.urn for r in recording.of_type(ROUTE)} <= set(stage.dependencies)


def test_the_link_reaches_exactly_the_routed_services_ports() -> None:
    recording = run_proxy(two_services)
    link_sg = recording.one("aws:ec2/securityGroup:SecurityGroup")
    egress = sorted(
        (r.inputs["referencedSecurityGroupId"], r.inputs["fromPort"], r.inputs["toPort"])
        for r in recording.of_type(EGRESS)
        if r.inputs["securityGroupId"] == link_sg.id
    )
    assert egress == [("sg-inventory", 8080, 8080), ("sg-summary", 8081, 8081)]
    # The services own their ingress: the proxy adds none.
    assert not recording.of_type(INGRESS)


def test_two_routes_to_one_service_open_its_port_once() -> None:
    def routes() -> list[ApiRoute]:
        inventory = target("inventory", 8080, "sg-inventory")
        return [ApiRoute("/api", inventory), ApiRoute("/health", inventory, name="health")]

    recording = run_proxy(routes)
    assert len(recording.of_type(EGRESS)) == 1
    assert {i.name for i in recording.of_type(INTEGRATION)} == {"api-inventory", "api-health"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda t: [ApiRoute("/api", t), ApiRoute("/api", t, name="again")], "prefixes must be unique"),
        (lambda t: [ApiRoute("/a", t), ApiRoute("/b", t)], "route names must be unique"),
        (lambda t: [], "at least one route"),
    ],
)
def test_bad_route_sets_are_refused(make: Any, message: str) -> None:
    def program() -> None:
        ApiGatewayProxy("api", proxy_args(make(target())))

    with pytest.raises(ValueError, match=message):
        run_program(program)


@pytest.mark.parametrize("prefix", ["", "api", "/api/", "/api/{proxy+}", "/a b"])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="route prefix"):
        ApiRoute(prefix, Target("x", 80, pulumi.Output.from_input("arn"), "sg"))


def test_stage_is_throttled_with_defaults_and_with_config() -> None:
    defaults = run_proxy().one(STAGE).inputs["defaultRouteSettings"]
    assert defaults["throttlingRateLimit"] == 50
    assert defaults["throttlingBurstLimit"] == 100
    configured = run_proxy(throttle_rate=5.5, throttle_burst=11).one(STAGE).inputs["defaultRouteSettings"]
    assert configured["throttlingRateLimit"] == 5.5
    assert configured["throttlingBurstLimit"] == 11


def test_cors_allows_exactly_the_configured_origins_methods_and_headers(recording: Recording) -> None:
    cors = recording.one(API).inputs["corsConfiguration"]
    assert cors == {
        "allowOrigins": [SITE_ORIGIN],
        "allowMethods": ["GET", "POST"],
        "allowHeaders": ["content-type"],
        "exposeHeaders": ["location"],
        "maxAge": 600,
    }


def test_no_cors_means_no_cors_configuration() -> None:
    assert "corsConfiguration" not in run_proxy(cors=None).one(API).inputs


def test_cors_extras_are_added_and_duplicates_dropped() -> None:
    extra = "http://localhost:5173"
    cors = ApiCors(allow_origins=[SITE_ORIGIN, extra, SITE_ORIGIN], **CORS)
    configuration = run_proxy(cors=cors).one(API).inputs["corsConfiguration"]
    assert configuration["allowOrigins"] == [SITE_ORIGIN, extra]


def test_cors_origins_from_another_resource_are_validated_too() -> None:
    """An Output list (the site's CloudFront origin) is checked once it is known."""

    def bad_origins() -> None:
        origins = aws.ec2.SecurityGroup("x").id.apply(lambda _: ["https://example.com/path"])
        ApiGatewayProxy("api", proxy_args(cors=ApiCors(allow_origins=origins, **CORS)))

    with pytest.raises(Exception, match="no path, no wildcard"):
        run_program(bad_origins)


@pytest.mark.parametrize(
    "origin", ["*", "https://*.example.com", "example.com", "https://example.com/", "", "https://Example.com"]
)
def test_bad_cors_origins_are_refused(origin: str) -> None:
    with pytest.raises(ValueError, match="must look like"):
        validate_cors_origins([SITE_ORIGIN, origin])


def test_no_cors_origin_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one allowed origin"):
        validate_cors_origins([])


def test_access_logs_are_on_by_default_retained_and_can_be_turned_off(recording: Recording) -> None:
    # On by default (cdk-nag APIG1): a log group has no fixed fee.
    assert (
        recording.one(STAGE).inputs["accessLogSettings"]["destinationArn"]
        == (recording.one("aws:cloudwatch/logGroup:LogGroup").outputs["arn"])
    )
    unlogged = run_proxy(access_logs=False)
    assert "accessLogSettings" not in unlogged.one(STAGE).inputs
    assert not unlogged.of_type("aws:cloudwatch/logGroup:LogGroup")

    logged = run_proxy(access_logs=True, log_retention_days=14)
    group = logged.one("aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["retentionInDays"] == 14
    settings = logged.one(STAGE).inputs["accessLogSettings"]
    assert settings["destinationArn"] == group.outputs["arn"]
    fields = json.loads(settings["format"])
    assert fields["requestId"] == "$context.requestId"
    assert fields["status"] == "$context.status"


def test_access_logs_retention_zero_means_never_expire() -> None:
    group = run_proxy(access_logs=True, log_retention_days=0).one("aws:cloudwatch/logGroup:LogGroup")
    assert "retentionInDays" not in group.inputs


def test_outputs_are_the_endpoint_and_the_api_id(recording: Recording) -> None:
    api = recording.one(API)
    assert recording.stack_outputs["apiUrl"] == api.outputs["apiEndpoint"]
    assert recording.stack_outputs["apiUrl"].startswith("https://")
    assert recording.stack_outputs["apiId"] == api.id
    assert not recording.of_type("aws:acm/certificate:Certificate")
    assert not recording.of_type("aws:route53/record:Record")
    component = recording.one("frugal:components:ApiGatewayProxy")
    assert component.outputs == {
        "apiId": api.id,
        "apiEndpoint": api.outputs["apiEndpoint"],
        "url": api.outputs["apiEndpoint"],
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"throttle_rate": 0}, "throttle_rate"),
        ({"throttle_burst": 0}, "throttle_burst"),
        ({"throttle_burst": 2.5}, "throttle_burst"),
        ({"log_retention_days": -1}, "log_retention_days"),
    ],
)
def test_bad_arguments_are_refused_with_the_argument_named(overrides: dict[str, Any], message: str) -> None:
    def program() -> None:
        proxy_args(**overrides)

    with pytest.raises(ValueError, match=message):
        run_program(program)


def test_bad_cors_arguments_are_refused_at_once() -> None:
    with pytest.raises(ValueError, match="must look like"):
        ApiCors(allow_origins=["*"], allow_methods=["GET"])


AUTONAMED_OPERATIONS = ("CreateApi", "CreateVpcLink")


@pytest.mark.parametrize(
    ("resource_type", "operation"),
    [
        (API, "CreateApi"),
        (INTEGRATION, "CreateIntegration"),
        (ROUTE, "CreateRoute"),
        (STAGE, "CreateStage"),
        ("aws:apigatewayv2/vpcLink:VpcLink", "CreateVpcLink"),
        ("aws:apigatewayv2/apiMapping:ApiMapping", "CreateApiMapping"),
    ],
)
def test_inputs_match_the_api_gateway_request_shapes(resource_type: str, operation: str) -> None:
    recording = run_proxy(
        two_services, access_logs=True, domain=CustomDomain("api.example.com", "example.com")
    )
    resources = recording.of_type(resource_type)
    assert resources, f"no {resource_type} recorded"
    for resource in resources:
        request, mapping_errors = aws_shapes.apigatewayv2_request(operation, resource.inputs)
        assert mapping_errors == []
        if operation in AUTONAMED_OPERATIONS:
            # The engine's auto-naming fills `name` ("api-1a2b3c4") after the program; mocks don't.
            assert "Name" not in request
            request["Name"] = f"{resource.name}-1a2b3c4"
        assert aws_shapes.validate("apigatewayv2", operation, request) == []


def test_shape_check_catches_a_bad_enum_and_an_unknown_input() -> None:
    """The botocore check itself must be able to fail."""
    request, mapping_errors = aws_shapes.apigatewayv2_request(
        "CreateIntegration", {"apiId": "a", "integrationType": "HTTP_PROXI", "integrationUrl": "x"}
    )
    assert mapping_errors == ["CreateIntegration.integrationUrl: not a member of CreateIntegrationRequest"]
    errors = aws_shapes.validate("apigatewayv2", "CreateIntegration", request)
    assert any("HTTP_PROXI" in e for e in errors)
    request, _ = aws_shapes.apigatewayv2_request("CreateIntegration", {"integrationType": "HTTP_PROXY"})
    assert any("ApiId" in e for e in aws_shapes.validate("apigatewayv2", "CreateIntegration", request))
