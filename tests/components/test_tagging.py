"""Cost allocation tags: every taggable AWS resource of both stacks carries project, stack and component.

Which types are taggable is the installed pulumi_aws SDK's answer (a `tags` input on the resource's
class), not a list kept here; frugal/components/tagging.py decides the same way at run time, from the inputs
the SDK hands its transformation.
"""

from __future__ import annotations

import importlib
import inspect
from functools import cache

import pulumi
import pulumi_aws as aws
import pytest

from frugal.components import Component, tag_resources
from frugal.mocks import RecordedResource, Recording
from tests.infra import deployed
from tests.infra.helpers import is_secret, run_components, run_stack, unwrap_secret

COMPONENT_TYPE_PREFIX = "frugal:components:"
# Everything the stacks can create: dev with every alarm, the anomaly monitor and alert emails.
EVERYTHING = {
    "frugal:alarms": '["nat-instance","api-errors","service-tasks"]',
    "frugal:costAnomalyMonitor": "true",
    "frugal:alertEmails": '["ops@example.com"]',
}


@cache
def takes_tags(type_token: str) -> bool:
    """Whether the pulumi_aws resource class for `aws:<module>/<name>:<Class>` has a `tags` input."""
    _, module_path, class_name = type_token.split(":")
    module = module_path.split("/")[0]
    sdk = importlib.import_module("pulumi_aws" if module == "index" else f"pulumi_aws.{module}")
    return "tags" in inspect.signature(getattr(sdk, class_name)._internal_init).parameters


def expected_component(resource: RecordedResource, recording: Recording) -> str:
    """The name of the component the resource is declared under (nearest), or "root"."""
    parent = resource.parent
    while parent:
        parent_type = parent.split("::")[2].split("$")[-1]
        if parent_type.startswith(COMPONENT_TYPE_PREFIX):
            return parent.rsplit("::", 1)[1]
        parent = (
            recording.by_urn(parent).parent if any(r.urn == parent for r in recording.resources) else None
        )
    return "root"


def aws_resources(recording: Recording) -> list[RecordedResource]:
    return [r for r in recording.resources if r.custom and r.type.startswith("aws:")]


@pytest.fixture(scope="module", params=[*deployed.VARIANTS, "everything"])
def variant(request: pytest.FixtureRequest) -> tuple[str, Recording]:
    if request.param == "everything":
        return "dev", run_stack("dev", EVERYTHING)
    stack, overrides = deployed.VARIANTS[request.param]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(deployed.REPO)
        return stack, run_stack(stack, overrides)


def test_the_sdk_tells_taggable_types_apart() -> None:
    # Guard: the classification can say no, and it reads real SDK classes.
    assert takes_tags("aws:ec2/vpc:Vpc") and takes_tags("aws:cloudwatch/metricAlarm:MetricAlarm")
    assert not takes_tags("aws:iam/rolePolicy:RolePolicy")
    assert not takes_tags("aws:scheduler/schedule:Schedule")
    assert not takes_tags("aws:ec2/routeTableAssociation:RouteTableAssociation")


def test_every_taggable_resource_carries_the_three_tags(variant: tuple[str, Recording]) -> None:
    stack, recording = variant
    taggable = [r for r in aws_resources(recording) if takes_tags(r.type)]
    assert len(taggable) > 40
    wrong = {}
    for resource in taggable:
        expected = {
            "project": "frugal",
            "stack": f"frugal-{stack}",
            "component": expected_component(resource, recording),
        }
        tags = resource.inputs.get("tags") or {}
        if {key: tags.get(key) for key in expected} != expected:
            wrong[f"{resource.type}::{resource.name}"] = tags
    assert wrong == {}


def test_resources_that_take_no_tags_are_sent_none(variant: tuple[str, Recording]) -> None:
    _, recording = variant
    untaggable = [r for r in aws_resources(recording) if not takes_tags(r.type)]
    assert untaggable  # role policies, route table associations, schedules, ...
    assert [r.name for r in untaggable if "tags" in r.inputs] == []


def test_a_resources_own_tags_are_kept(variant: tuple[str, Recording]) -> None:
    _, recording = variant
    vpc = recording.one("aws:ec2/vpc:Vpc").inputs["tags"]
    assert vpc["Name"] == "network-vpc" and vpc["component"] == "network"
    subnets = recording.of_type("aws:ec2/subnet:Subnet")
    assert all(s.inputs["tags"]["frugal:tier"] in ("private", "public") for s in subnets)


def test_the_nat_instances_root_volume_is_tagged_too(variant: tuple[str, Recording]) -> None:
    stack, recording = variant
    instance = recording.one("aws:ec2/instance:Instance").inputs
    assert instance["rootBlockDevice"]["tags"] == {
        "project": "frugal",
        "stack": f"frugal-{stack}",
        "component": "network",
    }


def test_the_us_east_1_certificate_of_the_site_is_tagged() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(deployed.REPO)
        recording = run_stack("prod", deployed.PROD_DOMAINS)
    (provider,) = [r for r in recording.resources if r.type == "pulumi:providers:aws"]
    assert provider.inputs["region"] == "us-east-1"
    certificates = {r.name: r for r in recording.of_type("aws:acm/certificate:Certificate")}
    site_certificate = certificates["site-certificate"]
    assert site_certificate.provider and site_certificate.provider.startswith(provider.urn)
    assert site_certificate.inputs["tags"] == {
        "project": "frugal",
        "stack": "frugal-prod",
        "component": "site",
    }
    assert certificates["api-certificate"].inputs["tags"]["component"] == "api"


# --- the transformation on its own ------------------------------------------------------------------


class Outer(Component):
    def __init__(self, name: str) -> None:
        super().__init__("test:index:Outer", name)
        aws.ec2.Vpc(f"{name}-vpc", cidr_block="10.0.0.0/16", opts=self.child_opts(f"{name}-vpc"))
        Inner(f"{name}-inner", pulumi.ResourceOptions(parent=self))
        self.finish({})


class Inner(Component):
    def __init__(self, name: str, opts: pulumi.ResourceOptions) -> None:
        super().__init__("test:index:Inner", name, opts)
        secret_name = pulumi.Output.secret("from-an-output")
        aws.sns.Topic(f"{name}-topic", tags={"Name": secret_name}, opts=self.child_opts(f"{name}-topic"))
        self.finish({})


def test_the_nearest_component_names_a_resource_and_output_tags_are_merged() -> None:
    def program() -> None:
        tag_resources({"project": "p", "stack": "p-s"})
        Outer("outer")
        aws.s3.Bucket("loose")

    recording = run_components(program)
    assert recording.named("outer-vpc").inputs["tags"] == {
        "project": "p",
        "stack": "p-s",
        "component": "outer",
    }
    # Tags holding an Output are merged once it resolves; a secret stays secret.
    topic_tags = recording.named("outer-inner-topic").inputs["tags"]
    assert is_secret(topic_tags)
    assert unwrap_secret(topic_tags) == {
        "Name": "from-an-output",
        "project": "p",
        "stack": "p-s",
        "component": "outer-inner",
    }
    assert recording.named("loose").inputs["tags"]["component"] == "root"


def test_the_component_tag_is_not_the_callers_to_set() -> None:
    with pytest.raises(ValueError, match="'component' is set per component"):
        tag_resources({"component": "x"})
