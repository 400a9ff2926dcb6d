"""ApiGatewayProxy under the recording mocks: what API Gateway, the VPC link and DNS would be given."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from components.api_gateway_proxy import (
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    CustomDomain,
    custom_domain,
    validate_cors_origins,
)
from tests.edge import aws_shapes
from tools.mocks import Recording, run_program

SITE_ORIGIN = "https://d111111abcdef8.cloudfront.net"
CONTAINER_PORT = 8000
SERVICE_SG = "sg-0service"
API = "aws:apigatewayv2/api:Api"
INTEGRATION = "aws:apigatewayv2/integration:Integration"
ROUTE = "aws:apigatewayv2/route:Route"
STAGE = "aws:apigatewayv2/stage:Stage"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"


def run_proxy(**overrides: Any) -> Recording:
    """A Cloud Map service like FargateService's, and the proxy in front of it."""

    def program() -> None:
        discovery = aws.servicediscovery.Service("discovery", name="app")
        args: dict[str, Any] = {
            "vpc_id": "vpc-0main",
            "subnet_ids": ["subnet-private-a", "subnet-private-b"],
            "service_security_group_id": SERVICE_SG,
            "cloud_map_service_arn": discovery.arn,
            "container_port": CONTAINER_PORT,
            "cors_origins": [SITE_ORIGIN],
        }
        args.update(overrides)
        proxy = ApiGatewayProxy("api", ApiGatewayProxyArgs(**args))
        pulumi.export("apiUrl", proxy.url)
        pulumi.export("apiId", proxy.api_id)

    return run_program(program, project="frugal", stack="test")


@pytest.fixture(scope="module")
def recording() -> Recording:
    return run_proxy()


def test_component_type_and_children(recording: Recording) -> None:
    component = recording.one("frugal:components:ApiGatewayProxy")
    children = {r.type for r in recording.children_of(component.urn)}
    assert {API, INTEGRATION, ROUTE, STAGE, EGRESS, INGRESS, "aws:apigatewayv2/vpcLink:VpcLink"} <= children
    # Nothing of the edge escapes the component's tree.
    assert all(
        r.parent == component.urn for r in recording.resources if r.type.startswith("aws:apigatewayv2")
    )


def test_integration_targets_the_cloud_map_service_arn_not_a_url(recording: Recording) -> None:
    integration = recording.one(INTEGRATION).inputs
    discovery_arn = recording.named("discovery").outputs["arn"]
    assert integration["integrationUri"] == discovery_arn
    assert integration["integrationUri"].startswith("arn:aws:servicediscovery:")
    assert "://" not in integration["integrationUri"]
    assert integration["integrationType"] == "HTTP_PROXY"
    assert integration["connectionType"] == "VPC_LINK"
    assert integration["connectionId"] == recording.one("aws:apigatewayv2/vpcLink:VpcLink").id
    assert integration["integrationMethod"] == "ANY"
    assert integration["payloadFormatVersion"] == "1.0"


def test_routes_cover_every_path_on_the_default_stage(recording: Recording) -> None:
    integration_id = recording.one(INTEGRATION).id
    routes = {r.inputs["routeKey"]: r.inputs for r in recording.of_type(ROUTE)}
    assert set(routes) == {"ANY /{proxy+}", "ANY /"}
    assert {r["target"] for r in routes.values()} == {f"integrations/{integration_id}"}
    stage = recording.one(STAGE).inputs
    # A named stage would be prepended to the path the Flask app sees.
    assert stage["name"] == "$default"
    assert stage["autoDeploy"] is True


def test_stage_is_throttled_with_defaults_and_with_config() -> None:
    defaults = run_proxy().one(STAGE).inputs["defaultRouteSettings"]
    assert defaults["throttlingRateLimit"] == 50
    assert defaults["throttlingBurstLimit"] == 100
    configured = run_proxy(throttle_rate=5.5, throttle_burst=11).one(STAGE).inputs["defaultRouteSettings"]
    assert configured["throttlingRateLimit"] == 5.5
    assert configured["throttlingBurstLimit"] == 11


