"""Silent underestimates start where a pricer ignores an input that changes the price. Each pricer
declares, beside it (`INPUTS` in its module), every input of the types it prices as read, free (no
effect on the monthly price) or unread though price-relevant. These tests hold the declarations to the
installed pulumi-aws SDK: an input a new provider version adds fails them until someone decides."""

from __future__ import annotations

import inspect
import sys

import pytest
from frugal_policy.pricing import HANDLERS
from frugal_policy.pricing.core import Inputs

from tools.provider_types import resource_inputs

# The types the pricers price that pulumi-aws has (aws-native-only kinds have no pulumi-aws inputs).
PRICED = sorted(kind for kind in HANDLERS if kind.startswith("aws:"))


def _declared(kind: str) -> tuple[Inputs | None, str]:
    module = sys.modules[HANDLERS[kind].__module__]
    return getattr(module, "INPUTS", {}).get(kind), inspect.getsource(module)


@pytest.mark.parametrize("kind", PRICED)
def test_every_input_of_a_priced_type_is_declared_read_free_or_unread(kind: str):
    schema = resource_inputs("pulumi_aws", kind)
    assert schema is not None, f"{kind}: not a pulumi-aws resource"
    declared, _ = _declared(kind)
    assert declared is not None, f"{kind}: its pricer's module declares no INPUTS entry for it"
    reads, free, unread = declared.names()
    assert not (reads & free or reads & unread or free & unread), f"{kind}: an input declared twice"
    new = sorted(set(schema) - reads - free - unread)
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
    ]:
        declared, _ = _declared(kind)
        assert declared is not None and name in declared.reads.split(), (kind, name)
