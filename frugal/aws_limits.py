"""What AWS accepts, and the options the components offer, as plain data and checks (no Pulumi here).

`settings.py` validates stack config with these before anything is declared, and `frugal/components/` checks
its arguments with the same tables, so the two can't drift apart. Importing this module loads nothing
but the standard library.

- Fargate task sizes, CPU architectures, capacity choices and egress modes;
- CloudWatch Logs retention values;
- DNS names, email addresses and browser origins;
- AWS `cron(...)` expressions, exactly as EventBridge Scheduler and Application Auto Scaling take them,
  and `Schedule`, the one validated pair of them (start, stop, timezone) that settings, the service's
  scaling, its running-tasks alarm and the NAT instance all use.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from dataclasses import dataclass

from frugal.cron import aws_cron_fields

# Fargate's Linux task sizes: cpu units -> allowed memory (MiB).
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}
# Architecture -> (the task definition's cpuArchitecture, the Docker platform an image is built for).
ARCHITECTURES: dict[str, tuple[str, str]] = {
    "x86_64": ("X86_64", "linux/amd64"),
    "arm64": ("ARM64", "linux/arm64"),
}
# spot: all FARGATE_SPOT; mixed: a FARGATE base, the rest Spot; on-demand: all FARGATE.
CAPACITIES = ("spot", "mixed", "on-demand")
# How private subnets reach ECR, Logs and SSM (frugal/components/network.py).
EGRESS_MODES = ("nat-instance", "vpc-endpoints", "nat-gateway")
# CloudWatch Logs retention values; 0 is ours for "never expire" (the provider's meaning too).
LOG_RETENTION_DAYS = (
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
)  # fmt: skip


def fargate_size_error(cpu: int, memory: int) -> str | None:
    """None for a valid Fargate task size, else a message that lists what is allowed."""
    if cpu in FARGATE_SIZES and memory in FARGATE_SIZES[cpu]:
        return None
    combos = "; ".join(f"cpu {c}: memory {', '.join(map(str, m))}" for c, m in FARGATE_SIZES.items())
    if cpu not in FARGATE_SIZES:
        return f"cpu {cpu} is not a Fargate size; allowed cpu units: {', '.join(map(str, FARGATE_SIZES))}"
    return (
        f"cpu {cpu} with memory {memory} is not a Fargate task size; allowed with cpu {cpu}: "
        f"{', '.join(map(str, FARGATE_SIZES[cpu]))} (all combinations: {combos})"
    )


# --- DNS names and origins -------------------------------------------------------------------------

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
# scheme://host[:port], nothing else: no path, no trailing slash, no wildcard.
_ORIGIN = re.compile(
    r"^(?P<scheme>https?)://"
    r"(?P<host>localhost|(\d{1,3}\.){3}\d{1,3}|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})"
    r"(:(?P<port>\d{1,5}))?$"
)


def is_dns_name(value: str) -> bool:
    """A fully qualified DNS name such as `app.example.com` (no trailing dot, no wildcard)."""
    return bool(_HOSTNAME.match(value))


def is_email(value: str) -> bool:
    """An address SNS can send to: a local part without spaces or `@`, and a DNS name after the `@`.

    A plausibility check only: the confirmation mail SNS sends is the real test of an address.
    """
    local, at, domain = value.rpartition("@")
    return (
        bool(at)
        and 0 < len(local) <= 64
        and not any(c.isspace() or c == "@" for c in local)
        and is_dns_name(domain)
    )


def is_in_zone(name: str, zone: str) -> bool:
    """`name` is the zone's apex or a name under it (`www.example.com` in `example.com`)."""
    name, zone = name.rstrip(".").lower(), zone.rstrip(".").lower()
    return name == zone or name.endswith("." + zone)


