"""Monthly list-price estimate of a stack's resources, from their properties alone.

Shared by the `monthly-budget` policy and the offline preview. Prices come from `prices.json`
(us-east-1, each with its source and date). Every resource lands in exactly one place:
- `items`: it costs money by the hour or month (one resource may give several items, e.g. a NAT
  instance: compute, its public IPv4 address, its root volume);
- `usage_priced`: $0 fixed, billed per request/GB (API Gateway, CloudFront, S3, Logs, ...);
- `free`: known to cost nothing of its own (VPC, subnets, IAM, components, ...);
- `not_priced`: an unknown type, or a value needed for the price is unknown. Never a silent $0.

Running hours follow the schedules in the stack: Application Auto Scaling scheduled actions for ECS
services, EventBridge Scheduler `ec2:stopInstances`/`startInstances` for instances, simulated over a
reference fortnight (see `cron.py`) and scaled to 730 h/month.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .cron import (
    HOURS_PER_MONTH,
    HOURS_PER_WEEK,
    CronError,
    Event,
    fire_minutes,
    parse_schedule,
    weekly_average,
    weekly_peak,
)
from .values import UNKNOWN, Reader, as_bool, as_number, is_unknown

PRICES_FILE = Path(__file__).with_name("prices.json")
MONTH_FACTOR = HOURS_PER_MONTH / HOURS_PER_WEEK


@dataclass(frozen=True)
class PricedResource:
    urn: str
    type: str
    name: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class CostItem:
    urn: str
    type: str
    monthly_usd: float
    basis: str


@dataclass(frozen=True)
class NotPriced:
    urn: str
    type: str
    reason: str


@dataclass(frozen=True)
class UsagePriced:
    urn: str
    type: str
    note: str


@dataclass(frozen=True)
class FreeResource:
    urn: str
    type: str
    note: str


@dataclass
class CostEstimate:
    monthly_usd: float
    items: list[CostItem]
    not_priced: list[NotPriced]
    usage_priced: list[UsagePriced]
    free: list[FreeResource] = field(default_factory=list)

    def daily_usd(self) -> float:
        return self.monthly_usd * 24.0 / HOURS_PER_MONTH

    def biggest(self, count: int = 5) -> list[CostItem]:
        return sorted(self.items, key=lambda item: item.monthly_usd, reverse=True)[:count]


@cache
def price_table() -> dict[str, dict[str, Any]]:
    return json.loads(PRICES_FILE.read_text())["prices"]


def price(key: str) -> float:
    try:
        return float(price_table()[key]["usd"])
    except KeyError as error:
        raise KeyError(f"price {key!r} is missing from {PRICES_FILE.name}") from error


def has_price(key: str) -> bool:
    return key in price_table()


# --- what is free, what is usage-priced ---------------------------------------------------------

FREE_TYPES: dict[str, str] = {
    "aws:ec2/vpc:Vpc": "VPC",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/routeTable:RouteTable": "route table",
    "aws:ec2/route:Route": "route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "route table association",
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": "route table association",
    "aws:ec2/internetGateway:InternetGateway": "internet gateway (data transfer is usage)",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "egress-only internet gateway",
    "aws:ec2/securityGroup:SecurityGroup": "security group",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "security group rule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "security group rule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "security group rule",
    "aws:ec2/networkAcl:NetworkAcl": "network ACL",
    "aws:ec2/networkAclRule:NetworkAclRule": "network ACL rule",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "default security group",
    "aws:ec2/defaultRouteTable:DefaultRouteTable": "default route table",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "default network ACL",
    "aws:ec2/vpcDhcpOptions:VpcDhcpOptions": "DHCP options",
    "aws:ec2/eipAssociation:EipAssociation": "association (the EIP is priced)",
    "aws:ec2/networkInterface:NetworkInterface": "network interface",
    "aws:ec2/keyPair:KeyPair": "key pair",
    "aws:ec2/launchTemplate:LaunchTemplate": "template (instances launched from it are priced)",
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": "association",
    "aws:ecs/cluster:Cluster": "ECS cluster (Container Insights metrics are usage)",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "capacity provider association",
    "aws:ecs/taskDefinition:TaskDefinition": "task definition (priced through its service)",
    "aws:appautoscaling/target:Target": "scalable target",
    "aws:appautoscaling/scheduledAction:ScheduledAction": "scheduled action",
    "aws:autoscaling/schedule:Schedule": "scheduled action",
    "aws:scheduler/scheduleGroup:ScheduleGroup": "schedule group",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "lifecycle policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "repository policy",
    "aws:s3/bucketPolicy:BucketPolicy": "bucket policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "public access block",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": "public access block",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "ownership controls",
    "aws:s3/bucketAcl:BucketAcl": "bucket ACL",
    "aws:s3/bucketAclV2:BucketAclV2": "bucket ACL",
    "aws:s3/bucketVersioning:BucketVersioning": "versioning setting (old versions are storage)",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "versioning setting (old versions are storage)",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "SSE setting",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "SSE",
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": "CORS setting",
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2": "CORS setting",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "lifecycle setting",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "lifecycle setting",
    "aws:cloudfront/originAccessControl:OriginAccessControl": "origin access control",
    "aws:cloudfront/cachePolicy:CachePolicy": "cache policy",
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": "origin request policy",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "response headers policy",
    "aws:acm/certificate:Certificate": "public ACM certificate",
    "aws:acm/certificateValidation:CertificateValidation": "validation waiter",
    "aws:apigatewayv2/vpcLink:VpcLink": "VPC link for HTTP APIs (no charge of its own)",
    "aws:apigatewayv2/route:Route": "route (requests priced on the API)",
    "aws:apigatewayv2/integration:Integration": "integration (requests priced on the API)",
    "aws:apigatewayv2/stage:Stage": "stage (requests priced on the API)",
    "aws:apigatewayv2/deployment:Deployment": "deployment",
    "aws:apigatewayv2/domainName:DomainName": "custom domain",
    "aws:apigatewayv2/apiMapping:ApiMapping": "API mapping",
    "aws:servicediscovery/httpNamespace:HttpNamespace": "HTTP namespace (no hosted zone)",
    "aws:lambda/permission:Permission": "permission",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "resource policy",
    "aws:kms/alias:Alias": "alias",
    "aws:wafv2/ruleGroup:RuleGroup": "rule group (its rules count on the web ACL using it)",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "association",
    "aws:secretsmanager/secretVersion:SecretVersion": "version (the secret is priced)",
    "aws:lb/targetGroup:TargetGroup": "target group (the load balancer is priced)",
    "aws:lb/listener:Listener": "listener (the load balancer is priced)",
    "aws:lb/listenerRule:ListenerRule": "listener rule",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": "attachment",
    "aws:alb/targetGroup:TargetGroup": "target group (the load balancer is priced)",
    "aws:alb/listener:Listener": "listener (the load balancer is priced)",
    "aws:route53/zoneAssociation:ZoneAssociation": "zone association",
}
FREE_PREFIXES: dict[str, str] = {
    "aws:iam/": "IAM",
    "pulumi:": "Pulumi engine resource",
}
# Packages whose resources live only in the engine or on the machine running it.
LOCAL_PACKAGES = {"pulumi", "random", "tls", "command", "std", "archive", "local", "time", "null"}
# Providers whose resources are real cloud resources this table does not price.
OTHER_PROVIDERS = {"aws-native", "azure", "azure-native", "gcp", "google-native", "kubernetes", "cloudflare"}

USAGE_TYPES: dict[str, str] = {
    "aws:apigatewayv2/api:Api": "HTTP API: $1.00 per million requests",
    "aws:apigateway/restApi:RestApi": "REST API: $3.50 per million requests",
    "aws:cloudfront/distribution:Distribution": "CloudFront: per GB out and request (free tier 1 TB, 10M)",
    "aws:cloudfront/function:Function": "CloudFront Functions: per invocation (2M free)",
    "aws:s3/bucket:Bucket": "S3 Standard: $0.023 per GB-month + requests",
    "aws:s3/bucketV2:BucketV2": "S3 Standard: $0.023 per GB-month + requests",
    "aws:s3/bucketObject:BucketObject": "S3 storage of the object",
    "aws:s3/bucketObjectv2:BucketObjectv2": "S3 storage of the object",
    "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs: $0.50/GB ingested, $0.03/GB-month stored",
    "aws:ecr/repository:Repository": "ECR: $0.10 per GB-month of images",
    "aws:servicediscovery/service:Service": "Cloud Map: $0.10 per registered instance-month + lookups",
    "aws:route53/record:Record": "Route 53 queries (alias queries to AWS resources are free)",
    "aws:lambda/function:Function": "Lambda: per request and GB-second",
    "aws:sqs/queue:Queue": "SQS: per request",
    "aws:sns/topic:Topic": "SNS: per request",
    "aws:scheduler/schedule:Schedule": "EventBridge Scheduler: 14M invocations/month free, then $1/million",
    "aws:cloudwatch/eventRule:EventRule": "EventBridge: per event",
    "aws:cloudwatch/eventTarget:EventTarget": "EventBridge: per event",
    "docker-build:index:Image": "image build on the machine running Pulumi; ECR storage is usage",
    "docker:index/image:Image": "image build on the machine running Pulumi; ECR storage is usage",
}


# --- the estimate ---------------------------------------------------------------------------------


class _Result:
    def __init__(self) -> None:
        self.items: list[CostItem] = []
        self.not_priced: list[NotPriced] = []
        self.usage: list[UsagePriced] = []
        self.free: list[FreeResource] = []

    def item(self, resource: PricedResource, monthly: float, basis: str) -> None:
        self.items.append(CostItem(resource.urn, resource.type, round(monthly, 4), basis))

    def not_priced_(self, resource: PricedResource, reason: str) -> None:
        self.not_priced.append(NotPriced(resource.urn, resource.type, reason))


def _fmt_num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def _hours_text(hours: float) -> str:
    return f"{hours:.1f} h/month"


def _notes_text(notes: Sequence[str]) -> str:
    """Notes appended to a basis: "; a; b", or nothing."""
    return "".join(f"; {note}" for note in notes if note)


def _clamp(count: float, low: float | None, high: float | None) -> float:
    """A desired count as autoscaling keeps it: within the current min and max, never below 0."""
    if low is not None:
        count = max(count, low)
    if high is not None:
        count = min(count, high)
    return max(count, 0.0)


class _Stack:
    """Indexes over the whole stack, for links between resources (service -> task definition...)."""

    def __init__(self, resources: Sequence[PricedResource]) -> None:
        self.resources = list(resources)
        self.by_type: dict[str, list[PricedResource]] = {}
        for resource in self.resources:
            self.by_type.setdefault(resource.type, []).append(resource)

    def of(self, *types: str) -> list[PricedResource]:
        return [r for t in types for r in self.by_type.get(t, [])]


def estimate(resources: Sequence[PricedResource]) -> CostEstimate:
    """Price every resource; see the module docstring for where each one lands."""
    stack = _Stack(resources)
    result = _Result()
    for resource in resources:
        handler = _HANDLERS.get(resource.type)
        if handler is not None:
            try:
                handler(resource, stack, result)
            except Exception as error:
                # One odd resource must not sink the whole estimate: it is listed, with the reason.
                result.not_priced_(resource, f"unreadable properties ({type(error).__name__}: {error})")
            continue
        _classify_unpriced(resource, result)
    total = round(sum(item.monthly_usd for item in result.items), 2)
    return CostEstimate(total, result.items, result.not_priced, result.usage, result.free)


def _classify_unpriced(resource: PricedResource, result: _Result) -> None:
    type_ = resource.type
    if type_ in USAGE_TYPES:
        result.usage.append(UsagePriced(resource.urn, type_, USAGE_TYPES[type_]))
        return
    if type_ in FREE_TYPES:
        result.free.append(FreeResource(resource.urn, type_, FREE_TYPES[type_]))
        return
    for prefix, note in FREE_PREFIXES.items():
        if type_.startswith(prefix):
            result.free.append(FreeResource(resource.urn, type_, note))
            return
    package, _, rest = type_.partition(":")
    module = rest.partition(":")[0]
    if package in LOCAL_PACKAGES:
        result.free.append(FreeResource(resource.urn, type_, "local to the Pulumi engine, no cloud cost"))
    elif package == "aws" or package in OTHER_PROVIDERS or "/" in module:
        # A provider resource (bridged providers spell modules "service/resource") with no price here.
        result.not_priced_(resource, "resource type not in the price table")
    else:
        result.free.append(
            FreeResource(resource.urn, type_, "component resource: its children are priced one by one")
        )


# --- Fargate services -----------------------------------------------------------------------------

_TASK_DEF_ARN = re.compile(r"task-definition/([^:/]+)(?::\d+)?$")


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


def _single(candidates: list[PricedResource]) -> PricedResource | None:
    return candidates[0] if len(candidates) == 1 else None


def _task_definition_for(
    service: PricedResource, stack: _Stack, read: Reader
) -> tuple[PricedResource | None, str]:
    definitions = stack.of("aws:ecs/taskDefinition:TaskDefinition")
    reference = read.get(service.props, "taskDefinition")
    if isinstance(reference, str) and reference is not UNKNOWN:
        match = _TASK_DEF_ARN.search(reference)
        family = match.group(1) if match else reference.split(":")[0]
        for definition in definitions:
            if read.get(definition.props, "family") == family:
                return definition, ""
    only = _single(definitions)
    if only is not None:
        return only, "task definition: the only one in the stack"
    return None, ""


def _service_target(
    service: PricedResource, stack: _Stack, read: Reader
) -> tuple[PricedResource | None, str]:
    targets = [
        t
        for t in stack.of("aws:appautoscaling/target:Target")
        if read.get(t.props, "scalableDimension") in ("ecs:service:DesiredCount", UNKNOWN)
    ]
    name = read.get(service.props, "name")
    for target in targets:
        resource_id = read.get(target.props, "resourceId")
        if isinstance(resource_id, str) and resource_id is not UNKNOWN and name not in (None, UNKNOWN):
            parts = resource_id.split("/")
            if len(parts) == 3 and parts[0] == "service" and parts[2] == name:
                return target, ""
    if len(stack.of("aws:ecs/service:Service")) == 1 and len(targets) == 1:
        return targets[0], "scaling target: the only one in the stack"
    return None, ""


def _actions_for(target: PricedResource, stack: _Stack, read: Reader) -> tuple[list[PricedResource], str]:
    actions = stack.of("aws:appautoscaling/scheduledAction:ScheduledAction")
    resource_id = read.get(target.props, "resourceId")
    linked = [
        a for a in actions if read.get(a.props, "resourceId") == resource_id and resource_id is not UNKNOWN
    ]
    unlinked = [a for a in actions if a not in linked]
    note = ""
    if unlinked and len(stack.of("aws:appautoscaling/target:Target")) == 1:
        # At preview the resourceId may be unknown; with one scalable target they can only be its own.
        linked += unlinked
        note = "scheduled actions linked to the only scalable target"
    elif any(Reader().get(a.props, "resourceId") is UNKNOWN for a in unlinked):
        count = sum(1 for a in unlinked if Reader().get(a.props, "resourceId") is UNKNOWN)
        note = f"{count} scheduled action(s) with a resourceId unknown at preview not applied"
    return linked, note


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


def _schedule_events(
    actions: list[PricedResource],
    read: Reader,
    apply_for: Callable[[PricedResource], Callable[[Any], Any]],
    schedule_key: str = "schedule",
    timezone_key: str = "timezone",
    unix: bool = False,
) -> tuple[list[Event], list[str]]:
    events: list[Event] = []
    problems: list[str] = []
    for action in actions:
        expression = read.get(action.props, schedule_key)
        timezone = read.get(action.props, timezone_key)
        if expression in (None, UNKNOWN):
            problems.append(f"{action.name}: schedule unknown")
            continue
        try:
            cron = parse_schedule(str(expression), unix=unix)
            if cron is None:
                problems.append(f"{action.name}: one-off at() ignored")
                continue
            tz = None if timezone in (None, UNKNOWN) else str(timezone)
            events.append(Event(fire_minutes(cron, tz), apply_for(action)))
        except CronError as error:
            problems.append(f"{action.name}: {error}")
    return events, problems


def _price_service(service: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    props = service.props
    notes: list[str] = []
    launch_type = read.get(props, "launchType")
    if launch_type in ("EC2", "EXTERNAL"):
        result.free.append(
            FreeResource(service.urn, service.type, f"{launch_type} launch type: hosts priced on their own")
        )
        return
    strategy: list[_Strategy] = []
    for index, entry in enumerate(read.items_of(props, "capacityProviderStrategies")):
        if entry is UNKNOWN:
            continue
        provider = read.get(entry, "capacityProvider")
        if provider is UNKNOWN:
            result.not_priced_(
                service, f"capacityProviderStrategies[{index}].capacityProvider unknown at preview"
            )
            return
        weight = as_number(read.get(entry, "weight", default=0))
        base = as_number(read.get(entry, "base", default=0))
        if weight is UNKNOWN or base is UNKNOWN:
            result.not_priced_(service, f"capacityProviderStrategies[{index}] weight/base unknown at preview")
            return
        strategy.append(_Strategy(str(provider), float(weight or 0), float(base or 0)))
    if read.unknown_paths:
        result.not_priced_(service, f"{', '.join(read.unknown_paths)} unknown at preview")
        return
    if not strategy:
        if launch_type in (None, "FARGATE"):
            strategy = [_Strategy("FARGATE", 1, 0)]
            if launch_type is None:
                notes.append("no launch type or strategy: assumed on-demand FARGATE")
        else:
            result.not_priced_(service, f"launchType {launch_type!r} unknown at preview")
            return
    unsupported = [s.provider for s in strategy if s.provider not in ("FARGATE", "FARGATE_SPOT")]
    if unsupported:
        result.not_priced_(service, f"capacity providers {unsupported} are EC2-backed: price their instances")
        return

    definition, link_note = _task_definition_for(service, stack, read)
    if definition is None:
        result.not_priced_(service, "its task definition could not be found in the stack")
        return
    if link_note:
        notes.append(link_note)
    cpu = parse_cpu_units(read.get(definition.props, "cpu"))
    memory = parse_memory_mib(read.get(definition.props, "memory"))
    if cpu is None or memory is None:
        result.not_priced_(service, "task cpu/memory unknown or missing on its task definition")
        return
    platform = read.get(definition.props, "runtimePlatform", default={}) or {}
    arch_value = read.get(platform, "cpuArchitecture") if platform is not UNKNOWN else UNKNOWN
    os_family = read.get(platform, "operatingSystemFamily") if platform is not UNKNOWN else None
    if isinstance(os_family, str) and os_family is not UNKNOWN and os_family.upper().startswith("WINDOWS"):
        result.not_priced_(service, "Windows tasks carry an OS license fee not in the price table")
        return
    if arch_value is UNKNOWN:
        arch = "x86"
        notes.append("architecture unknown at preview: priced as x86")
    else:
        arch = "arm64" if str(arch_value or "X86_64").upper() == "ARM64" else "x86"

    desired = as_number(read.get(props, "desiredCount"))
    if desired is UNKNOWN:
        desired = 1
        notes.append("desiredCount unknown at preview: assumed 1")
    elif desired is None:
        desired = 0
    target, target_note = _service_target(service, stack, read)
    if target_note:
        notes.append(target_note)
    elif target is None and stack.of("aws:appautoscaling/target:Target"):
        notes.append("no scalable target matched by name: priced at desiredCount, unscheduled")
    events: list[Event] = []
    initial: tuple[float | None, float | None] = (None, None)
    schedule_used = False
    if target is not None:
        low = as_number(read.get(target.props, "minCapacity"))
        high = as_number(read.get(target.props, "maxCapacity"))
        initial = (
            None if low in (None, UNKNOWN) else float(low),
            None if high in (None, UNKNOWN) else float(high),
        )
        actions, actions_note = _actions_for(target, stack, read)
        if actions_note:
            notes.append(actions_note)

        def apply_for(action: PricedResource) -> Callable[[Any], Any]:
            new_min = as_number(read.get(action.props, "scalableTargetAction", "minCapacity"))
            new_max = as_number(read.get(action.props, "scalableTargetAction", "maxCapacity"))

            def apply(state: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
                low_now, high_now = state
                if new_min not in (None, UNKNOWN):
                    low_now = float(new_min)
                if new_max not in (None, UNKNOWN):
                    high_now = float(new_max)
                return (low_now, high_now)

            return apply

        events, problems = _schedule_events(actions, read, apply_for)
        notes.extend(problems)
        schedule_used = bool(events)

    def tasks(state: tuple[float | None, float | None]) -> float:
        return _clamp(float(desired), *state)

    vcpu, gb = cpu / 1024, memory / 1024
    hours_by_provider = {
        s.provider: weekly_average(
            initial, events, lambda state, p=s.provider: _split(tasks(state), strategy)[p]
        )
        * MONTH_FACTOR
        for s in strategy
    }
    suffix = " (schedule)" if schedule_used else ""
    extra = _notes_text(notes)
    size = f"{_fmt_num(vcpu)} vCPU/{_fmt_num(gb)} GB"
    for provider, hours in hours_by_provider.items():
        spot = provider == "FARGATE_SPOT"
        prefix = "fargate_spot" if spot else "fargate"
        hourly = vcpu * price(f"{prefix}.{arch}.vcpu_hour") + gb * price(f"{prefix}.{arch}.gb_hour")
        label = "Spot" if spot else "on-demand"
        arch_label = "ARM" if arch == "arm64" else "x86"
        peak = weekly_peak(initial, events, lambda state, p=provider: _split(tasks(state), strategy)[p])
        hours_text = _hours_text(hours) if peak <= 1 else f"up to {peak:g} tasks, {hours:.1f} task-h/month"
        result.item(service, hours * hourly, f"{size} {label} {arch_label}, {hours_text}{suffix}{extra}")
    task_hours = sum(hours_by_provider.values())
    ephemeral = as_number(read.get(definition.props, "ephemeralStorage", "sizeInGib"))
    if isinstance(ephemeral, int | float) and ephemeral > 20:
        result.item(
            service,
            task_hours * (ephemeral - 20) * price("fargate.ephemeral_gb_hour"),
            f"{_fmt_num(ephemeral - 20)} GB ephemeral storage over the free 20 GB, {task_hours:.1f} task-h",
        )
    public_ip = as_bool(read.get(props, "networkConfiguration", "assignPublicIp"))
    if public_ip is UNKNOWN or public_ip is True:
        note = " (assignPublicIp unknown at preview: assumed on)" if public_ip is UNKNOWN else ""
        result.item(
            service,
            task_hours * price("ipv4.public_hour"),
            f"public IPv4 on task ENIs, {task_hours:.1f} address-h/month{suffix}{note}",
        )


# --- EC2 instances (NAT instance), EBS, public IPv4 -------------------------------------------------

_STOP = "ec2:stopInstances"
_START = "ec2:startInstances"


def _instance_schedules(
    instance: PricedResource, stack: _Stack, read: Reader
) -> tuple[list[PricedResource], str]:
    schedules = [
        s
        for s in stack.of("aws:scheduler/schedule:Schedule")
        if isinstance(read.get(s.props, "target", "arn"), str)
        and any(op.lower() in str(read.get(s.props, "target", "arn")).lower() for op in (_STOP, _START))
        and read.get(s.props, "state", default="ENABLED") != "DISABLED"
    ]
    instance_id = read.get(instance.props, "id")
    linked: list[PricedResource] = []
    unlinked: list[PricedResource] = []
    for schedule in schedules:
        payload = Reader().json(read.get(schedule.props, "target", "input"), "target.input")
        ids = payload.get("InstanceIds") if isinstance(payload, dict) else None
        if isinstance(ids, list) and instance_id not in (None, UNKNOWN) and instance_id in ids:
            linked.append(schedule)
        else:
            unlinked.append(schedule)
    instances = stack.of("aws:ec2/instance:Instance")
    if unlinked and len(instances) == 1:
        # Instance ids are unknown until the instance exists; with one instance the schedules are its.
        return linked + unlinked, "stop/start schedules linked to the only instance"
    if unlinked:
        return linked, f"{len(unlinked)} stop/start schedule(s) not linked to an instance (ids unknown)"
    return linked, ""


def _instance_has_public_ip(instance: PricedResource, stack: _Stack, read: Reader) -> tuple[bool, str]:
    explicit = as_bool(read.get(instance.props, "associatePublicIpAddress"))
    if explicit is True:
        return True, ""
    if explicit is False:
        return False, ""
    public_subnets = [
        s
        for s in stack.of("aws:ec2/subnet:Subnet")
        if as_bool(read.get(s.props, "mapPublicIpOnLaunch")) is True
    ]
    if explicit is UNKNOWN:
        return True, "associatePublicIpAddress unknown at preview: assumed on"
    if public_subnets:
        return True, "auto-assigned: the stack has a subnet with mapPublicIpOnLaunch"
    return False, ""


def _elastic_ip_on_the_only_instance(stack: _Stack) -> bool:
    """Does an Elastic IP name the stack's one instance? Its address then replaces the auto-assigned
    one, and is priced on its own (inputs carry no instance id, so only the one instance can be linked)."""
    if len(stack.of("aws:ec2/instance:Instance")) != 1:
        return False
    read = Reader()
    return any(read.get(e.props, "instance") is not None for e in stack.of("aws:ec2/eip:Eip")) or any(
        read.get(a.props, "instanceId") is not None for a in stack.of("aws:ec2/eipAssociation:EipAssociation")
    )


def _ebs_monthly(
    volume_type: str, size_gb: float, iops: float | None, throughput: float | None
) -> float | None:
    key = f"ebs.{volume_type}.gb_month"
    if not has_price(key):
        return None
    monthly = size_gb * price(key)
    if volume_type == "gp3":
        if iops and iops > 3000:
            monthly += (iops - 3000) * price("ebs.gp3.iops_month")
        if throughput and throughput > 125:
            monthly += (throughput - 125) * price("ebs.gp3.mbps_month")
    if volume_type == "io1" and iops:
        monthly += iops * price("ebs.io1.iops_month")
    return monthly


def _price_instance(instance: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    instance_type = read.get(instance.props, "instanceType")
    if instance_type in (None, UNKNOWN):
        result.not_priced_(instance, "instanceType unknown at preview")
        return
    key = f"ec2.{instance_type}"
    if not has_price(key):
        result.not_priced_(instance, f"instance type {instance_type} is not in the price table")
        return
    is_nat = as_bool(read.get(instance.props, "sourceDestCheck")) is False
    role = "NAT instance" if is_nat else "instance"
    schedules, link_note = _instance_schedules(instance, stack, read)

    def apply_for(schedule: PricedResource) -> Callable[[Any], Any]:
        running = _START.lower() in str(read.get(schedule.props, "target", "arn")).lower()
        return lambda _state: running

    events, problems = _schedule_events(
        schedules,
        read,
        apply_for,
        schedule_key="scheduleExpression",
        timezone_key="scheduleExpressionTimezone",
    )
    hours = weekly_average(True, events, lambda running: 1.0 if running else 0.0) * MONTH_FACTOR
    suffix = " (stopped on a schedule)" if events else ""
    extra = _notes_text([link_note, *problems])
    result.item(instance, hours * price(key), f"{instance_type} {role}, {_hours_text(hours)}{suffix}{extra}")

    public, ip_note = _instance_has_public_ip(instance, stack, read)
    if public and not _elastic_ip_on_the_only_instance(stack):
        detail = f"; {ip_note}" if ip_note else ""
        result.item(
            instance,
            hours * price("ipv4.public_hour"),
            f"public IPv4 of the {role} (released while stopped), {_hours_text(hours)}{detail}",
        )
    root = read.get(instance.props, "rootBlockDevice", default={}) or {}
    size = as_number(read.get(root, "volumeSize")) if root is not UNKNOWN else UNKNOWN
    volume_type = read.get(root, "volumeType") if root is not UNKNOWN else UNKNOWN
    assumed = []
    if size in (None, UNKNOWN):
        size = 8
        assumed.append("size not set: assumed the AMI's 8 GB")
    if volume_type in (None, UNKNOWN):
        volume_type = "gp3"
        assumed.append("type not set: assumed gp3")
    monthly = _ebs_monthly(str(volume_type), float(size), None, None)
    if monthly is None:
        result.not_priced_(instance, f"root volume type {volume_type} is not in the price table")
    else:
        more = _notes_text(assumed)
        result.item(
            instance,
            monthly,
            f"{_fmt_num(float(size))} GB {volume_type} root volume, billed even when stopped{more}",
        )


def _launch_template_for(
    group: PricedResource, stack: _Stack, read: Reader
) -> tuple[PricedResource | None, str]:
    templates = stack.of("aws:ec2/launchTemplate:LaunchTemplate")
    reference = read.get(group.props, "launchTemplate", default={}) or {}
    if reference is not UNKNOWN:
        for key in ("name", "id"):
            wanted = read.get(reference, key)
            for template in templates:
                if wanted not in (None, UNKNOWN) and read.get(template.props, key) == wanted:
                    return template, ""
    only = _single(templates)
    return (only, "launch template: the only one in the stack") if only else (None, "")


def _price_auto_scaling_group(group: PricedResource, stack: _Stack, result: _Result) -> None:
    """Instances of an EC2 Auto Scaling group (e.g. a NAT instance as an ASG of 0/1 on a schedule)."""
    read = Reader()
    if read.get(group.props, "mixedInstancesPolicy") not in (None, UNKNOWN):
        result.not_priced_(group, "mixed instances policies are not modelled")
        return
    template, link_note = _launch_template_for(group, stack, read)
    if template is None:
        result.not_priced_(group, "its launch template could not be found in the stack")
        return
    instance_type = read.get(template.props, "instanceType")
    key = f"ec2.{instance_type}"
    if instance_type in (None, UNKNOWN) or not has_price(key):
        result.not_priced_(group, f"instance type {instance_type!r} unknown or not in the price table")
        return
    numbers = [as_number(read.get(group.props, k)) for k in ("desiredCapacity", "minSize", "maxSize")]
    desired, low, high = (None if n in (None, UNKNOWN) else float(n) for n in numbers)
    name = read.get(group.props, "name")
    schedules = [
        s
        for s in stack.of("aws:autoscaling/schedule:Schedule")
        if read.get(s.props, "autoscalingGroupName") == name or len(stack.of(group.type)) == 1
    ]

    def apply_for(schedule: PricedResource) -> Callable[[Any], Any]:
        changes = [as_number(read.get(schedule.props, k)) for k in ("desiredCapacity", "minSize", "maxSize")]

        def apply(state: tuple[float | None, ...]) -> tuple[float | None, ...]:
            # -1 (or unset) leaves a value as it is, as the AWS API does.
            return tuple(
                old if new in (None, UNKNOWN) or new < 0 else float(new)
                for old, new in zip(state, changes, strict=True)
            )

        return apply

    events, problems = _schedule_events(
        schedules, read, apply_for, schedule_key="recurrence", timezone_key="timeZone", unix=True
    )

    def running(state: tuple[float | None, ...]) -> float:
        want, least, most = state
        return _clamp(want if want is not None else (least or 0.0), least, most)

    hours = weekly_average((desired, low, high), events, running) * MONTH_FACTOR
    extra = _notes_text([link_note, *problems])
    suffix = " (schedule)" if events else ""
    result.item(
        group,
        hours * price(key),
        f"{instance_type} instances of an Auto Scaling group, {hours:.1f} instance-h/month{suffix}{extra}",
    )
    public = False
    for interface in read.items_of(template.props, "networkInterfaces"):
        if interface is not UNKNOWN and as_bool(read.get(interface, "associatePublicIpAddress")) is True:
            public = True
    if public:
        result.item(
            group, hours * price("ipv4.public_hour"), f"public IPv4 per instance, {hours:.1f} address-h/month"
        )
    volume_gb = 0.0
    for mapping in read.items_of(template.props, "blockDeviceMappings"):
        if mapping is UNKNOWN:
            continue
        size = as_number(read.get(mapping, "ebs", "volumeSize"))
        if isinstance(size, int | float):
            volume_gb += float(size)
    volume_note = ""
    if volume_gb == 0:
        volume_gb, volume_note = 8.0, "; size not set: assumed the AMI's 8 GB"
    # Instances an ASG terminates take their root volume with them: storage follows instance hours.
    result.item(
        group,
        volume_gb * price("ebs.gp3.gb_month") * hours / HOURS_PER_MONTH,
        f"{_fmt_num(volume_gb)} GB EBS per instance while it exists, {hours:.1f} h/month{volume_note}",
    )


def _price_volume(volume: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    size = as_number(read.get(volume.props, "size"))
    volume_type = read.get(volume.props, "type", default="gp3")
    if size in (None, UNKNOWN) or volume_type is UNKNOWN:
        result.not_priced_(volume, "size or type unknown (a snapshot-sized volume is priced after apply)")
        return
    iops = as_number(read.get(volume.props, "iops"))
    throughput = as_number(read.get(volume.props, "throughput"))
    monthly = _ebs_monthly(
        str(volume_type),
        float(size),
        None if iops is UNKNOWN else iops,
        None if throughput is UNKNOWN else throughput,
    )
    if monthly is None:
        result.not_priced_(volume, f"volume type {volume_type} is not in the price table")
        return
    result.item(volume, monthly, f"{_fmt_num(float(size))} GB {volume_type} EBS volume")


def _price_eip(eip: PricedResource, stack: _Stack, result: _Result) -> None:
    result.item(
        eip,
        HOURS_PER_MONTH * price("ipv4.public_hour"),
        "Elastic IP: public IPv4, 730 h/month, attached or not",
    )


def _price_nat_gateway(gateway: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    connectivity = read.get(gateway.props, "connectivityType", default="public")
    kind = "private" if connectivity == "private" else "public"
    note = " (its Elastic IP is priced on its own)" if kind == "public" else ""
    result.item(
        gateway,
        HOURS_PER_MONTH * price("nat_gateway.hour"),
        f"{kind} NAT gateway, 730 h/month + $0.045/GB processed{note}",
    )


def _price_load_balancer(balancer: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    kind = read.get(balancer.props, "loadBalancerType", default="application")
    if kind is UNKNOWN or kind not in ("application", "network"):
        result.not_priced_(balancer, f"load balancer type {kind!r} not in the price table")
        return
    label = "ALB" if kind == "application" else "NLB"
    result.item(
        balancer,
        HOURS_PER_MONTH * price(f"elb.{kind}_hour"),
        f"{label}, 730 h/month + capacity units (usage)",
    )
    internal = as_bool(read.get(balancer.props, "internal", default=False))
    if internal is True:
        return
    subnets = read.items_of(balancer.props, "subnets")
    mappings = read.items_of(balancer.props, "subnetMappings")
    count = max(len(subnets), len(mappings))
    note = ""
    if count == 0:
        count = 2
        note = "; subnets unknown at preview: assumed 2 AZs (an ALB needs at least 2)"
    elif internal is UNKNOWN:
        note = "; internal unknown at preview: assumed internet-facing"
    result.item(
        balancer,
        count * HOURS_PER_MONTH * price("ipv4.public_hour"),
        f"{count} public IPv4 addresses of an internet-facing {label} (one per AZ), 730 h/month{note}",
    )


def _price_vpc_endpoint(endpoint: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    kind = read.get(endpoint.props, "vpcEndpointType", default="Gateway")
    service = read.get(endpoint.props, "serviceName", default="?")
    service_name = "?" if service is UNKNOWN else str(service).rsplit(".", 1)[-1]
    if kind == "Gateway":
        result.free.append(
            FreeResource(endpoint.urn, endpoint.type, f"gateway endpoint ({service_name}): free")
        )
        return
    if kind != "Interface":
        result.not_priced_(endpoint, f"endpoint type {kind!r} not in the price table")
        return
    subnets = read.items_of(endpoint.props, "subnetIds")
    count = len(subnets)
    note = ""
    if count == 0:
        count = 1
        note = "; subnets unknown at preview: assumed 1 AZ"
    result.item(
        endpoint,
        count * HOURS_PER_MONTH * price("vpc_endpoint.interface_az_hour"),
        f"interface endpoint {service_name} in {count} AZ(s), 730 h/month + $0.01/GB{note}",
    )


def _price_zone(zone: PricedResource, stack: _Stack, result: _Result) -> None:
    if zone.type.startswith("aws:servicediscovery/"):
        basis = "Route 53 hosted zone created by the Cloud Map DNS namespace"
    else:
        basis = "Route 53 hosted zone (+ queries, usage)"
    result.item(zone, price("route53.hosted_zone_month"), basis)


def _price_rds(database: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    instance_class = read.get(database.props, "instanceClass")
    engine = read.get(database.props, "engine", default="postgres")
    if instance_class in (None, UNKNOWN) or engine is UNKNOWN:
        result.not_priced_(database, "instanceClass or engine unknown at preview")
        return
    if not str(engine).startswith(("postgres", "mysql", "mariadb")):
        result.not_priced_(database, f"engine {engine} carries license or Aurora pricing not in the table")
        return
    key = f"rds.{instance_class}"
    if not has_price(key):
        result.not_priced_(database, f"instance class {instance_class} is not in the price table")
        return
    multi_az = as_bool(read.get(database.props, "multiAz", default=False))
    copies = 2 if multi_az in (True, UNKNOWN) else 1
    az_text = "multi-AZ (x2)" if copies == 2 else "single-AZ"
    if multi_az is UNKNOWN:
        az_text += ", multiAz unknown at preview: assumed on"
    result.item(
        database, copies * HOURS_PER_MONTH * price(key), f"{instance_class} {engine} {az_text}, 730 h/month"
    )
    storage = as_number(read.get(database.props, "allocatedStorage"))
    storage_type = read.get(database.props, "storageType", default="gp2")
    if storage in (None, UNKNOWN) or storage_type is UNKNOWN:
        result.not_priced_(database, "allocatedStorage or storageType unknown at preview")
        return
    storage_key = f"rds.storage.{storage_type}.gb_month"
    if not has_price(storage_key):
        result.not_priced_(database, f"storage type {storage_type} is not in the price table")
        return
    result.item(
        database,
        copies * float(storage) * price(storage_key),
        f"{_fmt_num(float(storage))} GB {storage_type} storage{' x2 (multi-AZ)' if copies == 2 else ''}",
    )


def _price_fixed(key: str, basis: str) -> Callable[[PricedResource, _Stack, _Result], None]:
    def handler(resource: PricedResource, stack: _Stack, result: _Result) -> None:
        result.item(resource, price(key), basis)

    return handler


def _price_web_acl(acl: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    rules = read.items_of(acl.props, "rules")
    note = "; rules unknown at preview: counted 0" if read.unknown_paths else ""
    monthly = price("waf.web_acl_month") + len(rules) * price("waf.rule_month")
    result.item(acl, monthly, f"WAF web ACL + {len(rules)} rule(s) + $0.60 per million requests{note}")


def _price_dynamodb(table: PricedResource, stack: _Stack, result: _Result) -> None:
    read = Reader()
    mode = read.get(table.props, "billingMode", default="PROVISIONED")
    if mode == "PAY_PER_REQUEST":
        result.usage.append(
            UsagePriced(table.urn, table.type, "DynamoDB on-demand: per request, $0 when idle")
        )
        return
    if mode is UNKNOWN:
        result.not_priced_(table, "billingMode unknown at preview")
        return
    reads = as_number(read.get(table.props, "readCapacity", default=0)) or 0
    writes = as_number(read.get(table.props, "writeCapacity", default=0)) or 0
    for index in read.items_of(table.props, "globalSecondaryIndexes"):
        if index is UNKNOWN:
            continue
        reads += as_number(read.get(index, "readCapacity", default=0)) or 0
        writes += as_number(read.get(index, "writeCapacity", default=0)) or 0
    if read.unknown_paths:
        result.not_priced_(table, f"{', '.join(read.unknown_paths)} unknown at preview")
        return
    monthly = HOURS_PER_MONTH * (reads * price("dynamodb.rcu_hour") + writes * price("dynamodb.wcu_hour"))
    result.item(
        table, monthly, f"DynamoDB provisioned {reads:g} RCU / {writes:g} WCU, 730 h/month (+ storage)"
    )


def _price_ssm_parameter(parameter: PricedResource, stack: _Stack, result: _Result) -> None:
    tier = Reader().get(parameter.props, "tier", default="Standard")
    if tier == "Advanced":
        result.item(parameter, price("ssm.advanced_parameter_month"), "SSM advanced parameter")
    elif tier is UNKNOWN:
        result.not_priced_(parameter, "tier unknown at preview")
    else:
        result.free.append(FreeResource(parameter.urn, parameter.type, "SSM standard parameter: free"))


def _price_scaling_policy(policy: PricedResource, stack: _Stack, result: _Result) -> None:
    kind = Reader().get(policy.props, "policyType", default="StepScaling")
    if kind == "TargetTrackingScaling":
        result.item(
            policy,
            2 * price("cloudwatch.alarm_month"),
            "2 CloudWatch alarms that target tracking creates (first 10 alarms a month are free tier)",
        )
    else:
        result.free.append(
            FreeResource(policy.urn, policy.type, "step scaling policy (alarms priced on their own)")
        )


_HANDLERS: dict[str, Callable[[PricedResource, _Stack, _Result], None]] = {
    "aws:ecs/service:Service": _price_service,
    "aws:ec2/instance:Instance": _price_instance,
    "aws:autoscaling/group:Group": _price_auto_scaling_group,
    "aws:ebs/volume:Volume": _price_volume,
    "aws:ec2/eip:Eip": _price_eip,
    "aws:ec2/natGateway:NatGateway": _price_nat_gateway,
    "aws:lb/loadBalancer:LoadBalancer": _price_load_balancer,
    "aws:alb/loadBalancer:LoadBalancer": _price_load_balancer,
    "aws:ec2/vpcEndpoint:VpcEndpoint": _price_vpc_endpoint,
    "aws:route53/zone:Zone": _price_zone,
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": _price_zone,
    "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace": _price_zone,
    "aws:rds/instance:Instance": _price_rds,
    "aws:kms/key:Key": _price_fixed("kms.key_month", "KMS customer managed key (+ requests)"),
    "aws:kms/replicaKey:ReplicaKey": _price_fixed("kms.key_month", "KMS replica key (+ requests)"),
    "aws:secretsmanager/secret:Secret": _price_fixed("secretsmanager.secret_month", "Secrets Manager secret"),
    "aws:wafv2/webAcl:WebAcl": _price_web_acl,
    "aws:dynamodb/table:Table": _price_dynamodb,
    "aws:ssm/parameter:Parameter": _price_ssm_parameter,
    "aws:cloudwatch/metricAlarm:MetricAlarm": _price_fixed("cloudwatch.alarm_month", "CloudWatch alarm"),
    "aws:appautoscaling/policy:Policy": _price_scaling_policy,
}
