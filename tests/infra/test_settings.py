"""Every settings rule: each bad value's message names the key, the value and what's allowed."""

from __future__ import annotations

import pytest
import yaml
from pulumi import RunError

from app import config as app_config
from frugal.aws_limits import FARGATE_SIZES, Schedule, shift_cron, validate_cron
from frugal.stack_files import load_stack_config
from settings import (
    GROUPS,
    KEYS,
    KEYS_BY_NAME,
    MIN_API_KEY_LENGTH,
    Key,
    SettingsError,
    defaults,
    engine_string,
    load_settings,
    pulumi_yaml_config,
)
from tests.infra.helpers import REPO, run_main


def error_for(values: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(values)
    return str(caught.value)


def test_no_config_gives_the_pulumi_yaml_defaults() -> None:
    settings = load_settings({})
    assert settings == defaults()
    assert (settings.service.cpu, settings.service.memory, settings.service.capacity) == (256, 512, "spot")
    assert settings.schedule.mode == "office-hours" and settings.network.egress == "nat-instance"
    assert settings.edge.api_cors_origins == () and settings.app.api_key_set is False


def test_pulumi_yaml_is_generated_from_the_keys() -> None:
    """Every key written once: Pulumi.yaml's config section is exactly what KEYS says."""
    declared = yaml.safe_load((REPO / "Pulumi.yaml").read_text())["config"]
    assert declared.pop("aws:region") == "us-east-1"
    assert declared == pulumi_yaml_config()
    assert list(declared) == [key.name for key in KEYS]  # same order, for humans reading the file


def test_pulumi_yaml_defaults_pass_their_own_checks_and_reach_the_program_as_settings() -> None:
    loaded = load_stack_config(REPO, "no-such-stack")
    from_yaml = {k.split(":", 1)[1]: v for k, v in loaded.config.items() if k.startswith("frugal:")}
    assert set(from_yaml) | {"apiKey"} == set(KEYS_BY_NAME)
    assert "frugal:apiKey" in loaded.secret_keys
    assert load_settings(from_yaml) == defaults()
    for key in KEYS:
        if key.default is not None:
            assert from_yaml[key.name] == engine_string(key.default), key.name


def test_every_key_lands_in_a_group_field_and_every_field_has_a_key() -> None:
    fields = {(key.group, key.field) for key in KEYS}
    assert len(fields) == len(KEYS)
    expected = {(group, f) for group, cls in GROUPS.items() for f in cls.__dataclass_fields__}
    assert fields == expected


def test_keys_are_declared_by_keyword_and_named_once() -> None:
    with pytest.raises(TypeError):
        Key("cpu", "service", "cpu", "integer", 256, int, "positional")  # type: ignore[misc]
    assert len(KEYS_BY_NAME) == len(KEYS)


def test_settings_load_no_pulumi_and_no_components() -> None:
    import subprocess
    import sys

    code = (
        "import sys, settings; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pulumi', 'pulumi_aws', 'components')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"cpus": "256"}, ["frugal:cpus", '"256"', "unknown key", "did you mean frugal:cpu", "allowed keys"]),
        ({"cpu": "300"}, ["frugal:cpu", '"300"', "allowed cpu units: 256, 512, 1024"]),
        ({"cpu": "lots"}, ["frugal:cpu", '"lots"', "allowed cpu units"]),
        ({"memory": "big"}, ["frugal:memory", '"big"', "memory in MiB"]),
        ({"architecture": "arm"}, ["frugal:architecture", '"arm"', "allowed: x86_64, arm64"]),
        ({"capacity": "cheap"}, ["frugal:capacity", '"cheap"', "allowed: spot, mixed, on-demand"]),
        ({"schedule": "nights"}, ["frugal:schedule", '"nights"', "allowed: none, office-hours, custom"]),
        (
            {"scheduleTimezone": "Mars/Olympus"},
            ["frugal:scheduleTimezone", '"Mars/Olympus"', "IANA timezone"],
        ),
        ({"egress": "igw"}, ["frugal:egress", '"igw"', "allowed: nat-instance, vpc-endpoints, nat-gateway"]),
        ({"azCount": "4"}, ["frugal:azCount", '"4"', "from 1 to 3"]),
        ({"azCount": "two"}, ["frugal:azCount", '"two"', "from 1 to 3"]),
        (
            {"logRetentionDays": "10"},
            ["frugal:logRetentionDays", '"10"', "allowed: 0, 1, 3, 5, 7, 14", "never"],
        ),
        ({"containerInsights": "yes"}, ["frugal:containerInsights", '"yes"', "allowed: true or false"]),
        ({"executeCommand": "1"}, ["frugal:executeCommand", '"1"', "allowed: true or false"]),
        ({"maxCount": "0"}, ["frugal:maxCount", '"0"', "from 1 to 100"]),
        ({"desiredCount": "-1"}, ["frugal:desiredCount", '"-1"', "from 0 to 100"]),
        ({"cpuTargetPercent": "99"}, ["frugal:cpuTargetPercent", '"99"', "from 10 to 95"]),
        ({"apiThrottleRate": "0"}, ["frugal:apiThrottleRate", '"0"', "from 1 to 10000"]),
        ({"apiThrottleBurst": "1.5"}, ["frugal:apiThrottleBurst", '"1.5"', "whole number from 1 to 5000"]),
        ({"apiAccessLogs": "on"}, ["frugal:apiAccessLogs", '"on"', "true or false"]),
        ({"apiDomain": "not a domain"}, ["frugal:apiDomain", '"not a domain"', "a DNS name"]),
        (
            {"apiCorsOrigins": '["http://example.com"]'},
            ["frugal:apiCorsOrigins", "http://example.com", "https origins", "not an https origin"],
        ),
        (
            {"apiCorsOrigins": '["https://example.com/path"]'},
            ["frugal:apiCorsOrigins", "https://example.com/path", "without a path"],
        ),
        (
            {"apiCorsOrigins": "https://a.example"},
            ["frugal:apiCorsOrigins", "https://a.example", "a list of"],
        ),
    ],
)
def test_single_key_errors_name_key_value_and_allowed(values: dict[str, str], expected: list[str]) -> None:
    message = error_for(values)
    for fragment in expected:
        assert fragment in message, f"{fragment!r} missing from: {message}"


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("0 8 * * MON-FRI", "must look like cron("),
        ("cron(0 8 * * MON-FRI)", "needs 6 fields"),
        ("cron(61 8 ? * MON-FRI *)", "minutes field '61': 61 is outside 0-59"),
        ("cron(0 25 ? * MON-FRI *)", "hours field '25'"),
        ("cron(0 8 * * MON-FRI *)", "exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(0 8 ? * MON-FUN *)", "day-of-week field 'MON-FUN'"),
        ("cron(0 8 ? 13 MON *)", "month field '13'"),
        ("cron(0 ? ? * MON *)", "hours field '?'"),
    ],
)
def test_malformed_cron_is_rejected_with_the_reason(expression: str, reason: str) -> None:
    message = error_for(
        {"schedule": "custom", "scheduleUp": expression, "scheduleDown": "cron(0 19 ? * MON-FRI *)"}
    )
    assert "frugal:scheduleUp" in message
    assert expression in message
    assert "allowed: an AWS cron expression" in message
    assert reason in message


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 8 ? * MON-FRI *)",
        "cron(30 7 ? * 2-6 *)",
        "cron(0/15 * * * ? *)",
        "cron(0 8 L * ? *)",
        "cron(0 8 15W * ? 2027)",
        "cron(0 8 ? JAN-MAR 2#1 *)",
        "cron(0 8 ? * 6L *)",
        "cron(5,35 8-18 ? * MON,WED,FRI *)",
    ],
)
def test_valid_aws_cron_expressions_pass(expression: str) -> None:
    validate_cron(expression)


