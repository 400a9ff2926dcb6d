"""AWS cron expressions and the weekly running-hours simulation."""

from __future__ import annotations

import pytest
from frugal_policy.cron import (
    CronError,
    Event,
    fire_minutes,
    parse_aws_cron,
    parse_schedule,
    parse_unix_cron,
    weekly_average,
)


def hours_on(up: str, down: str, timezone: str | None = None, *, unix: bool = False) -> float:
    """Hours a week something is on when `up` turns it on and `down` turns it off."""
    events = [
        Event(fire_minutes(parse_schedule(up, unix=unix), timezone), lambda _state: 1),
        Event(fire_minutes(parse_schedule(down, unix=unix), timezone), lambda _state: 0),
    ]
    return weekly_average(1, events, float)


def test_office_hours_are_55_hours_in_any_time_zone():
    for timezone in (None, "America/New_York", "Europe/Berlin", "Asia/Kolkata"):
        assert hours_on("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", timezone) == 55


def test_aws_day_numbers_are_sunday_first_and_unix_ones_are_sunday_zero():
    assert (
        parse_aws_cron("cron(0 8 ? * 2-6 *)").weekdays == parse_aws_cron("cron(0 8 ? * MON-FRI *)").weekdays
    )
    assert parse_unix_cron("0 8 * * 1-5").weekdays == frozenset({1, 2, 3, 4, 5})
    assert hours_on("0 8 * * 1-5", "0 19 * * 1-5", unix=True) == 55


def test_lists_steps_and_wrapping_ranges():
    cron = parse_aws_cron("cron(0/15 8,12 ? * FRI-MON *)")
    assert cron.minutes == frozenset({0, 15, 30, 45}) and cron.hours == frozenset({8, 12})
    assert cron.weekdays == frozenset({5, 6, 7, 1})
    assert parse_aws_cron("cron(*/20 * * * ? *)").minutes == frozenset({0, 20, 40})


def test_weekend_only_and_never():
    assert hours_on("cron(0 0 ? * SAT *)", "cron(0 0 ? * MON *)") == 48
    # A year that never comes in the reference fortnight: the service never starts again.
    assert hours_on("cron(0 8 1 1 ? 2099)", "cron(0 12 * * ? *)") == 0


def test_no_events_means_always_on():
    assert weekly_average(1, [], float) == 168


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("cron(0 8 * * *)", "6 fields"),
        ("cron(0 8 L * ? *)", "L, W or #"),
        ("cron(0 8 ? * 2#1 *)", "L, W or #"),
        ("cron(0 25 * * ? *)", "outside 0-23"),
        ("cron(0 8 ? * FUNDAY *)", "cannot read"),
        ("rate(5 minutes)", "rate schedule"),
    ],
)
def test_unreadable_expressions_raise_clear_errors(expression: str, message: str):
    with pytest.raises(CronError, match=message):
        parse_schedule(expression)


def test_one_off_at_is_ignored_and_bad_zones_are_errors():
    assert parse_schedule("at(2026-01-01T00:00:00)") is None
    with pytest.raises(CronError, match="unknown time zone"):
        fire_minutes(parse_aws_cron("cron(0 8 * * ? *)"), "Mars/Olympus")
