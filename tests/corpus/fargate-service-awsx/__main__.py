"""The awsx Fargate quick start: one nginx task (0.25 vCPU / 0.5 GB) on the default VPC."""

import pulumi_aws as aws
import pulumi_awsx as awsx

cluster = aws.ecs.Cluster("web", settings=[{"name": "containerInsights", "value": "disabled"}])
service = awsx.ecs.FargateService(
    "web",
    cluster=cluster.arn,
    # The default VPC has only public subnets: awsx needs a public IP to reach the registry there.
    assign_public_ip=True,
    task_definition_args={
        "container": {
            "name": "web",
            "image": "nginx:latest",
            "cpu": 256,
            "memory": 512,
            "essential": True,
            "port_mappings": [{"container_port": 80}],
        },
    },
)
