"""The generic FargateService (in a FargateCluster): strategy, no public IP, Cloud Map, logs, scaling, image,
ports, secrets, health checks, ingress and outputs, with a container that isn't this repo's app."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from frugal.components import (
    CommandHealthCheck,
    Container,
    ContainerImage,
    Egress,
    FargateCluster,
    FargateClusterArgs,
    FargateService,
    FargateServiceArgs,
    HttpHealthCheck,
    IngressSource,
    Schedule,
)
from frugal.mocks import Recording
from tests.infra.helpers import container_definitions, environment, run_components

OFFICE_HOURS = Schedule("cron(0 8 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)", "America/New_York")
PUSHED_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:abc123"
PARAMETER_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/orders/token"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders/db-AbCdEf"
PORT = 3000
# What the edge and a stack's exports read from a FargateService (attributes and registered outputs).
INTERFACE_OUTPUTS = {
    "service_name": "serviceName",
    "cluster_name": "clusterName",
    "cloud_map_service_arn": "cloudMapServiceArn",
    "security_group_id": "securityGroupId",
    "port": "port",
    "log_group_name": "logGroupName",
    "dns_name": "dnsName",
}


def container(**overrides: Any) -> Container:
    args: dict[str, Any] = {
        "image": ContainerImage.from_uri(PUSHED_IMAGE),
        "port": PORT,
        "environment": {"LOG_LEVEL": "info", "NODE_ENV": "production"},
        "secrets": {"API_TOKEN": PARAMETER_ARN},
    }
    args.update(overrides)
    return Container(**args)


def build(*, cluster_args: dict[str, Any] | None = None, **overrides: Any) -> Recording:
    def program() -> None:
        cluster = FargateCluster(
            "shared", FargateClusterArgs(vpc_id="vpc-1", name_prefix="orders-test", **(cluster_args or {}))
        )
        args: dict[str, Any] = {
            "cluster": cluster,
            "subnet_ids": ["subnet-a", "subnet-b"],
            "container": container(),
        }
        args.update(overrides)
        service = FargateService("orders", FargateServiceArgs(**args))
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
    # The cluster's own default stays Spot: each service brings its own strategy.
    assert providers["defaultCapacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "cheap"}, "FargateService capacity 'cheap': allowed: spot, mixed, on-demand"),
        ({"cpu": 256, "memory": 4096}, "cpu 256 with memory 4096 is not a Fargate task size"),
        ({"cpu": 300}, "cpu 300 is not a Fargate size; allowed cpu units: 256, 512, 1024"),
        ({"min_count": 3, "max_count": 2}, "min_count 3 / max_count 2: allowed: 0 <= min_count <= max_count"),
        ({"architecture": "arm"}, "FargateService architecture 'arm': allowed: x86_64, arm64"),
        ({"log_retention_days": 10}, "log_retention_days 10: allowed: 0, 1, 3"),
        ({"container": container(port=0)}, "container port must be 1 to 65535, got 0"),
        ({"container": container(environment={"API_TOKEN": "x"})}, "both plain and secret: API_TOKEN"),
    ],
)
def test_bad_arguments_are_refused_with_what_is_allowed(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(**overrides)


def test_no_public_ip_private_subnets_and_circuit_breaker() -> None:
    service = service_inputs(build())
    network = service["networkConfiguration"]
    assert network["assignPublicIp"] is False
    assert network["subnets"] == ["subnet-a", "subnet-b"]
    assert service["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert "name" not in service  # Pulumi names it unless told otherwise


def test_a_fixed_service_name_is_used_and_replaced_by_deleting_first() -> None:
    recording = build(service_name="orders")
    assert service_inputs(recording)["name"] == "orders"


def test_cloud_map_name_srv_and_a_records_with_container_name_and_port() -> None:
    recording = build(discovery_name="orders-api")
    discovery = recording.one("aws:servicediscovery/service:Service")
    assert discovery.inputs["name"] == "orders-api"
    records = discovery.inputs["dnsConfig"]["dnsRecords"]
    assert sorted((r["type"], r["ttl"]) for r in records) == [("A", 60), ("SRV", 60)]
    namespace = recording.one("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
    assert namespace.inputs["vpc"] == "vpc-1"
    assert namespace.inputs["name"] == "orders-test.internal"
    assert discovery.inputs["dnsConfig"]["namespaceId"] == namespace.id
    registry = service_inputs(recording)["serviceRegistries"]
    assert registry == {
        "registryArn": discovery.outputs["arn"],
        "containerName": "orders",
        "containerPort": PORT,
    }
    assert "port" not in registry  # containerPort and port are mutually exclusive
    assert recording.stack_outputs["cloud_map_service_arn"] == discovery.outputs["arn"]
    assert recording.stack_outputs["dns_name"] == "orders-api.orders-test.internal"


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
    assert group.inputs["name"] == "/ecs/orders-test/orders"
    (definition,) = container_definitions(recording)
    options = definition["logConfiguration"]["options"]
    assert definition["logConfiguration"]["logDriver"] == "awslogs"
    assert options["awslogs-group"] == group.inputs["name"] == recording.stack_outputs["log_group_name"]
    assert options["awslogs-region"] == "us-east-1"
    assert options["awslogs-stream-prefix"] == "orders"


def test_office_hours_scheduled_actions_scale_to_zero_and_restore() -> None:
    recording = build(schedule=OFFICE_HOURS, min_count=1, max_count=3)
    target = recording.one("aws:appautoscaling/target:Target").inputs
    assert target["resourceId"] == "service/shared-cluster/orders-service"
    assert target["scalableDimension"] == "ecs:service:DesiredCount"
    assert (target["minCapacity"], target["maxCapacity"]) == (1, 3)
    actions = {
        a.name: a.inputs for a in recording.of_type("aws:appautoscaling/scheduledAction:ScheduledAction")
    }
    assert set(actions) == {"orders-scale-down", "orders-scale-up"}
    down, up = actions["orders-scale-down"], actions["orders-scale-up"]
    assert down["name"] == "orders-test-orders-scale-down"
    assert down["schedule"] == "cron(0 19 ? * MON-FRI *)"
    assert down["scalableTargetAction"] == {"minCapacity": 0, "maxCapacity": 0}
    assert up["schedule"] == "cron(0 8 ? * MON-FRI *)"
    assert up["scalableTargetAction"] == {"minCapacity": 1, "maxCapacity": 3}
    for action in actions.values():
        assert action["timezone"] == "America/New_York"
        assert action["resourceId"] == target["resourceId"]
        assert action["serviceNamespace"] == "ecs"


def test_a_schedule_with_a_bad_cron_expression_is_refused() -> None:
    with pytest.raises(ValueError, match=r"Schedule start 'cron\(0 8 \* \* MON \*\)'"):
        Schedule("cron(0 8 * * MON *)", "cron(0 19 ? * MON-FRI *)", "UTC")


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


def test_task_definition_size_architecture_port_and_stop_timeout() -> None:
    recording = build(cpu=512, memory=1024, architecture="arm64")
    task = recording.one("aws:ecs/taskDefinition:TaskDefinition").inputs
    assert (task["cpu"], task["memory"]) == ("512", "1024")
    assert task["family"] == "orders-test-orders"
    assert task["runtimePlatform"] == {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"}
    assert task["networkMode"] == "awsvpc" and task["requiresCompatibilities"] == ["FARGATE"]
    (definition,) = container_definitions(recording)
    assert definition["name"] == "orders"
    assert definition["portMappings"] == [{"name": "http", "containerPort": PORT, "protocol": "tcp"}]
    assert definition["stopTimeout"] == 120
    assert "healthCheck" not in definition and "command" not in definition


@pytest.mark.parametrize(
    ("check", "command"),
    [
        (
            HttpHealthCheck("/healthz", probe="python"),
            [
                "CMD",
                "python",
                "-c",
                "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=3)",
            ],
        ),
        (
            HttpHealthCheck("/healthz", probe="curl"),
            ["CMD", "curl", "-fsS", "-o", "/dev/null", "--max-time", "3", "http://127.0.0.1:3000/healthz"],
        ),
        (
            HttpHealthCheck("/", probe="wget"),
            ["CMD", "wget", "-q", "-O", "/dev/null", "-T", "3", "http://127.0.0.1:3000/"],
        ),
        (CommandHealthCheck(["CMD-SHELL", "pg_isready || exit 1"]), ["CMD-SHELL", "pg_isready || exit 1"]),
    ],
)
def test_health_checks_run_on_the_containers_port(check: Any, command: list[str]) -> None:
    (definition,) = container_definitions(build(container=container(health_check=check)))
    assert definition["healthCheck"] == {
        "command": command,
        "interval": 30,
        "timeout": 5,
        "retries": 3,
        "startPeriod": 15,
    }


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: HttpHealthCheck("healthz"), "must start with '/'"),
        (lambda: HttpHealthCheck("/", probe="nc"), "allowed: python, curl, wget"),
        (lambda: CommandHealthCheck(["pg_isready"]), 'must start with "CMD" or "CMD-SHELL"'),
        (lambda: ContainerImage(), "exactly one of uri and build"),
    ],
)
def test_bad_health_checks_and_images_are_refused(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_command_environment_and_secrets_are_the_callers() -> None:
    recording = build(container=container(command=["node", "server.js"]))
    (definition,) = container_definitions(recording)
    assert definition["command"] == ["node", "server.js"]
    assert environment(recording) == {"LOG_LEVEL": "info", "NODE_ENV": "production"}
    assert definition["secrets"] == [{"name": "API_TOKEN", "valueFrom": PARAMETER_ARN}]
    assert not recording.of_type("aws:ssm/parameter:Parameter")  # the caller owns its secrets


def execution_statements(recording: Recording) -> dict[str, dict]:
    (policy,) = [
        p for p in recording.of_type("aws:iam/rolePolicy:RolePolicy") if p.name.endswith("-execution")
    ]
    return {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}


def test_the_execution_role_reads_exactly_the_named_secrets() -> None:
    secrets = {"API_TOKEN": PARAMETER_ARN, "DATABASE_URL": f"{SECRET_ARN}:url::"}
    sids = execution_statements(build(container=container(secrets=secrets)))
    assert sids["ReadSsmParameters"]["Action"] == ["ssm:GetParameters"]
    assert sids["ReadSsmParameters"]["Resource"] == [PARAMETER_ARN]
    # A JSON key in valueFrom is not part of the secret's ARN, which is what IAM names.
    assert sids["ReadSecrets"] == {
        "Sid": "ReadSecrets",
        "Effect": "Allow",
        "Action": ["secretsmanager:GetSecretValue"],
        "Resource": [SECRET_ARN],
    }
    assert "DecryptSecrets" not in sids  # no customer key named, no kms:Decrypt


def test_kms_decrypt_only_for_a_named_customer_key() -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    sids = execution_statements(build(secrets_kms_key_arns=[key]))
    assert sids["DecryptSecrets"]["Action"] == ["kms:Decrypt"]
    assert sids["DecryptSecrets"]["Resource"] == [key]


def test_no_secrets_means_no_secret_statements() -> None:
    sids = execution_statements(build(container=container(secrets={})))
    assert set(sids) == {"Logs"}  # an image from a public registry needs no ECR permission either
    (definition,) = container_definitions(build(container=container(secrets={})))
    assert "secrets" not in definition


def test_a_secret_that_is_neither_ssm_nor_secrets_manager_is_refused() -> None:
    with pytest.raises(Exception, match="neither an SSM parameter ARN"):
        build(container=container(secrets={"X": "arn:aws:s3:::bucket/key"}))


def test_pushed_image_is_used_as_is_and_nothing_is_built() -> None:
    recording = build()
    assert not recording.of_type("docker-build:index:Image")
    assert not recording.of_type("aws:ecr/repository:Repository")
    (definition,) = container_definitions(recording)
    assert definition["image"] == PUSHED_IMAGE


def test_a_pushed_image_may_keep_its_own_repository() -> None:
    recording = build(container=container(image=ContainerImage.from_uri(PUSHED_IMAGE, own_repository=True)))
    repository = recording.one("aws:ecr/repository:Repository")
    assert not recording.of_type("docker-build:index:Image")
    assert execution_statements(recording)["EcrPull"]["Resource"] == [repository.outputs["arn"]]


def test_image_is_built_only_at_up_and_pushed_to_its_repository() -> None:
    image = ContainerImage.from_build("services/orders", "services/orders/Dockerfile", tag="abc123")
    recording = build(container=container(image=image), architecture="arm64")
    built = recording.one("docker-build:index:Image")
    assert built.inputs["buildOnPreview"] is False
    assert built.inputs["push"] is True
    assert built.inputs["dockerfile"] == {"location": "services/orders/Dockerfile"}
    assert built.inputs["context"] == {"location": "services/orders"}
    assert built.inputs["platforms"] == ["linux/arm64"]
    repository = recording.one("aws:ecr/repository:Repository")
    assert built.inputs["tags"] == [f"{repository.outputs['repositoryUrl']}:abc123"]
    (definition,) = container_definitions(recording)
    assert definition["image"] == built.outputs["ref"]
    sids = execution_statements(recording)
    assert sids["EcrPull"]["Resource"] == [repository.outputs["arn"]]
    assert sids["EcrToken"]["Resource"] == "*"


def test_ecr_lifecycle_keeps_the_last_ten_images() -> None:
    recording = build(container=container(image=ContainerImage.from_build(".", "Dockerfile")))
    policy = json.loads(recording.one("aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs["policy"])
    (rule,) = policy["rules"]
    assert rule["selection"] == {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10}
    assert rule["action"] == {"type": "expire"}


def test_task_role_gets_the_callers_statements_and_exec_only_when_enabled() -> None:
    statement = {
        "Sid": "Queue",
        "Effect": "Allow",
        "Action": ["sqs:SendMessage"],
        "Resource": ["arn:aws:sqs:us-east-1:123456789012:orders"],
    }
    for enabled in (True, False):
        recording = build(task_role_statements=[statement], execute_command=enabled)
        (policy,) = [p for p in recording.of_type("aws:iam/rolePolicy:RolePolicy") if p.name == "orders-task"]
        sids = {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}
        assert sids["Queue"] == statement
        assert ("EcsExec" in sids) is enabled
        assert service_inputs(recording)["enableExecuteCommand"] is enabled


def test_a_task_role_with_nothing_to_allow_has_no_policy() -> None:
    recording = build()
    assert [p.name for p in recording.of_type("aws:iam/rolePolicy:RolePolicy")] == ["orders-execution"]
    assert len(recording.of_type("aws:iam/role:Role")) == 2


def test_service_security_group_admits_only_the_named_sources_on_its_port() -> None:
    sources = [
        IngressSource("edge", "sg-edge", "From the edge"),
        IngressSource("jobs", "sg-jobs", "From jobs"),
    ]
    recording = build(ingress=sources)
    group = recording.one("aws:ec2/securityGroup:SecurityGroup")
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    rules = {
        r.name: r.inputs
        for r in recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    }
    assert rules == {
        f"orders-from-{source.name}": {
            "securityGroupId": group.id,
            "referencedSecurityGroupId": source.security_group_id,
            "ipProtocol": "tcp",
            "fromPort": PORT,
            "toPort": PORT,
            "description": source.description,
        }
        for source in sources
    }
    assert recording.stack_outputs["security_group_id"] == group.id
    assert service_inputs(recording)["networkConfiguration"]["securityGroups"] == [group.id]


def test_no_ingress_source_means_no_ingress_rule() -> None:
    recording = build()
    assert not recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    (egress,) = recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    assert (egress.inputs["ipProtocol"], egress.inputs["fromPort"], egress.inputs["toPort"]) == (
        "tcp",
        443,
        443,
    )


def test_extra_egress_opens_one_port_to_one_cidr() -> None:
    recording = build(egress=[Egress("database", 5432, "10.0.0.0/16", "Postgres in the VPC")])
    rules = {
        r.name: r.inputs for r in recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    }
    assert set(rules) == {"orders-service-https-out", "orders-service-to-database"}
    extra = rules["orders-service-to-database"]
    assert (extra["fromPort"], extra["toPort"], extra["cidrIpv4"]) == (5432, 5432, "10.0.0.0/16")


def test_service_starts_after_its_egress_rule_and_the_clusters_capacity_providers() -> None:
    recording = build()
    dependencies = set(recording.one("aws:ecs/service:Service").dependencies)
    assert recording.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").urn in dependencies
    assert recording.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").urn in dependencies


def test_outputs_are_attributes_and_registered_in_camel_case() -> None:
    recording = build(schedule=OFFICE_HOURS, ingress=[IngressSource("edge", "sg-edge", "From the edge")])
    outputs = recording.stack_outputs
    assert outputs["port"] == PORT
    assert outputs["cluster_name"] == "shared-cluster"
    assert outputs["service_name"] == "orders-service"
    component = recording.one("frugal:components:FargateService")
    cluster = recording.one("frugal:components:FargateCluster")
    # The team standard: parent=self, not a sibling such as the repository, a role or the target.
    children = recording.children_of(component.urn) + recording.children_of(cluster.urn)
    assert len(children) == len(recording.resources) - 2
    for attribute, key in INTERFACE_OUTPUTS.items():
        assert component.outputs[key] == outputs[attribute], key
    assert cluster.outputs["namespaceName"] == "orders-test.internal"


def test_two_services_share_one_cluster_and_one_namespace() -> None:
    def program() -> None:
        cluster = FargateCluster("shared", FargateClusterArgs(vpc_id="vpc-1", name_prefix="two"))
        first = FargateService(
            "first", FargateServiceArgs(cluster=cluster, subnet_ids=["subnet-a"], container=container())
        )
        FargateService(
            "second",
            FargateServiceArgs(
                cluster=cluster,
                subnet_ids=["subnet-a"],
                container=container(
                    port=8081, environment={"FIRST_URL": f"http://{first.dns_name}:{first.port}"}
                ),
                ingress=[],
            ),
        )

    recording = run_components(program)
    assert len(recording.of_type("aws:ecs/cluster:Cluster")) == 1
    assert len(recording.of_type("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")) == 1
    services = recording.of_type("aws:ecs/service:Service")
    assert {s.inputs["cluster"] for s in services} == {
        recording.one("aws:ecs/cluster:Cluster").outputs["arn"]
    }
    discovery = {d.inputs["name"] for d in recording.of_type("aws:servicediscovery/service:Service")}
    assert discovery == {"first", "second"}
    (second,) = [d for d in container_definitions_of(recording) if d["name"] == "second"]
    assert {e["name"]: e["value"] for e in second["environment"]}[
        "FIRST_URL"
    ] == "http://first.two.internal:3000"


def container_definitions_of(recording: Recording) -> list[dict]:
    return [
        definition
        for task in recording.of_type("aws:ecs/taskDefinition:TaskDefinition")
        for definition in json.loads(task.inputs["containerDefinitions"])
    ]


def test_moved_children_get_their_aliases_and_a_typo_is_refused() -> None:
    old = "urn:pulumi:test::frugal::frugal:components:FargateService::orders"

    def program(name: str) -> None:
        FargateCluster(
            "shared",
            FargateClusterArgs(vpc_id="vpc-1"),
            moved={name: [pulumi.Alias(parent=old)]},
        )

    assert run_components(lambda: program("shared-cluster")).one("aws:ecs/cluster:Cluster")
    with pytest.raises(ValueError, match="`moved` names children it does not declare: shared-clutser"):
        run_components(lambda: program("shared-clutser"))
