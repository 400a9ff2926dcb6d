"""Network: subnets without public IPs, free gateway endpoints, and the egress path `egress` chooses."""

from __future__ import annotations

import json
import subprocess

import pytest

from frugal.aws_limits import Schedule
from frugal.components.network import (
    INTERFACE_ENDPOINT_SERVICES,
    NAT_AMI_PARAMETER,
    InstanceSchedule,
    Network,
    NetworkArgs,
)
from frugal.mocks import Recording
from tests.infra.helpers import run_components

SCHEDULE = Schedule("cron(50 7 ? * MON-FRI *)", "cron(10 19 ? * MON-FRI *)", "Europe/Berlin")


def build(**kwargs) -> Recording:
    def program() -> None:
        network = Network("net", NetworkArgs(**kwargs))
        import pulumi

        pulumi.export("vpc_id", network.vpc_id)
        pulumi.export("vpc_cidr", network.vpc_cidr)
        pulumi.export("private_subnet_ids", network.private_subnet_ids)
        pulumi.export("public_subnet_ids", network.public_subnet_ids)

    return run_components(program)


def private_route_table(recording: Recording) -> str:
    return recording.named("net-private").id or ""


def default_routes(recording: Recording) -> list[dict]:
    return [
        r.inputs
        for r in recording.of_type("aws:ec2/route:Route")
        if r.inputs["routeTableId"] == private_route_table(recording)
    ]


@pytest.mark.parametrize("egress", ["nat-instance", "vpc-endpoints", "nat-gateway"])
def test_gateway_endpoints_are_always_on_the_private_route_table(egress: str) -> None:
    recording = build(egress=egress)
    gateways = {
        r.inputs["serviceName"]: r.inputs
        for r in recording.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
        if r.inputs["vpcEndpointType"] == "Gateway"
    }
    assert set(gateways) == {"com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb"}
    for endpoint in gateways.values():
        assert endpoint["routeTableIds"] == [private_route_table(recording)]


@pytest.mark.parametrize(
    ("az_count", "egress"), [(1, "nat-instance"), (2, "nat-gateway"), (3, "vpc-endpoints")]
)
def test_no_subnet_maps_public_ips_and_private_subnets_span_the_azs(az_count: int, egress: str) -> None:
    recording = build(az_count=az_count, egress=egress)
    subnets = recording.of_type("aws:ec2/subnet:Subnet")
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets)
    private = [s for s in subnets if s.inputs["tags"]["frugal:tier"] == "private"]
    assert sorted(s.inputs["availabilityZone"] for s in private) == [
        f"us-east-1{c}" for c in "abc"[:az_count]
    ]
    assert len({s.inputs["cidrBlock"] for s in subnets}) == len(subnets)
    outputs = recording.stack_outputs
    assert sorted(outputs["private_subnet_ids"]) == sorted(s.id for s in private)
    assert outputs["vpc_cidr"] == "10.0.0.0/16"
    vpc = recording.one("aws:ec2/vpc:Vpc")
    assert vpc.inputs["enableDnsHostnames"] is True and vpc.inputs["enableDnsSupport"] is True


def test_subnets_go_to_availability_zones_only_not_local_zones() -> None:
    recording = build()
    (call,) = [c for c in recording.calls if c.token == "aws:index/getAvailabilityZones:getAvailabilityZones"]
    assert call.args["state"] == "available"
    assert call.args["filters"] == [{"name": "opt-in-status", "values": ["opt-in-not-required"]}]


def test_nat_instance_egress() -> None:
    recording = build(egress="nat-instance")
    instance = recording.one("aws:ec2/instance:Instance")
    inputs = instance.inputs
    assert inputs["instanceType"] == "t4g.nano"
    assert inputs["sourceDestCheck"] is False
    assert inputs["creditSpecification"] == {"cpuCredits": "standard"}  # no surplus-credit charges
    assert inputs["associatePublicIpAddress"] is True  # auto-assigned: released while stopped
    assert not recording.of_type("aws:ec2/eip:Eip")
    assert inputs["rootBlockDevice"]["volumeType"] == "gp3"
    assert inputs["rootBlockDevice"]["volumeSize"] == 8
    assert inputs["metadataOptions"]["httpTokens"] == "required"
    assert "net.ipv4.ip_forward=1" in inputs["userData"]
    assert "MASQUERADE" in inputs["userData"]
    (public,) = [
        s for s in recording.of_type("aws:ec2/subnet:Subnet") if s.inputs["tags"]["frugal:tier"] == "public"
    ]
    assert inputs["subnetId"] == public.id
    assert recording.stack_outputs["public_subnet_ids"] == [public.id]
    # The AMI comes from AWS's public SSM parameter for the current AL2023 arm64 image.
    (ami_call,) = [c for c in recording.calls if c.token == "aws:ssm/getParameter:getParameter"]
    assert (
        ami_call.args["name"]
        == NAT_AMI_PARAMETER
        == ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")
    )
    (route,) = default_routes(recording)
    assert route["destinationCidrBlock"] == "0.0.0.0/0"
    assert route["networkInterfaceId"] == instance.outputs["primaryNetworkInterfaceId"]
    assert "natGatewayId" not in route
    assert not recording.of_type("aws:ec2/natGateway:NatGateway")
    assert not [
        e
        for e in recording.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
        if e.inputs["vpcEndpointType"] == "Interface"
    ]


