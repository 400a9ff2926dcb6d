"""Schedule expressions as AWS writes them, and the hours a schedule keeps something running.

Application Auto Scaling and EventBridge Scheduler take `cron(min hour dom month dow year)` with
AWS's own rules (day-of-week 1-7 = SUN-SAT, `?` for "any", names like MON-FRI), plus `rate(...)`
and one-off `at(...)`. EC2 Auto Scaling schedules take 5-field Unix cron (day-of-week 0-6 = SUN-SAT).
General cron libraries implement the Unix flavour only, so the AWS flavour is parsed here, strictly
(what AWS would refuse is a CronError) and with its special forms (`L`, `W`, `#`). This is the one
parser: the program's settings validate schedules with it too (frugal/aws_limits.py).
Docs: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The reference window starts on a Monday. Weekly schedules: a fortnight with no DST change anywhere
# common, the first week settling the state left by last week's actions, the second measured.
# Schedules tied to days of the month (L, W, #, dates, months, years): 5 weeks to settle, then a year
# of 52 weeks measured, so a monthly action is counted as often as it fires.
REFERENCE_START = date(2025, 12, 29)
MINUTES_PER_WEEK = 7 * 24 * 60
YEAR_WEEKS = 52
_YEAR_SETTLE_WEEKS = 5
HOURS_PER_MONTH = 730.0
HOURS_PER_WEEK = 168.0

_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_AWS_DAYS = {name: number for number, name in enumerate(_DAY_NAMES, 1)}  # AWS: 1 = SUN ... 7 = SAT
_UNIX_DAYS = {name: number for number, name in enumerate(_DAY_NAMES)}  # Unix: 0 = SUN ... 6 = SAT


class CronError(ValueError):
    """A schedule expression this module cannot read (for AWS's cron: one AWS would refuse)."""


DayTest = Callable[[date], bool]


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None = any
    months: frozenset[int]
    weekdays: frozenset[int] | None  # ISO weekday 1=Mon..7=Sun; None = any
    years: frozenset[int] | None = None  # None = any; matched against the reference fortnight
    day_test: DayTest | None = None  # an AWS special form (L, W, #) in a day field

    @property
    def weekly(self) -> bool:
        """Does it fire the same way every week (so one measured week tells its hours)?"""
        return (
            self.days_of_month is None
            and self.day_test is None
            and self.years is None
            and self.months == frozenset(range(1, 13))
        )

    def matches_day(self, day: date) -> bool:
        if day.month not in self.months or (self.years is not None and day.year not in self.years):
            return False
        if self.day_test is not None:
            return self.day_test(day)
        dom_ok = self.days_of_month is None or day.day in self.days_of_month
        dow_ok = self.weekdays is None or day.isoweekday() in self.weekdays
        if self.days_of_month is not None and self.weekdays is not None:
            return dom_ok or dow_ok  # classic (Unix) cron: both restricted means either
        return dom_ok and dow_ok


def _last_day(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _nearest_weekday(day: date, target: int) -> date:
    """The Monday-Friday day nearest day `target` of `day`'s month, never leaving the month (Quartz's W)."""
    last = _last_day(day).day
    wanted = day.replace(day=min(target, last))
    if wanted.isoweekday() == 6:  # Saturday: Friday before, or Monday after on the 1st
        return wanted - timedelta(days=1) if wanted.day > 1 else wanted + timedelta(days=2)
    if wanted.isoweekday() == 7:  # Sunday: Monday after, or Friday before on the last day
        return wanted + timedelta(days=1) if wanted.day < last else wanted - timedelta(days=2)
    return wanted


def _iso(aws_day: int) -> int:
    return 7 if aws_day == 1 else aws_day - 1  # AWS 1=SUN..7=SAT -> ISO 1=MON..7=SUN


class CronField:
    """One field of an AWS cron expression: its range, names, whether it takes `/`, and its special
    forms, which must stand alone in their field."""

    def __init__(
        self,
        name: str,
        low: int,
        high: int,
        *,
        step: bool,
        names: dict[str, int] | None = None,
        specials: tuple[str, ...] = (),
    ) -> None:
        self.name, self.low, self.high, self.step, self.names = name, low, high, step, names or {}
        self.specials = tuple(re.compile(pattern, re.IGNORECASE) for pattern in specials)

    def value(self, token: str) -> int:
        number = self.names.get(token.upper())
        if number is None:
            if not token.isdigit():
                raise CronError(f"{token!r} is not a number")
            number = int(token)
        if not self.low <= number <= self.high:
            raise CronError(f"{token} is outside {self.low}-{self.high}")
        return number

    def special(self, text: str) -> re.Match[str] | None:
        """The special form `text` is (`?`, `L`, `LW`, `15W`, `6L`, `3#2`), checked; None if none."""
        try:
            for pattern in self.specials:
                match = pattern.match(text)
                if match:
                    groups = match.groupdict()
                    if groups.get("day"):
                        self.value(groups["day"])
                    nth = groups.get("nth")
                    if nth and not 1 <= int(nth) <= 5:
                        raise CronError(f"'#{nth}' must be #1 to #5 (the nth such weekday of the month)")
                    return match
        except CronError as error:
            raise CronError(f"{self.name} field {text!r}: {error}") from None
        return None

    def values(self, text: str) -> frozenset[int]:
        """The values a plain field (no special form) stands for; CronError naming the field otherwise."""
        found: set[int] = set()
        try:
            for part in text.split(","):
                found.update(self._item(part))
        except CronError as error:
            raise CronError(f"{self.name} field {text!r}: {error}") from None
        return frozenset(found)

    def _item(self, part: str) -> range | list[int]:
        """One comma-separated item: `*`, `n`, `n-m`, optionally `/step` where the field allows it."""
        try:
            base, slash, step_text = part.partition("/")
            step = 1
            if slash:
                if not self.step:
                    raise CronError("'/' is not allowed in this field")
                span = self.high - self.low + 1
                if not step_text.isdigit() or not 1 <= int(step_text) <= span:
                    raise CronError(f"step {step_text!r} must be 1 to {span}")
                step = int(step_text)
            if base == "*":
                return range(self.low, self.high + 1, step)
            first, dash, last = base.partition("-")
            start = self.value(first)
            end = self.value(last) if dash else (self.high if slash else start)
            if start <= end:
                return range(start, end + 1, step)
            # A wrapping range such as FRI-MON.
            return [*range(start, self.high + 1, step), *range(self.low, end + 1, step)]
        except CronError:
            if any(pattern.match(part) for pattern in self.specials):
                raise CronError(f"{part!r} must be the field's only value") from None
            raise


# Day-of-month: ?, L (last day), LW (last weekday), nW (weekday nearest day n).
# Day-of-week: ?, L (Saturday, the week's last day), nL (last such weekday of the month), d#n.
_DAY_OF_MONTH_SPECIALS = (r"^\?$", r"^LW?$", r"^(?P<day>\d{1,2})W$")
_DAY_OF_WEEK_SPECIALS = (r"^\?$", r"^L$", r"^(?P<day>[A-Z0-9]+)L$", r"^(?P<day>[A-Z0-9]+)#(?P<nth>\d+)$")

# cron(minutes hours day-of-month month day-of-week year), as AWS documents each field:
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html (EventBridge
# Scheduler and Application Auto Scaling scheduled actions take the same format). One of day-of-month
# and day-of-week must be `?`; `#` allows one expression in day-of-week only. The Quartz forms AWS's
# parser also takes, `LW` and `nL`, are read too [likely]; Quartz's `L-n` offsets are not [unverified].
CRON_FIELDS: tuple[CronField, ...] = (
    CronField("minutes", 0, 59, step=True),
    CronField("hours", 0, 23, step=True),
    CronField("day-of-month", 1, 31, step=True, specials=_DAY_OF_MONTH_SPECIALS),
    CronField("month", 1, 12, step=True, names=_MONTHS),
    CronField("day-of-week", 1, 7, step=False, names=_AWS_DAYS, specials=_DAY_OF_WEEK_SPECIALS),
    CronField("year", 1970, 2199, step=True),
)
_WRAPPED = re.compile(r"^cron\((?P<body>[^()]*)\)$")


def aws_cron_fields(expression: str) -> list[str]:
    """The six fields of a valid AWS `cron(...)` expression; CronError saying what's wrong otherwise."""
    match = _WRAPPED.match(expression.strip())
    if not match:
        raise CronError("must look like cron(minutes hours day-of-month month day-of-week year)")
    fields = match["body"].split()
    if len(fields) != len(CRON_FIELDS):
        raise CronError(
            f"needs 6 fields (minutes hours day-of-month month day-of-week year), got {len(fields)}"
        )
    for field, text in zip(CRON_FIELDS, fields, strict=True):
        if field.special(text) is None:
            field.values(text)
    if (fields[2] == "?") == (fields[4] == "?"):
        raise CronError("exactly one of day-of-month and day-of-week must be '?'")
    return fields


def _day_of_month_test(text: str) -> DayTest | None:
    upper = text.upper()
    if upper == "L":
        return lambda day: day == _last_day(day)
    if upper == "LW":
        return lambda day: (
            day == _nearest_weekday(day, _last_day(day).day) and day.day >= _last_day(day).day - 2
        )
    if upper.endswith("W"):
        target = int(upper[:-1])
        return lambda day: day == _nearest_weekday(day, target)
    return None


def _day_of_week_test(text: str) -> DayTest | None:
    field = CRON_FIELDS[4]
    match = field.special(text)
    if match is None or text == "?":
        return None
    if text.upper() == "L":
        return lambda day: day.isoweekday() == 6  # the week's last day, Saturday
    weekday = _iso(field.value(match["day"]))
    if match.groupdict().get("nth"):
        nth = int(match["nth"])
        return lambda day: day.isoweekday() == weekday and (day.day - 1) // 7 + 1 == nth
    return lambda day: day.isoweekday() == weekday and day + timedelta(days=7) > _last_day(day)


def parse_aws_cron(expression: str) -> Cron:
    """`cron(0 8 ? * MON-FRI *)` exactly as AWS schedules take it, special forms included."""
    minute, hour, dom, month, dow, year = aws_cron_fields(expression)
    minutes_field, hours_field, dom_field, month_field, dow_field, year_field = CRON_FIELDS
    day_test = _day_of_month_test(dom) if dom != "?" else _day_of_week_test(dow)
    days_of_month = weekdays = None
    if day_test is None:
        if dom not in ("*", "?"):
            days_of_month = dom_field.values(dom)
        if dow not in ("*", "?"):
            weekdays = frozenset(_iso(d) for d in dow_field.values(dow))
    return Cron(
        minutes=minutes_field.values(minute),
        hours=hours_field.values(hour),
        days_of_month=days_of_month,
        months=month_field.values(month),
        weekdays=weekdays,
        years=None if year in ("*", "?") else year_field.values(year),
        day_test=day_test,
    )


def _unix_field(text: str, low: int, high: int, names: dict[str, int], what: str) -> frozenset[int]:
    return CronField(what, low, high, step=True, names=names).values(text)


def parse_unix_cron(expression: str) -> Cron:
    """5-field Unix cron, as EC2 Auto Scaling scheduled actions take it (`0 8 * * 1-5`)."""
    fields = expression.split()
    if len(fields) != 5:
        raise CronError(f"a Unix cron expression has 5 fields (min hour dom month dow), got {expression!r}")
    minute, hour, dom, month, dow = fields
    weekdays = None
    if dow not in ("*", "?"):
        unix_days = _unix_field(dow, 0, 7, _UNIX_DAYS, "day-of-week")
        weekdays = frozenset(7 if d in (0, 7) else d for d in unix_days)
    return Cron(
        minutes=_unix_field(minute, 0, 59, {}, "minutes"),
        hours=_unix_field(hour, 0, 23, {}, "hours"),
        days_of_month=None if dom in ("*", "?") else _unix_field(dom, 1, 31, {}, "day-of-month"),
        months=_unix_field(month, 1, 12, _MONTHS, "month"),
        weekdays=weekdays,
    )


def _zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise CronError(f"unknown time zone {timezone!r}") from error


def _window(weeks: int) -> tuple[int, int]:
    """(settle, measured) minutes of the reference window for `weeks` measured weeks (1 or YEAR_WEEKS)."""
    settle = 1 if weeks == 1 else _YEAR_SETTLE_WEEKS
    return settle * MINUTES_PER_WEEK, weeks * MINUTES_PER_WEEK


def weeks_for(crons: Sequence[Cron]) -> int:
    """How many weeks to measure: one when every schedule repeats weekly, else a year."""
    return 1 if all(cron.weekly for cron in crons) else YEAR_WEEKS


def fire_minutes(cron: Cron, timezone: str | None, weeks: int = 1) -> list[int]:
    """Minutes since the reference window's start (UTC) at which `cron` fires, in order."""
    zone = _zone(timezone)
    origin = datetime.combine(REFERENCE_START, datetime.min.time(), tzinfo=UTC)
    settle, measured = _window(weeks)
    end = settle + measured
    found: list[int] = []
    # One local day either side so zone offsets can't drop a firing at the window's edges.
    for offset in range(-1, end // (24 * 60) + 1):
        day = REFERENCE_START + timedelta(days=offset)
        if not cron.matches_day(day):
            continue
        for hour in sorted(cron.hours):
            for minute in sorted(cron.minutes):
                local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
                at = int((local.astimezone(UTC) - origin).total_seconds() // 60)
                if 0 <= at < end:
                    found.append(at)
    return sorted(set(found))


def fires_per_week(cron: Cron, timezone: str | None = None) -> float:
    """How often `cron` fires in an average week of its measured window."""
    weeks = weeks_for([cron])
    settle, _ = _window(weeks)
    return sum(1 for minute in fire_minutes(cron, timezone, weeks) if minute >= settle) / weeks


@dataclass(frozen=True)
class Event:
    """Something that changes state at the minutes it fires (`apply` maps old state to new)."""

    minutes: Sequence[int]
    apply: Callable[[Any], Any]


def weekly_average(
    initial: Any, events: Sequence[Event], measure: Callable[[Any], float], weeks: int = 1
) -> float:
    """Average of `measure(state)` per hour over the measured weeks, times 168: "units x hours a week".

    Events are applied in time order; events at the same minute in the order given. `weeks` must be the
    one the events' minutes were computed for.
    """
    settle, measured = _window(weeks)
    timeline: list[tuple[int, int, Event]] = []
    for order, event in enumerate(events):
        timeline.extend((minute, order, event) for minute in event.minutes)
    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    state = initial
    total = 0.0
    cursor = 0
    for minute, _order, event in [*timeline, (settle + measured, -1, None)]:
        start = max(cursor, settle)
        if minute > start:
            total += measure(state) * (minute - start)
        cursor = max(cursor, minute)
        if event is not None:
            state = event.apply(state)
    return total / 60.0 / weeks


def weekly_peak(initial: Any, events: Sequence[Event], measure: Callable[[Any], float]) -> float:
    """The largest `measure(state)` over the same window `weekly_average` walks."""
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
