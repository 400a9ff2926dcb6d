"""Typed, validated settings for the frugal program.

`__main__.py` reads every `frugal:*` config value (strings, the way the engine passes them) and
hands them to `load_settings`, which either returns a frozen `Settings` or raises one
`SettingsError` listing every problem: each line names the key, the value given and what is allowed.
Nothing here touches Pulumi, so the rules are plain functions that tests call directly.
"""

from __future__ import annotations

import difflib
import json
import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from components.api_gateway_proxy import is_dns_name
from components.fargate_service import (
    ARCHITECTURES,
    CAPACITIES,
    FARGATE_SIZES,
    ScaleSchedule,
    fargate_size_error,
)
from components.network import EGRESS_MODES, InstanceSchedule

# CloudWatch Logs retention values; 0 is ours for "never expire" (the provider's meaning too).
LOG_RETENTION_DAYS = (
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
)  # fmt: skip

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


class SettingsError(ValueError):
    """Bad configuration: one line per problem, each naming the key, the value and what's allowed."""

    def __init__(self, problems: list[str], namespace: str = "frugal") -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid {namespace} configuration:\n{lines}")


@dataclass(frozen=True)
class Settings:
    cpu: int = 256
    memory: int = 512
    architecture: str = "x86_64"
    capacity: str = "spot"
    on_demand_base: int = 1
    desired_count: int = 1
    min_count: int = 1
    max_count: int = 2
    cpu_target_percent: float = 70.0
    schedule: str = "office-hours"
    schedule_timezone: str = "UTC"
    schedule_up: str | None = None
    schedule_down: str | None = None
    egress: str = "nat-instance"
    az_count: int = 1
    log_retention_days: int = 7
    container_insights: bool = False
    execute_command: bool = False
    image: str | None = None
    # Point-in-time recovery and deletion protection on the table (prod).
    data_protection: bool = False
    api_key_set: bool = False
    # Edge keys (issue 4), validated here so the unknown-key check accepts them.
    api_throttle_rate: float = 50.0
    api_throttle_burst: int = 100
    api_access_logs: bool = False
    api_domain: str | None = None
    site_domain: str | None = None
    hosted_zone: str | None = None
    api_cors_origins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def scale_schedule(self) -> ScaleSchedule | None:
        if self.schedule == "office-hours":
            return ScaleSchedule(OFFICE_HOURS_UP, OFFICE_HOURS_DOWN, self.schedule_timezone)
        if self.schedule == "custom":
            assert self.schedule_up and self.schedule_down  # guaranteed by load_settings
            return ScaleSchedule(self.schedule_up, self.schedule_down, self.schedule_timezone)
        return None

    @property
    def nat_schedule(self) -> InstanceSchedule | None:
        """The NAT instance's own schedule, wrapped around the service's; None means always on."""
        scale = self.scale_schedule
        if scale is None or self.egress != "nat-instance":
            return None
        return InstanceSchedule(
            start_expression=shift_cron(scale.up_expression, -NAT_START_LEAD_MINUTES),
            stop_expression=shift_cron(scale.down_expression, NAT_STOP_LAG_MINUTES),
            timezone=scale.timezone,
        )


# Config key (camelCase, as in Pulumi.yaml) -> Settings field.
KEYS: dict[str, str] = {
    "cpu": "cpu",
    "memory": "memory",
    "architecture": "architecture",
    "capacity": "capacity",
    "onDemandBase": "on_demand_base",
    "desiredCount": "desired_count",
    "minCount": "min_count",
    "maxCount": "max_count",
    "cpuTargetPercent": "cpu_target_percent",
    "schedule": "schedule",
    "scheduleTimezone": "schedule_timezone",
    "scheduleUp": "schedule_up",
    "scheduleDown": "schedule_down",
    "egress": "egress",
    "azCount": "az_count",
    "logRetentionDays": "log_retention_days",
    "containerInsights": "container_insights",
    "executeCommand": "execute_command",
    "image": "image",
    "dataProtection": "data_protection",
    "apiKey": "api_key_set",
    "apiThrottleRate": "api_throttle_rate",
    "apiThrottleBurst": "api_throttle_burst",
    "apiAccessLogs": "api_access_logs",
    "apiDomain": "api_domain",
    "siteDomain": "site_domain",
    "hostedZone": "hosted_zone",
    "apiCorsOrigins": "api_cors_origins",
}
SECRET_KEYS = frozenset({"apiKey"})


# ---------------------------------------------------------------------------------------------
# AWS cron expressions (EventBridge Scheduler and Application Auto Scaling share the format):
# cron(minutes hours day-of-month month day-of-week year), one of the two day fields must be "?".
# https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
# ---------------------------------------------------------------------------------------------
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
_DAYS = {d: i for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 1)}
_CRON_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minutes", 0, 59, {}),
    ("hours", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day-of-week", 1, 7, _DAYS),
    ("year", 1970, 2199, {}),
)
_CRON_RE = re.compile(r"^cron\((?P<body>[^()]*)\)$")


