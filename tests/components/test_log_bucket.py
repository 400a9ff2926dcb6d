"""LogBucket and what delivers to it (the VPC's flow logs, the site bucket's server access logs, CloudFront's
standard logs), and the NAT instance's termination protection: the free cdk-nag fixes in the components."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest

from frugal.components import LogBucket, LogBucketArgs, Network, NetworkArgs, StaticSite, StaticSiteArgs
from frugal.mocks import ACCOUNT_ID, Recording
from tests.infra.helpers import run_components

BUCKET = "aws:s3/bucket:Bucket"
TLS_ONLY = {"Bool": {"aws:SecureTransport": "false"}}


def of(recording: Recording, type_: str, name: str):
    (found,) = [r for r in recording.of_type(type_) if r.name == name]
    return found


def with_logs(program_body) -> Recording:
    def program() -> None:
        logs = LogBucket("logs", LogBucketArgs(expiration_days=3))
        program_body(logs)

    return run_components(program)


def test_the_log_bucket_is_private_tls_only_expiring_and_takes_acls() -> None:
    recording = with_logs(lambda logs: None)
    bucket = of(recording, BUCKET, "logs-bucket")
    assert bucket.inputs["forceDestroy"] is True  # AWS writes its objects; destroy must still delete it
    block = of(recording, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-bucket").inputs
    assert all(
        block[flag] is True
        for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    ownership = of(recording, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "logs-bucket")
    assert ownership.inputs["rule"] == {
        "objectOwnership": "BucketOwnerPreferred"
    }  # CloudFront writes via ACL
    (rule,) = of(
        recording, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-bucket"
    ).inputs["rules"]
    assert (rule["status"], rule["expiration"]["days"]) == ("Enabled", 3)
    policy = json.loads(of(recording, "aws:s3/bucketPolicy:BucketPolicy", "logs-bucket").inputs["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    arn = bucket.outputs["arn"]
    assert by_sid["DenyInsecureTransport"] == {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": TLS_ONLY,
    }
    assert by_sid["S3ServerAccessLogs"]["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert by_sid["S3ServerAccessLogs"]["Resource"] == f"{arn}/s3-access/*"
    assert by_sid["VpcFlowLogsWrite"]["Resource"] == f"{arn}/vpc-flow-logs/AWSLogs/{ACCOUNT_ID}/*"
    # Every Allow is for one AWS service, from this account only.
    for statement in policy["Statement"]:
        if statement["Effect"] == "Allow":
            assert statement["Condition"]["StringEquals"]["aws:SourceAccount"] == ACCOUNT_ID


def test_logs_kept_forever_have_no_lifecycle_rule_and_nonsense_is_refused() -> None:
    recording = run_components(lambda: LogBucket("logs", LogBucketArgs(expiration_days=None)))
    assert not recording.of_type("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    for bad in (0, -1, 2.5):
        with pytest.raises(ValueError, match="expiration_days must be 1 or more"):
            LogBucketArgs(expiration_days=bad)  # type: ignore[arg-type]


def test_flow_logs_go_to_the_log_bucket_after_its_policy() -> None:
    recording = with_logs(lambda logs: Network("net", NetworkArgs(flow_logs=logs.destination)))
    flow_log = of(recording, "aws:ec2/flowLog:FlowLog", "net-flow-logs")
    bucket = of(recording, BUCKET, "logs-bucket")
    assert flow_log.inputs["vpcId"] == recording.named("net-vpc").id
    assert flow_log.inputs["trafficType"] == "ALL"
    assert flow_log.inputs["logDestinationType"] == "s3"
    assert flow_log.inputs["logDestination"] == f"{bucket.outputs['arn']}/vpc-flow-logs/"
    assert of(recording, "aws:s3/bucketPolicy:BucketPolicy", "logs-bucket").urn in flow_log.dependencies
    # No log bucket, no flow log.
    assert not run_components(lambda: Network("net", NetworkArgs())).of_type("aws:ec2/flowLog:FlowLog")


def test_the_nat_instance_has_termination_protection_that_destroy_can_get_past() -> None:
    instance = run_components(lambda: Network("net", NetworkArgs())).one("aws:ec2/instance:Instance").inputs
    assert instance["disableApiTermination"] is True
    assert instance["forceDestroy"] is True


def test_the_site_logs_its_bucket_and_its_distribution(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")

    def body(logs: LogBucket) -> None:
        site = StaticSite(
            "site",
            StaticSiteArgs(
                directory=str(tmp_path), api_url="https://api.example.com", access_logs=logs.destination
            ),
        )
        pulumi.export("url", site.url)

    recording = with_logs(body)
    logs = of(recording, BUCKET, "logs-bucket")
    logging = of(recording, "aws:s3/bucketLogging:BucketLogging", "site-bucket").inputs
    assert logging == {
        "bucket": of(recording, BUCKET, "site-bucket").id,
        "targetBucket": logs.outputs["bucket"],
        "targetPrefix": "s3-access/site/",
    }
    distribution = recording.one("aws:cloudfront/distribution:Distribution")
    assert distribution.inputs["loggingConfig"] == {
        "bucket": logs.outputs["bucketDomainName"],
        "prefix": "cloudfront/site/",
        "includeCookies": False,
    }
    # CloudFront checks that the bucket takes ACLs when logging is configured.
    ownership = of(recording, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "logs-bucket")
    assert ownership.urn in distribution.dependencies
