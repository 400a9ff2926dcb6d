"""An api and a worker: two 0.25 vCPU / 0.5 GB services on FARGATE_SPOT in one cluster.

On a first preview every task definition ARN is unknown, so a cost model has to link each service to
its own task definition through the engine's dependencies, not by "the only one in the stack".
"""

import json

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private and egress through its NAT.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

execution_role = aws.iam.Role(
    "task-execution",
    assume_role_policy=json.dumps(
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
)
aws.iam.RolePolicyAttachment(
    "task-execution",
    role=execution_role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
)

cluster = aws.ecs.Cluster("app", settings=[{"name": "containerInsights", "value": "disabled"}])
aws.ecs.ClusterCapacityProviders(
    "app", cluster_name=cluster.name, capacity_providers=["FARGATE", "FARGATE_SPOT"]
)


def spot_service(name: str, image: str) -> aws.ecs.Service:
    logs = aws.cloudwatch.LogGroup(name, retention_in_days=3)
    task = aws.ecs.TaskDefinition(
        name,
        family=name,
        cpu="256",
        memory="512",
        network_mode="awsvpc",
        requires_compatibilities=["FARGATE"],
        execution_role_arn=execution_role.arn,
        container_definitions=logs.name.apply(
            lambda group: json.dumps(
                [
                    {
                        "name": name,
                        "image": image,
                        "logConfiguration": {
                            "logDriver": "awslogs",
                            "options": {
                                "awslogs-group": group,
                                "awslogs-region": "us-east-1",
                                "awslogs-stream-prefix": name,
                            },
                        },
                    }
                ]
            )
        ),
    )
    return aws.ecs.Service(
        name,
        cluster=cluster.arn,
        task_definition=task.arn,
        desired_count=1,
        capacity_provider_strategies=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}],
        network_configuration={"subnets": private_subnets.ids, "assign_public_ip": False},
    )


api = spot_service("api", "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:2.0.1")
worker = spot_service("worker", "123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:2.0.1")

pulumi.export("services", [api.name, worker.name])
