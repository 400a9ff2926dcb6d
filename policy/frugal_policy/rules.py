"""The cost guardrails: one check function per rule, registered with its config schema by `@rule`.

`Rule.validate` does what every rule shares: skip other resource types, merge the stack's config
over the schema defaults, hand the check a `Reader`, and `finish` with what it could not check.

Every rule reads camelCase properties through `values.Reader`, so a value unknown at preview never
crashes a rule and never passes silently: the rule finishes every check it can, then reports what it
could not check, either as a violation at the rule's enforcement level (`onUnknown: "violation"`,
fail closed: used where the value is normally a literal from config) or as an advisory (`"advisory"`:
raised as `UnknownValueError`, which the analyzer reports as an advisory "can't run policy during
preview" diagnostic; used where unknowns are normal at a first preview, e.g. documents built from
ARNs). Each rule's schema lets a stack override that choice (`onUnknown`); the count caps read no
property, so they have no such setting.
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


def _integer(default: int, description: str, minimum: int | None = 0) -> dict[str, Any]:
    bound = {} if minimum is None else {"minimum": minimum}
    return {"type": "integer", **bound, "default": default, "description": description}


def _strings(default: list[str], description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "default": default, "description": description}


Check = Callable[[Any, ReportViolation, dict[str, Any], Reader], None]


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    kind: str  # "resource" or "stack"
    check: Check
    properties: Mapping[str, Mapping[str, Any]]
    remediation: str
    types: tuple[str, ...] = ()  # resource types a resource rule looks at (empty: all)
    checks: str = ""  # what `finish` says is not verified; empty: the check calls `finish` itself

    def config(self, args: ResourceValidationArgs | StackValidationArgs) -> dict[str, Any]:
        """Schema defaults overlaid with what the stack's policy config sets."""
        merged = {key: spec["default"] for key, spec in self.properties.items() if "default" in spec}
        merged.update({k: v for k, v in (args.get_config() or {}).items() if k != "enforcementLevel"})
        return merged

    def validate(self, args: ResourceValidationArgs | StackValidationArgs, report: ReportViolation) -> None:
        """Skip other resource types, hand the check its config and a `Reader`, then `finish`."""
        if self.types and args.resource_type not in self.types:
            return
        read = Reader()
        cfg = self.config(args)
        self.check(args, report, cfg, read)
        if self.checks:
            finish(read, cfg, report, self.checks)

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
    name: str,
    description: str,
    kind: str,
    properties: Mapping[str, Mapping[str, Any]],
    remediation: str,
    *,
    types: tuple[str, ...] = (),
    checks: str = "",
    on_unknown: str | None = "violation",
) -> Callable[[Check], Check]:
    """Register a check with its schema, plus `onUnknown` (its default `on_unknown`; None: the rule
    reads no property) and `why`, a note for config files."""

    def register(check: Check) -> Check:
        unknown = {} if on_unknown is None else {"onUnknown": on_unknown_schema(on_unknown)}
        documented = {**properties, **unknown, "why": WHY_SCHEMA}
        RULES[name] = Rule(name, description, kind, check, documented, remediation, types, checks)
        return check

    return register


def _int(value: Any) -> int:
    # Policy config arrives through protobuf Struct, where every number is a float.
    return int(float(value))


def finish(read: Reader, cfg: Mapping[str, Any], report: ReportViolation, what: str) -> None:
    """Say what could not be checked, as `onUnknown` chooses; silent only when nothing was unknown."""
    for problem in read.invalid:
        report(problem)
    if read.unknown_paths:
        unknown_or_report(
            cfg,
            report,
            f"cannot be checked at preview: {', '.join(read.unknown_paths)} unknown until apply; "
            f"{what} is not verified",
        )


def unknown_or_report(cfg: Mapping[str, Any], report: ReportViolation, message: str) -> None:
    """A violation at the rule's level (`onUnknown: violation`), else the analyzer's advisory."""
    if cfg.get("onUnknown") == "violation":
        report(message)
    else:
        raise PreviewUnknownError(message)


