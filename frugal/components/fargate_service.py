"""FargateService: one container on Fargate (Spot by default) in a FargateCluster, private, found by name.

Bring your own container: an image URI, or a build that is pushed to the service's own ECR repository
(docker-build, only at `pulumi up`). The component knows nothing about the program it runs: its port,
command, environment, secrets, health check and task-role permissions all come from the caller.

Children, in order: the image (repository, lifecycle policy, build), the log group, the execution and
task roles, the task definition, the Cloud Map service (`<discovery name>.<namespace>`, SRV + A
records), the security group and its rules, the ECS service and its autoscaling, and the running-tasks
alarm (fargate_service_alarm.py). Its arguments are in fargate_service_args.py.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_docker_build as docker_build

from frugal.aws_limits import ARCHITECTURES
from frugal.components.base import Component, Moved
from frugal.components.cluster import capacity_provider_strategy
from frugal.components.fargate_service_alarm import running_tasks_alarm
from frugal.components.fargate_service_args import FargateServiceArgs, IngressSource
from frugal.components.iam import policy_document, secret_statements, service_trust_policy

IMAGES_KEPT = 10
CLOUD_MAP_TTL_SECONDS = 60
EXEC_ACTIONS = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
]


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
            running_tasks_alarm(self, name, args, service, args.alarms)

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
                [args.container.definition(self.container_name, image_ref, log_group.name, self._region)]
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
        schedule = args.schedule
        for suffix, expression, low, high in (
            ("scale-down", schedule.stop, 0, 0),
            ("scale-up", schedule.start, args.min_count, args.max_count),
        ):
            action = aws.appautoscaling.ScheduledAction(
                f"{name}-{suffix}",
                name=f"{self._prefix}-{suffix}",
                service_namespace=target.service_namespace,
                scalable_dimension=target.scalable_dimension,
                resource_id=target.resource_id,
                schedule=expression,
                timezone=schedule.timezone,
                scalable_target_action={"min_capacity": low, "max_capacity": high},
                opts=self.child_opts(f"{name}-{suffix}", depends_on=previous),
            )
            previous = [action]

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
