"""An App Runner service from a public image, 1 vCPU / 2 GB; App Runner keeps one instance provisioned."""

import pulumi
import pulumi_aws as aws

service = aws.apprunner.Service(
    "hello",
    service_name="hello",
    source_configuration={
        "auto_deployments_enabled": False,
        "image_repository": {
            "image_identifier": "public.ecr.aws/aws-containers/hello-app-runner:latest",
            "image_repository_type": "ECR_PUBLIC",
            "image_configuration": {"port": "8000"},
        },
    },
    instance_configuration={"cpu": "1024", "memory": "2048"},
)

pulumi.export("url", service.service_url)
