"""Security: KMS keys (customer managed, imported-material and replicas alike), Secrets Manager secrets, ACM
private certificate authorities by usage mode, CloudHSM HSMs by the hour, and IAM Access Analyzer
analyzers by their type."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader
from .core import Inputs, Pricing, prices

_FIXED = {
    t.KMS_KEY: ("kms.key_month", "KMS customer managed key (+ requests)"),
    t.KMS_REPLICA_KEY: ("kms.key_month", "KMS replica key (+ requests)"),
    t.KMS_EXTERNAL_KEY: ("kms.key_month", "KMS key with imported key material (+ requests)"),
    t.KMS_REPLICA_EXTERNAL_KEY: ("kms.key_month", "KMS replica of a key with imported material (+ requests)"),
    t.SECRET: ("secretsmanager.secret_month", "Secrets Manager secret (+ API calls)"),
}


@prices(*_FIXED)
def price_fixed(resource: Node, pricing: Pricing) -> None:
    key, basis = _FIXED[resource.kind]
    pricing.item(resource, pricing.rate(key, resource), basis)
    if resource.kind != t.SECRET:
        return
    # A replica of a secret in another region bills as a secret of its own (AWS Secrets Manager pricing
    # page: "Replica secrets are considered a distinct secret", checked 2026-12-08) [likely].
    read = Reader()
    for replica in read.items_of(resource.props, "replicas"):
        region = read.get(replica, "region")
        if region is UNKNOWN or not isinstance(region, str):
            pricing.unpriced(resource, "a replica's region is unknown at preview")
            continue
        pricing.item(resource, pricing.rate(key, resource, region), f"replica of the secret in {region}")
    if read.unknown_paths:
        pricing.unpriced(resource, f"{', '.join(read.unknown_paths)} unknown at preview")


@prices(t.ACMPCA_AUTHORITY)
def price_private_ca(authority: Node, pricing: Pricing) -> None:
    mode = authority.get("usageMode", default="GENERAL_PURPOSE")
    if mode is UNKNOWN:
        general = pricing.rate_text("acmpca.ca_month", authority)
        short = pricing.rate_text("acmpca.short_lived_ca_month", authority)
        pricing.unpriced(authority, f"usageMode unknown at preview: {general} or {short}")
        return
    if mode == "SHORT_LIVED_CERTIFICATE":
        key, label = "acmpca.short_lived_ca_month", "short-lived certificate mode"
    else:
        key, label = "acmpca.ca_month", "general-purpose mode"
    pricing.item(
        authority,
        pricing.rate(key, authority),
        f"ACM private CA, {label} (+ certificates issued, usage)",
    )


@prices(t.CLOUDHSM_HSM)
def price_hsm(hsm: Node, pricing: Pricing) -> None:
    pricing.item(
        hsm,
        HOURS_PER_MONTH * pricing.rate("cloudhsm.hsm_hour", hsm),
        "CloudHSM HSM, 730 h/month (a highly available cluster needs 2 or more)",
    )


@prices(t.CLOUDHSM_CLUSTER_NATIVE)
def price_hsm_cluster_native(cluster: Node, pricing: Pricing) -> None:
    # AWS::CloudHSM::Cluster takes no HSMs: they are added with the CloudHSM API, outside the program.
    each = pricing.rate_text("cloudhsm.hsm_hour", cluster)
    pricing.free(cluster, f"CloudHSM cluster without HSMs: no charge until HSMs are added ({each})")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:accessanalyzer/analyzer:Analyzer": Inputs(
        reads="region type",
        free="analyzerName configuration tags",
    ),
    "aws:acmpca/certificateAuthority:CertificateAuthority": Inputs(
        reads="region usageMode",
        free=(
            "certificateAuthorityConfiguration enabled keyStorageSecurityStandard "
            "permanentDeletionTimeInDays revocationConfiguration tags type"
        ),
    ),
    "aws:cloudhsmv2/hsm:Hsm": Inputs(
        reads="region",
        free="availabilityZone clusterId ipAddress subnetId",
    ),
    "aws:kms/externalKey:ExternalKey": Inputs(
        reads="region",
        free=(
            "bypassPolicyLockoutSafetyCheck deletionWindowInDays description enabled "
            "keyMaterialBase64 keySpec keyUsage multiRegion policy tags validTo"
        ),
    ),
    "aws:kms/key:Key": Inputs(
        reads="region",
        free=(
            "bypassPolicyLockoutSafetyCheck customKeyStoreId customerMasterKeySpec "
            "deletionWindowInDays description enableKeyRotation isEnabled keyUsage multiRegion policy "
            "rotationPeriodInDays tags xksKeyId"
        ),
    ),
    "aws:kms/replicaExternalKey:ReplicaExternalKey": Inputs(
        reads="region",
        free=(
            "bypassPolicyLockoutSafetyCheck deletionWindowInDays description enabled "
            "keyMaterialBase64 policy primaryKeyArn tags validTo"
        ),
    ),
    "aws:kms/replicaKey:ReplicaKey": Inputs(
        reads="region",
        free=(
            "bypassPolicyLockoutSafetyCheck deletionWindowInDays description enabled policy "
            "primaryKeyArn tags"
        ),
    ),
    "aws:secretsmanager/secret:Secret": Inputs(
        reads="region replicas",
        free=(
            "description forceOverwriteReplicaSecret kmsKeyId name namePrefix policy "
            "recoveryWindowInDays tags type"
        ),
    ),
}


_EXTERNAL_ACCESS = ("ACCOUNT", "ORGANIZATION")


@prices(t.ACCESS_ANALYZER)
def price_access_analyzer(analyzer: Node, pricing: Pricing) -> None:
    """External access analysis has no charge; unused (and internal) access analysis bills per IAM role
    and user (or resource) analyzed a month, in the whole account or organization: a count the stack
    can't see. AWS: "IAM Access Analyzer charges for unused access analysis based on the number of IAM
    roles and users analyzed per month" (IAM User Guide, access-analyzer-create-unused.html, checked
    2026-12-08, likely); pulumi-aws's `type` defaults to ACCOUNT."""
    kind = analyzer.get("type", default="ACCOUNT")
    if kind in _EXTERNAL_ACCESS:
        pricing.free(analyzer, f"{kind} external access analyzer: no charge")
        return
    shown = "unknown at preview" if kind is UNKNOWN else str(kind)
    pricing.unpriced(
        analyzer,
        f"analyzer type {shown}: unused or internal access analysis bills per IAM role and user (or "
        "resource) analyzed a month across the account, a count the stack doesn't show",
        "no-price",
    )
