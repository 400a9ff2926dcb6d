"""WAF: a monthly fee per web ACL and per rule in it, plus requests (usage).

WAFv2 counts each rule, each reference to a rule group you own and each managed rule group as one rule
($1/month). The intelligent-threat AWS managed groups add a monthly subscription per web ACL (Bot Control,
Account Takeover Prevention; Account Creation Fraud Prevention has no price in the table), and AWS
Marketplace groups a vendor subscription the table can't know: both fail closed when missing. A rule group
you create costs nothing until a web ACL references it. WAF Classic (global and regional) bills the same
$5 per web ACL and $1 per rule, rate-based rule or rule group in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader, is_unknown
from .core import Inputs, Pricing, prices
from .table import MissingPriceError

# AWS managed rule groups with a monthly subscription on top of the $1 rule fee (+ per-request fees).
_SUBSCRIBED = {
    "AWSManagedRulesBotControlRuleSet": ("waf.bot_control.month", "Bot Control"),
    "AWSManagedRulesATPRuleSet": ("waf.atp.month", "Account Takeover Prevention"),
    "AWSManagedRulesACFPRuleSet": ("waf.acfp.month", "Account Creation Fraud Prevention"),
    "AWSManagedRulesAntiDDoSRuleSet": ("waf.anti_ddos.month", "Anti-DDoS"),
}


def _field(value: Any, name: str) -> Any:
    """`value[name]`, in pulumi's camelCase or the PascalCase of a rules JSON document."""
    if is_unknown(value):
        return UNKNOWN
    if not isinstance(value, Mapping):
        return None
    for key in (name, name[0].upper() + name[1:]):
        if key in value:
            return UNKNOWN if is_unknown(value[key]) else value[key]
    return None


class _Tally:
    """The rules of one web ACL: how many, the subscriptions they add, and what can't be priced."""

    def __init__(self, node: Node, pricing: Pricing) -> None:
        self.node, self.pricing = node, pricing
        self.rules = 0
        self.monthly = 0.0
        self.extras: list[str] = []
        self.missing: list[str] = []

    def managed_group(self, group: Any) -> None:
        self.rules += 1
        vendor, name = _field(group, "vendorName"), _field(group, "name")
        if vendor is UNKNOWN or name is UNKNOWN:
            self.missing.append("a managed rule group whose vendor or name is unknown at preview")
            return
        if vendor != "AWS":
            self.missing.append(f"{vendor} {name} (AWS Marketplace: the vendor's subscription)")
            return
        if name in _SUBSCRIBED:
            key, label = _SUBSCRIBED[name]
            try:
                self.monthly += self.pricing.rate(key, self.node)
                self.extras.append(f"{label} subscription + its per-request fee (usage)")
            except MissingPriceError as missing:
                self.missing.append(f"{label} subscription ({missing})")

    def statement(self, statement: Any) -> None:
        if is_unknown(statement):
            self.missing.append("a rule whose statement is unknown at preview")
            return
        group = _field(statement, "managedRuleGroupStatement")
        if group is not None:
            self.managed_group(group)
        else:
            # A plain rule, a rate-based rule, or a reference to a rule group: one rule each.
            self.rules += 1

    def finish(self, what: str, base: float = 0.0) -> None:
        monthly = base + self.monthly + self.rules * self.pricing.rate("waf.rule_month", self.node)
        extras = "".join(f" + {extra}" for extra in self.extras)
        self.pricing.item(
            self.node,
            monthly,
            f"{what}{self.rules} rule(s){extras} + "
            f"{self.pricing.rate_text('waf.request_million', self.node)} (usage)",
        )
        for reason in self.missing:
            self.pricing.unpriced(self.node, f"can't price {reason}", "no-price")


def _rules(acl: Node) -> Any:
    """The web ACL's rules: its `rules` list, else the rules JSON document (`ruleJson`)."""
    rules = acl.get("rules")
    if rules is None and acl.get("ruleJson") is not None:
        return Reader().json(acl.get("ruleJson"), "ruleJson")
    return rules


@prices(t.WAFV2_WEB_ACL)
def price_web_acl(acl: Node, pricing: Pricing) -> None:
    rules = _rules(acl)
    if rules is UNKNOWN:
        pricing.unpriced(
            acl, f"rules unknown at preview: WAF bills {pricing.rate_text('waf.rule_month', acl)}"
        )
        return
    tally = _Tally(acl, pricing)
    for rule in Reader().items(rules, "rules"):
        tally.statement(_field(rule, "statement"))
    tally.finish("WAF web ACL + ", pricing.rate("waf.web_acl_month", acl))


