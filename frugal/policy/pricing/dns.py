"""DNS: Route 53 hosted zones (including the one a Cloud Map DNS namespace creates), health checks with
their optional features, Cloud Map registered instances, traffic policy records and Route 53 ARC
routing-control clusters."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_bool, as_number
from .core import Inputs, Pricing, prices

# Resources whose address a health check can point at: when its fqdn or ipAddress is built from one of
# them, the endpoint is an AWS one in this account (the cheaper health-check rate).
_AWS_ENDPOINTS = (
    t.EIP,
    t.EC2_INSTANCE,
    *t.ALL_LOAD_BALANCERS,
    t.CLOUDFRONT_DISTRIBUTION,
    t.BUCKET_WEBSITE,
    t.BUCKET_WEBSITE_V2,
    t.REST_API,
    t.REST_API_DOMAIN,
    t.HTTP_API,
    t.HTTP_API_DOMAIN,
    t.GLOBAL_ACCELERATOR,
    t.BEANSTALK_ENVIRONMENT,
    t.LIGHTSAIL_STATIC_IP,
    t.LIGHTSAIL_INSTANCE,
)
# Host names only AWS serves. Whether the resource is in this account is not known; these are priced as
# AWS endpoints, which is what they are for a stack that owns them.
_AWS_SUFFIXES = (".amazonaws.com", ".cloudfront.net", ".awsglobalaccelerator.com", ".on.aws")
_NOT_ENDPOINTS = ("CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL")


@prices(*t.DNS_ZONES)
def price_zone(zone: Node, pricing: Pricing) -> None:
    if zone.kind.startswith("aws:servicediscovery/"):
        basis = "Route 53 hosted zone created by the Cloud Map DNS namespace"
    else:
        basis = "Route 53 hosted zone (+ queries, usage)"
    pricing.item(zone, pricing.rate("route53.hosted_zone_month", zone), basis)


@prices(t.DISCOVERY_SERVICE)
def price_discovery_service(service: Node, pricing: Pricing) -> None:
    if service.get("healthCheckConfig") is not None:
        # A Route 53 health check per registered instance; priced for one (more with more instances).
        pricing.item(
            service,
            pricing.rate("route53.health_check.aws_month", service),
            "Route 53 health check its healthCheckConfig creates (per registered instance; priced for 1)",
            upper_bound=False,
        )
        return
    rate = pricing.rate_text("cloudmap.registered_instance_month", service)
    pricing.usage(service, f"Cloud Map: {rate} + lookups (registrations follow tasks)")


@prices(t.DISCOVERY_INSTANCE)
def price_discovery_instance(instance: Node, pricing: Pricing) -> None:
    # An instance registered by the program itself stays registered: a fixed monthly charge.
    pricing.item(
        instance,
        pricing.rate("cloudmap.registered_instance_month", instance),
        "Cloud Map registered instance (+ discovery calls, usage)",
    )


def _endpoint(check: Node, pricing: Pricing) -> tuple[str, str, bool]:
    """("aws" or "non_aws", why, whether that is an assumption): the health-check rate depends on where
    its endpoint lives."""
    for prop in ("fqdn", "ipAddress"):
        if pricing.graph.targets(check, prop, _AWS_ENDPOINTS):
            return "aws", f"its {prop} comes from an AWS resource of this stack", False
    fqdn = check.get("fqdn")
    if isinstance(fqdn, str) and fqdn.rstrip(".").lower().endswith(_AWS_SUFFIXES):
        return "aws", "an AWS host name", False
    if fqdn is UNKNOWN or check.get("ipAddress") is UNKNOWN:
        return "non_aws", "endpoint unknown at preview: the non-AWS rate, the higher one", True
    return "non_aws", "outside AWS, or not one of this stack's resources", False


@prices(t.ROUTE53_HEALTH_CHECK)
def price_health_check(check: Node, pricing: Pricing) -> None:
    kind = check.get("type")
    if kind is UNKNOWN:
        pricing.unpriced(check, "type unknown at preview (HTTPS and string matching cost extra)")
        return
    kind = str(kind or "")
    if kind in _NOT_ENDPOINTS:
        # Calculated, CloudWatch-alarm and recovery-control checks probe no endpoint of their own.
        pricing.item(
            check,
            pricing.rate("route53.health_check.aws_month", check),
            f"Route 53 {kind.lower()} health check, at the AWS-endpoint rate",
        )
        return
    where, why, assumed = _endpoint(check, pricing)
    options: list[str] = []
    if kind.startswith("HTTPS"):
        options.append("HTTPS")
    if kind.endswith("STR_MATCH"):
        options.append("string matching")
    interval = as_number(check.get("requestInterval", default=30))
    latency = as_bool(check.get("measureLatency", default=False))
    unknown = [
        name
        for name, value in (("requestInterval", interval), ("measureLatency", latency))
        if value is UNKNOWN
    ]
    if interval is UNKNOWN or (interval is not None and interval < 30):
        options.append("fast interval")
    if latency is UNKNOWN or latency is True:
        options.append("latency measurement")
    monthly = pricing.rate(f"route53.health_check.{where}_month", check)
    if options:
        monthly += len(options) * pricing.rate(f"route53.health_check.option.{where}_month", check)
    label = "AWS" if where == "aws" else "non-AWS"
    features = f" + {len(options)} optional feature(s): {', '.join(options)}" if options else ""
    note = f"; {', '.join(unknown)} unknown at preview: counted as enabled" if unknown else ""
    pricing.item(
        check,
        monthly,
        f"Route 53 {kind or 'HTTP'} health check on a {label} endpoint ({why}){features}{note}",
        upper_bound=bool(unknown) or assumed,
    )


@prices(t.TRAFFIC_POLICY_INSTANCE)
def price_traffic_policy_instance(instance: Node, pricing: Pricing) -> None:
    pricing.item(
        instance,
        pricing.rate("route53.traffic_policy_record_month", instance),
        "Route 53 traffic flow policy record (+ queries, usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:route53recoverycontrol/cluster:Cluster": Inputs(
        free="name networkType tags",
    ),
    "aws:route53/healthCheck:HealthCheck": Inputs(
        reads="fqdn ipAddress measureLatency requestInterval type",
        free=(
            "childHealthThreshold childHealthchecks cloudwatchAlarmName cloudwatchAlarmRegion "
            "disabled enableSni failureThreshold insufficientDataHealthStatus invertHealthcheck port "
            "referenceName regions resourcePath routingControlArn searchString tags triggers"
        ),
    ),
    "aws:route53/trafficPolicyInstance:TrafficPolicyInstance": Inputs(
        free="hostedZoneId name trafficPolicyId trafficPolicyVersion ttl",
    ),
    "aws:route53/zone:Zone": Inputs(
        free="comment delegationSetId enableAcceleratedRecovery forceDestroy name tags vpcs",
    ),
    "aws:servicediscovery/instance:Instance": Inputs(
        reads="region",
        free="attributes instanceId serviceId",
    ),
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": Inputs(
        reads="region",
        free="description name tags vpc",
    ),
    "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace": Inputs(
        reads="region",
        free="description name tags",
    ),
    "aws:servicediscovery/service:Service": Inputs(
        reads="healthCheckConfig region type",
        free="description dnsConfig forceDestroy healthCheckCustomConfig name namespaceId tags",
    ),
}


@prices(t.ARC_CLUSTER)
def price_recovery_cluster(cluster: Node, pricing: Pricing) -> None:
    """A Route 53 ARC cluster (the routing-control data plane) bills every hour it exists."""
    pricing.item(
        cluster,
        pricing.rate("route53.arc.cluster_hour", cluster) * HOURS_PER_MONTH,
        "Route 53 ARC routing-control cluster, 730 h/month, used or not",
    )
