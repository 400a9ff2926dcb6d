"""Compute rules: fargate-spot, container-insights-off, fargate-task-size, service-count-cap, and
ec2-instance-types."""

from __future__ import annotations

from tests.policy.helpers import (
    INSTANCE,
    SERVICE,
    UNKNOWN_NUM,
    UNKNOWN_STR,
    Outcome,
    Res,
    run_resource_rule,
    run_stack_rule,
    spot_service,
)

# --- fargate-spot ---------------------------------------------------------------------------------


def spot(props: dict, config: dict | None = None, type_: str = SERVICE) -> Outcome:
    """fargate-spot (a stack rule) on one service named svc."""
    return run_stack_rule("fargate-spot", [Res(type_, "svc", props)], config)


def test_fargate_spot_passes_an_all_spot_strategy():
    assert spot(spot_service()).violations == []


def test_fargate_spot_flags_launch_type_and_missing_strategy():
    launch = spot({"launchType": "FARGATE", "desiredCount": 1})
    assert "launchType=FARGATE" in launch.text()
    none = spot({"desiredCount": 1})
    assert "no capacityProviderStrategies" in none.text()


def test_fargate_spot_flags_low_share_and_a_base_over_the_limit():
    mixed = {
        "capacityProviderStrategies": [
            {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0},
        ]
    }
    outcome = spot(mixed)
    assert any("50%" in m and "minSpotShare=1" in m for m in outcome.messages)
    assert any("maxOnDemandBase=0" in m for m in outcome.messages)
    relaxed = spot(mixed, {"minSpotShare": 0.5, "maxOnDemandBase": 1.0})
    assert relaxed.violations == []


def test_fargate_spot_unknown_provider_is_reported():
    props = {"capacityProviderStrategies": [{"capacityProvider": UNKNOWN_STR, "weight": 1}]}
    outcome = spot(props)
    assert len(outcome.violations) == 1 and "capacityProviderStrategies[0].capacityProvider" in outcome.text()


def test_fargate_spot_ignores_ec2_services():
    assert spot({"launchType": "EC2"}).violations == []


def test_fargate_spot_judges_only_the_fargate_share_beside_an_ec2_capacity_provider():
    def strategy(*entries: tuple[str, int, int]) -> dict:
        return {
            "capacityProviderStrategies": [
                {"capacityProvider": p, "weight": w, "base": b} for p, w, b in entries
            ]
        }

    # Tasks on an EC2 capacity provider only: the instances are judged elsewhere.
    assert spot(strategy(("hosts", 1, 0))).violations == []
    # Beside it, the Fargate share must still be Spot, and an on-demand base still counts.
    mixed = spot(strategy(("hosts", 1, 0), ("FARGATE", 1, 0)))
    assert "FARGATE_SPOT gets 0%" in mixed.text()
    assert spot(strategy(("hosts", 1, 0), ("FARGATE_SPOT", 1, 0))).violations == []
    based = spot(strategy(("hosts", 1, 0), ("FARGATE", 0, 1)))
    assert "on-demand base of 1" in based.text()


# --- container-insights-off -----------------------------------------------------------------------

CLUSTER = "aws:ecs/cluster:Cluster"


def test_container_insights_off():
    off = {"settings": [{"name": "containerInsights", "value": "disabled"}]}
    assert run_resource_rule("container-insights-off", CLUSTER, off).violations == []
    for value in ("enabled", "enhanced"):
        on = {"settings": [{"name": "containerInsights", "value": value}]}
        assert value in run_resource_rule("container-insights-off", CLUSTER, on).text()
    assert "account default" in run_resource_rule("container-insights-off", CLUSTER, {}).text()
    assert (
        run_resource_rule("container-insights-off", CLUSTER, {}, {"requireExplicit": False}).violations == []
    )
    unknown = {"settings": [{"name": "containerInsights", "value": UNKNOWN_STR}]}
    assert (
        "cannot be checked at preview" in run_resource_rule("container-insights-off", CLUSTER, unknown).text()
    )


def test_container_insights_account_default():
    setting = {"name": "containerInsights", "value": "enabled"}
    outcome = run_resource_rule(
        "container-insights-off", "aws:ecs/accountSettingDefault:AccountSettingDefault", setting
    )
    assert "every new cluster" in outcome.text()


