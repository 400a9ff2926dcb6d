"""LogBucket: the one private S3 bucket a stack's access logs and flow logs are delivered to.

Three kinds of delivery share it, each under its own prefix (the owning component picks the rest):
- S3 server access logs (`S3_ACCESS_PREFIX`), written by `logging.s3.amazonaws.com`, admitted by the bucket
  policy for source buckets of this account;
- CloudFront standard logs (legacy, `CLOUDFRONT_PREFIX`), which CloudFront writes through an ACL grant it
  adds itself to the `awslogsdelivery` account, so ACLs must be enabled: object ownership is
  BucketOwnerPreferred, not the default BucketOwnerEnforced;
- VPC flow logs (`FLOW_LOGS_PREFIX`), written by `delivery.logs.amazonaws.com`, admitted by the bucket policy
  for this account's flow logs. Declaring those statements here keeps AWS from appending its own to the
  policy when the flow log is created (which the next `pulumi up` would remove again).

Block Public Access stays fully on (a grant to one named account is not public), the policy denies every
request without TLS, and a lifecycle rule expires the logs. `force_destroy`: the bucket fills with objects
AWS writes, which Pulumi doesn't manage, and `pulumi destroy` must still be able to delete it.

Prices (us-east-1, checked 2026-12-08): S3 server access logging and CloudFront standard logging (legacy)
have no charge of their own, only S3 storage of the files ($0.023 per GB-month)
https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html,
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html [likely];
flow logs delivered to S3 are vended logs, $0.25 per GB for the first 10 TB
https://aws.amazon.com/cloudwatch/pricing/ [likely]. No fixed monthly fee anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from frugal.components.base import Component, Moved
from frugal.components.iam import deny_insecure_transport, policy_document


def private_bucket(
    owner: Component, child: str, object_ownership: str, *, force_destroy: bool | None = None
) -> tuple[aws.s3.Bucket, aws.s3.BucketPublicAccessBlock, aws.s3.BucketOwnershipControls]:
    """A bucket in `owner` with Block Public Access fully on, and its object ownership (all named `child`)."""
    bucket = aws.s3.Bucket(child, force_destroy=force_destroy, opts=owner.child_opts(child))
    public_access_block = aws.s3.BucketPublicAccessBlock(
        child,
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=owner.child_opts(child),
    )
    ownership = aws.s3.BucketOwnershipControls(
        child,
        bucket=bucket.id,
        rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership=object_ownership),
        opts=owner.child_opts(child),
    )
    return bucket, public_access_block, ownership


S3_ACCESS_PREFIX = "s3-access/"
CLOUDFRONT_PREFIX = "cloudfront/"
FLOW_LOGS_PREFIX = "vpc-flow-logs/"


@dataclass(frozen=True)
class LogDestination:
    """Where a component delivers its logs: the log bucket, and what must exist before delivery starts."""

    bucket_name: pulumi.Output[str]
    bucket_arn: pulumi.Output[str]
    bucket_domain_name: pulumi.Output[str]
    """`<bucket>.s3.amazonaws.com`: how CloudFront's logging config names a bucket."""
    ready: Sequence[pulumi.Resource]
    """The ownership setting and the bucket policy: a delivery configured before them is refused."""


@dataclass
class LogBucketArgs:
    expiration_days: int | None = 30
    """Days a log file is kept; None keeps them forever (the stack's logRetentionDays of 0)."""

    def __post_init__(self) -> None:
        if self.expiration_days is not None and (
            not isinstance(self.expiration_days, int) or self.expiration_days < 1
        ):
            raise ValueError(f"expiration_days must be 1 or more (or None), got {self.expiration_days!r}")


class LogBucket(Component):
    """A private, TLS-only bucket with expiring objects that S3, CloudFront and VPC flow logs deliver to."""

    destination: LogDestination

    def __init__(
        self,
        name: str,
        args: LogBucketArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:LogBucket", name, opts, moved)
        account = aws.get_caller_identity(opts=self.invoke_opts()).account_id
        child = f"{name}-bucket"
        bucket, public_access_block, ownership = private_bucket(
            self, child, "BucketOwnerPreferred", force_destroy=True
        )
        if args.expiration_days is not None:
            aws.s3.BucketLifecycleConfiguration(
                child,
                bucket=bucket.id,
                rules=[
                    aws.s3.BucketLifecycleConfigurationRuleArgs(
                        id="expire-logs",
                        status="Enabled",
                        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                        expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(
                            days=args.expiration_days
                        ),
                        abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                            days_after_initiation=1
                        ),
                    )
                ],
                opts=self.child_opts(child),
            )
        policy = aws.s3.BucketPolicy(
            child,
            bucket=bucket.id,
            policy=policy_document(self._statements(bucket, account)),
            # S3 refuses a policy while Block Public Access is being changed, so apply it after.
            opts=self.child_opts(child, depends_on=[public_access_block]),
        )
        self.destination = LogDestination(
            bucket_name=bucket.bucket,
            bucket_arn=bucket.arn,
            bucket_domain_name=bucket.bucket_domain_name,
            ready=[ownership, policy],
        )
        self.finish({"bucketName": bucket.bucket, "bucketArn": bucket.arn})

    @staticmethod
    def _statements(bucket: aws.s3.Bucket, account: str) -> list[dict[str, object]]:
        """Who may write, each only for this account, and TLS for everyone.

        After AWS's documented policies for server access logs
        (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html) and flow
        logs to S3 (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html).
        """
        objects = pulumi.Output.concat(bucket.arn, "/*")
        this_account = {"aws:SourceAccount": account}
        return [
            {
                "Sid": "S3ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": pulumi.Output.concat(bucket.arn, f"/{S3_ACCESS_PREFIX}*"),
                "Condition": {"StringEquals": this_account},
            },
            {
                "Sid": "VpcFlowLogsWrite",
                "Effect": "Allow",
                "Principal": {"Service": "delivery.logs.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": pulumi.Output.concat(bucket.arn, f"/{FLOW_LOGS_PREFIX}AWSLogs/{account}/*"),
                "Condition": {
                    "StringEquals": {**this_account, "s3:x-amz-acl": "bucket-owner-full-control"},
                },
            },
            {
                "Sid": "VpcFlowLogsAclCheck",
                "Effect": "Allow",
                "Principal": {"Service": "delivery.logs.amazonaws.com"},
                "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
                "Resource": bucket.arn,
                "Condition": {"StringEquals": this_account},
            },
            deny_insecure_transport("s3:*", [bucket.arn, objects]),
        ]
