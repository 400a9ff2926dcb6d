"""Schedule expressions as AWS writes them, and the hours a schedule keeps something running.

Application Auto Scaling and EventBridge Scheduler take `cron(min hour dom month dow year)` with
AWS's own rules (day-of-week 1-7 = SUN-SAT, `?` for "any", names like MON-FRI), plus `rate(...)`
and one-off `at(...)`. EC2 Auto Scaling schedules take 5-field Unix cron (day-of-week 0-6 = SUN-SAT).
General cron libraries implement the Unix flavour only, so the AWS flavour is parsed here; the
special forms `L`, `W` and `#` are rejected with a clear error rather than guessed.
Docs: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A reference fortnight with no DST change anywhere common: the first week settles the state left
# by last week's actions, the second is measured.
REFERENCE_START = date(2025, 12, 29)  # a Monday
MINUTES_PER_WEEK = 7 * 24 * 60
HOURS_PER_MONTH = 730.0
HOURS_PER_WEEK = 168.0

_MONTHS = {
    name: index + 1
    for index, name in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    )
}
_AWS_DAYS = {name: index + 1 for index, name in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}
_UNIX_DAYS = {name: index for index, name in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}


class CronError(ValueError):
    """A schedule expression this module cannot read."""


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None = any
    months: frozenset[int]
    weekdays: frozenset[int] | None  # ISO weekday 1=Mon..7=Sun; None = any
    years: frozenset[int] | None = None  # None = any; matched against the reference fortnight

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months or (self.years is not None and day.year not in self.years):
            return False
        dom_ok = self.days_of_month is None or day.day in self.days_of_month
        dow_ok = self.weekdays is None or day.isoweekday() in self.weekdays
        if self.days_of_month is not None and self.weekdays is not None:
            return dom_ok or dow_ok  # classic cron: both restricted means either
        return dom_ok and dow_ok


def _parse_field(text: str, low: int, high: int, names: dict[str, int], what: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        if any(marker in part for marker in ("L", "W", "#")) and not any(n in part.upper() for n in names):
            raise CronError(f"the {what} field {text!r} uses L, W or #, which this estimate does not model")
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"bad step in {what} field {text!r}")
            step = int(step_text)
        if part in ("*", "?"):
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, end = _value(first, names, what, text), _value(last, names, what, text)
        else:
            start = _value(part, names, what, text)
            end = high if step != 1 else start
        if not (low <= start <= high and low <= end <= high):
            raise CronError(f"{what} field {text!r} is outside {low}-{high}")
        if start <= end:
            values.update(range(start, end + 1, step))
        else:  # a wrapping range such as FRI-MON
            values.update(v for v in range(start, high + 1, step))
            values.update(range(low, end + 1, step))
    return frozenset(values)


def _value(token: str, names: dict[str, int], what: str, text: str) -> int:
    token = token.strip().upper()
    if token in names:
        return names[token]
    if token.isdigit():
        return int(token)
    raise CronError(f"cannot read {token!r} in the {what} field {text!r}")


def _cron(
    minute: str,
    hour: str,
    dom: str,
    month: str,
    weekdays: frozenset[int] | None,
    years: frozenset[int] | None = None,
) -> Cron:
    """The fields both flavours write alike; each parser reads its own day-of-week (and year)."""
    return Cron(
        minutes=_parse_field(minute, 0, 59, {}, "minutes"),
        hours=_parse_field(hour, 0, 23, {}, "hours"),
        days_of_month=None if dom in ("*", "?") else _parse_field(dom, 1, 31, {}, "day-of-month"),
        months=_parse_field(month, 1, 12, _MONTHS, "month"),
        weekdays=weekdays,
        years=years,
    )


def parse_aws_cron(expression: str) -> Cron:
    """`cron(0 8 ? * MON-FRI *)` (the `cron(...)` wrapper optional) as used by AWS schedules."""
    body = expression.strip()
    match = re.fullmatch(r"cron\((.*)\)", body)
    if match:
        body = match.group(1)
    fields = body.split()
    if len(fields) != 6:
        raise CronError(
            f"an AWS cron expression has 6 fields (min hour dom month dow year), got {expression!r}"
        )
    minute, hour, dom, month, dow, year = fields
    weekdays = None
    if dow not in ("*", "?"):
        aws_days = _parse_field(dow, 1, 7, _AWS_DAYS, "day-of-week")
        weekdays = frozenset(7 if d == 1 else d - 1 for d in aws_days)  # AWS 1=SUN -> ISO 7
    years = None if year in ("*", "?") else _parse_field(year, 1970, 2199, {}, "year")
    return _cron(minute, hour, dom, month, weekdays, years)


def parse_unix_cron(expression: str) -> Cron:
    """5-field Unix cron, as EC2 Auto Scaling scheduled actions take it (`0 8 * * 1-5`)."""
    fields = expression.split()
    if len(fields) != 5:
        raise CronError(f"a Unix cron expression has 5 fields (min hour dom month dow), got {expression!r}")
    minute, hour, dom, month, dow = fields
    weekdays = None
    if dow not in ("*", "?"):
        unix_days = _parse_field(dow, 0, 7, _UNIX_DAYS, "day-of-week")
        weekdays = frozenset(7 if d in (0, 7) else d for d in unix_days)
    return _cron(minute, hour, dom, month, weekdays)


def _zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CronError(f"unknown time zone {timezone!r}") from error


def fire_minutes(cron: Cron, timezone: str | None) -> list[int]:
    """Minutes since the reference fortnight's start (UTC) at which `cron` fires, in order."""
    zone = _zone(timezone)
    origin = datetime.combine(REFERENCE_START, datetime.min.time(), tzinfo=UTC)
    found: list[int] = []
    # One local day either side so zone offsets can't drop a firing at the window's edges.
    for offset in range(-1, 15):
        day = REFERENCE_START + timedelta(days=offset)
        if not cron.matches_day(day):
            continue
        for hour in sorted(cron.hours):
            for minute in sorted(cron.minutes):
                local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
                at = int((local.astimezone(UTC) - origin).total_seconds() // 60)
                if 0 <= at < 2 * MINUTES_PER_WEEK:
                    found.append(at)
    return sorted(set(found))


@dataclass(frozen=True)
class Event:
    """Something that changes state at the minutes it fires (`apply` maps old state to new)."""

    minutes: Sequence[int]
    apply: Callable[[Any], Any]


def weekly_average(initial: Any, events: Sequence[Event], measure: Callable[[Any], float]) -> float:
    """Average of `measure(state)` per hour over the measured week, times 168: "units x hours a week".

    Events are applied in time order; events at the same minute in the order given.
    """
    timeline: list[tuple[int, int, Event]] = []
    for order, event in enumerate(events):
        timeline.extend((minute, order, event) for minute in event.minutes)
    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    state = initial
    total = 0.0
    cursor = 0
    for minute, _order, event in [*timeline, (2 * MINUTES_PER_WEEK, -1, None)]:
        start = max(cursor, MINUTES_PER_WEEK)
        if minute > start:
            total += measure(state) * (minute - start)
        cursor = max(cursor, minute)
        if event is not None:
            state = event.apply(state)
    return total / 60.0


def weekly_peak(initial: Any, events: Sequence[Event], measure: Callable[[Any], float]) -> float:
    """The largest `measure(state)` over the same fortnight `weekly_average` walks."""
    timeline = sorted(
        ((minute, order, event) for order, event in enumerate(events) for minute in event.minutes),
        key=lambda entry: (entry[0], entry[1]),
    )
    state = initial
    peak = measure(state)
    for _minute, _order, event in timeline:
        state = event.apply(state)
        peak = max(peak, measure(state))
    return peak


def parse_schedule(expression: str, *, unix: bool = False) -> Cron | None:
    """A recurring `cron(...)`; `None` for a one-off `at(...)`; `rate(...)` and others raise CronError."""
    text = expression.strip()
    if text.startswith("at("):
        return None
    if text.startswith("rate("):
        raise CronError(f"{text!r}: a rate schedule fires regardless of the time of day; not modelled")
    return parse_unix_cron(text) if unix else parse_aws_cron(text)