def _allowlist(report: ReportViolation, key: str, value: Any, allowed: list[Any]) -> None:
    if value not in (None, UNKNOWN) and value not in allowed:
        report(f"{key}={value} is not one of {allowed}")


def _cap(
    report: ReportViolation, key: str, value: Any, cfg: Mapping[str, Any], setting: str, unit: str = ""
) -> None:
    """Report a known number above the integer setting; None and UNKNOWN are the caller's concern."""
    limit = _int(cfg[setting])
    if isinstance(value, int | float) and value > limit:
        report(f"{key}={value:g}{unit} is above {setting}={limit}")


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
# Classic ELBs are internet-facing unless `internal` too, with public addresses of their own.
_ALL_LOAD_BALANCERS = (*_LOAD_BALANCERS, "aws:elb/loadBalancer:LoadBalancer")
_INSTANCES = ("aws:ec2/instance:Instance", "aws:ec2/spotInstanceRequest:SpotInstanceRequest")
_RDS_INSTANCES = ("aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance")


def _flag(read: Reader, resource: PolicyResource, *path: str, default: Any = None) -> Any:
    """A boolean property of one of the stack's resources: True, False, None or UNKNOWN (recorded)."""
    return as_bool(read.scoped(resource.name).get(resource.props, *path, default=default))


