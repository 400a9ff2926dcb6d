"""StaticSite under the recording mocks: a private bucket, CloudFront with OAC, the uploaded page."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from frugal.compat import pulumi as sdk
from frugal.components import CustomDomain
from frugal.components.static_site import (
    CACHING_DISABLED_POLICY_ID,
    CACHING_OPTIMIZED_POLICY_ID,
    DeferredApiUrl,
    StaticSite,
    StaticSiteArgs,
    content_security_policy,
    site_files,
)
from frugal.mocks import Recording, run_program
from tests.edge import aws_shapes

REPO = Path(__file__).resolve().parents[2]
APP_STATIC = REPO / "app" / "static"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
HEADERS = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2"
API_URL = "https://abc123.execute-api.us-east-1.amazonaws.com"

# What a browser must be told for each kind of file the page may ship.
EXPECTED_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
}


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A page with one file of each kind, a nested folder and files that must not be uploaded."""
    (tmp_path / "css").mkdir()
    (tmp_path / "img" / "icons").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    files = {
        "index.html": "<!doctype html><title>x</title>",
        "app.js": "console.log(1)",
        "module.mjs": "export {}",
        "css/site.css": "body{}",
        "img/logo.svg": "<svg/>",
        "img/icons/a.png": "png",
        "favicon.ico": "ico",
        "fonts.woff2": "woff2",
        "robots.txt": "User-agent: *",
        "site.webmanifest": "{}",
        "data.json": "{}",
        ".DS_Store": "junk",
        ".git/HEAD": "ref",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(body)
    return tmp_path


def run_site(directory: Path, api_url: pulumi.Input[str] | None = None, **overrides: Any) -> Recording:
    def program() -> None:
        url = api_url
        if url is None:
            # The API URL arrives as another resource's output, as it does from ApiGatewayProxy.
            url = aws.apigatewayv2.Api("api", protocol_type="HTTP").api_endpoint
        site = StaticSite("site", StaticSiteArgs(directory=str(directory), api_url=url, **overrides))
        pulumi.export("siteUrl", site.url)
        pulumi.export("siteOrigin", site.origin)
        pulumi.export("bucketName", site.bucket_name)
        pulumi.export("distributionId", site.distribution_id)

    return run_program(program, project="frugal", stack="test")


@pytest.fixture
def recording(site_dir: Path) -> Recording:
    return run_site(site_dir)


def objects_by_key(recording: Recording) -> dict[str, dict[str, Any]]:
    return {r.inputs["key"]: r.inputs for r in recording.of_type(OBJECT)}


def test_children_belong_to_the_component(recording: Recording) -> None:
    component = recording.one("frugal:components:StaticSite")
    children = recording.children_of(component.urn)
    assert {r.type for r in children} >= {
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:cloudfront/originAccessControl:OriginAccessControl",
        HEADERS,
        DISTRIBUTION,
        OBJECT,
    }
    assert all(r.parent == component.urn for r in recording.of_type(OBJECT))


def test_bucket_is_private_and_owner_enforced(recording: Recording) -> None:
    bucket = recording.one("aws:s3/bucket:Bucket")
    assert "website" not in bucket.inputs and "acl" not in bucket.inputs
    assert not recording.of_type("aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration")
    block = recording.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs
    assert block["bucket"] == bucket.id
    for setting in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"):
        assert block[setting] is True, setting
    ownership = recording.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs
    assert ownership == {"bucket": bucket.id, "rule": {"objectOwnership": "BucketOwnerEnforced"}}


def test_cloudfront_reads_the_bucket_through_oac_not_oai(recording: Recording) -> None:
    assert not recording.of_type("aws:cloudfront/originAccessIdentity:OriginAccessIdentity")
    oac = recording.one("aws:cloudfront/originAccessControl:OriginAccessControl")
    assert oac.inputs["originAccessControlOriginType"] == "s3"
    assert oac.inputs["signingBehavior"] == "always"
    assert oac.inputs["signingProtocol"] == "sigv4"
    bucket = recording.one("aws:s3/bucket:Bucket")
    [origin] = recording.one(DISTRIBUTION).inputs["origins"]
    assert origin["originAccessControlId"] == oac.id
    # The REST endpoint, not the website endpoint (which is a custom origin and cannot use OAC).
    assert origin["domainName"] == bucket.outputs["bucketRegionalDomainName"]
    assert "s3-website" not in origin["domainName"]
    assert "customOriginConfig" not in origin and "s3OriginConfig" not in origin


def test_bucket_policy_allows_only_this_distribution(recording: Recording) -> None:
    bucket = recording.one("aws:s3/bucket:Bucket")
    distribution = recording.one(DISTRIBUTION)
    policy = recording.one("aws:s3/bucketPolicy:BucketPolicy")
    assert policy.inputs["bucket"] == bucket.id
    statement, tls = json.loads(policy.inputs["policy"])["Statement"]
    # Nobody may use the bucket without TLS (cdk-nag S10): a Deny, so it admits no one.
    assert tls == {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket.outputs["arn"], f"{bucket.outputs['arn']}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == f"{bucket.outputs['arn']}/*"
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceArn": distribution.outputs["arn"]}}
    # Applied after Block Public Access, so S3 never sees the two change at once.
    block = recording.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert block.urn in policy.dependencies


def test_distribution_settings(recording: Recording) -> None:
    distribution = recording.one(DISTRIBUTION).inputs
    assert distribution["enabled"] is True
    assert distribution["defaultRootObject"] == "index.html"
    assert distribution["httpVersion"] == "http2and3"
    assert distribution["isIpv6Enabled"] is True
    assert distribution["priceClass"] == "PriceClass_100"
    default = distribution["defaultCacheBehavior"]
    assert default["viewerProtocolPolicy"] == "redirect-to-https"
    assert default["compress"] is True
    assert default["cachePolicyId"] == CACHING_OPTIMIZED_POLICY_ID
    assert set(default["allowedMethods"]) == {"GET", "HEAD"}
    assert distribution["viewerCertificate"] == {"cloudfrontDefaultCertificate": True}
    assert "aliases" not in distribution
    assert distribution["comment"] == "static site"


def test_index_and_config_bypass_the_cache(recording: Recording) -> None:
    behaviours = {b["pathPattern"]: b for b in recording.one(DISTRIBUTION).inputs["orderedCacheBehaviors"]}
    assert set(behaviours) == {"/index.html", "/config.json"}
    headers = recording.one(HEADERS).id
    for behaviour in behaviours.values():
        assert behaviour["responseHeadersPolicyId"] == headers
        assert behaviour["cachePolicyId"] == CACHING_DISABLED_POLICY_ID
        assert behaviour["viewerProtocolPolicy"] == "redirect-to-https"
        assert behaviour["compress"] is True


def csp_directives(policy: str) -> dict[str, str]:
    return dict(directive.split(" ", 1) for directive in policy.split("; "))


def test_security_headers_are_on_every_response(recording: Recording) -> None:
    headers = recording.one(HEADERS)
    api = recording.one("aws:apigatewayv2/api:Api").outputs["apiEndpoint"]
    config = headers.inputs["securityHeadersConfig"]
    assert csp_directives(config["contentSecurityPolicy"]["contentSecurityPolicy"]) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": f"'self' {api}",  # the API the page fetches cross-origin, and nothing else
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
    }
    assert config["contentTypeOptions"] == {"override": True}
    assert config["frameOptions"] == {"frameOption": "DENY", "override": True}
    assert config["referrerPolicy"] == {"referrerPolicy": "strict-origin-when-cross-origin", "override": True}
    assert config["strictTransportSecurity"] == {
        "accessControlMaxAgeSec": 31536000,  # one year
        "includeSubdomains": True,
        "preload": False,
        "override": True,
    }
    assert all(item["override"] is True for item in config.values())
    distribution = recording.one(DISTRIBUTION).inputs
    behaviours = [distribution["defaultCacheBehavior"], *distribution["orderedCacheBehaviors"]]
    assert [b["responseHeadersPolicyId"] for b in behaviours] == [headers.id] * 3


def test_the_csp_names_the_api_origin_without_its_path(site_dir: Path) -> None:
    recording = run_site(site_dir, api_url="https://api.example.com/")
    policy = recording.one(HEADERS).inputs["securityHeadersConfig"]["contentSecurityPolicy"]
    assert csp_directives(policy["contentSecurityPolicy"])["connect-src"] == "'self' https://api.example.com"


def test_the_csp_source_can_be_given_when_the_api_waits_on_the_site(site_dir: Path) -> None:
    source = "https://*.execute-api.us-east-1.amazonaws.com"
    recording = run_site(site_dir, api_origin=source)
    policy = recording.one(HEADERS).inputs["securityHeadersConfig"]["contentSecurityPolicy"]
    assert csp_directives(policy["contentSecurityPolicy"])["connect-src"] == f"'self' {source}"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"api_url": "http://api.example.com"}, "must be an https base URL"),
        ({"api_url": "https://api.example.com/v1"}, "must be an https base URL"),
        ({"api_url": API_URL, "api_origin": "https://*"}, "connect-src source"),
        ({"api_url": API_URL, "api_origin": "*"}, "connect-src source"),
    ],
)
def test_a_csp_that_would_let_the_page_talk_elsewhere_is_refused(
    site_dir: Path, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(Exception, match=message):
        run_site(site_dir, **options)


def test_response_headers_policy_matches_the_cloudfront_request_shape(recording: Recording) -> None:
    headers = recording.one(HEADERS)
    config = aws_shapes.cloudfront_response_headers_policy_config(headers.inputs, f"{headers.name}-1a2b3c4")
    assert (
        aws_shapes.validate(
            "cloudfront", "CreateResponseHeadersPolicy", {"ResponseHeadersPolicyConfig": config}
        )
        == []
    )
    security = config["SecurityHeadersConfig"]
    assert security["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] == 31536000


def test_the_headers_shape_check_can_fail(recording: Recording) -> None:
    inputs = json.loads(json.dumps(recording.one(HEADERS).inputs))
    inputs["securityHeadersConfig"]["frameOptions"]["frameOption"] = "ALLOW"
    inputs["securityHeadersConfig"]["strictTransportSecurity"].pop("accessControlMaxAgeSec")
    inputs["securityHeadersConfig"]["contentTypeOptions"]["nosniff"] = True
    errors = aws_shapes.validate(
        "cloudfront",
        "CreateResponseHeadersPolicy",
        {"ResponseHeadersPolicyConfig": aws_shapes.cloudfront_response_headers_policy_config(inputs, "x")},
    )
    text = " ".join(errors)
    assert "ALLOW" in text and "AccessControlMaxAgeSec" in text and "Nosniff" in text
    with pytest.raises(ValueError, match="does not convert"):
        aws_shapes.cloudfront_response_headers_policy_config({**inputs, "corsConfig": {}}, "x")


def test_csp_text_is_one_line_of_directives() -> None:
    policy = content_security_policy("https://api.example.com")
    assert "\n" not in policy and policy.count("; ") == 8


def test_spa_fallback_is_off_by_default_and_optional(site_dir: Path, recording: Recording) -> None:
    assert "customErrorResponses" not in recording.one(DISTRIBUTION).inputs
    spa = run_site(site_dir, spa_fallback=True).one(DISTRIBUTION).inputs["customErrorResponses"]
    assert sorted((r["errorCode"], r["responseCode"], r["responsePagePath"]) for r in spa) == [
        (403, 200, "/index.html"),
        (404, 200, "/index.html"),
    ]


def test_every_file_is_uploaded_with_the_right_type_and_caching(site_dir: Path, recording: Recording) -> None:
    objects = objects_by_key(recording)
    expected_keys = {
        "index.html",
        "app.js",
        "module.mjs",
        "css/site.css",
        "img/logo.svg",
        "img/icons/a.png",
        "favicon.ico",
        "fonts.woff2",
        "robots.txt",
        "site.webmanifest",
        "data.json",
        "config.json",
    }
    assert set(objects) == expected_keys
    for key, inputs in objects.items():
        assert inputs["contentType"] == EXPECTED_TYPES[Path(key).suffix], key
        assert inputs["bucket"] == recording.one("aws:s3/bucket:Bucket").id
        if key in ("index.html", "config.json"):
            assert inputs["cacheControl"] == "no-cache", key
        else:
            assert inputs["cacheControl"] == "public, max-age=300", key
    assert objects["css/site.css"]["source"].path == str(site_dir / "css" / "site.css")


def test_asset_max_age_is_configurable(site_dir: Path) -> None:
    objects = objects_by_key(run_site(site_dir, asset_max_age_seconds=60))
    assert objects["app.js"]["cacheControl"] == "public, max-age=60"
    assert objects["index.html"]["cacheControl"] == "no-cache"


def test_config_json_holds_the_api_url(recording: Recording) -> None:
    config = objects_by_key(recording)["config.json"]
    assert json.loads(config["content"]) == {
        "apiBaseUrl": recording.one("aws:apigatewayv2/api:Api").outputs["apiEndpoint"]
    }
    assert config["contentType"] == "application/json; charset=utf-8"
    assert config["cacheControl"] == "no-cache"


def test_generated_config_json_replaces_a_local_one(site_dir: Path) -> None:
    (site_dir / "config.json").write_text('{"apiBaseUrl": ""}')
    recording = run_site(site_dir, api_url=API_URL)
    configs = [r for r in recording.of_type(OBJECT) if r.inputs["key"] == "config.json"]
    assert len(configs) == 1
    assert json.loads(configs[0].inputs["content"]) == {"apiBaseUrl": API_URL}
    assert "source" not in configs[0].inputs


def test_outputs(recording: Recording) -> None:
    distribution = recording.one(DISTRIBUTION)
    domain = distribution.outputs["domainName"]
    assert recording.stack_outputs["siteOrigin"] == f"https://{domain}"
    assert recording.stack_outputs["siteUrl"] == f"https://{domain}/"
    assert recording.stack_outputs["bucketName"] == recording.one("aws:s3/bucket:Bucket").outputs["bucket"]
    assert recording.stack_outputs["distributionId"] == distribution.id
    assert not recording.of_type("aws:acm/certificate:Certificate")
    assert not recording.of_type("pulumi:providers:aws")


def test_custom_domain_uses_a_us_east_1_certificate_aliases_and_tls_1_2(site_dir: Path) -> None:
    recording = run_site(site_dir, domain=CustomDomain("www.example.com", "example.com"))
    [provider] = recording.of_type("pulumi:providers:aws")
    assert provider.inputs["region"] == "us-east-1"
    provider_ref = f"{provider.urn}::{provider.id}"
    certificate = recording.one("aws:acm/certificate:Certificate")
    assert certificate.provider == provider_ref
    assert certificate.inputs == {"domainName": "www.example.com", "validationMethod": "DNS"}
    issued = recording.one("aws:acm/certificateValidation:CertificateValidation")
    assert issued.provider == provider_ref
    validation_record = recording.named("site-certificate-validation").inputs
    assert (validation_record["type"], validation_record["zoneId"]) == ("CNAME", "ZPREVIEW")

    distribution = recording.one(DISTRIBUTION)
    assert distribution.inputs["aliases"] == ["www.example.com"]
    assert distribution.inputs["viewerCertificate"] == {
        "acmCertificateArn": issued.inputs["certificateArn"],
        "sslSupportMethod": "sni-only",
        "minimumProtocolVersion": "TLSv1.2_2021",
    }
    aliases = {
        r.inputs["type"]: r.inputs
        for r in recording.of_type("aws:route53/record:Record")
        if r.inputs.get("aliases")
    }
    assert set(aliases) == {"A", "AAAA"}
    for record in aliases.values():
        assert record["name"] == "www.example.com"
        assert record["zoneId"] == "ZPREVIEW"
        assert record["aliases"] == [
            {
                "name": distribution.outputs["domainName"],
                "zoneId": distribution.outputs["hostedZoneId"],
                "evaluateTargetHealth": False,
            }
        ]
    assert recording.stack_outputs["siteOrigin"] == "https://www.example.com"
    assert recording.stack_outputs["siteUrl"] == "https://www.example.com/"


def test_a_directory_without_index_html_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text("")
    with pytest.raises(ValueError, match=r"has no index\.html"):
        site_files(tmp_path)


def test_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        site_files(tmp_path / "nope")


def test_a_negative_max_age_is_refused(site_dir: Path) -> None:
    with pytest.raises(ValueError, match="asset_max_age_seconds"):
        StaticSiteArgs(directory=str(site_dir), api_url=API_URL, asset_max_age_seconds=-1)


@pytest.mark.parametrize(
    "options", [{}, {"spa_fallback": True}, {"domain": CustomDomain("www.example.com", "example.com")}]
)
def test_distribution_config_matches_the_cloudfront_request_shape(
    site_dir: Path, options: dict[str, Any]
) -> None:
    distribution = run_site(site_dir, **options).one(DISTRIBUTION).inputs
    config = aws_shapes.cloudfront_distribution_config(distribution)
    assert aws_shapes.validate("cloudfront", "DistributionConfig", config) == []


def test_oac_matches_the_cloudfront_request_shape(recording: Recording) -> None:
    oac = recording.one("aws:cloudfront/originAccessControl:OriginAccessControl")
    config = {
        "Name": oac.name,
        "Description": oac.inputs["description"],
        "SigningProtocol": oac.inputs["signingProtocol"],
        "SigningBehavior": oac.inputs["signingBehavior"],
        "OriginAccessControlOriginType": oac.inputs["originAccessControlOriginType"],
    }
    assert aws_shapes.validate("cloudfront", "OriginAccessControlConfig", config) == []


def test_cloudfront_shape_check_can_fail(recording: Recording) -> None:
    distribution = dict(recording.one(DISTRIBUTION).inputs)
    distribution["priceClass"] = "PriceClass_Cheap"
    distribution["httpVersion"] = "http9"
    errors = aws_shapes.validate(
        "cloudfront", "DistributionConfig", aws_shapes.cloudfront_distribution_config(distribution)
    )
    assert any("PriceClass_Cheap" in e for e in errors) and any("http9" in e for e in errors)
    with pytest.raises(ValueError, match="does not convert"):
        aws_shapes.cloudfront_distribution_config({**distribution, "webAclId": "x"})


def test_deferred_api_url_fills_config_json_once_resolved(site_dir: Path) -> None:
    def program() -> None:
        with DeferredApiUrl() as api_url:
            StaticSite("site", StaticSiteArgs(directory=str(site_dir), api_url=api_url.output))
            api = aws.apigatewayv2.Api("api", protocol_type="HTTP")
            api_url.resolve(api.api_endpoint)

    recording = run_program(program)
    config = json.loads(objects_by_key(recording)["config.json"]["content"])
    assert config == {"apiBaseUrl": recording.one("aws:apigatewayv2/api:Api").outputs["apiEndpoint"]}


@contextlib.contextmanager
def abandoned_outputs_collected_quietly() -> Iterator[None]:
    """A failed registration leaves output futures holding the error that nobody reads; asyncio logs
    each one when it is collected. Collect them here, silently, rather than as noise at exit."""
    asyncio_log = logging.getLogger("asyncio")
    was_disabled = asyncio_log.disabled
    asyncio_log.disabled = True
    try:
        yield
    finally:
        sdk.clear_outputs()
        gc.collect()
        # Some survive the collection (the shared event loop and the runtime's state still reach them)
        # and would be logged when a later program replaces that state, inside another test, whose
        # log checks then fail. Reading each failed future's exception marks it as retrieved.
        for obj in gc.get_objects():
            if isinstance(obj, asyncio.Future) and obj.done() and not obj.cancelled():
                obj.exception()
        asyncio_log.disabled = was_disabled


def test_deferred_api_url_fails_instead_of_hanging(tmp_path: Path) -> None:
    """Without the guard, config.json would wait forever on an input nobody resolves."""
    (tmp_path / "index.html").write_text("<!doctype html>")

    # The CSP gets its source directly: only config.json waits on the URL, as the guard is about it
    # (a failed registration in the CSP's chain would leave more unread failed futures behind).
    source = "https://api.example.com"

    def failing_program() -> None:
        with DeferredApiUrl() as api_url:
            StaticSite(
                "site", StaticSiteArgs(directory=str(tmp_path), api_url=api_url.output, api_origin=source)
            )
            raise ValueError("the API could not be declared")

    def forgetful_program() -> None:
        with DeferredApiUrl() as api_url:
            StaticSite(
                "site", StaticSiteArgs(directory=str(tmp_path), api_url=api_url.output, api_origin=source)
            )

    with abandoned_outputs_collected_quietly():
        with pytest.raises(Exception, match=r"never resolved: the program failed first .*declared"):
            run_program(failing_program)
        with pytest.raises(Exception, match=r"never resolved: resolve\(\) was never called"):
            run_program(forgetful_program)
