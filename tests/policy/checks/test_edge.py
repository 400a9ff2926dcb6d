"""Edge rules: cloudfront-price-class, api-throttling."""

from __future__ import annotations

from tests.policy.helpers import (
    UNKNOWN_NUM,
    UNKNOWN_STR,
    run_resource_rule,
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


def test_api_throttling():
    stage = "aws:apigatewayv2/stage:Stage"
    ok = {"defaultRouteSettings": {"throttlingRateLimit": 50, "throttlingBurstLimit": 100}}
    assert run_resource_rule("api-throttling", stage, ok).violations == []
    assert len(run_resource_rule("api-throttling", stage, {}).violations) == 2
    high = {"defaultRouteSettings": {"throttlingRateLimit": 5000, "throttlingBurstLimit": 100}}
    assert "5000" in run_resource_rule("api-throttling", stage, high).text()
    assert run_resource_rule("api-throttling", stage, high, {"maxRateLimit": 5000}).violations == []
    unknown = {"defaultRouteSettings": {"throttlingRateLimit": UNKNOWN_NUM, "throttlingBurstLimit": 100}}
    assert "cannot be checked" in run_resource_rule("api-throttling", stage, unknown).text()