@prices(t.WAFV2_WEB_ACL_RULE)
def price_web_acl_rule(rule: Node, pricing: Pricing) -> None:
    tally = _Tally(rule, pricing)
    tally.statement(rule.get("statement"))
    tally.finish("a rule added to a WAF web ACL: ")


@prices(t.WAFV2_WEB_ACL_RULE_GROUP_ASSOCIATION)
def price_rule_group_association(association: Node, pricing: Pricing) -> None:
    tally = _Tally(association, pricing)
    managed = association.get("managedRuleGroup")
    if managed is not None:
        tally.managed_group(managed)
    else:
        tally.rules += 1
    tally.finish("a rule group added to a WAF web ACL: ")


@prices(t.WAFV2_RULE_GROUP)
def price_rule_group(group: Node, pricing: Pricing) -> None:
    pricing.free(
        group,
        "a rule group of your own: each web ACL that uses it pays "
        f"{pricing.rate_text('waf.rule_group_month', group)} there",
    )


@prices(t.WAF_WEB_ACL, t.WAF_REGIONAL_WEB_ACL)
def price_classic_web_acl(acl: Node, pricing: Pricing) -> None:
    rules = acl.get("rules")
    if rules is UNKNOWN:
        pricing.unpriced(
            acl, f"rules unknown at preview: WAF Classic bills {pricing.rate_text('waf.rule_month', acl)}"
        )
        return
    count = len(Reader().items(rules, "rules"))
    label = "WAF Classic regional" if acl.kind == t.WAF_REGIONAL_WEB_ACL else "WAF Classic"
    pricing.item(
        acl,
        pricing.rate("waf.web_acl_month", acl) + count * pricing.rate("waf.rule_month", acl),
        f"{label} web ACL + {count} rule(s) (rules, rate-based rules, rule groups) "
        f"+ {pricing.rate_text('waf.request_million', acl)} (usage)",
    )


@prices(
    t.WAF_RULE,
    t.WAF_RATE_BASED_RULE,
    t.WAF_RULE_GROUP,
    t.WAF_REGIONAL_RULE,
    t.WAF_REGIONAL_RATE_BASED_RULE,
    t.WAF_REGIONAL_RULE_GROUP,
)
def price_classic_rule(rule: Node, pricing: Pricing) -> None:
    pricing.free(
        rule,
        f"WAF Classic rule: {pricing.rate_text('waf.rule_month', rule)} on each web ACL that lists it, "
        "priced there",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:waf/rateBasedRule:RateBasedRule": Inputs(
        reads="name",
        free="metricName predicates rateKey rateLimit tags",
    ),
    "aws:waf/rule:Rule": Inputs(
        reads="name",
        free="metricName predicates tags",
    ),
    "aws:waf/ruleGroup:RuleGroup": Inputs(
        reads="name",
        free="activatedRules metricName tags",
    ),
    "aws:waf/webAcl:WebAcl": Inputs(
        reads="name rules",
        free="defaultAction loggingConfiguration metricName tags",
    ),
    "aws:wafregional/rateBasedRule:RateBasedRule": Inputs(
        reads="name region",
        free="metricName predicates rateKey rateLimit tags",
    ),
    "aws:wafregional/rule:Rule": Inputs(
        reads="name region",
        free="metricName predicates tags",
    ),
    "aws:wafregional/ruleGroup:RuleGroup": Inputs(
        reads="name region",
        free="activatedRules metricName tags",
    ),
    "aws:wafregional/webAcl:WebAcl": Inputs(
        reads="name region rules",
        free="defaultAction loggingConfiguration metricName tags",
    ),
    "aws:wafv2/ruleGroup:RuleGroup": Inputs(
        reads="name region rules",
        free=(
            "capacity customResponseBodies description monetizationConfig namePrefix rulesJson scope "
            "tags visibilityConfig"
        ),
    ),
    "aws:wafv2/webAcl:WebAcl": Inputs(
        reads="name region ruleJson rules",
        free=(
            "associationConfig captchaConfig challengeConfig customResponseBodies "
            "dataProtectionConfig defaultAction description monetizationConfig namePrefix scope tags "
            "tokenDomains visibilityConfig"
        ),
    ),
    "aws:wafv2/webAclRule:WebAclRule": Inputs(
        reads="name region statement",
        free=(
            "action captchaConfig challengeConfig overrideAction priority ruleLabels timeouts "
            "visibilityConfig webAclArn"
        ),
    ),
    "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation": Inputs(
        reads="managedRuleGroup region",
        free="overrideAction priority ruleGroupReference ruleName timeouts visibilityConfig webAclArn",
    ),
}
