"""The cost guardrails: one function per rule, each with its config schema.

Every rule reads camelCase properties through `values.Reader`, so a value unknown at preview never
crashes a rule and never passes silently: the rule finishes every check it can, then reports what it
could not check, either as a violation at the rule's enforcement level (`onUnknown: "violation"`,
fail closed: used where the value is normally a literal from config) or as an advisory (`"advisory"`:
raised as `UnknownValueError`, which the analyzer reports as an advisory "can't run policy during
preview" diagnostic; used where unknowns are normal at a first preview, e.g. documents built from
ARNs). Each rule's schema lets a stack override that choice.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import _NotApplicableError as NotApplicableError
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from .cost_model import PricedResource, estimate, parse_cpu_units, parse_memory_mib
from .values import UNKNOWN, Reader, as_bool, as_number, plain

# --- shared plumbing ------------------------------------------------------------------------------


class PreviewUnknownError(UnknownValueError):
    """Raised at the end of a rule whose remaining checks need values known only after apply.

    The analyzer turns an `UnknownValueError` into an ADVISORY diagnostic carrying `message`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(UNKNOWN_STRING_VALUE, [])
        self.message = message


def on_unknown_schema(default: str) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": ["advisory", "violation"],
        "default": default,
        "description": "A value unknown at preview gives an advisory, or a violation at this rule's level.",
    }


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    kind: str  # "resource" or "stack"
    validate: Callable[..., None]
    properties: Mapping[str, Mapping[str, Any]]
    remediation: str

    def defaults(self) -> dict[str, Any]:
        return {key: spec["default"] for key, spec in self.properties.items() if "default" in spec}

    def policy(self) -> ResourceValidationPolicy | StackValidationPolicy:
        schema = PolicyConfigSchema(properties={k: dict(v) for k, v in self.properties.items()})
        common = {
            "name": self.name,
            "description": self.description,
            "config_schema": schema,
            "remediation_steps": self.remediation,
            "enforcement_level": EnforcementLevel.MANDATORY,
        }
        if self.kind == "stack":
            return StackValidationPolicy(validate=_guarded(self.validate), **common)
        return ResourceValidationPolicy(validate=_guarded(self.validate), **common)


def _guarded(validate: Callable[..., None]) -> Callable[..., None]:
    """A bug in one rule must not take the analyzer (and every other rule) down: report it instead."""

    def run(args: ResourceValidationArgs | StackValidationArgs, report: ReportViolation) -> None:
        try:
            validate(args, report)
        except (UnknownValueError, NotApplicableError):
            raise
        except Exception as error:
            report(f"the rule failed on these properties ({type(error).__name__}: {error}); please report it")

    return run


RULES: dict[str, Rule] = {}

# Lets a stack's policy config say why it sets a rule so (JSON has no comments); not read by any rule.
WHY_SCHEMA = {"type": "string", "description": "Why this stack configures the rule so (documentation only)."}


def rule(
    name: str, description: str, kind: str, properties: Mapping[str, Mapping[str, Any]], remediation: str
):
    """Register a rule function with its schema (plus `why`, a note for config files)."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        documented = {**properties, "why": WHY_SCHEMA}
        RULES[name] = Rule(name, description, kind, function, documented, remediation)
        return function

    return register


def config(args: ResourceValidationArgs | StackValidationArgs, name: str) -> dict[str, Any]:
    """The rule's config: schema defaults overlaid with what the stack's policy config sets."""
    merged = RULES[name].defaults()
    merged.update({k: v for k, v in (args.get_config() or {}).items() if k != "enforcementLevel"})
    return merged


def _int(value: Any) -> int:
    # Policy config arrives through protobuf Struct, where every number is a float.
    return int(float(value))


def finish(
    read: Reader, cfg: Mapping[str, Any], report: ReportViolation, what: str, urn: str | None = None
) -> None:
    """Say what could not be checked, as `onUnknown` chooses; silent only when nothing was unknown."""
    for problem in read.invalid:
        if urn:
            report(problem, urn)
        else:
            report(problem)
    if not read.unknown_paths:
        return
    message = (
        f"cannot be checked at preview: {', '.join(read.unknown_paths)} unknown until apply; "
        f"{what} is not verified"
    )
    if cfg.get("onUnknown") == "violation":
        if urn:
            report(message, urn)
        else:
            report(message)
        return
    raise PreviewUnknownError(message)


def _unknown_links(resources: list[PolicyResource], prop: str, kind: str) -> str:
    """A note for "no X found" messages when some X's link is unknown and the engine sent no dependencies."""
    count = sum(
        1
        for r in resources
        if prop not in r.property_dependencies
        and not r.dependencies
        and Reader().get(r.props, prop) is UNKNOWN
    )
    return f" ({count} {kind} name a {prop} unknown at preview and could not be matched)" if count else ""


def _resources(args: StackValidationArgs, *types: str) -> list[PolicyResource]:
    return [r for r in args.resources if r.resource_type in types]


