"""free-security on programs written the way users write them (raw pulumi-aws, aws-native), run under the
recording mocks, as an existing stack and as a first preview (every computed output unknown)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pulumi
import pulumi_aws as aws
import pulumi_aws_native as aws_native
import pytest
from pulumi_policy import StackValidationArgs

from frugal.mocks import run_program
from frugal.policy.checks.free_security import CHECK_IDS
from frugal.preview.analysis import marshal
from tests.policy.helpers import Outcome, _run, policy_resources

FREE = "the fix costs $0"


def run_rule(program: Callable[[], None], *, new_stack: bool = False, config: dict | None = None) -> Outcome:
    recording = run_program(program, project="shop", stack="dev", new_stack=new_stack)
    # As the analyzer gets them: unknown outputs as the engine's unknown marker.
    return _run(
        "free-security", StackValidationArgs(policy_resources(recording, marshal), dict(config or {}))
    )


def tls_deny(action: str, resources: list[pulumi.Input[str]]) -> dict:
    return {
        "Effect": "Deny",
        "Principal": "*",
        "Action": action,
        "Resource": resources,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def shop(*, secure: bool) -> Callable[[], None]:
    """A small shop as tutorials build it with raw pulumi-aws: a VPC with one instance, an uploads bucket
    CloudFront reads through OAC, an order topic, an orders table and an HTTP API."""

    def program() -> None:
        vpc = aws.ec2.Vpc("shop", cidr_block="10.1.0.0/16")
        subnet = aws.ec2.Subnet("shop-a", vpc_id=vpc.id, cidr_block="10.1.1.0/24")
        aws.ec2.Instance(
            "worker",
            ami="ami-0123456789abcdef0",
            instance_type="t4g.micro",
            subnet_id=subnet.id,
            disable_api_termination=True if secure else None,
            force_destroy=True if secure else None,
        )
        bucket = aws.s3.Bucket("uploads")
        statements = [
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": pulumi.Output.concat(bucket.arn, "/*"),
            }
        ]
        if secure:
            statements.append(tls_deny("s3:*", [bucket.arn, pulumi.Output.concat(bucket.arn, "/*")]))
        aws.s3.BucketPolicy(
            "uploads",
            bucket=bucket.id,
            policy=pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": statements}),
        )
        topic = aws.sns.Topic("orders")
        if secure:
            aws.sns.TopicPolicy(
                "orders",
                arn=topic.arn,
                policy=pulumi.Output.json_dumps(
                    {"Version": "2012-10-17", "Statement": [tls_deny("sns:Publish", [topic.arn])]}
                ),
            )
        aws.dynamodb.Table(
            "orders",
            billing_mode="PAY_PER_REQUEST",
            hash_key="id",
            attributes=[{"name": "id", "type": "S"}],
            point_in_time_recovery={"enabled": secure},
        )
        api = aws.apigatewayv2.Api("shop", protocol_type="HTTP")
        access = aws.cloudwatch.LogGroup("shop-access", retention_in_days=7) if secure else None
        aws.apigatewayv2.Stage(
            "shop",
            api_id=api.id,
            name="$default",
            auto_deploy=True,
            access_log_settings={"destination_arn": access.arn, "format": "$context.requestId"}
            if access is not None
            else None,
        )
        if secure:
            logs = aws.s3.Bucket("flow-logs")
            aws.s3.BucketPolicy(
                "flow-logs",
                bucket=logs.id,
                policy=pulumi.Output.json_dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [tls_deny("*", [logs.arn, pulumi.Output.concat(logs.arn, "/*")])],
                    }
                ),
            )
            aws.ec2.FlowLog(
                "shop", vpc_id=vpc.id, traffic_type="ALL", log_destination_type="s3", log_destination=logs.arn
            )

    return program


def test_a_pulumi_aws_shop_fails_each_free_check_with_a_0_dollar_fix() -> None:
    outcome = run_rule(shop(secure=False))
    by_check = {check: [m for m in outcome.messages if f"(cdk-nag {check})" in m] for check in CHECK_IDS}
    assert {check: len(found) for check, found in by_check.items()} == {check: 1 for check in CHECK_IDS}
    assert all(FREE in message for message in outcome.messages), outcome.text()
    assert by_check["S10"][0].startswith("uploads: bucket without a policy statement that denies s3:*")
    assert by_check["EC29"][0].startswith("worker: EC2 instance")
    assert "disableApiTermination: true" in by_check["EC29"][0]
    assert outcome.advisory is None


def test_the_same_shop_with_the_free_fixes_passes() -> None:
    outcome = run_rule(shop(secure=True))
    assert outcome.violations == []
    assert outcome.advisory is None


def test_on_a_first_preview_what_is_known_is_checked_and_unknown_policies_are_said() -> None:
    # pulumi.Output.json_dumps of a document with an ARN not yet created is wholly unknown at preview.
    failing = run_rule(shop(secure=False), new_stack=True)
    checks = sorted(m.split("(cdk-nag ")[1].split(")")[0] for m in failing.messages)
    assert checks == ["APIG1", "DDB3", "EC29", "SNS3", "VPC7"], failing.text()
    assert (
        failing.advisory is not None
        and "uploads: whether a policy denies s3:* without TLS" in failing.advisory
    )
    passing = run_rule(shop(secure=True), new_stack=True)
    assert passing.violations == []
    assert passing.advisory is not None
    for holder, action in (("uploads", "s3:*"), ("flow-logs", "s3:*"), ("orders", "sns:Publish")):
        assert f"{holder}: whether a policy denies {action} without TLS" in passing.advisory


def test_a_check_can_be_skipped_by_id() -> None:
    outcome = run_rule(shop(secure=False), config={"skipChecks": ["VPC7", "DDB3"]})
    assert not any("VPC7" in m or "DDB3" in m for m in outcome.messages)
    assert any("S10" in m for m in outcome.messages)


def native_intake(*, secure: bool) -> None:
    """An upload intake in aws-native spelling: a bucket with its policy, a topic with its policy, an HTTP API
    stage and the instance that processes uploads."""
    bucket = aws_native.s3.Bucket("intake")
    bucket_statements: list[dict] = [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:role/processor"},
            "Action": "s3:GetObject",
            "Resource": pulumi.Output.concat(bucket.arn, "/*"),
        }
    ]
    if secure:
        bucket_statements.append(tls_deny("s3:*", [bucket.arn, pulumi.Output.concat(bucket.arn, "/*")]))
    aws_native.s3.BucketPolicy(
        "intake", bucket=bucket.id, policy_document={"Version": "2012-10-17", "Statement": bucket_statements}
    )
    topic = aws_native.sns.Topic("intake")
    aws_native.sns.TopicPolicy(
        "intake",
        topics=[topic.topic_arn],
        policy_document={
            "Version": "2012-10-17",
            "Statement": [tls_deny("sns:*", [topic.topic_arn])]
            if secure
            else [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "s3.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": topic.topic_arn,
                }
            ],
        },
    )
    api = aws_native.apigatewayv2.Api("intake", protocol_type="HTTP")
    aws_native.apigatewayv2.Stage(
        "intake",
        api_id=api.id,
        stage_name="$default",
        access_log_settings={
            "destination_arn": "arn:aws:logs:us-east-1:123456789012:log-group:intake",
            "format": "$context.requestId",
        }
        if secure
        else None,
    )
    aws_native.ec2.Instance(
        "processor",
        image_id="ami-0123456789abcdef0",
        instance_type="t4g.micro",
        disable_api_termination=secure,
    )


@pytest.mark.parametrize("new_stack", [False, True], ids=["existing", "first-preview"])
def test_aws_native_spelling_fails_and_passes_the_same_way(new_stack: bool) -> None:
    failing = run_rule(lambda: native_intake(secure=False), new_stack=new_stack)
    checks = sorted(m.split("(cdk-nag ")[1].split(")")[0] for m in failing.messages)
    assert checks == ["APIG1", "EC29", "S10", "SNS3"], failing.text()
    assert all(FREE in m for m in failing.messages)
    assert failing.advisory is None
    passing = run_rule(lambda: native_intake(secure=True), new_stack=new_stack)
    assert passing.violations == [] and passing.advisory is None


def test_a_policy_unknown_at_preview_is_neither_a_pass_nor_a_crash() -> None:
    def program() -> None:
        bucket = aws.s3.Bucket("reports")
        # The whole document comes out of an apply on an unknown value: nothing of it is known at preview.
        document = bucket.arn.apply(
            lambda arn: json.dumps(
                {"Version": "2012-10-17", "Statement": [tls_deny("s3:*", [arn, f"{arn}/*"])]}
            )
        )
        aws.s3.BucketPolicy("reports", bucket=bucket.id, policy=document)

    known = run_rule(program)
    assert known.violations == [] and known.advisory is None
    unknown = run_rule(program, new_stack=True)
    assert unknown.violations == []
    assert unknown.advisory is not None
    assert "reports: whether a policy denies s3:* without TLS" in unknown.advisory
    assert "free security is not verified" in unknown.advisory
    strict = run_rule(program, new_stack=True, config={"onUnknown": "violation"})
    assert any("free security is not verified" in m for m in strict.messages)


def test_a_deny_that_is_not_about_tls_or_not_for_everyone_does_not_count() -> None:
    def program() -> None:
        topic = aws.sns.Topic("alerts")
        aws.sns.TopicPolicy(
            "alerts",
            arn=topic.arn,
            policy=pulumi.Output.json_dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {**tls_deny("sns:Publish", [topic.arn]), "Principal": {"AWS": "arn:aws:iam::1:root"}},
                        {
                            **tls_deny("sns:Publish", [topic.arn]),
                            "Condition": {"Bool": {"aws:SecureTransport": "true"}},
                        },
                        {**tls_deny("sns:Subscribe", [topic.arn])},
                    ],
                }
            ),
        )

    outcome = run_rule(program)
    assert [m.split(":")[0] for m in outcome.messages] == ["alerts"]
    assert "(cdk-nag SNS3)" in outcome.messages[0]


def test_the_config_schema_takes_the_stack_files_and_refuses_an_unknown_check() -> None:
    import jsonschema

    from frugal.policy.checks import RULES

    schema = {"type": "object", "properties": dict(RULES["free-security"].properties)}
    validator = jsonschema.Draft7Validator(schema)
    validator.validate({"skipChecks": list(CHECK_IDS), "onUnknown": "violation", "why": "all of them"})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"skipChecks": ["S11"]})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"onUnknown": "pass"})


def test_a_rest_api_stage_in_either_spelling_needs_access_logs() -> None:
    from tests.policy.helpers import Res, run_stack_rule

    logged = {"destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:api"}
    cases = [
        ("aws:apigateway/stage:Stage", {"stageName": "prod", "accessLogSettings": logged}, []),
        ("aws:apigateway/stage:Stage", {"stageName": "prod"}, ["APIG1"]),
        (
            "aws-native:apigateway:Stage",
            {"stageName": "prod", "accessLogSetting": logged},
            [],
        ),  # singular in CFN
        ("aws-native:apigateway:Stage", {"stageName": "prod"}, ["APIG1"]),
    ]
    for type_, props, expected in cases:
        outcome = run_stack_rule("free-security", [Res(type_, "stage", props)])
        assert [m.split("(cdk-nag ")[1].split(")")[0] for m in outcome.messages] == expected, (type_, props)
        assert all(FREE in m for m in outcome.messages)
