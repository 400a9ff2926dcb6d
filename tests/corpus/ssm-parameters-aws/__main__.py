"""Non-secret app settings as standard-tier SSM String parameters under /app/dev/."""

import pulumi_aws as aws

settings = {
    "log-level": "info",
    "feature-new-checkout": "false",
    "page-size": "50",
    "support-email": "help@example.com",
}
for key, value in settings.items():
    aws.ssm.Parameter(key, name=f"/app/dev/{key}", type="String", tier="Standard", value=value)
