"""What every resource rule shares: it looks only at the types it governs."""

from __future__ import annotations

from tests.policy.helpers import (
    UNKNOWN_STR,
    run_resource_rule,
)


def test_rules_ignore_types_they_do_not_govern():
    for rule in (
        "log-retention",
        "fargate-task-size",
        "cloudfront-price-class",
        "rds-dev-size",
        "no-plaintext-secrets",
        "iam-least-privilege",
        "dynamodb-on-demand",
    ):
        assert run_resource_rule(rule, "aws:ec2/vpc:Vpc", {"cidrBlock": UNKNOWN_STR}).violations == [], rule
