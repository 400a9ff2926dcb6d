"""Envelope encryption per data domain: six customer managed KMS keys with rotation and aliases."""

import pulumi_aws as aws

for domain in ("billing", "customers", "orders", "audit", "backups", "exports"):
    key = aws.kms.Key(
        domain, description=f"{domain} data key", enable_key_rotation=True, deletion_window_in_days=30
    )
    aws.kms.Alias(domain, name=f"alias/{domain}", target_key_id=key.key_id)
