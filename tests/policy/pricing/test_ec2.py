"""EC2: instances, their public IPv4 and volumes, schedules linked through the graph, Auto Scaling groups."""

from __future__ import annotations

import json

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from frugal.policy.graph import Node
from frugal.policy.pricing import Bound, Bounds
from tests.policy.helpers import estimate_of, node

INSTANCE = "aws:ec2/instance:Instance"
SUBNET = "aws:ec2/subnet:Subnet"
SCHEDULE = "aws:scheduler/schedule:Schedule"
OFFICE_HOURS_MONTH = 55 * 730 / 168


def nat(subnet: Node | None = None, **props: object) -> Node:
    base = {"instanceType": "t4g.nano", "sourceDestCheck": False, "associatePublicIpAddress": True, **props}
    return node(INSTANCE, "nat", base, {"subnetId": [subnet]} if subnet else None)


def instance_schedule(operation: str, expression: str, instance: Node | None, state: str = "ENABLED") -> Node:
    """An EventBridge Scheduler schedule calling ec2:<operation>Instances, its input built from the
    instance's id (unknown on a first preview), New York time."""
    return node(
        SCHEDULE,
        operation,
        {
            "state": state,
            "scheduleExpression": expression,
            "scheduleExpressionTimezone": "America/New_York",
            "target": {
                "arn": f"arn:aws:scheduler:::aws-sdk:ec2:{operation}Instances",
                "input": json.dumps({"InstanceIds": [UNKNOWN_STRING_VALUE]}),
            },
        },
        {"target": [instance]} if instance else None,
    )


def test_nat_instance_with_its_address_and_root_volume():
    result = estimate_of(nat(rootBlockDevice={"volumeSize": 8, "volumeType": "gp3"}))
    assert sorted(round(i.monthly_usd, 2) for i in result.items) == [0.64, 3.07, 3.65]


def test_nat_instance_stopped_on_an_eventbridge_schedule_linked_through_the_graph():
    instance = nat()
    stop = instance_schedule("stop", "cron(0 19 ? * MON-FRI *)", instance)
    start = instance_schedule("start", "cron(0 8 ? * MON-FRI *)", instance)
    compute, address, volume = estimate_of(instance, stop, start).items
    assert compute.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.0042, abs=0.001)
    assert address.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.005, abs=0.001)
    assert volume.monthly_usd == pytest.approx(0.64) and "8 GB" in volume.basis and "assumed" in volume.basis
    assert "(stopped on a schedule)" in compute.basis


def test_schedules_for_another_instance_or_disabled_ones_do_not_stop_it():
    instance, other = nat(), node(INSTANCE, "other", {"instanceType": "t4g.nano"})
    elsewhere = [instance_schedule("stop", "cron(0 19 ? * MON-FRI *)", other)]
    assert estimate_of(instance, other, *elsewhere).items[0].monthly_usd == pytest.approx(3.07, abs=0.005)
    disabled = instance_schedule("stop", "cron(0 19 ? * MON-FRI *)", instance, state="DISABLED")
    assert estimate_of(instance, disabled).items[0].monthly_usd == pytest.approx(3.07, abs=0.005)


def test_an_elastic_ip_on_the_instance_replaces_its_auto_assigned_address():
    instance = nat()
    for eip in (
        [
            node(
                "aws:ec2/eip:Eip",
                "ip",
                {"domain": "vpc", "instance": UNKNOWN_STRING_VALUE},
                {"instance": [instance]},
            )
        ],
        [
            node("aws:ec2/eip:Eip", "ip", {"domain": "vpc"}),
            node(
                "aws:ec2/eipAssociation:EipAssociation",
                "assoc",
                {"instanceId": UNKNOWN_STRING_VALUE},
                {"instanceId": [instance]},
            ),
        ],
    ):
        ipv4 = [i for i in estimate_of(instance, *eip).items if "IPv4" in i.basis]
        assert [i.basis for i in ipv4] == ["Elastic IP: public IPv4, 730 h/month, attached or not"]
    # An EIP for something else (a NAT gateway's) leaves the instance's own address priced.
    unrelated = estimate_of(instance, node("aws:ec2/eip:Eip", "gw", {"domain": "vpc"}))
    assert len([i for i in unrelated.items if "IPv4" in i.basis]) == 2


