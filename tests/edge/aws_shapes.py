"""Check recorded inputs (the edge's, and the alarms', budgets' and schedules') against the request
shapes botocore ships offline.

The Pulumi (Terraform) schema is close to the AWS API but not the same: API Gateway v2 uses the
same camelCase names as its REST API, so the inputs map one to one through each member's
`locationName`; CloudFront's distribution config wraps every list in `{Quantity, Items}`, so it is
rebuilt here the way the provider does before the call. botocore's validator checks required
members and types; enum values are checked here as well, because botocore's validator doesn't.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.validate import ParamValidator

_SESSION = botocore.session.get_session()
# Inputs the provider takes that are not part of the API request body.
PROVIDER_ONLY_INPUTS = frozenset({"region", "__defaults"})


def _from_location_names(value: Any, shape: Shape, path: str, errors: list[str]) -> Any:
    """Rename camelCase provider inputs to botocore member names, collecting unknown keys."""
    if isinstance(shape, StructureShape):
        if not isinstance(value, Mapping):
            errors.append(f"{path}: expected an object, got {value!r}")
            return value
        by_location = {m.serialization.get("name", n): n for n, m in shape.members.items()}
        by_location.update({n[0].lower() + n[1:]: n for n in shape.members})
        converted = {}
        for key, item in value.items():
            if key in PROVIDER_ONLY_INPUTS:
                continue
            member = by_location.get(key)
            if member is None:
                errors.append(f"{path}.{key}: not a member of {shape.name}")
                continue
            converted[member] = _from_location_names(item, shape.members[member], f"{path}.{key}", errors)
        return converted
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [_from_location_names(v, shape.member, f"{path}[{i}]", errors) for i, v in enumerate(value)]
    if isinstance(shape, MapShape) and isinstance(value, Mapping):
        return {k: _from_location_names(v, shape.value, f"{path}.{k}", errors) for k, v in value.items()}
    if shape.type_name in ("integer", "long") and isinstance(value, float) and value.is_integer():
        # Numbers cross the Pulumi wire as floats.
        return int(value)
    return value


def _enum_errors(value: Any, shape: Shape, path: str) -> list[str]:
    errors: list[str] = []
    if isinstance(shape, StructureShape) and isinstance(value, Mapping):
        for key, item in value.items():
            if key in shape.members:
                errors += _enum_errors(item, shape.members[key], f"{path}.{key}")
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for i, item in enumerate(value):
            errors += _enum_errors(item, shape.member, f"{path}[{i}]")
    elif getattr(shape, "enum", None) and value not in shape.enum:
        errors.append(f"{path}: {value!r} is not one of {shape.enum}")
    return errors


def validate(service: str, shape_name: str, params: Mapping[str, Any]) -> list[str]:
    """Errors for `params` against botocore's `shape_name` (an operation's input or a named shape)."""
    model = _SESSION.get_service_model(service)
    shape = (
        model.operation_model(shape_name).input_shape
        if shape_name in model.operation_names
        else model.shape_for(shape_name)
    )
    report = ParamValidator().validate(params, shape)
    errors = [report.generate_report()] if report.has_errors() else []
    return errors + _enum_errors(params, shape, shape_name)


# Where the provider's top-level input name differs from the API's (provider name -> API locationName).
APIGATEWAYV2_RENAMES: dict[str, dict[str, str]] = {"CreateStage": {"name": "stageName"}}


def apigatewayv2_request(operation: str, inputs: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The request an API Gateway v2 `operation` would get from these recorded inputs, plus mapping errors."""
    shape = _SESSION.get_service_model("apigatewayv2").operation_model(operation).input_shape
    renames = APIGATEWAYV2_RENAMES.get(operation, {})
    errors: list[str] = []
    renamed = {renames.get(key, key): value for key, value in inputs.items()}
    request = _from_location_names(renamed, shape, operation, errors)
    return request, errors


