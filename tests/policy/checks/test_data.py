"""Data rules: log-retention, rds-dev-size, ecr-lifecycle, dynamodb-on-demand."""

from __future__ import annotations

import json

from tests.policy.helpers import (
    UNKNOWN_BOOL,
    UNKNOWN_NUM,
    UNKNOWN_STR,
    Res,
    run_resource_rule,
    run_stack_rule,
)

# --- log-retention --------------------------------------------------------------------------------

LOG = "aws:cloudwatch/logGroup:LogGroup"


def test_log_retention():
    assert run_resource_rule("log-retention", LOG, {"retentionInDays": 3}).violations == []
    assert "never expire" in run_resource_rule("log-retention", LOG, {}).text()
    assert "never expire" in run_resource_rule("log-retention", LOG, {"retentionInDays": 0}).text()
    assert "maxRetentionDays=30" in run_resource_rule("log-retention", LOG, {"retentionInDays": 365}).text()
    assert (
        run_resource_rule(
            "log-retention", LOG, {"retentionInDays": 365}, {"maxRetentionDays": 400.0}
        ).violations
        == []
    )
    unknown = run_resource_rule("log-retention", LOG, {"retentionInDays": UNKNOWN_NUM})
    assert "cannot be checked at preview: retentionInDays" in unknown.text()


# --- rds-dev-size ---------------------------------------------------------------------------------

RDS = "aws:rds/instance:Instance"


def test_rds_dev_size():
    small = {"instanceClass": "db.t4g.micro", "allocatedStorage": 20, "multiAz": False}
    assert run_resource_rule("rds-dev-size", RDS, small).violations == []
    big = {
        "instanceClass": "db.m5.large",
        "allocatedStorage": 500,
        "maxAllocatedStorage": 1000,
        "multiAz": True,
    }
    outcome = run_resource_rule("rds-dev-size", RDS, big)
    assert len(outcome.violations) == 4
    relaxed = {"allowedInstanceClasses": ["db.m5.large"], "allowMultiAz": True, "maxAllocatedStorageGb": 1000}
    assert run_resource_rule("rds-dev-size", RDS, big, relaxed).violations == []
    unknown = run_resource_rule("rds-dev-size", RDS, {**small, "multiAz": UNKNOWN_BOOL})
    assert "cannot be checked at preview: multiAz" in unknown.text()


# --- ecr-lifecycle --------------------------------------------------------------------------------

REPO = "aws:ecr/repository:Repository"
LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy"


def keep(count: int) -> str:
    return json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "selection": {
                        "tagStatus": "any",
                        "countType": "imageCountMoreThan",
                        "countNumber": count,
                    },
                    "action": {"type": "expire"},
                }
            ]
        }
    )


def test_ecr_lifecycle():
    linked = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": "app", "policy": keep(10)}),
    ]
    assert run_stack_rule("ecr-lifecycle", linked).violations == []
    by_dependency = [
        Res(REPO, "repo", {"name": "app"}),
        Res(
            LIFECYCLE, "keep", {"repository": UNKNOWN_STR, "policy": keep(10)}, deps={"repository": ["repo"]}
        ),
    ]
    assert run_stack_rule("ecr-lifecycle", by_dependency).violations == []
    missing = run_stack_rule("ecr-lifecycle", [Res(REPO, "repo", {"name": "app"})])
    assert "no lifecycle policy" in missing.text()
    hoarding = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": "app", "policy": keep(500)}),
    ]
    assert "maxImageCount=30" in run_stack_rule("ecr-lifecycle", hoarding).text()
    assert run_stack_rule("ecr-lifecycle", hoarding, {"maxImageCount": 500}).violations == []


def test_ecr_lifecycle_unknown_repository_link_is_said_not_passed():
    unlinked = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": UNKNOWN_STR, "policy": keep(5)}),
    ]
    outcome = run_stack_rule("ecr-lifecycle", unlinked)
    assert len(outcome.violations) == 1
    assert (
        "no lifecycle policy" in outcome.text()
        and "1 lifecycle policies name a repository unknown" in outcome.text()
    )


def test_ecr_lifecycle_invalid_policy_json_is_a_violation():
    broken = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": "app", "policy": "{rules:"}),
    ]
    assert "keep.policy is not valid JSON" in run_stack_rule("ecr-lifecycle", broken).text()


def test_dynamodb_on_demand():
    table = "aws:dynamodb/table:Table"
    assert run_resource_rule("dynamodb-on-demand", table, {"billingMode": "PAY_PER_REQUEST"}).violations == []
    assert "PROVISIONED" in run_resource_rule("dynamodb-on-demand", table, {}).text()
    provisioned = {"billingMode": "PROVISIONED", "readCapacity": 5, "writeCapacity": 5}
    assert len(run_resource_rule("dynamodb-on-demand", table, provisioned).violations) == 1
    assert (
        run_resource_rule("dynamodb-on-demand", table, provisioned, {"maxProvisionedUnits": 10}).violations
        == []
    )
    assert (
        "cannot be checked"
        in run_resource_rule("dynamodb-on-demand", table, {"billingMode": UNKNOWN_STR}).text()
    )


def test_dynamodb_on_demand_counts_index_capacity():
    table = "aws:dynamodb/table:Table"
    props = {
        "billingMode": "PROVISIONED",
        "readCapacity": 1,
        "writeCapacity": 1,
        "globalSecondaryIndexes": [{"name": "by-status", "readCapacity": 20, "writeCapacity": 20}],
    }
    outcome = run_resource_rule("dynamodb-on-demand", table, props, {"maxProvisionedUnits": 10})
    assert "42 RCU+WCU incl. 1 index(es)" in outcome.text()
    assert run_resource_rule("dynamodb-on-demand", table, props, {"maxProvisionedUnits": 50}).violations == []
    index = "aws:dynamodb/globalSecondaryIndex:GlobalSecondaryIndex"
    provisioned = {"provisionedThroughput": {"readCapacityUnits": 5, "writeCapacityUnits": 5}}
    assert (
        "a provisioned index (10 RCU+WCU)"
        in run_resource_rule("dynamodb-on-demand", index, provisioned).text()
    )
    assert run_resource_rule("dynamodb-on-demand", index, {"indexName": "x"}).violations == []