# --- fargate-task-size ----------------------------------------------------------------------------

TASK = "aws:ecs/taskDefinition:TaskDefinition"


def test_fargate_task_size():
    small = {"cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"]}
    assert run_resource_rule("fargate-task-size", TASK, small).violations == []
    big = {"cpu": "4096", "memory": "8192", "requiresCompatibilities": ["FARGATE"]}
    outcome = run_resource_rule("fargate-task-size", TASK, big)
    assert any("4 vCPU" in m for m in outcome.messages) and any("8192" in m for m in outcome.messages)
    assert (
        run_resource_rule("fargate-task-size", TASK, big, {"maxCpu": 4096, "maxMemory": 8192}).violations
        == []
    )
    assert (
        "1 vCPU"
        in run_resource_rule(
            "fargate-task-size", TASK, {"cpu": "1 vCPU", "memory": "2 GB"}, {"maxCpu": 512}
        ).text()
    )
    unknown = run_resource_rule("fargate-task-size", TASK, {"cpu": UNKNOWN_STR, "memory": "512"})
    assert "cannot be checked at preview: cpu" in unknown.text()
    ec2_only = {"cpu": "4096", "memory": "8192", "requiresCompatibilities": ["EC2"]}
    assert run_resource_rule("fargate-task-size", TASK, ec2_only).violations == []


# --- service-count-cap ----------------------------------------------------------------------------


def test_service_count_cap():
    assert run_resource_rule("service-count-cap", SERVICE, spot_service(desiredCount=2)).violations == []
    assert (
        "maxDesiredCount=2"
        in run_resource_rule("service-count-cap", SERVICE, spot_service(desiredCount=20)).text()
    )
    target = {"scalableDimension": "ecs:service:DesiredCount", "minCapacity": 1, "maxCapacity": 20}
    assert (
        "maxCount=4"
        in run_resource_rule("service-count-cap", "aws:appautoscaling/target:Target", target).text()
    )
    action = {
        "scalableDimension": "ecs:service:DesiredCount",
        "scalableTargetAction": {"minCapacity": 1, "maxCapacity": 9},
    }
    assert (
        "maxCapacity=9"
        in run_resource_rule(
            "service-count-cap", "aws:appautoscaling/scheduledAction:ScheduledAction", action
        ).text()
    )
    assert (
        run_resource_rule(
            "service-count-cap", SERVICE, spot_service(desiredCount=20), {"maxDesiredCount": 20}
        ).violations
        == []
    )
    unknown = run_resource_rule("service-count-cap", SERVICE, spot_service(desiredCount=UNKNOWN_NUM))
    assert "cannot be checked at preview: desiredCount" in unknown.text()


def test_ec2_instance_types():
    assert run_resource_rule("ec2-instance-types", INSTANCE, {"instanceType": "t4g.nano"}).violations == []
    assert (
        "m5.large" in run_resource_rule("ec2-instance-types", INSTANCE, {"instanceType": "m5.large"}).text()
    )
    assert (
        run_resource_rule(
            "ec2-instance-types",
            INSTANCE,
            {"instanceType": "m5.large"},
            {"allowedInstanceTypes": ["m5.large"]},
        ).violations
        == []
    )
    assert (
        "cannot be checked"
        in run_resource_rule("ec2-instance-types", INSTANCE, {"instanceType": UNKNOWN_STR}).text()
    )


def test_fargate_spot_takes_an_auto_named_capacity_provider_on_a_first_preview_for_an_ec2_one():
    # On a first preview an auto-named capacity provider's name is unknown; the strategy's dependency on
    # it says it is an EC2 capacity provider, not FARGATE_SPOT.
    hosts = Res("aws:ecs/capacityProvider:CapacityProvider", "hosts", {"name": UNKNOWN_STR})
    props = {"capacityProviderStrategies": [{"capacityProvider": UNKNOWN_STR, "weight": 1, "base": 0}]}
    linked = Res(SERVICE, "svc", props, {"capacityProviderStrategies": ["hosts"]})
    outcome = run_stack_rule("fargate-spot", [linked, hosts])
    assert outcome.violations == [] and outcome.advisory is None
    # Without such a dependency the name could be anything: it can't be checked at preview.
    assert spot(props).violations
