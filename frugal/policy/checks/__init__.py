"""The cost guardrails, one module per family; importing this package registers every rule."""

from __future__ import annotations

from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from ..framework import RULES

# Importing each family registers its rules in framework.RULES, in this (stable) order.
from . import budget, compute, data, edge, free_security, network, security  # noqa: F401


def policies() -> list[ResourceValidationPolicy | StackValidationPolicy]:
    """Every rule as a pulumi_policy Policy, in a stable order."""
    return [r.policy() for r in RULES.values()]
