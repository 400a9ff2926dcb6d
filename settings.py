"""Typed, validated settings for the frugal program: every `frugal:*` key defined once, in `KEYS`.

Each `Key` says its name, its Pulumi.yaml type and default, its check and its description. Pulumi.yaml's
`config:` section is generated from `KEYS` (`python -m settings` prints it; a test keeps the file equal
to it), and the defaults the program uses are the Pulumi.yaml defaults run through the same checks.

`__main__.py` reads every `frugal:*` value (strings, the way the engine passes them) and hands them to
`load_settings`, which either returns a frozen `Settings` or raises one `SettingsError` listing every
problem: each line names the key, the value given and what is allowed. The settings come in groups,
the way the components take them (`network`, `cluster`, `service`, `schedule`, `data`, `edge`, `app`,
`alerts`).

`policy_budget` reads the one number this program takes from the policy pack's config: the stack's
monthly budget, which the stack's AWS Budgets budget uses as its limit.

Nothing here touches Pulumi or `frugal.components`: the tables both need are in `frugal/aws_limits.py`.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frugal.aws_limits import (
    ALARM_ON_AFTER_START_MINUTES,
    ALARM_RESET_AFTER_START_MINUTES,
    ARCHITECTURES,
    CAPACITIES,
    EGRESS_MODES,
    FARGATE_SIZES,
    LOG_RETENTION_DAYS,
    Schedule,
    alarm_switch_times,
    fargate_size_error,
    is_dns_name,
    is_email,
    is_in_zone,
    is_timezone,
    origin_error,
    shift_cron,
    validate_cron,
)

SCHEDULES = ("none", "office-hours", "custom")
# The app refuses a shorter FRUGAL_API_KEY at start (app/config.py), which would crash-loop the task.
MIN_API_KEY_LENGTH = 16
MAX_AZ_COUNT = 3
MAX_TASKS = 100

# Office hours: weekdays 08:00-19:00 in scheduleTimezone.
OFFICE_HOURS_UP = "cron(0 8 ? * MON-FRI *)"
OFFICE_HOURS_DOWN = "cron(0 19 ? * MON-FRI *)"
# The NAT instance boots before the service scales up (tasks need it to pull the image) and stops
# after the service has drained (stopTimeout is 120 s, and the last logs still go out through it).
NAT_START_LEAD_MINUTES = 5
NAT_STOP_LAG_MINUTES = 5
# What `alarms` can name, each a component's own alarms: the NAT instance's two status checks (recover,
# reboot), the API's 5xx rate, and the service's running tasks during its hours.
ALARMS = ("nat-instance", "api-errors", "service-tasks")
BUDGET_SCOPES = ("stack", "account")


class SettingsError(ValueError):
    """Bad configuration: one line per problem, each naming the key, the value and what's allowed."""

    def __init__(self, problems: list[str], namespace: str = "frugal") -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid {namespace} configuration:\n{lines}")


# --- the groups, as the components take them --------------------------------------------------------


@dataclass(frozen=True)
class NetworkSettings:
    """NetworkArgs."""

    egress: str
    az_count: int


@dataclass(frozen=True)
class ClusterSettings:
    """FargateClusterArgs."""

    container_insights: bool


@dataclass(frozen=True)
class ServiceSettings:
    """FargateServiceArgs."""

    cpu: int
    memory: int
    architecture: str
    capacity: str
    on_demand_base: int
    desired_count: int
    min_count: int
    max_count: int
    cpu_target_percent: float
    log_retention_days: int
    execute_command: bool
    image: str | None


@dataclass(frozen=True)
class ScheduleSettings:
    """The service's Schedule and, derived from it, the NAT instance's."""

    mode: str
    timezone: str
    up: str | None
    down: str | None

    @property
    def service_window(self) -> Schedule | None:
        """When the service runs (scale up, scale down); None means always on."""
        if self.mode == "office-hours":
            return Schedule(OFFICE_HOURS_UP, OFFICE_HOURS_DOWN, self.timezone)
        if self.mode == "custom":
            assert self.up and self.down  # guaranteed by load_settings
            return Schedule(self.up, self.down, self.timezone)
        return None


