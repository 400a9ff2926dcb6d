"""DNS: Route 53 hosted zones, including the one a Cloud Map DNS namespace creates."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from .core import Pricing, prices


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
    pricing.usage(
        service, "Cloud Map: $0.10 per registered instance-month + lookups (registrations follow tasks)"
    )


@prices(t.ROUTE53_HEALTH_CHECK)
def price_health_check(check: Node, pricing: Pricing) -> None:
    pricing.item(check, pricing.rate("route53.health_check.aws_month", check), "Route 53 health check")
