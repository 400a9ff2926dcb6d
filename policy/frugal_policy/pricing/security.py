"""Security: KMS keys (customer managed, imported-material and replicas alike), Secrets Manager secrets, ACM
private certificate authorities by usage mode, CloudHSM HSMs by the hour, and IAM Access Analyzer
analyzers by their type."""

from __future__ import annotations

from .. import types as t
from ..cron import HOURS_PER_MONTH
from ..graph import Node
from ..values import UNKNOWN
from .core import Pricing, prices

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


@prices(t.ACMPCA_AUTHORITY)
def price_private_ca(authority: Node, pricing: Pricing) -> None:
    mode = authority.get("usageMode", default="GENERAL_PURPOSE")
    if mode is UNKNOWN:
        pricing.unpriced(authority, "usageMode unknown at preview: $400 or $50 a month")
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
    pricing.free(cluster, "CloudHSM cluster without HSMs: no charge until HSMs are added ($1.60/h each)")


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