def _cron_value(token: str, low: int, high: int, names: dict[str, int]) -> int:
    value = names.get(token.upper()) if names else None
    if value is None:
        if not token.isdigit():
            raise ValueError(f"{token!r} is not a number")
        value = int(token)
    if not low <= value <= high:
        raise ValueError(f"{token} is outside {low}-{high}")
    return value


def _check_cron_field(text: str, index: int) -> None:
    name, low, high, names = _CRON_FIELDS[index]
    for part in text.split(","):
        try:
            if part == "*" or (part == "?" and name in ("day-of-month", "day-of-week")):
                continue
            if name == "day-of-month" and part in ("L", "LW"):
                continue
            if name == "day-of-month" and part.endswith("W"):
                _cron_value(part[:-1], low, high, names)
                continue
            if name == "day-of-week" and "#" in part:
                day, nth = part.split("#", 1)
                _cron_value(day, low, high, names)
                _cron_value(nth, 1, 5, {})
                continue
            if name == "day-of-week" and part.endswith("L") and len(part) > 1:
                _cron_value(part[:-1], low, high, names)
                continue
            base, _, step = part.partition("/")
            if step:
                _cron_value(step, 1, high, {})
            if base == "*":
                continue
            if "-" in base:
                start, end = base.split("-", 1)
                _cron_value(start, low, high, names)
                _cron_value(end, low, high, names)
            else:
                _cron_value(base, low, high, names)
        except ValueError as err:
            raise ValueError(f"{name} field {part!r}: {err}") from None


def validate_cron(expression: str) -> None:
    """Raise ValueError saying what's wrong with an AWS `cron(...)` expression."""
    match = _CRON_RE.match(expression.strip())
    if not match:
        raise ValueError("must look like cron(minutes hours day-of-month month day-of-week year)")
    fields = match.group("body").split()
    if len(fields) != 6:
        raise ValueError(
            f"needs 6 fields (minutes hours day-of-month month day-of-week year), got {len(fields)}"
        )
    for index, text in enumerate(fields):
        _check_cron_field(text, index)
    if (fields[2] == "?") == (fields[4] == "?"):
        raise ValueError("exactly one of day-of-month and day-of-week must be '?'")


