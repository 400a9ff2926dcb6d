"""The rules read the aws-native twins of the types they check, in CloudFormation's spelling."""

from __future__ import annotations

import pytest

from tests.policy.helpers import Res, run_resource_rule, run_stack_rule


def names(outcome) -> set[str]:
    return {at.rsplit("::", 1)[-1] for _, at in outcome.violations if at}


def test_no_public_ip_sees_native_services_instances_load_balancers_subnets_and_eips():
    resources = [
        Res(
            "aws-native:ecs:Service",
            "web",
            {
                "networkConfiguration": {
                    "awsvpcConfiguration": {"assignPublicIp": "ENABLED", "subnets": ["s"]}
                }
            },
        ),
        Res("aws-native:ec2:Instance", "box", {"networkInterfaces": [{"associatePublicIpAddress": True}]}),
        Res("aws-native:elasticloadbalancingv2:LoadBalancer", "alb", {"type": "application"}),
        Res("aws-native:elasticloadbalancing:LoadBalancer", "clb", {"listeners": []}),
        Res("aws-native:ec2:Subnet", "pub", {"mapPublicIpOnLaunch": True}),
        Res("aws-native:ec2:Eip", "ip", {"domain": "vpc"}),
        Res("aws-native:rds:DbInstance", "db", {"publiclyAccessible": True}),
        Res(
            "aws-native:ec2:LaunchTemplate",
            "lt",
            {"launchTemplateData": {"networkInterfaces": [{"associatePublicIpAddress": True}]}},
        ),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    assert names(outcome) == {"web", "box", "alb", "clb", "pub", "ip", "db", "lt"}
    assert "(aws-native:ecs:Service)" in outcome.text()
    private = [
        Res(
            "aws-native:ecs:Service",
            "web",
            {"networkConfiguration": {"awsvpcConfiguration": {"assignPublicIp": "DISABLED"}}},
        ),
        Res("aws-native:elasticloadbalancingv2:LoadBalancer", "alb", {"scheme": "internal"}),
    ]
    assert run_stack_rule("no-public-ip", private).violations == []


def test_a_native_nat_instance_with_its_eip_is_the_allowed_one():
    subnet = Res("aws-native:ec2:Subnet", "public", {"mapPublicIpOnLaunch": True})
    nat = Res(
        "aws-native:ec2:Instance",
        "nat",
        {
            "sourceDestCheck": False,
            "networkInterfaces": [{"associatePublicIpAddress": True}],
            "subnetId": "x",
        },
        deps={"subnetId": ["public"]},
    )
    eip = Res("aws-native:ec2:Eip", "ip", {"instanceId": "x"}, deps={"instanceId": ["nat"]})
    assert run_stack_rule("no-public-ip", [subnet, nat, eip]).violations == []


@pytest.mark.parametrize(
    ("rule", "type_"),
    [
        ("no-nat-gateway", "aws-native:ec2:NatGateway"),
        ("no-load-balancer", "aws-native:elasticloadbalancingv2:LoadBalancer"),
        ("no-load-balancer", "aws-native:elasticloadbalancing:LoadBalancer"),
    ],
)
def test_count_caps_count_native_twins(rule: str, type_: str):
    assert names(
        run_stack_rule(rule, [Res(type_, "a", {}), Res("aws:ec2/natGateway:NatGateway", "b", {})])
    ) >= {"a"}


def test_fargate_spot_task_size_and_count_read_native_spellings():
    on_demand = run_stack_rule(
        "fargate-spot", [Res("aws-native:ecs:Service", "svc", {"launchType": "FARGATE"})]
    )
    assert "launchType=FARGATE" in on_demand.text()
    spot = {
        "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
        "desiredCount": 1,
    }
    assert run_stack_rule("fargate-spot", [Res("aws-native:ecs:Service", "svc", spot)]).violations == []
    big = run_resource_rule(
        "fargate-task-size",
        "aws-native:ecs:TaskDefinition",
        {"cpu": "4096", "memory": "8192", "ephemeralStorage": {"sizeInGiB": 100}},
    )
    assert len(big.violations) == 3
    many = run_resource_rule("service-count-cap", "aws-native:ecs:Service", {"desiredCount": 20})
    assert "desiredCount=20" in many.text()
    target = run_resource_rule(
        "service-count-cap",
        "aws-native:applicationautoscaling:ScalableTarget",
        {
            "scalableDimension": "ecs:service:DesiredCount",
            "maxCapacity": 2,
            "scheduledActions": [{"scalableTargetAction": {"maxCapacity": 40}}],
        },
    )
    assert "scheduledActions[0].scalableTargetAction.maxCapacity=40" in target.text()


def test_log_retention_and_rds_dev_size_read_native_spellings():
    assert "never expire" in run_resource_rule("log-retention", "aws-native:logs:LogGroup", {}).text()
    big = run_resource_rule(
        "rds-dev-size",
        "aws-native:rds:DbInstance",
        {"dbInstanceClass": "db.r6g.4xlarge", "multiAz": True, "allocatedStorage": "500"},
    )
    assert len(big.violations) == 3 and "db.r6g.4xlarge" in big.text()
    insights = run_resource_rule(
        "container-insights-off",
        "aws-native:ecs:Cluster",
        {"clusterSettings": [{"name": "containerInsights", "value": "enabled"}]},
    )
    assert "containerInsights is enabled" in insights.text()


def test_every_twin_names_its_kind_reshape_and_renames():
    from frugal.policy import native

    assert all(isinstance(found, native.Twin) for found in native.TWINS.values())
    service = native.TWINS["aws-native:ecs:Service"]
    assert service.kind == native.kind_of("aws-native:ecs:Service") == "aws:ecs/service:Service"
    assert native.twin_dependencies("aws-native:ecs:Service", {"serviceName": ["urn:a"]}) == {
        "name": ["urn:a"]
    }
    assert "aws-native:ecs:Service" in native.twins_of(service.kind)
