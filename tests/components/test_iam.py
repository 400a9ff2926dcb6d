"""IAM: every document passes parliament (accepted findings carry a reason) and is scoped to exact ARNs."""

from __future__ import annotations

import json
import re

import parliament
import pytest

from frugal.mocks import Recording
from tests.infra.helpers import REPO, as_list, policy_documents

# Findings we accept, each with the reason. Keyed by (document kind "trust"/"identity" or the
# document's name, issue code, detail prefix).
ACCEPTED_FINDINGS: dict[tuple[str, str, str], str] = {
    ("app-execution", "CREDENTIALS_EXPOSURE", ""): (
        "ecr:GetAuthorizationToken returns a registry credential: that is the point of the ECS "
        "execution role, which needs it to pull this stack's image. No other document may have it."
    ),
    ("trust", "MALFORMED", "Statement contains neither Resource nor NotResource"): (
        "A role's trust policy is a resource policy on the role itself: AWS rejects a Resource element "
        "there. parliament lints every document as an identity policy, so it always reports this."
    ),
}

# Actions that have no resource-level permissions in IAM, so "*" is the only valid Resource.
RESOURCE_STAR_ALLOWED = {
    "ecr:GetAuthorizationToken",  # account-wide registry token
    "ssmmessages:CreateControlChannel",  # ECS Exec channels (Session Manager)
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
}


def statements(document: dict) -> list[dict]:
    return as_list(document["Statement"])


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_every_document_passes_parliament(stack: str, request: pytest.FixtureRequest) -> None:
    recording: Recording = request.getfixturevalue(stack)
    documents = policy_documents(recording)
    assert len(documents) >= 4
    unexplained = []
    for name, document in documents.items():
        kind = "trust" if name.endswith("(trust)") else "identity"
        policy = parliament.analyze_policy_string(json.dumps(document), include_community_auditors=True)
        for finding in policy.findings:
            accepted = any(
                k in (kind, name) and finding.issue == issue and str(finding.detail).startswith(detail)
                for (k, issue, detail) in ACCEPTED_FINDINGS
            )
            if not accepted:
                unexplained.append(f"{name}: {finding.issue} {finding.detail}")
    assert unexplained == []


def test_parliament_does_flag_a_bad_document() -> None:
    # Guard against the lint silently passing everything.
    bad = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    findings = parliament.analyze_policy_string(json.dumps(bad), include_community_auditors=True).findings
    assert findings


def test_no_managed_policy_attachments(dev: Recording, prod: Recording) -> None:
    for recording in (dev, prod):
        for type_ in (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policyAttachment:PolicyAttachment",
        ):
            for attachment in recording.of_type(type_):
                arn = attachment.inputs["policyArn"]
                assert "FullAccess" not in arn and "AdministratorAccess" not in arn
        for role in recording.of_type("aws:iam/role:Role"):
            assert not role.inputs.get("managedPolicyArns")


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_no_wildcards_except_where_iam_has_no_resource_level_permissions(
    stack: str, request: pytest.FixtureRequest
) -> None:
    recording: Recording = request.getfixturevalue(stack)
    for name, document in policy_documents(recording).items():
        for statement in statements(document):
            actions = as_list(statement["Action"])
            assert not any("*" in action for action in actions), f"{name}: wildcard action {actions}"
            if "Resource" in statement and "*" in as_list(statement["Resource"]):
                assert set(actions) <= RESOURCE_STAR_ALLOWED, f"{name}: '*' resource on {actions}"


def by_sid(recording: Recording, policy_name: str) -> dict[str, dict]:
    (policy,) = [p for p in recording.of_type("aws:iam/rolePolicy:RolePolicy") if p.name == policy_name]
    return {s["Sid"]: s for s in statements(json.loads(policy.inputs["policy"]))}


def test_execution_role_is_scoped_to_this_stacks_repository_log_group_and_parameter(dev: Recording) -> None:
    repository = dev.one("aws:ecr/repository:Repository").outputs["arn"]
    log_group = dev.named("app-logs").outputs["arn"]
    parameter = dev.one("aws:ssm/parameter:Parameter").outputs["arn"]
    sids = by_sid(dev, "app-execution")
    assert set(sids) == {"EcrToken", "EcrPull", "Logs", "ReadSsmParameters"}
    assert sids["EcrPull"]["Resource"] == [repository]
    assert sorted(sids["EcrPull"]["Action"]) == [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
    ]
    assert sids["Logs"]["Resource"] == [f"{log_group}:log-stream:*"]
    assert sids["ReadSsmParameters"] == {
        "Sid": "ReadSsmParameters",
        "Effect": "Allow",
        "Action": ["ssm:GetParameters"],
        "Resource": [parameter],
    }


def test_task_role_gets_the_table_and_exec_only_when_enabled(dev: Recording, prod: Recording) -> None:
    for recording, exec_enabled in ((dev, True), (prod, False)):
        table = recording.one("aws:dynamodb/table:Table").outputs["arn"]
        sids = by_sid(recording, "app-task")
        assert sids["Table"]["Resource"] == [table]
        assert all(a.startswith("dynamodb:") for a in sids["Table"]["Action"])
        assert ("EcsExec" in sids) is exec_enabled
        assert recording.one("aws:ecs/service:Service").inputs["enableExecuteCommand"] is exec_enabled
    exec_actions = sorted(by_sid(dev, "app-task")["EcsExec"]["Action"])
    assert exec_actions == sorted(RESOURCE_STAR_ALLOWED - {"ecr:GetAuthorizationToken"})


def test_task_role_allows_exactly_the_table_calls_the_app_makes(dev: Recording) -> None:
    # Least privilege in both directions: a missing action breaks the app, an extra one is excess.
    source = (REPO / "app" / "storage" / "dynamodb.py").read_text()
    operations = set(re.findall(r'_call\(\s*"([a-z_]+)"', source))
    assert operations, "no DynamoDB calls found in the app's storage backend"
    used = {"dynamodb:" + "".join(part.capitalize() for part in op.split("_")) for op in operations}
    assert set(by_sid(dev, "app-task")["Table"]["Action"]) == used


def test_trust_policies_name_one_service_and_this_account(dev: Recording) -> None:
    for role in dev.of_type("aws:iam/role:Role"):
        (statement,) = statements(json.loads(role.inputs["assumeRolePolicy"]))
        assert statement["Action"] == "sts:AssumeRole"
        assert list(statement["Principal"]) == ["Service"]
        assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
