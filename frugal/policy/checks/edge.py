"""Edge rules: a cheap CloudFront price class, throttled API stages, no WAF web ACLs."""

from __future__ import annotations

from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import (
    Subject,
    allowlist,
    count_rule,
    integer,
    resource_rule,
    stack_graph,
    stack_rule,
    strings,
)
from ..graph import same_value
from ..values import UNKNOWN, Reader, as_number

count_rule(
    name="no-waf",
    description=(
        "A WAF web ACL costs $5/month plus $1 per rule before any request; throttle at API Gateway instead."
    ),
    setting="maxWebAcls",
    kinds=t.WEB_ACLS,
    what="WAF web ACL",
    why="$5/month + $1/rule/month",
    remediation="Use API Gateway stage throttling and CloudFront's free protections.",
)


@resource_rule(
    name="cloudfront-price-class",
    description=(
        "CloudFront distributions use a cheap price class (PriceClass_100: North America and Europe)."
    ),
    properties={
        "allowedPriceClasses": strings(["PriceClass_100"], "Price classes allowed."),
    },
    remediation="Set priceClass to PriceClass_100.",
    types=(t.CLOUDFRONT_DISTRIBUTION,),
    verifies="the price class",
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


_LIMIT_KEYS = ("throttlingRateLimit", "throttlingBurstLimit")


def _limit_problems(read: Reader, settings: Any, caps: tuple[float, float], where: str) -> list[str]:
    """What is wrong with a throttling setting: a limit unset (the account's 10,000 rps applies) or
    above its cap."""
    problems = []
    for key, limit in zip(_LIMIT_KEYS, caps, strict=True):
        value = as_number(read.get(settings, key))
        if value is None:
            problems.append(f"{where}{key} is not set: the account limit (10,000 rps) applies")
        elif value is not UNKNOWN and value > limit:
            problems.append(f"{where}{key}={value:g} is above {limit:g}")
    return problems


def _all_methods(settings: Any, read: Reader) -> bool:
    """An aws-native REST stage's inline method setting for every method and path."""
    return read.get(settings, "httpMethod") == "*" and read.get(settings, "resourcePath") in ("/*", "*")


@stack_rule(
    name="api-throttling",
    description=(
        "API Gateway stages throttle requests, the guard against a bill run up by abuse: HTTP API stages by "
        "their default route settings, REST API stages by method settings for every method (*/*)."
    ),
    properties={
        "maxRateLimit": {
            "type": "number",
            "minimum": 0,
            "default": 100,
            "description": "Most steady requests/second.",
        },
        "maxBurstLimit": integer(200, "Most burst requests."),
    },
    remediation=(
        "HTTP APIs: set the stage's defaultRouteSettings.throttlingRateLimit and throttlingBurstLimit. REST "
        "APIs: add aws.apigateway.MethodSettings for methodPath */* with settings.throttlingRateLimit and "
        "throttlingBurstLimit."
    ),
    verifies="stage throttling",
)
def api_throttling(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    caps = (float(cfg["maxRateLimit"]), float(cfg["maxBurstLimit"]))
    for stage in graph.of(t.HTTP_API_STAGE):
        at = read.scoped(stage.name)
        settings = at.get(stage.props, "defaultRouteSettings", default={})
        for problem in _limit_problems(at, settings, caps, "defaultRouteSettings."):
            report(problem, stage.urn)
    method_settings = graph.of(t.REST_METHOD_SETTINGS)
    for entry in method_settings:
        at = read.scoped(entry.name)
        for problem in _limit_problems(at, at.get(entry.props, "settings", default={}), caps, "settings."):
            if "is above" in problem:  # an unset limit here may be set by another */* entry
                report(f"{entry.label}: {problem}", entry.urn)
    for stage in graph.of(t.REST_API_STAGE):
        at = read.scoped(stage.name)
        inline = [
            m for m in at.items_of(stage.props, "methodSettings") if m is not UNKNOWN and _all_methods(m, at)
        ]
        covering = [
            m.props.get("settings")
            for m in method_settings
            if graph.linked(m, "stageName", stage, same_value("stageName"))
            and at.get(m.props, "methodPath") in ("*/*", UNKNOWN)
        ]
        settings = inline or covering
        if settings:
            for problem in _limit_problems(at, settings[0] or {}, caps, "methods */*: "):
                report(f"{stage.label}: {problem}", stage.urn)
        elif graph.unlinkable(method_settings, "stageName"):
            at.unknown("methodSettings.stageName")  # which stage the method settings throttle
        else:
            report(
                f"{stage.label}: REST API stage with no method settings for */*: the account limit "
                "(10,000 rps) applies",
                stage.urn,
            )
