"""WAF: a monthly fee per web ACL and per rule, plus requests (usage)."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, Reader
from .core import Pricing, prices


@prices(t.WAFV2_WEB_ACL)
def price_web_acl(acl: Node, pricing: Pricing) -> None:
    rules = Reader().items_of(acl.props, "rules")
    if acl.get("rules") is UNKNOWN:
        pricing.unpriced(acl, "rules unknown at preview: WAF bills $1 a month per rule")
        return
    monthly = pricing.rate("waf.web_acl_month", acl) + len(rules) * pricing.rate("waf.rule_month", acl)
    pricing.item(acl, monthly, f"WAF web ACL + {len(rules)} rule(s) + $0.60 per million requests")
