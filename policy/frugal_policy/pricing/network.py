"""Network: Elastic IPs, NAT gateways, load balancers and their public addresses, VPC interface endpoints."""

from __future__ import annotations

from .. import types as t
from ..cron import HOURS_PER_MONTH
from ..graph import Node
from ..values import UNKNOWN, Reader, as_bool
from .core import Pricing, prices


def subnet_count(node: Node, pricing: Pricing, *props: str) -> int | None:
    """How many subnets (one per AZ) the resource spans: its known lists, else the subnets the engine
    says the lists were built from; None when neither tells."""
    read = Reader()
    known = 0
    for prop in props:
        value = node.get(prop)
        if value is UNKNOWN:
            linked = pricing.graph.targets(node, prop, [t.SUBNET])
            if not linked:
                return None
            known = max(known, len(linked))
        else:
            known = max(known, len(read.items(value, prop)))
    return known


@prices(t.EIP)
def price_eip(eip: Node, pricing: Pricing) -> None:
    pricing.item(
        eip,
        HOURS_PER_MONTH * pricing.rate("ipv4.public_hour", eip),
        "Elastic IP: public IPv4, 730 h/month, attached or not",
    )


@prices(t.NAT_GATEWAY)
def price_nat_gateway(gateway: Node, pricing: Pricing) -> None:
    connectivity = gateway.get("connectivityType", default="public")
    kind = "private" if connectivity == "private" else "public"
    note = " (its Elastic IP is priced on its own)" if kind == "public" else ""
    pricing.item(
        gateway,
        HOURS_PER_MONTH * pricing.rate("nat_gateway.hour", gateway),
        f"{kind} NAT gateway, 730 h/month + $0.045/GB processed{note}",
    )


@prices(t.LB, t.ALB)
def price_load_balancer(balancer: Node, pricing: Pricing) -> None:
    kind = balancer.get("loadBalancerType", default="application")
    if kind is UNKNOWN:
        pricing.unpriced(balancer, "loadBalancerType unknown at preview")
        return
    if kind not in ("application", "network"):
        pricing.unpriced(balancer, f"load balancer type {kind!r} is not in the price table", "no-price")
        return
    label = "ALB" if kind == "application" else "NLB"
    pricing.item(
        balancer,
        HOURS_PER_MONTH * pricing.rate(f"elb.{kind}_hour", balancer),
        f"{label}, 730 h/month + capacity units (usage)",
    )
    internal = as_bool(balancer.get("internal", default=False))
    if internal is True:
        return
    count = subnet_count(balancer, pricing, "subnets", "subnetMappings")
    if count is None:
        pricing.unpriced(
            balancer, "its subnets are unknown at preview: its public IPv4 addresses (one per AZ)"
        )
        return
    note = "; internal unknown at preview: assumed internet-facing" if internal is UNKNOWN else ""
    if count == 0:
        # A load balancer in no given subnet is placed by AWS in the default VPC's subnets, at least 2.
        count, note = 2, f"{note}; no subnets given: assumed 2 AZs"
    pricing.item(
        balancer,
        count * HOURS_PER_MONTH * pricing.rate("ipv4.public_hour", balancer),
        f"{count} public IPv4 addresses of an internet-facing {label} (one per AZ), 730 h/month{note}",
    )


@prices(t.VPC_ENDPOINT)
def price_vpc_endpoint(endpoint: Node, pricing: Pricing) -> None:
    kind = endpoint.get("vpcEndpointType", default="Gateway")
    service = endpoint.get("serviceName", default="?")
    service_name = "?" if service is UNKNOWN else str(service).rsplit(".", 1)[-1]
    if kind == "Gateway":
        pricing.free(endpoint, f"gateway endpoint ({service_name}): free")
        return
    if kind is UNKNOWN:
        pricing.unpriced(endpoint, "vpcEndpointType unknown at preview")
        return
    if kind != "Interface":
        pricing.unpriced(endpoint, f"endpoint type {kind!r} is not in the price table", "no-price")
        return
    count = subnet_count(endpoint, pricing, "subnetIds")
    if count is None:
        pricing.unpriced(endpoint, "its subnets are unknown at preview: it is billed per AZ")
        return
    note = ""
    if count == 0:
        # With no subnets, the endpoint gets none of its per-AZ network interfaces yet.
        count, note = 1, "; no subnets given: priced for 1 AZ"
    pricing.item(
        endpoint,
        count * HOURS_PER_MONTH * pricing.rate("vpc_endpoint.interface_az_hour", endpoint),
        f"interface endpoint {service_name} in {count} AZ(s), 730 h/month + $0.01/GB{note}",
    )
