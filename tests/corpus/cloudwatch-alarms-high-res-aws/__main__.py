"""Fast paging for a trading API: 20 high-resolution alarms (10-second period) on custom metrics."""

import pulumi_aws as aws

pager = aws.sns.Topic("pager")
for n in range(20):
    aws.cloudwatch.MetricAlarm(
        f"latency-shard-{n}",
        namespace="Trading",
        metric_name="OrderLatencyMs",
        dimensions={"Shard": str(n)},
        statistic="Maximum",
        period=10,
        evaluation_periods=3,
        threshold=250,
        comparison_operator="GreaterThanThreshold",
        alarm_actions=[pager.arn],
    )
