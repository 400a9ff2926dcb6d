"""Ops notifications: an SNS topic with one email subscription (confirmed by the recipient)."""

import pulumi
import pulumi_aws as aws

topic = aws.sns.Topic("ops-notifications")
aws.sns.TopicSubscription("ops-email", topic=topic.arn, protocol="email", endpoint="ops@example.com")

pulumi.export("topicArn", topic.arn)
