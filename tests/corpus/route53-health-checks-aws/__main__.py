"""Uptime checks: ten HTTPS Route 53 health checks against partner endpoints outside AWS."""

import pulumi_aws as aws

partners = [f"api{n}.partner.example.org" for n in range(1, 11)]
for host in partners:
    aws.route53.HealthCheck(
        host.split(".")[0],
        fqdn=host,
        port=443,
        type="HTTPS",
        resource_path="/health",
        failure_threshold=3,
        request_interval=30,
    )
