"""FargateService: one container on Fargate (Spot by default) in a FargateCluster, private, found by name.

Bring your own container: an image URI, or a build that is pushed to the service's own ECR repository
(docker-build, only at `pulumi up`). The component knows nothing about the program it runs: its port,
command, environment, secrets, health check and task-role permissions all come from the caller.

Children, in order: the image (repository, lifecycle policy, build), the log group, the execution and
task roles, the task definition, the Cloud Map service (`<discovery name>.<namespace>`, SRV + A
records), the security group and its rules, the ECS service and its autoscaling.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_docker_build as docker_build

from frugal.aws_limits import (
    ALARM_ON_AFTER_START_MINUTES,
    ALARM_RESET_AFTER_START_MINUTES,
    ARCHITECTURES,
    CAPACITIES,
    LOG_RETENTION_DAYS,
    Schedule,
    alarm_switch_times,
    fargate_size_error,
)
from frugal.components.alerts import AlarmTopic
from frugal.components.base import Component, Moved
from frugal.components.cluster import FargateCluster, capacity_provider_strategy
from frugal.components.iam import policy_document, service_trust_policy
from frugal.components.scheduler import ApiCall, scheduled_api_calls

# Fargate Spot gives a 2-minute warning as SIGTERM; 120 s (the Fargate maximum) lets requests drain.
STOP_TIMEOUT_SECONDS = 120
# The running-tasks alarm: 5 one-minute periods in a row below the minimum (a Spot replacement or a
# deployment takes less).
RUNNING_TASKS_PERIOD_SECONDS = 60
RUNNING_TASKS_MINUTES = 5
IMAGES_KEPT = 10
CLOUD_MAP_TTL_SECONDS = 60
HEALTH_PROBES = ("python", "curl", "wget")
EXEC_ACTIONS = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
]


ScaleSchedule = Schedule
"""The name this type had before `Schedule` served every schedule: scale up (restore min/max) at
`start`, down (min = max = 0) at `stop`."""


@dataclass(frozen=True)
class ImageBuild:
    """A Dockerfile to build for the service's architecture, at `pulumi up` only (never at preview)."""

    context: str
    """The build context, relative to where `pulumi up` runs the program."""
    dockerfile: str
    tag: str = "latest"


@dataclass(frozen=True)
class ContainerImage:
    """The image to run: a URI as-is, or a build pushed to the service's own ECR repository."""

    uri: pulumi.Input[str] | None = None
    build: ImageBuild | None = None
    own_repository: bool = False
    """Create the service's ECR repository even for a `uri` (where CI pushes the image it passes)."""
    pull_repository_arns: Sequence[pulumi.Input[str]] = ()
    """Other private ECR repositories `uri` may come from (the execution role may pull from them)."""

    def __post_init__(self) -> None:
        if (self.uri is None) == (self.build is None):
            raise ValueError("ContainerImage needs exactly one of uri and build")

    @classmethod
    def from_uri(
        cls,
        uri: pulumi.Input[str],
        *,
        own_repository: bool = False,
        pull_repository_arns: Sequence[pulumi.Input[str]] = (),
    ) -> ContainerImage:
        return cls(uri=uri, own_repository=own_repository, pull_repository_arns=tuple(pull_repository_arns))

    @classmethod
    def from_build(cls, context: str, dockerfile: str, tag: str = "latest") -> ContainerImage:
        return cls(build=ImageBuild(context, dockerfile, tag))

    @property
    def has_repository(self) -> bool:
        return self.build is not None or self.own_repository


@dataclass(frozen=True)
class HttpHealthCheck:
    """GET `path` on the container's port from inside the container, with the probe its image has.

    `python` suits slim Python images (no curl), `curl` most Debian-based ones, `wget` Alpine/busybox.
    """

    path: str
    probe: str = "python"
    interval: int = 30
    timeout: int = 5
    retries: int = 3
    start_period: int = 15
    probe_timeout: int = 3
    """Seconds the probe itself waits; below `timeout`, so a hung request fails as a request."""

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f"HttpHealthCheck path {self.path!r} must start with '/'")
        if self.probe not in HEALTH_PROBES:
            raise ValueError(f"HttpHealthCheck probe {self.probe!r}: allowed: {', '.join(HEALTH_PROBES)}")

    def command(self, port: int) -> list[str]:
        url = f"http://127.0.0.1:{port}{self.path}"
        if self.probe == "python":
            opener = f"urllib.request.urlopen('{url}', timeout={self.probe_timeout})"
            return ["CMD", "python", "-c", f"import urllib.request; {opener}"]
        if self.probe == "curl":
            return ["CMD", "curl", "-fsS", "-o", "/dev/null", "--max-time", str(self.probe_timeout), url]
        return ["CMD", "wget", "-q", "-O", "/dev/null", "-T", str(self.probe_timeout), url]


