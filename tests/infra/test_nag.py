"""The stacks against cdk-nag's AwsSolutions rules (our own reading, tools/nag.py): every rule that applies
passes or carries a suppression with a reason (nag-suppressions.json), and no resource type a rule covers
goes unchecked."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest

from frugal.mocks import Recording
from tests.components.test_tagging import EVERYTHING
from tests.infra import deployed
from tests.infra.helpers import REPO, run_components, run_stack
from tools import nag
from tools.provider_types import resource_tokens

SUPPRESSIONS = nag.load_suppressions()
# Everything the stacks can be: the three deployed variants, every optional resource, and the other egress.
VARIANTS = {
    **{name: (stack, overrides) for name, (stack, overrides) in deployed.VARIANTS.items()},
    "everything": ("dev", EVERYTHING),
    "nat-gateway": ("dev", {"frugal:egress": "nat-gateway", "frugal:schedule": "none"}),
    "vpc-endpoints": ("prod", {"frugal:egress": "vpc-endpoints"}),
}


@pytest.fixture(scope="module")
def recordings() -> dict[str, Recording]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)  # StaticSite's app/static is relative to the project directory
        return {name: run_stack(stack, overrides) for name, (stack, overrides) in VARIANTS.items()}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_applicable_rule_passes_or_is_suppressed(
    recordings: dict[str, Recording], variant: str
) -> None:
    findings = nag.evaluate(recordings[variant], SUPPRESSIONS)
    assert [f for f in findings if f.status not in ("pass", "suppressed")] == []
    assert nag.unclassified_types(recordings[variant]) == []
    # The free fixes of issue 20 pass everywhere, never by suppression.
    free = {"APIG1", "VPC7", "S10", "SNS3", "EC29", "DDB3", "CFR3"}
    if not recordings[variant].of_type("aws:ec2/instance:Instance"):
        free.remove("EC29")  # egress without a NAT instance
    assert {f.rule for f in findings if f.rule in free and f.status == "pass"} == free
    assert not [f for f in findings if f.rule in free and f.status != "pass"]
    s1 = {f.resource: f.status for f in findings if f.rule == "S1"}
    assert s1 == {"site-bucket": "pass", "logs-bucket": "suppressed"}


def test_every_suppression_is_used_and_says_why(recordings: dict[str, Recording]) -> None:
    used = {
        (f.rule, f.resource)
        for recording in recordings.values()
        for f in nag.evaluate(recording, SUPPRESSIONS)
        if f.status == "suppressed"
    }
    assert {(s.rule, s.resource) for s in SUPPRESSIONS} == used
    for s in SUPPRESSIONS:
        assert s.kind in ("trade-off", "by-design") and len(s.reason) > 40, s
        # A trade-off names where its price comes from, even when the total is unknown (ECS4).
        assert (s.kind == "trade-off") == (s.price_source is not None), s
        assert s.usd_monthly is None or s.kind == "trade-off", s
    assert {s.rule for s in SUPPRESSIONS if s.kind == "trade-off"} == {"CFR2", "CFR4", "ECS4", "EC28", "SNS2"}
    assert {s.rule for s in SUPPRESSIONS if s.kind == "by-design"} == {
        "CFR1",
        "APIG4",
        "ECS2",
        "IAM5",
        "S1",
        "S3",
    }


def test_with_a_custom_domain_cfr4_passes_without_its_suppression(recordings: dict[str, Recording]) -> None:
    findings = nag.evaluate(recordings["prod-domains"], SUPPRESSIONS)
    assert [f.status for f in findings if f.rule == "CFR4"] == ["pass"]
    assert [f.status for f in nag.evaluate(recordings["prod"], SUPPRESSIONS) if f.rule == "CFR4"] == [
        "suppressed"
    ]


def test_the_checks_fail_what_main_deployed_before_the_free_fixes() -> None:
    """Guard: the checks can fail. dev with access logs off; and resources built the way main built them."""

    def before() -> None:
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16")
        bucket = aws.s3.Bucket("site-bucket")
        aws.s3.BucketPolicy(
            "site-bucket",
            bucket=bucket.id,
            policy=pulumi.Output.json_dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "cloudfront.amazonaws.com"},
                            "Action": "s3:GetObject",
                            "Resource": pulumi.Output.concat(bucket.arn, "/*"),
                        }
                    ],
                }
            ),
        )
        topic = aws.sns.Topic("alerts-topic")
        aws.sns.TopicPolicy("alerts-topic", arn=topic.arn, policy=pulumi.Output.json_dumps({"Statement": []}))
        aws.dynamodb.Table(
            "data-table",
            hash_key="id",
            attributes=[{"name": "id", "type": "S"}],
            billing_mode="PAY_PER_REQUEST",
            point_in_time_recovery={"enabled": False},
        )
        aws.ec2.Instance("network-nat", ami="ami-1", instance_type="t4g.nano", subnet_id=vpc.id)

    findings = nag.evaluate(run_components(before), SUPPRESSIONS)
    failed = {(f.rule, f.resource) for f in findings if f.status == "fail"}
    assert {
        ("VPC7", "vpc"),
        ("S1", "site-bucket"),
        ("S2", "site-bucket"),
        ("S10", "site-bucket"),
        ("SNS3", "alerts-topic"),
        ("DDB3", "data-table"),
        ("EC29", "network-nat"),
        ("EC26", "network-nat"),
    } <= failed
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        off = run_stack("dev", {"frugal:apiAccessLogs": "false"})
    assert [(f.status, f.detail) for f in nag.evaluate(off, SUPPRESSIONS) if f.rule == "APIG1"] == [
        ("fail", "no access logs")
    ]


def test_a_new_type_a_rule_covers_cannot_slip_in_unchecked() -> None:
    def program() -> None:
        aws.sqs.Queue("jobs")  # cdk-nag's SQS rules cover it; no check here handles it yet
        aws.sqs.QueuePolicy("jobs", queue_url="https://sqs/jobs", policy="{}")  # in neither table

    recording = run_components(program)
    assert {(f.rule, f.status) for f in nag.evaluate(recording, SUPPRESSIONS)} == {
        ("SQS2", "unhandled"),
        ("SQS3", "unhandled"),
        ("SQS4", "unhandled"),
    }
    assert nag.unclassified_types(recording) == ["aws:sqs/queuePolicy:QueuePolicy"]


def test_the_tables_name_real_types_and_agree() -> None:
    tokens = set(resource_tokens("pulumi_aws"))
    assert sorted(set(nag.NAG_TYPES) - tokens) == []
    assert sorted(nag.NOT_NAGGED - tokens) == []
    assert set(nag.NAG_TYPES).isdisjoint(nag.NOT_NAGGED)
    for check in nag.CHECKS:
        for type_ in check.types:
            assert check.rule in nag.NAG_TYPES[type_], (check.rule, type_)


def test_the_readme_shows_the_suppressions() -> None:
    assert nag.suppressions_markdown(SUPPRESSIONS) in (REPO / "docs" / "security.md").read_text()


def test_the_command_line_exits_0_for_dev(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        assert nag.main(["--stack", "dev"]) == 0
    assert "0 fail, 0 unhandled" in capsys.readouterr().out
