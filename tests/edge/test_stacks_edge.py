"""dev and prod, run from their stack files, with the edge composed in __main__.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from frugal.mocks import Recording
from tests.infra.helpers import REPO, environment, run_stack, unwrap_secret

STACKS = ("dev", "prod")
API = "aws:apigatewayv2/api:Api"
STAGE = "aws:apigatewayv2/stage:Stage"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"


@pytest.fixture(autouse=True)
def _in_project_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    # `pulumi up` runs the program in the project directory; StaticSite's `app/static` is relative to it.
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="module")
def stacks() -> dict[str, Recording]:
    return {stack: run_stack(stack) for stack in STACKS}


def site_bucket_urn(recording: Recording) -> str:
    """The site's bucket (the log bucket is an S3 bucket too)."""
    (bucket,) = [b for b in recording.of_type("aws:s3/bucket:Bucket") if b.name == "site-bucket"]
    return bucket.urn


def site_origin(recording: Recording) -> str:
    return "https://" + recording.one(DISTRIBUTION).outputs["domainName"]


def config_json(recording: Recording) -> dict[str, str]:
    [config] = [
        r
        for r in recording.of_type("aws:s3/bucketObjectv2:BucketObjectv2")
        if r.inputs["key"] == "config.json"
    ]
    return json.loads(config.inputs["content"])


@pytest.mark.parametrize("stack", STACKS)
def test_both_edge_components_are_in_the_stack(stacks: dict[str, Recording], stack: str) -> None:
    recording = stacks[stack]
    recording.one("frugal:components:StaticSite")
    recording.one("frugal:components:ApiGatewayProxy")
    assert not recording.warnings
    # No domain is configured in either stack file, so nothing needs a real hosted zone.
    assert not recording.of_type("aws:acm/certificate:Certificate")
    assert not recording.of_type("aws:route53/record:Record")


@pytest.mark.parametrize("stack", STACKS)
def test_site_and_api_urls_are_exported(stacks: dict[str, Recording], stack: str) -> None:
    recording = stacks[stack]
    outputs = recording.stack_outputs
    assert outputs["siteUrl"] == site_origin(recording) + "/"
    assert outputs["apiUrl"] == recording.one(API).outputs["apiEndpoint"]
    assert outputs["siteBucketName"] == recording.by_urn(site_bucket_urn(recording)).outputs["bucket"]
    assert outputs["distributionId"] == recording.one(DISTRIBUTION).id
    assert outputs["apiId"] == recording.one(API).id


@pytest.mark.parametrize("stack", STACKS)
def test_config_json_points_the_page_at_the_api(stacks: dict[str, Recording], stack: str) -> None:
    recording = stacks[stack]
    assert config_json(recording) == {"apiBaseUrl": recording.stack_outputs["apiUrl"]}


@pytest.mark.parametrize("stack", STACKS)
def test_app_and_api_allow_the_same_origins(stacks: dict[str, Recording], stack: str) -> None:
    recording = stacks[stack]
    api_origins = recording.one(API).inputs["corsConfiguration"]["allowOrigins"]
    assert api_origins == [site_origin(recording)]
    assert environment(recording)["FRUGAL_CORS_ORIGINS"] == ",".join(api_origins)


@pytest.mark.parametrize("stack", STACKS)
def test_api_reaches_this_stacks_service(stacks: dict[str, Recording], stack: str) -> None:
    recording = stacks[stack]
    integration = recording.one("aws:apigatewayv2/integration:Integration").inputs
    assert integration["integrationUri"] == unwrap_secret(recording.stack_outputs["cloudMapServiceArn"])
    groups = {r.name: r for r in recording.of_type("aws:ec2/securityGroup:SecurityGroup")}
    service_sg, link_sg = groups["app-service"], groups["api-vpc-link"]
    [port_mapping] = json.loads(
        recording.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"]
    )[0]["portMappings"]
    port = port_mapping["containerPort"]
    ingress = [
        # tags: tests/components/test_tagging.py
        {key: value for key, value in r.inputs.items() if key != "tags"}
        for r in recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if r.name == "app-from-vpc-link"  # the service owns the one rule that admits the link
    ]
    assert ingress == [
        {
            "securityGroupId": service_sg.id,
            "referencedSecurityGroupId": link_sg.id,
            "ipProtocol": "tcp",
            "fromPort": port,
            "toPort": port,
            "description": "From the API Gateway VPC link",
        }
    ]
    assert len(recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) == 2  # + NAT's
    egress = [
        r.inputs
        for r in recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        if r.inputs["securityGroupId"] == link_sg.id
    ]
    assert [(e["referencedSecurityGroupId"], e["fromPort"]) for e in egress] == [(service_sg.id, port)]
    link = recording.one("aws:apigatewayv2/vpcLink:VpcLink").inputs
    assert link["subnetIds"] == recording.stack_outputs["privateSubnetIds"]
    routes = {r.inputs["routeKey"] for r in recording.of_type("aws:apigatewayv2/route:Route")}
    assert routes == {"ANY /{proxy+}", "ANY /"}


@pytest.mark.parametrize("stack", STACKS)
def test_api_cors_matches_the_apps_own_cors(stacks: dict[str, Recording], stack: str) -> None:
    """Both layers give the same answer, so a page that works locally works through API Gateway."""
    from app import cors as app_cors

    def names(header_value: str) -> list[str]:
        return sorted(item.strip().lower() for item in header_value.split(","))

    api_cors = stacks[stack].one(API).inputs["corsConfiguration"]
    assert sorted(m.lower() for m in api_cors["allowMethods"]) == names(app_cors.ALLOW_METHODS)
    assert sorted(h.lower() for h in api_cors["allowHeaders"]) == names(app_cors.ALLOW_HEADERS)
    assert sorted(h.lower() for h in api_cors["exposeHeaders"]) == names(app_cors.EXPOSE_HEADERS)
    assert api_cors["maxAge"] == int(app_cors.PREFLIGHT_MAX_AGE)


