"""Upload intake, written with pulumi_aws_native: a private bucket and the queue its consumer reads."""

import pulumi
import pulumi_aws_native as aws_native

bucket = aws_native.s3.Bucket(
    "uploads",
    public_access_block_configuration={
        "block_public_acls": True,
        "block_public_policy": True,
        "ignore_public_acls": True,
        "restrict_public_buckets": True,
    },
    ownership_controls={"rules": [{"object_ownership": "BucketOwnerEnforced"}]},
    versioning_configuration={"status": "Enabled"},
)
queue = aws_native.sqs.Queue("uploads", visibility_timeout=120)

pulumi.export("bucket", bucket.bucket_name)
pulumi.export("queueUrl", queue.queue_url)
