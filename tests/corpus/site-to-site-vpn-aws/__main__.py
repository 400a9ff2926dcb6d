"""A virtual private gateway, the office's customer gateway and the VPN connection between them."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("corp", cidr_block="10.3.0.0/16")
vgw = aws.ec2.VpnGateway("corp", vpc_id=vpc.id)
office = aws.ec2.CustomerGateway("office", bgp_asn="65000", ip_address="203.0.113.12", type="ipsec.1")
vpn = aws.ec2.VpnConnection(
    "office",
    vpn_gateway_id=vgw.id,
    customer_gateway_id=office.id,
    type="ipsec.1",
    static_routes_only=True,
)
aws.ec2.VpnConnectionRoute("office-lan", vpn_connection_id=vpn.id, destination_cidr_block="192.168.0.0/16")

pulumi.export("vpnId", vpn.id)
