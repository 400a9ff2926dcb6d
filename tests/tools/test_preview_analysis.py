"""What the preview hands the analyzer: unknowns, secrets and assets in the engine's wire form; providers."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
from pulumi.output import Unknown

from frugal.mocks import run_program
from frugal.preview.analysis import analyzer_resources, marshal

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}


def test_unknowns_become_the_engines_unknown_marker_at_any_depth() -> None:
    assert marshal({"a": Unknown(), "b": [1, Unknown()], "c": {"d": Unknown()}}) == {
        "a": UNKNOWN,
        "b": [1, UNKNOWN],
        "c": {"d": UNKNOWN},
    }


def test_secrets_keep_the_engines_secret_envelope_and_assets_their_signature() -> None:
    secret = {**SECRET_SIG, "value": "hunter2"}
    assert marshal({"password": secret}) == {"password": secret}
    asset = marshal(pulumi.StringAsset("hello"))
    assert asset == {"4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", "text": "hello"}


def test_resources_carry_parent_dependencies_and_a_provider() -> None:
    def program() -> None:
        explicit = aws.Provider("east", region="us-east-1")
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16")
        aws.ec2.Subnet(
            "subnet", vpc_id=vpc.id, cidr_block="10.0.1.0/24", opts=pulumi.ResourceOptions(provider=explicit)
        )

    config = {"aws:region": "us-west-2"}
    recording = run_program(program, project="p", stack="s", config=config)
    resources = analyzer_resources(recording, config)
    subnet = resources.by_urn[recording.named("subnet").urn]
    vpc = resources.by_urn[recording.named("vpc").urn]
    assert subnet.provider is not None and subnet.provider.name == "east"
    assert subnet.provider.properties["region"] == "us-east-1"
    # Without an explicit provider, the engine's default provider, configured from the stack's aws:* keys.
    assert vpc.provider is not None and vpc.provider.type == "pulumi:providers:aws"
    assert vpc.provider.properties == {"region": "us-west-2"}
    assert subnet.properties["cidrBlock"] == "10.0.1.0/24"
    assert vpc.urn in subnet.dependencies
    assert subnet.parent == vpc.parent and subnet.parent.endswith("pulumi:pulumi:Stack::p-s")