def test_vpc_link_security_group_reaches_only_the_service_port(recording: Recording) -> None:
    link_sg = recording.one("aws:ec2/securityGroup:SecurityGroup")
    # No inline rules: the provider then removes AWS's default allow-all egress rule.
    assert "egress" not in link_sg.inputs and "ingress" not in link_sg.inputs
    egress = [r.inputs for r in recording.of_type(EGRESS) if r.inputs["securityGroupId"] == link_sg.id]
    assert egress == [
        {
            "securityGroupId": link_sg.id,
            "referencedSecurityGroupId": SERVICE_SG,
            "ipProtocol": "tcp",
            "fromPort": CONTAINER_PORT,
            "toPort": CONTAINER_PORT,
            "description": "To the Fargate tasks' container port",
        }
    ]
    assert not [r for r in recording.of_type(INGRESS) if r.inputs["securityGroupId"] == link_sg.id]
    link = recording.one("aws:apigatewayv2/vpcLink:VpcLink").inputs
    assert link["securityGroupIds"] == [link_sg.id]
    assert link["subnetIds"] == ["subnet-private-a", "subnet-private-b"]


def test_service_security_group_admits_the_vpc_link_on_the_container_port(recording: Recording) -> None:
    link_sg = recording.one("aws:ec2/securityGroup:SecurityGroup")
    ingress = recording.one(INGRESS).inputs
    assert ingress["securityGroupId"] == SERVICE_SG
    assert ingress["referencedSecurityGroupId"] == link_sg.id
    assert (ingress["ipProtocol"], ingress["fromPort"], ingress["toPort"]) == (
        "tcp",
        CONTAINER_PORT,
        CONTAINER_PORT,
    )
    assert "cidrIpv4" not in ingress and "cidrIpv6" not in ingress


def test_cors_allows_exactly_the_site_origin_and_the_api_headers(recording: Recording) -> None:
    cors = recording.one(API).inputs["corsConfiguration"]
    assert cors["allowOrigins"] == [SITE_ORIGIN]
    assert sorted(h.lower() for h in cors["allowHeaders"]) == ["content-type", "x-api-key"]
    # The methods the Flask app's routes use, and no wildcard.
    assert sorted(cors["allowMethods"]) == ["DELETE", "GET", "PATCH", "POST"]
    assert sorted(h.lower() for h in cors["exposeHeaders"]) == ["location", "x-request-id"]
    assert "allowCredentials" not in cors


def test_cors_extras_are_added_and_duplicates_dropped() -> None:
    extra = "http://localhost:5173"
    cors = run_proxy(cors_origins=[SITE_ORIGIN, extra, SITE_ORIGIN]).one(API).inputs["corsConfiguration"]
    assert cors["allowOrigins"] == [SITE_ORIGIN, extra]


def test_cors_origins_from_another_resource_are_validated_too() -> None:
    """An Output list (the site's CloudFront origin) is checked once it is known."""

    def bad_origins() -> None:
        discovery = aws.servicediscovery.Service("discovery", name="app")
        origins = discovery.arn.apply(lambda _: ["https://example.com/path"])
        ApiGatewayProxy(
            "api",
            ApiGatewayProxyArgs(
                vpc_id="vpc-0main",
                subnet_ids=["subnet-private-a"],
                service_security_group_id=SERVICE_SG,
                cloud_map_service_arn=discovery.arn,
                container_port=CONTAINER_PORT,
                cors_origins=origins,
            ),
        )

    with pytest.raises(Exception, match="no path, no wildcard"):
        run_program(bad_origins)


@pytest.mark.parametrize("origin", ["*", "https://*.example.com", "example.com", "https://example.com/", ""])
def test_bad_cors_origins_are_refused(origin: str) -> None:
    with pytest.raises(ValueError, match="must look like"):
        validate_cors_origins([SITE_ORIGIN, origin])


def test_no_cors_origin_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one allowed origin"):
        validate_cors_origins([])


def test_access_logs_are_off_by_default_and_retained_when_on(recording: Recording) -> None:
    assert "accessLogSettings" not in recording.one(STAGE).inputs
    assert not recording.of_type("aws:cloudwatch/logGroup:LogGroup")

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


