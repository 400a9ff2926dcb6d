"""A private root CA for internal mTLS: ACM Private CA in general-purpose mode."""

import pulumi
import pulumi_aws as aws

ca = aws.acmpca.CertificateAuthority(
    "internal-root",
    type="ROOT",
    certificate_authority_configuration={
        "key_algorithm": "RSA_2048",
        "signing_algorithm": "SHA256WITHRSA",
        "subject": {"common_name": "internal.example.com", "organization": "Example Corp"},
    },
    permanent_deletion_time_in_days=7,
)

pulumi.export("caArn", ca.arn)
