"""A batch-ish worker sized for a big model: 4 vCPU / 16 GB, all on FARGATE_SPOT."""

import json

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

cluster = aws.ecs.Cluster("ml", settings=[{"name": "containerInsights", "value": "disabled"}])
aws.ecs.ClusterCapacityProviders(
    "ml", cluster_name=cluster.name, capacity_providers=["FARGATE", "FARGATE_SPOT"]
)
logs = aws.cloudwatch.LogGroup("scorer", retention_in_days=3)
task = aws.ecs.TaskDefinition(
    "scorer",
    family="scorer",
    cpu="4096",
    memory="16384",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    execution_role_arn=execution_role.arn,
    container_definitions=logs.name.apply(
        lambda group: json.dumps(
            [
                {
                    "name": "scorer",
                    "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/scorer:1.4.2",
                    "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": {
                            "awslogs-group": group,
                            "awslogs-region": "us-east-1",
                            "awslogs-stream-prefix": "scorer",
                        },
                    },
                }
            ]
        )
    ),
)
aws.ecs.Service(
    "scorer",
    cluster=cluster.arn,
    task_definition=task.arn,
    desired_count=1,
    capacity_provider_strategies=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}],
    network_configuration={"subnets": private_subnets.ids, "assign_public_ip": False},
)
