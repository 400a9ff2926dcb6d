"""Fargate services: prices hand-computed from the table, schedules, links through the graph, unknowns."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from frugal.policy.graph import Node
from frugal.policy.pricing import Bound, Bounds
from tests.policy.helpers import estimate_of, node

SERVICE = "aws:ecs/service:Service"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
TARGET = "aws:appautoscaling/target:Target"
ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction"
OFFICE_HOURS_MONTH = 55 * 730 / 168  # weekdays 08:00-19:00 = 55 h a week
SPOT = [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]
ON_DEMAND = [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}]


def task(
    cpu: object = "256", memory: object = "512", arch: str = "X86_64", name: str = "task", **props: object
) -> Node:
    return node(
        TASK,
        name,
        {"family": name, "cpu": cpu, "memory": memory, "runtimePlatform": {"cpuArchitecture": arch}, **props},
    )


def service(
    definition: Node | None, strategy: list[dict] | None = None, name: str = "svc", **props: object
) -> Node:
    base: dict[str, object] = {
        "name": name,
        "desiredCount": 1,
        "taskDefinition": UNKNOWN_STRING_VALUE
        if definition
        else "arn:aws:ecs:us-east-1:1:task-definition/gone:3",
        "networkConfiguration": {"assignPublicIp": False},
    }
    if strategy is not None:
        base["capacityProviderStrategies"] = strategy
    deps = {"taskDefinition": [definition]} if definition else {}
    return node(SERVICE, name, {**base, **props}, deps)


def office_hours(of: Node, timezone: str = "America/New_York", name: str = "scaling") -> list[Node]:
    """A scalable target on the service and two scheduled actions on the target, linked as Pulumi links
    them (the target's resourceId from the service's name, the actions' from the target's), ids unknown."""
    target = node(
        TARGET,
        name,
        {
            "resourceId": UNKNOWN_STRING_VALUE,
            "scalableDimension": "ecs:service:DesiredCount",
            "minCapacity": 1,
            "maxCapacity": 2,
        },
        {"resourceId": [of]},
    )

    def action(label: str, cron: str, low: int, high: int) -> Node:
        return node(
            ACTION,
            f"{name}-{label}",
            {
                "resourceId": UNKNOWN_STRING_VALUE,
                "schedule": cron,
                "timezone": timezone,
                "scalableTargetAction": {"minCapacity": low, "maxCapacity": high},
            },
            {"resourceId": [target]},
        )

    return [
        target,
        action("up", "cron(0 8 ? * MON-FRI *)", 1, 2),
        action("down", "cron(0 19 ? * MON-FRI *)", 0, 0),
    ]


def only_item(*nodes: Node, **kwargs: object):
    result = estimate_of(*nodes, **kwargs)
    assert result.unpriced == [], result.unpriced
    assert len(result.items) == 1, result.items
    return result.items[0]


def test_fargate_spot_x86_quarter_vcpu_730_hours():
    definition = task()
    item = only_item(service(definition, SPOT), definition)
    assert item.monthly_usd == pytest.approx(2.71, abs=0.005)
    assert item.basis == "0.25 vCPU/0.5 GB Spot x86, 730.0 h/month"


def test_fargate_on_demand_x86_and_arm():
    definition = task()
    assert only_item(service(definition, ON_DEMAND), definition).monthly_usd == pytest.approx(9.01, abs=0.005)
    arm = task(arch="ARM64")
    item = only_item(service(arm, ON_DEMAND), arm)
    assert item.monthly_usd == pytest.approx(7.21, abs=0.005) and "on-demand ARM" in item.basis


def test_launch_type_fargate_is_on_demand_and_ec2_is_left_to_its_hosts():
    definition = task()
    assert only_item(
        service(definition, None, launchType="FARGATE"), definition
    ).monthly_usd == pytest.approx(9.01, abs=0.005)
    ec2 = estimate_of(service(definition, None, launchType="EC2"), definition)
    assert ec2.items == [] and any("hosts priced on their own" in f.note for f in ec2.free)


def test_office_hours_are_55_hours_a_week():
    definition = task()
    svc = service(definition, SPOT)
    item = only_item(svc, definition, *office_hours(svc))
    assert item.basis == "0.25 vCPU/0.5 GB Spot x86, 239.0 h/month (schedule)"
    assert item.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 2.71 / 730, abs=0.005)


def test_a_first_preview_of_two_services_prices_both_through_the_graph():
    """Every ARN, name and resource id unknown: only the engine's dependencies link them."""
    api_task, worker_task = task(name="api"), task(cpu="512", memory="1024", name="worker")
    api = service(api_task, SPOT, service_name=UNKNOWN_STRING_VALUE)
    worker = service(worker_task, SPOT, name="worker", service_name=UNKNOWN_STRING_VALUE)
    result = estimate_of(api, worker, api_task, worker_task, *office_hours(api, name="api-scaling"))
    assert result.unpriced == []
    by_service = {item.urn.rsplit("::", 1)[-1]: item for item in result.items}
    assert by_service["svc"].basis == "0.25 vCPU/0.5 GB Spot x86, 239.0 h/month (schedule)"
    assert by_service["worker"].basis == "0.5 vCPU/1 GB Spot x86, 730.0 h/month"
    assert "only one" not in " ".join(i.basis for i in result.items)


