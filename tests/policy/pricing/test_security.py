"""Security pricers (ACM Private CA by mode, CloudHSM HSMs, KMS keys of every kind, secrets) and the
aws-native REST API stage and deployment caches."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node


@pytest.mark.parametrize(
    ("type_", "props", "expected"),
    [
        ("aws:acmpca/certificateAuthority:CertificateAuthority", {"type": "ROOT"}, 400.0),
        (
            "aws:acmpca/certificateAuthority:CertificateAuthority",
            {"usageMode": "SHORT_LIVED_CERTIFICATE"},
            50.0,
        ),
        (
            "aws-native:acmpca:CertificateAuthority",
            {"type": "SUBORDINATE", "usageMode": "GENERAL_PURPOSE"},
            400.0,
        ),
        ("aws:cloudhsmv2/hsm:Hsm", {"clusterId": "c", "subnetId": "s"}, 730 * 1.60),
        ("aws:kms/externalKey:ExternalKey", {"description": "byok"}, 1.0),
        ("aws:kms/replicaExternalKey:ReplicaExternalKey", {"primaryKeyArn": "arn"}, 1.0),
        ("aws-native:kms:Key", {"origin": "EXTERNAL", "enabled": False}, 1.0),
        ("aws-native:kms:ReplicaKey", {"primaryKeyArn": "arn"}, 1.0),
        ("aws-native:secretsmanager:Secret", {"name": "db"}, 0.40),
    ],
)
def test_fixed_security_prices(type_: str, props: dict, expected: float):
    result = estimate_of(node(type_, "x", props))
    assert result.unpriced == [] and len(result.items) == 1
    assert result.items[0].monthly_usd == pytest.approx(expected)


def test_an_unknown_ca_mode_is_unpriced_and_a_native_hsm_cluster_holds_no_hsm():
    unknown = estimate_of(
        node("aws:acmpca/certificateAuthority:CertificateAuthority", "ca", {"usageMode": UNKNOWN})
    )
    assert unknown.items == [] and unknown.unpriced[0].cause == "unknown"
    cluster = estimate_of(
        node("aws-native:cloudhsm:Cluster", "c", {"hsmType": "hsm2m.medium", "subnetIds": ["a"]})
    )
    assert cluster.items == [] and cluster.unpriced == [] and "no charge until HSMs" in cluster.free[0].note


def test_native_rest_api_stages_and_deployments_price_their_cache():
    stage = estimate_of(
        node("aws-native:apigateway:Stage", "v1", {"cacheClusterEnabled": True, "cacheClusterSize": "0.5"})
    )
    assert [i.monthly_usd for i in stage.items] == [14.60]
    deployment = estimate_of(
        node(
            "aws-native:apigateway:Deployment",
            "d",
            {"stageName": "v1", "stageDescription": {"cacheClusterEnabled": True, "cacheClusterSize": "237"}},
        )
    )
    assert [i.monthly_usd for i in deployment.items] == [pytest.approx(730 * 3.80)]
    plain = estimate_of(
        node("aws-native:apigateway:Deployment", "d", {"stageName": "v1"}),
        node("aws-native:apigateway:Deployment", "e", {"stageDescription": {"tracingEnabled": True}}),
        node("aws-native:apigateway:Stage", "v2", {"stageName": "v2"}),
    )
    assert plain.items == [] and plain.unpriced == [] and len(plain.free) == 3
    unknown = estimate_of(
        node("aws-native:apigateway:Deployment", "d", {"stageDescription": {"cacheClusterEnabled": UNKNOWN}})
    )
    assert "stageDescription.cacheClusterEnabled unknown" in unknown.unpriced[0].reason
    missing = estimate_of(
        node("aws-native:apigateway:Stage", "v1", {"cacheClusterEnabled": True, "cacheClusterSize": "3"})
    )
    assert missing.unpriced[0].cause == "no-price"
