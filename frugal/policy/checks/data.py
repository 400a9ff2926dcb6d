"""Data rules: small RDS, on-demand DynamoDB, ECR lifecycle policies, log retention."""

from __future__ import annotations

from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import (
    Subject,
    allowlist,
    as_int,
    cap,
    integer,
    resource_rule,
    stack_graph,
    stack_rule,
    strings,
)
from ..graph import same_value
from ..values import UNKNOWN, Reader, as_bool, as_number


@resource_rule(
    name="rds-dev-size",
    description=(
        "RDS instances stay small: an allowed class, no multi-AZ (it doubles the bill), capped storage; "
        "Aurora Serverless v2 only when it can pause to 0 ACU."
    ),
    properties={
        "allowedInstanceClasses": strings(
            ["db.t4g.micro", "db.t4g.small", "db.t3.micro"], "Instance classes allowed."
        ),
        "allowMultiAz": {"type": "boolean", "default": False, "description": "Allow multiAz=true."},
        "maxAllocatedStorageGb": integer(
            20, "Most allocated (and autoscaling maximum) storage in GB.", minimum=None
        ),
        "maxServerlessMinCapacity": {
            "type": "number",
            "minimum": 0,
            "default": 0,
            "description": "Most Aurora Serverless v2 minimum ACUs (billed around the clock); 0: auto-pause "
            "when idle. db.serverless instances are allowed: their cost is the cluster's minimum, which "
            "monthly-budget prices.",
        },
    },
    remediation=(
        "Use db.t4g.micro, multiAz=false and 20 GB; or Aurora Serverless v2 with minCapacity 0; or DynamoDB "
        "on-demand, which costs $0 idle."
    ),
    types=(*t.RDS_INSTANCES, t.RDS_CLUSTER),
    verifies="the database size",
)
def rds_dev_size(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    if subject.kind == t.RDS_CLUSTER:
        low = as_number(read.get(subject.props, "serverlessv2ScalingConfiguration", "minCapacity"))
        limit = float(cfg["maxServerlessMinCapacity"])
        if isinstance(low, int | float) and low > limit:
            report(
                f"serverlessv2ScalingConfiguration.minCapacity={low:g} ACU bills around the clock, above "
                f"maxServerlessMinCapacity={limit:g} (0 pauses when idle)"
            )
        allowlist(
            report,
            "dbClusterInstanceClass",
            read.get(subject.props, "dbClusterInstanceClass"),
            list(cfg["allowedInstanceClasses"]),
        )
        cap(
            report,
            "allocatedStorage",
            as_number(read.get(subject.props, "allocatedStorage")),
            cfg,
            "maxAllocatedStorageGb",
            " GB",
        )
        return
    instance_class = read.get(subject.props, "instanceClass")
    if instance_class != "db.serverless":
        allowlist(report, "instanceClass", instance_class, list(cfg["allowedInstanceClasses"]))
    if as_bool(read.get(subject.props, "multiAz")) is True and not as_bool(cfg["allowMultiAz"]):
        report("multiAz=true doubles the instance and storage cost")
    for key in ("allocatedStorage", "maxAllocatedStorage"):
        cap(report, key, as_number(read.get(subject.props, key)), cfg, "maxAllocatedStorageGb", " GB")


@resource_rule(
    name="dynamodb-on-demand",
    description=(
        "DynamoDB tables use on-demand capacity ($0 when idle); provisioned capacity bills every hour."
    ),
    properties={
        "maxProvisionedUnits": integer(
            0, "Most RCU+WCU a provisioned table may reserve (0 = on-demand only)."
        ),
    },
    remediation="Set billingMode to PAY_PER_REQUEST.",
    types=(t.DYNAMODB_TABLE, t.DYNAMODB_GSI),
    verifies="the billing mode",
)
def dynamodb_on_demand(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    limit = as_int(cfg["maxProvisionedUnits"])

    def units(props: Any, *keys: str) -> float:
        return sum(
            float(as_number(read.get(props, key, default=0)) or 0)
            for key in keys
            if read.get(props, key) is not UNKNOWN
        )

    if subject.kind == t.DYNAMODB_GSI:
        throughput = read.get(subject.props, "provisionedThroughput")
        if throughput not in (None, UNKNOWN):
            total = units(throughput, "readCapacityUnits", "writeCapacityUnits")
            if total > limit:
                report(
                    f"a provisioned index ({total:g} RCU+WCU) bills by the hour; maxProvisionedUnits={limit}"
                )
        return
    mode = read.get(subject.props, "billingMode", default="PROVISIONED")
    if mode == "PROVISIONED":
        total = units(subject.props, "readCapacity", "writeCapacity")
        indexes = [i for i in read.items_of(subject.props, "globalSecondaryIndexes") if i is not UNKNOWN]
        # Each global secondary index of a provisioned table reserves capacity of its own.
        total += sum(units(index, "readCapacity", "writeCapacity") for index in indexes)
        if total > limit or total == 0:
            with_indexes = f" incl. {len(indexes)} index(es)" if indexes else ""
            report(
                f"billingMode PROVISIONED ({total:g} RCU+WCU{with_indexes}, the default when unset) bills "
                f"by the hour; maxProvisionedUnits={limit}"
            )


@resource_rule(
    name="log-retention",
    description=(
        "Log groups must expire their logs (storage is $0.03/GB-month forever otherwise), within a maximum."
    ),
    properties={
        "maxRetentionDays": integer(30, "Longest retention allowed.", minimum=1),
    },
    remediation="Set retentionInDays (e.g. 3 in dev, 30 in prod).",
    types=(t.LOG_GROUP,),
    verifies="log retention",
)
def log_retention(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    days = as_number(read.get(subject.props, "retentionInDays"))
    if days is None or days == 0:
        report("retentionInDays is not set: logs never expire")
    cap(report, "retentionInDays", days, cfg, "maxRetentionDays")


@stack_rule(
    name="ecr-lifecycle",
    description="Every ECR repository has a lifecycle policy that expires old images ($0.10/GB-month each).",
    properties={
        "maxImageCount": integer(30, "Most images an imageCountMoreThan rule may keep.", minimum=1),
    },
    remediation="Add an aws.ecr.LifecyclePolicy keeping the last 10 images.",
    verifies="ECR lifecycle policies",
)
def ecr_lifecycle(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    limit = as_int(cfg["maxImageCount"])
    policies = graph.of(t.ECR_LIFECYCLE_POLICY)
    for policy in policies:
        document = read.json(read.scoped(policy.name).get(policy.props, "policy"), f"{policy.name}.policy")
        if document is UNKNOWN or document is None:
            continue
        for item in document.get("rules", []) if isinstance(document, dict) else []:
            selection = item.get("selection", {}) if isinstance(item, dict) else {}
            if (
                selection.get("countType") == "imageCountMoreThan"
                and int(selection.get("countNumber", 0)) > limit
            ):
                report(
                    f"{policy.label}: keeps {selection.get('countNumber')} images, "
                    f"over maxImageCount={limit}",
                    policy.urn,
                )
    unlinkable = graph.unlinkable(policies, "repository")
    note = (
        f" ({len(unlinkable)} lifecycle policies name a repository unknown at preview, not matched)"
        if unlinkable
        else ""
    )
    for repository in graph.of(t.ECR_REPOSITORY):
        if any(graph.linked(policy, "repository", repository, same_value("name")) for policy in policies):
            continue
        report(
            f"{repository.label}: ECR repository with no lifecycle policy; images pile up at $0.10/GB-month"
            + note,
            repository.urn,
        )
