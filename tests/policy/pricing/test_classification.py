"""classification.json covers every resource type the installed providers offer, and agrees with the pricers.

A provider upgrade that adds types fails `test_every_installed_token_is_classified` and names them:
classify each (free, usage with what it is billed by, priced with its pricer, opaque) before upgrading.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import pytest

from frugal.policy import native
from frugal.policy.pricing import HANDLERS, pricer_of
from frugal.policy.pricing.classify import CLASSES, classify, entries
from tools.provider_types import resource_tokens

PACKAGES = {
    "pulumi_aws": "aws",
    "pulumi_aws_native": "aws-native",
    "pulumi_awsx": "awsx",
    "pulumi_eks": "eks",
}
PRICING_DIR = Path(__file__).resolve().parents[3] / "frugal" / "policy" / "pricing"


def installed_tokens(package: str) -> tuple[str, ...]:
    """Every resource token a provider SDK registers (its `_utilities.register(resource_modules=...)`)."""
    return resource_tokens(package)


def all_tokens() -> list[str]:
    return [token for package in PACKAGES for token in installed_tokens(package)]


def test_the_providers_register_thousands_of_types():
    assert len(installed_tokens("pulumi_aws")) > 1500 and len(installed_tokens("pulumi_aws_native")) > 1500


def test_every_installed_token_is_classified():
    unclassified = [token for token in all_tokens() if classify(token).cls == "unclassified"]
    assert unclassified == [], (
        f"{len(unclassified)} types to classify in classification.json: {unclassified[:20]}"
    )


def test_every_entry_names_an_installed_type_and_every_pattern_matches_one():
    types, patterns = entries()
    installed = set(all_tokens())
    stale = [token for token in types if token not in installed]
    assert stale == [], f"entries for types no installed provider has: {stale[:20]}"
    local = (
        "pulumi:",
        "random:",
        "tls:",
        "time:",
        "command:",
        "std:",
        "archive:",
        "local:",
        "null:",
        "docker",
    )
    dead = [
        p["match"]
        for p in patterns
        if not p["match"].startswith(local) and not any(fnmatch.fnmatchcase(t, p["match"]) for t in installed)
    ]
    assert dead == []


def test_each_entry_says_what_its_class_needs():
    types, patterns = entries()
    for where, entry in [*types.items(), *((p["match"], p) for p in patterns)]:
        assert entry["class"] in CLASSES, where
        assert entry.get("why") or entry.get("by"), f"{where}: say why"
        if entry["class"] == "usage":
            assert entry.get("by"), f"{where}: a usage-priced type says what it is billed by"
        if entry["class"] == "priced":
            assert "pricer" in entry, f"{where}: a priced type names its pricer (null: none yet)"
        if entry["class"] == "component":
            assert entry.get("plugin"), where
        assert not (entry["class"] in ("priced", "opaque") and "*" in where), (
            f"{where}: list priced types one by one"
        )


def test_pricers_named_by_the_classification_are_family_modules():
    types, _ = entries()
    named = {entry["pricer"] for entry in types.values() if entry.get("pricer")}
    missing = sorted(
        p
        for p in named
        if not (PRICING_DIR / f"{p}.py").is_file() and not (PRICING_DIR / f"{p}_.py").is_file()
    )
    # Families a pricer is planned for but not written yet fail closed at runtime ("does not price it yet").
    assert set(missing) <= {
        "eks",
        "efs",
        "elasticache",
        "lightsail",
        "opensearch",
        "redshift",
        "sagemaker",
        "streaming",
    }, missing


@pytest.mark.parametrize("kind", sorted(HANDLERS))
def test_each_pricer_prices_types_the_classification_gives_it(kind: str):
    """A handler is reached only through a "priced" entry naming its module, for the kind and its twins."""
    for token in (kind, *native.twins_of(kind)):
        found = classify(token)
        assert (found.cls, found.pricer) == ("priced", pricer_of(HANDLERS[kind])), token


def test_the_classification_counts():
    """The counts the README quotes, recomputed (a change here is a change to document)."""
    counts: dict[str, int] = {}
    for token in all_tokens():
        found = classify(token)
        key = "priced, no pricer" if found.cls == "priced" and not found.pricer else found.cls
        counts[key] = counts.get(key, 0) + 1
    assert sum(counts.values()) == len(all_tokens())
    assert counts["free"] > 2000 and counts["opaque"] >= 30 and counts["component"] == 21


def test_the_list_of_taggable_types_matches_the_installed_providers():
    """Regenerate with `python -m tools.provider_types taggable > frugal/policy/taggable.json`."""
    from frugal.policy.checks.budget import TAGGABLE_FILE
    from tools.provider_types import PACKAGES, taggable_tokens

    listed = json.loads(TAGGABLE_FILE.read_text())["types"]
    assert listed == [token for package in PACKAGES for token in taggable_tokens(package)]
    assert "aws:ec2/instance:Instance" in listed and "aws:ec2/route:Route" not in listed
