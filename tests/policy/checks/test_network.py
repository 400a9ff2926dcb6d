"""Network rules: no-public-ip, the count caps (NAT gateways, load balancers, WAF), vpc-endpoint-budget."""

from __future__ import annotations

import pytest

from frugal.policy.checks import RULES
from tests.policy.helpers import (
    INSTANCE,
    SERVICE,
    SUBNET,
    UNKNOWN_BOOL,
    UNKNOWN_STR,
    Res,
    run_stack_rule,
    spot_service,
)

# --- no-public-ip ---------------------------------------------------------------------------------


def nat_network(map_public: object = True, source_dest: object = False) -> list[Res]:
    return [
        Res(SUBNET, "public", {"mapPublicIpOnLaunch": map_public}),
        Res(SUBNET, "private", {"mapPublicIpOnLaunch": False}),
        Res(
            INSTANCE,
            "nat",
            {"instanceType": "t4g.nano", "sourceDestCheck": source_dest, "associatePublicIpAddress": True},
            deps={"subnetId": ["public"]},
        ),
        Res(SERVICE, "svc", spot_service()),
    ]


def test_no_public_ip_allows_one_nat_instance_in_its_public_subnet():
    outcome = run_stack_rule("no-public-ip", nat_network())
    assert outcome.violations == [] and outcome.advisory is None


