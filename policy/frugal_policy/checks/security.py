"""Security rules: private S3, no plaintext secrets in environments, least-privilege IAM."""

from __future__ import annotations

import fnmatch
from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import Subject, rule, stack_graph, strings
from ..graph import same_value
from ..values import UNKNOWN, Reader, as_bool, plain

# --- s3-no-public-access --------------------------------------------------------------------------

_PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}
_BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def _allow_statements(document: Any) -> list[tuple[int, dict[str, Any]]]:
    """The Allow statements of an IAM-style policy document (one statement may stand alone), by index."""
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    return [
        (index, statement)
        for index, statement in enumerate(statements)
        if isinstance(statement, dict) and statement.get("Effect") == "Allow"
    ]


def _public_statements(document: Any) -> list[str]:
    found = []
    for index, statement in _allow_statements(document):
        if statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        aws = principal.get("AWS") if isinstance(principal, dict) else None
        if principal == "*" or aws == "*" or (isinstance(aws, list) and "*" in aws):
            found.append(str(statement.get("Sid") or f"Statement[{index}]"))
    return found


@rule(
    "s3-no-public-access",
    "S3 buckets stay private: no public ACL or policy, Block Public Access fully on, no website endpoint.",
    "stack",
    {
        "requireBlockPublicAccess": {
            "type": "boolean",
            "default": True,
            "description": "Each bucket needs a public access block with all four flags on.",
        },
    },
    "Add aws.s3.BucketPublicAccessBlock with all four flags true and serve through CloudFront with OAC.",
    checks="S3 public access",
    on_unknown="advisory",
)
def s3_no_public_access(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    for resource in graph.of(*t.BUCKETS, t.BUCKET_ACL, t.BUCKET_ACL_V2):
        acl = read.scoped(resource.name).get(resource.props, "acl")
        if acl in _PUBLIC_ACLS:
            report(f"{resource.label}: public ACL {acl}", resource.urn)
    for resource in graph.of(t.BUCKET_WEBSITE, t.BUCKET_WEBSITE_V2):
        report(
            f"{resource.label}: an S3 website endpoint needs a public bucket; use CloudFront + OAC",
            resource.urn,
        )
    for policy in graph.of(t.BUCKET_POLICY):
        document = read.json(read.scoped(policy.name).get(policy.props, "policy"), f"{policy.name}.policy")
        if document is not UNKNOWN and document is not None:
            for statement in _public_statements(document):
                report(
                    f"{policy.label}: {statement} allows anyone (Principal *) with no condition", policy.urn
                )

    blocks = graph.of(t.BUCKET_PUBLIC_ACCESS_BLOCK)
    for block in blocks:
        off = [
            flag
            for flag in _BLOCK_FLAGS
            if as_bool(read.scoped(block.name).get(block.props, flag)) is not True
            and read.scoped(block.name).get(block.props, flag) is not UNKNOWN
        ]
        if off:
            report(f"{block.label}: public access block with {', '.join(off)} not true", block.urn)
    account_blocks = graph.of(t.ACCOUNT_PUBLIC_ACCESS_BLOCK)
    account_covered = any(
        all(as_bool(Reader().get(b.props, f)) is True for f in _BLOCK_FLAGS) for b in account_blocks
    )
    if as_bool(cfg["requireBlockPublicAccess"]) and not account_covered:
        unlinkable = graph.unlinkable(blocks, "bucket")
        note = (
            f" ({len(unlinkable)} public access blocks name a bucket unknown at preview, not matched)"
            if unlinkable
            else ""
        )
        for bucket in graph.of(*t.BUCKETS):
            if not any(graph.linked(block, "bucket", bucket, same_value("bucket", "id")) for block in blocks):
                report(f"{bucket.label}: bucket without a public access block{note}", bucket.urn)


# --- no-plaintext-secrets -------------------------------------------------------------------------


@rule(
    "no-plaintext-secrets",
    "Container and function environment variables named like secrets must not hold literal values.",
    "resource",
    {
        "namePatterns": strings(
            ["KEY", "SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL"],
            "Substrings (case-insensitive) that mark a variable name as a secret.",
        ),
        "allowedNames": strings([], "Variable names that match a pattern but hold no secret."),
    },
    "Move the value to an SSM SecureString and reference it with secrets: [{name, valueFrom}].",
    types=(t.ECS_TASK_DEFINITION, t.LAMBDA_FUNCTION),
    checks="that no secret is in plain text",
    on_unknown="advisory",
)
def no_plaintext_secrets(
    subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    patterns = [str(p).upper() for p in cfg["namePatterns"]]
    allowed = {str(n) for n in cfg["allowedNames"]}

    def check(name: Any, value: Any, where: str) -> None:
        if not isinstance(name, str) or name in allowed:
            return
        if any(p in name.upper() for p in patterns) and value not in (None, "", UNKNOWN):
            report(f"{where}: environment variable {name} holds a literal value")

    if subject.kind == t.ECS_TASK_DEFINITION:
        containers = read.json(read.get(subject.props, "containerDefinitions"), "containerDefinitions")
        if isinstance(containers, list):
            for container in containers:
                if not isinstance(container, dict):
                    continue
                for variable in container.get("environment") or []:
                    if isinstance(variable, dict):
                        check(
                            variable.get("name"), variable.get("value"), f"container {container.get('name')}"
                        )
    else:
        variables = read.get(subject.props, "environment", "variables", default={})
        if variables is not UNKNOWN:
            for name in list(variables or {}):
                check(name, read.get(variables, name), "function")


# --- iam-least-privilege --------------------------------------------------------------------------

_ATTACHMENTS = (
    t.IAM_ROLE_POLICY_ATTACHMENT,
    t.IAM_USER_POLICY_ATTACHMENT,
    t.IAM_GROUP_POLICY_ATTACHMENT,
    t.IAM_POLICY_ATTACHMENT,
)
_DOCUMENTS = (t.IAM_POLICY, t.IAM_ROLE_POLICY, t.IAM_USER_POLICY, t.IAM_GROUP_POLICY)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _broad_statements(document: Any, data_services: set[str], allowed_star: set[str]) -> list[str]:
    problems = []
    for index, statement in _allow_statements(document):
        label = str(statement.get("Sid") or f"Statement[{index}]")
        if "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{label}: Allow with NotAction/NotResource grants nearly everything")
            continue
        actions = [str(a) for a in _as_list(statement.get("Action"))]
        resources = [str(r) for r in _as_list(statement.get("Resource"))]
        for action in actions:
            service, _, verb = action.partition(":")
            if action in ("*", "*:*"):
                problems.append(f"{label}: Action '*'")
            elif service.lower() in data_services and "*" in verb:
                problems.append(f"{label}: wildcard action {action} on a data service")
            elif service.lower() in data_services and "*" in resources and action not in allowed_star:
                problems.append(f"{label}: {action} on Resource '*'")
    return problems


@rule(
    "iam-least-privilege",
    "No *FullAccess or AdministratorAccess attachments, and no '*' actions or resources on data services.",
    "resource",
    {
        "forbiddenManagedPolicies": strings(
            ["*FullAccess*", "AdministratorAccess"],
            "Glob patterns of managed policy names that may not be attached.",
        ),
        "dataServices": strings(
            [
                "dynamodb",
                "s3",
                "rds",
                "rds-data",
                "secretsmanager",
                "ssm",
                "kms",
                "sqs",
                "sns",
                "kinesis",
                "elasticache",
                "es",
                "redshift",
                "glue",
                "athena",
            ],
            "IAM service prefixes whose actions must name their resources.",
        ),
        "allowedStarResourceActions": strings(
            [
                "dynamodb:ListTables",
                "s3:ListAllMyBuckets",
                "kms:ListAliases",
                "secretsmanager:ListSecrets",
                "ssm:DescribeParameters",
                "sqs:ListQueues",
                "sns:ListTopics",
            ],
            "Data-service actions that only work on Resource '*'.",
        ),
    },
    "Scope statements to the exact table, bucket, parameter and key ARNs; attach no broad managed policies.",
    types=(*_ATTACHMENTS, *_DOCUMENTS, t.IAM_ROLE),
    checks="least privilege",
    on_unknown="advisory",
)
def iam_least_privilege(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    forbidden = [str(p) for p in cfg["forbiddenManagedPolicies"]]
    data_services = {str(s).lower() for s in cfg["dataServices"]}
    allowed_star = {str(a) for a in cfg["allowedStarResourceActions"]}

    def check_arn(arn: Any) -> None:
        if not isinstance(arn, str):  # absent, or UNKNOWN (recorded by the Reader)
            return
        name = arn.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in forbidden):
            report(f"attaches the managed policy {name}")

    def check_document(value: Any, path: str) -> None:
        document = read.json(value, path)
        if document is UNKNOWN or document is None:
            return
        for problem in _broad_statements(plain(document), data_services, allowed_star):
            report(f"{path}: {problem}")

    if subject.kind in _ATTACHMENTS:
        check_arn(read.get(subject.props, "policyArn"))
    elif subject.kind in _DOCUMENTS:
        check_document(read.get(subject.props, "policy"), "policy")
    else:
        for arn in read.items_of(subject.props, "managedPolicyArns"):
            check_arn(arn)
        for index, inline in enumerate(read.items_of(subject.props, "inlinePolicies")):
            if inline is not UNKNOWN:
                check_document(
                    read.scoped(f"inlinePolicies[{index}]").get(inline, "policy"),
                    f"inlinePolicies[{index}].policy",
                )
