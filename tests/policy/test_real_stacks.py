"""Every rule, in-process, over what the real program and the edge components register: the stacks'
own resources must pass their stack's config, and the costly variants must not."""

from __future__ import annotations

import json
import runpy
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)

from frugal.components import (
    ApiCors,
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    ApiRoute,
    StaticSite,
    StaticSiteArgs,
    VpcLink,
    VpcLinkArgs,
    tag_resources,
)
from frugal.mocks import Recording, run_program
from frugal.policy.checks import RULES
from frugal.policy.framework import PreviewUnknownError, configure
from frugal.stack_files import load_stack_config
from tests.policy.helpers import policy_resources

REPO = Path(__file__).resolve().parents[2]
OPTIONS = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)


def run_stack(stack: str, overrides: Mapping[str, str] | None = None) -> Recording:
    loaded = load_stack_config(REPO, stack)
    return run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py"), run_name="__main__"),
        project=loaded.project,
        stack=loaded.stack,
        config={**loaded.config, **(overrides or {})},
        secret_keys=loaded.secret_keys,
    )


def policy_config(stack: str) -> dict[str, dict[str, Any]]:
    raw = json.loads((REPO / "policy" / "config" / f"{stack}.json").read_text())
    return {name: entry for name, entry in raw.items() if name != "all"}


def _plain(value: Any) -> Any:
    # The mocks keep secrets wrapped in Pulumi's wire marker; the analyzer sees the plain value.
    if isinstance(value, dict):
        if "4dabf18193072939515e22adb298388d" in value and "value" in value:
            return _plain(value["value"])
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def findings(recording: Recording, config: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Mandatory violations per rule (advisories for unknowns included, tagged), as the analyzer runs them:
    every resource, components included, with its parent and the engine's dependency data."""
    built = policy_resources(recording, _plain)
    configure({name: (entry.get("enforcementLevel", "mandatory"), entry) for name, entry in config.items()})
    found: dict[str, list[str]] = {}
    for name, rule in RULES.items():
        entry = config.get(name, {})
        if entry.get("enforcementLevel", "mandatory") != "mandatory":
            continue
        properties = {k: v for k, v in entry.items() if k != "enforcementLevel"}

        def report(message: str, urn: str | None = None, rule_name: str = name) -> None:
            found.setdefault(rule_name, []).append(message)

        try:
            if rule.scope == "stack":
                rule.validate(StackValidationArgs(built, properties), report)
            else:
                for r in built:
                    args = ResourceValidationArgs(
                        r.resource_type, r.props, r.urn, r.name, OPTIONS, None, properties
                    )
                    rule.validate(args, report)
        except PreviewUnknownError as error:
            found.setdefault(name, []).append(f"advisory: {error.message}")
    return found


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_stacks_pass_their_own_guardrails(stack: str):
    assert findings(run_stack(stack), policy_config(stack)) == {}


@pytest.mark.parametrize(
    ("overrides", "rule"),
    [
        ({"frugal:capacity": "on-demand"}, "fargate-spot"),
        ({"frugal:egress": "nat-gateway"}, "no-nat-gateway"),
        ({"frugal:egress": "vpc-endpoints", "frugal:executeCommand": "false"}, "vpc-endpoint-budget"),
        ({"frugal:containerInsights": "true"}, "container-insights-off"),
        ({"frugal:logRetentionDays": "0"}, "log-retention"),
        ({"frugal:cpu": "4096", "frugal:memory": "8192"}, "fargate-task-size"),
    ],
)
def test_costly_dev_variants_are_blocked(overrides: dict[str, str], rule: str):
    found = findings(run_stack("dev", overrides), policy_config("dev"))
    assert rule in found, found


def test_the_edge_components_pass_the_dev_guardrails(tmp_path: Path):
    (tmp_path / "index.html").write_text("<!doctype html><title>frugal</title>")

    def program() -> None:
        tag_resources({"project": "frugal", "stack": "frugal-dev"})  # required-tags, as __main__.py does
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16")
        subnet = aws.ec2.Subnet("private", vpc_id=vpc.id, cidr_block="10.0.1.0/24")
        group = aws.ec2.SecurityGroup("service", vpc_id=vpc.id)
        link = VpcLink("api", VpcLinkArgs(vpc_id=vpc.id, subnet_ids=[subnet.id]))
        service = SimpleNamespace(
            discovery_name="app",
            port=8000,
            cloud_map_service_arn="arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1",
            security_group_id=group.id,
        )
        api = ApiGatewayProxy(
            "api",
            ApiGatewayProxyArgs(
                vpc_link=link,
                routes=[ApiRoute("/", service)],
                cors=ApiCors(allow_origins=["https://example.cloudfront.net"], allow_methods=["GET"]),
                access_logs=True,
                log_retention_days=3,
            ),
        )
        StaticSite("site", StaticSiteArgs(directory=str(tmp_path), api_url=api.url))
        pulumi.export("ok", True)

    recording = run_program(program, project="frugal", stack="dev")
    types = {r.type for r in recording.resources}
    assert {"aws:apigatewayv2/stage:Stage", "aws:cloudfront/distribution:Distribution"} <= types
    config = policy_config("dev")
    # The VPC is this test's scaffolding (the Network component gives the stacks' their flow logs).
    config["free-security"] = {**config["free-security"], "skipChecks": ["VPC7"]}
    assert findings(recording, config) == {}
