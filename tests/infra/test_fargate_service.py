"""FargateService: capacity strategy, no public IP, Cloud Map SRV + A, logs, scaling, image and outputs."""

from __future__ import annotations

import json

import pulumi
import pytest

from components.data import DataTable, DataTableArgs
from components.fargate_service import (
    CONTAINER_NAME,
    CONTAINER_PORT,
    HEALTH_CHECK_COMMAND,
    FargateService,
    FargateServiceArgs,
    ScaleSchedule,
)
from tests.infra.helpers import (
    container_definitions,
    environment,
    is_secret,
    run_components,
    unwrap_secret,
)
from tools.mocks import Recording

TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/inventory"
OFFICE_HOURS = ScaleSchedule("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "America/New_York")
PUSHED_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/frugal:abc123"
# What the edge and the stack exports read from a FargateService (attributes and registered outputs).
INTERFACE_OUTPUTS = (
    "cluster_name",
    "service_name",
    "cloud_map_service_arn",
    "service_security_group_id",
    "container_port",
    "log_group_name",
)


def build(**overrides) -> Recording:
    def program() -> None:
        args = FargateServiceArgs(
            name_prefix="frugal-test",
            vpc_id="vpc-1",
            subnet_ids=["subnet-a", "subnet-b"],
            table_name="inventory",
            table_arn=TABLE_ARN,
            api_key=pulumi.Output.secret("s3cret"),
            **overrides,
        )
        service = FargateService("app", args)
        for attribute in INTERFACE_OUTPUTS:
            pulumi.export(attribute, getattr(service, attribute))

    return run_components(program)


def service_inputs(recording: Recording) -> dict:
    return recording.one("aws:ecs/service:Service").inputs


@pytest.mark.parametrize(
    ("capacity", "base", "expected"),
    [
        ("spot", 1, [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]),
        (
            "mixed",
            2,
            [
                {"capacityProvider": "FARGATE", "weight": 0, "base": 2},
                {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0},
            ],
        ),
        ("on-demand", 1, [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}]),
    ],
)
def test_capacity_strategy_and_never_launch_type(capacity: str, base: int, expected: list[dict]) -> None:
    recording = build(capacity=capacity, on_demand_base=base, max_count=3)
    service = service_inputs(recording)
    assert "launchType" not in service
    assert service["capacityProviderStrategies"] == expected
    providers = recording.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs
    assert sorted(providers["capacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    assert providers["defaultCapacityProviderStrategies"] == expected


def test_unknown_capacity_is_refused() -> None:
    with pytest.raises(ValueError, match="FargateService capacity 'cheap': allowed: spot, mixed, on-demand"):
        build(capacity="cheap")


@pytest.mark.parametrize(
    ("cpu", "memory", "message"),
    [
        (
            256,
            4096,
            "cpu 256 with memory 4096 is not a Fargate task size; allowed with cpu 256: 512, 1024, 2048",
        ),
        (
            300,
            512,
            "cpu 300 is not a Fargate size; allowed cpu units: 256, 512, 1024, 2048, 4096, 8192, 16384",
        ),
    ],
)
def test_task_size_is_validated_with_the_valid_combinations(cpu: int, memory: int, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        build(cpu=cpu, memory=memory)
    assert message in str(caught.value)
    if cpu == 256:
        assert "cpu 16384: memory 32768" in str(caught.value)


def test_min_count_above_max_count_is_refused() -> None:
    with pytest.raises(ValueError, match="min_count 3 / max_count 2: allowed: 0 <= min_count <= max_count"):
        build(min_count=3, max_count=2)


def test_unknown_architecture_is_refused() -> None:
    with pytest.raises(ValueError, match="FargateService architecture 'arm': allowed: x86_64, arm64"):
        build(architecture="arm")


def test_no_public_ip_private_subnets_and_circuit_breaker() -> None:
    service = service_inputs(build())
    network = service["networkConfiguration"]
    assert network["assignPublicIp"] is False
    assert network["subnets"] == ["subnet-a", "subnet-b"]
    assert service["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}


def test_cloud_map_srv_and_a_records_with_container_name_and_port() -> None:
    recording = build()
    discovery = recording.one("aws:servicediscovery/service:Service")
    records = discovery.inputs["dnsConfig"]["dnsRecords"]
    assert sorted((r["type"], r["ttl"]) for r in records) == [("A", 60), ("SRV", 60)]
    namespace = recording.one("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
    assert namespace.inputs["vpc"] == "vpc-1"
    assert discovery.inputs["dnsConfig"]["namespaceId"] == namespace.id
    registry = service_inputs(recording)["serviceRegistries"]
    assert registry == {
        "registryArn": discovery.outputs["arn"],
        "containerName": "app",
        "containerPort": 8080,
    }
    assert "port" not in registry  # containerPort and port are mutually exclusive
    assert recording.stack_outputs["cloud_map_service_arn"] == discovery.outputs["arn"]


def test_cloud_map_takes_task_health_from_ecs() -> None:
    # An empty block is dropped by the provider (no custom health check, a replacement on every up).
    discovery = build().one("aws:servicediscovery/service:Service")
    assert discovery.inputs["healthCheckCustomConfig"] == {"failureThreshold": 1}
    assert "healthCheckConfig" not in discovery.inputs  # Route 53 checks are for public namespaces


@pytest.mark.parametrize("days", [3, 30, 0])
def test_log_retention_is_set_and_the_container_logs_there(days: int) -> None:
    recording = build(log_retention_days=days)
    group = recording.one("aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["retentionInDays"] == days
    (container,) = container_definitions(recording)
    options = container["logConfiguration"]["options"]
    assert container["logConfiguration"]["logDriver"] == "awslogs"
    assert options["awslogs-group"] == group.inputs["name"] == recording.stack_outputs["log_group_name"]
    assert options["awslogs-region"] == "us-east-1"


def test_office_hours_scheduled_actions_scale_to_zero_and_restore() -> None:
    recording = build(schedule=OFFICE_HOURS, min_count=1, max_count=3)
    target = recording.one("aws:appautoscaling/target:Target").inputs
    assert target["resourceId"] == "service/app-cluster/app-service"
    assert target["scalableDimension"] == "ecs:service:DesiredCount"
    assert (target["minCapacity"], target["maxCapacity"]) == (1, 3)
    actions = {
        a.name: a.inputs for a in recording.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    }
    assert set(actions) == {"app-scale-down", "app-scale-up"}
    down, up = actions["app-scale-down"], actions["app-scale-up"]
    assert down["schedule"] == "cron(0 19 ? * MON-FRI *)"
    assert down["scalableTargetAction"] == {"minCapacity": 0, "maxCapacity": 0}
    assert up["schedule"] == "cron(0 8 ? * MON-FRI *)"
    assert up["scalableTargetAction"] == {"minCapacity": 1, "maxCapacity": 3}
    for action in actions.values():
        assert action["timezone"] == "America/New_York"
        assert action["resourceId"] == target["resourceId"]
        assert action["serviceNamespace"] == "ecs"


def test_no_schedule_means_no_scheduled_actions_but_cpu_tracking() -> None:
    recording = build(schedule=None, cpu_target_percent=70)
    assert not recording.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    policy = recording.one("aws:appautoscaling/policy:Policy").inputs
    assert policy["policyType"] == "TargetTrackingScaling"
    config = policy["targetTrackingScalingPolicyConfiguration"]
    assert config["targetValue"] == 70
    assert config["predefinedMetricSpecification"] == {
        "predefinedMetricType": "ECSServiceAverageCPUUtilization"
    }


def test_fixed_size_service_has_no_cpu_tracking_but_keeps_its_schedule() -> None:
    recording = build(min_count=1, max_count=1, schedule=OFFICE_HOURS)
    assert not recording.of_type("aws:appautoscaling/policy:Policy")
    target = recording.one("aws:appautoscaling/target:Target").inputs
    assert (target["minCapacity"], target["maxCapacity"]) == (1, 1)
    assert len(recording.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")) == 2


def test_task_definition_size_architecture_health_check_and_stop_timeout() -> None:
    recording = build(cpu=512, memory=1024, architecture="arm64")
    task = recording.one("aws:ecs/taskDefinition:TaskDefinition").inputs
    assert (task["cpu"], task["memory"]) == ("512", "1024")
    assert task["runtimePlatform"] == {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"}
    assert task["networkMode"] == "awsvpc" and task["requiresCompatibilities"] == ["FARGATE"]
    (container,) = container_definitions(recording)
    assert container["name"] == CONTAINER_NAME
    assert container["portMappings"][0]["containerPort"] == CONTAINER_PORT == 8080
    assert container["healthCheck"]["command"] == HEALTH_CHECK_COMMAND
    assert "http://127.0.0.1:8080/health/live" in container["healthCheck"]["command"][-1]
    assert container["stopTimeout"] == 120
    assert recording.one("docker-build:index:Image").inputs["platforms"] == ["linux/arm64"]


def test_environment_and_secret_from_ssm() -> None:
    recording = build(cors_origins=pulumi.Output.from_input(["https://site.example", "https://b.example"]))
    env = environment(recording)
    assert env == {
        "FRUGAL_STORAGE": "dynamodb",
        "FRUGAL_DYNAMODB_TABLE": "inventory",
        "AWS_REGION": "us-east-1",
        "FRUGAL_CORS_ORIGINS": "https://site.example,https://b.example",
        "PORT": "8080",
    }
    assert not any("API_KEY" in name for name in env)  # the key never appears as plain text
    parameter = recording.one("aws:ssm/parameter:Parameter")
    assert parameter.inputs["type"] == "SecureString"
    assert "keyId" not in parameter.inputs  # the AWS-managed key: free
    assert is_secret(parameter.inputs["value"]) and unwrap_secret(parameter.inputs["value"]) == "s3cret"
    (container,) = container_definitions(recording)
    assert container["secrets"] == [{"name": "FRUGAL_API_KEY", "valueFrom": parameter.outputs["arn"]}]


def test_git_sha_is_passed_when_known() -> None:
    assert environment(build(git_sha="abc123"))["FRUGAL_GIT_SHA"] == "abc123"


def test_pushed_image_is_used_as_is_and_nothing_is_built() -> None:
    recording = build(image=PUSHED_IMAGE)
    assert not recording.of_type("docker-build:index:Image")
    (container,) = container_definitions(recording)
    assert container["image"] == PUSHED_IMAGE


def test_image_is_built_from_app_dockerfile_only_at_up() -> None:
    recording = build()
    image = recording.one("docker-build:index:Image")
    assert image.inputs["buildOnPreview"] is False
    assert image.inputs["push"] is True
    assert image.inputs["dockerfile"] == {"location": "app/Dockerfile"}
    assert image.inputs["context"] == {"location": "."}
    repository = recording.one("aws:ecr/repository:Repository")
    assert image.inputs["tags"] == [f"{repository.outputs['repositoryUrl']}:latest"]
    (container,) = container_definitions(recording)
    assert container["image"] == image.outputs["ref"]


def test_ecr_lifecycle_keeps_the_last_ten_images() -> None:
    recording = build()
    policy = json.loads(recording.one("aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs["policy"])
    (rule,) = policy["rules"]
    assert rule["selection"] == {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10}
    assert rule["action"] == {"type": "expire"}


@pytest.mark.parametrize("enabled", [True, False])
def test_execute_command_toggle(enabled: bool) -> None:
    recording = build(execute_command=enabled)
    assert service_inputs(recording)["enableExecuteCommand"] is enabled


@pytest.mark.parametrize("enabled", [True, False])
def test_container_insights_follows_config(enabled: bool) -> None:
    cluster = build(container_insights=enabled).one("aws:ecs/cluster:Cluster").inputs
    assert cluster["settings"] == [
        {"name": "containerInsights", "value": "enabled" if enabled else "disabled"}
    ]


def test_service_security_group_has_no_ingress_of_its_own() -> None:
    recording = build()
    group = recording.one("aws:ec2/securityGroup:SecurityGroup")
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    assert not recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    (egress,) = recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    assert (egress.inputs["ipProtocol"], egress.inputs["fromPort"], egress.inputs["toPort"]) == (
        "tcp",
        443,
        443,
    )
    assert recording.stack_outputs["service_security_group_id"] == group.id
    assert service_inputs(recording)["networkConfiguration"]["securityGroups"] == [group.id]


def test_service_starts_after_its_egress_rule_and_capacity_providers() -> None:
    recording = build()
    dependencies = set(recording.one("aws:ecs/service:Service").dependencies)
    assert recording.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").urn in dependencies
    assert recording.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").urn in dependencies


def test_named_sources_get_the_container_port_only() -> None:
    recording = build(ingress_security_group_ids=["sg-vpclink"])
    (rule,) = recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert rule.inputs["referencedSecurityGroupId"] == "sg-vpclink"
    assert (rule.inputs["fromPort"], rule.inputs["toPort"]) == (8080, 8080)
    assert "cidrIpv4" not in rule.inputs


def test_outputs_are_attributes_and_registered() -> None:
    # Every optional child (built image, CPU tracking, scheduled actions, ingress rule) is present.
    recording = build(schedule=OFFICE_HOURS, ingress_security_group_ids=["sg-vpclink"])
    assert recording.of_type("docker-build:index:Image") and recording.of_type(
        "aws:appautoscaling/scheduledAction:ScheduledAction"
    )
    outputs = recording.stack_outputs
    assert outputs["container_port"] == 8080
    assert outputs["cluster_name"] == "app-cluster"
    assert outputs["service_name"] == "app-service"
    component = recording.one("frugal:components:FargateService")
    # The team standard: parent=self, not a sibling such as the repository, a role or the target.
    assert len(recording.children_of(component.urn)) == len(recording.resources) - 1
    # register_outputs puts them on the component's state.
    assert set(component.outputs) >= set(INTERFACE_OUTPUTS)
    assert component.outputs["container_port"] == 8080
    assert component.outputs["cloud_map_service_arn"] == outputs["cloud_map_service_arn"]


def test_autoscaling_owns_the_desired_count() -> None:
    recording = build(desired_count=2, min_count=1, max_count=4)
    assert service_inputs(recording)["desiredCount"] == 2


@pytest.mark.parametrize("protected", [True, False])
def test_data_table(protected: bool) -> None:
    def program() -> None:
        table = DataTable(
            "data", DataTableArgs(point_in_time_recovery=protected, deletion_protection=protected)
        )
        pulumi.export("table_name", table.table_name)

    recording = run_components(program)
    table = recording.one("aws:dynamodb/table:Table").inputs
    assert table["billingMode"] == "PAY_PER_REQUEST"
    assert table["hashKey"] == "id"
    assert table["attributes"] == [{"name": "id", "type": "S"}]
    assert "rangeKey" not in table
    assert "globalSecondaryIndexes" not in table and "localSecondaryIndexes" not in table
    assert table["pointInTimeRecovery"] == {"enabled": protected}
    assert table["deletionProtectionEnabled"] is protected
    assert recording.stack_outputs["table_name"] == "data-table"