def boot_commands(user_data: str) -> list[str]:
    return [line for line in user_data.splitlines() if line.strip() and not line.startswith("#!")]


def first(commands: list[str], fragment: str) -> int:
    found = [i for i, command in enumerate(commands) if fragment in command]
    assert found, f"no command with {fragment!r}"
    return found[0]


def test_nat_user_data_cannot_leave_a_forwarding_but_not_translating_box() -> None:
    commands = boot_commands(build(egress="nat-instance").one("aws:ec2/instance:Instance").inputs["userData"])
    assert "set -e" not in "\n".join(commands)  # a failure must end in poweroff, not a silent exit
    swap, install = first(commands, "swapon"), first(commands, "dnf install -y iptables-services")
    assert swap < install, "dnf can be OOM-killed on 512 MiB without swap"
    masquerade = first(commands, "iptables -t nat -A POSTROUTING")
    check = first(commands, "iptables -t nat -C POSTROUTING")
    forwarding = first(commands, "net.ipv4.ip_forward=1")
    assert "-j MASQUERADE" in commands[masquerade] and commands[check].endswith("|| poweroff")
    assert install < masquerade < check < forwarding, "forwarding only after the rule is verified"
    assert "ip -o -4 route show to default" in commands[first(commands, "IFACE=")]
    saved = first(commands, "iptables-save > /etc/sysconfig/iptables")
    assert masquerade < saved and first(commands, "systemctl enable iptables") < check
    assert "/etc/sysctl.d/" in commands[forwarding]  # survives the nightly stop/start


