"""ECS services on Fargate: task size x running task-hours per capacity provider, plus task public IPv4s.

Links come from the graph: the service's task definition (`taskDefinition`), the scalable target whose
`resourceId` names the service, and the scheduled actions on that target (separate resources, or
inline `scheduledActions` on an aws-native target). Running hours are simulated over the reference
week from the scheduled actions (min/max changes clamp the desired count), split between providers
(each base first, the rest by weight).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import types as t
from ..graph import Node, StackGraph
from ..values import UNKNOWN, Reader, as_bool, as_number, is_unknown
from .core import Inputs, Pricing, fmt_num, hours_text, notes_text, prices
from .hours import Scheduled, clamp, events_of

_TASK_DEF_ARN = re.compile(r"task-definition/([^:/]+)(?::\d+)?$")
_DESIRED = "ecs:service:DesiredCount"


def _parse_task_size(value: Any, unit: str) -> float | None:
    """A task size in its base unit: a plain number, or a number of `unit`s of 1,024 each."""
    if value is None or is_unknown(value):
        return None
    text = str(value).strip().lower()
    match = re.fullmatch(rf"([\d.]+)\s*{unit}", text)
    if match:
        return float(match.group(1)) * 1024
    number = as_number(text)
    return float(number) if number is not None else None


def parse_cpu_units(value: Any) -> float | None:
    """Task cpu as units (1024 = 1 vCPU); accepts "256", 256 and "0.25 vCPU"."""
    return _parse_task_size(value, "vcpu")


def parse_memory_mib(value: Any) -> float | None:
    """Task memory in MiB; accepts "512", 512 and "1 GB"."""
    return _parse_task_size(value, "gb")


def _family_match(value: Any, definition: Node) -> bool:
    """A literal task definition reference (ARN, family:revision or family) naming this family."""
    if not isinstance(value, str):
        return False
    match = _TASK_DEF_ARN.search(value)
    family = match.group(1) if match else value.split(":")[0]
    return definition.get("family") == family


def _service_id_match(value: Any, service: Node) -> bool:
    """A literal `service/<cluster>/<service>` resource id naming this service."""
    name = service.get("name")
    if not isinstance(value, str) or not isinstance(name, str):
        return False
    parts = value.split("/")
    return len(parts) == 3 and parts[0] == "service" and parts[2] == name


def _same_resource_id(value: Any, target: Node) -> bool:
    other = target.get("resourceId")
    return isinstance(other, str) and other == value


@dataclass(frozen=True)
class _Strategy:
    provider: str
    weight: float
    base: float


def _split(count: float, strategy: list[_Strategy]) -> dict[str, float]:
    """Tasks per capacity provider: each base first (in order), the rest by weight."""
    shares: dict[str, float] = {s.provider: 0.0 for s in strategy}
    remaining = count
    for entry in strategy:
        if entry.base > 0 and remaining > 0:
            taken = min(entry.base, remaining)
            shares[entry.provider] += taken
            remaining -= taken
    total_weight = sum(s.weight for s in strategy)
    if remaining > 0:
        if total_weight <= 0:
            shares[strategy[0].provider] += remaining
        else:
            for entry in strategy:
                shares[entry.provider] += remaining * entry.weight / total_weight
    return shares


class _UnpriceableError(Exception):
    """The service can't be priced; the message says what is missing."""


@dataclass
class _Count:
    """A count read for pricing: its value, and the note when it is a bound for an unknown."""

    value: float | None
    note: str = ""


def _bounded(raw: Any, bound: Any, what: str) -> _Count:
    number = as_number(raw)
    if number is UNKNOWN:
        if bound is None:
            raise _UnpriceableError(f"{what} unknown at preview, and no enforced rule caps it")
        return _Count(
            float(bound.value), f"{what} unknown at preview: priced at {bound.source}={bound.value}"
        )
    return _Count(None if number is None else float(number))


_FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


def _named_provider(value: Any, provider: Node) -> bool:
    """A literal strategy entry naming this capacity provider."""
    name = provider.get("name")
    return isinstance(value, dict) and isinstance(name, str) and value.get("capacityProvider") == name


