"""Silent underestimates start where a pricer ignores an input that changes the price. Each pricer
declares, beside it (`INPUTS` in its module), every input of the types it prices as read, free (no
effect on the monthly price) or unread though price-relevant. These tests hold the declarations to the
installed pulumi-aws SDK: an input a new provider version adds fails them until someone decides."""

from __future__ import annotations

import inspect
import sys

import pytest

from frugal.policy.pricing import HANDLERS
from frugal.policy.pricing.core import Inputs
from tools.provider_types import resource_inputs

_MODULES = {sys.modules[handler.__module__] for handler in HANDLERS.values()}
# Types read on behalf of others (a launch template, by the group that launches from it), by module.
_HELPED = {kind: module for module in _MODULES for kind in getattr(module, "INPUTS", {})}
# The types the pricers price or read that pulumi-aws has (aws-native-only kinds have no pulumi-aws inputs).
PRICED = sorted({kind for kind in HANDLERS if kind.startswith("aws:")} | set(_HELPED))


def _declared(kind: str) -> tuple[Inputs | None, str]:
    module = sys.modules[HANDLERS[kind].__module__] if kind in HANDLERS else _HELPED[kind]
    return getattr(module, "INPUTS", {}).get(kind), inspect.getsource(module)


def undeclared(declared: Inputs, schema: tuple[str, ...]) -> list[str]:
    reads, free, unread = declared.names()
    return sorted(set(schema) - reads - free - unread)


def test_an_input_a_new_provider_version_adds_is_caught():
    declared, _ = _declared("aws:rds/instance:Instance")
    schema = resource_inputs("pulumi_aws", "aws:rds/instance:Instance")
    assert declared is not None and schema is not None
    assert undeclared(declared, schema) == []
    assert undeclared(declared, (*schema, "standbyInstanceCount")) == ["standbyInstanceCount"]


@pytest.mark.parametrize("kind", PRICED)
def test_every_input_of_a_priced_type_is_declared_read_free_or_unread(kind: str):
    schema = resource_inputs("pulumi_aws", kind)
    assert schema is not None, f"{kind}: not a pulumi-aws resource"
    declared, _ = _declared(kind)
    assert declared is not None, f"{kind}: its pricer's module declares no INPUTS entry for it"
    reads, free, unread = declared.names()
    assert not (reads & free or reads & unread or free & unread), f"{kind}: an input declared twice"
    new = undeclared(declared, schema)
    assert not new, (
        f"{kind}: inputs the pricer doesn't declare (new in the provider?): {new}. Read each one that "
        "changes the price, or declare it free or unread beside the pricer."
    )
    gone = sorted((reads | free | unread) - set(schema))
    assert not gone, f"{kind}: declared inputs the provider no longer has: {gone}"


@pytest.mark.parametrize("kind", PRICED)
def test_the_inputs_a_pricer_says_it_reads_are_named_in_its_module(kind: str):
    declared, source = _declared(kind)
    assert declared is not None
    reads, _, _ = declared.names()
    # `region` is read for every resource by Pricing.region.
    missing = sorted(name for name in reads - {"region"} if f'"{name}"' not in source)
    assert not missing, f"{kind}: declared as read but never named in its pricer's module: {missing}"


def test_the_price_relevant_inputs_no_pricer_reads_each_say_why():
    unread = {
        (kind, name): why
        for kind in PRICED
        if (declared := _declared(kind)[0]) is not None
        for name, why in declared.unread.items()
    }
    assert unread, "the guard's findings are declared"
    assert all(len(why.split()) >= 3 for why in unread.values()), unread
    # The fixes of issue 21 stay fixed: these inputs are read, not merely declared.
    for kind, name in [
        ("aws:rds/instance:Instance", "engineLifecycleSupport"),
        ("aws:rds/instance:Instance", "engineVersion"),
        ("aws:rds/instance:Instance", "performanceInsightsRetentionPeriod"),
        ("aws:rds/cluster:Cluster", "engineVersion"),
        ("aws:dynamodb/table:Table", "replicas"),
        ("aws:ec2/instance:Instance", "monitoring"),
        ("aws:ec2/instance:Instance", "ebsOptimized"),
        ("aws:ebs/volume:Volume", "type"),
        ("aws:ec2/launchConfiguration:LaunchConfiguration", "enableMonitoring"),
        ("aws:ec2/launchTemplate:LaunchTemplate", "monitoring"),
    ]:
        declared, _ = _declared(kind)
        assert declared is not None and name in declared.reads.split(), (kind, name)
