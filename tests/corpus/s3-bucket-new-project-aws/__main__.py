"""A first program, as `pulumi new aws-python` writes it: one bucket, AWS's defaults, its domain exported.

No public access block and no ownership controls: since April 2023 AWS creates every bucket with all four
Block Public Access settings on and ACLs disabled, so this bucket is private.
"""

import pulumi
import pulumi_aws as aws

notes = aws.s3.Bucket("notes")

pulumi.export("bucket_domain", notes.bucket_domain_name)