def test_bad_cpu_memory_pair_lists_the_valid_combinations() -> None:
    message = error_for({"cpu": "256", "memory": "4096"})
    assert "frugal:memory = 4096 with frugal:cpu = 256" in message
    assert "allowed with cpu 256: 512, 1024, 2048" in message
    for cpu in FARGATE_SIZES:
        assert f"cpu {cpu}: memory" in message


def test_every_fargate_combination_is_accepted() -> None:
    for cpu, memories in FARGATE_SIZES.items():
        for memory in memories:
            assert load_settings({"cpu": str(cpu), "memory": str(memory)}).service.memory == memory


def test_min_count_above_max_count() -> None:
    message = error_for({"minCount": "3", "maxCount": "2", "desiredCount": "2"})
    assert "frugal:minCount = 3 is greater than frugal:maxCount = 2" in message
    assert "allowed: minCount <= maxCount" in message


def test_desired_count_outside_min_and_max() -> None:
    message = error_for({"desiredCount": "5", "minCount": "1", "maxCount": "4"})
    assert "frugal:desiredCount = 5" in message
    assert "from minCount (1) to maxCount (4)" in message


def test_mixed_capacity_needs_an_on_demand_base_within_max_count() -> None:
    message = error_for({"capacity": "mixed", "onDemandBase": "0"})
    assert "frugal:onDemandBase = 0 with frugal:capacity = mixed" in message
    assert "allowed: from 1 to maxCount (2)" in message
    assert "frugal:onDemandBase = 3" in error_for({"capacity": "mixed", "onDemandBase": "3", "maxCount": "2"})


