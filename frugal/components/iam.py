"""IAM documents the components share: a service's trust policy, a policy of statements, TLS-only access,
and the statements that read a task's secrets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi

POLICY_VERSION = "2012-10-17"


def policy_document(statements: list[dict[str, Any]]) -> pulumi.Output[str]:
    """A policy of `statements`, which may hold Outputs (ARNs not known until deploy)."""
    return pulumi.Output.json_dumps({"Version": POLICY_VERSION, "Statement": statements})


def service_trust_policy(service: str, account_id: str) -> str:
    """Lets `service` assume the role for this account only (confused-deputy guard)."""
    return json.dumps(
        {
            "Version": POLICY_VERSION,
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
                }
            ],
        }
    )


def deny_insecure_transport(actions: str, resources: Sequence[pulumi.Input[str]]) -> dict[str, object]:
    """The statement that refuses any request made without TLS (cdk-nag S10 and SNS3; costs nothing)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": actions,
        "Resource": list(resources),
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def secret_statements(arns: Sequence[str], kms_key_arns: Sequence[str]) -> list[dict[str, Any]]:
    """Execution-role statements that read exactly these SSM parameters and Secrets Manager secrets."""
    parameters: list[str] = []
    secrets: list[str] = []
    for arn in arns:
        parts = arn.split(":")
        if len(parts) >= 6 and parts[2] == "ssm" and parts[5].startswith("parameter/"):
            parameters.append(arn)
        elif len(parts) >= 7 and parts[2] == "secretsmanager" and parts[5] == "secret":
            # `valueFrom` may add :json-key:version-stage:version-id; IAM names the secret itself.
            secrets.append(":".join(parts[:7]))
        else:
            raise ValueError(
                f"secret {arn!r} is neither an SSM parameter ARN (arn:aws:ssm:...:parameter/...) nor a "
                "Secrets Manager secret ARN (arn:aws:secretsmanager:...:secret:...)"
            )
    grants = (
        ("ReadSsmParameters", "ssm:GetParameters", sorted(set(parameters))),
        ("ReadSecrets", "secretsmanager:GetSecretValue", sorted(set(secrets))),
        ("DecryptSecrets", "kms:Decrypt", list(kms_key_arns)),
    )
    return [
        {"Sid": sid, "Effect": "Allow", "Action": [action], "Resource": resources}
        for sid, action, resources in grants
        if resources
    ]