def _quantity(items: list[Any] | None) -> dict[str, Any]:
    items = list(items or [])
    return {"Quantity": len(items), "Items": items} if items else {"Quantity": 0}


def _cache_behavior(behavior: Mapping[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {
        "TargetOriginId": behavior["targetOriginId"],
        "ViewerProtocolPolicy": behavior["viewerProtocolPolicy"],
        "AllowedMethods": {
            **_quantity(behavior.get("allowedMethods")),
            "CachedMethods": _quantity(behavior.get("cachedMethods")),
        },
    }
    if "pathPattern" in behavior:
        converted["PathPattern"] = behavior["pathPattern"]
    for key, api_key in (
        ("cachePolicyId", "CachePolicyId"),
        ("responseHeadersPolicyId", "ResponseHeadersPolicyId"),
        ("compress", "Compress"),
    ):
        if key in behavior:
            converted[api_key] = behavior[key]
    return converted


# Distribution inputs the conversion below understands; any other input would be silently dropped.
DISTRIBUTION_INPUTS_CONVERTED = frozenset(
    {
        "aliases",
        "comment",
        "customErrorResponses",
        "defaultCacheBehavior",
        "defaultRootObject",
        "enabled",
        "httpVersion",
        "isIpv6Enabled",
        "orderedCacheBehaviors",
        "origins",
        "priceClass",
        "restrictions",
        "viewerCertificate",
    }
)


def cloudfront_distribution_config(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A CreateDistribution `DistributionConfig` built from a recorded Distribution's inputs."""
    unconverted = set(inputs) - DISTRIBUTION_INPUTS_CONVERTED - PROVIDER_ONLY_INPUTS
    if unconverted:
        raise ValueError(f"distribution inputs this check does not convert yet: {sorted(unconverted)}")
    certificate = inputs.get("viewerCertificate") or {}
    viewer_certificate: dict[str, Any] = {}
    for key, api_key in (
        ("cloudfrontDefaultCertificate", "CloudFrontDefaultCertificate"),
        ("acmCertificateArn", "ACMCertificateArn"),
        ("sslSupportMethod", "SSLSupportMethod"),
        ("minimumProtocolVersion", "MinimumProtocolVersion"),
    ):
        if key in certificate:
            viewer_certificate[api_key] = certificate[key]
    geo = (inputs.get("restrictions") or {}).get("geoRestriction") or {}
    origins = []
    for origin in inputs.get("origins") or []:
        converted = {"Id": origin["originId"], "DomainName": origin["domainName"]}
        if "originAccessControlId" in origin:
            converted["OriginAccessControlId"] = origin["originAccessControlId"]
            # The provider sends an empty OAI with OAC, the form the API requires for an S3 origin.
            converted["S3OriginConfig"] = {"OriginAccessIdentity": ""}
        origins.append(converted)
    config: dict[str, Any] = {
        "CallerReference": "recorded-inputs",
        "Comment": inputs.get("comment", ""),
        "Enabled": inputs.get("enabled"),
        "Origins": _quantity(origins),
        "DefaultCacheBehavior": _cache_behavior(inputs["defaultCacheBehavior"]),
        "CacheBehaviors": _quantity([_cache_behavior(b) for b in inputs.get("orderedCacheBehaviors") or []]),
        "CustomErrorResponses": _quantity(
            [
                {
                    "ErrorCode": int(r["errorCode"]),
                    "ResponsePagePath": r["responsePagePath"],
                    "ResponseCode": str(int(r["responseCode"])),
                    "ErrorCachingMinTTL": int(r.get("errorCachingMinTtl", 10)),
                }
                for r in inputs.get("customErrorResponses") or []
            ]
        ),
        "Aliases": _quantity(inputs.get("aliases")),
        "ViewerCertificate": viewer_certificate,
        "Restrictions": {"GeoRestriction": {"RestrictionType": geo.get("restrictionType"), "Quantity": 0}},
    }
    for key, api_key in (
        ("defaultRootObject", "DefaultRootObject"),
        ("priceClass", "PriceClass"),
        ("httpVersion", "HttpVersion"),
        ("isIpv6Enabled", "IsIPV6Enabled"),
    ):
        if key in inputs:
            config[api_key] = inputs[key]
    return config


# Response headers policy inputs the conversion understands (the provider's names, camelCase).
RESPONSE_HEADERS_POLICY_INPUTS_CONVERTED = frozenset({"comment", "name", "securityHeadersConfig"})
_PASCAL_EXCEPTIONS = {"xssProtection": "XSSProtection"}


def _pascal(value: Any) -> Any:
    """camelCase keys to the API's PascalCase, recursively (`frameOption` -> `FrameOption`)."""
    if isinstance(value, Mapping):
        return {_PASCAL_EXCEPTIONS.get(k, k[:1].upper() + k[1:]): _pascal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pascal(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # numbers cross the Pulumi wire as floats
    return value


def cloudfront_response_headers_policy_config(inputs: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A CreateResponseHeadersPolicy `ResponseHeadersPolicyConfig` from a recorded policy's inputs.

    The provider's nested blocks are the API's structures with camelCase names; `name` is the one the
    engine would auto-name the policy with (the mocks don't auto-name).
    """
    unconverted = set(inputs) - RESPONSE_HEADERS_POLICY_INPUTS_CONVERTED - PROVIDER_ONLY_INPUTS
    if unconverted:
        raise ValueError(f"headers policy inputs this check does not convert yet: {sorted(unconverted)}")
    config = _pascal({key: value for key, value in inputs.items() if key not in PROVIDER_ONLY_INPUTS})
    config.setdefault("Name", name)
    return config


# --- CloudWatch alarms, AWS Budgets, EventBridge Scheduler's universal targets ----------------------
# The provider's top-level alarm inputs and the PutMetricAlarm members they become.
METRIC_ALARM_INPUTS = {
    "name": "AlarmName",
    "alarmDescription": "AlarmDescription",
    "actionsEnabled": "ActionsEnabled",
    "okActions": "OKActions",
    "alarmActions": "AlarmActions",
    "insufficientDataActions": "InsufficientDataActions",
    "metricName": "MetricName",
    "namespace": "Namespace",
    "statistic": "Statistic",
    "extendedStatistic": "ExtendedStatistic",
    "period": "Period",
    "unit": "Unit",
    "evaluationPeriods": "EvaluationPeriods",
    "datapointsToAlarm": "DatapointsToAlarm",
    "threshold": "Threshold",
    "comparisonOperator": "ComparisonOperator",
    "treatMissingData": "TreatMissingData",
    "evaluateLowSampleCountPercentiles": "EvaluateLowSampleCountPercentiles",
    "thresholdMetricId": "ThresholdMetricId",
    "dimensions": "Dimensions",
    "metricQueries": "Metrics",
    "tags": "Tags",
}


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _dimensions(dimensions: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"Name": name, "Value": value} for name, value in dimensions.items()]


def _tags(tags: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def _metric_query(query: Mapping[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    for key, api_key in (
        ("id", "Id"),
        ("expression", "Expression"),
        ("label", "Label"),
        ("returnData", "ReturnData"),
        ("period", "Period"),
        ("accountId", "AccountId"),
    ):
        if key in query:
            converted[api_key] = _number(query[key])
    metric = query.get("metric")
    if metric is not None:
        inner: dict[str, Any] = {"Namespace": metric.get("namespace"), "MetricName": metric["metricName"]}
        if metric.get("dimensions"):
            inner["Dimensions"] = _dimensions(metric["dimensions"])
        stat: dict[str, Any] = {"Metric": inner, "Period": _number(metric["period"]), "Stat": metric["stat"]}
        if "unit" in metric:
            stat["Unit"] = metric["unit"]
        converted["MetricStat"] = stat
    unconverted = set(query) - {"id", "expression", "label", "returnData", "period", "accountId", "metric"}
    if unconverted:
        raise ValueError(f"metric query inputs this check does not convert yet: {sorted(unconverted)}")
    return converted


def cloudwatch_put_metric_alarm_request(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The PutMetricAlarm request the provider makes from a recorded MetricAlarm's inputs."""
    unconverted = set(inputs) - set(METRIC_ALARM_INPUTS) - PROVIDER_ONLY_INPUTS
    if unconverted:
        raise ValueError(f"alarm inputs this check does not convert yet: {sorted(unconverted)}")
    request: dict[str, Any] = {}
    for key, api_key in METRIC_ALARM_INPUTS.items():
        if key not in inputs:
            continue
        value = inputs[key]
        if key == "dimensions":
            value = _dimensions(value)
        elif key == "metricQueries":
            value = [_metric_query(query) for query in value]
        elif key == "tags":
            value = _tags(value)
        request[api_key] = _number(value)
    return request


BUDGET_INPUTS_CONVERTED = frozenset(
    {"accountId", "name", "budgetType", "timeUnit", "limitAmount", "limitUnit", "costFilters", "costTypes",
     "notifications", "tags"}
)  # fmt: skip


def budgets_create_budget_request(inputs: Mapping[str, Any], account_id: str) -> dict[str, Any]:
    """The CreateBudget request the provider makes from a recorded Budget's inputs."""
    unconverted = set(inputs) - BUDGET_INPUTS_CONVERTED - PROVIDER_ONLY_INPUTS
    if unconverted:
        raise ValueError(f"budget inputs this check does not convert yet: {sorted(unconverted)}")
    budget: dict[str, Any] = {
        "BudgetName": inputs["name"],
        "BudgetType": inputs["budgetType"],
        "TimeUnit": inputs["timeUnit"],
        "BudgetLimit": {"Amount": inputs["limitAmount"], "Unit": inputs["limitUnit"]},
    }
    if inputs.get("costFilters"):
        budget["CostFilters"] = {f["name"]: f["values"] for f in inputs["costFilters"]}
    if inputs.get("costTypes"):
        budget["CostTypes"] = _pascal(inputs["costTypes"])
    notifications = []
    for notice in inputs.get("notifications") or []:
        subscribers = [
            {"SubscriptionType": "SNS", "Address": arn} for arn in notice.get("subscriberSnsTopicArns") or []
        ]
        subscribers += [
            {"SubscriptionType": "EMAIL", "Address": email}
            for email in notice.get("subscriberEmailAddresses") or []
        ]
        notifications.append(
            {
                "Notification": {
                    "NotificationType": notice["notificationType"],
                    "ComparisonOperator": notice["comparisonOperator"],
                    "Threshold": notice["threshold"],
                    "ThresholdType": notice["thresholdType"],
                },
                "Subscribers": subscribers,
            }
        )
    request: dict[str, Any] = {"AccountId": inputs.get("accountId", account_id), "Budget": budget}
    if notifications:
        request["NotificationsWithSubscribers"] = notifications
    if inputs.get("tags"):
        request["ResourceTags"] = _tags(inputs["tags"])
    return request


def scheduler_universal_target_request(target_arn: str, input_json: str) -> tuple[str, str, dict[str, Any]]:
    """(service, operation, request) an EventBridge Scheduler universal target calls: the target ARN is
    `arn:<partition>:scheduler:::aws-sdk:<service>:<apiAction>` and its input is the request itself."""
    prefix, _, action = target_arn.rpartition(":")
    service = prefix.rsplit(":", 1)[1]
    if ":scheduler:::aws-sdk:" not in target_arn:
        raise ValueError(f"{target_arn!r} is not an EventBridge Scheduler universal target")
    return service, action[:1].upper() + action[1:], json.loads(input_json)