def test_nat_user_data_is_valid_bash() -> None:
    user_data = build(egress="nat-instance").one("aws:ec2/instance:Instance").inputs["userData"]
    result = subprocess.run(["bash", "-n"], input=user_data, text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr


def test_nat_instance_boots_after_its_internet_path_and_egress_rules_exist() -> None:
    recording = build(egress="nat-instance")
    instance = recording.one("aws:ec2/instance:Instance")
    needed = [
        recording.named("net-public-default"),
        *[
            a
            for a in recording.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")
            if "public" in a.name
        ],
        *recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
    ]
    assert len(needed) == 4
    assert {r.urn for r in needed} <= set(instance.dependencies)


def test_nat_instance_without_schedule_runs_always() -> None:
    recording = build(egress="nat-instance")
    assert not recording.of_type("aws:scheduler/schedule:Schedule")


def test_nat_instance_is_started_and_stopped_by_eventbridge_scheduler() -> None:
    recording = build(egress="nat-instance", nat_schedule=SCHEDULE)
    instance = recording.one("aws:ec2/instance:Instance")
    schedules = {s.name: s.inputs for s in recording.of_type("aws:scheduler/schedule:Schedule")}
    assert set(schedules) == {"net-nat-start", "net-nat-stop"}
    for action, expression in (("start", SCHEDULE.start), ("stop", SCHEDULE.stop)):
        schedule = schedules[f"net-nat-{action}"]
        assert schedule["scheduleExpression"] == expression
        assert schedule["scheduleExpressionTimezone"] == "Europe/Berlin"
        assert schedule["flexibleTimeWindow"] == {"mode": "OFF"}
        target = schedule["target"]
        assert target["arn"] == f"arn:aws:scheduler:::aws-sdk:ec2:{action}Instances"
        assert json.loads(target["input"]) == {"InstanceIds": [instance.id]}
    role = recording.one("aws:iam/role:Role")
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert all(s["target"]["roleArn"] == role.outputs["arn"] for s in schedules.values())
    policy = json.loads(recording.of_type("aws:iam/rolePolicy:RolePolicy")[0].inputs["policy"])
    (statement,) = policy["Statement"]
    assert sorted(statement["Action"]) == ["ec2:StartInstances", "ec2:StopInstances"]
    assert statement["Resource"] == [instance.outputs["arn"]]


def test_nat_gateway_egress() -> None:
    recording = build(egress="nat-gateway")
    gateway = recording.one("aws:ec2/natGateway:NatGateway")
    eip = recording.one("aws:ec2/eip:Eip")
    assert gateway.inputs["allocationId"] == eip.id
    (route,) = default_routes(recording)
    assert route["natGatewayId"] == gateway.id
    assert not recording.of_type("aws:ec2/instance:Instance")


def test_nat_gateway_is_created_after_the_internet_gateway_route() -> None:
    recording = build(egress="nat-gateway")
    route = recording.named("net-public-default")
    assert route.inputs["gatewayId"] == recording.one("aws:ec2/internetGateway:InternetGateway").id
    for resource in (recording.one("aws:ec2/natGateway:NatGateway"), recording.one("aws:ec2/eip:Eip")):
        assert route.urn in resource.dependencies


def test_vpc_endpoints_egress_has_no_default_route_and_no_internet_gateway() -> None:
    recording = build(egress="vpc-endpoints", az_count=2)
    assert default_routes(recording) == []
    assert not recording.of_type("aws:ec2/internetGateway:InternetGateway")
    assert recording.stack_outputs["public_subnet_ids"] == []
    interface = {
        r.inputs["serviceName"]: r.inputs
        for r in recording.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
        if r.inputs["vpcEndpointType"] == "Interface"
    }
    assert set(interface) == {f"com.amazonaws.us-east-1.{s}" for s in INTERFACE_ENDPOINT_SERVICES}
    assert set(INTERFACE_ENDPOINT_SERVICES) == {"ecr.api", "ecr.dkr", "logs", "ssm"}
    private_ids = recording.stack_outputs["private_subnet_ids"]
    for endpoint in interface.values():
        assert endpoint["privateDnsEnabled"] is True
        assert endpoint["subnetIds"] == private_ids


@pytest.mark.parametrize("egress", ["nat-instance", "vpc-endpoints", "nat-gateway"])
def test_security_groups_never_allow_ingress_from_anywhere(egress: str) -> None:
    recording = build(egress=egress)
    for group in recording.of_type("aws:ec2/securityGroup:SecurityGroup"):
        assert "ingress" not in group.inputs  # rules are separate resources, checked below
    rules = recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    if egress != "nat-gateway":  # a managed NAT gateway has no security group
        assert rules, "the NAT instance or the endpoints need ingress from the VPC"
    for rule in rules:
        assert rule.inputs.get("cidrIpv4") == "10.0.0.0/16"
        assert (rule.inputs["fromPort"], rule.inputs["toPort"]) == (443, 443)


@pytest.mark.parametrize(
    "kwargs", [{"egress": "nat-instance", "nat_schedule": SCHEDULE}, {"egress": "vpc-endpoints"}]
)
def test_every_child_is_parented_to_the_component_itself(kwargs: dict) -> None:
    # The team standard: parent=self, not a sibling such as the VPC or a security group.
    recording = build(**kwargs)
    component = recording.one("frugal:components:Network")
    assert len(recording.children_of(component.urn)) == len(recording.resources) - 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"egress": "internet"},
            "Network egress 'internet': allowed: nat-instance, vpc-endpoints, nat-gateway",
        ),
        ({"az_count": 7}, "Network az_count 7: allowed: 1 to 6"),
        (
            {"egress": "nat-gateway", "nat_schedule": SCHEDULE},
            "nat_schedule applies to egress nat-instance only",
        ),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build(**kwargs)


def test_the_nat_schedule_is_the_one_validated_schedule_type() -> None:
    # Before, InstanceSchedule took any strings and AWS refused them only at `pulumi up`.
    assert InstanceSchedule is Schedule
    with pytest.raises(ValueError, match=r"Schedule stop 'cron\(0 19 \* \* MON \*\)'"):
        InstanceSchedule("cron(50 7 ? * MON-FRI *)", "cron(0 19 * * MON *)", "Europe/Berlin")
    with pytest.raises(ValueError, match="Schedule timezone 'Europe/Berlinn'"):
        InstanceSchedule("cron(50 7 ? * MON-FRI *)", "cron(10 19 ? * MON-FRI *)", "Europe/Berlinn")
