"""free-security: the security failures that cost nothing to fix, named by their cdk-nag AwsSolutions ids.

A cheap stack has no excuse for these, since meeting each costs $0 a month fixed:
- S10 / SNS3: a bucket or topic whose policy doesn't deny requests made without TLS (a policy statement);
- APIG1: an API Gateway stage without access logs (a log group: $0.50 per GB ingested, nothing fixed);
- EC29: an EC2 instance (not in an Auto Scaling group) without termination protection (a flag);
- DDB3: a DynamoDB table without point-in-time recovery ($0.20 per GB-month of table size, nothing fixed);
- VPC7: a VPC without a flow log (to S3: $0.25 per GB delivered, nothing fixed).
Prices: us-east-1 list prices (https://aws.amazon.com/cloudwatch/pricing/,
https://aws.amazon.com/dynamodb/pricing/on-demand/), checked 2026-12-08, likely.

Policies are read through their statements' literal parts: a document given as an object (aws-native's
`policyDocument`) or a string with an unknown ARN spliced in still has a known Effect, Principal, Action and
Condition on a first preview, so its TLS-only statement is seen. A policy whose whole text is unknown (what
`pulumi.Output.json_dumps` of a document with a new ARN gives) can't be read: that, and anything else
unknown, is reported as `onUnknown` says, never taken as a pass.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable
from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import stack_graph, stack_rule
from ..graph import Node, StackGraph, ValueMatch, same_value
from ..values import _SENTINELS, UNKNOWN, Reader, as_bool, is_unknown, plain

COSTS_NOTHING = "the fix costs $0"
CHECK_IDS = ("S10", "SNS3", "APIG1", "EC29", "DDB3", "VPC7")
_UNKNOWN_TEXT = "<unknown at preview>"

# (cdk-nag id, the node) -> the message; each check reports through this.
Report = Callable[[str, Node, str, str], None]


def _document(read: Reader, value: Any, path: str) -> Any:
    """A policy document; its unknown strings (ARNs not yet created) read as a placeholder.

    UNKNOWN (recorded) when the document itself can't be read; None when there is none.
    """
    if value is None:
        return None
    if isinstance(value, str) and not is_unknown(value):
        text = value
        for sentinel in _SENTINELS:
            text = text.replace(sentinel, _UNKNOWN_TEXT)
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return read.json(
                value, path
            )  # invalid JSON is reported as such; a sentinel-only string as unknown
    return read.json(value, path)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _everyone(principal: Any) -> Any:
    if principal is UNKNOWN:
        return UNKNOWN
    if principal == "*":
        return True
    if isinstance(principal, dict):
        aws = principal.get("AWS")
        return aws is not UNKNOWN and "*" in _as_list(aws)
    return False


def _denies_without_tls(statement: Any, action: str) -> Any:
    """True for a Deny to everyone of `action` (or a wildcard over it) when aws:SecureTransport is false;
    UNKNOWN when an unknown part decides it."""
    if not isinstance(statement, dict):
        return UNKNOWN if statement is UNKNOWN else False
    parts = [statement.get("Effect"), statement.get("Action"), statement.get("Condition")]
    everyone = _everyone(statement.get("Principal"))
    if any(part is UNKNOWN for part in parts) or everyone is UNKNOWN:
        return UNKNOWN
    if statement.get("Effect") != "Deny" or everyone is not True:
        return False
    actions = [a for a in _as_list(statement.get("Action")) if isinstance(a, str)]
    if not any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in actions):
        return False
    conditions = statement.get("Condition")
    if not isinstance(conditions, dict):
        return False
    for operator, block in conditions.items():
        if str(operator) not in ("Bool", "BoolIfExists") or not isinstance(block, dict):
            continue
        for key, value in block.items():
            if str(key).lower() != "aws:securetransport":
                continue
            values = _as_list(value)
            if any(v is UNKNOWN for v in values):
                return UNKNOWN
            if any(as_bool(v) is False for v in values):
                return True
    return False


def _tls_only(documents: list[Any], action: str) -> Any:
    """Does one of the documents deny `action` without TLS? True, False, or UNKNOWN."""
    unknown = False
    for document in documents:
        if document is UNKNOWN:
            unknown = True
            continue
        if not isinstance(document, dict):
            continue
        statements = document.get("Statement")
        if statements is UNKNOWN:
            unknown = True
            continue
        for statement in _as_list(statements):
            found = _denies_without_tls(statement, action)
            if found is True:
                return True
            unknown = unknown or found is UNKNOWN
    return UNKNOWN if unknown else False


def _check_tls(
    graph: StackGraph,
    read: Reader,
    report: Report,
    *,
    check_id: str,
    what: str,
    holders: tuple[str, ...],
    policy_kind: str,
    links: tuple[str, ...],
    match: ValueMatch,
    action: str,
) -> None:
    """Each holder (bucket, topic) needs a TLS-only statement in its own or a linked policy."""
    policies = graph.of(policy_kind)
    # A policy naming a holder unknown at preview, with no dependency to follow: it may be anyone's.
    unlinkable = [policy for link in links for policy in graph.unlinkable(policies, link)]
    for holder in graph.of(*holders):
        scoped = read.scoped(holder.name)
        documents = [_document(scoped, scoped.get(holder.props, "policy"), "policy")]
        for policy in policies:
            if any(graph.linked(policy, link, holder, match) for link in links):
                documents.append(_document(read.scoped(policy.name), policy.get("policy"), "policy"))
        found = _tls_only([d for d in documents if d is not None], action)
        if found is True:
            continue
        if found is UNKNOWN or unlinkable:
            read.unknown(f"{holder.name}: whether a policy denies {action} without TLS")
            continue
        report(
            check_id,
            holder,
            f"{what} without a policy statement that denies {action} when aws:SecureTransport is false",
            f"add a Deny statement for Principal * and {action} with Condition "
            '{"Bool": {"aws:SecureTransport": "false"}}',
        )


def _check_buckets(graph: StackGraph, read: Reader, report: Report) -> None:
    _check_tls(
        graph,
        read,
        report,
        check_id="S10",
        what="bucket",
        holders=(*t.BUCKETS, t.NATIVE_BUCKET),
        policy_kind=t.BUCKET_POLICY,
        links=("bucket",),
        match=same_value("bucket", "bucketName", "id"),
        action="s3:*",  # as cdk-nag: every S3 action, not just reads
    )


def _check_topics(graph: StackGraph, read: Reader, report: Report) -> None:
    _check_tls(
        graph,
        read,
        report,
        check_id="SNS3",
        what="topic",
        holders=(t.SNS_TOPIC, t.NATIVE_SNS_TOPIC),
        policy_kind=t.SNS_TOPIC_POLICY,
        links=("arn", "topics"),
        match=same_value("arn", "topicArn", "id"),
        action="sns:Publish",
    )


def _check_stages(graph: StackGraph, read: Reader, report: Report) -> None:
    for stage in graph.of(t.HTTP_API_STAGE, t.REST_API_STAGE):
        settings = read.scoped(stage.name).get(stage.props, "accessLogSettings")
        if settings is UNKNOWN:
            continue
        destination = settings.get("destinationArn") if isinstance(settings, dict) else None
        if destination is UNKNOWN or (isinstance(destination, str) and destination):
            continue  # an ARN not created yet is still a destination
        report(
            "APIG1",
            stage,
            "API Gateway stage without access logs",
            "set accessLogSettings (destinationArn: a log group with a retention; $0.50 per GB ingested)",
        )


def _check_instances(graph: StackGraph, read: Reader, report: Report) -> None:
    for instance in graph.of(t.EC2_INSTANCE):
        protected = as_bool(read.scoped(instance.name).get(instance.props, "disableApiTermination"))
        if protected is UNKNOWN or protected is True:
            continue
        report(
            "EC29",
            instance,
            "EC2 instance outside an Auto Scaling group without termination protection",
            "set disableApiTermination: true (with pulumi-aws, forceDestroy: true keeps `pulumi destroy` and "
            "replacements working)",
        )


def _check_tables(graph: StackGraph, read: Reader, report: Report) -> None:
    for table in graph.of(t.DYNAMODB_TABLE):
        enabled = as_bool(read.scoped(table.name).get(table.props, "pointInTimeRecovery", "enabled"))
        if enabled is UNKNOWN or enabled is True:
            continue
        report(
            "DDB3",
            table,
            "DynamoDB table without point-in-time recovery",
            "set pointInTimeRecovery.enabled: true (no fixed fee; $0.20 per GB-month of table size)",
        )


def _check_vpcs(graph: StackGraph, read: Reader, report: Report) -> None:
    flow_logs = graph.of(t.FLOW_LOG)
    unlinkable = graph.unlinkable(flow_logs, "vpcId")
    for vpc in graph.of(t.VPC):
        if any(graph.linked(flow_log, "vpcId", vpc, same_value("id")) for flow_log in flow_logs):
            continue
        if unlinkable:
            read.unknown(f"{vpc.name}: which VPC {len(unlinkable)} flow log(s) belong to")
            continue
        report(
            "VPC7",
            vpc,
            "VPC without a flow log",
            "add a flow log for the VPC with logDestinationType s3 (no fixed fee; $0.25 per GB delivered)",
        )


CHECKS: dict[str, Callable[[StackGraph, Reader, Report], None]] = {
    "S10": _check_buckets,
    "SNS3": _check_topics,
    "APIG1": _check_stages,
    "EC29": _check_instances,
    "DDB3": _check_tables,
    "VPC7": _check_vpcs,
}


@stack_rule(
    name="free-security",
    description=(
        "Security that costs nothing fixed (cdk-nag AwsSolutions ids): TLS-only bucket and topic policies "
        "(S10, SNS3), API stage access logs (APIG1), termination protection on instances outside an Auto "
        "Scaling group (EC29), DynamoDB point-in-time recovery (DDB3), VPC flow logs (VPC7)."
    ),
    properties={
        "skipChecks": {
            "type": "array",
            "items": {"type": "string", "enum": list(CHECK_IDS)},
            "default": [],
            "description": "cdk-nag ids of the checks this stack doesn't run (say why in `why`).",
        },
    },
    remediation="Each message names the change; all of them cost $0 a month fixed.",
    verifies="free security",
    on_unknown="advisory",
    enforcement="advisory",
)
def free_security(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    skipped = {str(check_id) for check_id in plain(cfg["skipChecks"]) or []}

    def violation(check_id: str, node: Node, problem: str, fix: str) -> None:
        report(f"{node.label}: {problem} (cdk-nag {check_id}); {COSTS_NOTHING}: {fix}", node.urn)

    for check_id, check in CHECKS.items():
        if check_id not in skipped:
            check(graph, read, violation)
