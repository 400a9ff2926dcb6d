"""A nightly-style cleanup job: a Python Lambda triggered every hour by an EventBridge schedule rule."""

import json

import pulumi
import pulumi_aws as aws

HANDLER = """
def handler(event, context):
    print("cleanup ran")
"""

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

logs = aws.cloudwatch.LogGroup("fn", name="/aws/lambda/cleanup", retention_in_days=7)
aws.iam.RolePolicy(
    "fn-logs",
    role=role.id,
    policy=logs.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": f"{arn}:*",
                    }
                ],
            }
        )
    ),
)

fn = aws.lambda_.Function(
    "cleanup",
    name="cleanup",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    timeout=60,
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset(HANDLER)}),
    opts=pulumi.ResourceOptions(depends_on=[logs]),
)
rule = aws.cloudwatch.EventRule("hourly", schedule_expression="rate(1 hour)")
aws.cloudwatch.EventTarget("hourly", rule=rule.name, arn=fn.arn)
aws.lambda_.Permission(
    "events",
    action="lambda:InvokeFunction",
    function=fn.name,
    principal="events.amazonaws.com",
    source_arn=rule.arn,
)
