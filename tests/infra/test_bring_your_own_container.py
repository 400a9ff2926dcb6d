"""A service built from the components alone, with nothing of this repo's app: nginx on port 80 from a
public registry, one Secrets Manager secret, no table. Its task definition must be what ECS's
RegisterTaskDefinition takes (botocore's model) and its IAM must pass parliament."""

from __future__ import annotations

import json

import parliament
import pulumi
import pulumi_aws as aws
import pytest

from frugal.components import (
    Container,
    ContainerImage,
    FargateCluster,
    FargateClusterArgs,
    FargateService,
    FargateServiceArgs,
    HttpHealthCheck,
    Network,
    NetworkArgs,
)
from frugal.mocks import Recording
from tests.infra.helpers import policy_documents, run_components
from tests.infra.test_task_definition import register_task_definition_request, validate

NGINX = "public.ecr.aws/nginx/nginx:1.27-alpine"
# parliament lints every document as an identity policy; a trust policy has no Resource by design.
TRUST_FINDING = ("MALFORMED", "Statement contains neither Resource nor NotResource")


def program() -> None:
    network = Network("net", NetworkArgs())
    cluster = FargateCluster("web", FargateClusterArgs(vpc_id=network.vpc_id, name_prefix="web-dev"))
    database = aws.secretsmanager.get_secret_output(name="web/database-url")
    service = FargateService(
        "nginx",
        FargateServiceArgs(
            cluster=cluster,
            subnet_ids=network.private_subnet_ids,
            container=Container(
                image=ContainerImage.from_uri(NGINX),
                port=80,
                environment={"NGINX_ENTRYPOINT_QUIET_LOGS": "1"},
                secrets={"DATABASE_URL": database.arn},
                health_check=HttpHealthCheck("/", probe="wget"),  # busybox wget: Alpine has no curl
            ),
        ),
    )
    pulumi.export("dns", service.dns_name)


@pytest.fixture(scope="module")
def recording() -> Recording:
    return run_components(program, stack="dev")


def test_the_task_definition_is_what_register_task_definition_takes(recording: Recording) -> None:
    request = register_task_definition_request(recording)
    assert validate(request) == ""
    (container,) = request["containerDefinitions"]
    assert container["image"] == NGINX
    assert container["portMappings"] == [{"name": "http", "containerPort": 80, "protocol": "tcp"}]
    assert container["secrets"] == [
        {
            "name": "DATABASE_URL",
            "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/database-url",
        }
    ]
    assert container["healthCheck"]["command"][:2] == ["CMD", "wget"]
    assert "http://127.0.0.1:80/" in container["healthCheck"]["command"]
    # Nothing of the inventory app leaks in.
    text = json.dumps(request)
    for marker in ("FRUGAL_", "8080", "/health/live", "dynamodb", "app-"):
        assert marker not in text, marker


def test_no_app_resources_are_made(recording: Recording) -> None:
    types = {r.type for r in recording.resources}
    assert not types & {
        "aws:dynamodb/table:Table",
        "aws:ssm/parameter:Parameter",
        "aws:ecr/repository:Repository",
        "docker-build:index:Image",
    }
    assert recording.stack_outputs["dns"] == "nginx.web-dev.internal"


def test_every_iam_document_passes_parliament(recording: Recording) -> None:
    documents = policy_documents(recording)
    assert {"nginx-execution", "nginx-execution (trust)", "nginx-task (trust)"} <= set(documents)
    unexplained = []
    for name, document in documents.items():
        findings = parliament.analyze_policy_string(
            json.dumps(document), include_community_auditors=True
        ).findings
        for finding in findings:
            trust = name.endswith("(trust)") and (finding.issue, str(finding.detail)) == TRUST_FINDING
            if not trust:
                unexplained.append(f"{name}: {finding.issue} {finding.detail}")
    assert unexplained == []


def test_the_execution_role_reads_the_one_secret_and_pulls_nothing(recording: Recording) -> None:
    statements = policy_documents(recording)["nginx-execution"]["Statement"]
    assert [s["Sid"] for s in statements] == ["Logs", "ReadSecrets"]
    (read,) = [s for s in statements if s["Sid"] == "ReadSecrets"]
    assert read["Action"] == ["secretsmanager:GetSecretValue"]
    assert read["Resource"] == ["arn:aws:secretsmanager:us-east-1:123456789012:secret:web/database-url"]
    # A task role with nothing granted has no policy at all.
    assert "nginx-task" not in policy_documents(recording)


def test_parliament_flags_a_secret_read_on_every_secret() -> None:
    # Guard against the lint passing everything: the same statement on "*" is reported.
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}],
    }
    assert parliament.analyze_policy_string(json.dumps(document), include_community_auditors=True).findings
