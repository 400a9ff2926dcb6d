"""Running hours from schedules: scheduled actions turned into events over the reference week (`cron.py`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from frugal.cron import (
    HOURS_PER_MONTH,
    HOURS_PER_WEEK,
    CronError,
    Event,
    fire_minutes,
    parse_schedule,
    weekly_average,
    weekly_peak,
    weeks_for,
)

from ..values import UNKNOWN

MONTH_FACTOR = HOURS_PER_MONTH / HOURS_PER_WEEK


@dataclass(frozen=True)
class Scheduled:
    """One recurring change: its expression, time zone and what it does to the state."""

    name: str
    expression: Any
    timezone: Any
    apply: Callable[[Any], Any]


@dataclass
class Timeline:
    """The schedules' events over the reference window, and what could not be used."""

    events: list[Event]
    problems: list[str]
    weeks: int  # measured weeks: 1 for weekly schedules, a year when one is tied to dates

    def average(self, initial: Any, measure: Callable[[Any], float]) -> float:
        """Units x hours a month (730 h): the weekly average scaled to the month."""
        return weekly_average(initial, self.events, measure, self.weeks) * MONTH_FACTOR

    def peak(self, initial: Any, measure: Callable[[Any], float]) -> float:
        return weekly_peak(initial, self.events, measure)


def events_of(scheduled: Sequence[Scheduled], *, unix: bool = False) -> Timeline:
    """The events the schedules fire over the reference window, and what could not be used."""
    parsed: list[tuple[Scheduled, Any, Any]] = []
    problems: list[str] = []
    for entry in scheduled:
        if entry.expression in (None, UNKNOWN):
            problems.append(f"{entry.name}: schedule unknown, not applied")
            continue
        try:
            cron = parse_schedule(str(entry.expression), unix=unix)
        except CronError as error:
            problems.append(f"{entry.name}: {error}")
            continue
        if cron is None:
            problems.append(f"{entry.name}: one-off at() ignored")
            continue
        parsed.append((entry, cron, None if entry.timezone in (None, UNKNOWN) else str(entry.timezone)))
    weeks = weeks_for([cron for _, cron, _ in parsed])
    events: list[Event] = []
    for entry, cron, zone in parsed:
        try:
            events.append(Event(fire_minutes(cron, zone, weeks), entry.apply))
        except CronError as error:
            problems.append(f"{entry.name}: {error}")
    return Timeline(events, problems, weeks)


def clamp(count: float, low: float | None, high: float | None) -> float:
    """A desired count as autoscaling keeps it: within the current min and max, never below 0."""
    if low is not None:
        count = max(count, low)
    if high is not None:
        count = min(count, high)
    return max(count, 0.0)