def origin_error(value: object, *, https_only: bool = False) -> str | None:
    """None for an exact browser origin (`https://app.example.com`, `http://localhost:5173`), else why not.

    Browsers send the Origin header in lower case with no path; a wildcard would let any site call
    an API with its key.
    """
    shape = "scheme and lower-case host, optional port, no path, no wildcard"
    if not isinstance(value, str):
        return f"{value!r} is not a string"
    match = _ORIGIN.match(value)
    if not match:
        return f"{value!r} must look like 'https://example.com' ({shape})"
    if match["port"] and not 1 <= int(match["port"]) <= 65535:
        return f"{value!r} has a port outside 1-65535"
    if https_only and match["scheme"] != "https":
        return f"{value!r} is not an https origin"
    return None


# --- AWS cron expressions --------------------------------------------------------------------------
# One parser serves settings and the cost model: the policy pack's (standard library only), which
# reads exactly what AWS takes, special forms (L, W, #) included.


def cron_fields(expression: str) -> list[str]:
    """The six fields of a valid AWS `cron(...)` expression; ValueError saying what's wrong otherwise."""
    return aws_cron_fields(expression)


def validate_cron(expression: str) -> None:
    """Raise ValueError saying what's wrong with an AWS `cron(...)` expression."""
    cron_fields(expression)


def shift_cron(expression: str, minutes: int) -> str:
    """Move a cron expression with a fixed minute and hour by `minutes`, staying on the same day.

    The errors say only what is wrong with the expression; each caller says what it shifts it for.
    """
    fields = cron_fields(expression)
    if not (fields[0].isdigit() and fields[1].isdigit()):
        raise ValueError("needs a fixed minute and hour (e.g. cron(0 8 ? * MON-FRI *))")
    total = int(fields[1]) * 60 + int(fields[0]) + minutes
    if not 0 <= total < 24 * 60:
        raise ValueError(f"moved by {minutes} minutes would cross midnight")
    fields[0], fields[1] = str(total % 60), str(total // 60)
    return f"cron({' '.join(fields)})"


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_timezone(value: str) -> bool:
    """An IANA timezone name, as EventBridge Scheduler and Application Auto Scaling take it."""
    return value in _timezones()


@dataclass(frozen=True)
class Schedule:
    """When something runs: `start` and `stop` AWS `cron(...)` expressions in an IANA `timezone`.

    A service scales up at `start` and to zero at `stop`; the NAT instance starts and stops.
    """

    start: str
    stop: str
    timezone: str

    def __post_init__(self) -> None:
        for label, expression in (("start", self.start), ("stop", self.stop)):
            try:
                validate_cron(expression)
            except ValueError as err:
                raise ValueError(f"Schedule {label} {expression!r}: {err}") from None
        if not is_timezone(self.timezone):
            raise ValueError(
                f"Schedule timezone {self.timezone!r}: allowed: an IANA timezone name such as UTC, "
                "Europe/Berlin or America/New_York"
            )

    def around(self, lead_minutes: int, lag_minutes: int) -> Schedule:
        """Starting `lead_minutes` earlier and stopping `lag_minutes` later (both on the same day).

        ValueError naming `start` or `stop` when one can't be moved (see `shift_cron`).
        """
        moved = []
        shifts = (("start", self.start, -lead_minutes), ("stop", self.stop, lag_minutes))
        for label, expression, minutes in shifts:
            try:
                moved.append(shift_cron(expression, minutes))
            except ValueError as err:
                raise ValueError(f"{label} {expression!r} {err}") from None
        return Schedule(moved[0], moved[1], self.timezone)


# A scheduled service's running-tasks alarm has its actions switched off at the scale-down and on again
# this long after the scale-up, when the tasks have had time to start; at the reset, a little later, its
# state is set to OK, so a service that did not come up goes OK -> ALARM and notifies (it has been in
# ALARM all night, and an alarm only acts on a change of state).
ALARM_ON_AFTER_START_MINUTES = 10
ALARM_RESET_AFTER_START_MINUTES = 15


def alarm_switch_times(schedule: Schedule) -> tuple[str, str]:
    """The cron expressions (on, reset) of a scheduled running-tasks alarm: after `schedule.start`.

    ValueError (neutral: the caller adds its context) when the start can't be moved that far.
    """
    return (
        shift_cron(schedule.start, ALARM_ON_AFTER_START_MINUTES),
        shift_cron(schedule.start, ALARM_RESET_AFTER_START_MINUTES),
    )
