"""An express state machine that validates and stores an order, logging errors for 3 days."""

import json

import pulumi
import pulumi_aws as aws

table = aws.dynamodb.Table(
    "orders", billing_mode="PAY_PER_REQUEST", hash_key="id", attributes=[{"name": "id", "type": "S"}]
)
logs = aws.cloudwatch.LogGroup("orders-flow", name="/aws/vendedlogs/states/orders-flow", retention_in_days=3)
role = aws.iam.Role(
    "orders-flow",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "states.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
)
aws.iam.RolePolicy(
    "orders-flow",
    role=role.id,
    policy=table.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": arn},
                    {
                        "Effect": "Allow",
                        "Action": [
                            "logs:CreateLogDelivery",
                            "logs:GetLogDelivery",
                            "logs:UpdateLogDelivery",
                            "logs:DeleteLogDelivery",
                            "logs:ListLogDeliveries",
                            "logs:PutResourcePolicy",
                            "logs:DescribeResourcePolicies",
                            "logs:DescribeLogGroups",
                        ],
                        "Resource": "*",
                    },
                ],
            }
        )
    ),
)
definition = table.name.apply(
    lambda name: json.dumps(
        {
            "StartAt": "Validate",
            "States": {
                "Validate": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.id", "IsPresent": True, "Next": "Store"}],
                    "Default": "Reject",
                },
                "Store": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": name, "Item": {"id": {"S.$": "$.id"}}},
                    "End": True,
                },
                "Reject": {"Type": "Fail", "Error": "MissingId"},
            },
        }
    )
)
machine = aws.sfn.StateMachine(
    "orders-flow",
    type="EXPRESS",
    role_arn=role.arn,
    definition=definition,
    logging_configuration={
        "level": "ERROR",
        "include_execution_data": False,
        "log_destination": logs.arn.apply(lambda arn: f"{arn}:*"),
    },
)

pulumi.export("stateMachineArn", machine.arn)