@dataclass(frozen=True)
class CommandHealthCheck:
    """Any health-check command, in ECS's form (`["CMD", ...]` or `["CMD-SHELL", "..."]`)."""

    command_line: Sequence[str]
    interval: int = 30
    timeout: int = 5
    retries: int = 3
    start_period: int = 15

    def __post_init__(self) -> None:
        if not self.command_line or self.command_line[0] not in ("CMD", "CMD-SHELL"):
            raise ValueError('CommandHealthCheck command_line must start with "CMD" or "CMD-SHELL"')

    def command(self, port: int) -> list[str]:
        return list(self.command_line)


HealthCheck = HttpHealthCheck | CommandHealthCheck


@dataclass(frozen=True)
class IngressSource:
    """A security group allowed to reach a service's port (the service owns the rule)."""

    name: str
    """Names the rule `<service>-from-<name>`."""
    security_group_id: pulumi.Input[str]
    description: str


@dataclass(frozen=True)
class Egress:
    """An extra TCP port the tasks may open to a CIDR (HTTPS to anywhere is always allowed)."""

    name: str
    """Names the rule `<service>-service-to-<name>`."""
    port: int
    cidr: pulumi.Input[str]
    description: str


@dataclass
class Container:
    """The one container of the task."""

    image: ContainerImage
    port: int
    """The TCP port it listens on: Cloud Map's SRV record, the ingress rules and the health check use it."""
    name: str | None = None
    """Default: the service's name."""
    command: Sequence[str] | None = None
    """Overrides the image's CMD."""
    environment: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    """Plain values only; anything secret goes in `secrets`."""
    secrets: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    """Variable name -> an SSM parameter ARN or a Secrets Manager secret ARN (optionally with
    `:json-key:version-stage:version-id`); the execution role may read exactly these."""
    health_check: HealthCheck | None = None


