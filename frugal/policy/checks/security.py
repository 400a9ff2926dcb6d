"""Security rules: private S3, no plaintext secrets in environments, least-privilege IAM."""

from __future__ import annotations

import fnmatch
import math
import re
from collections import Counter
from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import Subject, resource_rule, stack_graph, stack_rule, strings
from ..graph import Node, same_value
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


_PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def _public_grants(acl: Node, read: Reader) -> list[str]:
    """Grants of a BucketAcl's accessControlPolicy to everyone (AllUsers or AuthenticatedUsers)."""
    found = []
    grants = read.get(acl.props, "accessControlPolicy", "grants")
    for grant in read.items(grants, "accessControlPolicy.grants"):
        if grant is UNKNOWN:
            continue
        uri = read.get(grant, "grantee", "uri")
        if uri in _PUBLIC_GRANTEES:
            found.append(f"{read.get(grant, 'permission')} to {uri.rsplit('/', 1)[-1]}")
    return found


# AWS's defaults for new buckets since April 2023: all four Block Public Access settings on, Object
# Ownership "bucket owner enforced" (ACLs disabled). Sure (checked 2026-12-08): S3 User Guide,
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html and
# https://aws.amazon.com/about-aws/whats-new/2022/12/amazon-s3-automatically-enable-block-public-access-disable-access-control-lists-buckets-april-2023/
@stack_rule(
    name="s3-no-public-access",
    description=(
        "S3 buckets stay private. Since April 2023 AWS turns on all four Block Public Access settings and "
        "disables ACLs on every new bucket (S3 User Guide, 'Blocking public access to your Amazon S3 "
        "storage'), so a bucket with no public access block is private. Blocked is what explicitly makes a "
        "bucket public: a public ACL, a bucket policy that grants Principal * with no condition, and a "
        "public access block with a flag off on a bucket that has a public (or not yet known) policy or ACL."
    ),
    properties={
        "requireBlockPublicAccess": {
            "type": "boolean",
            "default": False,
            "description": "Stricter than AWS's default: each bucket needs its own public access block "
            "with all four flags on (or an account-wide one), and a block with any flag off is reported "
            "even on a private bucket.",
        },
    },
    remediation=(
        "Keep Block Public Access on (leave it out, or set all four flags true), drop public ACLs and "
        "Principal * statements, and serve through CloudFront with OAC."
    ),
    verifies="S3 public access",
    on_unknown="advisory",
)
def s3_no_public_access(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    strict = as_bool(cfg["requireBlockPublicAccess"]) is True
    # Buckets something makes public (or may: a policy or ACL unknown at preview), by URN. A public
    # policy or ACL whose bucket can't be linked counts for every bucket.
    opened: dict[str, str] = {}
    opened_anywhere: list[str] = []

    def mark(source: Node, prop: str, why: str) -> None:
        if source.kind in t.BUCKETS:
            opened[source.urn] = why
            return
        buckets = graph.targets(source, prop, t.BUCKETS, same_value("bucket", "id"))
        for bucket in buckets:
            opened.setdefault(bucket.urn, why)
        if not buckets:
            opened_anywhere.append(why)

    for resource in graph.of(*t.BUCKETS, t.BUCKET_ACL, t.BUCKET_ACL_V2):
        scoped = read.scoped(resource.name)
        acl = scoped.get(resource.props, "acl")
        if acl in _PUBLIC_ACLS:
            report(f"{resource.label}: public ACL {acl}", resource.urn)
            mark(resource, "bucket", f"public ACL {acl} ({resource.name})")
        elif acl is UNKNOWN:
            mark(resource, "bucket", f"ACL unknown at preview ({resource.name})")
        for grant in _public_grants(resource, scoped):
            report(f"{resource.label}: public ACL grant {grant}", resource.urn)
            mark(resource, "bucket", f"public ACL grant ({resource.name})")
    for policy in [*graph.of(t.BUCKET_POLICY), *graph.of(*t.BUCKETS)]:
        raw = read.scoped(policy.name).get(policy.props, "policy")
        if raw is None or (policy.kind in t.BUCKETS and raw == ""):
            continue
        document = read.json(raw, f"{policy.name}.policy")
        if document is UNKNOWN:
            mark(policy, "bucket", f"policy unknown at preview ({policy.name})")
        elif document is not None:
            for statement in _public_statements(document):
                report(
                    f"{policy.label}: {statement} allows anyone (Principal *) with no condition", policy.urn
                )
                mark(policy, "bucket", f"a Principal * policy ({policy.name})")

    blocks = graph.of(t.BUCKET_PUBLIC_ACCESS_BLOCK)
    for block in blocks:
        off = [
            flag
            for flag in _BLOCK_FLAGS
            if as_bool(read.scoped(block.name).get(block.props, flag)) is not True
            and read.scoped(block.name).get(block.props, flag) is not UNKNOWN
        ]
        if not off:
            continue
        buckets = graph.targets(block, "bucket", t.BUCKETS, same_value("bucket", "id"))
        why = [opened[b.urn] for b in buckets if b.urn in opened]
        if not buckets:
            why += opened_anywhere
        if strict or why:
            together = f", together with {'; '.join(why)}" if why else ""
            report(f"{block.label}: public access block with {', '.join(off)} not true{together}", block.urn)
    if not strict:
        return
    account_blocks = graph.of(t.ACCOUNT_PUBLIC_ACCESS_BLOCK)
    account_covered = any(
        all(as_bool(Reader().get(b.props, f)) is True for f in _BLOCK_FLAGS) for b in account_blocks
    )
    if not account_covered:
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

# Values shaped like credentials, whatever the variable is called.
_KEY_SHAPES = (
    (re.compile(r"^(sk|rk|pk)_(live|test)_[0-9A-Za-z]{10,}$"), "a Stripe-style secret key"),
    (re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$"), "an AWS access key id"),
    (
        re.compile(r"^(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}$|^github_pat_[0-9A-Za-z_]{20,}$"),
        "a GitHub token",
    ),
    (re.compile(r"^xox[abposr]-[0-9A-Za-z-]{10,}$"), "a Slack token"),
    (re.compile(r"^AIza[0-9A-Za-z_-]{35}$"), "a Google API key"),
    (re.compile(r"^glpat-[0-9A-Za-z_-]{20,}$"), "a GitLab token"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"^eyJ[0-9A-Za-z_-]+\.eyJ[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+$"), "a JSON web token"),
)
# A URL or DSN with a password in it: scheme://user:password@host.
_URL_WITH_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]*:[^/\s@]+@", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
_ARN = re.compile(r"^arn:aws[a-z-]*:")
# AWS resource ids (sg-0abc..., subnet-..., vpc-..., i-..., ami-..., key ids) and UUIDs.
_RESOURCE_ID = re.compile(r"^[a-z]{1,12}-[0-9a-f]{8,17}$|^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
_NUMBER_OR_FLAG = re.compile(r"^(-?\d+(\.\d+)?|true|false|yes|no|on|off)$", re.IGNORECASE)
# Model ids (Bedrock's `[geo.]provider.model-...-v2:0`, `openai.gpt-oss-120b-1:0`): a dotted provider
# prefix and a version at the end. Their dates and dashes read as "random" to the entropy test.
_MODEL_ID = re.compile(r"^(?:[a-z]{2,6}\.)?[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*(?:-v\d+(?::\d+)?|:\d+)$")
# Versioned ids: lowercase words ending in a version, `my-model-v1:0`, `titan-embed-text-v2`.
_VERSIONED_ID = re.compile(r"^[a-z0-9][a-z0-9._/-]*[._/-]v\d+(?:\.\d+)*(?::\d+)?$")
# The resource part of an ARN (what follows the account id): `secret:db-AbCdEf`, `table/devices`,
# `function:worker:live`, `foundation-model/anthropic.claude-...`. Names, not credentials.
_ARN_TAIL = re.compile(
    r"^(?:secret|function|layer|table|key|alias|parameter|role|user|group|policy|instance-profile|"
    r"stream|log-group|task-definition|task|service|cluster|container-instance|capacity-provider|"
    r"loadbalancer|targetgroup|listener|certificate|stateMachine|execution|activity|db|cluster-pg|"
    r"pg|subgrp|snapshot|cluster-snapshot|instance|volume|image|repository|topic|queue|rule|"
    r"event-bus|schedule|distribution|hostedzone|natgateway|vpc|subnet|security-group|"
    r"network-interface|elastic-ip|bucket|accesspoint|domain|collection|userpool|identitypool|"
    r"restapis|apis|foundation-model|inference-profile|application-inference-profile|"
    r"provisioned-model|custom-model|agent|agent-alias|knowledge-base|guardrail|model|endpoint|"
    r"endpoint-config|notebook-instance|workgroup|namespace|environment|application)"
    r"[/:][A-Za-z0-9_+=,.@/:-]+$"
)
# Long, dense strings with no structure are how generated secrets look.
_ENTROPY_MIN_LENGTH = 32
_ENTROPY_MIN_BITS = 4.3  # per character; hex digests (≤ 4.0) and words stay below it


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def secret_value(value: str) -> str | None:
    """Why a literal value is a secret whatever its name, or None."""
    if _URL_WITH_PASSWORD.match(value):
        return "a URL with a password in it"
    for shape, what in _KEY_SHAPES:
        if shape.search(value):
            return f"shaped like {what}"
    if harmless_value(value):
        return None  # ARNs, ids and plain URLs are long and dense too
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if (
        len(value) >= _ENTROPY_MIN_LENGTH
        and not re.search(r"\s", value)
        and classes >= 3
        and _entropy(value) >= _ENTROPY_MIN_BITS
    ):
        return "a long random-looking string"
    return None


def harmless_value(value: str) -> bool:
    """A value that is no secret even under a secret-sounding name: a reference or a setting."""
    return bool(
        _ARN.match(value)
        or _RESOURCE_ID.match(value)
        or _NUMBER_OR_FLAG.match(value)
        or _URL.match(value)
        or _MODEL_ID.match(value)
        or _VERSIONED_ID.match(value)
        or _ARN_TAIL.match(value)
    )


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])", name.upper()) if w]