def ec2_providers(service: Node, graph: StackGraph) -> list[Node]:
    """The EC2-backed capacity providers (aws.ecs.CapacityProvider) the service's strategy names."""
    return graph.targets(service, "capacityProviderStrategies", [t.ECS_CAPACITY_PROVIDER], _named_provider)


def _strategy(
    service: Node, notes: list[str], upper: list[bool], ec2: list[Node] | None = None
) -> list[_Strategy]:
    read = Reader()
    strategy: list[_Strategy] = []
    entries = read.items_of(service.props, "capacityProviderStrategies")
    providers = ec2 or []
    known_names = {p.get("name") for p in providers if isinstance(p.get("name"), str)}

    def unmatched(entry: Any) -> bool:
        """An entry naming no capacity provider by a name the stack knows: unknown at preview (an
        auto-named provider on a first preview), or a name the provider's props don't carry."""
        if entry is UNKNOWN:
            return False
        name = read.get(entry, "capacityProvider")
        return name is UNKNOWN or (isinstance(name, str) and name not in (*_FARGATE_PROVIDERS, *known_names))

    # The capacity providers the strategy depends on whose name matches no entry stand for the
    # unmatched entries, in order (when there are enough of them to go round).
    named = {read.get(e, "capacityProvider") for e in entries if e is not UNKNOWN}
    unnamed = [p.urn for p in providers if not (isinstance(p.get("name"), str) and p.get("name") in named)]
    by_dependency = sum(unmatched(e) for e in entries) <= len(unnamed)
    for index, entry in enumerate(entries):
        provider = UNKNOWN if entry is UNKNOWN else read.get(entry, "capacityProvider")
        weight = UNKNOWN if entry is UNKNOWN else as_number(read.get(entry, "weight", default=0))
        base = UNKNOWN if entry is UNKNOWN else as_number(read.get(entry, "base", default=0))
        if unmatched(entry) and by_dependency and unnamed:
            provider = unnamed.pop(0)
            weight = 1.0 if weight is UNKNOWN else weight
            base = 0.0 if base is UNKNOWN else base
        if UNKNOWN in (provider, weight, base):
            # On-demand FARGATE is the dearest a Fargate task can run; EC2-backed hosts are priced apart.
            notes.append(f"capacityProviderStrategies[{index}] unknown at preview: priced as on-demand")
            upper.append(True)
            strategy.append(_Strategy("FARGATE", 1.0, 0.0))
            continue
        strategy.append(_Strategy(str(provider), float(weight or 0), float(base or 0)))
    if read.unknown_paths and not strategy:
        notes.append("capacityProviderStrategies unknown at preview: priced as on-demand")
        upper.append(True)
        strategy.append(_Strategy("FARGATE", 1.0, 0.0))
    return strategy


def _task_definition(service: Node, pricing: Pricing) -> Node:
    graph = pricing.graph
    found = graph.targets(service, "taskDefinition", [t.ECS_TASK_DEFINITION], _family_match)
    if not found:
        reference = service.get("taskDefinition")
        shown = "unknown at preview" if reference is UNKNOWN else repr(reference)
        raise _UnpriceableError(f"its task definition ({shown}) is not in the stack")
    return found[0]


def _size(definition: Node, pricing: Pricing, notes: list[str], upper: list[bool]) -> tuple[float, float]:
    read = Reader()
    cpu_raw, memory_raw = read.get(definition.props, "cpu"), read.get(definition.props, "memory")
    cpu, memory = parse_cpu_units(cpu_raw), parse_memory_mib(memory_raw)
    for raw, value, bound, what in (
        (cpu_raw, cpu, pricing.bounds.task_cpu, "task cpu"),
        (memory_raw, memory, pricing.bounds.task_memory, "task memory"),
    ):
        if raw is UNKNOWN:
            if bound is None:
                raise _UnpriceableError(f"{what} unknown at preview, and no enforced rule caps it")
            notes.append(f"{what} unknown at preview: priced at {bound.source}={bound.value}")
            upper.append(True)
        elif value is None:
            raise _UnpriceableError(f"{what} missing on its task definition")
    if cpu_raw is UNKNOWN:
        cpu = float(pricing.bounds.task_cpu.value)  # type: ignore[union-attr]
    if memory_raw is UNKNOWN:
        memory = float(pricing.bounds.task_memory.value)  # type: ignore[union-attr]
    return float(cpu), float(memory)  # type: ignore[arg-type]


