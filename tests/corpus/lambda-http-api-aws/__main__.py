"""A hello API: one Python Lambda behind an HTTP API, auto-deployed $default stage at 50 rps / burst 100."""

import json

import pulumi
import pulumi_aws as aws

HANDLER = """
import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"hello": event.get("rawPath", "/")})}
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

logs = aws.cloudwatch.LogGroup("fn", name="/aws/lambda/hello-api", retention_in_days=7)
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
    "hello-api",
    name="hello-api",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    memory_size=256,
    timeout=10,
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset(HANDLER)}),
    opts=pulumi.ResourceOptions(depends_on=[logs]),
)
api = aws.apigatewayv2.Api("hello", protocol_type="HTTP")
integration = aws.apigatewayv2.Integration(
    "hello",
    api_id=api.id,
    integration_type="AWS_PROXY",
    integration_uri=fn.invoke_arn,
    payload_format_version="2.0",
)
aws.apigatewayv2.Route(
    "default",
    api_id=api.id,
    route_key="$default",
    target=pulumi.Output.concat("integrations/", integration.id),
)
aws.apigatewayv2.Stage(
    "default",
    api_id=api.id,
    name="$default",
    auto_deploy=True,
    default_route_settings={"throttling_rate_limit": 50, "throttling_burst_limit": 100},
)
aws.lambda_.Permission(
    "apigw",
    action="lambda:InvokeFunction",
    function=fn.name,
    principal="apigateway.amazonaws.com",
    source_arn=pulumi.Output.concat(api.execution_arn, "/*/*"),
)

pulumi.export("url", api.api_endpoint)
