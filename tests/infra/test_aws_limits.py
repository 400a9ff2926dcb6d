"""frugal/aws_limits.py: the tables and checks settings and components share, on their own."""

from __future__ import annotations

import re

import pytest

from frugal.aws_limits import (
    ALARM_ON_AFTER_START_MINUTES,
    ALARM_RESET_AFTER_START_MINUTES,
    ARCHITECTURES,
    FARGATE_SIZES,
    Schedule,
    alarm_switch_times,
    fargate_size_error,
    is_dns_name,
    is_in_zone,
    origin_error,
    shift_cron,
    validate_cron,
)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("cron(0 8 ? * 3#1,6#3 *)", "day-of-week field '3#1,6#3': '3#1' must be the field's only value"),
        ("cron(0 8 L,15 * ? *)", "day-of-month field 'L,15': 'L' must be the field's only value"),
        ("cron(0 8 ? * MON/2 *)", "'/' is not allowed in this field"),
        ("cron(0 8 ? * 9L *)", "9 is outside 1-7"),
        ("cron(0 8 ? * 2#6 *)", "'#6' must be #1 to #5"),
        ("cron(0 8 32W * ? *)", "32 is outside 1-31"),
        ("cron(0 8 L-3 * ? *)", "day-of-month field 'L-3'"),  # Quartz offsets: not documented by AWS
        ("cron(0 8 W * ? *)", "day-of-month field 'W'"),
        ("cron(0 8 ? * * 1969)", "1969 is outside 1970-2199"),
        ("cron(0/0 8 ? * MON *)", "step '0' must be 1 to 60"),
        ("cron(0 8 ? * ? *)", "exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(0 8 ? * 0 *)", "0 is outside 1-7"),  # AWS counts SUN-SAT as 1-7, not 0-6
    ],
)
def test_cron_special_forms_are_checked_as_aws_documents_them(expression: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        validate_cron(expression)


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 8 L * ? *)",
        "cron(0 8 LW * ? *)",
        "cron(0 8 15W * ? *)",
        "cron(0 8 ? * L *)",
        "cron(0 8 ? * 6L *)",
        "cron(0 8 ? * FRIL *)",
        "cron(0 8 ? * 3#2 *)",
        "cron(0 8 ? * TUE#2 *)",
        "cron(0 8 ? JUL WED *)",  # month and day names with L and W in them are still names
        "cron(0 8 1-15/2 * ? *)",
    ],
)
def test_cron_special_forms_aws_takes_are_accepted(expression: str) -> None:
    validate_cron(expression)


def test_shift_cron_keeps_the_day_fields() -> None:
    assert shift_cron("cron(0 8 ? * 2#1 *)", -5) == "cron(55 7 ? * 2#1 *)"
    with pytest.raises(ValueError, match="fixed minute and hour"):
        shift_cron("cron(0/15 8 ? * MON *)", 5)


@pytest.mark.parametrize(
    ("origin", "https_only", "problem"),
    [
        ("https://app.example.com", False, None),
        ("https://app.example.com:8443", True, None),
        ("http://localhost:5173", False, None),
        ("http://127.0.0.1:8080", False, None),
        ("http://localhost:5173", True, "not an https origin"),
        ("https://app.example.com/", False, "must look like"),
        ("https://*.example.com", False, "must look like"),
        ("https://App.example.com", False, "must look like"),  # browsers send lower case
        ("https://app.example.com:70000", False, "port outside 1-65535"),
        ("*", False, "must look like"),
        (None, False, "not a string"),
    ],
)
def test_origins(origin: object, https_only: bool, problem: str | None) -> None:
    found = origin_error(origin, https_only=https_only)
    assert (found is None) if problem is None else (problem in str(found))


def test_dns_names_and_zones() -> None:
    assert is_dns_name("api.example.com") and not is_dns_name("api_x.example.com")
    assert not is_dns_name("example") and not is_dns_name("*.example.com")
    assert is_in_zone("api.example.com", "example.com") and is_in_zone("Example.com.", "example.com")
    assert not is_in_zone("notexample.com", "example.com")


def test_fargate_sizes_and_architectures() -> None:
    assert fargate_size_error(256, 512) is None
    assert "allowed with cpu 256: 512, 1024, 2048" in str(fargate_size_error(256, 4096))
    assert set(FARGATE_SIZES) == {256, 512, 1024, 2048, 4096, 8192, 16384}
    assert ARCHITECTURES["arm64"] == ("ARM64", "linux/arm64")


def test_shift_cron_errors_are_neutral() -> None:
    # Each caller says what it shifts the expression for (the NAT instance, the service's alarm).
    for expression, minutes in (("cron(0/15 8 ? * MON *)", 5), ("cron(55 23 ? * MON *)", 5)):
        with pytest.raises(ValueError) as caught:
            shift_cron(expression, minutes)
        assert "NAT" not in str(caught.value)


def test_a_schedule_is_validated_and_moved_as_one() -> None:
    office = Schedule("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "America/New_York")
    assert office.around(5, 5) == Schedule(
        "cron(55 7 ? * MON-FRI *)", "cron(5 19 ? * MON-FRI *)", "America/New_York"
    )
    assert alarm_switch_times(office) == (
        f"cron({ALARM_ON_AFTER_START_MINUTES} 8 ? * MON-FRI *)",
        f"cron({ALARM_RESET_AFTER_START_MINUTES} 8 ? * MON-FRI *)",
    )
    with pytest.raises(ValueError, match=r"^stop 'cron\(58 23 \? \* \* \*\)' moved by 5 minutes"):
        Schedule("cron(0 8 ? * * *)", "cron(58 23 ? * * *)", "UTC").around(5, 5)
    with pytest.raises(ValueError, match=r"Schedule start 'cron\(0 8 \* \* MON \*\)'"):
        Schedule("cron(0 8 * * MON *)", "cron(0 19 ? * MON-FRI *)", "UTC")
    with pytest.raises(ValueError, match="Schedule timezone 'CET/Nowhere'"):
        Schedule("cron(0 8 ? * * *)", "cron(0 19 ? * * *)", "CET/Nowhere")