def test_custom_schedule_needs_both_expressions() -> None:
    message = error_for({"schedule": "custom", "scheduleUp": "cron(0 8 ? * MON-FRI *)"})
    assert 'frugal:scheduleDown = ""' in message
    assert "required when frugal:schedule = custom" in message


def test_schedule_expressions_without_custom_schedule_are_refused() -> None:
    message = error_for({"schedule": "office-hours", "scheduleUp": "cron(0 9 ? * MON-FRI *)"})
    assert "frugal:scheduleUp/scheduleDown" in message
    assert "cron(0 9 ? * MON-FRI *)" in message
    assert "allowed only with schedule = custom" in message


def test_scheduled_service_cannot_have_min_count_zero() -> None:
    message = error_for({"minCount": "0", "desiredCount": "0", "schedule": "office-hours"})
    assert "frugal:minCount = 0 with frugal:schedule = office-hours" in message
    assert "allowed: at least 1" in message


def test_custom_schedule_with_nat_instance_needs_a_fixed_time_not_crossing_midnight() -> None:
    message = error_for(
        {
            "schedule": "custom",
            "scheduleUp": "cron(0/30 * ? * MON-FRI *)",
            "scheduleDown": "cron(57 23 ? * * *)",
        }
    )
    assert 'frugal:scheduleUp = "cron(0/30 * ? * MON-FRI *)" with frugal:egress = nat-instance' in message
    assert "the NAT instance starts 5 minutes before the scale-up" in message
    assert "so it needs a fixed minute and hour" in message
    assert 'frugal:scheduleDown = "cron(57 23 ? * * *)"' in message
    assert "so it moved by 5 minutes would cross midnight" in message
    # The same expressions are fine when no NAT instance (and no service alarm) has to follow them.
    settings = load_settings(
        {
            "schedule": "custom",
            "egress": "vpc-endpoints",
            "scheduleUp": "cron(0/30 * ? * MON-FRI *)",
            "scheduleDown": "cron(57 23 ? * * *)",
            "alarms": '["api-errors"]',
        }
    )
    assert settings.nat_window is None


def test_domains_need_a_hosted_zone_that_contains_them() -> None:
    message = error_for({"apiDomain": "api.example.com"})
    assert 'frugal:apiDomain = "api.example.com": allowed only with frugal:hostedZone set' in message
    message = error_for({"siteDomain": "www.other.org", "hostedZone": "example.com"})
    assert (
        'frugal:siteDomain = "www.other.org": allowed: a name inside frugal:hostedZone (example.com)'
        in message
    )
    ok = load_settings(
        {"apiDomain": "api.example.com", "siteDomain": "example.com", "hostedZone": "example.com"}
    )
    assert (ok.edge.api_domain, ok.edge.site_domain) == ("api.example.com", "example.com")
    only_api = load_settings({"apiDomain": "api.example.com", "hostedZone": "example.com"})
    assert (only_api.edge.api_domain, only_api.edge.site_domain) == ("api.example.com", None)