@dataclass
class FargateServiceArgs:
    cluster: FargateCluster
    """The cluster and Cloud Map namespace the service joins (its name prefix names the task family,
    the log group and the scheduled actions)."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Private subnets: tasks never get a public IP."""
    container: Container
    cpu: int = 256
    """Task cpu units; with `memory`, one of Fargate's sizes (aws_limits.FARGATE_SIZES)."""
    memory: int = 512
    """Task memory in MiB."""
    architecture: str = "x86_64"
    """`x86_64` or `arm64`: the task's platform and the platform a build targets."""
    capacity: str = "spot"
    """`spot` (all FARGATE_SPOT), `mixed` (`on_demand_base` FARGATE tasks, the rest Spot) or `on-demand`."""
    on_demand_base: int = 1
    """FARGATE tasks first when `capacity` is `mixed` (the floor when Spot runs out)."""
    desired_count: int = 1
    """Tasks at creation; autoscaling owns the count afterwards."""
    min_count: int = 1
    """Autoscaling's floor while the service is up (a schedule sets 0 outside its hours)."""
    max_count: int = 2
    cpu_target_percent: float = 70.0
    """CPU target tracking, only when min_count < max_count (its two alarms cost $0.10 a month each)."""
    schedule: Schedule | None = None
    """Scale up at its `start` and to zero at its `stop`; None keeps the service up."""
    log_retention_days: int = 7
    """0 keeps logs forever."""
    execute_command: bool = False
    """ECS Exec: adds the ssmmessages channel actions to the task role."""
    task_role_statements: Sequence[Mapping[str, Any]] = ()
    """The container's own permissions (IAM statements, which may hold Outputs); none by default."""
    secrets_kms_key_arns: Sequence[pulumi.Input[str]] = ()
    """Customer managed keys that encrypt `container.secrets`; only then may the execution role decrypt."""
    discovery_name: str | None = None
    """The Cloud Map name: others reach it at `<discovery_name>.<namespace>`. Default: the service's name."""
    ingress: Sequence[IngressSource] = ()
    """Who may reach the container port. Nothing else adds ingress rules to the service's group."""
    egress: Sequence[Egress] = ()
    """Ports the tasks may open besides HTTPS (e.g. another service's port inside the VPC)."""
    service_name: str | None = None
    """A fixed ECS service name (unique in the cluster); None lets Pulumi name it. A fixed name makes a
    replacement delete the old service first."""
    alarms: AlarmTopic | None = None
    """An alarm for fewer running tasks than `min_count` during the service's hours notifies here (with
    a `schedule`, EventBridge Scheduler switches it off outside them); None: no alarm."""

    def __post_init__(self) -> None:
        if self.architecture not in ARCHITECTURES:
            raise ValueError(
                f"FargateService architecture {self.architecture!r}: allowed: {', '.join(ARCHITECTURES)}"
            )
        size_error = fargate_size_error(self.cpu, self.memory)
        if size_error:
            raise ValueError(f"FargateService {size_error}")
        if self.capacity not in CAPACITIES:
            raise ValueError(f"FargateService capacity {self.capacity!r}: allowed: {', '.join(CAPACITIES)}")
        if not 0 <= self.min_count <= self.max_count or self.max_count < 1:
            raise ValueError(
                f"FargateService min_count {self.min_count} / max_count {self.max_count}: "
                "allowed: 0 <= min_count <= max_count, max_count >= 1"
            )
        if self.alarms is not None:
            self._check_alarm_schedule()
        if self.log_retention_days not in LOG_RETENTION_DAYS:
            raise ValueError(
                f"FargateService log_retention_days {self.log_retention_days}: allowed: "
                f"{', '.join(map(str, LOG_RETENTION_DAYS))} (0 means never expire)"
            )
        port = self.container.port
        if not isinstance(port, int) or not 1 <= port <= 65535:
            raise ValueError(f"FargateService container port must be 1 to 65535, got {port!r}")
        both = sorted(set(self.container.environment) & set(self.container.secrets))
        if both:
            raise ValueError(f"FargateService variables both plain and secret: {', '.join(both)}")
        for label, names in (
            ("ingress", [s.name for s in self.ingress]),
            ("egress", [e.name for e in self.egress]),
        ):
            if len(names) != len(set(names)):
                raise ValueError(f"FargateService {label} names must be unique, got {names}")

    def _check_alarm_schedule(self) -> None:
        if self.min_count < 1:
            raise ValueError(
                "FargateService alarms: min_count is 0, so no number of running tasks is below it; "
                "set min_count >= 1 or leave alarms unset"
            )
        if self.schedule is not None:
            try:
                alarm_switch_times(self.schedule)
            except ValueError as err:
                raise ValueError(
                    f"FargateService alarms with schedule start {self.schedule.start!r}: the alarm is "
                    f"switched on {ALARM_ON_AFTER_START_MINUTES} and reset {ALARM_RESET_AFTER_START_MINUTES} "
                    f"minutes after it, so it {err}"
                ) from None


def secret_statements(arns: Sequence[str], kms_key_arns: Sequence[str]) -> list[dict[str, Any]]:
    """Execution-role statements that read exactly these SSM parameters and Secrets Manager secrets."""
    parameters: list[str] = []
    secrets: list[str] = []
    for arn in arns:
        parts = arn.split(":")
        if len(parts) >= 6 and parts[2] == "ssm" and parts[5].startswith("parameter/"):
            parameters.append(arn)
        elif len(parts) >= 7 and parts[2] == "secretsmanager" and parts[5] == "secret":
            # `valueFrom` may add :json-key:version-stage:version-id; IAM names the secret itself.
            secrets.append(":".join(parts[:7]))
        else:
            raise ValueError(
                f"secret {arn!r} is neither an SSM parameter ARN (arn:aws:ssm:...:parameter/...) nor a "
                "Secrets Manager secret ARN (arn:aws:secretsmanager:...:secret:...)"
            )
    statements: list[dict[str, Any]] = []
    if parameters:
        statements.append(
            {
                "Sid": "ReadSsmParameters",
                "Effect": "Allow",
                "Action": ["ssm:GetParameters"],
                "Resource": sorted(set(parameters)),
            }
        )
    if secrets:
        statements.append(
            {
                "Sid": "ReadSecrets",
                "Effect": "Allow",
                "Action": ["secretsmanager:GetSecretValue"],
                "Resource": sorted(set(secrets)),
            }
        )
    if kms_key_arns:
        statements.append(
            {
                "Sid": "DecryptSecrets",
                "Effect": "Allow",
                "Action": ["kms:Decrypt"],
                "Resource": list(kms_key_arns),
            }
        )
    return statements