@dataclass(frozen=True)
class DataSettings:
    """DataTableArgs."""

    data_protection: bool


@dataclass(frozen=True)
class EdgeSettings:
    """ApiGatewayProxyArgs and StaticSiteArgs (a domain is only ever set with its hosted zone)."""

    api_throttle_rate: float
    api_throttle_burst: int
    api_access_logs: bool
    api_domain: str | None
    site_domain: str | None
    hosted_zone: str | None
    api_cors_origins: tuple[str, ...]


@dataclass(frozen=True)
class AppSettings:
    """What the inventory app itself is given."""

    api_key_set: bool


@dataclass(frozen=True)
class AlertSettings:
    """The stack's alert topic, its budget and its alarms."""

    emails: tuple[str, ...]
    alarms: tuple[str, ...]
    budget_scope: str
    cost_anomaly_monitor: bool


@dataclass(frozen=True)
class Settings:
    network: NetworkSettings
    cluster: ClusterSettings
    service: ServiceSettings
    schedule: ScheduleSettings
    data: DataSettings
    edge: EdgeSettings
    app: AppSettings
    alerts: AlertSettings

    @property
    def nat_window(self) -> Schedule | None:
        """The NAT instance's own schedule, wrapped around the service's; None means always on."""
        service = self.schedule.service_window
        if service is None or self.network.egress != "nat-instance":
            return None
        return service.around(NAT_START_LEAD_MINUTES, NAT_STOP_LAG_MINUTES)


GROUPS: dict[str, type] = {
    "network": NetworkSettings,
    "cluster": ClusterSettings,
    "service": ServiceSettings,
    "schedule": ScheduleSettings,
    "data": DataSettings,
    "edge": EdgeSettings,
    "app": AppSettings,
    "alerts": AlertSettings,
}


# --- checks: each takes the engine's string and returns a typed value or raises ValueError(allowed) ---


def _int(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"allowed: a whole number from {low} to {high}") from None
        if not low <= value <= high:
            raise ValueError(f"allowed: a whole number from {low} to {high}")
        return value

    return parse


def _number(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"allowed: a number from {low:g} to {high:g}") from None
        if not low <= value <= high:
            raise ValueError(f"allowed: a number from {low:g} to {high:g}")
        return value

    return parse


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(f"allowed: {', '.join(options)}")
        return raw

    return parse


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise ValueError("allowed: true or false")


def _optional_text(raw: str) -> str | None:
    return raw.strip() or None


def _api_key(raw: str) -> bool:
    # Browsers send header values as Latin-1 bytes, so a non-ASCII key could never match from the page.
    if len(raw) < MIN_API_KEY_LENGTH or not (raw.isascii() and raw.isprintable()) or raw != raw.strip():
        raise ValueError(
            f"allowed: a secret of at least {MIN_API_KEY_LENGTH} printable ASCII characters with no "
            "leading or trailing space (the app refuses shorter keys and the page can only send ASCII), "
            "or leave it unset to have one generated"
        )
    return True


def _timezone(raw: str) -> str:
    if not is_timezone(raw):
        raise ValueError("allowed: an IANA timezone name such as UTC, Europe/Berlin or America/New_York")
    return raw


def _cron(raw: str) -> str | None:
    if not raw.strip():
        return None
    try:
        validate_cron(raw)
    except ValueError as err:
        raise ValueError(f"allowed: an AWS cron expression, e.g. {OFFICE_HOURS_UP} ({err})") from None
    return raw.strip()


