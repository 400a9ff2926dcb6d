"""Per-integration credentials: twelve Secrets Manager secrets (values set out of band)."""

import pulumi_aws as aws

integrations = [
    "stripe",
    "sendgrid",
    "twilio",
    "slack",
    "github",
    "pagerduty",
    "datadog",
    "sentry",
    "algolia",
    "mapbox",
    "segment",
    "intercom",
]
for name in integrations:
    aws.secretsmanager.Secret(name, name=f"integrations/{name}", recovery_window_in_days=7)
