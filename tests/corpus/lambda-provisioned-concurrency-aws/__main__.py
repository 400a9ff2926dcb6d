"""A latency-sensitive 1024 MB function with 5 provisioned concurrent executions on its live alias."""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "fn",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
)
aws.iam.RolePolicyAttachment(
    "fn-logs", role=role.name, policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
)
aws.cloudwatch.LogGroup("fn", name="/aws/lambda/quote", retention_in_days=7)
fn = aws.lambda_.Function(
    "quote",
    name="quote",
    runtime="python3.12",
    handler="index.handler",
    memory_size=1024,
    role=role.arn,
    publish=True,
    code=pulumi.AssetArchive(
        {"index.py": pulumi.StringAsset("def handler(event, context):\n    return {'ok': True}\n")}
    ),
)
live = aws.lambda_.Alias("live", function_name=fn.name, function_version=fn.version)
aws.lambda_.ProvisionedConcurrencyConfig(
    "live", function_name=fn.name, qualifier=live.name, provisioned_concurrent_executions=5
)