def _domain(raw: str) -> str | None:
    value = raw.strip().rstrip(".").lower()
    if not value:
        return None
    if not is_dns_name(value):
        raise ValueError("allowed: a DNS name such as api.example.com")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    allowed = 'allowed: a list of https origins without a path, e.g. ["https://app.example.com"]'
    try:
        value: Any = json.loads(raw) if raw.strip() else []
    except json.JSONDecodeError:
        raise ValueError(allowed) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(allowed)
    bad = [v for v in value if origin_error(v, https_only=True)]
    if bad:
        raise ValueError(f"{allowed}; not an https origin: {', '.join(bad)}")
    return tuple(value)


def _string_list(raw: str, allowed: str) -> list[str]:
    try:
        value: Any = json.loads(raw) if raw.strip() else []
    except json.JSONDecodeError:
        raise ValueError(allowed) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(allowed)
    return value


def _emails(raw: str) -> tuple[str, ...]:
    allowed = 'allowed: a list of email addresses, e.g. ["ops@example.com"], or [] for none'
    value = [v.strip() for v in _string_list(raw, allowed)]
    bad = [v for v in value if not is_email(v)]
    if bad:
        raise ValueError(f"{allowed}; not an email address: {', '.join(map(json.dumps, bad))}")
    lowered = [v.lower() for v in value]
    twice = sorted({v for v in value if lowered.count(v.lower()) > 1})
    if twice:
        raise ValueError(f"{allowed}; listed more than once: {', '.join(twice)}")
    return tuple(value)


def _alarms(raw: str) -> tuple[str, ...]:
    allowed = f"allowed: a list of any of {', '.join(ALARMS)} (or [] for none)"
    value = _string_list(raw, allowed)
    unknown = [v for v in value if v not in ALARMS]
    if unknown:
        raise ValueError(f"{allowed}; unknown: {', '.join(map(json.dumps, unknown))}")
    if len(set(value)) != len(value):
        raise ValueError(f"{allowed}; each at most once")
    return tuple(value)