def _architecture(definition: Node, notes: list[str]) -> str:
    read = Reader()
    platform = read.get(definition.props, "runtimePlatform", default={}) or {}
    arch_value = read.get(platform, "cpuArchitecture") if platform is not UNKNOWN else UNKNOWN
    os_family = read.get(platform, "operatingSystemFamily") if platform is not UNKNOWN else None
    if isinstance(os_family, str) and os_family.upper().startswith("WINDOWS"):
        raise _UnpriceableError("Windows tasks carry an OS license fee not in the price table")
    if arch_value is UNKNOWN:
        # x86 costs more than ARM: the safe side of an unknown.
        notes.append("architecture unknown at preview: priced as x86")
        return "x86"
    return "arm64" if str(arch_value or "X86_64").upper() == "ARM64" else "x86"


def _scaling(service: Node, pricing: Pricing) -> tuple[Node | None, list[Scheduled], list[str]]:
    """The service's scalable target and the scheduled changes to its min/max capacity."""
    graph = pricing.graph
    targets = [
        target
        for target in graph.referrers(service, [t.SCALABLE_TARGET], "resourceId", _service_id_match)
        if target.get("scalableDimension") in (_DESIRED, UNKNOWN)
    ]
    if not targets:
        return None, [], []
    target = targets[0]
    actions = {
        a.urn: a
        for a in [
            *graph.referrers(target, [t.SCHEDULED_ACTION], "resourceId", _same_resource_id),
            *graph.referrers(service, [t.SCHEDULED_ACTION], "resourceId", _service_id_match),
        ]
        if a.get("scalableDimension") in (_DESIRED, UNKNOWN, None)
    }
    read = Reader()
    scheduled = [
        Scheduled(a.name, a.get("schedule"), a.get("timezone"), _capacity_change(a.props, read))
        for a in actions.values()
    ]
    for index, inline in enumerate(read.items_of(target.props, "scheduledActions")):
        if inline is UNKNOWN:
            scheduled.append(
                Scheduled(f"{target.name}.scheduledActions[{index}]", UNKNOWN, None, lambda s: s)
            )
            continue
        name = read.get(inline, "scheduledActionName", default=f"scheduledActions[{index}]")
        scheduled.append(
            Scheduled(
                str(name),
                read.get(inline, "schedule"),
                read.get(inline, "timezone"),
                _capacity_change(inline, read),
            )
        )
    notes = (
        []
        if len(targets) == 1
        else [f"{len(targets)} scalable targets name this service: used {target.name}"]
    )
    return target, scheduled, notes


