"""EC2: instances (running hours from EventBridge Scheduler stop/start schedules), their public IPv4
and EBS volumes, and Auto Scaling groups (instance-hours from their launch template and schedules).

Links come from the graph: a schedule's `target` (its input carries the instance id), the subnet an
instance launches in (`subnetId`), an Elastic IP on the instance, an ASG's launch template and its
scheduled actions (`autoscalingGroupName`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_bool, as_number, is_unknown
from .core import Inputs, Pricing, fmt_num, hours_text, notes_text, prices
from .ebs import device_numbers, volume_monthly
from .hours import Scheduled, clamp, events_of
from .table import MissingPriceError

_STOP = "ec2:stopinstances"
_START = "ec2:startinstances"
# An instance with no root volume size or type gets the AMI's: 8 GiB gp3 on Amazon Linux 2023.
_DEFAULT_ROOT_GB = 8.0
_DEFAULT_ROOT_TYPE = "gp3"


# Detailed monitoring publishes 7 metrics per instance at 1-minute resolution, billed as custom metrics
# while the instance runs (AWS CloudWatch pricing page, "EC2 detailed monitoring" example: 7 metrics x
# $0.30 = $2.10 an instance-month, checked 2026-12-08) [likely].
_DETAILED_MONITORING_METRICS = 7
# Previous-generation types whose EBS optimization is optional and billed by the hour on top of the
# instance (EC2 User Guide, "Amazon EBS-optimized instance types": previous generation, "Additional
# fee") [sure]; their fees are `ec2.ebs_optimized.<type>` lines, and a type here without one fails closed.
_EBS_OPTIMIZED_FEE_TYPES = frozenset(
    {
        "c1.xlarge",
        "c3.xlarge",
        "c3.2xlarge",
        "c3.4xlarge",
        "g2.2xlarge",
        "i2.xlarge",
        "i2.2xlarge",
        "i2.4xlarge",
        "m1.large",
        "m1.xlarge",
        "m2.2xlarge",
        "m2.4xlarge",
        "m3.xlarge",
        "m3.2xlarge",
        "r3.xlarge",
        "r3.2xlarge",
        "r3.4xlarge",
    }
)


def instance_hourly(instance_type: Any, node: Node, pricing: Pricing) -> float:
    """On-demand Linux price of an instance type (family base x size where AWS's ratios hold).
    Raises MissingPriceError when the table has none."""
    return pricing.sized_rate("ec2", str(instance_type), node)


def _priced(instance_type: str, node: Node, pricing: Pricing) -> bool:
    try:
        instance_hourly(instance_type, node, pricing)
    except MissingPriceError:
        return False
    return True


def _instance_type(node: Node, pricing: Pricing, notes: list[str], upper: list[bool]) -> str | None:
    instance_type = node.get("instanceType")
    if instance_type is UNKNOWN:
        bound = pricing.bounds.instance_types
        allowed = [str(x) for x in (bound.value if bound else ()) if _priced(x, node, pricing)]
        if not allowed:
            pricing.unpriced(node, "instanceType unknown at preview, and no enforced rule limits it")
            return None
        dearest = max(allowed, key=lambda x: instance_hourly(x, node, pricing))
        notes.append(
            f"instanceType unknown at preview: priced as {dearest}, the dearest {bound.source} allows"
        )
        upper.append(True)
        return dearest
    if instance_type is None:
        pricing.unpriced(node, "instanceType is not set")
        return None
    return str(instance_type)


def _schedules(instance: Node, pricing: Pricing) -> list[Scheduled]:
    read = Reader()
    found = []
    for schedule in pricing.graph.referrers(instance, [t.SCHEDULER_SCHEDULE], "target"):
        arn = schedule.get("target", "arn")
        if not isinstance(arn, str) or schedule.get("state", default="ENABLED") == "DISABLED":
            continue
        lowered = arn.lower()
        if _START in lowered or _STOP in lowered:
            running = _START in lowered
            found.append(
                Scheduled(
                    schedule.name,
                    read.get(schedule.props, "scheduleExpression"),
                    read.get(schedule.props, "scheduleExpressionTimezone"),
                    lambda _state, running=running: running,
                )
            )
    return found


def subnets_map_public(
    node: Node, pricing: Pricing, prop: str, *, missing: str, which: str, has: str = ""
) -> tuple[bool, str]:
    """Do the stack's subnets that `node` names in `prop` auto-assign public IPv4 (mapPublicIpOnLaunch),
    and why the estimate thinks so; subnets outside the stack are assumed to, as default subnets do.
    `missing`, `which` and `has` word the reason for the caller."""
    subnets = pricing.graph.targets(node, prop, [t.SUBNET], same_value("id"))
    if not subnets:
        return True, f"{missing} not in the stack: assumed to map public IPs (as default subnets do)"
    mapped = [as_bool(s.get("mapPublicIpOnLaunch")) for s in subnets]
    if True in mapped:
        return True, f"{has}{which} has mapPublicIpOnLaunch"
    if UNKNOWN in mapped:
        return True, f"{which}'s mapPublicIpOnLaunch is unknown at preview: assumed on"
    return False, ""


def _public_ip(instance: Node, pricing: Pricing, template: Node | None = None) -> tuple[bool, str]:
    """Does the instance get an auto-assigned public IPv4, and why the estimate thinks so."""
    explicit = as_bool(instance.get("associatePublicIpAddress"))
    if explicit is None and template is not None:
        read = Reader()
        explicit = next(
            (
                as_bool(read.get(interface, "associatePublicIpAddress"))
                for interface in read.items_of(template.props, "networkInterfaces")
                if interface is not UNKNOWN and read.get(interface, "associatePublicIpAddress") is not None
            ),
            None,
        )
    if explicit is True:
        return True, ""
    if explicit is False:
        return False, ""
    if explicit is UNKNOWN:
        return True, "associatePublicIpAddress unknown at preview: assumed on"
    subnet_id = instance.get("subnetId")
    if subnet_id is None:
        return True, "no subnetId: launched in the default VPC, whose subnets map public IPs"
    return subnets_map_public(
        instance, pricing, "subnetId", missing="its subnet is", which="its subnet", has="auto-assigned: "
    )


def _has_elastic_ip(instance: Node, pricing: Pricing) -> bool:
    """An Elastic IP on the instance replaces its auto-assigned address (and is priced on its own)."""
    graph = pricing.graph
    return bool(
        graph.referrers(instance, [t.EIP], "instance")
        or graph.referrers(instance, [t.EIP_ASSOCIATION], "instanceId")
    )


def _extras(
    node: Node,
    pricing: Pricing,
    instance_type: str,
    hours: float,
    label: str,
    *,
    monitoring: Any,
    ebs_optimized: Any,
    upper: bool,
) -> None:
    """What an instance adds on top of its hourly rate while it runs: detailed monitoring (its 7
    metrics) and, on the previous-generation types that bill it, the EBS-optimized hourly fee."""
    monitoring, ebs_optimized = as_bool(monitoring), as_bool(ebs_optimized)
    if monitoring is UNKNOWN or ebs_optimized is UNKNOWN:
        pricing.unpriced(node, "detailed monitoring or ebsOptimized unknown at preview")
        return
    if monitoring:
        metrics = _DETAILED_MONITORING_METRICS * hours / HOURS_PER_MONTH
        key = "cloudwatch.metric_month"
        pricing.item(
            node,
            metrics * pricing.rate(key, node),
            f"EC2 detailed monitoring of the {label}: {_DETAILED_MONITORING_METRICS} custom metrics per "
            f"instance while it runs, {hours:.1f} h/month",
            upper_bound=upper,
            key=key,
            units=metrics,
        )
    if ebs_optimized and instance_type.lower() in _EBS_OPTIMIZED_FEE_TYPES:
        try:
            fee = pricing.rate(f"ec2.ebs_optimized.{instance_type.lower()}", node)
        except MissingPriceError as missing:
            pricing.unpriced(node, f"the EBS-optimized hourly fee of {instance_type}: {missing}", "no-price")
            return
        pricing.item(
            node,
            hours * fee,
            f"EBS-optimized fee of the {label} ({instance_type}), {hours:.1f} h/month",
            upper_bound=upper,
        )


def _device_monthly(
    node: Node, pricing: Pricing, what: str, device: Any, *, default_type: str, size_required: bool
) -> tuple[float, str, list[str]] | None:
    """A block device's monthly price, what it is made of and what was assumed; None once it is
    reported unpriced (a required size unknown, or a volume type with no price)."""
    size, volume_type, iops, throughput = device_numbers(device)
    assumed: list[str] = []
    if size in (None, UNKNOWN):
        if size_required:
            pricing.unpriced(node, f"{what} size unknown (a snapshot-sized volume is priced after apply)")
            return None
        size = _DEFAULT_ROOT_GB
        assumed.append(f"size not set: assumed the AMI's {fmt_num(size)} GB")
    if volume_type in (None, UNKNOWN):
        volume_type = default_type
        assumed.append(f"type not set: assumed {volume_type}")
    try:
        monthly, made_of = volume_monthly(
            pricing,
            node,
            str(volume_type),
            float(size),
            None if iops is UNKNOWN else iops,
            None if throughput is UNKNOWN else throughput,
        )
    except MissingPriceError:
        pricing.unpriced(node, f"{what} type {volume_type} is not in the price table", "no-price")
        return None
    return monthly, made_of, assumed


def _volumes(node: Node, pricing: Pricing, role: str) -> None:
    """The root volume and extra EBS block devices, billed even while the instance is stopped."""
    read = Reader()
    root = read.get(node.props, "rootBlockDevice", default={}) or {}
    devices: list[tuple[str, Any]] = [("root volume", root if root is not UNKNOWN else UNKNOWN)]
    for index, device in enumerate(read.items_of(node.props, "ebsBlockDevices")):
        devices.append((f"ebsBlockDevices[{index}]", device))
    for what, device in devices:
        root = what == "root volume"
        priced = _device_monthly(
            node,
            pricing,
            what,
            device,
            default_type=_DEFAULT_ROOT_TYPE if root else "gp2",
            size_required=not root,
        )
        if priced is None:
            continue
        monthly, made_of, assumed = priced
        pricing.item(
            node, monthly, f"{made_of} {what} of the {role}, billed even when stopped{notes_text(assumed)}"
        )


@prices(t.EC2_INSTANCE, t.SPOT_INSTANCE_REQUEST)
def price_instance(instance: Node, pricing: Pricing) -> None:
    """An instance, or a Spot request for one (priced at on-demand: an upper bound, Spot floats)."""
    notes: list[str] = []
    upper: list[bool] = []
    if instance.kind == t.SPOT_INSTANCE_REQUEST:
        notes.append("Spot request priced at on-demand: an upper bound")
        upper.append(True)
    template = _instance_template(instance, pricing)
    if template is False:
        return
    # The instance's own settings win over its launch template's (as RunInstances applies them).
    typed = instance if template is None or instance.get("instanceType") is not None else template
    instance_type = _instance_type(typed, pricing, notes, upper)
    if instance_type is None:
        if typed is not instance:
            pricing.unpriced(
                instance, f"neither it nor its launch template {template.name} sets instanceType"
            )
        return
    if typed is not instance:
        notes.append(f"instance type from launch template {template.name}")
    try:
        hourly = instance_hourly(instance_type, instance, pricing)
    except MissingPriceError:
        pricing.unpriced(instance, f"instance type {instance_type} is not in the price table", "no-price")
        return
    is_nat = as_bool(instance.get("sourceDestCheck")) is False
    role = "NAT instance" if is_nat else "instance"
    timeline = events_of(_schedules(instance, pricing))
    problems = timeline.problems
    hours = timeline.average(True, lambda running: 1.0 if running else 0.0)
    suffix = " (stopped on a schedule)" if timeline.events else ""
    bound = bool(upper)
    pricing.item(
        instance,
        hours * hourly,
        f"{instance_type} {role}, {hours_text(hours)}{suffix}{notes_text([*notes, *problems])}",
        upper_bound=bound,
    )
    # Monitoring and EBS optimization: the instance's own setting, else its launch template's.
    monitoring = instance.get("monitoring")
    if monitoring is None:
        monitoring = _template_monitoring(template) if template else False
    ebs_optimized = instance.get("ebsOptimized")
    if ebs_optimized is None:
        ebs_optimized = template.get("ebsOptimized", default=False) if template else False
    _extras(
        instance,
        pricing,
        instance_type,
        hours,
        role,
        monitoring=monitoring,
        ebs_optimized=ebs_optimized,
        upper=bound,
    )
    public, ip_note = _public_ip(instance, pricing, template)
    if public and not _has_elastic_ip(instance, pricing):
        # An address only assumed (its subnet can't be seen) is the safe side of the unknown: "at most".
        assumed = "assumed" in ip_note
        pricing.item(
            instance,
            hours * pricing.rate("ipv4.public_hour", instance),
            f"public IPv4 of the {role} (released while stopped), {hours_text(hours)}{notes_text([ip_note])}",
            upper_bound=bound or assumed,
        )
    own = instance.get("rootBlockDevice") is not None or instance.get("ebsBlockDevices") is not None
    if template is not None and not own:
        _template_volumes(template, instance, pricing, HOURS_PER_MONTH, role, bound)
    else:
        _volumes(instance, pricing, role)


def _instance_template(instance: Node, pricing: Pricing) -> Node | bool | None:
    """The launch template an instance names (None: it names none); False once the instance is
    reported unpriced because it needs the template (no instanceType of its own) and it isn't there."""
    reference = instance.get("launchTemplate")
    if reference is None:
        return None
    template = _template_by_reference(instance, "launchTemplate", reference, pricing)
    if template is None and instance.get("instanceType") is None:
        pricing.unpriced(instance, "its instance type comes from a launch template that is not in the stack")
        return False
    return template


@dataclass(frozen=True)
class _Template:
    """What launches the instances: a launch template or configuration, and the types it may run."""

    node: Node
    instance_types: tuple[str, ...]  # more than one: mixed-instances overrides or fleet overrides
    note: str = ""


def _template_by_reference(source: Node, prop: str, reference: Any, pricing: Pricing) -> Node | None:
    """The launch template a `{id|name|launchTemplateId|launchTemplateName}` reference names."""
    found = pricing.graph.targets(source, prop, [t.LAUNCH_TEMPLATE], same_value("id", "name"))
    if found:
        return found[0]
    if isinstance(reference, dict):
        for key, theirs in (
            ("id", "id"),
            ("name", "name"),
            ("launchTemplateId", "id"),
            ("launchTemplateName", "name"),
        ):
            wanted = reference.get(key)
            for template in pricing.graph.of(t.LAUNCH_TEMPLATE):
                if wanted not in (None, UNKNOWN) and template.get(theirs) == wanted:
                    return template
    return None


def _override_types(overrides: Any, read: Reader) -> list[Any]:
    return [read.get(o, "instanceType") for o in read.items(overrides, "overrides") if o is not UNKNOWN]


def _group_template(group: Node, pricing: Pricing) -> _Template | None:
    read = Reader()
    mixed = group.get("mixedInstancesPolicy")
    if isinstance(mixed, dict):
        spec = read.get(mixed, "launchTemplate", "launchTemplateSpecification")
        template = _template_by_reference(group, "mixedInstancesPolicy", spec, pricing)
        if template is None:
            return None
        types = [x for x in _override_types(read.get(mixed, "launchTemplate", "overrides"), read) if x]
        if not types:
            types = [template.get("instanceType")]
        note = "mixed instances: priced at on-demand for the dearest type (Spot costs less: an upper bound)"
        return _Template(template, tuple(types), note)
    if group.get("launchConfiguration") is not None:
        found = pricing.graph.targets(
            group, "launchConfiguration", [t.LAUNCH_CONFIGURATION], same_value("name")
        )
        return _Template(found[0], (found[0].get("instanceType"),)) if found else None
    template = _template_by_reference(group, "launchTemplate", group.get("launchTemplate"), pricing)
    return _Template(template, (template.get("instanceType"),)) if template else None


def _dearest(
    template: _Template, node: Node, pricing: Pricing, notes: list[str], upper: list[bool]
) -> str | None:
    """The instance type to price: the only one, or the dearest of several (an upper bound)."""
    candidates: list[str] = []
    for instance_type in template.instance_types:
        if instance_type is UNKNOWN:
            bounded = _instance_type(template.node, pricing, notes, upper)
            if bounded is None:
                return None
            candidates.append(bounded)
        elif instance_type is None:
            pricing.unpriced(node, "its launch template or configuration sets no instanceType")
            return None
        else:
            candidates.append(str(instance_type))
    try:
        dearest = max(candidates, key=lambda x: instance_hourly(x, node, pricing))
    except MissingPriceError as missing:
        pricing.unpriced(
            node, f"an instance type it may launch is not in the price table ({missing})", "no-price"
        )
        return None
    if len(set(candidates)) > 1 or template.note:
        notes.append(
            template.note or f"priced as {dearest}, the dearest of {', '.join(sorted(set(candidates)))}"
        )
        upper.append(True)
    return dearest


def _template_monitoring(template: Node) -> Any:
    """Detailed monitoring of the instances a template launches: a launch configuration's
    `enableMonitoring` defaults to on (CreateLaunchConfiguration's InstanceMonitoring: "Default: true");
    a launch template's `monitoring.enabled` and a Spot Fleet launch specification's `monitoring` to
    off (EC2 API reference) [sure]."""
    if template.kind == t.LAUNCH_CONFIGURATION:
        return template.get("enableMonitoring", default=True)
    monitoring = template.get("monitoring", default=False)
    if isinstance(monitoring, dict):
        return Reader().get(monitoring, "enabled", default=False)
    return monitoring


def _template_volumes(
    template: Node, node: Node, pricing: Pricing, hours: float, label: str, upper: bool
) -> None:
    """EBS volumes each launched instance gets, billed while it exists (a terminated instance takes them)."""
    read = Reader()
    mappings = read.items_of(template.props, "blockDeviceMappings")
    devices: list[tuple[str, Any]] = []
    for mapping in mappings:
        if mapping is UNKNOWN:
            devices.append(("blockDeviceMappings", UNKNOWN))
        elif isinstance(mapping, dict) and isinstance(mapping.get("ebs"), dict):
            devices.append((str(mapping.get("deviceName") or "volume"), mapping["ebs"]))
    if template.kind == t.LAUNCH_CONFIGURATION:
        devices = [("root volume", template.get("rootBlockDevice") or {})]
        devices += [("ebsBlockDevices", d) for d in read.items_of(template.props, "ebsBlockDevices")]
    if not devices:
        devices = [("root volume", {})]
    for what, device in devices:
        priced = _device_monthly(
            node, pricing, what, device, default_type=_DEFAULT_ROOT_TYPE, size_required=False
        )
        if priced is None:
            continue
        monthly, made_of, assumed = priced
        pricing.item(
            node,
            monthly * hours / HOURS_PER_MONTH,
            f"{made_of} EBS ({what}) per {label} while it exists, {hours:.1f} h/month{notes_text(assumed)}",
            upper_bound=upper,
        )


def _price_instances(
    node: Node,
    pricing: Pricing,
    template: _Template,
    hours: float,
    label: str,
    notes: list[str],
    upper: list[bool],
    suffix: str = "",
) -> None:
    """Compute, public IPv4 and volumes of `hours` instance-hours launched from `template`."""
    instance_type = _dearest(template, node, pricing, notes, upper)
    if instance_type is None:
        return
    bound = bool(upper)
    pricing.item(
        node,
        hours * instance_hourly(instance_type, node, pricing),
        f"{instance_type} {label}s, {hours:.1f} instance-h/month{suffix}{notes_text(notes)}",
        upper_bound=bound,
    )
    _extras(
        node,
        pricing,
        instance_type,
        hours,
        label,
        monitoring=_template_monitoring(template.node),
        ebs_optimized=template.node.get("ebsOptimized", default=False),
        upper=bound,
    )
    read = Reader()
    public = as_bool(template.node.get("associatePublicIpAddress")) is True or any(
        interface is not UNKNOWN and as_bool(read.get(interface, "associatePublicIpAddress")) is True
        for interface in read.items_of(template.node.props, "networkInterfaces")
    )
    if public:
        pricing.item(
            node,
            hours * pricing.rate("ipv4.public_hour", node),
            f"public IPv4 per {label}, {hours:.1f} address-h/month",
            upper_bound=bound,
        )
    _template_volumes(template.node, node, pricing, hours, label, bound)


@prices(t.AUTOSCALING_GROUP)
def price_auto_scaling_group(group: Node, pricing: Pricing) -> None:
    """Instances of an EC2 Auto Scaling group (e.g. a NAT instance as an ASG of 0/1 on a schedule),
    from its launch template, launch configuration or mixed-instances policy."""
    template = _group_template(group, pricing)
    if template is None:
        pricing.unpriced(group, "its launch template or configuration is not in the stack")
        return
    numbers = [as_number(group.get(k)) for k in ("desiredCapacity", "minSize", "maxSize")]
    if UNKNOWN in numbers:
        pricing.unpriced(group, "desiredCapacity, minSize or maxSize unknown at preview")
        return
    desired, low, high = (None if n is None else float(n) for n in numbers)
    schedules = pricing.graph.referrers(
        group, [t.AUTOSCALING_SCHEDULE], "autoscalingGroupName", same_value("name")
    )

    def apply_for(schedule: Node) -> Callable[[Any], Any]:
        changes = [as_number(schedule.get(k)) for k in ("desiredCapacity", "minSize", "maxSize")]

        def apply(state: tuple[float | None, ...]) -> tuple[float | None, ...]:
            # -1 (or unset) leaves a value as it is, as the AWS API does.
            return tuple(
                old if new in (None, UNKNOWN) or new < 0 else float(new)
                for old, new in zip(state, changes, strict=True)
            )

        return apply

    scheduled = [Scheduled(s.name, s.get("recurrence"), s.get("timeZone"), apply_for(s)) for s in schedules]
    timeline = events_of(scheduled, unix=True)

    def running(state: tuple[float | None, ...]) -> float:
        want, least, most = state
        return clamp(want if want is not None else (least or 0.0), least, most)

    hours = timeline.average((desired, low, high), running)
    events, problems = timeline.events, timeline.problems
    _price_instances(
        group,
        pricing,
        template,
        hours,
        "instance of an Auto Scaling group",
        list(problems),
        [],
        " (schedule)" if events else "",
    )


@prices(t.EC2_FLEET, t.SPOT_FLEET_REQUEST)
def price_fleet(fleet: Node, pricing: Pricing) -> None:
    """An EC2 Fleet or Spot Fleet kept at its target capacity, priced at on-demand (an upper bound:
    Spot costs less, by a margin that floats). A one-shot fleet ("request", "instant") is priced as
    long-running too: it launches the instances, which run until stopped."""
    read = Reader()
    if fleet.kind == t.EC2_FLEET:
        capacity = as_number(fleet.get("targetCapacitySpecification", "totalTargetCapacity"))
        configs = read.items_of(fleet.props, "launchTemplateConfigs")
        prop = "launchTemplateConfigs"
    else:
        capacity = as_number(fleet.get("targetCapacity"))
        configs = read.items_of(fleet.props, "launchTemplateConfigs")
        prop = "launchTemplateConfigs"
        specs = read.items_of(fleet.props, "launchSpecifications")
        if specs and not configs:
            types = tuple(read.get(spec, "instanceType") for spec in specs if spec is not UNKNOWN)
            template = _Template(Node(fleet.urn + "#spec", t.LAUNCH_TEMPLATE, fleet.name, specs[0]), types)
            _price_fleet_capacity(fleet, pricing, capacity, template)
            return
    template_node: Node | None = None
    types: list[Any] = []
    for config in configs:
        if config is UNKNOWN:
            continue
        spec = read.get(config, "launchTemplateSpecification")
        template_node = template_node or _template_by_reference(fleet, prop, spec, pricing)
        types += [x for x in _override_types(read.get(config, "overrides"), read) if x]
    if template_node is None:
        pricing.unpriced(fleet, "its launch template is not in the stack")
        return
    template = _Template(template_node, tuple(types) or (template_node.get("instanceType"),))
    _price_fleet_capacity(fleet, pricing, capacity, template)


def _price_fleet_capacity(fleet: Node, pricing: Pricing, capacity: Any, template: _Template) -> None:
    if capacity in (None, UNKNOWN):
        pricing.unpriced(fleet, "its target capacity is unknown at preview")
        return
    notes = ["Spot/fleet capacity priced at on-demand: an upper bound"]
    hours = float(capacity) * HOURS_PER_MONTH
    _price_instances(fleet, pricing, template, hours, "fleet instance", notes, [True])


@prices(t.CAPACITY_RESERVATION)
def price_capacity_reservation(reservation: Node, pricing: Pricing) -> None:
    """An On-Demand Capacity Reservation bills its instances' on-demand rate, used or not."""
    count = as_number(reservation.get("instanceCount"))
    instance_type = reservation.get("instanceType")
    if UNKNOWN in (count, instance_type) or count is None or instance_type is None:
        pricing.unpriced(reservation, "instanceType or instanceCount unknown at preview")
        return
    hourly = instance_hourly(instance_type, reservation, pricing)
    pricing.item(
        reservation,
        float(count) * hourly * HOURS_PER_MONTH,
        f"{fmt_num(float(count))} x {instance_type} reserved capacity, 730 h/month, used or not",
    )


@prices(t.EC2_DEDICATED_HOST)
def price_dedicated_host(host: Node, pricing: Pricing) -> None:
    """A Dedicated Host bills its family's host-hour from allocation, whatever runs on it."""
    family = host.get("instanceFamily")
    instance_type = host.get("instanceType")
    if family is None and isinstance(instance_type, str):
        family = instance_type.partition(".")[0]
    if family is None or is_unknown(family) or is_unknown(instance_type):
        pricing.unpriced(host, "instanceFamily or instanceType unknown at preview")
        return
    family = str(family).lower()
    hourly = pricing.rate(f"ec2_dedicated_host.{family}_hour", host)
    pricing.item(host, hourly * HOURS_PER_MONTH, f"{family} Dedicated Host, 730 h/month, used or not")


# What price_instance reads, for an instance and a spot instance request alike (one pricer serves both).
_INSTANCE_READS = (
    "associatePublicIpAddress ebsBlockDevices ebsOptimized instanceType launchTemplate monitoring "
    "networkInterfaces region rootBlockDevice sourceDestCheck subnetId"
)

# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    # Not priced themselves: the group or fleet that launches from them is.
    "aws:ec2/launchTemplate:LaunchTemplate": Inputs(
        reads="blockDeviceMappings ebsOptimized instanceType monitoring name networkInterfaces region",
        free=(
            "capacityReservationSpecification cpuOptions creditSpecification defaultVersion description "
            "disableApiStop disableApiTermination enclaveOptions hibernationOptions iamInstanceProfile "
            "imageId instanceInitiatedShutdownBehavior instanceMarketOptions kernelId keyName "
            "licenseSpecifications maintenanceOptions metadataOptions namePrefix networkPerformanceOptions "
            "privateDnsNameOptions ramDiskId securityGroupNames tagSpecifications tags "
            "updateDefaultVersion userData vpcSecurityGroupIds"
        ),
        unread={
            "instanceRequirements": "attribute-based selection sets no instanceType: the group fails closed",
            "placement": "dedicated tenancy bills a higher instance rate",
            "secondaryInterfaces": "not checked: whether extra interfaces add public IPv4 addresses",
        },
    ),
    "aws:ec2/launchConfiguration:LaunchConfiguration": Inputs(
        reads=(
            "associatePublicIpAddress ebsBlockDevices ebsOptimized enableMonitoring instanceType name "
            "region rootBlockDevice"
        ),
        free="ephemeralBlockDevices iamInstanceProfile imageId keyName metadataOptions namePrefix "
        "securityGroups spotPrice userData userDataBase64",
        unread={"placementTenancy": "dedicated tenancy bills a higher instance rate"},
    ),
    "aws:autoscaling/group:Group": Inputs(
        reads=(
            "desiredCapacity launchConfiguration launchTemplate maxSize minSize mixedInstancesPolicy name "
            "region"
        ),
        free=(
            "availabilityZoneDistribution availabilityZones capacityRebalance "
            "capacityReservationSpecification context defaultCooldown defaultInstanceWarmup "
            "desiredCapacityType enabledMetrics forceDelete forceDeleteWarmPool healthCheckGracePeriod "
            "healthCheckType ignoreFailedScalingActivities initialLifecycleHooks instanceLifecyclePolicy "
            "instanceMaintenancePolicy instanceRefresh loadBalancers maxInstanceLifetime "
            "metricsGranularity minElbCapacity namePrefix placementGroup protectFromScaleIn "
            "serviceLinkedRoleArn suspendedProcesses tags targetGroupArns terminationPolicies "
            "trafficSources vpcZoneIdentifiers waitForCapacityTimeout waitForElbCapacity"
        ),
        unread={
            "warmPool": "a warm pool keeps extra instances (stopped: their EBS) beyond desired capacity",
        },
    ),
    "aws:ec2/capacityReservation:CapacityReservation": Inputs(
        reads="instanceCount instanceType region",
        free=(
            "availabilityZone endDate endDateType ephemeralStorage instanceMatchCriteria "
            "instancePlatform outpostArn placementGroupArn tags"
        ),
        unread={
            "tenancy": "a dedicated reservation bills the dedicated instance rate",
            "ebsOptimized": "the EBS-optimized fee of previous-generation types is not added to reservations",
        },
    ),
    "aws:ec2/dedicatedHost:DedicatedHost": Inputs(
        reads="instanceFamily instanceType region",
        free="assetId autoPlacement availabilityZone hostRecovery outpostArn tags",
    ),
    "aws:ec2/fleet:Fleet": Inputs(
        reads="launchTemplateConfigs region targetCapacitySpecification",
        free=(
            "context excessCapacityTerminationPolicy fleetInstanceSets fleetState fulfilledCapacity "
            "fulfilledOnDemandCapacity onDemandOptions replaceUnhealthyInstances spotOptions tags "
            "terminateInstances terminateInstancesWithExpiration type validFrom validUntil"
        ),
    ),
    "aws:ec2/instance:Instance": Inputs(
        reads=_INSTANCE_READS,
        free=(
            "ami availabilityZone capacityReservationSpecification cpuOptions creditSpecification "
            "disableApiStop disableApiTermination enablePrimaryIpv6 enclaveOptions ephemeralBlockDevices "
            "forceDestroy getPasswordData hibernation hostId hostResourceGroupArn iamInstanceProfile "
            "instanceInitiatedShutdownBehavior instanceMarketOptions ipv6AddressCount ipv6Addresses "
            "keyName maintenanceOptions metadataOptions placementGroup placementGroupId "
            "placementPartitionNumber primaryNetworkInterface privateDnsNameOptions privateIp "
            "secondaryNetworkInterfaces secondaryPrivateIps securityGroups tags userData userDataBase64 "
            "userDataReplaceOnChange volumeTags vpcSecurityGroupIds"
        ),
        unread={
            "tenancy": "dedicated tenancy bills a higher instance rate (and a per-region fee)",
        },
    ),
    "aws:ec2/spotFleetRequest:SpotFleetRequest": Inputs(
        reads="launchSpecifications launchTemplateConfigs region targetCapacity",
        free=(
            "allocationStrategy context excessCapacityTerminationPolicy fleetType iamFleetRole "
            "instanceInterruptionBehaviour instancePoolsToUseCount loadBalancers "
            "onDemandAllocationStrategy onDemandMaxTotalPrice onDemandTargetCapacity "
            "replaceUnhealthyInstances spotMaintenanceStrategies spotPrice tags targetCapacityUnitType "
            "targetGroupArns terminateInstancesOnDelete terminateInstancesWithExpiration validFrom "
            "validUntil waitForFulfillment"
        ),
    ),
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": Inputs(
        reads=_INSTANCE_READS,
        free=(
            "ami availabilityZone capacityReservationSpecification cpuOptions creditSpecification "
            "disableApiStop disableApiTermination enablePrimaryIpv6 enclaveOptions ephemeralBlockDevices "
            "forceDestroy getPasswordData hibernation hostId hostResourceGroupArn iamInstanceProfile "
            "instanceInitiatedShutdownBehavior instanceInterruptionBehavior ipv6AddressCount "
            "ipv6Addresses keyName launchGroup maintenanceOptions metadataOptions placementGroup "
            "placementGroupId placementPartitionNumber privateDnsNameOptions privateIp "
            "secondaryNetworkInterfaces secondaryPrivateIps securityGroups spotPrice spotType tags "
            "userData userDataBase64 userDataReplaceOnChange validFrom validUntil volumeTags "
            "vpcSecurityGroupIds waitForFulfillment"
        ),
        unread={
            "tenancy": "dedicated tenancy bills a higher instance rate",
        },
    ),
}