@resource_rule(
    name="no-plaintext-secrets",
    description=(
        "Secrets in container and function environments and SSM parameters are not written in plain text: by "
        "the variable's name (with a value that could be one) or by the value's shape."
    ),
    properties={
        "namePatterns": strings(
            ["KEY", "SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIAL", "PRIVATE"],
            "Substrings (case-insensitive) that mark a variable name as a secret.",
        ),
        "nameWords": strings(
            ["PASS", "PWD", "SK"],
            "Whole words of a name (split at _, -, . and case changes) that mark it as a secret: DB_PASS, "
            "STRIPE_SK.",
        ),
        "safeSuffixes": strings(
            ["_ARN", "_ID", "_NAME", "_URL", "_PARAMETER", "_LENGTH"],
            "Name endings that say the value refers to a secret (or sizes one) instead of holding it; the "
            "value is still checked for a secret's shape.",
        ),
        "allowedNames": strings([], "Variable names that match a pattern but hold no secret."),
    },
    remediation="Move the value to an SSM SecureString or Secrets Manager and reference it with secrets: "
    "[{name, valueFrom}] (Lambda: read it at start); make SSM parameters named like secrets SecureString.",
    types=(t.ECS_TASK_DEFINITION, t.LAMBDA_FUNCTION, t.SSM_PARAMETER),
    verifies="that no secret is in plain text",
    on_unknown="advisory",
)
def no_plaintext_secrets(
    subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    patterns = [str(p).upper() for p in cfg["namePatterns"]]
    words = {str(w).upper() for w in cfg["nameWords"]}
    safe = tuple(str(x).upper() for x in cfg["safeSuffixes"])
    allowed = {str(n) for n in cfg["allowedNames"]}

    def secret_name(name: str) -> bool:
        upper = name.upper()
        return (any(p in upper for p in patterns) or bool(words & set(_words(name)))) and not upper.endswith(
            safe
        )

    def why_secret(name: Any, value: Any) -> str | None:
        if (
            not isinstance(name, str)
            or name in allowed
            or value in (None, "", UNKNOWN)
            or isinstance(value, bool)
        ):
            return None
        text = str(value)
        shaped = secret_value(text)
        if shaped:
            return shaped
        if secret_name(name) and not harmless_value(text):
            return "named like a secret"
        return None

    def check(name: Any, value: Any, where: str) -> None:
        reason = why_secret(name, value)
        if reason:
            report(f"{where}: environment variable {name} holds a literal value ({reason})")

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
    elif subject.kind == t.SSM_PARAMETER:
        kind = read.get(subject.props, "type")
        name = read.get(subject.props, "name")
        value = read.get(subject.props, "value", default=read.get(subject.props, "insecureValue"))
        if kind in ("String", "StringList") and isinstance(name, str):
            leaf = name.rstrip("/").rsplit("/", 1)[-1]
            reason = why_secret(leaf, value) or (
                "named like a secret" if secret_name(leaf) and value is UNKNOWN else None
            )
            if reason:
                report(
                    f"SSM {kind} parameter {name} holds its value in plain text ({reason}); use SecureString"
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
_EXCLUSIVE_ATTACHMENTS = (
    t.IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE,
    t.IAM_USER_POLICY_ATTACHMENTS_EXCLUSIVE,
    t.IAM_GROUP_POLICY_ATTACHMENTS_EXCLUSIVE,
)
_DOCUMENTS = (t.IAM_POLICY, t.IAM_ROLE_POLICY, t.IAM_USER_POLICY, t.IAM_GROUP_POLICY)
_READ_ONLY_VERBS = ("Get", "List", "Describe", "Simulate", "Generate")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _scoped_by_condition(statement: dict[str, Any], scoping: set[str]) -> bool:
    """Does a Condition narrow the statement to this account, service or resource (kms:ViaService,
    aws:SourceArn, ...)? Then a Resource '*' is not "any resource"."""
    conditions = statement.get("Condition")
    if not isinstance(conditions, dict):
        return False
    for operator in conditions.values():
        if isinstance(operator, dict):
            for key in operator:
                if any(fnmatch.fnmatchcase(str(key).lower(), pattern) for pattern in scoping):
                    return True
    return False


def _broad_statements(
    document: Any, data_services: set[str], allowed_star: set[str], privileged: set[str], scoping: set[str]
) -> list[str]:
    problems = []
    for index, statement in _allow_statements(document):
        label = str(statement.get("Sid") or f"Statement[{index}]")
        if "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{label}: Allow with NotAction/NotResource grants nearly everything")
            continue
        actions = [str(a) for a in _as_list(statement.get("Action"))]
        resources = [str(r) for r in _as_list(statement.get("Resource"))]
        any_resource = "*" in resources and not _scoped_by_condition(statement, scoping)
        for action in actions:
            service, _, verb = action.partition(":")
            service = service.lower()
            if action in ("*", "*:*"):
                problems.append(f"{label}: Action '*'")
            elif service in privileged and "*" in verb:
                problems.append(f"{label}: wildcard action {action} on {service}, which can grant anything")
            elif service in privileged and "*" in resources and not verb.startswith(_READ_ONLY_VERBS):
                problems.append(f"{label}: {action} on Resource '*' (privilege escalation)")
            elif service in data_services and "*" in verb:
                problems.append(f"{label}: wildcard action {action} on a data service")
            elif service in data_services and any_resource and action not in allowed_star:
                problems.append(f"{label}: {action} on Resource '*'")
    return problems


@resource_rule(
    name="iam-least-privilege",
    description=(
        "No *FullAccess, PowerUserAccess or AdministratorAccess attachments, no IAM write access to "
        "everything, and no '*' actions or resources on data services."
    ),
    properties={
        "forbiddenManagedPolicies": strings(
            ["*FullAccess*", "AdministratorAccess", "PowerUserAccess"],
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
        "privilegedServices": strings(
            ["iam", "organizations"],
            "Services whose wildcard actions, or write actions on Resource '*', can grant anything.",
        ),
        "allowedStarResourceActions": strings(
            [
                "dynamodb:ListTables",
                "s3:ListAllMyBuckets",
                "kms:ListAliases",
                "secretsmanager:ListSecrets",
                "secretsmanager:GetRandomPassword",
                "ssm:DescribeParameters",
                "sqs:ListQueues",
                "sns:ListTopics",
                "sns:Publish",
            ],
            "Data-service actions that only work on Resource '*' (sns:Publish: SMS has no topic ARN).",
        ),
        "scopingConditionKeys": strings(
            [
                "kms:viaservice",
                "kms:callerAccount",
                "aws:sourcearn",
                "aws:sourceaccount",
                "aws:sourcevpc",
                "aws:sourcevpce",
                "aws:resourceaccount",
                "aws:resourceorgid",
                "aws:resourcetag/*",
            ],
            "Condition keys (globs, case-insensitive) that scope a statement whose Resource is '*'.",
        ),
    },
    remediation=(
        "Scope statements to the exact table, bucket, parameter and key ARNs (or by a scoping condition); "
        "attach no broad managed policies."
    ),
    types=(*_ATTACHMENTS, *_EXCLUSIVE_ATTACHMENTS, *_DOCUMENTS, t.IAM_ROLE, t.IAM_USER, t.IAM_GROUP),
    verifies="least privilege",
    on_unknown="advisory",
)
def iam_least_privilege(subject: Subject, report: ReportViolation, cfg: dict[str, Any], read: Reader) -> None:
    forbidden = [str(p) for p in cfg["forbiddenManagedPolicies"]]
    data_services = {str(s).lower() for s in cfg["dataServices"]}
    privileged = {str(s).lower() for s in cfg["privilegedServices"]}
    allowed_star = {str(a) for a in cfg["allowedStarResourceActions"]}
    scoping = {str(k).lower() for k in cfg["scopingConditionKeys"]}

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
        for problem in _broad_statements(plain(document), data_services, allowed_star, privileged, scoping):
            report(f"{path}: {problem}")

    if subject.kind in _ATTACHMENTS:
        check_arn(read.get(subject.props, "policyArn"))
    elif subject.kind in _EXCLUSIVE_ATTACHMENTS:
        for arn in read.items_of(subject.props, "policyArns"):
            check_arn(arn)
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