def _capacity_change(props: Any, read: Reader) -> Callable[[Any], Any]:
    new_min = as_number(read.get(props, "scalableTargetAction", "minCapacity"))
    new_max = as_number(read.get(props, "scalableTargetAction", "maxCapacity"))

    def apply(state: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
        low, high = state
        if new_min not in (None, UNKNOWN):
            low = float(new_min)
        if new_max not in (None, UNKNOWN):
            high = float(new_max)
        return (low, high)

    return apply


def _hosts(provider: str, service: Node, ec2: list[Node], pricing: Pricing) -> str:
    """What carries the cost of tasks on an EC2-backed capacity provider: its Auto Scaling group, in
    the stack (priced on its own). Raises _UnpriceableError when the group can't be found."""
    found = [p for p in ec2 if provider in (p.urn, p.get("name"))]
    if not found:
        raise _UnpriceableError(
            f"capacity provider {provider!r} is neither FARGATE nor an EC2 capacity provider in the stack"
        )
    capacity = found[0]
    if capacity.get("managedInstancesProvider") is not None:
        # The capacity provider itself is reported: ECS Managed Instances have no pricer.
        return f"ECS Managed Instances of {capacity.name} (not priced: see that line)"
    groups = pricing.graph.targets(
        capacity, "autoScalingGroupProvider", [t.AUTOSCALING_GROUP], _group_arn_match
    )
    if not groups:
        raise _UnpriceableError(
            f"capacity provider {capacity.name}: its Auto Scaling group is not in the stack"
        )
    return f"Auto Scaling group {groups[0].name} (capacity provider {capacity.name})"


def _group_arn_match(value: Any, group: Node) -> bool:
    arn = value.get("autoScalingGroupArn") if isinstance(value, dict) else None
    return isinstance(arn, str) and arn in (group.get("arn"), group.get("name"))


@prices(t.ECS_SERVICE)
def price_service(service: Node, pricing: Pricing) -> None:
    launch_type = service.get("launchType")
    if launch_type in ("EC2", "EXTERNAL"):
        pricing.free(service, f"{launch_type} launch type: hosts priced on their own")
        return
    notes: list[str] = []
    upper: list[bool] = []
    ec2 = ec2_providers(service, pricing.graph)
    try:
        strategy = _strategy(service, notes, upper, ec2)
        if not strategy:
            if launch_type is UNKNOWN:
                notes.append("launchType unknown at preview: priced as on-demand")
                upper.append(True)
            elif launch_type is None:
                notes.append("no launch type or strategy: assumed on-demand FARGATE")
            strategy = [_Strategy("FARGATE", 1, 0)]
        hosts = {
            s.provider: _hosts(s.provider, service, ec2, pricing)
            for s in strategy
            if s.provider not in _FARGATE_PROVIDERS
        }
        if len(hosts) == len(strategy):
            # Every task runs on EC2 hosts: the Auto Scaling groups carry the whole cost.
            pricing.item(
                service,
                0.0,
                f"tasks on EC2 capacity, nothing here: {'; '.join(hosts.values())} carries the cost",
            )
            return
        definition = _task_definition(service, pricing)
        cpu, memory = _size(definition, pricing, notes, upper)
        arch = _architecture(definition, notes)
        desired = _bounded(service.get("desiredCount"), pricing.bounds.desired_count, "desiredCount")
        if desired.note:
            notes.append(desired.note)
            upper.append(True)
        target, scheduled, target_notes = _scaling(service, pricing)
        notes.extend(target_notes)
        initial: tuple[float | None, float | None] = (None, None)
        if target is not None:
            low = _bounded(
                target.get("minCapacity"), pricing.bounds.max_count, "the scalable target's minCapacity"
            )
            high = _bounded(
                target.get("maxCapacity"), pricing.bounds.max_count, "the scalable target's maxCapacity"
            )
            for count in (low, high):
                if count.note:
                    notes.append(count.note)
                    upper.append(True)
            initial = (low.value, high.value)
    except _UnpriceableError as missing:
        pricing.unpriced(service, str(missing))
        return

    timeline = events_of(scheduled)
    notes.extend(timeline.problems)
    wanted = float(desired.value or 0.0)

    def tasks(state: tuple[float | None, float | None]) -> float:
        return clamp(wanted, *state)

    if any("schedule unknown" in p for p in timeline.problems):
        # An unknown schedule might keep the service up: price its peak around the clock.
        peak_state = max([initial, *[e.apply(initial) for e in timeline.events]], key=tasks)
        initial, timeline.events = peak_state, []
        upper.append(True)

    vcpu, gb = cpu / 1024, memory / 1024
    hours_by_provider = {
        s.provider: timeline.average(initial, lambda state, p=s.provider: _split(tasks(state), strategy)[p])
        for s in strategy
    }
    suffix = " (schedule)" if timeline.events else ""
    extra = notes_text(notes)
    size = f"{fmt_num(vcpu)} vCPU/{fmt_num(gb)} GB"
    bound = bool(upper)
    for provider, hours in hours_by_provider.items():
        if provider in hosts:
            pricing.item(
                service,
                0.0,
                f"{hours:.1f} task-h/month on EC2 capacity, nothing here: {hosts[provider]} carries the cost",
            )
            continue
        spot = provider == "FARGATE_SPOT"
        prefix = "fargate_spot" if spot else "fargate"
        hourly = vcpu * pricing.rate(f"{prefix}.{arch}.vcpu_hour", service) + gb * pricing.rate(
            f"{prefix}.{arch}.gb_hour", service
        )
        label = "Spot" if spot else "on-demand"
        arch_label = "ARM" if arch == "arm64" else "x86"
        peak = timeline.peak(initial, lambda state, p=provider: _split(tasks(state), strategy)[p])
        hours_label = hours_text(hours) if peak <= 1 else f"up to {peak:g} tasks, {hours:.1f} task-h/month"
        pricing.item(
            service,
            hours * hourly,
            f"{size} {label} {arch_label}, {hours_label}{suffix}{extra}",
            upper_bound=bound,
        )
    # Ephemeral storage over 20 GB and task public IPs are Fargate's: EC2 hosts bill their own.
    task_hours = sum(h for p, h in hours_by_provider.items() if p not in hosts)
    ephemeral = as_number(definition.get("ephemeralStorage", "sizeInGib"))
    if isinstance(ephemeral, int | float) and ephemeral > 20:
        pricing.item(
            service,
            task_hours * (ephemeral - 20) * pricing.rate("fargate.ephemeral_gb_hour", service),
            f"{fmt_num(ephemeral - 20)} GB ephemeral storage over the free 20 GB, {task_hours:.1f} task-h",
            upper_bound=bound,
        )
    public_ip = as_bool(service.get("networkConfiguration", "assignPublicIp"))
    if public_ip is UNKNOWN or public_ip is True:
        note = " (assignPublicIp unknown at preview: assumed on)" if public_ip is UNKNOWN else ""
        pricing.item(
            service,
            task_hours * pricing.rate("ipv4.public_hour", service),
            f"public IPv4 on task ENIs, {task_hours:.1f} address-h/month{suffix}{note}",
            upper_bound=bound or public_ip is UNKNOWN,
        )


@prices(t.ECS_CLUSTER)
def price_cluster(cluster: Node, pricing: Pricing) -> None:
    read = Reader()
    insights = None
    for setting in read.items_of(cluster.props, "settings"):
        if setting is not UNKNOWN and read.get(setting, "name") == "containerInsights":
            insights = read.get(setting, "value")
    if insights in ("enabled", "enhanced"):
        pricing.usage(
            cluster, f"Container Insights {insights}: metrics and performance logs per task (usage)"
        )
    elif insights is UNKNOWN:
        pricing.usage(cluster, "Container Insights unknown at preview: its metrics would be usage-priced")
    else:
        pricing.free(cluster, "ECS cluster: no charge of its own")


@prices(t.ECS_CAPACITY_PROVIDER)
def price_capacity_provider(provider: Node, pricing: Pricing) -> None:
    if provider.get("managedInstancesProvider") not in (None,):
        pricing.unpriced(
            provider,
            "ECS Managed Instances launch EC2 instances the pack can't see: no pricer for them",
            "no-price",
        )
        return
    pricing.free(provider, "capacity provider for an Auto Scaling group (the group is priced)")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:ecs/capacityProvider:CapacityProvider": Inputs(
        reads="managedInstancesProvider name region",
        free="autoScalingGroupProvider cluster tags",
    ),
    "aws:ecs/cluster:Cluster": Inputs(
        reads="name region settings",
        free="configuration serviceConnectDefaults tags",
    ),
    "aws:ecs/service:Service": Inputs(
        reads=(
            "capacityProviderStrategies desiredCount launchType name networkConfiguration region "
            "taskDefinition"
        ),
        free=(
            "alarms availabilityZoneRebalancing cluster deploymentCircuitBreaker "
            "deploymentConfiguration deploymentController deploymentMaximumPercent "
            "deploymentMinimumHealthyPercent enableEcsManagedTags enableExecuteCommand forceDelete "
            "forceNewDeployment healthCheckGracePeriodSeconds iamRole loadBalancers "
            "orderedPlacementStrategies placementConstraints platformVersion propagateTags "
            "schedulingStrategy serviceConnectConfiguration serviceRegistries sigintRollback tags "
            "triggers volumeConfiguration vpcLatticeConfigurations waitForSteadyState"
        ),
    ),
}
