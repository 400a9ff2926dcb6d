"""FargateService's arguments: the container, its image and health check, who may reach it, and the
service's size, capacity, counts and schedule, each checked when it is built (no Pulumi resources here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi

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
from frugal.components.cluster import FargateCluster

HEALTH_PROBES = ("python", "curl", "wget")
# Fargate Spot gives a 2-minute warning as SIGTERM; 120 s (the Fargate maximum) lets requests drain.
STOP_TIMEOUT_SECONDS = 120


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

    def definition(
        self, name: str, image_ref: pulumi.Input[str], log_group_name: pulumi.Input[str], region: str
    ) -> dict[str, Any]:
        """The task definition's entry for this container, named `name`, logging to `log_group_name`."""
        definition: dict[str, Any] = {"name": name, "image": image_ref}
        if self.command is not None:
            definition["command"] = list(self.command)
        definition |= {
            "essential": True,
            "portMappings": [{"name": "http", "containerPort": self.port, "protocol": "tcp"}],
            "environment": [{"name": k, "value": v} for k, v in sorted(self.environment.items())],
        }
        if self.secrets:
            definition["secrets"] = [{"name": k, "valueFrom": v} for k, v in sorted(self.secrets.items())]
        check = self.health_check
        if check is not None:
            definition["healthCheck"] = {
                "command": check.command(self.port),
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
                    "awslogs-group": log_group_name,
                    "awslogs-region": region,
                    "awslogs-stream-prefix": name,
                },
            },
        }
        return definition


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