def _fargate_cpu(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value not in FARGATE_SIZES:
        raise ValueError(f"allowed cpu units: {', '.join(map(str, FARGATE_SIZES))}")
    return value


def _memory(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError("allowed: memory in MiB, a whole number such as 512") from None


def _retention(raw: str) -> int:
    allowed = f"allowed: {', '.join(map(str, LOG_RETENTION_DAYS))} (0 means never expire)"
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(allowed) from None
    if value not in LOG_RETENTION_DAYS:
        raise ValueError(allowed)
    return value


# --- every key, once ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Key:
    """One `frugal:*` key, declared by keyword: where its value lands (`group`.`field` of `Settings`)."""

    name: str
    """The config key as Pulumi.yaml and stack files spell it (after `frugal:`)."""
    group: str
    field: str
    type: str
    """Pulumi.yaml's type: string, integer, boolean or array (of strings). Pulumi has no float type."""
    default: Any
    """As Pulumi.yaml writes it; None for a secret without a default."""
    parse: Callable[[str], Any]
    description: str
    secret: bool = False


KEYS: tuple[Key, ...] = (
    Key(
        name="cpu",
        group="service",
        field="cpu",
        type="integer",
        default=256,
        parse=_fargate_cpu,
        description=f"Fargate task cpu units ({', '.join(map(str, FARGATE_SIZES))}).",
    ),
    Key(
        name="memory",
        group="service",
        field="memory",
        type="integer",
        default=512,
        parse=_memory,
        description="Fargate task memory in MiB; must be a valid combination with cpu.",
    ),
    Key(
        name="architecture",
        group="service",
        field="architecture",
        type="string",
        default="x86_64",
        parse=_choice(tuple(ARCHITECTURES)),
        description="x86_64 or arm64 (the image is built for this platform).",
    ),
    Key(
        name="capacity",
        group="service",
        field="capacity",
        type="string",
        default="spot",
        parse=_choice(CAPACITIES),
        description=(
            "spot (all FARGATE_SPOT), mixed (onDemandBase tasks on FARGATE, the rest Spot) or on-demand."
        ),
    ),
    Key(
        name="onDemandBase",
        group="service",
        field="on_demand_base",
        type="integer",
        default=1,
        parse=_int(0, MAX_TASKS),
        description="On-demand tasks kept when capacity is mixed (ignored otherwise).",
    ),
    Key(
        name="desiredCount",
        group="service",
        field="desired_count",
        type="integer",
        default=1,
        parse=_int(0, MAX_TASKS),
        description="Tasks at creation (autoscaling owns the count afterwards).",
    ),
    Key(
        name="minCount",
        group="service",
        field="min_count",
        type="integer",
        default=1,
        parse=_int(0, MAX_TASKS),
        description="Autoscaling minimum while the service is up.",
    ),
    Key(
        name="maxCount",
        group="service",
        field="max_count",
        type="integer",
        default=2,
        parse=_int(1, MAX_TASKS),
        description="Autoscaling maximum.",
    ),
    Key(
        name="cpuTargetPercent",
        group="service",
        field="cpu_target_percent",
        type="integer",
        default=70,
        parse=_number(10, 95),
        description="CPU target tracking percentage.",
    ),
    Key(
        name="schedule",
        group="schedule",
        field="mode",
        type="string",
        default="office-hours",
        parse=_choice(SCHEDULES),
        description=(
            "none, office-hours (weekdays 08:00-19:00, 0 tasks outside) or custom (scheduleUp/scheduleDown)."
        ),
    ),
    Key(
        name="scheduleTimezone",
        group="schedule",
        field="timezone",
        type="string",
        default="UTC",
        parse=_timezone,
        description="IANA timezone for the schedules.",
    ),
    Key(
        name="scheduleUp",
        group="schedule",
        field="up",
        type="string",
        default="",
        parse=_cron,
        description="AWS cron expression that scales the service up (schedule custom).",
    ),
    Key(
        name="scheduleDown",
        group="schedule",
        field="down",
        type="string",
        default="",
        parse=_cron,
        description="AWS cron expression that scales the service to zero (schedule custom).",
    ),
    Key(
        name="egress",
        group="network",
        field="egress",
        type="string",
        default="nat-instance",
        parse=_choice(EGRESS_MODES),
        description=(
            "How private subnets reach ECR, Logs and SSM; nat-instance, vpc-endpoints or nat-gateway."
        ),
    ),
    Key(
        name="azCount",
        group="network",
        field="az_count",
        type="integer",
        default=1,
        parse=_int(1, MAX_AZ_COUNT),
        description="Availability zones for the private subnets (1-3).",
    ),
    Key(
        name="logRetentionDays",
        group="service",
        field="log_retention_days",
        type="integer",
        default=7,
        parse=_retention,
        description="CloudWatch Logs retention in days (0 means never expire).",
    ),
    Key(
        name="containerInsights",
        group="cluster",
        field="container_insights",
        type="boolean",
        default=False,
        parse=_bool,
        description="ECS Container Insights (billed as custom metrics).",
    ),
    Key(
        name="executeCommand",
        group="service",
        field="execute_command",
        type="boolean",
        default=False,
        parse=_bool,
        description="Enable ECS Exec on the service.",
    ),
    Key(
        name="image",
        group="service",
        field="image",
        type="string",
        default="",
        parse=_optional_text,
        description="A pushed image URI to run; empty builds app/Dockerfile at `pulumi up`.",
    ),
    Key(
        name="dataProtection",
        group="data",
        field="data_protection",
        type="boolean",
        default=False,
        parse=_bool,
        description="Deletion protection on the DynamoDB table (point-in-time recovery is always on).",
    ),
    Key(
        name="apiKey",
        group="app",
        field="api_key_set",
        type="string",
        default=None,
        parse=_api_key,
        description=(
            "The API key the app requires for writes; generated (and exported as a secret) when unset."
        ),
        secret=True,
    ),
    Key(
        name="apiThrottleRate",
        group="edge",
        field="api_throttle_rate",
        type="integer",
        default=50,
        parse=_number(1, 10000),
        description="API Gateway steady-state requests per second.",
    ),
    Key(
        name="apiThrottleBurst",
        group="edge",
        field="api_throttle_burst",
        type="integer",
        default=100,
        parse=_int(1, 5000),
        description="API Gateway burst limit.",
    ),
    Key(
        name="apiAccessLogs",
        group="edge",
        field="api_access_logs",
        type="boolean",
        default=True,
        parse=_bool,
        description=(
            "API Gateway access logs to a log group with logRetentionDays (no fixed fee: $0.50/GB ingested)."
        ),
    ),
    Key(
        name="apiDomain",
        group="edge",
        field="api_domain",
        type="string",
        default="",
        parse=_domain,
        description="Optional custom domain for the API (needs hostedZone).",
    ),
    Key(
        name="siteDomain",
        group="edge",
        field="site_domain",
        type="string",
        default="",
        parse=_domain,
        description="Optional custom domain for the site (needs hostedZone).",
    ),
    Key(
        name="hostedZone",
        group="edge",
        field="hosted_zone",
        type="string",
        default="",
        parse=_domain,
        description="Route 53 public hosted zone holding apiDomain/siteDomain.",
    ),
    Key(
        name="apiCorsOrigins",
        group="edge",
        field="api_cors_origins",
        type="array",
        default=[],
        parse=_origins,
        description="Extra https origins allowed by CORS, besides the site's own.",
    ),
    Key(
        name="alertEmails",
        group="alerts",
        field="emails",
        type="array",
        default=[],
        parse=_emails,
        description=(
            "Email addresses subscribed to the stack's alert topic (each confirms by mail); [] for none."
        ),
    ),
    Key(
        name="alarms",
        group="alerts",
        field="alarms",
        type="array",
        default=list(ALARMS),
        parse=_alarms,
        description=(
            "CloudWatch alarms to create: nat-instance (2), api-errors (1 on 2 metrics), service-tasks (1)."
        ),
    ),
    Key(
        name="budgetScope",
        group="alerts",
        field="budget_scope",
        type="string",
        default="stack",
        parse=_choice(BUDGET_SCOPES),
        description=(
            "What the monthly budget counts: stack (costs tagged with this stack, once the tag is activated "
            "for cost allocation) or account (everything in the account)."
        ),
    ),
    Key(
        name="costAnomalyMonitor",
        group="alerts",
        field="cost_anomaly_monitor",
        type="boolean",
        default=False,
        parse=_bool,
        description=(
            "A Cost Anomaly Detection monitor on the stack's cost allocation tag (management account only)."
        ),
    ),
)
KEYS_BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
# When a secret has no default, this is what its field holds when unset.
_UNSET_SECRET = {"api_key_set": False}


def engine_string(value: Any) -> str:
    """A Pulumi.yaml value as the engine hands it to a program: text, `true`/`false`, JSON lists."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def pulumi_yaml_config() -> dict[str, Any]:
    """The `config:` section Pulumi.yaml must hold for these keys (besides `aws:region`)."""
    config: dict[str, Any] = {}
    for key in KEYS:
        entry: dict[str, Any] = {"type": key.type}
        if key.type == "array":
            entry["items"] = {"type": "string"}
        if key.secret:
            entry["secret"] = True
        if key.default is not None:
            entry["default"] = key.default
        entry["description"] = key.description
        config[key.name] = entry
    return config


def _problem(key: str, raw: str, allowed: str, namespace: str) -> str:
    shown = "<secret>" if KEYS_BY_NAME[key].secret else json.dumps(raw)
    return f"{namespace}:{key} = {shown}: {allowed}"


def load_settings(values: Mapping[str, str], namespace: str = "frugal") -> Settings:
    """Validate config values (bare key -> the engine's string) into Settings, or raise SettingsError."""
    problems: list[str] = []
    for key in values:
        if key not in KEYS_BY_NAME:
            close = difflib.get_close_matches(key, list(KEYS_BY_NAME), n=1)
            hint = f" (did you mean {namespace}:{close[0]}?)" if close else ""
            problems.append(
                f"{namespace}:{key} = {json.dumps(values[key])}: unknown key{hint}; "
                f"allowed keys: {', '.join(KEYS_BY_NAME)}"
            )
    by_group: dict[str, dict[str, Any]] = {group: {} for group in GROUPS}
    for key in KEYS:
        raw = values.get(key.name)
        if raw is None:
            if key.default is None:
                by_group[key.group][key.field] = _UNSET_SECRET[key.field]
                continue
            raw = engine_string(key.default)
        try:
            by_group[key.group][key.field] = key.parse(raw)
        except ValueError as err:
            problems.append(_problem(key.name, raw, str(err), namespace))
    if problems:
        raise SettingsError(problems, namespace)

    settings = Settings(**{group: GROUPS[group](**parsed) for group, parsed in by_group.items()})
    problems.extend(_cross_checks(settings, namespace))
    if problems:
        raise SettingsError(problems, namespace)
    return settings


def defaults() -> Settings:
    """Pulumi.yaml's defaults, checked."""
    return load_settings({})


def _cross_checks(s: Settings, ns: str) -> list[str]:
    """Rules that involve more than one key."""
    service, schedule, edge = s.service, s.schedule, s.edge
    problems = []
    size_error = fargate_size_error(service.cpu, service.memory)
    if size_error:
        problems.append(f"{ns}:memory = {service.memory} with {ns}:cpu = {service.cpu}: {size_error}")
    if service.min_count > service.max_count:
        problems.append(
            f"{ns}:minCount = {service.min_count} is greater than {ns}:maxCount = {service.max_count}: "
            "allowed: minCount <= maxCount"
        )
    elif not service.min_count <= service.desired_count <= service.max_count:
        problems.append(
            f"{ns}:desiredCount = {service.desired_count}: allowed: from minCount ({service.min_count}) "
            f"to maxCount ({service.max_count})"
        )
    if service.capacity == "mixed" and not 1 <= service.on_demand_base <= service.max_count:
        problems.append(
            f"{ns}:onDemandBase = {service.on_demand_base} with {ns}:capacity = mixed: allowed: from 1 to "
            f"maxCount ({service.max_count}); use capacity spot for no on-demand task"
        )
    if schedule.mode == "custom":
        for key, value in (("scheduleUp", schedule.up), ("scheduleDown", schedule.down)):
            if not value:
                problems.append(
                    f'{ns}:{key} = "": allowed: an AWS cron expression, required when {ns}:schedule = custom'
                )
    elif schedule.up or schedule.down:
        problems.append(
            f"{ns}:scheduleUp/scheduleDown = {json.dumps(schedule.up or schedule.down)} with "
            f"{ns}:schedule = {schedule.mode}: allowed only with schedule = custom"
        )
    if schedule.mode != "none" and service.min_count == 0:
        problems.append(
            f"{ns}:minCount = 0 with {ns}:schedule = {schedule.mode}: allowed: at least 1, since the "
            "scheduled scale-up restores minCount and CPU target tracking can't wake a service from 0"
        )
    if schedule.mode == "custom" and s.network.egress == "nat-instance" and schedule.up and schedule.down:
        for key, value, shift in (
            ("scheduleUp", schedule.up, -NAT_START_LEAD_MINUTES),
            ("scheduleDown", schedule.down, NAT_STOP_LAG_MINUTES),
        ):
            try:
                shift_cron(value, shift)
            except ValueError as err:
                problems.append(
                    f"{ns}:{key} = {json.dumps(value)} with {ns}:egress = nat-instance: the NAT instance "
                    f"starts {NAT_START_LEAD_MINUTES} minutes before the scale-up and stops "
                    f"{NAT_STOP_LAG_MINUTES} minutes after the scale-down, so it {err}"
                )
    if service.execute_command and s.network.egress == "vpc-endpoints":
        # ECS Exec's agent talks to ssmmessages, which that egress has no endpoint for.
        problems.append(
            f"{ns}:executeCommand = true with {ns}:egress = vpc-endpoints: allowed only with egress "
            "nat-instance or nat-gateway (ECS Exec needs ssmmessages, which has no endpoint here)"
        )
    for key, value in (("apiDomain", edge.api_domain), ("siteDomain", edge.site_domain)):
        if value and not edge.hosted_zone:
            problems.append(f"{ns}:{key} = {json.dumps(value)}: allowed only with {ns}:hostedZone set")
        elif value and edge.hosted_zone and not is_in_zone(value, edge.hosted_zone):
            inside = f"allowed: a name inside {ns}:hostedZone ({edge.hosted_zone})"
            problems.append(f"{ns}:{key} = {json.dumps(value)}: {inside}")
    problems.extend(_alert_checks(s, ns))
    if edge.hosted_zone and not (edge.api_domain or edge.site_domain):
        problems.append(
            f"{ns}:hostedZone = {json.dumps(edge.hosted_zone)}: allowed only with {ns}:apiDomain or "
            f"{ns}:siteDomain set (nothing would use the zone)"
        )
    return problems


def _alert_checks(s: Settings, ns: str) -> list[str]:
    if "service-tasks" not in s.alerts.alarms:
        return []
    if s.service.min_count == 0:
        return [
            f'{ns}:alarms includes "service-tasks" with {ns}:minCount = 0: allowed only with minCount >= 1 '
            "(no number of running tasks is below 0)"
        ]
    if s.schedule.mode == "custom" and not (s.schedule.up and s.schedule.down):
        return []  # reported on its own
    service_window = s.schedule.service_window
    if service_window is None:
        return []
    try:
        alarm_switch_times(service_window)
    except ValueError as err:
        key = "scheduleUp" if s.schedule.mode == "custom" else "schedule"
        return [
            f'{ns}:{key} = {json.dumps(service_window.start)} with {ns}:alarms including "service-tasks": '
            f"the alarm is switched on {ALARM_ON_AFTER_START_MINUTES} and reset "
            f"{ALARM_RESET_AFTER_START_MINUTES} minutes after the scale-up, so the scale-up {err}"
        ]
    return []


def policy_budget(path: Path) -> float | None:
    """The stack's monthly budget from a policy config file (`monthly-budget.budgetUsdMonthly`).

    None when the file does not exist or sets no budget (the pack then uses its own default); a file
    that is there but malformed is an error naming the file and the key.
    """
    if not path.is_file():
        return None
    try:
        config = json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise SettingsError([f"{path}: not valid JSON ({err})"]) from None
    entry = config.get("monthly-budget") if isinstance(config, dict) else None
    if entry is None or not isinstance(entry, dict) or "budgetUsdMonthly" not in entry:
        return None
    value = entry["budgetUsdMonthly"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise SettingsError(
            [f"{path}: monthly-budget.budgetUsdMonthly = {json.dumps(value)}: allowed: a number above 0"]
        )
    return float(value)


def _yaml_block() -> str:
    """Pulumi.yaml's config section for KEYS, for pasting into Pulumi.yaml."""
    import yaml  # only this command needs it (requirements-dev.txt)

    body = yaml.safe_dump(pulumi_yaml_config(), sort_keys=False, width=200)
    return "config:\n  aws:region: us-east-1\n" + "".join(f"  {line}\n" for line in body.splitlines())


if __name__ == "__main__":
    sys.stdout.write(_yaml_block())
