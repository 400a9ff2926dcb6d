"""Security: KMS customer managed keys and Secrets Manager secrets, a fixed fee a month each."""

from __future__ import annotations

from .. import types as t
from ..graph import Node
from .core import Pricing, prices

_FIXED = {
    t.KMS_KEY: ("kms.key_month", "KMS customer managed key (+ requests)"),
    t.KMS_REPLICA_KEY: ("kms.key_month", "KMS replica key (+ requests)"),
    t.SECRET: ("secretsmanager.secret_month", "Secrets Manager secret (+ API calls)"),
}


@prices(*_FIXED)
def price_fixed(resource: Node, pricing: Pricing) -> None:
    key, basis = _FIXED[resource.kind]
    pricing.item(resource, pricing.rate(key, resource), basis)