def test_a_literal_task_definition_arn_links_by_family_when_the_engine_sent_no_dependencies():
    definition = task(name="api")
    literal = node(
        SERVICE,
        "svc",
        {**service(None, SPOT).props, "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/api:7"},
    )
    assert only_item(literal, definition).monthly_usd == pytest.approx(2.71, abs=0.005)


def test_a_task_definition_outside_the_stack_fails_closed():
    result = estimate_of(service(None, SPOT), task(name="other"))
    assert result.items == []
    assert "its task definition ('arn:aws:ecs:us-east-1:1:task-definition/gone:3') is not in the stack" in (
        result.unpriced[0].reason
    )


def test_desired_count_is_clamped_to_the_scalable_target():
    definition = task()
    svc = service(definition, SPOT, desiredCount=5)  # max 2 in office hours
    assert "up to 2 tasks, 478.0 task-h/month" in only_item(svc, definition, *office_hours(svc)).basis


def test_mixed_strategy_puts_the_base_on_demand_first_then_splits_by_weight():
    mixed = [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]
    definition = task()
    result = estimate_of(service(definition, mixed, desiredCount=5), definition)
    by_kind = {("Spot" if "Spot" in i.basis else "on-demand"): i for i in result.items}
    # 5 tasks: 1 base on-demand, then 4 by weight 1:3 -> 1 more on-demand, 3 Spot.
    assert by_kind["on-demand"].monthly_usd == pytest.approx(2 * 9.01, abs=0.01)
    assert by_kind["Spot"].monthly_usd == pytest.approx(3 * 2.71, abs=0.01)


def test_public_ip_on_tasks_is_priced_per_task_hour():
    definition = task()
    result = estimate_of(service(definition, SPOT, networkConfiguration={"assignPublicIp": True}), definition)
    ipv4 = [i for i in result.items if "IPv4" in i.basis]
    assert len(ipv4) == 1 and ipv4[0].monthly_usd == pytest.approx(3.65)


def test_unknown_task_size_is_priced_at_the_enforced_cap_and_said_at_most():
    definition = task(cpu=UNKNOWN_STRING_VALUE, memory=UNKNOWN_STRING_VALUE)
    svc = service(definition, ON_DEMAND)
    unbounded = estimate_of(svc, definition)
    assert unbounded.items == [] and "task cpu unknown at preview, and no enforced rule caps it" in (
        unbounded.unpriced[0].reason
    )
    bounds = Bounds(
        task_cpu=Bound(512.0, "fargate-task-size maxCpu"),
        task_memory=Bound(1024.0, "fargate-task-size maxMemory"),
    )
    item = only_item(svc, definition, bounds=bounds)
    assert item.upper_bound and item.basis.startswith("at most: 0.5 vCPU/1 GB on-demand x86")
    assert "task cpu unknown at preview: priced at fargate-task-size maxCpu=512" in item.basis
    assert item.monthly_usd == pytest.approx(730 * (0.5 * 0.04048 + 1 * 0.004445), abs=0.01)


