"""One CloudWatch dashboard per service (five), each with a CPU widget."""

import json

import pulumi_aws as aws

for service in ("api", "worker", "billing", "search", "auth"):
    aws.cloudwatch.Dashboard(
        service,
        dashboard_name=f"{service}-overview",
        dashboard_body=json.dumps(
            {
                "widgets": [
                    {
                        "type": "metric",
                        "width": 12,
                        "height": 6,
                        "properties": {
                            "metrics": [["AWS/ECS", "CPUUtilization", "ServiceName", service]],
                            "region": "us-east-1",
                            "title": f"{service} CPU",
                        },
                    }
                ]
            }
        ),
    )