def test_the_public_ipv4_of_an_instance_its_subnet_gives_one():
    public = node(SUBNET, "public", {"mapPublicIpOnLaunch": True})
    private = node(SUBNET, "private", {"mapPublicIpOnLaunch": False})

    def addresses(*nodes: Node) -> list[str]:
        return [i.basis for i in estimate_of(*nodes).items if "IPv4" in i.basis]

    plain = {"instanceType": "t3.micro", "subnetId": UNKNOWN_STRING_VALUE}
    assert (
        "its subnet has mapPublicIpOnLaunch"
        in addresses(public, node(INSTANCE, "web", plain, {"subnetId": [public]}))[0]
    )
    assert addresses(private, node(INSTANCE, "app", plain, {"subnetId": [private]})) == []
    # No subnet: the default VPC, whose default subnets map public IPs.
    assert "default VPC" in addresses(node(INSTANCE, "web", {"instanceType": "t3.micro"}))[0]
    # A subnet outside the stack (a lookup): assumed public, said so.
    outside = node(INSTANCE, "web", {"instanceType": "t3.micro", "subnetId": "subnet-0abc"})
    assert "not in the stack" in addresses(outside)[0]


def test_extra_block_devices_and_provisioned_iops_are_priced():
    result = estimate_of(
        node(
            INSTANCE,
            "db",
            {
                "instanceType": "t3.micro",
                "associatePublicIpAddress": False,
                "rootBlockDevice": {"volumeSize": 20, "volumeType": "gp3", "iops": 6000, "throughput": 250},
                "ebsBlockDevices": [
                    {"deviceName": "/dev/sdf", "volumeSize": 100, "volumeType": "io1", "iops": 1000}
                ],
            },
        )
    )
    root, extra = (i for i in result.items if "volume" in i.basis or "ebsBlockDevices" in i.basis)
    assert root.monthly_usd == pytest.approx(20 * 0.08 + 3000 * 0.005 + 125 * 0.04, abs=0.01)
    assert extra.monthly_usd == pytest.approx(100 * 0.125 + 1000 * 0.065, abs=0.01)
    assert "ebsBlockDevices[0]" in extra.basis


def test_unknown_instance_type_is_priced_as_the_dearest_the_enforced_rule_allows():
    unknown = node(INSTANCE, "nat", {"instanceType": UNKNOWN_STRING_VALUE, "associatePublicIpAddress": False})
    assert (
        "instanceType unknown at preview, and no enforced rule limits it"
        in estimate_of(unknown).unpriced[0].reason
    )
    bounds = Bounds(
        instance_types=Bound(("t4g.nano", "t4g.micro"), "ec2-instance-types allowedInstanceTypes")
    )
    compute = estimate_of(unknown, bounds=bounds).items[0]
    assert compute.upper_bound and "priced as t4g.micro" in compute.basis
    assert compute.monthly_usd == pytest.approx(730 * 0.0084, abs=0.005)


def test_an_instance_type_without_a_price_fails_closed():
    result = estimate_of(node(INSTANCE, "i", {"instanceType": "u-99tb1.metal"}))
    assert result.items == [] and result.unpriced[0].cause == "no-price"


def test_odd_shapes_fall_back_to_stated_assumptions():
    odd = node(INSTANCE, "nat", {"instanceType": "t4g.nano", "rootBlockDevice": ["not", "a", "map"]})
    volume = estimate_of(odd).items[-1]
    assert volume.monthly_usd == pytest.approx(0.64) and "assumed the AMI's 8 GB" in volume.basis


