"""Settings and the cost model read the same AWS cron expressions, with one parser.

settings.py validates `scheduleUp`/`scheduleDown` through frugal/aws_limits.py, which calls the policy pack's
parser (frugal/cron.py): exactly what AWS documents
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html), L and W in
day-of-month, L and # in day-of-week included. Every schedule settings let through, the cost model can
price; every one AWS would refuse, both refuse.
"""

from __future__ import annotations

import pytest

from frugal.aws_limits import validate_cron
from frugal.cron import CronError, parse_aws_cron

# Every one of these is a valid AWS expression; settings accept each.
VALID = [
    "cron(0 8 ? * MON-FRI *)",
    "cron(0 19 ? * MON-FRI *)",
    "cron(30 7 ? * 2-6 *)",
    "cron(0/15 * * * ? *)",
    "cron(5,35 8-18 ? * MON,WED,FRI *)",
    "cron(0 8 ? JAN-MAR MON 2027)",
    "cron(0 10 * * ? *)",
    "cron(0 8 */2 * ? *)",
    "cron(0 8 ? * mon-fri *)",
    "cron(0 22 ? * FRI-MON *)",
    # The special forms:
    "cron(0 8 L * ? *)",  # the last day of the month
    "cron(0 8 LW * ? *)",  # the last weekday of the month
    "cron(0 8 15W * ? 2027)",  # the weekday nearest the 15th
    "cron(0 8 ? * L *)",  # the last day of the week (Saturday)
    "cron(0 8 ? * 6L *)",  # the last Friday of the month
    "cron(0 8 ? * 2#1 *)",  # the first Monday of the month
]
# Malformed for AWS, and for both readers.
MALFORMED = [
    "cron(0 8 * * MON-FRI)",
    "cron(61 8 ? * MON-FRI *)",
    "cron(0 25 ? * MON-FRI *)",
    "cron(0 8 ? * MON-FUN *)",
    "cron(0 8 ? 13 MON *)",
    "cron(0 8 ? * 2#1,6#3 *)",
]


@pytest.mark.parametrize("expression", VALID)
def test_settings_and_the_cost_model_both_read_every_valid_aws_expression(expression: str) -> None:
    validate_cron(expression)
    try:
        parse_aws_cron(expression)
    except CronError as error:
        pytest.fail(f"settings accept {expression} but the cost model can't price it: {error}")


@pytest.mark.parametrize("expression", MALFORMED)
def test_settings_and_the_cost_model_both_refuse_a_malformed_expression(expression: str) -> None:
    with pytest.raises(ValueError):
        validate_cron(expression)
    with pytest.raises(CronError):
        parse_aws_cron(expression)
