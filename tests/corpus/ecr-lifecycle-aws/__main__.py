"""An image repository: immutable tags, scan on push, keep the last 10 images."""

import json

import pulumi
import pulumi_aws as aws

repo = aws.ecr.Repository(
    "api", image_tag_mutability="IMMUTABLE", image_scanning_configuration={"scan_on_push": True}
)
aws.ecr.LifecyclePolicy(
    "api",
    repository=repo.name,
    policy=json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "description": "keep the last 10 images",
                    "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
                    "action": {"type": "expire"},
                }
            ]
        }
    ),
)

pulumi.export("repositoryUrl", repo.repository_url)