def test_an_auto_scaling_group_of_one_on_a_schedule():
    template = node(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "nat",
        {
            "name": "nat",
            "instanceType": "t4g.nano",
            "networkInterfaces": [{"associatePublicIpAddress": "true"}],
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 8, "volumeType": "gp3"}}
            ],
        },
    )
    group = node(
        "aws:autoscaling/group:Group",
        "nat",
        {
            "name": UNKNOWN_STRING_VALUE,
            "desiredCapacity": 1,
            "minSize": 0,
            "maxSize": 1,
            "launchTemplate": {"id": UNKNOWN_STRING_VALUE},
        },
        {"launchTemplate": [template]},
    )

    def schedule(name: str, recurrence: str, size: int) -> Node:
        return node(
            "aws:autoscaling/schedule:Schedule",
            name,
            {
                "autoscalingGroupName": UNKNOWN_STRING_VALUE,
                "recurrence": recurrence,
                "timeZone": "Europe/Paris",
                "minSize": size,
                "maxSize": size,
                "desiredCapacity": size,
            },
            {"autoscalingGroupName": [group]},
        )

    up, down = schedule("up", "0 8 * * 1-5", 1), schedule("down", "0 19 * * MON-FRI", 0)
    compute, address, volume = estimate_of(template, group, up, down).items
    assert compute.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.0042, abs=0.001)
    assert "239.0 instance-h/month (schedule)" in compute.basis
    assert address.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.005, abs=0.001)
    assert volume.monthly_usd == pytest.approx(0.64 * OFFICE_HOURS_MONTH / 730, abs=0.001)
    assert estimate_of(template, group).items[0].monthly_usd == pytest.approx(3.07, abs=0.005)


def test_aws_native_instance_is_priced_like_its_twin():
    native = node(
        "aws-native:ec2:Instance",
        "vm",
        {
            "instanceType": "t3.micro",
            "networkInterfaces": [{"deviceIndex": "0", "associatePublicIpAddress": True}],
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 30, "volumeType": "gp3"}}
            ],
        },
    )
    amounts = sorted(round(i.monthly_usd, 2) for i in estimate_of(native).items)
    assert amounts == [2.4, 3.65, round(730 * 0.0104, 2)]


def test_spot_requests_and_fleets_are_priced_at_on_demand_as_an_upper_bound():
    spot = estimate_of(
        node(
            "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
            "w",
            {"instanceType": "c7g.xlarge", "associatePublicIpAddress": False},
        )
    )
    compute = spot.items[0]
    assert compute.upper_bound and "Spot request priced at on-demand" in compute.basis
    assert compute.monthly_usd == pytest.approx(730 * 0.145, abs=0.01)
    template = node("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"instanceType": "m7i.large"})
    fleet = node(
        "aws:ec2/fleet:Fleet",
        "f",
        {
            "launchTemplateConfigs": [
                {"launchTemplateSpecification": {"launchTemplateId": UNKNOWN_STRING_VALUE}}
            ],
            "targetCapacitySpecification": {"totalTargetCapacity": 2, "defaultTargetCapacityType": "spot"},
        },
        {"launchTemplateConfigs": [template]},
    )
    result = estimate_of(template, fleet)
    assert result.items[0].monthly_usd == pytest.approx(2 * 730 * 0.1008, abs=0.01) and result.upper_bound


def test_mixed_instances_groups_price_the_dearest_override_and_launch_configurations_their_type():
    template = node(
        "aws:ec2/launchTemplate:LaunchTemplate",
        "lt",
        {
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 20, "volumeType": "gp3"}}
            ]
        },
    )
    group = node(
        "aws:autoscaling/group:Group",
        "g",
        {
            "minSize": 3,
            "maxSize": 6,
            "desiredCapacity": 3,
            "mixedInstancesPolicy": {
                "launchTemplate": {
                    "launchTemplateSpecification": {"launchTemplateId": UNKNOWN_STRING_VALUE},
                    "overrides": [{"instanceType": "m7i.large"}, {"instanceType": "m6i.large"}],
                }
            },
        },
        {"mixedInstancesPolicy": [template]},
    )
    compute, volume = estimate_of(template, group).items
    assert compute.monthly_usd == pytest.approx(3 * 730 * 0.1008, abs=0.01) and compute.upper_bound
    assert volume.monthly_usd == pytest.approx(3 * 20 * 0.08, abs=0.01)
    config = node(
        "aws:ec2/launchConfiguration:LaunchConfiguration",
        "lc",
        {
            "name": "legacy",
            "instanceType": "t3.medium",
            "rootBlockDevice": {"volumeSize": 20, "volumeType": "gp2"},
        },
    )
    legacy = node(
        "aws:autoscaling/group:Group",
        "g",
        {"minSize": 1, "maxSize": 1, "desiredCapacity": 1, "launchConfiguration": UNKNOWN_STRING_VALUE},
        {"launchConfiguration": [config]},
    )
    # A launch configuration turns detailed monitoring on unless told not to: 7 metrics x $0.30.
    compute, monitoring, volume = estimate_of(config, legacy).items
    assert compute.monthly_usd == pytest.approx(
        730 * 0.0416, abs=0.01
    ) and volume.monthly_usd == pytest.approx(2.0)
    assert monitoring.monthly_usd == pytest.approx(7 * 0.30) and "detailed monitoring" in monitoring.basis