def shift_cron(expression: str, minutes: int) -> str:
    """Move a cron expression with a fixed minute and hour by `minutes`, staying on the same day."""
    validate_cron(expression)
    fields = _CRON_RE.match(expression.strip()).group("body").split()  # type: ignore[union-attr]
    if not (fields[0].isdigit() and fields[1].isdigit()):
        raise ValueError(
            "needs a fixed minute and hour (e.g. cron(0 8 ? * MON-FRI *)) so the NAT instance's "
            "schedule can be set around it"
        )
    total = int(fields[1]) * 60 + int(fields[0]) + minutes
    if not 0 <= total < 24 * 60:
        raise ValueError(f"moving it by {minutes} minutes for the NAT instance would cross midnight")
    fields[0], fields[1] = str(total % 60), str(total // 60)
    return f"cron({' '.join(fields)})"


# ---------------------------------------------------------------------------------------------
# Parsers: each takes the engine's string and returns a typed value or raises ValueError(allowed).
# ---------------------------------------------------------------------------------------------
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


def _api_key(raw: str) -> bool:
    # Browsers send header values as Latin-1 bytes, so a non-ASCII key could never match from the page.
    if len(raw) < MIN_API_KEY_LENGTH or not (raw.isascii() and raw.isprintable()) or raw != raw.strip():
        raise ValueError(
            f"allowed: a secret of at least {MIN_API_KEY_LENGTH} printable ASCII characters with no "
            "leading or trailing space (the app refuses shorter keys and the page can only send ASCII), "
            "or leave it unset to have one generated"
        )
    return True


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


def _timezone(raw: str) -> str:
    if raw not in zoneinfo.available_timezones():
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


_ORIGIN_RE = re.compile(r"^https://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]+(:\d{1,5})?$")


def _origins(raw: str) -> tuple[str, ...]:
    allowed = 'allowed: a list of https origins without a path, e.g. ["https://app.example.com"]'
    try:
        value: Any = json.loads(raw) if raw.strip() else []
    except json.JSONDecodeError:
        raise ValueError(allowed) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(allowed)
    bad = [v for v in value if not _ORIGIN_RE.match(v)]
    if bad:
        raise ValueError(f"{allowed}; not an https origin: {', '.join(bad)}")
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


PARSERS: dict[str, Callable[[str], Any]] = {
    "cpu": _fargate_cpu,
    "memory": _memory,
    "architecture": _choice(tuple(ARCHITECTURES)),
    "capacity": _choice(CAPACITIES),
    "onDemandBase": _int(0, MAX_TASKS),
    "desiredCount": _int(0, MAX_TASKS),
    "minCount": _int(0, MAX_TASKS),
    "maxCount": _int(1, MAX_TASKS),
    "cpuTargetPercent": _number(10, 95),
    "schedule": _choice(SCHEDULES),
    "scheduleTimezone": _timezone,
    "scheduleUp": _cron,
    "scheduleDown": _cron,
    "egress": _choice(EGRESS_MODES),
    "azCount": _int(1, MAX_AZ_COUNT),
    "logRetentionDays": _retention,
    "containerInsights": _bool,
    "executeCommand": _bool,
    "image": _optional_text,
    "dataProtection": _bool,
    "apiKey": _api_key,
    "apiThrottleRate": _number(1, 10000),
    "apiThrottleBurst": _int(1, 5000),
    "apiAccessLogs": _bool,
    "apiDomain": _domain,
    "siteDomain": _domain,
    "hostedZone": _domain,
    "apiCorsOrigins": _origins,
}


def _problem(key: str, raw: str, allowed: str, namespace: str) -> str:
    shown = "<secret>" if key in SECRET_KEYS else json.dumps(raw)
    return f"{namespace}:{key} = {shown}: {allowed}"


def load_settings(values: Mapping[str, str], namespace: str = "frugal") -> Settings:
    """Validate config values (bare key -> the engine's string) into Settings, or raise SettingsError."""
    problems: list[str] = []
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in PARSERS:
            close = difflib.get_close_matches(key, list(PARSERS), n=1)
            hint = f" (did you mean {namespace}:{close[0]}?)" if close else ""
            allowed = ", ".join(PARSERS)
            problems.append(
                f"{namespace}:{key} = {json.dumps(raw)}: unknown key{hint}; allowed keys: {allowed}"
            )
            continue
        try:
            parsed[KEYS[key]] = PARSERS[key](raw)
        except ValueError as err:
            problems.append(_problem(key, raw, str(err), namespace))
    if problems:
        raise SettingsError(problems, namespace)

    settings = Settings(**parsed)
    problems.extend(_cross_checks(settings, namespace))
    if problems:
        raise SettingsError(problems, namespace)
    return settings


def _cross_checks(s: Settings, ns: str) -> list[str]:
    """Rules that involve more than one key."""
    problems = []
    size_error = fargate_size_error(s.cpu, s.memory)
    if size_error:
        problems.append(f"{ns}:memory = {s.memory} with {ns}:cpu = {s.cpu}: {size_error}")
    if s.min_count > s.max_count:
        problems.append(
            f"{ns}:minCount = {s.min_count} is greater than {ns}:maxCount = {s.max_count}: "
            "allowed: minCount <= maxCount"
        )
    elif not s.min_count <= s.desired_count <= s.max_count:
        problems.append(
            f"{ns}:desiredCount = {s.desired_count}: allowed: from minCount ({s.min_count}) "
            f"to maxCount ({s.max_count})"
        )
    if s.capacity == "mixed" and not 1 <= s.on_demand_base <= s.max_count:
        problems.append(
            f"{ns}:onDemandBase = {s.on_demand_base} with {ns}:capacity = mixed: allowed: from 1 to "
            f"maxCount ({s.max_count}); use capacity spot for no on-demand task"
        )
    if s.schedule == "custom":
        for key, value in (("scheduleUp", s.schedule_up), ("scheduleDown", s.schedule_down)):
            if not value:
                problems.append(
                    f'{ns}:{key} = "": allowed: an AWS cron expression, required when {ns}:schedule = custom'
                )
    elif s.schedule_up or s.schedule_down:
        problems.append(
            f"{ns}:scheduleUp/scheduleDown = {json.dumps(s.schedule_up or s.schedule_down)} with "
            f"{ns}:schedule = {s.schedule}: allowed only with schedule = custom"
        )
    if s.schedule != "none" and s.min_count == 0:
        problems.append(
            f"{ns}:minCount = 0 with {ns}:schedule = {s.schedule}: allowed: at least 1, since the "
            "scheduled scale-up restores minCount and CPU target tracking can't wake a service from 0"
        )
    if s.schedule == "custom" and s.egress == "nat-instance" and s.schedule_up and s.schedule_down:
        for key, value, shift in (
            ("scheduleUp", s.schedule_up, -NAT_START_LEAD_MINUTES),
            ("scheduleDown", s.schedule_down, NAT_STOP_LAG_MINUTES),
        ):
            try:
                shift_cron(value, shift)
            except ValueError as err:
                problems.append(f"{ns}:{key} = {json.dumps(value)} with {ns}:egress = nat-instance: {err}")
    if s.execute_command and s.egress == "vpc-endpoints":
        # ECS Exec's agent talks to ssmmessages, which that egress has no endpoint for.
        problems.append(
            f"{ns}:executeCommand = true with {ns}:egress = vpc-endpoints: allowed only with egress "
            "nat-instance or nat-gateway (ECS Exec needs ssmmessages, which has no endpoint here)"
        )
    for key, value in (("apiDomain", s.api_domain), ("siteDomain", s.site_domain)):
        if value and not s.hosted_zone:
            problems.append(f"{ns}:{key} = {json.dumps(value)}: allowed only with {ns}:hostedZone set")
        elif value and s.hosted_zone and not (value == s.hosted_zone or value.endswith("." + s.hosted_zone)):
            problems.append(
                f"{ns}:{key} = {json.dumps(value)}: allowed: a name inside {ns}:hostedZone ({s.hosted_zone})"
            )
    return problems
