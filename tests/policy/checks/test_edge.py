"""Edge rules: cloudfront-price-class, api-throttling."""

from __future__ import annotations

from tests.policy.helpers import (
    UNKNOWN_NUM,
    UNKNOWN_STR,
    Res,
    run_resource_rule,
    run_stack_rule,
)

# --- cloudfront-price-class -----------------------------------------------------------------------

DIST = "aws:cloudfront/distribution:Distribution"


def test_cloudfront_price_class():
    assert (
        run_resource_rule("cloudfront-price-class", DIST, {"priceClass": "PriceClass_100"}).violations == []
    )
    assert "PriceClass_All" in run_resource_rule("cloudfront-price-class", DIST, {}).text()
    assert (
        "PriceClass_200"
        in run_resource_rule("cloudfront-price-class", DIST, {"priceClass": "PriceClass_200"}).text()
    )
    allowed = {"allowedPriceClasses": ["PriceClass_100", "PriceClass_200"]}
    assert (
        run_resource_rule(
            "cloudfront-price-class", DIST, {"priceClass": "PriceClass_200"}, allowed
        ).violations
        == []
    )
    assert (
        "cannot be checked"
        in run_resource_rule("cloudfront-price-class", DIST, {"priceClass": UNKNOWN_STR}).text()
    )


def test_api_throttling_http_api_stages():
    def stage(props: dict) -> list[Res]:
        return [Res("aws:apigatewayv2/stage:Stage", "api", props)]

    ok = {"defaultRouteSettings": {"throttlingRateLimit": 50, "throttlingBurstLimit": 100}}
    assert run_stack_rule("api-throttling", stage(ok)).violations == []
    assert len(run_stack_rule("api-throttling", stage({})).violations) == 2
    high = {"defaultRouteSettings": {"throttlingRateLimit": 5000, "throttlingBurstLimit": 100}}
    assert "5000" in run_stack_rule("api-throttling", stage(high)).text()
    assert run_stack_rule("api-throttling", stage(high), {"maxRateLimit": 5000}).violations == []
    unknown = {"defaultRouteSettings": {"throttlingRateLimit": UNKNOWN_NUM, "throttlingBurstLimit": 100}}
    assert "cannot be checked" in run_stack_rule("api-throttling", stage(unknown)).text()
    native = [Res("aws-native:apigatewayv2:Stage", "api", ok)]
    assert run_stack_rule("api-throttling", native).violations == []


def rest(settings: dict | None, method_path: str = "*/*") -> list[Res]:
    resources = [Res("aws:apigateway/stage:Stage", "prod", {"stageName": "prod", "restApi": UNKNOWN_STR})]
    if settings is not None:
        resources.append(
            Res(
                "aws:apigateway/methodSettings:MethodSettings",
                "all",
                {"stageName": UNKNOWN_STR, "methodPath": method_path, "settings": settings},
                deps={"stageName": ["prod"]},
            )
        )
    return resources


def test_api_throttling_rest_api_stages_by_their_method_settings():
    throttled = {"throttlingRateLimit": 50, "throttlingBurstLimit": 100}
    assert run_stack_rule("api-throttling", rest(throttled)).violations == []
    bare = run_stack_rule("api-throttling", rest(None))
    assert [at.rsplit("::", 1)[-1] for _, at in bare.violations] == ["prod"]
    assert "no method settings for */*" in bare.text()
    assert "no method settings" in run_stack_rule("api-throttling", rest(throttled, "ping/GET")).text()
    high = run_stack_rule("api-throttling", rest({"throttlingRateLimit": 5000, "throttlingBurstLimit": 100}))
    assert "throttlingRateLimit=5000 is above 100" in high.text()
    native = [
        Res(
            "aws-native:apigateway:Stage",
            "prod",
            {"methodSettings": [{"httpMethod": "*", "resourcePath": "/*", "throttlingRateLimit": 50}]},
        )
    ]
    assert "throttlingBurstLimit is not set" in run_stack_rule("api-throttling", native).text()
