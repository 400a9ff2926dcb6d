"""SageMaker: endpoints priced through their endpoint configuration (linked through the graph), notebook
instances with their volume, Studio apps and spaces, and types without a price failing closed. Prices from
prices.json: ml.m5.large 0.115, ml.t3.medium 0.05, ml.c5.xlarge 0.204, ML storage 0.14."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node

ENDPOINT = "aws:sagemaker/endpoint:Endpoint"
CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"


def endpoint_of(config):
    return node(
        ENDPOINT, "ep", {"endpointConfigName": UNKNOWN_STRING_VALUE}, {"endpointConfigName": [config]}
    )


def test_an_endpoint_is_the_variants_of_its_configuration():
    config = node(
        CONFIG,
        "churn",
        {
            "productionVariants": [
                {"variantName": "primary", "instanceType": "ml.m5.large", "initialInstanceCount": 2},
                {"variantName": "lite", "serverlessConfig": {"maxConcurrency": 5, "memorySizeInMb": 2048}},
            ],
            "shadowProductionVariants": [
                {"variantName": "shadow", "instanceType": "ml.c5.xlarge", "volumeSizeInGb": 10}
            ],
        },
    )
    result = estimate_of(config, endpoint_of(config))
    assert result.unpriced == [] and [f.urn for f in result.free] == [config.urn]
    (item,) = result.items
    assert item.monthly_usd == pytest.approx(730 * (2 * 0.115 + 0.204) + 10 * 0.14)
    assert "serverless variant(s) lite by use" in item.basis


def test_a_literal_config_name_links_by_name_and_a_missing_config_fails_closed():
    config = node(
        CONFIG,
        "c",
        {"name": "churn-v1", "productionVariants": [{"variantName": "a", "instanceType": "ml.m5.large"}]},
    )
    by_name = estimate_of(config, node(ENDPOINT, "ep", {"endpointConfigName": "churn-v1"}))
    assert by_name.items[0].monthly_usd == pytest.approx(0.115 * 730)
    missing = estimate_of(node(ENDPOINT, "ep", {"endpointConfigName": "elsewhere"}))
    assert "not in the stack" in missing.unpriced[0].reason


def test_serverless_endpoints_are_usage_and_unknowns_or_missing_prices_fail_closed():
    serverless = node(
        CONFIG, "c", {"productionVariants": [{"variantName": "a", "serverlessConfig": {"maxConcurrency": 1}}]}
    )
    assert (
        estimate_of(serverless, endpoint_of(serverless))
        .usage_priced[0]
        .note.startswith("serverless inference")
    )
    for variant, kind in [
        (
            {"variantName": "a", "instanceType": "ml.m5.large", "initialInstanceCount": UNKNOWN_NUMBER_VALUE},
            "unknown",
        ),
        ({"variantName": "a", "instanceType": "ml.p9.huge"}, "no-price"),
        ({"variantName": "a", "serverlessConfig": {"provisionedConcurrency": 2}}, "no-price"),
    ]:
        config = node(CONFIG, "c", {"productionVariants": [variant]})
        result = estimate_of(config, endpoint_of(config))
        assert result.items == [] and [u.cause for u in result.unpriced] == [kind], variant


def test_aws_native_endpoint_and_config():
    config = node(
        "aws-native:sagemaker:EndpointConfig",
        "c",
        {
            "endpointConfigName": "cfg",
            "productionVariants": [
                {"variantName": "a", "instanceType": "ml.m5.large", "initialInstanceCount": 1}
            ],
        },
    )
    endpoint = node("aws-native:sagemaker:Endpoint", "ep", {"endpointConfigName": "cfg"})
    assert estimate_of(config, endpoint).items[0].monthly_usd == pytest.approx(0.115 * 730)


def test_notebook_instances_apps_and_spaces():
    notebook = estimate_of(
        node(
            "aws:sagemaker/notebookInstance:NotebookInstance",
            "nb",
            {"instanceType": "ml.t3.medium", "volumeSize": 20},
        )
    )
    assert [round(i.monthly_usd, 2) for i in notebook.items] == [36.50, 2.80]
    default_volume = estimate_of(
        node("aws-native:sagemaker:NotebookInstance", "nb", {"instanceType": "ml.t3.medium"})
    )
    assert [round(i.monthly_usd, 2) for i in default_volume.items] == [36.50, 0.70]
    system = estimate_of(
        node("aws:sagemaker/app:App", "default", {"appType": "JupyterServer", "appName": "default"})
    )
    assert system.items == [] and system.free
    kernel = estimate_of(
        node(
            "aws:sagemaker/app:App",
            "k",
            {"appType": "KernelGateway", "resourceSpec": {"instanceType": "ml.m5.large"}},
        )
    )
    assert kernel.items[0].monthly_usd == pytest.approx(0.115 * 730)
    space = estimate_of(
        node(
            "aws:sagemaker/space:Space",
            "s",
            {"spaceSettings": {"spaceStorageSettings": {"ebsStorageSettings": {"ebsVolumeSizeInGb": 50}}}},
        )
    )
    assert space.items[0].monthly_usd == pytest.approx(7.00)


def test_types_without_a_sourced_price_fail_closed():
    for type_, props in [
        ("aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer", {"trackingServerSize": "Small"}),
        ("aws-native:sagemaker:Cluster", {"instanceGroups": []}),
        (
            "aws:sagemaker/featureGroup:FeatureGroup",
            {"onlineStoreConfig": {}, "throughputConfig": {"throughputMode": "Provisioned"}},
        ),
    ]:
        result = estimate_of(node(type_, "x", props))
        assert result.items == [] and result.unpriced[0].cause == "no-price", type_
    on_demand = estimate_of(node("aws:sagemaker/featureGroup:FeatureGroup", "fg", {"onlineStoreConfig": {}}))
    assert on_demand.usage_priced
