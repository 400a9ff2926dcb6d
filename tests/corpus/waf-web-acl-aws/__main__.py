"""A regional web ACL: a rate limit, a geo block, and two AWS managed rule groups."""

import pulumi
import pulumi_aws as aws


def visibility(name: str) -> dict:
    return {"cloudwatch_metrics_enabled": True, "metric_name": name, "sampled_requests_enabled": True}


def managed(name: str, priority: int) -> dict:
    return {
        "name": name,
        "priority": priority,
        "override_action": {"none": {}},
        "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": name}},
        "visibility_config": visibility(name),
    }


acl = aws.wafv2.WebAcl(
    "api",
    scope="REGIONAL",
    default_action={"allow": {}},
    rules=[
        {
            "name": "rate-limit",
            "priority": 0,
            "action": {"block": {}},
            "statement": {"rate_based_statement": {"limit": 2000, "aggregate_key_type": "IP"}},
            "visibility_config": visibility("rate-limit"),
        },
        {
            "name": "geo-block",
            "priority": 1,
            "action": {"block": {}},
            "statement": {"geo_match_statement": {"country_codes": ["KP", "IR"]}},
            "visibility_config": visibility("geo-block"),
        },
        managed("AWSManagedRulesCommonRuleSet", 2),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
    ],
    visibility_config=visibility("api"),
)

pulumi.export("webAclArn", acl.arn)
