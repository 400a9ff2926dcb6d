"""A work queue whose poison messages move to a dead-letter queue after 5 receives."""

import json

import pulumi
import pulumi_aws as aws

dead_letters = aws.sqs.Queue("jobs-dlq", message_retention_seconds=1_209_600)
jobs = aws.sqs.Queue(
    "jobs",
    visibility_timeout_seconds=60,
    redrive_policy=dead_letters.arn.apply(
        lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})
    ),
)
aws.sqs.RedriveAllowPolicy(
    "jobs-dlq",
    queue_url=dead_letters.id,
    redrive_allow_policy=jobs.arn.apply(
        lambda arn: json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [arn]})
    ),
)

pulumi.export("queueUrl", jobs.url)
