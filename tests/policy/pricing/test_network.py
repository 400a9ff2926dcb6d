"""Network pricers: classic and gateway load balancers, GWLB endpoints, Transit Gateway attachments, VPNs,
Global Accelerator, Network Firewall, Resolver endpoints, VPC Lattice, IPAM and Direct Connect.

Expected figures are worked out by hand from the price table (730 h a month)."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node

SUBNET = "aws:ec2/subnet:Subnet"
IPV4 = 730 * 0.005  # $3.65 per public IPv4 address
TGW_HOUR = 730 * 0.05


def amounts(result) -> list[float]:
    return [round(item.monthly_usd, 2) for item in result.items]


def test_a_classic_elb_pays_its_hour_and_one_public_ipv4_per_az_unless_internal():
    facing = estimate_of(node("aws:elb/loadBalancer:LoadBalancer", "clb", {"availabilityZones": ["a", "b"]}))
    assert amounts(facing) == [18.25, 7.30] and facing.unpriced == []
    internal = estimate_of(
        node("aws:elb/loadBalancer:LoadBalancer", "clb", {"subnets": ["s1", "s2", "s3"], "internal": True})
    )
    assert amounts(internal) == [18.25]
    native = estimate_of(
        node("aws-native:elasticloadbalancing:LoadBalancer", "clb", {"subnets": ["s1", "s2", "s3"]})
    )
    assert amounts(native) == [18.25, round(3 * IPV4, 2)]
    subnets = [node(SUBNET, name, {}) for name in ("a", "b")]
    linked = node("aws:elb/loadBalancer:LoadBalancer", "clb", {"subnets": UNKNOWN}, {"subnets": subnets})
    assert amounts(estimate_of(linked, *subnets)) == [18.25, 7.30]
    unlinked = estimate_of(node("aws:elb/loadBalancer:LoadBalancer", "clb", {"subnets": UNKNOWN}))
    assert "its subnets are unknown at preview" in unlinked.unpriced[0].reason


def test_a_gateway_load_balancer_has_no_public_address_and_its_endpoints_bill_per_az():
    gwlb = estimate_of(
        node(
            "aws:lb/loadBalancer:LoadBalancer", "gwlb", {"loadBalancerType": "gateway", "subnets": ["a", "b"]}
        )
    )
    assert amounts(gwlb) == [round(730 * 0.0125, 2)] and "no public IPv4" in gwlb.items[0].basis
    native = estimate_of(
        node("aws-native:elasticloadbalancingv2:LoadBalancer", "gwlb", {"type": "gateway", "subnets": ["a"]})
    )
    assert amounts(native) == [9.12]
    endpoint = estimate_of(
        node(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            "inspect",
            {"vpcEndpointType": "GatewayLoadBalancer", "subnetIds": ["a"], "serviceName": "com.x.vpce-svc"},
        )
    )
    assert amounts(endpoint) == [7.30] and "Gateway Load Balancer endpoint" in endpoint.items[0].basis
    association = estimate_of(
        node("aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation", "c", {"subnetId": "c"})
    )
    assert amounts(association) == [7.30]
    resource = estimate_of(
        node("aws:ec2/vpcEndpoint:VpcEndpoint", "db", {"vpcEndpointType": "Resource", "subnetIds": ["a"]})
    )
    assert resource.items == [] and resource.unpriced[0].cause == "no-price"


def test_the_aws_native_vpc_endpoint_is_priced_like_its_twin():
    result = estimate_of(
        node(
            "aws-native:ec2:VpcEndpoint",
            "sm",
            {
                "vpcEndpointType": "Interface",
                "serviceName": "com.amazonaws.us-east-1.secretsmanager",
                "subnetIds": ["a", "b"],
                "vpcId": "v",
            },
        )
    )
    assert amounts(result) == [14.60]


@pytest.mark.parametrize(
    ("type_", "props"),
    [
        ("aws:ec2transitgateway/vpcAttachment:VpcAttachment", {"transitGatewayId": "tgw", "vpcId": "v"}),
        ("aws:ec2transitgateway/peeringAttachment:PeeringAttachment", {"peerTransitGatewayId": "tgw-2"}),
        ("aws:ec2transitgateway/connect:Connect", {"transportAttachmentId": "tgw-attach"}),
        ("aws-native:ec2:TransitGatewayVpcAttachment", {"transitGatewayId": "tgw", "subnetIds": ["a"]}),
        ("aws-native:ec2:TransitGatewayAttachment", {"transitGatewayId": "tgw", "subnetIds": ["a"]}),
        ("aws-native:ec2:TransitGatewayPeeringAttachment", {"peerTransitGatewayId": "tgw-2"}),
        ("aws-native:ec2:TransitGatewayConnect", {"transportTransitGatewayAttachmentId": "tgw-attach"}),
    ],
)
def test_each_transit_gateway_attachment_bills_an_attachment_hour(type_: str, props: dict):
    result = estimate_of(node(type_, "attach", props))
    assert amounts(result) == [TGW_HOUR] and result.unpriced == []


def test_accepters_and_the_transit_gateway_itself_are_free_so_an_attachment_is_priced_once():
    result = estimate_of(
        node("aws:ec2transitgateway/transitGateway:TransitGateway", "hub", {}),
        node("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", "a", {}),
        node("aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter", "p", {}),
    )
    assert result.items == [] and result.unpriced == [] and len(result.free) == 3
    assert any("priced once" in free.note for free in result.free)


def test_a_vpn_connection_bills_its_hour_and_on_a_transit_gateway_an_attachment_too():
    vgw = estimate_of(
        node("aws:ec2/vpnConnection:VpnConnection", "vpn", {"vpnGatewayId": "vgw", "type": "ipsec.1"})
    )
    assert amounts(vgw) == [36.50]
    tgw = estimate_of(
        node("aws-native:ec2:VpnConnection", "vpn", {"transitGatewayId": "tgw", "type": "ipsec.1"})
    )
    assert amounts(tgw) == [36.50, TGW_HOUR]
    large = estimate_of(node("aws:ec2/vpnConnection:VpnConnection", "vpn", {"tunnelBandwidth": "large"}))
    assert large.items == [] and large.unpriced[0].cause == "no-price"
    unknown = estimate_of(node("aws:ec2/vpnConnection:VpnConnection", "vpn", {"tunnelBandwidth": UNKNOWN}))
    assert unknown.unpriced[0].cause == "unknown"


def test_client_vpn_bills_each_subnet_association_and_its_connections_are_usage():
    result = estimate_of(
        node("aws:ec2clientvpn/endpoint:Endpoint", "vpn", {"clientCidrBlock": "172.16.0.0/22"}),
        node("aws:ec2clientvpn/networkAssociation:NetworkAssociation", "a", {"subnetId": "a"}),
        node("aws:ec2clientvpn/networkAssociation:NetworkAssociation", "b", {"subnetId": "b"}),
    )
    assert amounts(result) == [73.00, 73.00]
    assert [u.type for u in result.usage_priced] == ["aws:ec2clientvpn/endpoint:Endpoint"]


@pytest.mark.parametrize(
    "type_",
    [
        "aws:globalaccelerator/accelerator:Accelerator",
        "aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator",
        "aws-native:globalaccelerator:Accelerator",
    ],
)
def test_global_accelerators_bill_a_fixed_fee_with_their_static_ipv4_addresses_included(type_: str):
    result = estimate_of(node(type_, "edge", {"ipAddressType": "IPV4", "enabled": False}))
    assert amounts(result) == [18.25] and "IPv4 addresses included" in result.items[0].basis


def test_a_network_firewall_bills_one_endpoint_per_subnet_mapping_or_transit_gateway_az():
    endpoint = 730 * 0.395
    two = estimate_of(
        node(
            "aws:networkfirewall/firewall:Firewall",
            "fw",
            {"subnetMappings": [{"subnetId": "a"}, {"subnetId": "b"}]},
        )
    )
    assert amounts(two) == [round(2 * endpoint, 2)]
    attached = estimate_of(
        node(
            "aws-native:networkfirewall:Firewall",
            "fw",
            {
                "transitGatewayId": "tgw",
                "availabilityZoneMappings": [
                    {"availabilityZone": z} for z in ("use1-az1", "use1-az2", "use1-az4")
                ],
            },
        )
    )
    assert amounts(attached) == [round(3 * endpoint, 2)]
    subnets = [node(SUBNET, "a", {})]
    linked = node(
        "aws:networkfirewall/firewall:Firewall",
        "fw",
        {"subnetMappings": UNKNOWN},
        {"subnetMappings": subnets},
    )
    assert amounts(estimate_of(linked, *subnets)) == [round(endpoint, 2)]
    unknown = estimate_of(node("aws:networkfirewall/firewall:Firewall", "fw", {"subnetMappings": UNKNOWN}))
    assert unknown.items == [] and unknown.unpriced[0].cause == "unknown"
    association = estimate_of(
        node(
            "aws-native:networkfirewall:VpcEndpointAssociation", "more", {"firewallArn": "arn", "vpcId": "v"}
        ),
        node(
            "aws:networkfirewall/firewallTransitGatewayAttachmentAccepter:FirewallTransitGatewayAttachmentAccepter",
            "x",
            {},
        ),
    )
    assert amounts(association) == [round(endpoint, 2)] and len(association.free) == 1


def test_a_resolver_endpoint_bills_each_ip_address_with_at_least_two():
    eni = 730 * 0.125
    three = estimate_of(
        node(
            "aws:route53/resolverEndpoint:ResolverEndpoint",
            "in",
            {"ipAddresses": [{"subnetId": s} for s in "abc"]},
        )
    )
    assert amounts(three) == [round(3 * eni, 2)]
    native = estimate_of(
        node("aws-native:route53resolver:ResolverEndpoint", "out", {"ipAddresses": [{"subnetId": "a"}]})
    )
    assert amounts(native) == [round(2 * eni, 2)] and "at least 2" in native.items[0].basis
    unknown = estimate_of(
        node("aws:route53/resolverEndpoint:ResolverEndpoint", "in", {"ipAddresses": UNKNOWN})
    )
    assert unknown.unpriced[0].cause == "unknown"


def test_lattice_services_bill_hourly_and_ipam_advanced_is_usage_by_active_ip():
    lattice = estimate_of(
        node("aws:vpclattice/service:Service", "svc", {}), node("aws-native:vpclattice:Service", "svc2", {})
    )
    assert amounts(lattice) == [18.25, 18.25]
    ipam = estimate_of(
        node("aws:ec2/vpcIpam:VpcIpam", "ipam", {}), node("aws-native:ec2:Ipam", "free", {"tier": "free"})
    )
    assert ipam.items == [] and "per active IP address-hour" in ipam.usage_priced[0].note
    assert [f.type for f in ipam.free] == ["aws-native:ec2:Ipam"]
    unknown = estimate_of(node("aws:ec2/vpcIpam:VpcIpam", "ipam", {"tier": UNKNOWN}))
    assert unknown.unpriced[0].cause == "unknown"


def test_direct_connect_ports_bill_by_speed_and_speeds_without_a_price_fail_closed():
    one = estimate_of(node("aws:directconnect/connection:Connection", "dx", {"bandwidth": "1Gbps"}))
    assert amounts(one) == [219.00]
    native = estimate_of(
        node("aws-native:directconnect:Connection", "dx", {"bandwidth": "1Gbps", "lagId": "l"})
    )
    assert amounts(native) == [219.00]
    ten = estimate_of(node("aws:directconnect/connection:Connection", "dx", {"bandwidth": "10Gbps"}))
    assert ten.items == [] and "dx.dedicated_10g.port_hour" in ten.unpriced[0].reason
    lag = estimate_of(
        node(
            "aws:directconnect/linkAggregationGroup:LinkAggregationGroup",
            "lag",
            {"connectionsBandwidth": "1Gbps"},
        ),
        node(
            "aws:directconnect/linkAggregationGroup:LinkAggregationGroup",
            "migrated",
            {"connectionsBandwidth": "1Gbps", "connectionId": "dxcon-1"},
        ),
        node("aws-native:directconnect:Lag", "native", {"connectionsBandwidth": "1Gbps"}),
    )
    assert amounts(lag) == [219.00] and len(lag.free) == 2


def test_a_region_without_sourced_prices_is_priced_at_us_east_1_and_says_so():
    result = estimate_of(
        node("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "spoke", {}, region="ap-southeast-2")
    )
    assert amounts(result) == [TGW_HOUR]
    assert result.notes == [
        "ap-southeast-2: 1 price(s) not sourced for this region (tgw.attachment_hour): "
        "priced at us-east-1 rates"
    ]