def test_custom_domain_uses_a_regional_certificate_and_an_alias() -> None:
    recording = run_proxy(domain=CustomDomain("API.example.com.", "example.com"))
    certificate = recording.one("aws:acm/certificate:Certificate")
    assert certificate.inputs["domainName"] == "api.example.com"
    assert certificate.inputs["validationMethod"] == "DNS"
    # The default provider: a regional API takes a certificate from its own region.
    assert certificate.provider is None or "us-east-1" not in certificate.provider.split("::")[-2]
    validation_record = recording.named("api-certificate-validation").inputs
    assert validation_record["type"] == "CNAME"
    assert validation_record["zoneId"] == "ZPREVIEW"
    issued = recording.one("aws:acm/certificateValidation:CertificateValidation").inputs
    domain = recording.one("aws:apigatewayv2/domainName:DomainName").inputs
    assert domain["domainName"] == "api.example.com"
    assert domain["domainNameConfiguration"] == {
        "certificateArn": issued["certificateArn"],
        "endpointType": "REGIONAL",
        "securityPolicy": "TLS_1_2",
    }
    mapping = recording.one("aws:apigatewayv2/apiMapping:ApiMapping").inputs
    assert mapping["stage"] == recording.one(STAGE).id
    assert mapping["apiId"] == recording.one(API).id
    alias = recording.named("api-alias").inputs
    assert (alias["name"], alias["type"], alias["zoneId"]) == ("api.example.com", "A", "ZPREVIEW")
    assert recording.stack_outputs["apiUrl"] == "https://api.example.com"
    zone_lookups = [c for c in recording.calls if c.token == "aws:route53/getZone:getZone"]
    assert [c.args["name"] for c in zone_lookups] == ["example.com"]


@pytest.mark.parametrize(
    ("domain", "zone", "message"),
    [
        ("api.example.com", None, "needs both"),
        (None, "example.com", "needs both"),
        ("api.example.org", "example.com", "not inside hosted zone"),
        ("notexample.com", "example.com", "not inside hosted zone"),
        ("api_x.example.com", "example.com", "not a DNS name"),
    ],
)
def test_bad_custom_domains_are_refused(domain: str | None, zone: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        custom_domain(domain, zone, what="apiDomain")


def test_no_custom_domain_is_fine() -> None:
    assert custom_domain(None, None, what="apiDomain") is None
    assert custom_domain("", "", what="apiDomain") is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"container_port": 0}, "container_port"),
        ({"container_port": 70000}, "container_port"),
        ({"throttle_rate": 0}, "throttle_rate"),
        ({"throttle_burst": 0}, "throttle_burst"),
        ({"throttle_burst": 2.5}, "throttle_burst"),
        ({"log_retention_days": -1}, "log_retention_days"),
        ({"cors_origins": ["*"]}, "must look like"),
    ],
)
def test_bad_arguments_are_refused_with_the_argument_named(overrides: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "vpc_id": "vpc-0main",
        "subnet_ids": ["subnet-private-a"],
        "service_security_group_id": SERVICE_SG,
        "cloud_map_service_arn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1",
        "container_port": CONTAINER_PORT,
        "cors_origins": [SITE_ORIGIN],
    }
    args.update(overrides)
    with pytest.raises(ValueError, match=message):
        ApiGatewayProxyArgs(**args)


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
    recording = run_proxy(access_logs=True, domain=CustomDomain("api.example.com", "example.com"))
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


def test_api_cors_matches_the_apps_own_cors(recording: Recording) -> None:
    """Both layers give the same answer, so a page that works locally works through API Gateway."""
    from app import cors as app_cors

    def names(header_value: str) -> list[str]:
        return sorted(item.strip().lower() for item in header_value.split(","))

    api_cors = recording.one(API).inputs["corsConfiguration"]
    assert sorted(m.lower() for m in api_cors["allowMethods"]) == names(app_cors.ALLOW_METHODS)
    assert sorted(h.lower() for h in api_cors["allowHeaders"]) == names(app_cors.ALLOW_HEADERS)
    assert sorted(h.lower() for h in api_cors["exposeHeaders"]) == names(app_cors.EXPOSE_HEADERS)
    assert api_cors["maxAge"] == int(app_cors.PREFLIGHT_MAX_AGE)
