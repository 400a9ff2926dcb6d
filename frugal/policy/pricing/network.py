"""Network: Elastic IPs, NAT gateways, load balancers (ALB, NLB, GWLB, classic) and their public addresses,
VPC endpoints, Transit Gateway attachments, VPNs, Global Accelerator, Network Firewall, Route 53 Resolver
endpoints, VPC Lattice services, IPAM and Direct Connect ports."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader, as_bool
from .core import Inputs, Pricing, prices


def _hourly_item(node: Node, pricing: Pricing, key: str, basis: str, count: int = 1) -> None:
    """An item billed all month at the hourly rate `key`, `count` times over (addresses, AZs, ENIs)."""
    pricing.item(node, count * HOURS_PER_MONTH * pricing.rate(key, node), basis)


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
    _hourly_item(eip, pricing, "ipv4.public_hour", "Elastic IP: public IPv4, 730 h/month, attached or not")


@prices(t.NAT_GATEWAY)
def price_nat_gateway(gateway: Node, pricing: Pricing) -> None:
    connectivity = gateway.get("connectivityType", default="public")
    kind = "private" if connectivity == "private" else "public"
    note = " (its Elastic IP is priced on its own)" if kind == "public" else ""
    _hourly_item(
        gateway,
        pricing,
        "nat_gateway.hour",
        f"{kind} NAT gateway, 730 h/month + {pricing.rate_text('nat_gateway.gb', gateway)} (usage){note}",
    )


def _public_addresses(balancer: Node, pricing: Pricing, label: str, *props: str) -> None:
    """The public IPv4 addresses of an internet-facing load balancer: one per AZ it spans."""
    internal = as_bool(balancer.get("internal", default=False))
    if internal is True:
        return
    count = subnet_count(balancer, pricing, *props)
    if count is None:
        pricing.unpriced(
            balancer, "its subnets are unknown at preview: its public IPv4 addresses (one per AZ)"
        )
        return
    note = "; internal unknown at preview: assumed internet-facing" if internal is UNKNOWN else ""
    if count == 0:
        # A load balancer in no given subnet is placed by AWS in the default VPC's subnets, at least 2.
        count, note = 2, f"{note}; no subnets given: assumed 2 AZs"
    _hourly_item(
        balancer,
        pricing,
        "ipv4.public_hour",
        f"{count} public IPv4 addresses of an internet-facing {label} (one per AZ), 730 h/month{note}",
        count=count,
    )


@prices(t.LB, t.ALB)
def price_load_balancer(balancer: Node, pricing: Pricing) -> None:
    kind = balancer.get("loadBalancerType", default="application")
    if kind is UNKNOWN:
        pricing.unpriced(balancer, "loadBalancerType unknown at preview")
        return
    if kind == "gateway":
        # A GWLB sits behind GWLB endpoints in private subnets: it has no public address of its own.
        _hourly_item(
            balancer,
            pricing,
            "elb.gateway_hour",
            "Gateway Load Balancer, 730 h/month + GLCU-hours (usage); never internet-facing, no public IPv4",
        )
        return
    if kind not in ("application", "network"):
        pricing.unpriced(balancer, f"load balancer type {kind!r} is not in the price table", "no-price")
        return
    label = "ALB" if kind == "application" else "NLB"
    _hourly_item(balancer, pricing, f"elb.{kind}_hour", f"{label}, 730 h/month + capacity units (usage)")
    _public_addresses(balancer, pricing, label, "subnets", "subnetMappings")


@prices(t.CLASSIC_ELB)
def price_classic_load_balancer(balancer: Node, pricing: Pricing) -> None:
    _hourly_item(
        balancer,
        pricing,
        "elb.classic_hour",
        f"Classic Load Balancer, 730 h/month + {pricing.rate_text('elb.classic_gb', balancer)} (usage)",
    )
    _public_addresses(balancer, pricing, "Classic Load Balancer", "subnets", "availabilityZones")


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
    if kind not in ("Interface", "GatewayLoadBalancer"):
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
    if kind == "GatewayLoadBalancer":
        _hourly_item(
            endpoint,
            pricing,
            "vpc_endpoint.gwlb_az_hour",
            f"Gateway Load Balancer endpoint in {count} AZ(s), 730 h/month + data processed (usage){note}",
            count=count,
        )
        return
    _hourly_item(
        endpoint,
        pricing,
        "vpc_endpoint.interface_az_hour",
        f"interface endpoint {service_name} in {count} AZ(s), 730 h/month + data processed (usage){note}",
        count=count,
    )


@prices(t.VPC_ENDPOINT_SUBNET_ASSOCIATION)
def price_endpoint_subnet_association(association: Node, pricing: Pricing) -> None:
    # Only interface endpoints take subnet associations: each one adds an AZ to the endpoint.
    _hourly_item(
        association,
        pricing,
        "vpc_endpoint.interface_az_hour",
        "one more AZ of an interface endpoint, 730 h/month",
    )


# --- Transit Gateway and VPN ------------------------------------------------------------------

_ATTACHMENTS = {
    t.TGW_VPC_ATTACHMENT: "VPC",
    t.TGW_PEERING_ATTACHMENT: "peering",
    t.TGW_CONNECT: "Connect",
}


@prices(*_ATTACHMENTS)
def price_tgw_attachment(attachment: Node, pricing: Pricing) -> None:
    # The transit gateway itself has no hourly fee: each attachment to it has. The attachment is priced
    # once, here on the side that requests it; its accepter (another account's, or this one's) is free.
    kind = _ATTACHMENTS[attachment.kind]
    _hourly_item(
        attachment,
        pricing,
        "tgw.attachment_hour",
        f"Transit Gateway {kind} attachment, 730 h/month + {pricing.rate_text('tgw.gb', attachment)} (usage)",
    )


@prices(t.TGW_VPC_ATTACHMENT_ACCEPTER, t.TGW_PEERING_ATTACHMENT_ACCEPTER)
def price_tgw_accepter(accepter: Node, pricing: Pricing) -> None:
    pricing.free(
        accepter,
        "accepts an attachment another stack or account requested: the attachment-hour is priced once, "
        "on the requesting VpcAttachment/PeeringAttachment (billed to the account that owns it)",
    )


@prices(t.VPN_CONNECTION)
def price_vpn_connection(connection: Node, pricing: Pricing) -> None:
    if connection.get("vpnConcentratorId") is not None:
        pricing.unpriced(
            connection, "a connection on a Site-to-Site VPN concentrator: no price in the table", "no-price"
        )
        return
    bandwidth = connection.get("tunnelBandwidth", default="standard")
    if bandwidth is UNKNOWN or bandwidth != "standard":
        what = "unknown at preview" if bandwidth is UNKNOWN else f"{bandwidth!r}: no price in the table"
        pricing.unpriced(
            connection, f"tunnelBandwidth {what}", "unknown" if bandwidth is UNKNOWN else "no-price"
        )
        return
    accelerated = as_bool(connection.get("enableAcceleration", default=False))
    note = "; accelerated: + Global Accelerator data-transfer premium (usage)" if accelerated is True else ""
    _hourly_item(
        connection,
        pricing,
        "vpn.connection_hour",
        f"Site-to-Site VPN connection, 730 h/month + data transfer out (usage){note}",
    )
    if connection.get("transitGatewayId") is not None:
        # On a transit gateway the VPN is also a TGW attachment (no VpcAttachment resource stands for it).
        _hourly_item(
            connection,
            pricing,
            "tgw.attachment_hour",
            "its Transit Gateway VPN attachment, 730 h/month + "
            f"{pricing.rate_text('tgw.gb', connection)} (usage)",
        )


@prices(t.CLIENT_VPN_ASSOCIATION)
def price_client_vpn_association(association: Node, pricing: Pricing) -> None:
    _hourly_item(
        association,
        pricing,
        "client_vpn.association_hour",
        "Client VPN endpoint association with one subnet, 730 h/month "
        f"(+ {pricing.rate_text('client_vpn.connection_hour', association)}, usage)",
    )


# --- edge and inspection ----------------------------------------------------------------------


@prices(t.GLOBAL_ACCELERATOR, t.CUSTOM_ROUTING_ACCELERATOR)
def price_accelerator(accelerator: Node, pricing: Pricing) -> None:
    label = (
        "custom routing accelerator" if accelerator.kind == t.CUSTOM_ROUTING_ACCELERATOR else "accelerator"
    )
    # The fixed fee runs while the accelerator exists, enabled or not; its two static IPv4 addresses
    # come with it (no separate public IPv4 charge, as far as the sources we have say).
    _hourly_item(
        accelerator,
        pricing,
        "global_accelerator.hour",
        f"Global Accelerator {label} fixed fee, 730 h/month (its static IPv4 addresses included) "
        "+ data-transfer premium per GB (usage)",
    )


@prices(t.NETWORK_FIREWALL)
def price_network_firewall(firewall: Node, pricing: Pricing) -> None:
    # One firewall endpoint per subnet mapping (one per AZ); attached to a transit gateway instead, one
    # per AZ mapping.
    attached = firewall.get("transitGatewayId")
    prop = "availabilityZoneMappings" if attached is not None else "subnetMappings"
    read = Reader()
    value = firewall.get(prop)
    if value is UNKNOWN:
        linked = pricing.graph.targets(firewall, prop, [t.SUBNET]) if prop == "subnetMappings" else []
        if not linked:
            pricing.unpriced(firewall, f"{prop} unknown at preview: it is billed per firewall endpoint (AZ)")
            return
        count = len(linked)
    else:
        count = len(read.items(value, prop))
    if count == 0:
        pricing.unpriced(firewall, f"no {prop}: its firewall endpoints (one per AZ) can't be counted")
        return
    where = "transit gateway AZ" if attached is not None else "subnet mapping"
    _hourly_item(
        firewall,
        pricing,
        "network_firewall.endpoint_hour",
        f"{count} Network Firewall endpoint(s) (one per {where}), 730 h/month + "
        f"{pricing.rate_text('network_firewall.gb', firewall)} (usage); NAT gateway-hours AWS waives "
        "alongside are not deducted",
        count=count,
    )


@prices(t.NETWORK_FIREWALL_ENDPOINT_ASSOCIATION)
def price_firewall_endpoint_association(association: Node, pricing: Pricing) -> None:
    # A VPC endpoint association is one more firewall endpoint, billed to the firewall's owner.
    _hourly_item(
        association,
        pricing,
        "network_firewall.endpoint_hour",
        "1 extra Network Firewall endpoint (billed to the firewall's owner), 730 h/month + "
        f"{pricing.rate_text('network_firewall.gb', association)} (usage)",
    )


@prices(t.NETWORK_FIREWALL_TGW_ACCEPTER)
def price_firewall_tgw_accepter(accepter: Node, pricing: Pricing) -> None:
    pricing.free(
        accepter,
        "accepts a transit gateway-attached firewall: its endpoints are priced on the firewall",
    )


@prices(t.RESOLVER_ENDPOINT)
def price_resolver_endpoint(endpoint: Node, pricing: Pricing) -> None:
    value = endpoint.get("ipAddresses")
    if value is UNKNOWN:
        linked = pricing.graph.targets(endpoint, "ipAddresses", [t.SUBNET])
        if not linked:
            pricing.unpriced(endpoint, "ipAddresses unknown at preview: it is billed per IP address (ENI)")
            return
        count = len(linked)
    else:
        count = len(Reader().items(value, "ipAddresses"))
    note = ""
    if count < 2:
        count, note = 2, "; AWS requires at least 2"
    _hourly_item(
        endpoint,
        pricing,
        "route53_resolver.eni_hour",
        f"Route 53 Resolver endpoint, {count} IP addresses (ENIs), 730 h/month + queries (usage){note}",
        count=count,
    )


@prices(t.LATTICE_SERVICE)
def price_lattice_service(service: Node, pricing: Pricing) -> None:
    _hourly_item(
        service,
        pricing,
        "vpc_lattice.service_hour",
        "VPC Lattice service, 730 h/month + data processed and requests (usage)",
    )


@prices(t.VPC_IPAM)
def price_ipam(ipam: Node, pricing: Pricing) -> None:
    tier = ipam.get("tier", default="advanced")  # pulumi-aws and CloudFormation default to advanced
    if tier == "free":
        pricing.free(ipam, "IPAM free tier: no charge")
        return
    if tier is UNKNOWN:
        pricing.unpriced(ipam, "tier unknown at preview (the advanced tier bills per active IP-hour)")
        return
    rate = pricing.rate("ipam.advanced.active_ip_hour", ipam)
    pricing.usage(
        ipam,
        f"IPAM advanced tier: ${rate} per active IP address-hour it manages "
        f"(1,000 IPs in use: ${1000 * rate * HOURS_PER_MONTH:.2f}/month)",
    )


# --- Direct Connect ---------------------------------------------------------------------------


def _port(node: Node, pricing: Pricing, prop: str, what: str) -> None:
    bandwidth = node.get(prop)
    if bandwidth is UNKNOWN or bandwidth is None:
        pricing.unpriced(node, f"{prop} unknown at preview: a port is billed by its speed")
        return
    speed = str(bandwidth).lower().replace("gbps", "g")
    _hourly_item(
        node,
        pricing,
        f"dx.dedicated_{speed}.port_hour",
        f"{what} {bandwidth} port, 730 h/month + data transfer out (usage)",
    )


@prices(t.DX_CONNECTION)
def price_dx_connection(connection: Node, pricing: Pricing) -> None:
    _port(connection, pricing, "bandwidth", "Direct Connect dedicated")


@prices(t.DX_LAG)
def price_dx_lag(lag: Node, pricing: Pricing) -> None:
    if lag.get("connectionId") is not None:
        pricing.free(
            lag, "a LAG over an existing dedicated connection: the connection's port is priced on it"
        )
        return
    # Without connectionId the provider creates the LAG with one new dedicated connection.
    _port(lag, pricing, "connectionsBandwidth", "Direct Connect LAG: 1 new dedicated")


@prices(t.DX_LAG_NATIVE)
def price_dx_lag_native(lag: Node, pricing: Pricing) -> None:
    pricing.free(lag, "a LAG on its own: its member connections (Connection with lagId) are priced")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:alb/loadBalancer:LoadBalancer": Inputs(
        reads="internal loadBalancerType region subnetMappings subnets",
        free=(
            "accessLogs clientKeepAlive connectionLogs customerOwnedIpv4Pool desyncMitigationMode "
            "dnsRecordClientRoutingPolicy dropInvalidHeaderFields enableCrossZoneLoadBalancing "
            "enableDeletionProtection enableHttp2 enablePrefixForIpv6SourceNat "
            "enableTlsVersionAndCipherSuiteHeaders enableWafFailOpen enableXffClientPort enableZonalShift "
            "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic healthCheckLogs idleTimeout "
            "ipAddressType ipamPools name namePrefix preserveHostHeader secondaryIpsAutoAssignedPerSubnet "
            "securityGroups tags xffHeaderProcessingMode"
        ),
        unread={
            "minimumLoadBalancerCapacity": "reserved LCU capacity bills by the hour whether used or not",
        },
    ),
    "aws:directconnect/connection:Connection": Inputs(
        reads="bandwidth region",
        free="encryptionMode location name providerName requestMacsec skipDestroy tags",
    ),
    "aws:directconnect/linkAggregationGroup:LinkAggregationGroup": Inputs(
        reads="connectionId connectionsBandwidth region",
        free="forceDestroy location name providerName tags",
    ),
    "aws:ec2/eip:Eip": Inputs(
        reads="region",
        free=(
            "address associateWithPrivateIp customerOwnedIpv4Pool domain instance ipamPoolId "
            "networkBorderGroup networkInterface publicIpv4Pool tags"
        ),
    ),
    "aws:ec2/natGateway:NatGateway": Inputs(
        reads="connectivityType region",
        free=(
            "allocationId availabilityZoneAddresses privateIp secondaryAllocationIds "
            "secondaryPrivateIpAddressCount secondaryPrivateIpAddresses subnetId tags vpcId"
        ),
        unread={
            "availabilityMode": "a regional NAT gateway bills per AZ it spans: priced as one",
        },
    ),
    "aws:ec2/vpcEndpoint:VpcEndpoint": Inputs(
        reads="region serviceName subnetIds vpcEndpointType",
        free=(
            "autoAccept dnsOptions ipAddressType policy privateDnsEnabled resourceConfigurationArn "
            "routeTableIds securityGroupIds serviceNetworkArn serviceRegion subnetConfigurations tags "
            "vpcId"
        ),
    ),
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation": Inputs(
        reads="region",
        free="subnetId vpcEndpointId",
    ),
    "aws:ec2/vpcIpam:VpcIpam": Inputs(
        reads="region tier",
        free="cascade description enablePrivateGua meteredAccount operatingRegions tags",
    ),
    "aws:ec2/vpnConnection:VpnConnection": Inputs(
        reads="enableAcceleration region transitGatewayId tunnelBandwidth vpnConcentratorId",
        free=(
            "customerGatewayId localIpv4NetworkCidr localIpv6NetworkCidr outsideIpAddressType "
            "presharedKeyStorage remoteIpv4NetworkCidr remoteIpv6NetworkCidr staticRoutesOnly tags "
            "transportTransitGatewayAttachmentId tunnel1DpdTimeoutAction tunnel1DpdTimeoutSeconds "
            "tunnel1EnableTunnelLifecycleControl tunnel1IkeVersions tunnel1InsideCidr "
            "tunnel1InsideIpv6Cidr tunnel1LogOptions tunnel1Phase1DhGroupNumbers "
            "tunnel1Phase1EncryptionAlgorithms tunnel1Phase1IntegrityAlgorithms "
            "tunnel1Phase1LifetimeSeconds tunnel1Phase2DhGroupNumbers tunnel1Phase2EncryptionAlgorithms "
            "tunnel1Phase2IntegrityAlgorithms tunnel1Phase2LifetimeSeconds tunnel1PresharedKey "
            "tunnel1RekeyFuzzPercentage tunnel1RekeyMarginTimeSeconds tunnel1ReplayWindowSize "
            "tunnel1StartupAction tunnel2DpdTimeoutAction tunnel2DpdTimeoutSeconds "
            "tunnel2EnableTunnelLifecycleControl tunnel2IkeVersions tunnel2InsideCidr "
            "tunnel2InsideIpv6Cidr tunnel2LogOptions tunnel2Phase1DhGroupNumbers "
            "tunnel2Phase1EncryptionAlgorithms tunnel2Phase1IntegrityAlgorithms "
            "tunnel2Phase1LifetimeSeconds tunnel2Phase2DhGroupNumbers tunnel2Phase2EncryptionAlgorithms "
            "tunnel2Phase2IntegrityAlgorithms tunnel2Phase2LifetimeSeconds tunnel2PresharedKey "
            "tunnel2RekeyFuzzPercentage tunnel2RekeyMarginTimeSeconds tunnel2ReplayWindowSize "
            "tunnel2StartupAction tunnelInsideIpVersion type vpnGatewayId"
        ),
    ),
    "aws:ec2clientvpn/networkAssociation:NetworkAssociation": Inputs(
        reads="region",
        free="clientVpnEndpointId subnetId",
    ),
    "aws:ec2transitgateway/connect:Connect": Inputs(
        reads="region transitGatewayId",
        free=(
            "protocol tags transitGatewayDefaultRouteTableAssociation "
            "transitGatewayDefaultRouteTablePropagation transportAttachmentId"
        ),
    ),
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": Inputs(
        reads="region transitGatewayId",
        free="options peerAccountId peerRegion peerTransitGatewayId tags",
    ),
    "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": Inputs(
        reads="region",
        free="tags transitGatewayAttachmentId",
    ),
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": Inputs(
        reads="region subnetIds transitGatewayId",
        free=(
            "applianceModeSupport dnsSupport ipv6Support securityGroupReferencingSupport tags "
            "transitGatewayDefaultRouteTableAssociation transitGatewayDefaultRouteTablePropagation vpcId"
        ),
    ),
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": Inputs(
        reads="region",
        free=(
            "tags transitGatewayAttachmentId transitGatewayDefaultRouteTableAssociation "
            "transitGatewayDefaultRouteTablePropagation"
        ),
    ),
    "aws:elb/loadBalancer:LoadBalancer": Inputs(
        reads="availabilityZones internal region subnets",
        free=(
            "accessLogs connectionDraining connectionDrainingTimeout crossZoneLoadBalancing "
            "desyncMitigationMode healthCheck idleTimeout instances listeners name namePrefix "
            "securityGroups sourceSecurityGroup tags"
        ),
    ),
    "aws:globalaccelerator/accelerator:Accelerator": Inputs(
        reads="ipAddresses",
        free="attributes enabled ipAddressType name tags",
    ),
    "aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator": Inputs(
        reads="ipAddresses",
        free="attributes enabled ipAddressType name tags",
    ),
    "aws:lb/loadBalancer:LoadBalancer": Inputs(
        reads="internal loadBalancerType region subnetMappings subnets",
        free=(
            "accessLogs clientKeepAlive connectionLogs customerOwnedIpv4Pool desyncMitigationMode "
            "dnsRecordClientRoutingPolicy dropInvalidHeaderFields enableCrossZoneLoadBalancing "
            "enableDeletionProtection enableHttp2 enablePrefixForIpv6SourceNat "
            "enableTlsVersionAndCipherSuiteHeaders enableWafFailOpen enableXffClientPort enableZonalShift "
            "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic healthCheckLogs idleTimeout "
            "ipAddressType ipamPools name namePrefix preserveHostHeader secondaryIpsAutoAssignedPerSubnet "
            "securityGroups tags xffHeaderProcessingMode"
        ),
        unread={
            "minimumLoadBalancerCapacity": "reserved LCU capacity bills by the hour whether used or not",
        },
    ),
    "aws:networkfirewall/firewall:Firewall": Inputs(
        reads="availabilityZoneMappings region subnetMappings transitGatewayId",
        free=(
            "availabilityZoneChangeProtection deleteProtection description enabledAnalysisTypes "
            "encryptionConfiguration firewallPolicyArn firewallPolicyChangeProtection name "
            "subnetChangeProtection tags vpcId"
        ),
    ),
    "aws:networkfirewall/firewallTransitGatewayAttachmentAccepter:FirewallTransitGatewayAttachmentAccepter": Inputs(  # noqa: E501
        reads="region",
        free="timeouts transitGatewayAttachmentId",
    ),
    "aws:networkfirewall/vpcEndpointAssociation:VpcEndpointAssociation": Inputs(
        reads="region",
        free="description firewallArn subnetMapping tags timeouts vpcId",
    ),
    "aws:route53/resolverEndpoint:ResolverEndpoint": Inputs(
        reads="ipAddresses region",
        free=(
            "direction name protocols resolverEndpointType rniEnhancedMetricsEnabled "
            "securityGroupIds tags targetNameServerMetricsEnabled"
        ),
    ),
    "aws:vpclattice/service:Service": Inputs(
        reads="region",
        free="authType certificateArn customDomainName idleTimeoutSeconds name tags",
    ),
}
