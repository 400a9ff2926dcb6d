"""AWS cron expressions and the weekly running-hours simulation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from frugal.cron import (
    YEAR_WEEKS,
    CronError,
    Event,
    fire_minutes,
    parse_aws_cron,
    parse_schedule,
    parse_unix_cron,
    weekly_average,
    weeks_for,
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
        ("cron(0 8 L-3 * ? *)", "day-of-month field 'L-3'"),
        ("cron(0 8 * * MON *)", "exactly one of day-of-month and day-of-week must be '\\?'"),
        ("cron(0 25 ? * * *)", "outside 0-23"),
        ("cron(0 8 ? * FUNDAY *)", "'FUNDAY' is not a number"),
        ("rate(5 minutes)", "rate schedule"),
    ],
)
def test_unreadable_expressions_raise_clear_errors(expression: str, message: str):
    with pytest.raises(CronError, match=message):
        parse_schedule(expression)


@pytest.mark.parametrize(
    ("expression", "days"),
    [
        # January, February and March 2026 (the window holds whole months of 2026).
        ("cron(0 8 L * ? *)", [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]),
        ("cron(0 8 LW * ? *)", [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 31)]),
        ("cron(0 8 15W * ? *)", [date(2026, 1, 15), date(2026, 2, 16), date(2026, 3, 16)]),
        ("cron(0 8 1W * ? *)", [date(2026, 1, 1), date(2026, 2, 2), date(2026, 3, 2)]),
        ("cron(0 8 ? * 2#1 *)", [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]),
        ("cron(0 8 ? * 6L *)", [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]),
    ],
)
def test_the_special_forms_fire_on_the_days_aws_documents(expression: str, days: list[date]):
    cron = parse_aws_cron(expression)
    fired = [d for d in (date(2026, 1, 1) + timedelta(days=n) for n in range(90)) if cron.matches_day(d)]
    assert fired == days
    assert not cron.weekly and weeks_for([cron]) == YEAR_WEEKS


def test_one_off_at_is_ignored_and_bad_zones_are_errors():
    assert parse_schedule("at(2026-01-01T00:00:00)") is None
    with pytest.raises(CronError, match="unknown time zone"):
        fire_minutes(parse_aws_cron("cron(0 8 * * ? *)"), "Mars/Olympus")
