"""FargateService: the Flask app on Fargate (Spot by default), private, discoverable through Cloud Map.

Children: an ECR repository (keeps the last 10 images) and, when no image URI is given, a
docker-build image built at `pulumi up` only (never during preview); a log group; the API key as an
SSM SecureString; execution and task roles scoped to this stack's ARNs; the cluster with FARGATE
and FARGATE_SPOT; the task definition; a Cloud Map service with SRV and A records (API Gateway's
VPC link integration needs SRV); the ECS service on a capacity provider strategy with no public IP;
and Application Auto Scaling (CPU target tracking plus an optional scale-to-zero schedule).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws
import pulumi_docker_build as docker_build

from components.iam import policy_document, service_trust_policy

CONTAINER_NAME = "app"
CONTAINER_PORT = 8080
HEALTH_CHECK_COMMAND = [
    "CMD",
    "python",
    "-c",
    "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health/live', timeout=3)",
]
# Fargate Spot gives a 2-minute warning as SIGTERM; 120 s (the Fargate maximum) lets requests drain.
STOP_TIMEOUT_SECONDS = 120
IMAGES_KEPT = 10
CLOUD_MAP_TTL_SECONDS = 60
CAPACITIES = ("spot", "mixed", "on-demand")
# Fargate's Linux task sizes: cpu units -> allowed memory (MiB).
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}


def fargate_size_error(cpu: int, memory: int) -> str | None:
    """None for a valid Fargate task size, else a message that lists what is allowed."""
    if cpu in FARGATE_SIZES and memory in FARGATE_SIZES[cpu]:
        return None
    combos = "; ".join(f"cpu {c}: memory {', '.join(map(str, m))}" for c, m in FARGATE_SIZES.items())
    if cpu not in FARGATE_SIZES:
        return f"cpu {cpu} is not a Fargate size; allowed cpu units: {', '.join(map(str, FARGATE_SIZES))}"
    return (
        f"cpu {cpu} with memory {memory} is not a Fargate task size; allowed with cpu {cpu}: "
        f"{', '.join(map(str, FARGATE_SIZES[cpu]))} (all combinations: {combos})"
    )


ARCHITECTURES = {"x86_64": ("X86_64", "linux/amd64"), "arm64": ("ARM64", "linux/arm64")}
# Exactly the calls app/storage/dynamodb.py makes (tests/infra/test_iam.py keeps the two in step).
TABLE_ACTIONS = [
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
]
EXEC_ACTIONS = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
]


@dataclass(frozen=True)
class ScaleSchedule:
    """Scale up (restore min/max) and down (min = max = 0) with `cron(...)` expressions in `timezone`."""

    up_expression: str
    down_expression: str
    timezone: str


@dataclass
class FargateServiceArgs:
    name_prefix: str  # e.g. "frugal-dev": names the Cloud Map namespace, SSM parameter and task family
    vpc_id: pulumi.Input[str]
    subnet_ids: pulumi.Input[Sequence[str]]
    table_name: pulumi.Input[str]
    table_arn: pulumi.Input[str]
    api_key: pulumi.Input[str]
    cors_origins: pulumi.Input[Sequence[str]] = field(default_factory=list)
    cpu: int = 256
    memory: int = 512
    architecture: str = "x86_64"
    capacity: str = "spot"
    on_demand_base: int = 1
    desired_count: int = 1
    min_count: int = 1
    max_count: int = 2
    cpu_target_percent: float = 70.0
    schedule: ScaleSchedule | None = None
    log_retention_days: int = 7
    container_insights: bool = False
    execute_command: bool = False
    image: str | None = None  # a pushed image URI; None builds `dockerfile` from `build_context`
    build_context: str = "."
    dockerfile: str = "app/Dockerfile"
    git_sha: str | None = None
    # Security groups allowed to reach the container port (the edge can also add rules later).
    ingress_security_group_ids: Sequence[pulumi.Input[str]] = field(default_factory=list)


def capacity_provider_strategy(capacity: str, on_demand_base: int) -> list[dict[str, object]]:
    """The service's strategy for `capacity`; `launchType` is never used."""
    if capacity == "spot":
        return [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    if capacity == "mixed":
        # `base` tasks on demand (the floor when Spot capacity runs out), every further task on Spot.
        return [
            {"capacity_provider": "FARGATE", "weight": 0, "base": on_demand_base},
            {"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0},
        ]
    if capacity == "on-demand":
        return [{"capacity_provider": "FARGATE", "weight": 1, "base": 0}]
    raise ValueError(f"FargateService capacity {capacity!r}: allowed: {', '.join(CAPACITIES)}")


class FargateService(pulumi.ComponentResource):
    cluster_name: pulumi.Output[str]
    cluster_arn: pulumi.Output[str]
    service_name: pulumi.Output[str]
    cloud_map_service_arn: pulumi.Output[str]
    service_security_group_id: pulumi.Output[str]
    container_port: int
    log_group_name: pulumi.Output[str]
    repository_url: pulumi.Output[str]
    image_ref: pulumi.Output[str]
    task_definition_arn: pulumi.Output[str]

    def __init__(
        self, name: str, args: FargateServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("frugal:components:FargateService", name, None, opts)
        if args.architecture not in ARCHITECTURES:
            raise ValueError(
                f"FargateService architecture {args.architecture!r}: allowed: {', '.join(ARCHITECTURES)}"
            )
        size_error = fargate_size_error(args.cpu, args.memory)
        if size_error:
            raise ValueError(f"FargateService {size_error}")
        if not 0 <= args.min_count <= args.max_count or args.max_count < 1:
            raise ValueError(
                f"FargateService min_count {args.min_count} / max_count {args.max_count}: "
                "allowed: 0 <= min_count <= max_count, max_count >= 1"
            )
        strategy = capacity_provider_strategy(args.capacity, args.on_demand_base)
        cpu_architecture, platform = ARCHITECTURES[args.architecture]
        child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOptions(parent=self)
        region = aws.get_region(opts=invoke).region
        account_id = aws.get_caller_identity(opts=invoke).account_id

        # --- image ------------------------------------------------------------------------------
        repository = aws.ecr.Repository(
            f"{name}-repo",
            image_tag_mutability="MUTABLE",
            image_scanning_configuration={"scan_on_push": True},  # basic scanning is free
            force_delete=True,  # images are rebuildable; a leftover repo would block `pulumi destroy`
            opts=child,
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
            opts=child,
        )
        if args.image:
            image_ref: pulumi.Output[str] = pulumi.Output.from_input(args.image)
        else:
            token = aws.ecr.get_authorization_token_output(registry_id=repository.registry_id, opts=invoke)
            tag = args.git_sha or "latest"
            image = docker_build.Image(
                f"{name}-image",
                tags=[repository.repository_url.apply(lambda url: f"{url}:{tag}")],
                context={"location": args.build_context},
                dockerfile={"location": args.dockerfile},
                platforms=[platform],
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
                opts=child,
            )
            image_ref = image.ref  # digest-qualified, so a new build rolls the service

        # --- logs and secrets ---------------------------------------------------------------------
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/ecs/{args.name_prefix}/{name}",
            retention_in_days=args.log_retention_days,  # 0 = never expire (the provider's meaning)
            opts=child,
        )
        api_key_parameter = aws.ssm.Parameter(
            f"{name}-api-key",
            name=f"/{args.name_prefix}/api-key",
            type="SecureString",  # encrypted with the AWS-managed aws/ssm key: no KMS charge
            tier="Standard",
            value=pulumi.Output.secret(args.api_key),
            description="API key the app requires for writes (FRUGAL_API_KEY)",
            opts=child,
        )

        # --- IAM ------------------------------------------------------------------------------------
        execution_role = aws.iam.Role(
            f"{name}-execution",
            description="ECS pulls the image, writes logs and reads the API key for this service",
            assume_role_policy=service_trust_policy("ecs-tasks.amazonaws.com", account_id),
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-execution",
            role=execution_role.id,
            policy=policy_document(
                [
                    # GetAuthorizationToken has no resource-level permissions: "*" is the only form.
                    {
                        "Sid": "EcrToken",
                        "Effect": "Allow",
                        "Action": ["ecr:GetAuthorizationToken"],
                        "Resource": "*",
                    },
                    {
                        "Sid": "EcrPull",
                        "Effect": "Allow",
                        "Action": [
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:BatchGetImage",
                            "ecr:GetDownloadUrlForLayer",
                        ],
                        "Resource": [repository.arn],
                    },
                    {
                        "Sid": "Logs",
                        "Effect": "Allow",
                        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": [log_group.arn.apply(lambda arn: f"{arn}:log-stream:*")],
                    },
                    {
                        "Sid": "ApiKey",
                        "Effect": "Allow",
                        "Action": ["ssm:GetParameters"],
                        "Resource": [api_key_parameter.arn],
                    },
                ]
            ),
            opts=child,
        )
        task_role = aws.iam.Role(
            f"{name}-task",
            description="The app's own permissions: this stack's table (and ECS Exec when enabled)",
            assume_role_policy=service_trust_policy("ecs-tasks.amazonaws.com", account_id),
            opts=child,
        )
        task_statements: list[dict] = [
            {"Sid": "Table", "Effect": "Allow", "Action": TABLE_ACTIONS, "Resource": [args.table_arn]}
        ]
        if args.execute_command:
            # The Session Manager channel actions have no resource-level permissions.
            task_statements.append(
                {"Sid": "EcsExec", "Effect": "Allow", "Action": EXEC_ACTIONS, "Resource": "*"}
            )
        aws.iam.RolePolicy(
            f"{name}-task",
            role=task_role.id,
            policy=policy_document(task_statements),
            opts=child,
        )

        # --- cluster and task definition --------------------------------------------------------------
        cluster = aws.ecs.Cluster(
            f"{name}-cluster",
            settings=[
                {"name": "containerInsights", "value": "enabled" if args.container_insights else "disabled"}
            ],
            opts=child,
        )
        capacity_providers = aws.ecs.ClusterCapacityProviders(
            f"{name}-capacity",
            cluster_name=cluster.name,
            capacity_providers=["FARGATE", "FARGATE_SPOT"],
            default_capacity_provider_strategies=strategy,
            opts=child,
        )

        environment = {
            "FRUGAL_STORAGE": "dynamodb",
            "FRUGAL_DYNAMODB_TABLE": args.table_name,
            "AWS_REGION": region,
            "FRUGAL_CORS_ORIGINS": pulumi.Output.from_input(args.cors_origins).apply(lambda xs: ",".join(xs)),
            "PORT": str(CONTAINER_PORT),
        }
        if args.git_sha:
            environment["FRUGAL_GIT_SHA"] = args.git_sha
        container = {
            "name": CONTAINER_NAME,
            "image": image_ref,
            "essential": True,
            "portMappings": [{"name": "http", "containerPort": CONTAINER_PORT, "protocol": "tcp"}],
            "environment": [{"name": k, "value": v} for k, v in sorted(environment.items())],
            "secrets": [{"name": "FRUGAL_API_KEY", "valueFrom": api_key_parameter.arn}],
            "healthCheck": {
                "command": HEALTH_CHECK_COMMAND,
                "interval": 30,
                "timeout": 5,
                "retries": 3,
                "startPeriod": 15,
            },
            "stopTimeout": STOP_TIMEOUT_SECONDS,
            # An init process reaps ECS Exec's children and forwards SIGTERM to gunicorn.
            "linuxParameters": {"initProcessEnabled": True},
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": log_group.name,
                    "awslogs-region": region,
                    "awslogs-stream-prefix": CONTAINER_NAME,
                },
            },
        }
        task_definition = aws.ecs.TaskDefinition(
            f"{name}-task",
            family=f"{args.name_prefix}-{name}",
            cpu=str(args.cpu),
            memory=str(args.memory),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform={"operating_system_family": "LINUX", "cpu_architecture": cpu_architecture},
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            container_definitions=pulumi.Output.json_dumps([container]),
            opts=child,
        )

        # --- Cloud Map -------------------------------------------------------------------------------
        namespace = aws.servicediscovery.PrivateDnsNamespace(
            f"{name}-namespace",
            name=f"{args.name_prefix}.internal",
            vpc=args.vpc_id,
            description="Private names for the service; API Gateway's VPC link discovers tasks here",
            opts=child,
        )
        discovery = aws.servicediscovery.Service(
            f"{name}-discovery",
            name=name,
            dns_config={
                "namespace_id": namespace.id,
                # SRV carries the port API Gateway needs; A serves clients inside the VPC.
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
            opts=child,
        )

        # --- network access ---------------------------------------------------------------------------
        service_group = aws.ec2.SecurityGroup(
            f"{name}-service",
            vpc_id=args.vpc_id,
            description="Fargate tasks: ingress only from the named sources, HTTPS out",
            opts=child,
        )
        # ECR, Logs, SSM and DynamoDB are all HTTPS (through the NAT, endpoints or gateway endpoints).
        https_out = aws.vpc.SecurityGroupEgressRule(
            f"{name}-service-https-out",
            security_group_id=service_group.id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            cidr_ipv4="0.0.0.0/0",
            description="HTTPS to AWS APIs",
            opts=child,
        )
        for index, source in enumerate(args.ingress_security_group_ids):
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-service-in-{index}",
                security_group_id=service_group.id,
                referenced_security_group_id=source,
                ip_protocol="tcp",
                from_port=CONTAINER_PORT,
                to_port=CONTAINER_PORT,
                description="The container port from a named source",
                opts=child,
            )

        # --- service -------------------------------------------------------------------------------
        service = aws.ecs.Service(
            f"{name}-service",
            cluster=cluster.arn,
            task_definition=task_definition.arn,
            desired_count=args.desired_count,
            capacity_provider_strategies=strategy,
            platform_version="LATEST",
            network_configuration={
                "subnets": args.subnet_ids,
                "security_groups": [service_group.id],
                "assign_public_ip": False,
            },
            deployment_circuit_breaker={"enable": True, "rollback": True},
            deployment_minimum_healthy_percent=100,
            deployment_maximum_percent=200,
            enable_execute_command=args.execute_command,
            service_registries={
                "registry_arn": discovery.arn,
                "container_name": CONTAINER_NAME,
                "container_port": CONTAINER_PORT,
            },
            propagate_tags="SERVICE",
            enable_ecs_managed_tags=True,
            wait_for_steady_state=False,
            opts=pulumi.ResourceOptions(
                parent=self,
                # Tasks pull their image at start: the HTTPS egress rule must exist by then.
                depends_on=[capacity_providers, https_out],
                # Autoscaling owns the count after creation; an update mustn't reset it.
                ignore_changes=["desiredCount"],
            ),
        )

        self._autoscaling(name, cluster, service, args)

        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.service_name = service.name
        self.cloud_map_service_arn = discovery.arn
        self.service_security_group_id = service_group.id
        self.container_port = CONTAINER_PORT
        self.log_group_name = log_group.name
        self.repository_url = repository.repository_url
        self.image_ref = image_ref
        self.task_definition_arn = task_definition.arn
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "cluster_arn": self.cluster_arn,
                "service_name": self.service_name,
                "cloud_map_service_arn": self.cloud_map_service_arn,
                "service_security_group_id": self.service_security_group_id,
                "container_port": self.container_port,
                "log_group_name": self.log_group_name,
                "repository_url": self.repository_url,
                "image_ref": self.image_ref,
                "task_definition_arn": self.task_definition_arn,
            }
        )

    def _autoscaling(
        self, name: str, cluster: aws.ecs.Cluster, service: aws.ecs.Service, args: FargateServiceArgs
    ) -> None:
        target = aws.appautoscaling.Target(
            f"{name}-scaling",
            service_namespace="ecs",
            scalable_dimension="ecs:service:DesiredCount",
            resource_id=pulumi.Output.concat("service/", cluster.name, "/", service.name),
            min_capacity=args.min_count,
            max_capacity=args.max_count,
            opts=pulumi.ResourceOptions(parent=self),
        )
        previous: list[pulumi.Resource] = []
        if args.min_count < args.max_count:
            # With min == max there is nothing to track, and the two CloudWatch alarms
            # target tracking creates would cost $0.10 a month each for nothing.
            previous.append(self._cpu_tracking(name, target, args))
        if args.schedule is None:
            return
        # Writes to one scalable target conflict when concurrent (ConcurrentUpdateException): chain them.
        down = aws.appautoscaling.ScheduledAction(
            f"{name}-scale-down",
            name=f"{args.name_prefix}-{name}-scale-down",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            schedule=args.schedule.down_expression,
            timezone=args.schedule.timezone,
            scalable_target_action={"min_capacity": 0, "max_capacity": 0},
            opts=pulumi.ResourceOptions(parent=self, depends_on=previous),
        )
        aws.appautoscaling.ScheduledAction(
            f"{name}-scale-up",
            name=f"{args.name_prefix}-{name}-scale-up",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            schedule=args.schedule.up_expression,
            timezone=args.schedule.timezone,
            scalable_target_action={"min_capacity": args.min_count, "max_capacity": args.max_count},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[down]),
        )

    def _cpu_tracking(
        self, name: str, target: aws.appautoscaling.Target, args: FargateServiceArgs
    ) -> aws.appautoscaling.Policy:
        return aws.appautoscaling.Policy(
            f"{name}-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration={
                "target_value": args.cpu_target_percent,
                "predefined_metric_specification": {
                    "predefined_metric_type": "ECSServiceAverageCPUUtilization"
                },
                "scale_in_cooldown": 300,
                "scale_out_cooldown": 60,
            },
            opts=pulumi.ResourceOptions(parent=self),
        )
