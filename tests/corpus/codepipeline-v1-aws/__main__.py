"""Release pipeline for a static docs site: GitHub through a CodeStar connection, built by CodeBuild.
No pipeline type is set, so AWS makes it a V1 pipeline ($1 per active month)."""

import json

import pulumi
import pulumi_aws as aws

artifacts = aws.s3.BucketV2("docs-artifacts", force_destroy=True)
github = aws.codestarconnections.Connection("github", provider_type="GitHub")


def service_role(name: str, service: str) -> aws.iam.Role:
    return aws.iam.Role(
        name,
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )


build_role = service_role("docs-build", "codebuild.amazonaws.com")
pipeline_role = service_role("docs-pipeline", "codepipeline.amazonaws.com")
aws.iam.RolePolicy(
    "docs-pipeline",
    role=pipeline_role.id,
    policy=pulumi.Output.all(artifacts.arn, github.arn).apply(
        lambda arns: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:PutObject"],
                        "Resource": f"{arns[0]}/*",
                    },
                    {"Effect": "Allow", "Action": "codestar-connections:UseConnection", "Resource": arns[1]},
                ],
            }
        )
    ),
)

build = aws.codebuild.Project(
    "docs",
    service_role=build_role.arn,
    artifacts={"type": "CODEPIPELINE"},
    source={"type": "CODEPIPELINE"},
    environment={
        "compute_type": "BUILD_GENERAL1_SMALL",
        "image": "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        "type": "LINUX_CONTAINER",
    },
)

aws.codepipeline.Pipeline(
    "docs",
    role_arn=pipeline_role.arn,
    artifact_stores=[{"location": artifacts.bucket, "type": "S3"}],
    stages=[
        {
            "name": "Source",
            "actions": [
                {
                    "name": "Source",
                    "category": "Source",
                    "owner": "AWS",
                    "provider": "CodeStarSourceConnection",
                    "version": "1",
                    "output_artifacts": ["source"],
                    "configuration": {
                        "ConnectionArn": github.arn,
                        "FullRepositoryId": "example-org/docs",
                        "BranchName": "main",
                    },
                }
            ],
        },
        {
            "name": "Build",
            "actions": [
                {
                    "name": "Build",
                    "category": "Build",
                    "owner": "AWS",
                    "provider": "CodeBuild",
                    "version": "1",
                    "input_artifacts": ["source"],
                    "configuration": {"ProjectName": build.name},
                }
            ],
        },
    ],
)
