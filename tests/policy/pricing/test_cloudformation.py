"""CloudFormation stacks: an inline template's resources priced like their aws-native twins."""

from __future__ import annotations

import json

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from tests.policy.helpers import estimate_of, node

STACK = "aws:cloudformation/stack:Stack"
NAT_TEMPLATE = {
    "Parameters": {
        "PublicSubnetId": {"Type": "AWS::EC2::Subnet::Id"},
        "Size": {"Type": "Number", "Default": 50},
    },
    "Resources": {
        "NatEip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "NatGateway": {
            "Type": "AWS::EC2::NatGateway",
            "Properties": {
                "AllocationId": {"Fn::GetAtt": ["NatEip", "AllocationId"]},
                "SubnetId": {"Ref": "PublicSubnetId"},
            },
        },
        "Data": {
            "Type": "AWS::EC2::Volume",
            "Properties": {"Size": {"Ref": "Size"}, "VolumeType": "gp3", "AvailabilityZone": "us-east-1a"},
        },
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
    },
}


def test_an_inline_json_template_is_priced_resource_by_resource():
    stack = node(
        STACK,
        "egress",
        {"templateBody": json.dumps(NAT_TEMPLATE), "parameters": {"PublicSubnetId": UNKNOWN_STRING_VALUE}},
    )
    result = estimate_of(stack)
    assert result.unpriced == []
    bases = sorted(i.basis for i in result.items)
    assert bases[0].startswith("template Data (AWS::EC2::Volume): 50 GB gp3")  # the parameter's default
    assert any(b.startswith("template NatEip (AWS::EC2::EIP): Elastic IP") for b in bases)
    assert any(b.startswith("template NatGateway (AWS::EC2::NatGateway): public NAT gateway") for b in bases)
    assert result.monthly_usd == pytest.approx(32.85 + 3.65 + 50 * 0.08, abs=0.01)
    assert {i.urn for i in result.items} == {stack.urn}


def test_yaml_templates_with_short_forms_are_read():
    body = """
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: !Sub "${AWS::StackName} key"
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      TargetKeyId: !GetAtt Key.Arn
      AliasName: alias/app
"""
    result = estimate_of(node(STACK, "keys", {"templateBody": body}))
    assert [round(i.monthly_usd, 2) for i in result.items] == [1.00]


def test_what_a_template_hides_fails_closed():
    by_url = estimate_of(node(STACK, "remote", {"templateUrl": "https://example.com/t.json"}))
    assert by_url.unpriced[0].cause == "opaque" and "templateUrl" in by_url.unpriced[0].reason
    nested = {
        "Resources": {
            "Inner": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "https://x"}},
            "Custom": {"Type": "Custom::Thing", "Properties": {}},
        }
    }
    result = estimate_of(node(STACK, "nested", {"templateBody": json.dumps(nested)}))
    reasons = sorted(u.reason for u in result.unpriced)
    assert reasons[0].startswith("template Custom (Custom::Thing): type not in the pack's classification")
    assert reasons[1].startswith("template Inner (AWS::CloudFormation::Stack):")
    assert (
        estimate_of(node(STACK, "later", {"templateBody": UNKNOWN_STRING_VALUE})).unpriced[0].cause
        == "opaque"
    )
    assert (
        "neither JSON nor YAML"
        in estimate_of(node(STACK, "bad", {"templateBody": "{: nope"})).unpriced[0].reason
    )
