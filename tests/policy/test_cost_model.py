"""The cost model: hand-computed cases from shared/AWS-FACTS.md, schedules, links, unknowns, whole stacks."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from frugal_policy.cost_model import (
    FREE_TYPES,
    USAGE_TYPES,
    PricedResource,
    estimate,
    price_table,
)
from pulumi_policy.proxy import (
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_STRING_VALUE,
    unknown_checking_proxy,
)

from tools.mocks import run_program
from tools.stack_files import load_stack_config

REPO = Path(__file__).resolve().parents[2]
OFFICE_HOURS_MONTH = 55 * 730 / 168  # weekdays 08:00-19:00 = 55 h a week


def res(type_: str, name: str, props: dict) -> PricedResource:
    return PricedResource(f"urn:pulumi:dev::frugal::{type_}::{name}", type_, name, props)


def service(strategy: list[dict] | None = None, **props: object) -> PricedResource:
    base = {
        "name": "api",
        "desiredCount": 1,
        "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/api:3",
        "networkConfiguration": {"assignPublicIp": False},
    }
    if strategy is not None:
        base["capacityProviderStrategies"] = strategy
    return res("aws:ecs/service:Service", "svc", {**base, **props})


def task(cpu: str = "256", memory: str = "512", arch: str = "X86_64", **props: object) -> PricedResource:
    return res(
        "aws:ecs/taskDefinition:TaskDefinition",
        "task",
        {
            "family": "api",
            "cpu": cpu,
            "memory": memory,
            "runtimePlatform": {"cpuArchitecture": arch},
            **props,
        },
    )


SPOT = [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]
ON_DEMAND = [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}]


def office_hours(
    resource_id: str = "service/cluster/api", timezone: str = "America/New_York"
) -> list[PricedResource]:
    action = "aws:appautoscaling/scheduledAction:ScheduledAction"
    return [
        res(
            "aws:appautoscaling/target:Target",
            "scaling",
            {
                "resourceId": resource_id,
                "scalableDimension": "ecs:service:DesiredCount",
                "minCapacity": 1,
                "maxCapacity": 2,
            },
        ),
        res(
            action,
            "up",
            {
                "resourceId": resource_id,
                "schedule": "cron(0 8 ? * MON-FRI *)",
                "timezone": timezone,
                "scalableTargetAction": {"minCapacity": 1, "maxCapacity": 2},
            },
        ),
        res(
            action,
            "down",
            {
                "resourceId": resource_id,
                "schedule": "cron(0 19 ? * MON-FRI *)",
                "timezone": timezone,
                "scalableTargetAction": {"minCapacity": 0, "maxCapacity": 0},
            },
        ),
    ]


def only_item(resources: list[PricedResource]):
    result = estimate(resources)
    assert len(result.items) == 1, result.items
    return result.items[0]


# --- hand-computed from AWS-FACTS.md --------------------------------------------------------------


def test_fargate_spot_x86_quarter_vcpu_730_hours():
    item = only_item([service(SPOT), task()])
    assert item.monthly_usd == pytest.approx(2.71, abs=0.005)
    assert item.basis.startswith("0.25 vCPU/0.5 GB Spot x86, 730.0 h/month")


def test_fargate_on_demand_x86_and_arm():
    assert only_item([service(ON_DEMAND), task()]).monthly_usd == pytest.approx(9.01, abs=0.005)
    arm = only_item([service(ON_DEMAND), task(arch="ARM64")])
    assert arm.monthly_usd == pytest.approx(7.21, abs=0.005) and "on-demand ARM" in arm.basis


def test_launch_type_fargate_is_on_demand():
    item = only_item([service(None, launchType="FARGATE"), task()])
    assert item.monthly_usd == pytest.approx(9.01, abs=0.005)


def test_office_hours_are_55_hours_a_week():
    item = only_item([service(SPOT), task(), *office_hours()])
    assert item.basis == "0.25 vCPU/0.5 GB Spot x86, 239.0 h/month (schedule)"
    assert item.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 2.71 / 730, abs=0.005)


def test_schedule_links_fall_back_to_the_only_target_when_ids_are_unknown():
    unknown_id = office_hours(resource_id=UNKNOWN_STRING_VALUE)
    props = {**service(SPOT).props, "name": UNKNOWN_STRING_VALUE, "taskDefinition": UNKNOWN_STRING_VALUE}
    item = only_item([res("aws:ecs/service:Service", "svc", props), task(), *unknown_id])
    assert "239.0 h/month" in item.basis and "the only one in the stack" in item.basis


def test_desired_count_is_clamped_to_the_scalable_target():
    resources = [service(SPOT, desiredCount=5), task(), *office_hours()]  # max 2 in office hours
    item = only_item(resources)
    assert "up to 2 tasks, 478.0 task-h/month" in item.basis


def test_mixed_strategy_puts_the_base_on_demand_first_then_splits_by_weight():
    mixed = [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]
    result = estimate([service(mixed, desiredCount=5), task()])
    by_kind = {("Spot" if "Spot" in i.basis else "on-demand"): i for i in result.items}
    # 5 tasks: 1 base on-demand, then 4 by weight 1:3 -> 1 more on-demand, 3 Spot.
    assert by_kind["on-demand"].monthly_usd == pytest.approx(2 * 9.01, abs=0.01)
    assert by_kind["Spot"].monthly_usd == pytest.approx(3 * 2.71, abs=0.01)


def test_public_ip_on_tasks_is_priced_per_task_hour():
    result = estimate([service(SPOT, networkConfiguration={"assignPublicIp": True}), task()])
    ipv4 = [i for i in result.items if "IPv4" in i.basis]
    assert len(ipv4) == 1 and ipv4[0].monthly_usd == pytest.approx(3.65)


def test_nat_instance_with_its_address_and_root_volume():
    result = estimate(
        [
            res(
                "aws:ec2/instance:Instance",
                "nat",
                {
                    "instanceType": "t4g.nano",
                    "sourceDestCheck": False,
                    "associatePublicIpAddress": True,
                    "rootBlockDevice": {"volumeSize": 8, "volumeType": "gp3"},
                },
            ),
        ]
    )
    amounts = sorted(round(i.monthly_usd, 2) for i in result.items)
    assert amounts == [0.64, 3.07, 3.65]


def test_an_elastic_ip_on_the_instance_replaces_its_auto_assigned_address():
    nat = res(
        "aws:ec2/instance:Instance",
        "nat",
        {"instanceType": "t4g.nano", "sourceDestCheck": False, "associatePublicIpAddress": True},
    )
    for eip in (
        [res("aws:ec2/eip:Eip", "ip", {"domain": "vpc", "instance": UNKNOWN_STRING_VALUE})],
        [
            res("aws:ec2/eip:Eip", "ip", {"domain": "vpc"}),
            res("aws:ec2/eipAssociation:EipAssociation", "assoc", {"instanceId": UNKNOWN_STRING_VALUE}),
        ],
    ):
        ipv4 = [i for i in estimate([nat, *eip]).items if "IPv4" in i.basis]
        assert [i.basis for i in ipv4] == ["Elastic IP: public IPv4, 730 h/month, attached or not"]
    # An EIP for something else (a NAT gateway's) leaves the instance's own address priced.
    unrelated = estimate([nat, res("aws:ec2/eip:Eip", "gw", {"domain": "vpc"})])
    assert len([i for i in unrelated.items if "IPv4" in i.basis]) == 2


def instance_schedule(operation: str, expression: str) -> PricedResource:
    """An EventBridge Scheduler schedule calling ec2:<operation>Instances on i-1, New York time."""
    return res(
        "aws:scheduler/schedule:Schedule",
        operation,
        {
            "scheduleExpression": expression,
            "scheduleExpressionTimezone": "America/New_York",
            "target": {
                "arn": f"arn:aws:scheduler:::aws-sdk:ec2:{operation}Instances",
                "input": json.dumps({"InstanceIds": ["i-1"]}),
            },
        },
    )


def test_nat_instance_stopped_on_an_eventbridge_schedule():
    stop = instance_schedule("stop", "cron(0 19 ? * MON-FRI *)")
    start = instance_schedule("start", "cron(0 8 ? * MON-FRI *)")
    nat = res(
        "aws:ec2/instance:Instance",
        "nat",
        {"instanceType": "t4g.nano", "sourceDestCheck": False, "associatePublicIpAddress": True},
    )
    result = estimate([nat, stop, start])
    compute, address, volume = result.items
    assert compute.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.0042, abs=0.001)
    assert address.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.005, abs=0.001)
    assert volume.monthly_usd == pytest.approx(0.64) and "8 GB" in volume.basis and "assumed" in volume.basis
    assert "(stopped on a schedule)" in compute.basis


def test_fixed_prices():
    cases = {
        "aws:ec2/eip:Eip": ({}, 3.65),
        "aws:ec2/natGateway:NatGateway": ({"connectivityType": "private"}, 32.85),
        "aws:route53/zone:Zone": ({}, 0.50),
        "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ({}, 0.50),
        "aws:kms/key:Key": ({}, 1.00),
        "aws:secretsmanager/secret:Secret": ({}, 0.40),
        "aws:ebs/volume:Volume": ({"size": 100, "type": "gp3"}, 8.00),
        "aws:wafv2/webAcl:WebAcl": ({"rules": [{"name": "a"}, {"name": "b"}]}, 7.00),
        "aws:dynamodb/table:Table": (
            {"billingMode": "PROVISIONED", "readCapacity": 10, "writeCapacity": 10},
            5.694,
        ),
    }
    for type_, (props, expected) in cases.items():
        assert only_item([res(type_, "x", props)]).monthly_usd == pytest.approx(expected, abs=0.005), type_


def test_load_balancers_and_their_addresses():
    internet = estimate([res("aws:lb/loadBalancer:LoadBalancer", "alb", {"subnets": ["a", "b"]})])
    assert [round(i.monthly_usd, 2) for i in internet.items] == [16.43, 7.30]
    internal = estimate(
        [res("aws:lb/loadBalancer:LoadBalancer", "nlb", {"internal": True, "loadBalancerType": "network"})]
    )
    assert [round(i.monthly_usd, 2) for i in internal.items] == [16.43]
    unknown = estimate([res("aws:alb/loadBalancer:LoadBalancer", "alb", {"subnets": UNKNOWN_STRING_VALUE})])
    assert "assumed 2 AZs" in unknown.items[1].basis


def test_interface_endpoints_are_priced_per_az_and_gateway_endpoints_are_free():
    interface = res(
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        "ecr",
        {
            "vpcEndpointType": "Interface",
            "serviceName": "com.amazonaws.us-east-1.ecr.api",
            "subnetIds": ["a", "b"],
        },
    )
    gateway = res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", {"vpcEndpointType": "Gateway"})
    result = estimate([interface, gateway])
    assert [round(i.monthly_usd, 2) for i in result.items] == [14.60]
    assert [f.urn for f in result.free] == [gateway.urn]


def test_rds_class_storage_and_multi_az():
    single = estimate(
        [
            res(
                "aws:rds/instance:Instance",
                "db",
                {
                    "instanceClass": "db.t4g.micro",
                    "engine": "postgres",
                    "allocatedStorage": 20,
                    "storageType": "gp3",
                },
            )
        ]
    )
    assert single.monthly_usd == pytest.approx(730 * 0.016 + 20 * 0.115, abs=0.01)
    multi = estimate(
        [
            res(
                "aws:rds/instance:Instance",
                "db",
                {
                    "instanceClass": "db.t4g.micro",
                    "engine": "postgres",
                    "allocatedStorage": 20,
                    "multiAz": True,
                },
            )
        ]
    )
    assert multi.monthly_usd == pytest.approx(2 * single.monthly_usd, abs=0.01)


# --- never silently $0 ----------------------------------------------------------------------------


def test_unknown_types_are_not_priced_and_usage_and_free_types_are_listed():
    result = estimate(
        [
            res("aws:memorydb/cluster:Cluster", "cache", {}),
            res("gcp:compute/instance:Instance", "vm", {}),
            res("aws:apigatewayv2/api:Api", "api", {}),
            res("aws:ec2/vpc:Vpc", "vpc", {}),
            res("aws:iam/role:Role", "role", {}),
            res("frugal:components:Network", "net", {}),
            res("aws:dynamodb/table:Table", "t", {"billingMode": "PAY_PER_REQUEST"}),
        ]
    )
    assert result.items == [] and result.monthly_usd == 0
    assert {n.type for n in result.not_priced} == {
        "aws:memorydb/cluster:Cluster",
        "gcp:compute/instance:Instance",
    }
    assert {u.type for u in result.usage_priced} == {"aws:apigatewayv2/api:Api", "aws:dynamodb/table:Table"}
    assert len(result.free) == 3


def test_unknown_values_make_an_item_not_priced_or_a_stated_assumption():
    cpu_unknown = estimate([service(SPOT), task(cpu=UNKNOWN_STRING_VALUE)])
    assert cpu_unknown.items == [] and "cpu/memory unknown" in cpu_unknown.not_priced[0].reason
    proxied = PricedResource(
        "urn:svc",
        "aws:ecs/service:Service",
        "svc",
        unknown_checking_proxy(
            {
                **service(SPOT).props,
                "desiredCount": UNKNOWN_NUMBER_VALUE,
                "networkConfiguration": {"assignPublicIp": UNKNOWN_BOOLEAN_VALUE},
            }
        ),
    )
    result = estimate([proxied, task()])
    assert "desiredCount unknown at preview: assumed 1" in result.items[0].basis
    assert "assignPublicIp unknown at preview: assumed on" in result.items[1].basis
    instance = estimate([res("aws:ec2/instance:Instance", "i", {"instanceType": UNKNOWN_STRING_VALUE})])
    assert instance.items == [] and "instanceType unknown" in instance.not_priced[0].reason
    exotic = estimate([res("aws:ec2/instance:Instance", "i", {"instanceType": "p5.48xlarge"})])
    assert "not in the price table" in exotic.not_priced[0].reason


def test_a_schedule_the_model_cannot_read_is_said_in_the_basis():
    actions = office_hours()
    actions[1] = res(actions[1].type, "up", {**actions[1].props, "schedule": "cron(0 8 L * ? *)"})
    item = only_item([service(SPOT), task(), *actions])
    assert "L, W or #" in item.basis


def test_daily_and_biggest():
    result = estimate([service(ON_DEMAND), task(), res("aws:ec2/eip:Eip", "ip", {})])
    assert result.daily_usd() == pytest.approx(result.monthly_usd * 24 / 730)
    assert result.biggest(1)[0].monthly_usd == pytest.approx(9.01, abs=0.005)


def test_price_table_lines_have_a_source_and_a_date():
    for key, entry in price_table().items():
        assert entry["source"].startswith("https://aws.amazon.com/"), key
        assert len(entry["date"]) == 10 and entry["usd"] > 0, key
    assert not set(FREE_TYPES) & set(USAGE_TYPES)


# --- whole stacks: the real program under the recording mocks --------------------------------------


def stack_estimate(stack: str, overrides: dict[str, str] | None = None):
    loaded = load_stack_config(REPO, stack)
    recording = run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py"), run_name="__main__"),
        project=loaded.project,
        stack=loaded.stack,
        config={**loaded.config, **(overrides or {})},
        secret_keys=loaded.secret_keys,
    )
    return estimate([PricedResource(r.urn, r.type, r.name, r.inputs) for r in recording.resources])


@pytest.fixture(scope="module")
def dev():
    return stack_estimate("dev")


def test_dev_stack_meets_the_goal_with_every_resource_accounted_for(dev):
    assert dev.monthly_usd <= 4.50
    assert dev.not_priced == []
    spot = [i for i in dev.items if "Spot" in i.basis]
    assert len(spot) == 1 and "239.0 h/month (schedule)" in spot[0].basis
    nat = [i for i in dev.items if "NAT instance" in i.basis]
    assert len(nat) == 2  # the instance and its address, both only while running
    assert nat[0].monthly_usd < 3.07 / 2
    assert "(stopped on a schedule)" in nat[0].basis
    assert not [i for i in dev.items if "IPv4 on task" in i.basis]


def test_dev_stack_24x7_and_idle():
    always = stack_estimate("dev", {"frugal:schedule": "none"})
    assert always.monthly_usd > 8
    idle = stack_estimate(
        "dev",
        {
            "frugal:schedule": "custom",
            "frugal:scheduleUp": "cron(0 8 1 1 ? 2099)",
            "frugal:scheduleDown": "cron(0 12 * * ? *)",
        },
    )
    assert idle.monthly_usd <= 1.50
    assert all(i.monthly_usd == 0 for i in idle.items if "Spot" in i.basis or "NAT instance" in i.basis)


def test_prod_is_at_most_half_of_the_same_service_on_an_alb_with_public_ips():
    prod = stack_estimate("prod")
    # The same service the old way: 2 on-demand tasks with public IPs behind an internet-facing ALB in 2 AZs.
    old_way = estimate(
        [
            service(ON_DEMAND, desiredCount=2, networkConfiguration={"assignPublicIp": True}),
            task(cpu="512", memory="1024"),
            res("aws:lb/loadBalancer:LoadBalancer", "alb", {"subnets": ["a", "b"]}),
        ]
    )
    assert prod.not_priced == []
    assert prod.monthly_usd <= old_way.monthly_usd / 2


def test_an_auto_scaling_group_of_one_on_a_schedule():
    template = res(
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
    group = res(
        "aws:autoscaling/group:Group",
        "nat",
        {
            "name": "nat",
            "desiredCapacity": 1,
            "minSize": 0,
            "maxSize": 1,
            "launchTemplate": {"name": "nat"},
        },
    )
    schedule = "aws:autoscaling/schedule:Schedule"
    up = res(
        schedule,
        "up",
        {
            "autoscalingGroupName": "nat",
            "recurrence": "0 8 * * 1-5",
            "timeZone": "Europe/Paris",
            "minSize": 1,
            "maxSize": 1,
            "desiredCapacity": 1,
        },
    )
    down = res(
        schedule,
        "down",
        {
            "autoscalingGroupName": "nat",
            "recurrence": "0 19 * * MON-FRI",
            "timeZone": "Europe/Paris",
            "minSize": 0,
            "maxSize": 0,
            "desiredCapacity": 0,
        },
    )
    result = estimate([template, group, up, down])
    compute, address, volume = result.items
    assert compute.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.0042, abs=0.001)
    assert "239.0 instance-h/month (schedule)" in compute.basis
    assert address.monthly_usd == pytest.approx(OFFICE_HOURS_MONTH * 0.005, abs=0.001)
    assert volume.monthly_usd == pytest.approx(0.64 * OFFICE_HOURS_MONTH / 730, abs=0.001)
    assert estimate([template, group]).items[0].monthly_usd == pytest.approx(3.07, abs=0.005)


def test_a_disabled_stop_schedule_does_not_stop_the_instance():
    stop = res(
        "aws:scheduler/schedule:Schedule",
        "stop",
        {
            "state": "DISABLED",
            "scheduleExpression": "cron(0 19 ? * MON-FRI *)",
            "target": {"arn": "arn:aws:scheduler:::aws-sdk:ec2:stopInstances", "input": "{}"},
        },
    )
    nat = res("aws:ec2/instance:Instance", "nat", {"instanceType": "t4g.nano", "sourceDestCheck": False})
    assert estimate([nat, stop]).items[0].monthly_usd == pytest.approx(3.07, abs=0.005)


def test_a_failing_price_is_listed_as_not_priced_and_the_rest_still_priced(monkeypatch: pytest.MonkeyPatch):
    from frugal_policy import cost_model

    def broken(resource, stack, result):
        raise AttributeError("no such thing")

    monkeypatch.setitem(cost_model._HANDLERS, "aws:ec2/eip:Eip", broken)
    odd = res("aws:ec2/eip:Eip", "ip", {})
    result = estimate([odd, service(SPOT), task()])
    assert [(n.urn, n.reason) for n in result.not_priced] == [
        (odd.urn, "unreadable properties (AttributeError: no such thing)")
    ]
    assert result.monthly_usd == pytest.approx(2.71, abs=0.005)


def test_odd_shapes_fall_back_to_stated_assumptions():
    odd = res(
        "aws:ec2/instance:Instance",
        "nat",
        {"instanceType": "t4g.nano", "rootBlockDevice": ["not", "a", "map"]},
    )
    volume = estimate([odd]).items[-1]
    assert volume.monthly_usd == pytest.approx(0.64) and "assumed the AMI's 8 GB" in volume.basis


def test_with_two_services_and_unknown_links_the_assumption_is_stated():
    other = res("aws:ecs/service:Service", "other", {**service(SPOT).props, "name": "worker"})
    unknown = office_hours(resource_id=UNKNOWN_STRING_VALUE)
    extra_target = res(
        "aws:appautoscaling/target:Target",
        "t2",
        {"resourceId": "service/c/elsewhere", "scalableDimension": "ecs:service:DesiredCount"},
    )
    props = {**service(SPOT).props, "name": UNKNOWN_STRING_VALUE}
    result = estimate([res("aws:ecs/service:Service", "svc", props), other, task(), *unknown, extra_target])
    svc = next(i for i in result.items if i.urn.endswith("::svc"))
    assert "730.0 h/month" in svc.basis and "no scalable target matched by name" in svc.basis
