"""A static site: a private bucket (all four Block Public Access flags) behind CloudFront with OAC."""

import json

import pulumi
import pulumi_aws as aws

bucket = aws.s3.BucketV2("site")
aws.s3.BucketPublicAccessBlock(
    "site",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketOwnershipControls("site", bucket=bucket.id, rule={"object_ownership": "BucketOwnerEnforced"})

oac = aws.cloudfront.OriginAccessControl(
    "site",
    origin_access_control_origin_type="s3",
    signing_behavior="always",
    signing_protocol="sigv4",
)
caching = aws.cloudfront.get_cache_policy(name="Managed-CachingOptimized")
cdn = aws.cloudfront.Distribution(
    "site",
    enabled=True,
    default_root_object="index.html",
    price_class="PriceClass_100",
    origins=[
        {
            "origin_id": "s3",
            "domain_name": bucket.bucket_regional_domain_name,
            "origin_access_control_id": oac.id,
        }
    ],
    default_cache_behavior={
        "target_origin_id": "s3",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": caching.id,
        "compress": True,
    },
    restrictions={"geo_restriction": {"restriction_type": "none"}},
    viewer_certificate={"cloudfront_default_certificate": True},
)
aws.s3.BucketPolicy(
    "site",
    bucket=bucket.id,
    policy=pulumi.Output.all(bucket.arn, cdn.arn).apply(
        lambda args: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": "s3:GetObject",
                        "Resource": f"{args[0]}/*",
                        "Condition": {"StringEquals": {"AWS:SourceArn": args[1]}},
                    }
                ],
            }
        )
    ),
)
aws.s3.BucketObjectv2(
    "index", bucket=bucket.id, key="index.html", content="<h1>hello</h1>", content_type="text/html"
)

pulumi.export("url", pulumi.Output.concat("https://", cdn.domain_name))
