"""Exports storage: private (all four Block Public Access flags), versioned, SSE-S3, old versions expire."""

import pulumi
import pulumi_aws as aws

bucket = aws.s3.BucketV2("exports")
aws.s3.BucketPublicAccessBlock(
    "exports",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketOwnershipControls("exports", bucket=bucket.id, rule={"object_ownership": "BucketOwnerEnforced"})
aws.s3.BucketVersioningV2("exports", bucket=bucket.id, versioning_configuration={"status": "Enabled"})
aws.s3.BucketServerSideEncryptionConfigurationV2(
    "exports",
    bucket=bucket.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
)
aws.s3.BucketLifecycleConfigurationV2(
    "exports",
    bucket=bucket.id,
    rules=[
        {
            "id": "old-versions",
            "status": "Enabled",
            "filter": {},
            "noncurrent_version_expiration": {"noncurrent_days": 30},
        }
    ],
)

pulumi.export("bucket", bucket.bucket)
