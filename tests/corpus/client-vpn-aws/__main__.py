"""A Client VPN endpoint with certificate auth, associated with one subnet and authorized for the VPC."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("remote", cidr_block="10.4.0.0/16")
subnet = aws.ec2.Subnet("remote-a", vpc_id=vpc.id, cidr_block="10.4.1.0/24", availability_zone="us-east-1a")
server_cert = aws.acm.get_certificate(domain="vpn.example.com")

endpoint = aws.ec2clientvpn.Endpoint(
    "remote",
    description="developer access",
    server_certificate_arn=server_cert.arn,
    client_cidr_block="172.16.0.0/22",
    authentication_options=[
        {"type": "certificate-authentication", "root_certificate_chain_arn": server_cert.arn}
    ],
    connection_log_options={"enabled": False},
    split_tunnel=True,
    vpc_id=vpc.id,
)
aws.ec2clientvpn.NetworkAssociation("remote-a", client_vpn_endpoint_id=endpoint.id, subnet_id=subnet.id)
aws.ec2clientvpn.AuthorizationRule(
    "vpc", client_vpn_endpoint_id=endpoint.id, target_network_cidr="10.4.0.0/16", authorize_all_groups=True
)

pulumi.export("endpointId", endpoint.id)