def test_a_capacity_reservation_bills_its_instances_used_or_not():
    reservation = node(
        "aws:ec2/capacityReservation:CapacityReservation",
        "r",
        {"instanceType": "m7i.large", "instanceCount": 4, "instancePlatform": "Linux/UNIX"},
    )
    assert estimate_of(reservation).monthly_usd == pytest.approx(4 * 730 * 0.1008, abs=0.01)


LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"


@pytest.mark.parametrize("reference", ["id", "name"])
def test_an_instance_takes_its_type_and_volumes_from_its_launch_template(reference: str):
    template = node(
        LAUNCH_TEMPLATE,
        "big",
        {
            "name": "big",
            "instanceType": "r5.12xlarge",
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 100, "volumeType": "gp3"}}
            ],
        },
    )
    if reference == "id":  # linked through the engine's dependencies, the id unknown at preview
        instance = node(
            INSTANCE,
            "db",
            {
                "launchTemplate": {"id": UNKNOWN_STRING_VALUE, "version": "$Latest"},
                "associatePublicIpAddress": False,
            },
            {"launchTemplate": [template]},
        )
    else:  # a literal name, no dependencies
        instance = node(
            INSTANCE, "db", {"launchTemplate": {"name": "big"}, "associatePublicIpAddress": False}
        )
    result = estimate_of(instance, template)
    assert result.unpriced == []
    compute = next(i for i in result.items if "r5.12xlarge" in i.basis)
    # r5.12xlarge on-demand Linux us-east-1: $3.024/h, about $2,208/month.
    assert compute.monthly_usd == pytest.approx(3.024 * 730, abs=0.5)
    assert "from launch template big" in compute.basis
    volume = next(i for i in result.items if "EBS" in i.basis)
    assert volume.monthly_usd == pytest.approx(100 * 0.08, abs=0.01)


def test_an_instance_s_own_settings_win_over_its_launch_template_and_a_missing_template_fails_closed():
    template = node(LAUNCH_TEMPLATE, "lt", {"name": "lt", "instanceType": "r5.12xlarge"})
    own = node(
        INSTANCE,
        "web",
        {"launchTemplate": {"name": "lt"}, "instanceType": "t3.micro", "associatePublicIpAddress": False},
    )
    result = estimate_of(own, template)
    assert [i.basis.split(" ")[0] for i in result.items if "instance," in i.basis] == ["t3.micro"]
    gone = node(INSTANCE, "gone", {"launchTemplate": {"name": "elsewhere"}})
    assert [u.reason for u in estimate_of(gone).unpriced] == [
        "its instance type comes from a launch template that is not in the stack"
    ]
