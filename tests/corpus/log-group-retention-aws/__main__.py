"""Application log groups kept for 7 days, with a metric filter counting ERROR lines."""

import pulumi_aws as aws

for name in ("api", "worker"):
    group = aws.cloudwatch.LogGroup(name, name=f"/app/{name}", retention_in_days=7)
    aws.cloudwatch.LogMetricFilter(
        f"{name}-errors",
        log_group_name=group.name,
        pattern="ERROR",
        metric_transformation={"name": f"{name}-errors", "namespace": "App", "value": "1"},
    )
