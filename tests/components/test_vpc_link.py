"""VpcLink: a security group that reaches only the routed services' ports, handed to their ingress."""

from __future__ import annotations

import pulumi
import pytest

from frugal.components import VpcLink, VpcLinkArgs
from frugal.mocks import Recording, run_program
from tests.components.test_api_gateway_proxy import CONTAINER_PORT, EGRESS, INGRESS, SERVICE_SG, run_proxy


@pytest.fixture(scope="module")
def recording() -> Recording:
    return run_proxy()


def test_vpc_link_security_group_reaches_only_the_service_port(recording: Recording) -> None:
    link_sg = recording.one("aws:ec2/securityGroup:SecurityGroup")
    # No inline rules: the provider then removes AWS's default allow-all egress rule.
    assert "egress" not in link_sg.inputs and "ingress" not in link_sg.inputs
    egress = [r.inputs for r in recording.of_type(EGRESS) if r.inputs["securityGroupId"] == link_sg.id]
    assert egress == [
        {
            "securityGroupId": link_sg.id,
            "referencedSecurityGroupId": SERVICE_SG,
            "ipProtocol": "tcp",
            "fromPort": CONTAINER_PORT,
            "toPort": CONTAINER_PORT,
            "description": "To the Fargate tasks' container port",
        }
    ]
    assert not recording.of_type(INGRESS)
    link = recording.one("aws:apigatewayv2/vpcLink:VpcLink").inputs
    assert link["securityGroupIds"] == [link_sg.id]
    assert link["subnetIds"] == ["subnet-private-a", "subnet-private-b"]


def test_the_link_hands_its_group_to_the_services_ingress() -> None:
    def program() -> None:
        link = VpcLink("api", VpcLinkArgs(vpc_id="vpc-0main", subnet_ids=["subnet-a"]))
        pulumi.export("source", link.ingress_source.security_group_id)
        pulumi.export("name", link.ingress_source.name)
        pulumi.export("description", link.ingress_source.description)

    recording = run_program(program)
    assert recording.stack_outputs == {
        "source": recording.one("aws:ec2/securityGroup:SecurityGroup").id,
        "name": "vpc-link",
        "description": "From the API Gateway VPC link",
    }
