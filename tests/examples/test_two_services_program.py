"""examples/two-services under the recording mocks and through the offline preview with its own policy
config: one cluster, one namespace, two services, both routes, and the pieces that let them talk."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import parliament
import pytest

from frugal.mocks import Recording, run_program
from frugal.stack_files import load_stack_config
from tests.edge import aws_shapes
from tests.infra.helpers import REPO, policy_documents
from tests.infra.test_task_definition import validate

EXAMPLE = REPO / "examples" / "two-services"
POLICY_CONFIG = EXAMPLE / "policy-config" / "dev.json"


@pytest.fixture(scope="module")
def recording() -> Recording:
    loaded = load_stack_config(EXAMPLE, "dev")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(EXAMPLE)  # where `pulumi up` runs it: the image build contexts are relative to it
        return run_program(
            lambda: runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__"),
            project=loaded.project,
            stack=loaded.stack,
            config=loaded.config,
            secret_keys=loaded.secret_keys,
        )


def by_name(recording: Recording, type_: str) -> dict[str, dict]:
    return {r.name: r.inputs for r in recording.of_type(type_)}


def containers(recording: Recording) -> dict[str, dict]:
    return {
        task.name: json.loads(task.inputs["containerDefinitions"])[0]
        for task in recording.of_type("aws:ecs/taskDefinition:TaskDefinition")
    }


def test_one_cluster_one_namespace_two_services(recording: Recording) -> None:
    (cluster,) = recording.of_type("aws:ecs/cluster:Cluster")
    (namespace,) = recording.of_type("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
    assert namespace.inputs["name"] == "two-services-dev.internal"
    services = by_name(recording, "aws:ecs/service:Service")
    assert {s["name"] for s in services.values()} == {"inventory", "summary"}
    assert {s["cluster"] for s in services.values()} == {cluster.outputs["arn"]}
    discovery = by_name(recording, "aws:servicediscovery/service:Service")
    assert {d["name"] for d in discovery.values()} == {"inventory", "summary"}
    assert {d["dnsConfig"]["namespaceId"] for d in discovery.values()} == {namespace.id}
    assert (
        recording.stack_outputs["inventoryUrlInsideTheVpc"]
        == "http://inventory.two-services-dev.internal:8080"
    )


def test_the_summary_calls_the_inventory_by_its_cloud_map_name(recording: Recording) -> None:
    environment = {e["name"]: e["value"] for e in containers(recording)["summary-task"]["environment"]}
    assert environment == {"INVENTORY_URL": "http://inventory.two-services-dev.internal:8080"}
    egress = by_name(recording, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
    vpc_cidr = recording.one("aws:ec2/vpc:Vpc").inputs["cidrBlock"]
    rule = egress["summary-service-to-inventory"]
    assert (rule["fromPort"], rule["toPort"], rule["cidrIpv4"]) == (8080, 8080, vpc_cidr)


def test_the_inventory_admits_the_link_and_the_summary_only(recording: Recording) -> None:
    groups = {g.name: g.id for g in recording.of_type("aws:ec2/securityGroup:SecurityGroup")}
    ingress = [
        r.inputs
        for r in recording.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if r.inputs["securityGroupId"] in (groups["inventory-service"], groups["summary-service"])
    ]
    pairs = sorted((r["securityGroupId"], r["referencedSecurityGroupId"], r["fromPort"]) for r in ingress)
    assert pairs == sorted(
        [
            (groups["inventory-service"], groups["edge-vpc-link"], 8080),
            (groups["inventory-service"], groups["summary-service"], 8080),
            (groups["summary-service"], groups["edge-vpc-link"], 8081),
        ]
    )
    assert all("cidrIpv4" not in r for r in ingress)


def test_one_api_routes_to_both_through_one_link(recording: Recording) -> None:
    (link,) = recording.of_type("aws:apigatewayv2/vpcLink:VpcLink")
    integrations = {i.id: i for i in recording.of_type("aws:apigatewayv2/integration:Integration")}
    arns = {
        d.inputs["name"]: d.outputs["arn"] for d in recording.of_type("aws:servicediscovery/service:Service")
    }
    routes = {
        r.inputs["routeKey"]: integrations[r.inputs["target"].removeprefix("integrations/")].inputs[
            "integrationUri"
        ]
        for r in recording.of_type("aws:apigatewayv2/route:Route")
    }
    assert routes == {
        "ANY /api/{proxy+}": arns["inventory"],
        "ANY /api": arns["inventory"],
        "ANY /summary/{proxy+}": arns["summary"],
        "ANY /summary": arns["summary"],
    }
    assert {i.inputs["connectionId"] for i in integrations.values()} == {link.id}
    (stage,) = recording.of_type("aws:apigatewayv2/stage:Stage")
    assert stage.inputs["name"] == "$default"
    link_group = next(
        g.id for g in recording.of_type("aws:ec2/securityGroup:SecurityGroup") if g.name == "edge-vpc-link"
    )
    link_egress = sorted(
        r.inputs["fromPort"]
        for r in recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        if r.inputs["securityGroupId"] == link_group
    )
    assert link_egress == [8080, 8081]


def test_every_task_definition_is_what_ecs_takes_and_every_iam_document_passes_parliament(
    recording: Recording,
) -> None:
    for task in recording.of_type("aws:ecs/taskDefinition:TaskDefinition"):
        inputs = task.inputs
        request = {
            key: inputs[key]
            for key in (
                "family",
                "taskRoleArn",
                "executionRoleArn",
                "networkMode",
                "requiresCompatibilities",
                "cpu",
                "memory",
                "runtimePlatform",
            )
        }
        request["containerDefinitions"] = json.loads(inputs["containerDefinitions"])
        assert validate(request) == "", task.name
    unexplained = []
    for name, document in policy_documents(recording).items():
        for finding in parliament.analyze_policy_string(
            json.dumps(document), include_community_auditors=True
        ).findings:
            trust = name.endswith("(trust)") and finding.issue == "MALFORMED"
            token = name.endswith("-execution") and finding.issue == "CREDENTIALS_EXPOSURE"  # ecr token
            if not (trust or token):
                unexplained.append(f"{name}: {finding.issue} {finding.detail}")
    assert unexplained == []


def test_the_api_requests_match_botocore(recording: Recording) -> None:
    for type_, operation in (
        ("aws:apigatewayv2/integration:Integration", "CreateIntegration"),
        ("aws:apigatewayv2/route:Route", "CreateRoute"),
    ):
        for resource in recording.of_type(type_):
            request, errors = aws_shapes.apigatewayv2_request(operation, resource.inputs)
            assert errors == [] and aws_shapes.validate("apigatewayv2", operation, request) == []


def test_the_summary_image_listens_where_the_task_definition_says(recording: Recording) -> None:
    dockerfile = (EXAMPLE / "summary" / "Dockerfile").read_text()
    (exposed,) = re.findall(r"^EXPOSE (\d+)$", dockerfile, re.MULTILINE)
    (bound,) = re.findall(r'"--bind", "0\.0\.0\.0:(\d+)"', dockerfile)
    summary = containers(recording)["summary-task"]
    port = summary["portMappings"][0]["containerPort"]
    assert int(exposed) == int(bound) == port
    assert f"http://127.0.0.1:{port}/health" in summary["healthCheck"]["command"][-1]
    assert f"http://127.0.0.1:{port}/health" in dockerfile


def test_the_preview_passes_with_the_examples_own_policy_config() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.preview",
            "--program",
            str(EXAMPLE),
            "--policy-config",
            str(POLICY_CONFIG),
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert [v for v in report["violations"] if v["enforcement"] == "mandatory"] == []
    types = [r["type"] for r in report["resources"]]
    assert types.count("aws:ecs/cluster:Cluster") == 1
    assert types.count("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace") == 1
    assert types.count("aws:ecs/service:Service") == 2
    assert types.count("aws:apigatewayv2/route:Route") == 4
    items = report["cost"]["items"]
    zones = [i for i in items if i["type"].endswith("PrivateDnsNamespace")]
    assert [round(i["monthly_usd"], 2) for i in zones] == [0.5]  # one zone, shared
    services = [i for i in items if i["type"] == "aws:ecs/service:Service"]
    assert len(services) == 2 and all("(schedule)" in i["basis"] for i in services)
    assert report["cost"]["unpriced"] == []  # the key tools/preview writes since db983a5
    # The README's cost table is this estimate.
    readme = (EXAMPLE / "README.md").read_text()
    assert f"**${report['cost']['monthly_usd']:.2f}/month**" in readme


def test_the_example_uses_only_the_components() -> None:
    source = (EXAMPLE / "__main__.py").read_text()
    imported = set(re.findall(r"^(?:from|import) (\w+)", source, re.MULTILINE))
    assert imported <= {"__future__", "pathlib", "pulumi", "pulumi_aws", "pulumi_random", "frugal"}
    assert "stack" not in imported and "settings" not in imported


def test_the_example_is_a_complete_project() -> None:
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "README.md", "requirements.txt", "summary/Dockerfile"):
        assert (EXAMPLE / name).is_file(), name
    assert load_stack_config(EXAMPLE, "dev").project == "two-services"
    assert Path(POLICY_CONFIG).is_file()
