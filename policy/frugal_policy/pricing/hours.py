"""Running hours from schedules: scheduled actions turned into events over the reference week (`cron.py`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..cron import HOURS_PER_MONTH, HOURS_PER_WEEK, CronError, Event, fire_minutes, parse_schedule
from ..values import UNKNOWN

MONTH_FACTOR = HOURS_PER_MONTH / HOURS_PER_WEEK


@dataclass(frozen=True)
class Scheduled:
    """One recurring change: its expression, time zone and what it does to the state."""

    name: str
    expression: Any
    timezone: Any
    apply: Callable[[Any], Any]


def events_of(scheduled: Sequence[Scheduled], *, unix: bool = False) -> tuple[list[Event], list[str]]:
    """The events the schedules fire over the reference week, and what could not be used."""
    events: list[Event] = []
    problems: list[str] = []
    for entry in scheduled:
        if entry.expression in (None, UNKNOWN):
            problems.append(f"{entry.name}: schedule unknown, not applied")
            continue
        try:
            cron = parse_schedule(str(entry.expression), unix=unix)
            if cron is None:
                problems.append(f"{entry.name}: one-off at() ignored")
                continue
            zone = None if entry.timezone in (None, UNKNOWN) else str(entry.timezone)
            events.append(Event(fire_minutes(cron, zone), entry.apply))
        except CronError as error:
            problems.append(f"{entry.name}: {error}")
    return events, problems


def clamp(count: float, low: float | None, high: float | None) -> float:
    """A desired count as autoscaling keeps it: within the current min and max, never below 0."""
    if low is not None:
        count = max(count, low)
    if high is not None:
        count = min(count, high)
    return max(count, 0.0)