def test_no_public_ip_flags_every_kind_of_public_address():
    resources = [
        Res(SERVICE, "web", spot_service(networkConfiguration={"assignPublicIp": True})),
        Res(INSTANCE, "box", {"instanceType": "t3.micro", "associatePublicIpAddress": True}),
        Res(
            "aws:ec2/launchTemplate:LaunchTemplate",
            "lt",
            {"networkInterfaces": [{"associatePublicIpAddress": "true"}]},
        ),
        Res(SUBNET, "pub", {"mapPublicIpOnLaunch": True}),
        Res("aws:ec2/eip:Eip", "ip", {"domain": "vpc"}),
        Res("aws:lb/loadBalancer:LoadBalancer", "alb", {"loadBalancerType": "application"}),
        Res("aws:rds/instance:Instance", "db", {"publiclyAccessible": True}),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    flagged = {at.rsplit("::", 1)[-1] for _, at in outcome.violations}
    assert flagged == {"web", "box", "lt", "pub", "ip", "alb", "db"}
    assert "internet-facing" in outcome.text() and "assignPublicIp" in outcome.text()


def test_no_public_ip_counts_nat_instances_against_the_limit():
    resources = [
        *nat_network(),
        Res(
            INSTANCE,
            "nat2",
            {"instanceType": "t4g.nano", "sourceDestCheck": False, "associatePublicIpAddress": True},
        ),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["nat2"]
    assert run_stack_rule("no-public-ip", resources, {"maxNatInstances": 2.0}).violations == []


def test_no_public_ip_a_public_subnet_without_the_nat_instance_needs_max_public_subnets():
    resources = [Res(SUBNET, "pub", {"mapPublicIpOnLaunch": True})]
    assert len(run_stack_rule("no-public-ip", resources).violations) == 1
    assert run_stack_rule("no-public-ip", resources, {"maxPublicSubnets": 1}).violations == []


def test_no_public_ip_internal_load_balancer_passes():
    resources = [Res("aws:lb/loadBalancer:LoadBalancer", "alb", {"internal": True})]
    assert run_stack_rule("no-public-ip", resources).violations == []


def test_no_public_ip_flags_an_instance_that_inherits_a_public_ip_from_the_nat_instances_subnet():
    def bastion(**props: object) -> Res:
        return Res(INSTANCE, "bastion", {"instanceType": "t4g.nano", **props}, deps={"subnetId": ["public"]})

    outcome = run_stack_rule("no-public-ip", [*nat_network(), bastion()])
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["bastion"]
    assert "mapPublicIpOnLaunch" in outcome.text()
    private = run_stack_rule("no-public-ip", [*nat_network(), bastion(associatePublicIpAddress=False)])
    assert private.violations == []
    elsewhere = Res(INSTANCE, "app", {"instanceType": "t4g.nano"}, deps={"subnetId": ["private"]})
    assert run_stack_rule("no-public-ip", [*nat_network(), elsewhere]).violations == []


def test_no_public_ip_flags_an_internet_facing_classic_load_balancer():
    classic = "aws:elb/loadBalancer:LoadBalancer"
    outcome = run_stack_rule("no-public-ip", [Res(classic, "clb", {"listeners": []})])
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["clb"]
    assert run_stack_rule("no-public-ip", [Res(classic, "clb", {"internal": True})]).violations == []


def test_no_public_ip_unknown_values_are_a_violation_by_default_and_advisory_on_request():
    resources = [
        *nat_network(map_public=UNKNOWN_BOOL),
        Res(SERVICE, "svc2", spot_service(networkConfiguration={"assignPublicIp": UNKNOWN_BOOL})),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    assert len(outcome.violations) == 1
    assert "cannot be checked at preview" in outcome.messages[0]
    assert "mapPublicIpOnLaunch" in outcome.messages[0] and "assignPublicIp" in outcome.messages[0]
    advisory = run_stack_rule("no-public-ip", resources, {"onUnknown": "advisory"})
    assert advisory.violations == [] and "cannot be checked at preview" in advisory.advisory


# --- counted per stack: NAT gateways, load balancers, WAF -----------------------------------------


@pytest.mark.parametrize(
    ("rule", "type_", "limit_key"),
    [
        ("no-nat-gateway", "aws:ec2/natGateway:NatGateway", "maxNatGateways"),
        ("no-load-balancer", "aws:lb/loadBalancer:LoadBalancer", "maxLoadBalancers"),
        ("no-load-balancer", "aws:alb/loadBalancer:LoadBalancer", "maxLoadBalancers"),
        ("no-load-balancer", "aws:elb/loadBalancer:LoadBalancer", "maxLoadBalancers"),
        ("no-waf", "aws:wafv2/webAcl:WebAcl", "maxWebAcls"),
    ],
)
def test_counted_rules(rule: str, type_: str, limit_key: str):
    assert run_stack_rule(rule, [Res(SUBNET, "s", {})]).violations == []
    two = [Res(type_, "a", {}), Res(type_, "b", {})]
    assert len(run_stack_rule(rule, two).violations) == 2
    outcome = run_stack_rule(rule, two, {limit_key: 1.0})
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["b"]
    # Counting needs no property values: unknown props change nothing and stay silent.
    unknown = [Res(type_, "a", {"connectivityType": UNKNOWN_STR, "internal": UNKNOWN_BOOL})]
    assert len(run_stack_rule(rule, unknown).violations) == 1
    assert "onUnknown" not in RULES[rule].properties


# --- vpc-endpoint-budget --------------------------------------------------------------------------


def endpoints(count: int, kind: object = "Interface") -> list[Res]:
    subnets = [
        Res(SUBNET, "a", {"availabilityZone": "us-east-1a"}),
        Res(SUBNET, "b", {"availabilityZone": "us-east-1b"}),
    ]
    return subnets + [
        Res(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            f"ep{i}",
            {
                "vpcEndpointType": kind,
                "serviceName": f"com.amazonaws.us-east-1.svc{i}",
                "subnetIds": ["x", "y"],
            },
            deps={"subnetIds": ["a", "b"]},
        )
        for i in range(count)
    ]


def test_vpc_endpoint_budget():
    assert run_stack_rule("vpc-endpoint-budget", endpoints(2, "Gateway")).violations == []
    outcome = run_stack_rule("vpc-endpoint-budget", endpoints(2))
    assert len(outcome.violations) == 2  # one per AZ
    assert "us-east-1a" in outcome.text() and "ep1" in outcome.text()
    assert (
        run_stack_rule("vpc-endpoint-budget", endpoints(2), {"maxInterfaceEndpointsPerAz": 2}).violations
        == []
    )
    assert (
        len(run_stack_rule("vpc-endpoint-budget", endpoints(3), {"maxInterfaceEndpointsPerAz": 2}).violations)
        == 2
    )


def test_vpc_endpoint_budget_without_az_links_counts_each_endpoint_in_every_az():
    resources = [
        Res("aws:ec2/vpcEndpoint:VpcEndpoint", f"ep{i}", {"vpcEndpointType": "Interface"}) for i in range(2)
    ]
    outcome = run_stack_rule("vpc-endpoint-budget", resources, {"maxInterfaceEndpointsPerAz": 1})
    assert len(outcome.violations) == 1 and "each AZ" in outcome.text()


def test_vpc_endpoint_budget_unknown_type():
    outcome = run_stack_rule("vpc-endpoint-budget", endpoints(1, UNKNOWN_STR))
    assert "cannot be checked at preview" in outcome.text()


def fck_nat(max_size: int = 1, routed: bool = True, source_dest: object = False) -> list[Res]:
    """fck-nat's NAT instance: an ENI with source/dest check off in the public subnet, a launch template
    whose user data attaches it at boot, an Auto Scaling group of 0 to 1, the private route to the ENI."""
    resources = [
        Res(SUBNET, "public", {"mapPublicIpOnLaunch": True}),
        Res(
            "aws:ec2/networkInterface:NetworkInterface",
            "nat-eni",
            {"sourceDestCheck": source_dest},
            deps={"subnetId": ["public"]},
        ),
        Res(
            "aws:ec2/launchTemplate:LaunchTemplate",
            "nat-template",
            {
                "instanceType": "t4g.nano",
                "networkInterfaces": [{"associatePublicIpAddress": True}],
                "userData": UNKNOWN_STR,
            },
            deps={"userData": ["nat-eni"]},
        ),
        Res(
            "aws:autoscaling/group:Group",
            "nat-group",
            {
                "minSize": 0,
                "maxSize": max_size,
                "launchTemplate": {"id": UNKNOWN_STR},
                "vpcZoneIdentifiers": [UNKNOWN_STR],
            },
            deps={"launchTemplate": ["nat-template"], "vpcZoneIdentifiers": ["public"]},
        ),
    ]
    if routed:
        resources.append(
            Res(
                "aws:ec2/route:Route",
                "egress",
                {"destinationCidrBlock": "0.0.0.0/0"},
                deps={"networkInterfaceId": ["nat-eni"]},
            )
        )
    return resources


def test_no_public_ip_allows_a_nat_instance_in_an_auto_scaling_group_of_zero_to_one():
    assert run_stack_rule("no-public-ip", fck_nat()).violations == []
    assert run_stack_rule("no-public-ip", fck_nat(routed=False)).violations == []  # source/dest check off
    assert run_stack_rule("no-public-ip", fck_nat(source_dest=True)).violations == []  # the route to its ENI
    # Two instances are not a NAT instance: the template's address and the public subnet are flagged.
    flagged = {
        at.rsplit("::", 1)[-1] for _, at in run_stack_rule("no-public-ip", fck_nat(max_size=2)).violations
    }
    assert flagged == {"nat-template", "public"}
    # A NAT ASG counts against maxNatInstances like a NAT instance.
    both = [*nat_network(), *fck_nat()[1:]]
    assert "over maxNatInstances=1" in run_stack_rule("no-public-ip", both).text()


def test_no_public_ip_a_gateway_load_balancer_is_not_internet_facing():
    gwlb = Res("aws:lb/loadBalancer:LoadBalancer", "inspect", {"loadBalancerType": "gateway"})
    assert run_stack_rule("no-public-ip", [gwlb]).violations == []
