"""Compute rules: Fargate Spot, task size, task counts, Container Insights, EC2 instance types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import (
    Subject,
    allowlist,
    as_int,
    cap,
    finish,
    integer,
    resource_rule,
    stack_graph,
    stack_rule,
    strings,
)
from ..graph import Node, StackGraph
from ..pricing.ecs import ec2_providers, parse_cpu_units, parse_memory_mib
from ..values import UNKNOWN, Reader, as_bool, as_number


@stack_rule(
    name="fargate-spot",
    description=(
        "Fargate services run on Spot (about 70% off) through a capacity provider strategy, never "
        "launchType. Tasks on an EC2 capacity provider are left to the instances' rules and the budget."
    ),
    properties={
        "minSpotShare": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": 1,
            "description": "Least FARGATE_SPOT share of the Fargate part of the strategy's weight.",
        },
        "maxOnDemandBase": integer(0, "Most tasks a FARGATE (on-demand) base may keep."),
    },
    remediation=(
        "Use capacityProviderStrategies with FARGATE_SPOT (and at most a small FARGATE base); remove "
        "launchType."
    ),
    verifies="the Spot share",
)
def fargate_spot(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    # A stack rule: an EC2 capacity provider's auto-name is unknown on a first preview, and only the
    # graph (the strategy's dependency on an aws.ecs.CapacityProvider) tells it from FARGATE_SPOT.
    graph = stack_graph(args)
    for service in graph.of(t.ECS_SERVICE):
        _fargate_spot(
            service,
            graph,
            lambda message, at=service: report(f"{at.label}: {message}", at.urn),
            cfg,
            read.scoped(service.name),
        )


def _fargate_spot(
    service: Node, graph: StackGraph, report: Callable[[str], None], cfg: dict[str, Any], read: Reader
) -> None:
    launch_type = read.get(service.props, "launchType")
    if launch_type in ("EC2", "EXTERNAL"):
        return
    if launch_type == "FARGATE":
        report(
            "launchType=FARGATE runs every task on-demand; use a capacity provider strategy with FARGATE_SPOT"
        )
        return
    before = len(read.unknown_paths)
    strategy = read.items_of(service.props, "capacityProviderStrategies")
    if not strategy and launch_type is None:
        report(
            "no capacityProviderStrategies: the cluster default decides, and a cluster default alone "
            "does not move an existing service to Spot"
        )
    # Entries naming a capacity provider unknown at preview stand for the EC2 capacity providers the
    # strategy depends on (FARGATE and FARGATE_SPOT are literal names), when there are enough of them.
    unknown_names = [
        e for e in strategy if e is not UNKNOWN and Reader().get(e, "capacityProvider") is UNKNOWN
    ]
    by_dependency = 0 < len(unknown_names) <= len(ec2_providers(service, graph))
    spot_weight = total_weight = on_demand_base = ec2_weight = 0.0
    for index, entry in enumerate(strategy):
        if entry is UNKNOWN:
            continue
        at = read.scoped(f"capacityProviderStrategies[{index}]")
        provider = Reader().get(entry, "capacityProvider")
        if not (provider is UNKNOWN and by_dependency):
            provider = at.get(entry, "capacityProvider")
        weight = as_number(at.get(entry, "weight", default=0))
        base = as_number(at.get(entry, "base", default=0))
        if provider is UNKNOWN and by_dependency and UNKNOWN not in (weight, base):
            ec2_weight += float(weight or 0)
            continue
        if UNKNOWN in (provider, weight, base):
            continue
        if provider not in ("FARGATE", "FARGATE_SPOT"):
            # An EC2 capacity provider: its tasks run on the Auto Scaling group's instances, which
            # ec2-instance-types and the budget judge; this rule is about Fargate's share only.
            ec2_weight += float(weight or 0)
            continue
        total_weight += float(weight or 0)
        if provider == "FARGATE_SPOT":
            spot_weight += float(weight or 0)
        else:
            on_demand_base += float(base or 0)
    if strategy and len(read.unknown_paths) == before:
        share = spot_weight / total_weight if total_weight else 0.0
        if (total_weight or not ec2_weight) and share < float(cfg["minSpotShare"]):
            report(
                f"FARGATE_SPOT gets {share:.0%} of the strategy's weight, "
                f"below minSpotShare={float(cfg['minSpotShare']):g}"
            )
        if on_demand_base > float(cfg["maxOnDemandBase"]):
            report(
                f"on-demand base of {on_demand_base:g} task(s) is above "
                f"maxOnDemandBase={as_int(cfg['maxOnDemandBase'])}"
            )


@resource_rule(
    name="container-insights-off",
    description=(
        "Container Insights bills custom metrics and log ingestion per task; keep it off unless it's needed."
    ),
    properties={
        "requireExplicit": {
            "type": "boolean",
            "default": True,
            "description": "Require containerInsights to be set: when unset the account default applies.",
        },
    },
    remediation="Set the cluster setting containerInsights to disabled.",
    types=(t.ECS_CLUSTER, t.ECS_ACCOUNT_SETTING),
)
def container_insights_off(
    subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    if subject.kind == t.ECS_ACCOUNT_SETTING:
        name = read.get(subject.props, "name")
        value = read.get(subject.props, "value")
        if name == "containerInsights" and value in ("enabled", "enhanced"):
            report(f"the account default turns Container Insights {value} for every new cluster")
        finish(read, cfg, report, "the account's Container Insights default")
        return
    value = None
    for index, setting in enumerate(read.items_of(subject.props, "settings")):
        if setting is UNKNOWN:
            continue
        at = read.scoped(f"settings[{index}]")
        if at.get(setting, "name") == "containerInsights":
            value = at.get(setting, "value")
    if value in ("enabled", "enhanced"):
        report(f"containerInsights is {value}: metrics and performance logs are billed per task")
    elif value is None and as_bool(cfg["requireExplicit"]):
        report("containerInsights is not set, so the account default applies; set it to disabled explicitly")
    finish(read, cfg, report, "Container Insights")


@resource_rule(
    name="fargate-task-size",
    description="Fargate task cpu and memory stay under caps: every vCPU-hour and GB-hour is billed.",
    properties={
        "maxCpu": integer(1024, "Most task cpu units (1024 = 1 vCPU).", minimum=None),
        "maxMemory": integer(2048, "Most task memory in MiB.", minimum=None),
        "maxEphemeralStorageGib": integer(20, "Most ephemeral storage (20 GiB is free).", minimum=None),
    },
    remediation="Lower cpu/memory in the stack config (dev: 256/512).",
    types=(t.ECS_TASK_DEFINITION,),
    verifies="the task size",
)
def fargate_task_size(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    compat = read.items_of(subject.props, "requiresCompatibilities")
    if compat and "FARGATE" not in compat and UNKNOWN not in compat:
        return
    cpu_raw, memory_raw = read.get(subject.props, "cpu"), read.get(subject.props, "memory")
    cpu, memory = parse_cpu_units(cpu_raw), parse_memory_mib(memory_raw)
    if cpu_raw is None or memory_raw is None:
        report("a Fargate task definition needs task-level cpu and memory")
    if cpu is not None:
        cap(report, "cpu", cpu, cfg, "maxCpu", f" units ({cpu / 1024:g} vCPU)")
    cap(report, "memory", memory, cfg, "maxMemory", " MiB")
    storage = as_number(read.get(subject.props, "ephemeralStorage", "sizeInGib"))
    cap(report, "ephemeralStorage.sizeInGib", storage, cfg, "maxEphemeralStorageGib", " GiB")


@resource_rule(
    name="service-count-cap",
    description=(
        "ECS services keep desired and maximum task counts under caps, including autoscaling and schedules."
    ),
    properties={
        "maxDesiredCount": integer(2, "Most desired tasks."),
        "maxCount": integer(4, "Most tasks autoscaling may reach."),
    },
    remediation="Lower desiredCount/maxCount in the stack config.",
    types=(t.ECS_SERVICE, t.SCALABLE_TARGET, t.SCHEDULED_ACTION),
    verifies="the task count",
)
def service_count_cap(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    desired = ("ecs:service:DesiredCount", UNKNOWN)
    if subject.kind == t.ECS_SERVICE:
        cap(
            report, "desiredCount", as_number(read.get(subject.props, "desiredCount")), cfg, "maxDesiredCount"
        )
    elif subject.kind == t.SCALABLE_TARGET:
        if read.get(subject.props, "scalableDimension") in desired:
            cap(report, "maxCapacity", as_number(read.get(subject.props, "maxCapacity")), cfg, "maxCount")
            # aws-native targets carry their scheduled actions inline.
            for index, action in enumerate(read.items_of(subject.props, "scheduledActions")):
                at = read.scoped(f"scheduledActions[{index}]")
                high = as_number(at.get(action, "scalableTargetAction", "maxCapacity"))
                cap(
                    report,
                    f"scheduledActions[{index}].scalableTargetAction.maxCapacity",
                    high,
                    cfg,
                    "maxCount",
                )
    elif read.get(subject.props, "scalableDimension") in (*desired, None):
        high = as_number(read.get(subject.props, "scalableTargetAction", "maxCapacity"))
        cap(report, "the scheduled action's scalableTargetAction.maxCapacity", high, cfg, "maxCount")


@resource_rule(
    name="ec2-instance-types",
    description="EC2 instances (e.g. the NAT instance) use small, cheap instance types.",
    properties={
        "allowedInstanceTypes": strings(["t4g.nano", "t4g.micro"], "Instance types allowed."),
    },
    remediation="Use a t4g.nano: it forwards a small service's traffic for about $3/month.",
    types=(*t.INSTANCES, t.LAUNCH_TEMPLATE),
    verifies="the instance type",
)
def ec2_instance_types(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    instance_type = read.get(subject.props, "instanceType")
    allowed = list(cfg["allowedInstanceTypes"])
    if instance_type is None and subject.kind != t.LAUNCH_TEMPLATE:
        report("instanceType is not set")
    else:
        allowlist(report, "instanceType", instance_type, allowed)