class FargateService(Component):
    """One container on Fargate in a FargateCluster: private, discoverable, autoscaled, maybe scheduled."""

    service_name: pulumi.Output[str]
    cluster_name: pulumi.Output[str]
    discovery_name: str
    dns_name: str
    """`<discovery_name>.<namespace>`: how other tasks in the VPC reach it (with `port`)."""
    port: int
    cloud_map_service_arn: pulumi.Output[str]
    """What an API Gateway VPC link integration targets."""
    security_group_id: pulumi.Output[str]
    log_group_name: pulumi.Output[str]
    repository_url: pulumi.Output[str] | None
    image_ref: pulumi.Output[str]
    task_definition_arn: pulumi.Output[str]
    task_role_arn: pulumi.Output[str]
    ingress_source: IngressSource
    """Hand it to another service's `ingress` to let this one call it."""

    def __init__(
        self,
        name: str,
        args: FargateServiceArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:FargateService", name, opts, moved)
        self._label = name
        self._args = args
        self._prefix = f"{args.cluster.name_prefix}-{name}"
        self.port = args.container.port
        self.discovery_name = args.discovery_name or name
        self.dns_name = f"{self.discovery_name}.{args.cluster.namespace_name}"
        self._region = aws.get_region(opts=self.invoke_opts()).region
        self._account_id = aws.get_caller_identity(opts=self.invoke_opts()).account_id

        repository, image_ref = self._image()
        log_group = self._logs()
        execution_role, task_role = self._roles(repository, log_group)
        task_definition = self._task_definition(image_ref, log_group, execution_role, task_role)
        discovery = self._discovery()
        group, https_out = self._security_group()
        service = self._service(task_definition, discovery, group, https_out)
        self._autoscaling(service)
        if args.alarms is not None:
            self._running_tasks_alarm(service, args.alarms)

        self.service_name = service.name
        self.cluster_name = args.cluster.cluster_name
        self.cloud_map_service_arn = discovery.arn
        self.security_group_id = group.id
        self.log_group_name = log_group.name
        self.repository_url = repository.repository_url if repository is not None else None
        self.image_ref = image_ref
        self.task_definition_arn = task_definition.arn
        self.task_role_arn = task_role.arn
        self.ingress_source = IngressSource(name, group.id, f"From the {name} service")
        self.finish(
            {
                "serviceName": self.service_name,
                "clusterName": self.cluster_name,
                "discoveryName": self.discovery_name,
                "dnsName": self.dns_name,
                "port": self.port,
                "cloudMapServiceArn": self.cloud_map_service_arn,
                "securityGroupId": self.security_group_id,
                "logGroupName": self.log_group_name,
                "repositoryUrl": self.repository_url,
                "imageRef": self.image_ref,
                "taskDefinitionArn": self.task_definition_arn,
                "taskRoleArn": self.task_role_arn,
            }
        )

    @property
    def container_name(self) -> str:
        return self._args.container.name or self._label

    # --- steps, in the order the constructor takes them ---------------------------------------------

    def _image(self) -> tuple[aws.ecr.Repository | None, pulumi.Output[str]]:
        """The service's own ECR repository when it has one, and the image reference to run."""
        name, image = self._label, self._args.container.image
        repository = None
        if image.has_repository:
            repository = aws.ecr.Repository(
                f"{name}-repo",
                image_tag_mutability="MUTABLE",
                image_scanning_configuration={"scan_on_push": True},  # basic scanning is free
                force_delete=True,  # images are rebuildable; a leftover repo would block `pulumi destroy`
                opts=self.child_opts(f"{name}-repo"),
            )
            aws.ecr.LifecyclePolicy(
                f"{name}-repo-lifecycle",
                repository=repository.name,
                policy=json.dumps(
                    {
                        "rules": [
                            {
                                "rulePriority": 1,
                                "description": f"Keep the last {IMAGES_KEPT} images",
                                "selection": {
                                    "tagStatus": "any",
                                    "countType": "imageCountMoreThan",
                                    "countNumber": IMAGES_KEPT,
                                },
                                "action": {"type": "expire"},
                            }
                        ]
                    }
                ),
                opts=self.child_opts(f"{name}-repo-lifecycle"),
            )
        if image.build is None:
            return repository, pulumi.Output.from_input(image.uri)
        assert repository is not None  # a build always has its repository
        build = image.build
        token = aws.ecr.get_authorization_token_output(
            registry_id=repository.registry_id, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        built = docker_build.Image(
            f"{name}-image",
            tags=[repository.repository_url.apply(lambda url: f"{url}:{build.tag}")],
            context={"location": build.context},
            dockerfile={"location": build.dockerfile},
            platforms=[ARCHITECTURES[self._args.architecture][1]],
            push=True,
            # docker-build builds during preview by default; previews and CI must not need Docker.
            build_on_preview=False,
            registries=[
                {
                    "address": repository.repository_url,
                    "username": token.user_name,
                    "password": token.password,
                }
            ],
            opts=self.child_opts(f"{name}-image"),
        )
        return repository, built.ref  # digest-qualified, so a new build rolls the service

    def _logs(self) -> aws.cloudwatch.LogGroup:
        return aws.cloudwatch.LogGroup(
            f"{self._label}-logs",
            name=f"/ecs/{self._args.cluster.name_prefix}/{self._label}",
            retention_in_days=self._args.log_retention_days,  # 0 = never expire (the provider's meaning)
            opts=self.child_opts(f"{self._label}-logs"),
        )

    def _roles(
        self, repository: aws.ecr.Repository | None, log_group: aws.cloudwatch.LogGroup
    ) -> tuple[aws.iam.Role, aws.iam.Role]:
        """The execution role (pull, logs, secrets: exactly these ARNs) and the task role (the caller's)."""
        name, args = self._label, self._args
        trust = service_trust_policy("ecs-tasks.amazonaws.com", self._account_id)
        execution_role = aws.iam.Role(
            f"{name}-execution",
            description="ECS pulls the image, writes logs and reads the secrets for this service",
            assume_role_policy=trust,
            opts=self.child_opts(f"{name}-execution"),
        )
        statements: list[Any] = []
        pull_from = [
            *([repository.arn] if repository is not None else []),
            *args.container.image.pull_repository_arns,
        ]
        if pull_from:
            # GetAuthorizationToken has no resource-level permissions: "*" is the only form.
            statements.append(
                {
                    "Sid": "EcrToken",
                    "Effect": "Allow",
                    "Action": ["ecr:GetAuthorizationToken"],
                    "Resource": "*",
                }
            )
            statements.append(
                {
                    "Sid": "EcrPull",
                    "Effect": "Allow",
                    "Action": [
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer",
                    ],
                    "Resource": pull_from,
                }
            )
        statements.append(
            {
                "Sid": "Logs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": [log_group.arn.apply(lambda arn: f"{arn}:log-stream:*")],
            }
        )
        secret_arns = list(args.container.secrets.values())
        execution_statements = pulumi.Output.all(
            pulumi.Output.from_input(statements),
            pulumi.Output.all(*secret_arns),
            pulumi.Output.all(*args.secrets_kms_key_arns),
        ).apply(lambda parts: [*parts[0], *secret_statements(parts[1], parts[2])])
        aws.iam.RolePolicy(
            f"{name}-execution",
            role=execution_role.id,
            policy=pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": execution_statements}),
            opts=self.child_opts(f"{name}-execution"),
        )

        task_role = aws.iam.Role(
            f"{name}-task",
            description="The service's own permissions, as its stack grants them (and ECS Exec when on)",
            assume_role_policy=trust,
            opts=self.child_opts(f"{name}-task"),
        )
        task_statements = [dict(statement) for statement in args.task_role_statements]
        if args.execute_command:
            # The Session Manager channel actions have no resource-level permissions.
            task_statements.append(
                {"Sid": "EcsExec", "Effect": "Allow", "Action": EXEC_ACTIONS, "Resource": "*"}
            )
        if task_statements:
            aws.iam.RolePolicy(
                f"{name}-task",
                role=task_role.id,
                policy=policy_document(task_statements),
                opts=self.child_opts(f"{name}-task"),
            )
        return execution_role, task_role

    def _container_definition(
        self, image_ref: pulumi.Output[str], log_group: aws.cloudwatch.LogGroup
    ) -> dict[str, Any]:
        container = self._args.container
        definition: dict[str, Any] = {"name": self.container_name, "image": image_ref}
        if container.command is not None:
            definition["command"] = list(container.command)
        definition |= {
            "essential": True,
            "portMappings": [{"name": "http", "containerPort": container.port, "protocol": "tcp"}],
            "environment": [{"name": k, "value": v} for k, v in sorted(container.environment.items())],
        }
        if container.secrets:
            definition["secrets"] = [
                {"name": k, "valueFrom": v} for k, v in sorted(container.secrets.items())
            ]
        check = container.health_check
        if check is not None:
            definition["healthCheck"] = {
                "command": check.command(container.port),
                "interval": check.interval,
                "timeout": check.timeout,
                "retries": check.retries,
                "startPeriod": check.start_period,
            }
        definition |= {
            "stopTimeout": STOP_TIMEOUT_SECONDS,
            # An init process reaps ECS Exec's children and forwards SIGTERM to the program.
            "linuxParameters": {"initProcessEnabled": True},
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": log_group.name,
                    "awslogs-region": self._region,
                    "awslogs-stream-prefix": self.container_name,
                },
            },
        }
        return definition

    def _task_definition(
        self,
        image_ref: pulumi.Output[str],
        log_group: aws.cloudwatch.LogGroup,
        execution_role: aws.iam.Role,
        task_role: aws.iam.Role,
    ) -> aws.ecs.TaskDefinition:
        args = self._args
        return aws.ecs.TaskDefinition(
            f"{self._label}-task",
            family=self._prefix,
            cpu=str(args.cpu),
            memory=str(args.memory),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform={
                "operating_system_family": "LINUX",
                "cpu_architecture": ARCHITECTURES[args.architecture][0],
            },
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            container_definitions=pulumi.Output.json_dumps(
                [self._container_definition(image_ref, log_group)]
            ),
            opts=self.child_opts(f"{self._label}-task"),
        )

    def _discovery(self) -> aws.servicediscovery.Service:
        """SRV carries the port API Gateway's VPC link needs; A serves clients inside the VPC."""
        return aws.servicediscovery.Service(
            f"{self._label}-discovery",
            name=self.discovery_name,
            dns_config={
                "namespace_id": self._args.cluster.namespace_id,
                "dns_records": [
                    {"type": "SRV", "ttl": CLOUD_MAP_TTL_SECONDS},
                    {"type": "A", "ttl": CLOUD_MAP_TTL_SECONDS},
                ],
                "routing_policy": "MULTIVALUE",
            },
            # ECS reports task health to Cloud Map, so unhealthy tasks drop out of discovery. AWS fixes the
            # (deprecated) threshold at 1, but the provider silently drops an empty block: the service
            # would have no custom health check and every `pulumi up` would plan a replacement
            # (pulumi/pulumi-aws#6289, hashicorp/terraform-provider-aws#44285).
            health_check_custom_config={"failure_threshold": 1},
            force_destroy=True,
            opts=self.child_opts(f"{self._label}-discovery"),
        )

    def _security_group(self) -> tuple[aws.ec2.SecurityGroup, aws.vpc.SecurityGroupEgressRule]:
        """The tasks' group: ingress from `ingress` only, HTTPS out, plus `egress`."""
        name, args = self._label, self._args
        group = aws.ec2.SecurityGroup(
            f"{name}-service",
            vpc_id=args.cluster.vpc_id,
            description="Fargate tasks: ingress only from the named sources, HTTPS out",
            opts=self.child_opts(f"{name}-service"),
        )
        # ECR, Logs, SSM and other AWS APIs are all HTTPS (through the NAT, endpoints or gateway endpoints).
        https_out = aws.vpc.SecurityGroupEgressRule(
            f"{name}-service-https-out",
            security_group_id=group.id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            cidr_ipv4="0.0.0.0/0",
            description="HTTPS to AWS APIs",
            opts=self.child_opts(f"{name}-service-https-out"),
        )
        for rule in args.egress:
            aws.vpc.SecurityGroupEgressRule(
                f"{name}-service-to-{rule.name}",
                security_group_id=group.id,
                ip_protocol="tcp",
                from_port=rule.port,
                to_port=rule.port,
                cidr_ipv4=rule.cidr,
                description=rule.description,
                opts=self.child_opts(f"{name}-service-to-{rule.name}"),
            )
        for source in args.ingress:
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-from-{source.name}",
                security_group_id=group.id,
                referenced_security_group_id=source.security_group_id,
                ip_protocol="tcp",
                from_port=self.port,
                to_port=self.port,
                description=source.description,
                opts=self.child_opts(f"{name}-from-{source.name}"),
            )
        return group, https_out

    def _service(
        self,
        task_definition: aws.ecs.TaskDefinition,
        discovery: aws.servicediscovery.Service,
        group: aws.ec2.SecurityGroup,
        https_out: aws.vpc.SecurityGroupEgressRule,
    ) -> aws.ecs.Service:
        args = self._args
        strategy = capacity_provider_strategy(args.capacity, args.on_demand_base)
        return aws.ecs.Service(
            f"{self._label}-service",
            name=args.service_name,
            cluster=args.cluster.cluster_arn,
            task_definition=task_definition.arn,
            desired_count=args.desired_count,
            capacity_provider_strategies=strategy,
            platform_version="LATEST",
            network_configuration={
                "subnets": args.subnet_ids,
                "security_groups": [group.id],
                "assign_public_ip": False,
            },
            deployment_circuit_breaker={"enable": True, "rollback": True},
            deployment_minimum_healthy_percent=100,
            deployment_maximum_percent=200,
            enable_execute_command=args.execute_command,
            service_registries={
                "registry_arn": discovery.arn,
                "container_name": self.container_name,
                "container_port": self.port,
            },
            propagate_tags="SERVICE",
            enable_ecs_managed_tags=True,
            wait_for_steady_state=False,
            opts=self.child_opts(
                f"{self._label}-service",
                # Tasks pull their image at start: the HTTPS egress rule must exist by then, and the
                # cluster must have the capacity providers the strategy names.
                depends_on=[args.cluster.capacity_providers, https_out],
                # Autoscaling owns the count after creation; an update mustn't reset it.
                ignore_changes=["desiredCount"],
                # A fixed name can't exist twice: replace by deleting first.
                delete_before_replace=True if args.service_name else None,
            ),
        )

    def _autoscaling(self, service: aws.ecs.Service) -> None:
        name, args = self._label, self._args
        target = aws.appautoscaling.Target(
            f"{name}-scaling",
            service_namespace="ecs",
            scalable_dimension="ecs:service:DesiredCount",
            resource_id=pulumi.Output.concat("service/", args.cluster.cluster_name, "/", service.name),
            min_capacity=args.min_count,
            max_capacity=args.max_count,
            opts=self.child_opts(f"{name}-scaling"),
        )
        previous: list[pulumi.Resource] = []
        if args.min_count < args.max_count:
            # With min == max there is nothing to track, and the two CloudWatch alarms
            # target tracking creates would cost $0.10 a month each for nothing.
            previous.append(self._cpu_tracking(target))
        if args.schedule is None:
            return
        # Writes to one scalable target conflict when concurrent (ConcurrentUpdateException): chain them.
        down = aws.appautoscaling.ScheduledAction(
            f"{name}-scale-down",
            name=f"{self._prefix}-scale-down",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            schedule=args.schedule.stop,
            timezone=args.schedule.timezone,
            scalable_target_action={"min_capacity": 0, "max_capacity": 0},
            opts=self.child_opts(f"{name}-scale-down", depends_on=previous),
        )
        aws.appautoscaling.ScheduledAction(
            f"{name}-scale-up",
            name=f"{self._prefix}-scale-up",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            schedule=args.schedule.start,
            timezone=args.schedule.timezone,
            scalable_target_action={"min_capacity": args.min_count, "max_capacity": args.max_count},
            opts=self.child_opts(f"{name}-scale-up", depends_on=[down]),
        )

    def _running_tasks_alarm(self, service: aws.ecs.Service, alarms: AlarmTopic) -> None:
        """Fewer running tasks than `min_count`, from the metrics ECS publishes for free when it can.

        Without Container Insights there is no task-count metric: ECS publishes the service's
        CPUUtilization only while at least one task is RUNNING and nothing at all otherwise, so missing
        data (treated as breaching) means no task runs. That is "below the minimum" exactly when
        min_count is 1; with a higher minimum it catches the outage, not a partial loss. With Container
        Insights on the cluster, RunningTaskCount is compared with min_count itself.
        """
        name, args = self._label, self._args
        child = f"{name}-running-tasks"
        alarm_name = alarms.alarm_name(child)
        if args.cluster.container_insights:
            namespace, metric, statistic, threshold = (
                "ECS/ContainerInsights",
                "RunningTaskCount",
                "Minimum",
                args.min_count,
            )
            what = f"fewer than {args.min_count} running tasks"
        else:
            namespace, metric, statistic, threshold = "AWS/ECS", "CPUUtilization", "SampleCount", 1
            what = "no running task (no task reported CPU)"
        hours = " during its scheduled hours" if args.schedule is not None else ""
        alarm = aws.cloudwatch.MetricAlarm(
            child,
            name=alarm_name,
            alarm_description=f"The {name} service had {what} for {RUNNING_TASKS_MINUTES} minutes{hours}.",
            namespace=namespace,
            metric_name=metric,
            dimensions={"ClusterName": args.cluster.cluster_name, "ServiceName": service.name},
            statistic=statistic,
            period=RUNNING_TASKS_PERIOD_SECONDS,
            evaluation_periods=RUNNING_TASKS_MINUTES,
            datapoints_to_alarm=RUNNING_TASKS_MINUTES,
            comparison_operator="LessThanThreshold",
            threshold=threshold,
            # No datapoint at all is the outage this alarm is for.
            treat_missing_data="breaching",
            alarm_actions=[alarms.topic_arn],
            # No OK action: the morning reset would send one every day.
            opts=self.child_opts(
                child,
                # With a schedule, EventBridge Scheduler owns actionsEnabled; `pulumi up` must not fight it.
                ignore_changes=["actionsEnabled"] if args.schedule is not None else None,
            ),
        )
        if args.schedule is not None:
            self._alarm_schedule(alarm, alarm_name, args.schedule)

    def _alarm_schedule(self, alarm: aws.cloudwatch.MetricAlarm, alarm_name: str, schedule: Schedule) -> None:
        """The scale actions' cron and timezone: off at the scale-down, on and reset after the scale-up."""
        name = self._label
        on, reset = alarm_switch_times(schedule)
        steps = [
            ("alarm-off", schedule.stop, "disableAlarmActions", {"AlarmNames": [alarm_name]}),
            ("alarm-on", on, "enableAlarmActions", {"AlarmNames": [alarm_name]}),
            (
                "alarm-reset",
                reset,
                "setAlarmState",
                {
                    "AlarmName": alarm_name,
                    "StateValue": "OK",
                    "StateReason": "Scheduled scale-up: evaluate the running tasks afresh",
                },
            ),
        ]
        scheduled_api_calls(
            self,
            f"{name}-alarm-scheduler",
            role_description=(
                "EventBridge Scheduler: switch this service's running-tasks alarm with its schedule"
            ),
            sid="SwitchRunningTasksAlarm",
            resources=[alarm.arn],
            timezone=schedule.timezone,
            calls=[
                ApiCall(
                    f"{name}-{suffix}",
                    expression,
                    f"cloudwatch:{api}",
                    payload,
                    f"{api} for the {name} service's running-tasks alarm, around its schedule",
                )
                for suffix, expression, api, payload in steps
            ],
        )

    def _cpu_tracking(self, target: aws.appautoscaling.Target) -> aws.appautoscaling.Policy:
        return aws.appautoscaling.Policy(
            f"{self._label}-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration={
                "target_value": self._args.cpu_target_percent,
                "predefined_metric_specification": {
                    "predefined_metric_type": "ECSServiceAverageCPUUtilization"
                },
                "scale_in_cooldown": 300,
                "scale_out_cooldown": 60,
            },
            opts=self.child_opts(f"{self._label}-cpu"),
        )
