"""The shared mocks answer common lookups generically, so any AWS program runs; unknown invokes warn."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from frugal.mocks import ACCOUNT_ID, REGION, run_program


def _export_lookups() -> None:
    zones = aws.get_availability_zones(state="available")
    me = aws.get_caller_identity()
    document = aws.iam.get_policy_document(
        statements=[
            {
                "actions": ["s3:GetObject"],
                "resources": ["arn:aws:s3:::b/*"],
                "principals": [{"type": "Service", "identifiers": ["cloudfront.amazonaws.com"]}],
                "conditions": [{"test": "StringEquals", "variable": "AWS:SourceArn", "values": ["arn:x"]}],
            }
        ]
    )
    caching = aws.cloudfront.get_cache_policy(name="Managed-CachingDisabled")
    managed = aws.iam.get_policy(name="ReadOnlyAccess")
    endpoint = aws.ec2.get_vpc_endpoint_service(service="ecr.api")
    pulumi.export("zones", zones.names[:2])
    pulumi.export("account", me.account_id)
    pulumi.export("document", document.json)
    pulumi.export("caching", caching.id)
    pulumi.export("managed", managed.arn)
    pulumi.export("endpoint", endpoint.service_name)


def test_common_lookups_get_plausible_answers() -> None:
    recording = run_program(_export_lookups)
    outputs = recording.stack_outputs
    assert outputs["zones"] == [f"{REGION}a", f"{REGION}b"]
    assert outputs["account"] == ACCOUNT_ID
    statement = json.loads(outputs["document"])["Statement"][0]
    assert statement == {
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::b/*",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Condition": {"StringEquals": {"AWS:SourceArn": "arn:x"}},
    }
    assert outputs["caching"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    assert outputs["managed"] == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert outputs["endpoint"] == f"com.amazonaws.{REGION}.ecr.api"
    assert all(call.answered for call in recording.calls)
    assert recording.warnings == []


def test_an_unknown_invoke_gets_an_empty_answer_and_a_warning_not_a_crash() -> None:
    def program() -> None:
        result = aws.ec2.get_instance_type(instance_type="t4g.nano")
        aws.ec2.get_instance_type(instance_type="t4g.micro")
        pulumi.export("vcpus", result.default_vcpus)

    recording = run_program(program)
    assert recording.stack_outputs["vcpus"] is None
    # One warning per unknown token, however many times the program calls it.
    assert recording.warnings == [
        "unknown invoke aws:ec2/getInstanceType:getInstanceType: answered with an empty result"
    ]
    assert [c.answered for c in recording.calls] == [False, False]


def test_resources_get_computed_outputs_programs_commonly_read() -> None:
    def program() -> None:
        lb = aws.lb.LoadBalancer("web", load_balancer_type="application", subnets=["s-1", "s-2"])
        eip = aws.ec2.Eip("nat", domain="vpc")
        pulumi.export("dns", lb.dns_name)
        pulumi.export("ip", eip.public_ip)

    outputs = run_program(program).stack_outputs
    assert outputs["dns"].endswith(f".{REGION}.elb.amazonaws.com")
    assert outputs["ip"] == "198.51.100.10"
