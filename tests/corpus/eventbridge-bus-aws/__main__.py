"""Domain events: a custom bus, a rule for order.created, and an SQS target allowed only from that rule."""

import json

import pulumi
import pulumi_aws as aws

bus = aws.cloudwatch.EventBus("orders")
queue = aws.sqs.Queue("order-created")
rule = aws.cloudwatch.EventRule(
    "order-created",
    event_bus_name=bus.name,
    event_pattern=json.dumps({"source": ["shop.orders"], "detail-type": ["order.created"]}),
)
aws.cloudwatch.EventTarget("order-created", rule=rule.name, event_bus_name=bus.name, arn=queue.arn)
aws.sqs.QueuePolicy(
    "order-created",
    queue_url=queue.id,
    policy=pulumi.Output.all(queue.arn, rule.arn).apply(
        lambda args: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sqs:SendMessage",
                        "Resource": args[0],
                        "Condition": {"ArnEquals": {"aws:SourceArn": args[1]}},
                    }
                ],
            }
        )
    ),
)