@rule(
    "no-public-ip",
    "Public IPv4 addresses cost $3.65/month each and expose resources: keep tasks, instances, "
    "load balancers and databases private (a NAT instance's one address is allowed).",
    "stack",
    {
        "maxNatInstances": _integer(
            1, "NAT instances (sourceDestCheck=false) allowed their one public address."
        ),
        "maxPublicSubnets": _integer(
            0, "Public subnets allowed besides those holding an allowed NAT instance."
        ),
    },
    "Set assignPublicIp=false, associatePublicIpAddress=false, mapPublicIpOnLaunch=false, internal=true, "
    "publiclyAccessible=false; reach the service through API Gateway + a VPC link.",
    checks="that no public IPv4 address is created",
)
def no_public_ip(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    max_nat = _int(cfg["maxNatInstances"])
    nat_instances: list[PolicyResource] = []
    unset: list[PolicyResource] = []  # other instances that leave the address to their subnet
    for instance in _resources(args, *_INSTANCES):
        source_dest = _flag(read, instance, "sourceDestCheck")
        public = _flag(read, instance, "associatePublicIpAddress")
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
        elif public is None:
            unset.append(instance)
    allowed_nat = nat_instances[:max_nat]

    public_subnets = [
        s for s in _resources(args, "aws:ec2/subnet:Subnet") if _flag(read, s, "mapPublicIpOnLaunch") is True
    ]
    for instance in unset:
        # The subnet may be allowed for the NAT instance; another instance in it still gets an address.
        if any(_linked(instance, s, "subnetId", read, ("id",)) for s in public_subnets):
            report(
                f"{instance.name}: EC2 instance in a subnet with mapPublicIpOnLaunch=true and no "
                "associatePublicIpAddress=false gets a public IPv4",
                instance.urn,
            )
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
        for index, interface in enumerate(at.items_of(template.props, "networkInterfaces")):
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
        if _flag(read, service, "networkConfiguration", "assignPublicIp") is True:
            report(
                f"{service.name}: ECS service with assignPublicIp=true (one public IPv4 per task)",
                service.urn,
            )

    for balancer in _resources(args, *_ALL_LOAD_BALANCERS):
        if _flag(read, balancer, "internal", default=False) is False:
            report(f"{balancer.name}: internet-facing load balancer (one public IPv4 per AZ)", balancer.urn)

    for database in _resources(args, *_RDS_INSTANCES):
        if _flag(read, database, "publiclyAccessible") is True:
            report(f"{database.name}: RDS instance with publiclyAccessible=true", database.urn)


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
        "maxOnDemandBase": _integer(0, "Most tasks a FARGATE (on-demand) base may keep."),
    },
    "Use capacityProviderStrategies with FARGATE_SPOT (and at most a small FARGATE base); remove launchType.",
    types=("aws:ecs/service:Service",),
    checks="the Spot share",
)
def fargate_spot(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    launch_type = read.get(args.props, "launchType")
    if launch_type in ("EC2", "EXTERNAL"):
        return
    if launch_type == "FARGATE":
        report(
            "launchType=FARGATE runs every task on-demand; use a capacity provider strategy with FARGATE_SPOT"
        )
        return
    strategy = read.items_of(args.props, "capacityProviderStrategies")
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


# --- no-nat-gateway, no-load-balancer, no-waf (counted per stack) -------------------------------------


def _count_rule(
    name: str, description: str, setting: str, types: tuple[str, ...], what: str, why: str, remediation: str
) -> None:
    """A stack rule allowing at most `setting` resources of `types` (default 0)."""

    @rule(
        name,
        description,
        "stack",
        {setting: _integer(0, f"{what[:1].upper()}{what[1:]}s allowed.")},
        remediation,
        on_unknown=None,  # counting reads no property, so nothing can be unknown
    )
    def count_cap(
        args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
    ) -> None:
        limit = _int(cfg[setting])
        for number, resource in enumerate(_resources(args, *types)[limit:], start=limit + 1):
            report(f"{resource.name}: {what} number {number}, over the limit of {limit}; {why}", resource.urn)


_count_rule(
    "no-nat-gateway",
    "A NAT gateway costs about $32.85/month per AZ plus $0.045/GB and its address; use the NAT instance.",
    "maxNatGateways",
    ("aws:ec2/natGateway:NatGateway",),
    "NAT gateway",
    "$0.045/h + $0.045/GB; a t4g.nano NAT instance costs $0.0042/h",
    "Set egress to nat-instance (about $3 a month on a schedule) or use free gateway endpoints.",
)
_count_rule(
    "no-load-balancer",
    "ALBs and NLBs cost about $16.43/month before traffic; API Gateway + Cloud Map is the cheap path.",
    "maxLoadBalancers",
    _ALL_LOAD_BALANCERS,
    "load balancer",
    "$0.0225/h + LCUs even when idle",
    "Put an API Gateway HTTP API with a VPC link to the Cloud Map service in front of the tasks.",
)
_count_rule(
    "no-waf",
    "A WAF web ACL costs $5/month plus $1 per rule before any request; throttle at API Gateway instead.",
    "maxWebAcls",
    ("aws:wafv2/webAcl:WebAcl", "aws:waf/webAcl:WebAcl", "aws:wafregional/webAcl:WebAcl"),
    "WAF web ACL",
    "$5/month + $1/rule/month",
    "Use API Gateway stage throttling and CloudFront's free protections.",
)


# --- vpc-endpoint-budget --------------------------------------------------------------------------


@rule(
    "vpc-endpoint-budget",
    "Each interface endpoint costs about $7.30/month per AZ; keep their number per AZ small.",
    "stack",
    {
        "maxInterfaceEndpointsPerAz": _integer(
            0, "Interface endpoints allowed in any one AZ (gateway endpoints are free)."
        ),
    },
    "Use the NAT instance for egress, and the free S3/DynamoDB gateway endpoints.",
    checks="the interface endpoint count",
)
def vpc_endpoint_budget(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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


# --- log-retention --------------------------------------------------------------------------------


@rule(
    "log-retention",
    "Log groups must expire their logs (storage is $0.03/GB-month forever otherwise), within a maximum.",
    "resource",
    {
        "maxRetentionDays": _integer(30, "Longest retention allowed.", minimum=1),
    },
    "Set retentionInDays (e.g. 3 in dev, 30 in prod).",
    types=("aws:cloudwatch/logGroup:LogGroup",),
    checks="log retention",
)
def log_retention(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    days = as_number(read.get(args.props, "retentionInDays"))
    if days is None or days == 0:
        report("retentionInDays is not set: logs never expire")
    _cap(report, "retentionInDays", days, cfg, "maxRetentionDays")


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
    },
    "Set the cluster setting containerInsights to disabled.",
)
def container_insights_off(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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
    for index, setting in enumerate(read.items_of(args.props, "settings")):
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
        "maxCpu": _integer(1024, "Most task cpu units (1024 = 1 vCPU).", minimum=None),
        "maxMemory": _integer(2048, "Most task memory in MiB.", minimum=None),
        "maxEphemeralStorageGib": _integer(20, "Most ephemeral storage (20 GiB is free).", minimum=None),
    },
    "Lower cpu/memory in the stack config (dev: 256/512).",
    types=("aws:ecs/taskDefinition:TaskDefinition",),
    checks="the task size",
)
def fargate_task_size(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    compat = read.items_of(args.props, "requiresCompatibilities")
    if compat and "FARGATE" not in compat and UNKNOWN not in compat:
        return
    cpu_raw, memory_raw = read.get(args.props, "cpu"), read.get(args.props, "memory")
    cpu, memory = parse_cpu_units(cpu_raw), parse_memory_mib(memory_raw)
    if cpu_raw is None or memory_raw is None:
        report("a Fargate task definition needs task-level cpu and memory")
    if cpu is not None:
        _cap(report, "cpu", cpu, cfg, "maxCpu", f" units ({cpu / 1024:g} vCPU)")
    _cap(report, "memory", memory, cfg, "maxMemory", " MiB")
    storage = as_number(read.get(args.props, "ephemeralStorage", "sizeInGib"))
    _cap(report, "ephemeralStorage.sizeInGib", storage, cfg, "maxEphemeralStorageGib", " GiB")


# --- service-count-cap ----------------------------------------------------------------------------


@rule(
    "service-count-cap",
    "ECS services keep desired and maximum task counts under caps, including autoscaling and schedules.",
    "resource",
    {
        "maxDesiredCount": _integer(2, "Most desired tasks."),
        "maxCount": _integer(4, "Most tasks autoscaling may reach."),
    },
    "Lower desiredCount/maxCount in the stack config.",
    types=(
        "aws:ecs/service:Service",
        "aws:appautoscaling/target:Target",
        "aws:appautoscaling/scheduledAction:ScheduledAction",
    ),
    checks="the task count",
)
def service_count_cap(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    if args.resource_type == "aws:ecs/service:Service":
        _cap(report, "desiredCount", as_number(read.get(args.props, "desiredCount")), cfg, "maxDesiredCount")
    elif args.resource_type == "aws:appautoscaling/target:Target":
        if read.get(args.props, "scalableDimension") in ("ecs:service:DesiredCount", UNKNOWN):
            _cap(report, "maxCapacity", as_number(read.get(args.props, "maxCapacity")), cfg, "maxCount")
    elif read.get(args.props, "scalableDimension") in ("ecs:service:DesiredCount", UNKNOWN, None):
        high = as_number(read.get(args.props, "scalableTargetAction", "maxCapacity"))
        _cap(report, "the scheduled action's scalableTargetAction.maxCapacity", high, cfg, "maxCount")


# --- cloudfront-price-class -----------------------------------------------------------------------


@rule(
    "cloudfront-price-class",
    "CloudFront distributions use a cheap price class (PriceClass_100: North America and Europe).",
    "resource",
    {
        "allowedPriceClasses": _strings(["PriceClass_100"], "Price classes allowed."),
    },
    "Set priceClass to PriceClass_100.",
    types=("aws:cloudfront/distribution:Distribution",),
    checks="the price class",
)
def cloudfront_price_class(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    price_class = read.get(args.props, "priceClass")
    allowed = list(cfg["allowedPriceClasses"])
    if price_class is None:
        report(f"priceClass is not set, so it defaults to PriceClass_All; allowed: {allowed}")
    else:
        _allowlist(report, "priceClass", price_class, allowed)


# --- rds-dev-size ---------------------------------------------------------------------------------


@rule(
    "rds-dev-size",
    "RDS instances stay small: an allowed class, no multi-AZ (it doubles the bill), capped storage.",
    "resource",
    {
        "allowedInstanceClasses": _strings(
            ["db.t4g.micro", "db.t4g.small", "db.t3.micro"], "Instance classes allowed."
        ),
        "allowMultiAz": {"type": "boolean", "default": False, "description": "Allow multiAz=true."},
        "maxAllocatedStorageGb": _integer(
            20, "Most allocated (and autoscaling maximum) storage in GB.", minimum=None
        ),
    },
    "Use db.t4g.micro, multiAz=false and 20 GB; or DynamoDB on-demand, which costs $0 idle.",
    types=_RDS_INSTANCES,
    checks="the database size",
)
def rds_dev_size(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    _allowlist(
        report, "instanceClass", read.get(args.props, "instanceClass"), list(cfg["allowedInstanceClasses"])
    )
    if as_bool(read.get(args.props, "multiAz")) is True and not as_bool(cfg["allowMultiAz"]):
        report("multiAz=true doubles the instance and storage cost")
    for key in ("allocatedStorage", "maxAllocatedStorage"):
        _cap(report, key, as_number(read.get(args.props, key)), cfg, "maxAllocatedStorageGb", " GB")


# --- ecr-lifecycle --------------------------------------------------------------------------------


@rule(
    "ecr-lifecycle",
    "Every ECR repository has a lifecycle policy that expires old images ($0.10/GB-month each).",
    "stack",
    {
        "maxImageCount": _integer(30, "Most images an imageCountMoreThan rule may keep.", minimum=1),
    },
    "Add an aws.ecr.LifecyclePolicy keeping the last 10 images.",
    checks="ECR lifecycle policies",
)
def ecr_lifecycle(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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


# --- s3-no-public-access --------------------------------------------------------------------------

_PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}
_BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
_BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def _allow_statements(document: Any) -> list[tuple[int, dict[str, Any]]]:
    """The Allow statements of an IAM-style policy document (one statement may stand alone), by index."""
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    return [
        (index, statement)
        for index, statement in enumerate(statements)
        if isinstance(statement, dict) and statement.get("Effect") == "Allow"
    ]


def _public_statements(document: Any) -> list[str]:
    found = []
    for index, statement in _allow_statements(document):
        if statement.get("Condition"):
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
    },
    "Add aws.s3.BucketPublicAccessBlock with all four flags true and serve through CloudFront with OAC.",
    checks="S3 public access",
    on_unknown="advisory",
)
def s3_no_public_access(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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


# --- no-plaintext-secrets -------------------------------------------------------------------------


@rule(
    "no-plaintext-secrets",
    "Container and function environment variables named like secrets must not hold literal values.",
    "resource",
    {
        "namePatterns": _strings(
            ["KEY", "SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL"],
            "Substrings (case-insensitive) that mark a variable name as a secret.",
        ),
        "allowedNames": _strings([], "Variable names that match a pattern but hold no secret."),
    },
    "Move the value to an SSM SecureString and reference it with secrets: [{name, valueFrom}].",
    types=("aws:ecs/taskDefinition:TaskDefinition", "aws:lambda/function:Function"),
    checks="that no secret is in plain text",
    on_unknown="advisory",
)
def no_plaintext_secrets(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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
    else:
        variables = read.get(args.props, "environment", "variables", default={})
        if variables is not UNKNOWN:
            for name in list(variables or {}):
                check(name, read.get(variables, name), "function")


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
    problems = []
    for index, statement in _allow_statements(document):
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
        "forbiddenManagedPolicies": _strings(
            ["*FullAccess*", "AdministratorAccess"],
            "Glob patterns of managed policy names that may not be attached.",
        ),
        "dataServices": _strings(
            [
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
            "IAM service prefixes whose actions must name their resources.",
        ),
        "allowedStarResourceActions": _strings(
            [
                "dynamodb:ListTables",
                "s3:ListAllMyBuckets",
                "kms:ListAliases",
                "secretsmanager:ListSecrets",
                "ssm:DescribeParameters",
                "sqs:ListQueues",
                "sns:ListTopics",
            ],
            "Data-service actions that only work on Resource '*'.",
        ),
    },
    "Scope statements to the exact table, bucket, parameter and key ARNs; attach no broad managed policies.",
    types=(*_ATTACHMENTS, *_DOCUMENTS, "aws:iam/role:Role"),
    checks="least privilege",
    on_unknown="advisory",
)
def iam_least_privilege(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    forbidden = [str(p) for p in cfg["forbiddenManagedPolicies"]]
    data_services = {str(s).lower() for s in cfg["dataServices"]}
    allowed_star = {str(a) for a in cfg["allowedStarResourceActions"]}

    def check_arn(arn: Any) -> None:
        if not isinstance(arn, str):  # absent, or UNKNOWN (recorded by the Reader)
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
    else:
        for arn in read.items_of(args.props, "managedPolicyArns"):
            check_arn(arn)
        for index, inline in enumerate(read.items_of(args.props, "inlinePolicies")):
            if inline is not UNKNOWN:
                check_document(
                    read.scoped(f"inlinePolicies[{index}]").get(inline, "policy"),
                    f"inlinePolicies[{index}].policy",
                )


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
        "topItems": _integer(5, "Biggest items named in the message.", minimum=1),
    },
    "Look at the biggest items and the other guardrails' advice; run `make preview` for the full cost table.",
    on_unknown="advisory",
)
def monthly_budget(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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
        unknown_or_report(
            cfg,
            report,
            f"the ${result.monthly_usd:.2f}/month estimate leaves {len(result.not_priced)} resource(s) "
            f"not priced, so it is a lower bound: {unpriced}",
        )


# --- extra rules that serve users -----------------------------------------------------------------


@rule(
    "dynamodb-on-demand",
    "DynamoDB tables use on-demand capacity ($0 when idle); provisioned capacity bills every hour.",
    "resource",
    {
        "maxProvisionedUnits": _integer(
            0, "Most RCU+WCU a provisioned table may reserve (0 = on-demand only)."
        ),
    },
    "Set billingMode to PAY_PER_REQUEST.",
    types=("aws:dynamodb/table:Table",),
    checks="the billing mode",
)
def dynamodb_on_demand(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
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


@rule(
    "ec2-instance-types",
    "EC2 instances (e.g. the NAT instance) use small, cheap instance types.",
    "resource",
    {
        "allowedInstanceTypes": _strings(["t4g.nano", "t4g.micro"], "Instance types allowed."),
    },
    "Use a t4g.nano: it forwards a small service's traffic for about $3/month.",
    types=(*_INSTANCES, "aws:ec2/launchTemplate:LaunchTemplate"),
    checks="the instance type",
)
def ec2_instance_types(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    instance_type = read.get(args.props, "instanceType")
    allowed = list(cfg["allowedInstanceTypes"])
    if instance_type is None and args.resource_type != "aws:ec2/launchTemplate:LaunchTemplate":
        report("instanceType is not set")
    else:
        _allowlist(report, "instanceType", instance_type, allowed)


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
        "maxBurstLimit": _integer(200, "Most burst requests."),
    },
    "Set defaultRouteSettings.throttlingRateLimit and throttlingBurstLimit on the stage.",
    types=("aws:apigatewayv2/stage:Stage",),
    checks="stage throttling",
)
def api_throttling(
    args: ResourceValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    for key, limit in (
        ("throttlingRateLimit", float(cfg["maxRateLimit"])),
        ("throttlingBurstLimit", float(cfg["maxBurstLimit"])),
    ):
        value = as_number(read.get(args.props, "defaultRouteSettings", key))
        if value is None:
            report(f"defaultRouteSettings.{key} is not set: the account limit (10,000 rps) applies")
        elif value is not UNKNOWN and value > limit:
            report(f"defaultRouteSettings.{key}={value:g} is above {limit:g}")


def policies() -> list[ResourceValidationPolicy | StackValidationPolicy]:
    """Every rule as a pulumi_policy Policy, in a stable order."""
    return [r.policy() for r in RULES.values()]
