"""IAM documents the components share: a service's trust policy and a policy of statements."""

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
