"""A 0.5 vCPU / 1 GB web service on launchType FARGATE, written with pulumi_aws_native."""

import json

import pulumi_aws as aws
import pulumi_aws_native as aws_native

private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])
execution_role = aws_native.iam.Role(
    "task-execution",
    assume_role_policy_document=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
    managed_policy_arns=["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
)
logs = aws_native.logs.LogGroup("web", retention_in_days=7)
cluster = aws_native.ecs.Cluster("web", cluster_settings=[{"name": "containerInsights", "value": "disabled"}])
task = aws_native.ecs.TaskDefinition(
    "web",
    family="web",
    cpu="512",
    memory="1024",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    execution_role_arn=execution_role.arn,
    container_definitions=[
        {
            "name": "web",
            "image": "public.ecr.aws/nginx/nginx:stable",
            "port_mappings": [{"container_port": 80}],
            "log_configuration": {
                "log_driver": "awslogs",
                "options": {
                    "awslogs-group": logs.id,
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "web",
                },
            },
        }
    ],
)
aws_native.ecs.Service(
    "web",
    cluster=cluster.arn,
    task_definition=task.task_definition_arn,
    desired_count=1,
    launch_type=aws_native.ecs.ServiceLaunchType.FARGATE,
    network_configuration={
        "awsvpc_configuration": {"subnets": private_subnets.ids, "assign_public_ip": "DISABLED"}
    },
)