def test_unknown_counts_are_priced_at_service_count_cap():
    definition = task()
    svc = service(
        definition,
        SPOT,
        desiredCount=UNKNOWN_NUMBER_VALUE,
        networkConfiguration={"assignPublicIp": UNKNOWN_BOOLEAN_VALUE},
    )
    result = estimate_of(
        svc, definition, bounds=Bounds(desired_count=Bound(2.0, "service-count-cap maxDesiredCount"))
    )
    compute, address = result.items
    assert "desiredCount unknown at preview: priced at service-count-cap maxDesiredCount=2" in compute.basis
    assert "up to 2 tasks" in compute.basis and compute.upper_bound
    assert "assignPublicIp unknown at preview: assumed on" in address.basis and address.upper_bound
    assert estimate_of(svc, definition).unpriced[0].reason.startswith("desiredCount unknown at preview")


def test_a_schedule_the_model_cannot_read_is_said_in_the_basis():
    definition = task()
    svc = service(definition, SPOT)
    target, up, down = office_hours(svc)
    odd = node(ACTION, up.name, {**up.props, "schedule": "cron(0 8 L-3 * ? *)"}, {"resourceId": [target]})
    assert "day-of-month field 'L-3'" in only_item(svc, definition, target, odd, down).basis


def test_a_monthly_schedule_is_measured_over_a_year():
    """Up at 08:00 on the first Monday of each month, down at 19:00 the same day: 11 h, 12 times a year."""
    definition = task()
    svc = service(definition, SPOT)
    target, up, down = office_hours(svc)
    first = node(ACTION, up.name, {**up.props, "schedule": "cron(0 8 ? * 2#1 *)"}, {"resourceId": [target]})
    last = node(
        ACTION, down.name, {**down.props, "schedule": "cron(0 19 ? * 2#1 *)"}, {"resourceId": [target]}
    )
    item = only_item(svc, definition, target, first, last)
    hours = float(item.basis.split(", ")[1].split(" h/month")[0])
    assert hours == pytest.approx(11, rel=0.1)  # 12 or 13 first Mondays in the measured 52 weeks


def test_an_unknown_schedule_prices_the_peak_around_the_clock():
    definition = task()
    svc = service(definition, SPOT)
    target, up, down = office_hours(svc)
    hidden = node(
        ACTION, down.name, {**down.props, "schedule": UNKNOWN_STRING_VALUE}, {"resourceId": [target]}
    )
    item = only_item(svc, definition, target, up, hidden)
    assert item.upper_bound and "730.0 h/month" in item.basis and "schedule unknown" in item.basis


def test_aws_native_service_and_task_definition_are_priced_like_their_twins():
    definition = node(
        "aws-native:ecs:TaskDefinition",
        "task",
        {"cpu": "256", "memory": "512", "runtimePlatform": {"cpuArchitecture": "X86_64"}},
    )
    native = node(
        "aws-native:ecs:Service",
        "svc",
        {
            "capacityProviderStrategy": SPOT,
            "desiredCount": 1,
            "taskDefinition": UNKNOWN_STRING_VALUE,
            "networkConfiguration": {"awsvpcConfiguration": {"assignPublicIp": "ENABLED"}},
        },
        {"taskDefinition": [definition]},
    )
    target = node(
        "aws-native:applicationautoscaling:ScalableTarget",
        "scaling",
        {
            "resourceId": UNKNOWN_STRING_VALUE,
            "scalableDimension": "ecs:service:DesiredCount",
            "minCapacity": 1,
            "maxCapacity": 1,
            "scheduledActions": [
                {
                    "scheduledActionName": "up",
                    "schedule": "cron(0 8 ? * MON-FRI *)",
                    "timezone": "UTC",
                    "scalableTargetAction": {"minCapacity": 1, "maxCapacity": 1},
                },
                {
                    "scheduledActionName": "down",
                    "schedule": "cron(0 19 ? * MON-FRI *)",
                    "timezone": "UTC",
                    "scalableTargetAction": {"minCapacity": 0, "maxCapacity": 0},
                },
            ],
        },
        {"resourceId": [native]},
    )
    result = estimate_of(native, definition, target)
    compute, address = result.items
    assert compute.basis == "0.25 vCPU/0.5 GB Spot x86, 239.0 h/month (schedule)"
    assert address.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.005, abs=0.001)
    assert compute.type == "aws-native:ecs:Service"


