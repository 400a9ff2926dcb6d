"""A VPC Lattice service network with one service and an HTTP listener returning a fixed response."""

import pulumi
import pulumi_aws as aws

network = aws.vpclattice.ServiceNetwork("internal", auth_type="NONE")
service = aws.vpclattice.Service("orders", auth_type="NONE")
aws.vpclattice.ServiceNetworkServiceAssociation(
    "orders", service_identifier=service.id, service_network_identifier=network.id
)
aws.vpclattice.Listener(
    "http",
    service_identifier=service.id,
    protocol="HTTP",
    port=80,
    default_action={"fixed_response": {"status_code": 404}},
)

pulumi.export("serviceDns", service.dns_entries)
