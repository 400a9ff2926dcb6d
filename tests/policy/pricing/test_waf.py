"""WAF pricers: $5 per web ACL and $1 per rule, rule group reference or managed rule group in it, plus the
subscriptions of the intelligent-threat managed groups (Bot Control $10, ATP $10 in the price table)."""

from __future__ import annotations

import json

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node

ACL = "aws:wafv2/webAcl:WebAcl"


def managed(name: str, vendor: str = "AWS") -> dict:
    return {"name": name, "statement": {"managedRuleGroupStatement": {"vendorName": vendor, "name": name}}}


PLAIN = {"name": "geo", "statement": {"geoMatchStatement": {"countryCodes": ["KP"]}}}
RATE = {"name": "rate", "statement": {"rateBasedStatement": {"limit": 2000}}}
GROUP = {
    "name": "own",
    "statement": {"ruleGroupReferenceStatement": {"arn": "arn:aws:wafv2:...:rulegroup/x"}},
}


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ([], 5.0),
        ([PLAIN, RATE, managed("AWSManagedRulesCommonRuleSet")], 5 + 3),
        ([GROUP, managed("AWSManagedRulesKnownBadInputsRuleSet")], 5 + 2),
        ([PLAIN, managed("AWSManagedRulesBotControlRuleSet")], 5 + 2 + 10),
        (
            [managed("AWSManagedRulesATPRuleSet"), managed("AWSManagedRulesBotControlRuleSet")],
            5 + 2 + 10 + 10,
        ),
    ],
)
def test_web_acls_count_rules_groups_and_managed_subscriptions(rules: list, expected: float):
    result = estimate_of(node(ACL, "acl", {"rules": rules, "scope": "REGIONAL"}))
    assert result.unpriced == [] and [i.monthly_usd for i in result.items] == [expected]


def test_subscriptions_without_a_price_and_marketplace_groups_fail_closed_beside_the_rest():
    result = estimate_of(
        node(
            ACL,
            "acl",
            {"rules": [PLAIN, managed("AWSManagedRulesACFPRuleSet"), managed("ProtectionRuleSet", "F5")]},
        )
    )
    assert [i.monthly_usd for i in result.items] == [5 + 3]
    acfp, marketplace = sorted(result.unpriced, key=lambda u: "F5" in u.reason)
    assert (acfp.cause, marketplace.cause) == ("no-price", "no-price")
    assert "Account Creation Fraud Prevention" in acfp.reason and "waf.acfp.month" in acfp.reason
    assert "F5 ProtectionRuleSet (AWS Marketplace" in marketplace.reason


def test_rules_given_as_json_are_read_too():
    document = json.dumps(
        [
            {
                "Name": "bots",
                "Statement": {
                    "ManagedRuleGroupStatement": {
                        "VendorName": "AWS",
                        "Name": "AWSManagedRulesBotControlRuleSet",
                    }
                },
            },
            {"Name": "geo", "Statement": {"GeoMatchStatement": {"CountryCodes": ["KP"]}}},
        ]
    )
    result = estimate_of(node(ACL, "acl", {"ruleJson": document}))
    assert [i.monthly_usd for i in result.items] == [5 + 2 + 10]


def test_unknown_rules_are_unpriced_and_the_native_web_acl_is_priced_like_its_twin():
    assert estimate_of(node(ACL, "acl", {"rules": UNKNOWN})).unpriced[0].cause == "unknown"
    partly = estimate_of(node(ACL, "acl", {"rules": [PLAIN, {"name": "x", "statement": UNKNOWN}]}))
    assert [i.monthly_usd for i in partly.items] == [6.0] and "unknown at preview" in partly.unpriced[
        0
    ].reason
    native = estimate_of(
        node("aws-native:wafv2:WebAcl", "acl", {"rules": [PLAIN, managed("AWSManagedRulesCommonRuleSet")]})
    )
    assert [i.monthly_usd for i in native.items] == [7.0]


def test_rules_and_rule_groups_added_by_their_own_resources():
    result = estimate_of(
        node(
            "aws:wafv2/webAclRule:WebAclRule", "rule", {"webAclArn": "arn", "statement": PLAIN["statement"]}
        ),
        node(
            "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
            "bots",
            {"managedRuleGroup": {"vendorName": "AWS", "name": "AWSManagedRulesBotControlRuleSet"}},
        ),
        node(
            "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
            "own",
            {"ruleGroupReference": {"arn": "arn:aws:wafv2:...:rulegroup/x"}},
        ),
    )
    assert [i.monthly_usd for i in result.items] == [1.0, 11.0, 1.0]


def test_rule_groups_of_your_own_and_classic_rules_are_priced_on_the_web_acls_that_use_them():
    result = estimate_of(
        node("aws:wafv2/ruleGroup:RuleGroup", "own", {"capacity": 100, "rules": [PLAIN]}),
        node("aws-native:wafv2:RuleGroup", "own2", {"capacity": 10}),
        node("aws:waf/rule:Rule", "r", {}),
        node("aws:wafregional/rateBasedRule:RateBasedRule", "rate", {"rateLimit": 2000}),
        node("aws:waf/ruleGroup:RuleGroup", "g", {}),
    )
    assert result.items == [] and result.unpriced == [] and len(result.free) == 5


@pytest.mark.parametrize("type_", ["aws:waf/webAcl:WebAcl", "aws:wafregional/webAcl:WebAcl"])
def test_classic_web_acls_bill_five_dollars_and_a_dollar_a_rule(type_: str):
    rules = [
        {"priority": n, "ruleId": f"r{n}", "type": kind}
        for n, kind in enumerate(["REGULAR", "RATE_BASED", "GROUP"])
    ]
    result = estimate_of(node(type_, "acl", {"rules": rules, "defaultAction": {"type": "ALLOW"}}))
    assert [i.monthly_usd for i in result.items] == [8.0]
    assert estimate_of(node(type_, "acl", {"rules": UNKNOWN})).unpriced[0].cause == "unknown"