def csp_connect_src(recording: Recording) -> str:
    headers = recording.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")
    policy = headers.inputs["securityHeadersConfig"]["contentSecurityPolicy"]["contentSecurityPolicy"]
    return dict(d.split(" ", 1) for d in policy.split("; "))["connect-src"]


@pytest.mark.parametrize("stack", STACKS)
def test_without_a_domain_the_csp_allows_this_regions_api_gateway_hosts(
    stacks: dict[str, Recording], stack: str
) -> None:
    # The API's CORS waits on CloudFront's generated domain, so the CSP can't wait on the API's id.
    assert csp_connect_src(stacks[stack]) == "'self' https://*.execute-api.us-east-1.amazonaws.com"


@pytest.mark.parametrize(
    ("domains", "expected"),
    [
        ({"frugal:apiDomain": "api.example.com"}, "'self' https://api.example.com"),
        # With only the site's domain known, the API no longer waits on the distribution: exact origin.
        (
            {"frugal:siteDomain": "www.example.com"},
            "'self' https://api-id.execute-api.us-east-1.amazonaws.com",
        ),
    ],
)
def test_a_custom_domain_lets_the_csp_name_the_api_exactly(domains: dict[str, str], expected: str) -> None:
    recording = run_stack("prod", {"frugal:hostedZone": "example.com", **domains})
    assert csp_connect_src(recording) == expected


@pytest.mark.parametrize("stack", STACKS)
def test_stage_throttling_comes_from_the_stack(stacks: dict[str, Recording], stack: str) -> None:
    defaults = stacks[stack].one(STAGE).inputs["defaultRouteSettings"]
    assert (defaults["throttlingRateLimit"], defaults["throttlingBurstLimit"]) == (50, 100)
    overridden = run_stack(stack, {"frugal:apiThrottleRate": "7.5", "frugal:apiThrottleBurst": "15"})
    settings = overridden.one(STAGE).inputs["defaultRouteSettings"]
    assert (settings["throttlingRateLimit"], settings["throttlingBurstLimit"]) == (7.5, 15)


def test_extra_cors_origins_reach_both_layers() -> None:
    extra = ["https://admin.example.com", "https://staging.example.com:8443"]
    recording = run_stack("dev", {"frugal:apiCorsOrigins": json.dumps(extra)})
    expected = [site_origin(recording), *extra]
    assert recording.one(API).inputs["corsConfiguration"]["allowOrigins"] == expected
    assert environment(recording)["FRUGAL_CORS_ORIGINS"] == ",".join(expected)


def test_access_logs_are_on_by_default_and_follow_the_stack_retention() -> None:
    recording = run_stack("dev")
    group = recording.named("api-access")
    assert group.inputs["retentionInDays"] == 3
    assert recording.one(STAGE).inputs["accessLogSettings"]["destinationArn"] == group.outputs["arn"]
    off = run_stack("dev", {"frugal:apiAccessLogs": "false"})
    assert "accessLogSettings" not in off.one(STAGE).inputs
    assert [g.name for g in off.of_type("aws:cloudwatch/logGroup:LogGroup")] == ["app-logs"]


def commented_domain_example() -> dict[str, str]:
    """The `frugal:*` lines of Pulumi.prod.yaml's commented domain example."""
    text = (Path(REPO) / "Pulumi.prod.yaml").read_text()
    found = dict(
        re.findall(r"^#\s+(frugal:(?:hostedZone|apiDomain|siteDomain)):\s*(\S+)\s*$", text, re.MULTILINE)
    )
    assert set(found) == {"frugal:hostedZone", "frugal:apiDomain", "frugal:siteDomain"}, found
    return found


def test_prod_with_the_commented_domain_example() -> None:
    example = commented_domain_example()
    recording = run_stack("prod", example)
    site_domain, api_domain = example["frugal:siteDomain"], example["frugal:apiDomain"]
    assert recording.stack_outputs["siteUrl"] == f"https://{site_domain}/"
    assert recording.stack_outputs["apiUrl"] == f"https://{api_domain}"
    assert config_json(recording) == {"apiBaseUrl": f"https://{api_domain}"}
    origins = recording.one(API).inputs["corsConfiguration"]["allowOrigins"]
    assert origins == [f"https://{site_domain}"]
    assert environment(recording)["FRUGAL_CORS_ORIGINS"] == f"https://{site_domain}"

    [provider] = recording.of_type("pulumi:providers:aws")
    assert provider.inputs["region"] == "us-east-1"
    certificates = {r.inputs["domainName"]: r for r in recording.of_type("aws:acm/certificate:Certificate")}
    assert set(certificates) == {site_domain, api_domain}
    assert certificates[site_domain].provider == f"{provider.urn}::{provider.id}"
    assert certificates[api_domain].provider is None or provider.urn not in certificates[api_domain].provider
    assert recording.one(DISTRIBUTION).inputs["aliases"] == [site_domain]
    zones = {c.args["name"] for c in recording.calls if c.token == "aws:route53/getZone:getZone"}
    assert zones == {example["frugal:hostedZone"]}


def test_a_domain_without_a_hosted_zone_is_refused() -> None:
    with pytest.raises(Exception, match="siteDomain"):
        run_stack("dev", {"frugal:siteDomain": "www.example.com"})
