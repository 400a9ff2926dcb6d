"""Edge rules: a cheap CloudFront price class, throttled API stages, no WAF web ACLs."""

from __future__ import annotations

from typing import Any

from pulumi_policy import ReportViolation

from .. import types as t
from ..framework import Subject, allowlist, count_rule, integer, rule, strings
from ..values import UNKNOWN, Reader, as_number

count_rule(
    "no-waf",
    "A WAF web ACL costs $5/month plus $1 per rule before any request; throttle at API Gateway instead.",
    "maxWebAcls",
    t.WEB_ACLS,
    "WAF web ACL",
    "$5/month + $1/rule/month",
    "Use API Gateway stage throttling and CloudFront's free protections.",
)


@rule(
    "cloudfront-price-class",
    "CloudFront distributions use a cheap price class (PriceClass_100: North America and Europe).",
    "resource",
    {
        "allowedPriceClasses": strings(["PriceClass_100"], "Price classes allowed."),
    },
    "Set priceClass to PriceClass_100.",
    types=(t.CLOUDFRONT_DISTRIBUTION,),
    checks="the price class",
)
def cloudfront_price_class(
    subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    price_class = read.get(subject.props, "priceClass")
    allowed = list(cfg["allowedPriceClasses"])
    if price_class is None:
        report(f"priceClass is not set, so it defaults to PriceClass_All; allowed: {allowed}")
    else:
        allowlist(report, "priceClass", price_class, allowed)


@rule(
    "api-throttling",
    "API Gateway stages throttle requests, the guard against a bill run up by abuse.",
    "resource",
    {
        "maxRateLimit": {
            "type": "number",
            "minimum": 0,
            "default": 100,
            "description": "Most steady requests/second.",
        },
        "maxBurstLimit": integer(200, "Most burst requests."),
    },
    "Set defaultRouteSettings.throttlingRateLimit and throttlingBurstLimit on the stage.",
    types=(t.HTTP_API_STAGE,),
    checks="stage throttling",
)
def api_throttling(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    for key, limit in (
        ("throttlingRateLimit", float(cfg["maxRateLimit"])),
        ("throttlingBurstLimit", float(cfg["maxBurstLimit"])),
    ):
        value = as_number(read.get(subject.props, "defaultRouteSettings", key))
        if value is None:
            report(f"defaultRouteSettings.{key} is not set: the account limit (10,000 rps) applies")
        elif value is not UNKNOWN and value > limit:
            report(f"defaultRouteSettings.{key}={value:g} is above {limit:g}")
