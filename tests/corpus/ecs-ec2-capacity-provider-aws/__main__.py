"""A small worker on ECS with EC2 hosts: one t4g.micro in an Auto Scaling group, registered to the cluster
through a capacity provider; the service places its task there through its capacity provider strategy."""

import base64
import json

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])
ecs_ami = aws.ssm.get_parameter(
    name="/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
)

cluster = aws.ecs.Cluster("workers", settings=[{"name": "containerInsights", "value": "disabled"}])

host_role = aws.iam.Role(
    "ecs-host",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
)
aws.iam.RolePolicyAttachment(
    "ecs-host",
    role=host_role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
)
profile = aws.iam.InstanceProfile("ecs-host", role=host_role.name)

template = aws.ec2.LaunchTemplate(
    "ecs-host",
    image_id=ecs_ami.value,
    instance_type="t4g.micro",
    iam_instance_profile={"arn": profile.arn},
    user_data=cluster.name.apply(
        lambda name: base64.b64encode(
            f"#!/bin/bash\necho ECS_CLUSTER={name} >> /etc/ecs/ecs.config\n".encode()
        ).decode()
    ),
    block_device_mappings=[{"device_name": "/dev/xvda", "ebs": {"volume_type": "gp3", "volume_size": 30}}],
    metadata_options={"http_tokens": "required"},
)
hosts = aws.autoscaling.Group(
    "ecs-hosts",
    min_size=1,
    max_size=1,
    desired_capacity=1,
    vpc_zone_identifiers=private_subnets.ids,
    launch_template={"id": template.id, "version": "$Latest"},
    protect_from_scale_in=True,
    tags=[{"key": "AmazonECSManaged", "value": "true", "propagate_at_launch": True}],
)
# Auto-named ("hosts-<suffix>"): a capacity provider's name may not begin with "aws", "ecs" or "fargate".
capacity = aws.ecs.CapacityProvider(
    "hosts",
    auto_scaling_group_provider={
        "auto_scaling_group_arn": hosts.arn,
        "managed_termination_protection": "ENABLED",
        "managed_scaling": {"status": "ENABLED", "target_capacity": 100},
    },
)
aws.ecs.ClusterCapacityProviders(
    "workers",
    cluster_name=cluster.name,
    capacity_providers=[capacity.name],
    default_capacity_provider_strategies=[{"capacity_provider": capacity.name, "weight": 1}],
)

logs = aws.cloudwatch.LogGroup("worker", retention_in_days=14)
worker = aws.ecs.TaskDefinition(
    "worker",
    family="worker",
    requires_compatibilities=["EC2"],
    network_mode="bridge",
    container_definitions=logs.name.apply(
        lambda group: json.dumps(
            [
                {
                    "name": "worker",
                    "image": "public.ecr.aws/docker/library/busybox:stable",
                    "command": ["sh", "-c", "while true; do date; sleep 60; done"],
                    "memory": 256,
                    "cpu": 256,
                    "essential": True,
                    "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": {
                            "awslogs-group": group,
                            "awslogs-region": "us-east-1",
                            "awslogs-stream-prefix": "w",
                        },
                    },
                }
            ]
        )
    ),
)
aws.ecs.Service(
    "worker",
    cluster=cluster.arn,
    task_definition=worker.arn,
    desired_count=1,
    capacity_provider_strategies=[{"capacity_provider": capacity.name, "weight": 1, "base": 0}],
)

pulumi.export("cluster", cluster.name)
