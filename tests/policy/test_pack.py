"""The pack as the engine runs it: a subprocess that prints its port, driven over the analyzer gRPC API;
and the per-stack config files, checked against the rules' schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import jsonschema
import pytest
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from frugal.policy.checks import RULES
from frugal.policy.framework import _guarded

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "policy"
COST_RULES = set(RULES) - {"no-plaintext-secrets", "iam-least-privilege", "s3-no-public-access"}


def load_config(stack: str) -> dict:
    return json.loads((PACK / "config" / f"{stack}.json").read_text())


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stack_config_names_every_rule_and_fits_its_schema(stack: str):
    config = load_config(stack)
    assert set(config) == set(RULES) | {"all"}
    for name, entry in config.items():
        if name == "all":
            continue
        assert entry["enforcementLevel"] in ("advisory", "mandatory", "disabled"), name
        assert entry.get("why"), f"{stack}.json {name}: say why"
        schema = {"type": "object", "properties": dict(RULES[name].properties)}
        properties = {k: v for k, v in entry.items() if k != "enforcementLevel"}
        jsonschema.Draft7Validator(schema).validate(properties)
        assert set(properties) <= set(RULES[name].properties), name


def test_every_cost_rule_is_mandatory_in_dev():
    dev = load_config("dev")
    assert all(dev[name]["enforcementLevel"] == "mandatory" for name in COST_RULES)


def test_schemas_are_valid_json_schema():
    for rule in RULES.values():
        jsonschema.Draft7Validator.check_schema({"type": "object", "properties": dict(rule.properties)})


@pytest.fixture(scope="module")
def analyzer() -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    # The engine runs the pack with its directory as the working directory; so does this.
    process = subprocess.Popen(
        [sys.executable, "-u", "__main__.py"],
        cwd=PACK,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(process.stdout.readline().strip())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=10)
        yield analyzer_pb2_grpc.AnalyzerStub(channel)
        channel.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def struct(value: dict) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(value)
    return message


def analyze(stub, type_: str, props: dict, name: str = "res") -> list:
    request = analyzer_pb2.AnalyzeRequest(
        type=type_, properties=struct(props), urn=f"urn:pulumi:dev::frugal::{type_}::{name}", name=name
    )
    return list(stub.Analyze(request).diagnostics)


def configure(stub, config: dict) -> None:
    policy_config = {}
    for name, entry in config.items():
        if name == "all":
            continue
        level = {
            "advisory": analyzer_pb2.ADVISORY,
            "mandatory": analyzer_pb2.MANDATORY,
            "disabled": analyzer_pb2.DISABLED,
        }[entry["enforcementLevel"]]
        properties = {k: v for k, v in entry.items() if k != "enforcementLevel"}
        policy_config[name] = analyzer_pb2.PolicyConfig(enforcementLevel=level, properties=struct(properties))
    stub.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config))


def test_the_running_pack_lists_every_rule(analyzer):
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
    assert info.name == "frugal-cost-guardrails"
    assert [p.name for p in info.policies] == list(RULES)
    levels = {p.name: p.enforcementLevel for p in info.policies}
    # Other people's programs get free-security as advice until their config makes it mandatory (ours do).
    assert levels.pop("free-security") == analyzer_pb2.ADVISORY
    assert set(levels.values()) == {analyzer_pb2.MANDATORY}


def test_config_overrides_enforcement_and_properties(analyzer):
    configure(analyzer, load_config("dev"))
    forever = analyze(analyzer, "aws:cloudwatch/logGroup:LogGroup", {"name": "app"})
    assert [(d.policyName, d.enforcementLevel) for d in forever] == [
        ("log-retention", analyzer_pb2.MANDATORY)
    ]
    month = analyze(analyzer, "aws:cloudwatch/logGroup:LogGroup", {"retentionInDays": 30})
    assert "maxRetentionDays=7" in month[0].message  # dev's own limit, not the schema default of 30

    configure(
        analyzer,
        {
            **load_config("dev"),
            "log-retention": {"enforcementLevel": "disabled"},
            "fargate-task-size": {"enforcementLevel": "advisory"},
        },
    )
    assert analyze(analyzer, "aws:cloudwatch/logGroup:LogGroup", {"name": "app"}) == []
    big = analyze(analyzer, "aws:ecs/taskDefinition:TaskDefinition", {"cpu": "4096", "memory": "8192"})
    assert {(d.policyName, d.enforcementLevel) for d in big} == {("fargate-task-size", analyzer_pb2.ADVISORY)}


def test_unknown_values_over_the_wire(analyzer):
    configure(analyzer, load_config("dev"))
    document = analyze(analyzer, "aws:iam/rolePolicy:RolePolicy", {"policy": UNKNOWN_STRING_VALUE})
    assert [(d.policyName, d.enforcementLevel) for d in document] == [
        ("iam-least-privilege", analyzer_pb2.ADVISORY)
    ]
    assert (
        "during preview" in document[0].message
        and "cannot be checked at preview: policy" in document[0].message
    )
    retention = analyze(
        analyzer, "aws:cloudwatch/logGroup:LogGroup", {"retentionInDays": UNKNOWN_STRING_VALUE}
    )
    assert [(d.policyName, d.enforcementLevel) for d in retention] == [
        ("log-retention", analyzer_pb2.MANDATORY)
    ]


def test_stack_rules_over_the_wire(analyzer):
    configure(analyzer, load_config("dev"))
    resources = [
        analyzer_pb2.AnalyzerResource(
            type="aws:ec2/natGateway:NatGateway",
            name="nat",
            properties=struct({}),
            urn="urn:pulumi:dev::frugal::aws:ec2/natGateway:NatGateway::nat",
        ),
    ]
    diagnostics = analyzer.AnalyzeStack(analyzer_pb2.AnalyzeStackRequest(resources=resources)).diagnostics
    by_policy = {d.policyName: d for d in diagnostics}
    assert set(by_policy) == {"no-nat-gateway", "monthly-budget", "required-tags"}
    assert by_policy["no-nat-gateway"].urn.endswith("::nat")
    tags = by_policy["required-tags"]
    assert tags.urn.endswith("::nat") and "missing tag(s) project, stack, component" in tags.message
    assert "over the $4.50 budget" in by_policy["monthly-budget"].message
    assert "$32.85" in by_policy["monthly-budget"].message


def test_a_rule_that_fails_reports_instead_of_taking_the_analyzer_down():
    messages: list[str] = []

    def broken(args, report):
        raise KeyError("surprise")

    _guarded(broken)(None, lambda message, urn=None: messages.append(message))
    assert messages == ["the rule failed on these properties (KeyError: 'surprise'); please report it"]