def _linked(
    source: PolicyResource, target: PolicyResource, prop: str, read: Reader, target_keys: Iterable[str]
) -> bool:
    """Does `source.prop` point at `target`? By the engine's property dependencies when it sent
    them, else equal values when both are known, else plain dependencies. An unknown link is not
    recorded as unknown: an unlinked resource is reported on its own, never passed silently."""
    if prop in source.property_dependencies:
        return any(dep.urn == target.urn for dep in source.property_dependencies[prop])
    value = Reader().get(source.props, prop)
    if value not in (None, UNKNOWN):
        for key in target_keys:
            other = Reader().get(target.props, key)
            if other not in (None, UNKNOWN) and other == value:
                return True
    return any(dep.urn == target.urn for dep in source.dependencies)


# --- no-public-ip ---------------------------------------------------------------------------------

_LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
_INSTANCES = ("aws:ec2/instance:Instance", "aws:ec2/spotInstanceRequest:SpotInstanceRequest")


@rule(
    "no-public-ip",
    "Public IPv4 addresses cost $3.65/month each and expose resources: keep tasks, instances, "
    "load balancers and databases private (a NAT instance's one address is allowed).",
    "stack",
    {
        "maxNatInstances": {
            "type": "integer",
            "minimum": 0,
            "default": 1,
            "description": "NAT instances (sourceDestCheck=false) allowed their one public address.",
        },
        "maxPublicSubnets": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Public subnets allowed besides those holding an allowed NAT instance.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set assignPublicIp=false, associatePublicIpAddress=false, mapPublicIpOnLaunch=false, internal=true, "
    "publiclyAccessible=false; reach the service through API Gateway + a VPC link.",
)
def no_public_ip(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "no-public-ip")
    read = Reader()
    max_nat = _int(cfg["maxNatInstances"])
    nat_instances: list[PolicyResource] = []
    for instance in _resources(args, *_INSTANCES):
        source_dest = as_bool(read.scoped(instance.name).get(instance.props, "sourceDestCheck"))
        public = as_bool(read.scoped(instance.name).get(instance.props, "associatePublicIpAddress"))
        if source_dest is False:
            nat_instances.append(instance)
            if len(nat_instances) > max_nat:
                report(
                    f"{instance.name}: NAT instance {len(nat_instances)}, over maxNatInstances={max_nat}; "
                    "each one pays for a public IPv4 address",
                    instance.urn,
                )
            continue
        if public is True:
            report(f"{instance.name}: EC2 instance with associatePublicIpAddress=true", instance.urn)
    allowed_nat = nat_instances[:max_nat]

    public_subnets = []
    for subnet in _resources(args, "aws:ec2/subnet:Subnet"):
        mapped = as_bool(read.scoped(subnet.name).get(subnet.props, "mapPublicIpOnLaunch"))
        if mapped is True:
            public_subnets.append(subnet)
    unlinked = [
        s
        for s in public_subnets
        if not any(_linked(nat, s, "subnetId", read, ("id",)) for nat in allowed_nat)
    ]
    max_public = _int(cfg["maxPublicSubnets"])
    for subnet in unlinked[max_public:]:
        report(
            f"{subnet.name}: subnet with mapPublicIpOnLaunch=true that holds no allowed NAT instance "
            f"(maxPublicSubnets={max_public})",
            subnet.urn,
        )

    for eip in _resources(args, "aws:ec2/eip:Eip"):
        if any(_linked(eip, nat, "instance", read, ("id",)) for nat in allowed_nat):
            continue
        report(
            f"{eip.name}: Elastic IP ($3.65/month attached or not); a NAT instance can use its "
            "auto-assigned address, released while stopped",
            eip.urn,
        )

    for template in _resources(args, "aws:ec2/launchTemplate:LaunchTemplate"):
        at = read.scoped(template.name)
        for index, interface in enumerate(
            at.items(at.get(template.props, "networkInterfaces"), "networkInterfaces")
        ):
            if interface is UNKNOWN:
                continue
            if (
                as_bool(at.scoped(f"networkInterfaces[{index}]").get(interface, "associatePublicIpAddress"))
                is True
            ):
                report(
                    f"{template.name}: launch template networkInterfaces[{index}] associates a public IP",
                    template.urn,
                )

    for service in _resources(args, "aws:ecs/service:Service"):
        if (
            as_bool(read.scoped(service.name).get(service.props, "networkConfiguration", "assignPublicIp"))
            is True
        ):
            report(
                f"{service.name}: ECS service with assignPublicIp=true (one public IPv4 per task)",
                service.urn,
            )

    for balancer in _resources(args, *_LOAD_BALANCERS):
        internal = as_bool(read.scoped(balancer.name).get(balancer.props, "internal", default=False))
        if internal is False:
            report(f"{balancer.name}: internet-facing load balancer (one public IPv4 per AZ)", balancer.urn)

    for database in _resources(args, "aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"):
        if as_bool(read.scoped(database.name).get(database.props, "publiclyAccessible")) is True:
            report(f"{database.name}: RDS instance with publiclyAccessible=true", database.urn)
    finish(read, cfg, report, "that no public IPv4 address is created")


# --- fargate-spot ---------------------------------------------------------------------------------


@rule(
    "fargate-spot",
    "Fargate services run on Spot (about 70% off) through a capacity provider strategy, never launchType.",
    "resource",
    {
        "minSpotShare": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": 1,
            "description": "Least FARGATE_SPOT share of the strategy's weight.",
        },
        "maxOnDemandBase": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Most tasks a FARGATE (on-demand) base may keep.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Use capacityProviderStrategies with FARGATE_SPOT (and at most a small FARGATE base); remove launchType.",
)
def fargate_spot(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:ecs/service:Service":
        return
    cfg = config(args, "fargate-spot")
    read = Reader()
    launch_type = read.get(args.props, "launchType")
    if launch_type in ("EC2", "EXTERNAL"):
        return
    if launch_type == "FARGATE":
        report(
            "launchType=FARGATE runs every task on-demand; use a capacity provider strategy with FARGATE_SPOT"
        )
        return
    strategy = read.items(read.get(args.props, "capacityProviderStrategies"), "capacityProviderStrategies")
    if not strategy and launch_type is None:
        report(
            "no capacityProviderStrategies: the cluster default decides, and a cluster default alone "
            "does not move an existing service to Spot"
        )
    spot_weight = total_weight = on_demand_base = 0.0
    for index, entry in enumerate(strategy):
        if entry is UNKNOWN:
            continue
        at = read.scoped(f"capacityProviderStrategies[{index}]")
        provider = at.get(entry, "capacityProvider")
        weight = as_number(at.get(entry, "weight", default=0))
        base = as_number(at.get(entry, "base", default=0))
        if UNKNOWN in (provider, weight, base):
            continue
        total_weight += float(weight or 0)
        if provider == "FARGATE_SPOT":
            spot_weight += float(weight or 0)
        else:
            on_demand_base += float(base or 0)
    if strategy and not read.unknown_paths:
        share = spot_weight / total_weight if total_weight else 0.0
        if share < float(cfg["minSpotShare"]):
            report(
                f"FARGATE_SPOT gets {share:.0%} of the strategy's weight, "
                f"below minSpotShare={float(cfg['minSpotShare']):g}"
            )
        if on_demand_base > float(cfg["maxOnDemandBase"]):
            report(
                f"on-demand base of {on_demand_base:g} task(s) is above "
                f"maxOnDemandBase={_int(cfg['maxOnDemandBase'])}"
            )
    finish(read, cfg, report, "the Spot share")


# --- no-nat-gateway, no-load-balancer, no-waf (counted per stack) -------------------------------------


def _count_cap(
    args: StackValidationArgs,
    report: ReportViolation,
    types: tuple[str, ...],
    limit: int,
    what: str,
    why: str,
) -> None:
    found = _resources(args, *types)
    for resource in found[limit:]:
        report(
            f"{resource.name}: {what} number {found.index(resource) + 1}, over the limit of {limit}; {why}",
            resource.urn,
        )


@rule(
    "no-nat-gateway",
    "A NAT gateway costs about $32.85/month per AZ plus $0.045/GB and its address; use the NAT instance.",
    "stack",
    {
        "maxNatGateways": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "NAT gateways allowed.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set egress to nat-instance (about $3 a month on a schedule) or use free gateway endpoints.",
)
def no_nat_gateway(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "no-nat-gateway")
    _count_cap(
        args,
        report,
        ("aws:ec2/natGateway:NatGateway",),
        _int(cfg["maxNatGateways"]),
        "NAT gateway",
        "$0.045/h + $0.045/GB; a t4g.nano NAT instance costs $0.0042/h",
    )


@rule(
    "no-load-balancer",
    "ALBs and NLBs cost about $16.43/month before traffic; API Gateway + Cloud Map is the cheap path.",
    "stack",
    {
        "maxLoadBalancers": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "ALBs/NLBs allowed.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Put an API Gateway HTTP API with a VPC link to the Cloud Map service in front of the tasks.",
)
def no_load_balancer(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "no-load-balancer")
    _count_cap(
        args,
        report,
        (*_LOAD_BALANCERS, "aws:elb/loadBalancer:LoadBalancer"),
        _int(cfg["maxLoadBalancers"]),
        "load balancer",
        "$0.0225/h + LCUs even when idle",
    )


@rule(
    "no-waf",
    "A WAF web ACL costs $5/month plus $1 per rule before any request; throttle at API Gateway instead.",
    "stack",
    {
        "maxWebAcls": {"type": "integer", "minimum": 0, "default": 0, "description": "Web ACLs allowed."},
        "onUnknown": on_unknown_schema("violation"),
    },
    "Use API Gateway stage throttling and CloudFront's free protections.",
)
def no_waf(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "no-waf")
    _count_cap(
        args,
        report,
        ("aws:wafv2/webAcl:WebAcl", "aws:waf/webAcl:WebAcl", "aws:wafregional/webAcl:WebAcl"),
        _int(cfg["maxWebAcls"]),
        "WAF web ACL",
        "$5/month + $1/rule/month",
    )


# --- vpc-endpoint-budget --------------------------------------------------------------------------


@rule(
    "vpc-endpoint-budget",
    "Each interface endpoint costs about $7.30/month per AZ; keep their number per AZ small.",
    "stack",
    {
        "maxInterfaceEndpointsPerAz": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Interface endpoints allowed in any one AZ (gateway endpoints are free).",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Use the NAT instance for egress, and the free S3/DynamoDB gateway endpoints.",
)
def vpc_endpoint_budget(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "vpc-endpoint-budget")
    read = Reader()
    limit = _int(cfg["maxInterfaceEndpointsPerAz"])
    per_az: dict[str, list[str]] = {}
    everywhere: list[str] = []  # endpoints whose AZs can't be resolved: counted in every AZ
    urns: dict[str, str] = {}
    for endpoint in _resources(args, "aws:ec2/vpcEndpoint:VpcEndpoint"):
        kind = read.scoped(endpoint.name).get(endpoint.props, "vpcEndpointType", default="Gateway")
        if kind != "Interface":
            continue
        service = read.scoped(endpoint.name).get(endpoint.props, "serviceName", default=endpoint.name)
        label = f"{endpoint.name} ({service if service is not UNKNOWN else '?'})"
        urns[label] = endpoint.urn
        zones = {
            Reader().get(subnet.props, "availabilityZone")
            for subnet in endpoint.property_dependencies.get("subnetIds", [])
        }
        zones.discard(None)
        if not zones or UNKNOWN in zones:
            everywhere.append(label)
        for zone in zones - {UNKNOWN}:
            per_az.setdefault(str(zone), []).append(label)
    counts = {zone: labels + everywhere for zone, labels in per_az.items()} or (
        {"each AZ": everywhere} if everywhere else {}
    )
    for zone, labels in counts.items():
        if len(labels) > limit:
            report(
                f"{len(labels)} interface endpoints in {zone} (over maxInterfaceEndpointsPerAz={limit}, "
                f"~$7.30/month each per AZ): {', '.join(sorted(set(labels)))}"
            )
    finish(read, cfg, report, "the interface endpoint count")


# --- log-retention --------------------------------------------------------------------------------


@rule(
    "log-retention",
    "Log groups must expire their logs (storage is $0.03/GB-month forever otherwise), within a maximum.",
    "resource",
    {
        "maxRetentionDays": {
            "type": "integer",
            "minimum": 1,
            "default": 30,
            "description": "Longest retention allowed.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set retentionInDays (e.g. 3 in dev, 30 in prod).",
)
def log_retention(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:cloudwatch/logGroup:LogGroup":
        return
    cfg = config(args, "log-retention")
    read = Reader()
    days = as_number(read.get(args.props, "retentionInDays"))
    limit = _int(cfg["maxRetentionDays"])
    if days is None or days == 0:
        report("retentionInDays is not set: logs never expire")
    elif days is not UNKNOWN and days > limit:
        report(f"retentionInDays={days:g} is above maxRetentionDays={limit}")
    finish(read, cfg, report, "log retention")


# --- container-insights-off -----------------------------------------------------------------------


@rule(
    "container-insights-off",
    "Container Insights bills custom metrics and log ingestion per task; keep it off unless it's needed.",
    "resource",
    {
        "requireExplicit": {
            "type": "boolean",
            "default": True,
            "description": "Require containerInsights to be set: when unset the account default applies.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set the cluster setting containerInsights to disabled.",
)
def container_insights_off(args: ResourceValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "container-insights-off")
    read = Reader()
    if args.resource_type == "aws:ecs/accountSettingDefault:AccountSettingDefault":
        name = read.get(args.props, "name")
        value = read.get(args.props, "value")
        if name == "containerInsights" and value in ("enabled", "enhanced"):
            report(f"the account default turns Container Insights {value} for every new cluster")
        finish(read, cfg, report, "the account's Container Insights default")
        return
    if args.resource_type != "aws:ecs/cluster:Cluster":
        return
    value = None
    for index, setting in enumerate(read.items(read.get(args.props, "settings"), "settings")):
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


# --- fargate-task-size ----------------------------------------------------------------------------


@rule(
    "fargate-task-size",
    "Fargate task cpu and memory stay under caps: every vCPU-hour and GB-hour is billed.",
    "resource",
    {
        "maxCpu": {"type": "integer", "default": 1024, "description": "Most task cpu units (1024 = 1 vCPU)."},
        "maxMemory": {"type": "integer", "default": 2048, "description": "Most task memory in MiB."},
        "maxEphemeralStorageGib": {
            "type": "integer",
            "default": 20,
            "description": "Most ephemeral storage (20 GiB is free).",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Lower cpu/memory in the stack config (dev: 256/512).",
)
def fargate_task_size(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:ecs/taskDefinition:TaskDefinition":
        return
    cfg = config(args, "fargate-task-size")
    read = Reader()
    compat = read.items(read.get(args.props, "requiresCompatibilities"), "requiresCompatibilities")
    if compat and "FARGATE" not in compat and UNKNOWN not in compat:
        return
    cpu_raw, memory_raw = read.get(args.props, "cpu"), read.get(args.props, "memory")
    cpu, memory = parse_cpu_units(cpu_raw), parse_memory_mib(memory_raw)
    if cpu_raw is None or memory_raw is None:
        report("a Fargate task definition needs task-level cpu and memory")
    if cpu is not None and cpu > _int(cfg["maxCpu"]):
        report(f"cpu={cpu:g} units ({cpu / 1024:g} vCPU) is above maxCpu={_int(cfg['maxCpu'])}")
    if memory is not None and memory > _int(cfg["maxMemory"]):
        report(f"memory={memory:g} MiB is above maxMemory={_int(cfg['maxMemory'])}")
    storage = as_number(read.get(args.props, "ephemeralStorage", "sizeInGib"))
    if isinstance(storage, int | float) and storage > _int(cfg["maxEphemeralStorageGib"]):
        report(
            f"ephemeralStorage {storage:g} GiB is above "
            f"maxEphemeralStorageGib={_int(cfg['maxEphemeralStorageGib'])}"
        )
    finish(read, cfg, report, "the task size")


# --- service-count-cap ----------------------------------------------------------------------------


@rule(
    "service-count-cap",
    "ECS services keep desired and maximum task counts under caps, including autoscaling and schedules.",
    "resource",
    {
        "maxDesiredCount": {
            "type": "integer",
            "minimum": 0,
            "default": 2,
            "description": "Most desired tasks.",
        },
        "maxCount": {
            "type": "integer",
            "minimum": 0,
            "default": 4,
            "description": "Most tasks autoscaling may reach.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Lower desiredCount/maxCount in the stack config.",
)
def service_count_cap(args: ResourceValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "service-count-cap")
    read = Reader()
    max_desired, max_count = _int(cfg["maxDesiredCount"]), _int(cfg["maxCount"])
    if args.resource_type == "aws:ecs/service:Service":
        desired = as_number(read.get(args.props, "desiredCount"))
        if isinstance(desired, int | float) and desired > max_desired:
            report(f"desiredCount={desired:g} is above maxDesiredCount={max_desired}")
    elif args.resource_type == "aws:appautoscaling/target:Target":
        if read.get(args.props, "scalableDimension") not in ("ecs:service:DesiredCount", UNKNOWN):
            return
        high = as_number(read.get(args.props, "maxCapacity"))
        if isinstance(high, int | float) and high > max_count:
            report(f"maxCapacity={high:g} is above maxCount={max_count}")
    elif args.resource_type == "aws:appautoscaling/scheduledAction:ScheduledAction":
        if read.get(args.props, "scalableDimension") not in ("ecs:service:DesiredCount", UNKNOWN, None):
            return
        high = as_number(read.get(args.props, "scalableTargetAction", "maxCapacity"))
        if isinstance(high, int | float) and high > max_count:
            report(f"the scheduled action sets maxCapacity={high:g}, above maxCount={max_count}")
    else:
        return
    finish(read, cfg, report, "the task count")


# --- cloudfront-price-class -----------------------------------------------------------------------


@rule(
    "cloudfront-price-class",
    "CloudFront distributions use a cheap price class (PriceClass_100: North America and Europe).",
    "resource",
    {
        "allowedPriceClasses": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["PriceClass_100"],
            "description": "Price classes allowed.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set priceClass to PriceClass_100.",
)
def cloudfront_price_class(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:cloudfront/distribution:Distribution":
        return
    cfg = config(args, "cloudfront-price-class")
    read = Reader()
    price_class = read.get(args.props, "priceClass")
    allowed = list(cfg["allowedPriceClasses"])
    if price_class is None:
        report(f"priceClass is not set, so it defaults to PriceClass_All; allowed: {allowed}")
    elif price_class is not UNKNOWN and price_class not in allowed:
        report(f"priceClass={price_class} is not one of {allowed}")
    finish(read, cfg, report, "the price class")


# --- rds-dev-size ---------------------------------------------------------------------------------


@rule(
    "rds-dev-size",
    "RDS instances stay small: an allowed class, no multi-AZ (it doubles the bill), capped storage.",
    "resource",
    {
        "allowedInstanceClasses": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["db.t4g.micro", "db.t4g.small", "db.t3.micro"],
            "description": "Instance classes allowed.",
        },
        "allowMultiAz": {"type": "boolean", "default": False, "description": "Allow multiAz=true."},
        "maxAllocatedStorageGb": {
            "type": "integer",
            "default": 20,
            "description": "Most allocated (and autoscaling maximum) storage in GB.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Use db.t4g.micro, multiAz=false and 20 GB; or DynamoDB on-demand, which costs $0 idle.",
)
def rds_dev_size(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type not in ("aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"):
        return
    cfg = config(args, "rds-dev-size")
    read = Reader()
    instance_class = read.get(args.props, "instanceClass")
    allowed = list(cfg["allowedInstanceClasses"])
    if instance_class not in (None, UNKNOWN) and instance_class not in allowed:
        report(f"instanceClass={instance_class} is not one of {allowed}")
    if as_bool(read.get(args.props, "multiAz")) is True and not as_bool(cfg["allowMultiAz"]):
        report("multiAz=true doubles the instance and storage cost")
    limit = _int(cfg["maxAllocatedStorageGb"])
    for key in ("allocatedStorage", "maxAllocatedStorage"):
        size = as_number(read.get(args.props, key))
        if isinstance(size, int | float) and size > limit:
            report(f"{key}={size:g} GB is above maxAllocatedStorageGb={limit}")
    finish(read, cfg, report, "the database size")


# --- ecr-lifecycle --------------------------------------------------------------------------------


@rule(
    "ecr-lifecycle",
    "Every ECR repository has a lifecycle policy that expires old images ($0.10/GB-month each).",
    "stack",
    {
        "maxImageCount": {
            "type": "integer",
            "minimum": 1,
            "default": 30,
            "description": "Most images an imageCountMoreThan rule may keep.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Add an aws.ecr.LifecyclePolicy keeping the last 10 images.",
)
def ecr_lifecycle(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "ecr-lifecycle")
    read = Reader()
    limit = _int(cfg["maxImageCount"])
    policies = _resources(args, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
    for policy in policies:
        document = read.json(read.scoped(policy.name).get(policy.props, "policy"), f"{policy.name}.policy")
        if document is UNKNOWN or document is None:
            continue
        for item in document.get("rules", []) if isinstance(document, dict) else []:
            selection = item.get("selection", {}) if isinstance(item, dict) else {}
            if (
                selection.get("countType") == "imageCountMoreThan"
                and int(selection.get("countNumber", 0)) > limit
            ):
                report(
                    f"{policy.name}: keeps {selection.get('countNumber')} images, over maxImageCount={limit}",
                    policy.urn,
                )
    unlinkable = _unknown_links(policies, "repository", "lifecycle policies")
    for repository in _resources(args, "aws:ecr/repository:Repository"):
        if any(_linked(policy, repository, "repository", read, ("name",)) for policy in policies):
            continue
        report(
            f"{repository.name}: ECR repository with no lifecycle policy; images pile up at $0.10/GB-month"
            + unlinkable,
            repository.urn,
        )
    finish(read, cfg, report, "ECR lifecycle policies")


# --- s3-no-public-access --------------------------------------------------------------------------

_PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}
_BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
_BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def _public_statements(document: Any) -> list[str]:
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    found = []
    for index, statement in enumerate(statements):
        if (
            not isinstance(statement, dict)
            or statement.get("Effect") != "Allow"
            or statement.get("Condition")
        ):
            continue
        principal = statement.get("Principal")
        aws = principal.get("AWS") if isinstance(principal, dict) else None
        if principal == "*" or aws == "*" or (isinstance(aws, list) and "*" in aws):
            found.append(str(statement.get("Sid") or f"Statement[{index}]"))
    return found


@rule(
    "s3-no-public-access",
    "S3 buckets stay private: no public ACL or policy, Block Public Access fully on, no website endpoint.",
    "stack",
    {
        "requireBlockPublicAccess": {
            "type": "boolean",
            "default": True,
            "description": "Each bucket needs a public access block with all four flags on.",
        },
        "onUnknown": on_unknown_schema("advisory"),
    },
    "Add aws.s3.BucketPublicAccessBlock with all four flags true and serve through CloudFront with OAC.",
)
def s3_no_public_access(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "s3-no-public-access")
    read = Reader()
    for resource in _resources(
        args, *_BUCKETS, "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"
    ):
        acl = read.scoped(resource.name).get(resource.props, "acl")
        if acl in _PUBLIC_ACLS:
            report(f"{resource.name}: public ACL {acl}", resource.urn)
    for resource in _resources(
        args,
        "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
        "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
    ):
        report(
            f"{resource.name}: an S3 website endpoint needs a public bucket; use CloudFront + OAC",
            resource.urn,
        )
    for policy in _resources(args, "aws:s3/bucketPolicy:BucketPolicy"):
        document = read.json(read.scoped(policy.name).get(policy.props, "policy"), f"{policy.name}.policy")
        if document is not UNKNOWN and document is not None:
            for statement in _public_statements(document):
                report(
                    f"{policy.name}: {statement} allows anyone (Principal *) with no condition", policy.urn
                )

    blocks = _resources(args, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    for block in blocks:
        off = [
            flag
            for flag in _BLOCK_FLAGS
            if as_bool(read.scoped(block.name).get(block.props, flag)) is not True
            and read.scoped(block.name).get(block.props, flag) is not UNKNOWN
        ]
        if off:
            report(f"{block.name}: public access block with {', '.join(off)} not true", block.urn)
    account_blocks = _resources(args, "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
    account_covered = any(
        all(as_bool(Reader().get(b.props, f)) is True for f in _BLOCK_FLAGS) for b in account_blocks
    )
    if as_bool(cfg["requireBlockPublicAccess"]) and not account_covered:
        for bucket in _resources(args, *_BUCKETS):
            if not any(_linked(block, bucket, "bucket", read, ("bucket", "id")) for block in blocks):
                note = _unknown_links(blocks, "bucket", "public access blocks")
                report(f"{bucket.name}: bucket without a public access block{note}", bucket.urn)
    finish(read, cfg, report, "S3 public access")


# --- no-plaintext-secrets -------------------------------------------------------------------------


@rule(
    "no-plaintext-secrets",
    "Container and function environment variables named like secrets must not hold literal values.",
    "resource",
    {
        "namePatterns": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["KEY", "SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL"],
            "description": "Substrings (case-insensitive) that mark a variable name as a secret.",
        },
        "allowedNames": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Variable names that match a pattern but hold no secret.",
        },
        "onUnknown": on_unknown_schema("advisory"),
    },
    "Move the value to an SSM SecureString and reference it with secrets: [{name, valueFrom}].",
)
def no_plaintext_secrets(args: ResourceValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "no-plaintext-secrets")
    read = Reader()
    patterns = [str(p).upper() for p in cfg["namePatterns"]]
    allowed = {str(n) for n in cfg["allowedNames"]}

    def check(name: Any, value: Any, where: str) -> None:
        if not isinstance(name, str) or name in allowed:
            return
        if any(p in name.upper() for p in patterns) and value not in (None, "", UNKNOWN):
            report(f"{where}: environment variable {name} holds a literal value")

    if args.resource_type == "aws:ecs/taskDefinition:TaskDefinition":
        containers = read.json(read.get(args.props, "containerDefinitions"), "containerDefinitions")
        if isinstance(containers, list):
            for container in containers:
                if not isinstance(container, dict):
                    continue
                for variable in container.get("environment") or []:
                    if isinstance(variable, dict):
                        check(
                            variable.get("name"), variable.get("value"), f"container {container.get('name')}"
                        )
    elif args.resource_type == "aws:lambda/function:Function":
        variables = read.get(args.props, "environment", "variables", default={})
        if variables is not UNKNOWN:
            for name in list(variables or {}):
                check(name, read.get(variables, name), "function")
    else:
        return
    finish(read, cfg, report, "that no secret is in plain text")


# --- iam-least-privilege --------------------------------------------------------------------------

_ATTACHMENTS = (
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
)
_DOCUMENTS = (
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _broad_statements(document: Any, data_services: set[str], allowed_star: set[str]) -> list[str]:
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    problems = []
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        label = str(statement.get("Sid") or f"Statement[{index}]")
        if "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{label}: Allow with NotAction/NotResource grants nearly everything")
            continue
        actions = [str(a) for a in _as_list(statement.get("Action"))]
        resources = [str(r) for r in _as_list(statement.get("Resource"))]
        for action in actions:
            service, _, verb = action.partition(":")
            if action in ("*", "*:*"):
                problems.append(f"{label}: Action '*'")
            elif service.lower() in data_services and "*" in verb:
                problems.append(f"{label}: wildcard action {action} on a data service")
            elif service.lower() in data_services and "*" in resources and action not in allowed_star:
                problems.append(f"{label}: {action} on Resource '*'")
    return problems


@rule(
    "iam-least-privilege",
    "No *FullAccess or AdministratorAccess attachments, and no '*' actions or resources on data services.",
    "resource",
    {
        "forbiddenManagedPolicies": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["*FullAccess*", "AdministratorAccess"],
            "description": "Glob patterns of managed policy names that may not be attached.",
        },
        "dataServices": {
            "type": "array",
            "items": {"type": "string"},
            "default": [
                "dynamodb",
                "s3",
                "rds",
                "rds-data",
                "secretsmanager",
                "ssm",
                "kms",
                "sqs",
                "sns",
                "kinesis",
                "elasticache",
                "es",
                "redshift",
                "glue",
                "athena",
            ],
            "description": "IAM service prefixes whose actions must name their resources.",
        },
        "allowedStarResourceActions": {
            "type": "array",
            "items": {"type": "string"},
            "default": [
                "dynamodb:ListTables",
                "s3:ListAllMyBuckets",
                "kms:ListAliases",
                "secretsmanager:ListSecrets",
                "ssm:DescribeParameters",
                "sqs:ListQueues",
                "sns:ListTopics",
            ],
            "description": "Data-service actions that only work on Resource '*'.",
        },
        "onUnknown": on_unknown_schema("advisory"),
    },
    "Scope statements to the exact table, bucket, parameter and key ARNs; attach no broad managed policies.",
)
def iam_least_privilege(args: ResourceValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "iam-least-privilege")
    read = Reader()
    forbidden = [str(p) for p in cfg["forbiddenManagedPolicies"]]
    data_services = {str(s).lower() for s in cfg["dataServices"]}
    allowed_star = {str(a) for a in cfg["allowedStarResourceActions"]}

    def check_arn(arn: Any) -> None:
        if not isinstance(arn, str) or arn is UNKNOWN:
            return
        name = arn.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in forbidden):
            report(f"attaches the managed policy {name}")

    def check_document(value: Any, path: str) -> None:
        document = read.json(value, path)
        if document is UNKNOWN or document is None:
            return
        for problem in _broad_statements(plain(document), data_services, allowed_star):
            report(f"{path}: {problem}")

    type_ = args.resource_type
    if type_ in _ATTACHMENTS:
        check_arn(read.get(args.props, "policyArn"))
    elif type_ in _DOCUMENTS:
        check_document(read.get(args.props, "policy"), "policy")
    elif type_ == "aws:iam/role:Role":
        for arn in read.items(read.get(args.props, "managedPolicyArns"), "managedPolicyArns"):
            check_arn(arn)
        for index, inline in enumerate(read.items(read.get(args.props, "inlinePolicies"), "inlinePolicies")):
            if inline is not UNKNOWN:
                check_document(
                    read.scoped(f"inlinePolicies[{index}]").get(inline, "policy"),
                    f"inlinePolicies[{index}].policy",
                )
    else:
        return
    finish(read, cfg, report, "least privilege")


# --- monthly-budget -------------------------------------------------------------------------------


@rule(
    "monthly-budget",
    "The stack's estimated fixed monthly cost (us-east-1 list prices) stays within the budget.",
    "stack",
    {
        "budgetUsdMonthly": {
            "type": "number",
            "minimum": 0,
            "default": 5,
            "description": "Most estimated USD a month for the stack's fixed costs.",
        },
        "topItems": {
            "type": "integer",
            "minimum": 1,
            "default": 5,
            "description": "Biggest items named in the message.",
        },
        "onUnknown": on_unknown_schema("advisory"),
    },
    "Look at the biggest items and the other guardrails' advice; run `make preview` for the full cost table.",
)
def monthly_budget(args: StackValidationArgs, report: ReportViolation) -> None:
    cfg = config(args, "monthly-budget")
    budget = float(cfg["budgetUsdMonthly"])
    result = estimate([PricedResource(r.urn, r.resource_type, r.name, r.props) for r in args.resources])
    if result.monthly_usd > budget:
        biggest = "; ".join(
            f"${item.monthly_usd:.2f} {item.urn.rsplit('::', 1)[-1]} ({item.basis})"
            for item in result.biggest(_int(cfg["topItems"]))
        )
        report(
            f"estimated ${result.monthly_usd:.2f}/month (${result.daily_usd():.2f}/day) is over the "
            f"${budget:.2f} budget. Biggest items: {biggest}"
        )
    if result.not_priced:
        unpriced = "; ".join(f"{n.urn.rsplit('::', 1)[-1]} ({n.type}): {n.reason}" for n in result.not_priced)
        message = (
            f"the ${result.monthly_usd:.2f}/month estimate leaves {len(result.not_priced)} resource(s) "
            f"not priced, so it is a lower bound: {unpriced}"
        )
        if cfg.get("onUnknown") == "violation":
            report(message)
        else:
            raise PreviewUnknownError(message)


# --- extra rules that serve users -----------------------------------------------------------------


@rule(
    "dynamodb-on-demand",
    "DynamoDB tables use on-demand capacity ($0 when idle); provisioned capacity bills every hour.",
    "resource",
    {
        "maxProvisionedUnits": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Most RCU+WCU a provisioned table may reserve (0 = on-demand only).",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set billingMode to PAY_PER_REQUEST.",
)
def dynamodb_on_demand(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:dynamodb/table:Table":
        return
    cfg = config(args, "dynamodb-on-demand")
    read = Reader()
    mode = read.get(args.props, "billingMode", default="PROVISIONED")
    if mode == "PROVISIONED":
        units = sum(
            float(as_number(read.get(args.props, key, default=0)) or 0)
            for key in ("readCapacity", "writeCapacity")
            if read.get(args.props, key) is not UNKNOWN
        )
        if units > _int(cfg["maxProvisionedUnits"]) or units == 0:
            report(
                f"billingMode PROVISIONED ({units:g} RCU+WCU, the default when unset) bills by the hour; "
                f"maxProvisionedUnits={_int(cfg['maxProvisionedUnits'])}"
            )
    finish(read, cfg, report, "the billing mode")


@rule(
    "ec2-instance-types",
    "EC2 instances (e.g. the NAT instance) use small, cheap instance types.",
    "resource",
    {
        "allowedInstanceTypes": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["t4g.nano", "t4g.micro"],
            "description": "Instance types allowed.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Use a t4g.nano: it forwards a small service's traffic for about $3/month.",
)
def ec2_instance_types(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type not in (*_INSTANCES, "aws:ec2/launchTemplate:LaunchTemplate"):
        return
    cfg = config(args, "ec2-instance-types")
    read = Reader()
    instance_type = read.get(args.props, "instanceType")
    allowed = list(cfg["allowedInstanceTypes"])
    if instance_type is None and args.resource_type != "aws:ec2/launchTemplate:LaunchTemplate":
        report("instanceType is not set")
    elif instance_type not in (None, UNKNOWN) and instance_type not in allowed:
        report(f"instanceType={instance_type} is not one of {allowed}")
    finish(read, cfg, report, "the instance type")


@rule(
    "api-throttling",
    "API Gateway stages throttle requests, the guard against a bill run up by abuse.",
    "resource",
    {
        "maxRateLimit": {
            "type": "number",
            "minimum": 0,
            "default": 100,
            "description": "Most steady requests/second.",
        },
        "maxBurstLimit": {
            "type": "integer",
            "minimum": 0,
            "default": 200,
            "description": "Most burst requests.",
        },
        "onUnknown": on_unknown_schema("violation"),
    },
    "Set defaultRouteSettings.throttlingRateLimit and throttlingBurstLimit on the stage.",
)
def api_throttling(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != "aws:apigatewayv2/stage:Stage":
        return
    cfg = config(args, "api-throttling")
    read = Reader()
    for key, limit in (
        ("throttlingRateLimit", float(cfg["maxRateLimit"])),
        ("throttlingBurstLimit", float(cfg["maxBurstLimit"])),
    ):
        value = as_number(read.get(args.props, "defaultRouteSettings", key))
        if value is None:
            report(f"defaultRouteSettings.{key} is not set: the account limit (10,000 rps) applies")
        elif value is not UNKNOWN and value > limit:
            report(f"defaultRouteSettings.{key}={value:g} is above {limit:g}")
    finish(read, cfg, report, "stage throttling")


def policies() -> list[ResourceValidationPolicy | StackValidationPolicy]:
    """Every rule as a pulumi_policy Policy, in a stable order."""
    return [r.policy() for r in RULES.values()]