def _ec2_capacity(name: str = "hosts", *, named: bool = True) -> tuple[Node, Node, Node]:
    """A launch template, the Auto Scaling group it launches, and the ECS capacity provider on it,
    linked as Pulumi links them (on a first preview the provider's auto-name is unknown)."""
    template = node(
        "aws:ec2/launchTemplate:LaunchTemplate",
        name,
        {
            "instanceType": "t3.medium",
            "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": 30}}],
        },
    )
    group = node(
        "aws:autoscaling/group:Group",
        name,
        {"minSize": 1, "maxSize": 2, "desiredCapacity": 1, "launchTemplate": {"id": UNKNOWN_STRING_VALUE}},
        {"launchTemplate": [template]},
    )
    provider = node(
        "aws:ecs/capacityProvider:CapacityProvider",
        name,
        {
            "name": name if named else UNKNOWN_STRING_VALUE,
            "autoScalingGroupProvider": {"autoScalingGroupArn": UNKNOWN_STRING_VALUE},
        },
        {"autoScalingGroupProvider": [group]},
    )
    return template, group, provider


@pytest.mark.parametrize("named", [True, False], ids=["existing", "first-preview"])
def test_a_service_on_an_ec2_capacity_provider_is_priced_through_its_auto_scaling_group(named: bool):
    template, group, provider = _ec2_capacity(named=named)
    definition = task(cpu=None, memory=None, requiresCompatibilities=["EC2"])
    strategy = [{"capacityProvider": "hosts" if named else UNKNOWN_STRING_VALUE, "weight": 1, "base": 0}]
    svc = node(
        SERVICE,
        "svc",
        {**service(definition).props, "capacityProviderStrategies": strategy},
        {"taskDefinition": [definition], "capacityProviderStrategies": [provider]},
    )
    result = estimate_of(svc, definition, provider, group, template)
    assert result.unpriced == []
    line = next(i for i in result.items if i.type == SERVICE)
    assert line.monthly_usd == 0 and "Auto Scaling group hosts" in line.basis
    # The group carries the cost: one t3.medium ($0.0416/h) and its 30 GB gp3 volume.
    group_total = sum(i.monthly_usd for i in result.items if i.type == "aws:autoscaling/group:Group")
    assert group_total == pytest.approx(0.0416 * 730 + 30 * 0.08, abs=0.01)
    assert result.monthly_usd == pytest.approx(group_total, abs=0.01)


def test_a_mixed_fargate_and_ec2_strategy_prices_only_the_fargate_share_on_the_service():
    template, group, provider = _ec2_capacity()
    definition = task()
    strategy = [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 0},
        {"capacityProvider": "hosts", "weight": 1, "base": 0},
    ]
    svc = node(
        SERVICE,
        "svc",
        {**service(definition).props, "capacityProviderStrategies": strategy, "desiredCount": 2},
        {"taskDefinition": [definition], "capacityProviderStrategies": [provider]},
    )
    result = estimate_of(svc, definition, provider, group, template)
    assert result.unpriced == []
    lines = [i for i in result.items if i.type == SERVICE]
    assert sorted(round(i.monthly_usd, 2) for i in lines) == [0.0, 9.01]


def test_a_capacity_provider_whose_group_is_not_in_the_stack_fails_closed():
    definition = task()
    provider = node(
        "aws:ecs/capacityProvider:CapacityProvider",
        "hosts",
        {
            "name": "hosts",
            "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:x:1:group/other"},
        },
    )
    svc = node(
        SERVICE,
        "svc",
        {
            **service(definition).props,
            "capacityProviderStrategies": [{"capacityProvider": "hosts", "weight": 1}],
        },
        {"taskDefinition": [definition], "capacityProviderStrategies": [provider]},
    )
    result = estimate_of(svc, definition, provider)
    assert [u.reason for u in result.unpriced if u.type == SERVICE] == [
        "capacity provider hosts: its Auto Scaling group is not in the stack"
    ]