def test_a_hosted_zone_without_a_domain_is_refused() -> None:
    message = error_for({"hostedZone": "example.com"})
    assert (
        'frugal:hostedZone = "example.com": allowed only with frugal:apiDomain or frugal:siteDomain'
        in message
    )


def test_one_domain_with_its_zone_builds_the_stack() -> None:
    """Once a raw ValueError inside the program: hostedZone + apiDomain without siteDomain."""
    for key, domain in (("frugal:apiDomain", "api.example.com"), ("frugal:siteDomain", "www.example.com")):
        recording = run_main({key: domain, "frugal:hostedZone": "example.com"})
        (certificate,) = recording.of_type("aws:acm/certificate:Certificate")
        assert certificate.inputs["domainName"] == domain


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"cpu": "3", "egress": "x", "bogus": "1"})
    assert len(caught.value.problems) == 3


def test_office_hours_schedule_and_the_nat_instance_around_it() -> None:
    settings = load_settings({"scheduleTimezone": "Europe/Berlin"})
    scale = settings.schedule.service_window
    nat = settings.nat_window
    # The components take these as they are (stack.py unpacks nothing).
    assert scale == Schedule("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "Europe/Berlin")
    assert nat == Schedule("cron(55 7 ? * MON-FRI *)", "cron(5 19 ? * MON-FRI *)", "Europe/Berlin")


def test_no_schedule_means_no_scale_or_nat_schedule() -> None:
    settings = load_settings({"schedule": "none"})
    assert settings.schedule.service_window is None and settings.nat_window is None


def test_nat_schedule_only_for_nat_instance_egress() -> None:
    assert load_settings({"egress": "nat-gateway"}).nat_window is None


def test_shift_cron() -> None:
    assert shift_cron("cron(5 8 ? * MON-FRI *)", -10) == "cron(55 7 ? * MON-FRI *)"
    assert shift_cron("cron(55 18 ? * MON-FRI *)", 10) == "cron(5 19 ? * MON-FRI *)"
    with pytest.raises(ValueError, match="cross midnight"):
        shift_cron("cron(5 0 ? * MON-FRI *)", -10)


def test_main_stops_with_the_settings_message_before_declaring_resources() -> None:
    with pytest.raises(RunError) as caught:
        run_main({"frugal:cpu": "300", "frugal:egres": "nat-gateway"})
    message = str(caught.value)
    assert 'frugal:cpu = "300": allowed cpu units' in message
    assert "frugal:egres" in message and "did you mean frugal:egress" in message


def test_main_accepts_the_edge_keys() -> None:
    recording = run_main(
        {
            "frugal:apiThrottleRate": "20",
            "frugal:apiThrottleBurst": "40",
            "frugal:apiAccessLogs": "true",
            "frugal:apiCorsOrigins": '["https://extra.example.com"]',
        }
    )
    assert recording.of_type("aws:ecs/service:Service")


def test_a_short_api_key_is_refused_without_showing_it() -> None:
    message = error_for({"apiKey": "short-key"})
    assert "frugal:apiKey = <secret>" in message
    assert f"at least {MIN_API_KEY_LENGTH} printable ASCII characters" in message
    assert "short-key" not in message
    assert load_settings({"apiKey": "k" * MIN_API_KEY_LENGTH}).app.api_key_set


@pytest.mark.parametrize("key", ["clé-secrète-0123456789", "tab\tinside-0123456789", " padded-0123456789"])
def test_an_api_key_the_page_could_not_send_is_refused(key: str) -> None:
    message = error_for({"apiKey": key})
    assert "printable ASCII" in message
    assert key.strip() not in message


def test_the_api_key_floor_is_the_apps() -> None:
    # A key the app refuses at start would crash-loop every task, so both must agree.
    assert MIN_API_KEY_LENGTH == app_config.MIN_API_KEY_LENGTH


def test_ecs_exec_needs_an_egress_that_reaches_ssmmessages() -> None:
    message = error_for({"executeCommand": "true", "egress": "vpc-endpoints"})
    assert "frugal:executeCommand = true with frugal:egress = vpc-endpoints" in message
    assert "nat-instance or nat-gateway" in message
    for egress in ("nat-instance", "nat-gateway"):
        assert load_settings({"executeCommand": "true", "egress": egress}).service.execute_command
