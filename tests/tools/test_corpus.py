"""The corpus (tests/corpus): programs that each add one costly thing are blocked, cheap legitimate ones
pass with everything priced, and a first preview reaches the same verdict and cost as an existing stack.

The whole corpus runs once per module in both modes (about a minute), through the real pack.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.corpus import (
    DEFAULT_CORPUS,
    PACK_DIR,
    Outcome,
    corpus_policy_config,
    load_manifest,
    run_corpus,
    summary,
)

MANIFEST = load_manifest(DEFAULT_CORPUS)


@pytest.fixture(scope="module")
def outcomes() -> dict[tuple[str, bool], Outcome]:
    return {(o.name, o.new_stack): o for o in run_corpus(DEFAULT_CORPUS)}


def test_the_corpus_runs_the_stack_config_without_frugals_own_conventions(tmp_path: Path):
    own = json.loads((PACK_DIR / "config" / "dev.json").read_text())
    used = json.loads(corpus_policy_config("dev", tmp_path).read_text())
    conventions = ("required-tags", "free-security")
    for rule in conventions:
        assert own[rule]["enforcementLevel"] == "mandatory"
        assert used[rule] == {"enforcementLevel": "disabled"}
    assert {k: v for k, v in used.items() if k not in conventions} == {
        k: v for k, v in own.items() if k not in conventions
    }


def test_the_corpus_covers_every_spelling_and_is_big_enough():
    costly = [e for e in MANIFEST.values() if e["kind"] == "costly"]
    assert len(costly) >= 40 and sum(e["kind"] == "cheap" for e in MANIFEST.values()) >= 15
    assert {e["spelling"] for e in costly} >= {"pulumi-aws", "aws-native", "awsx", "eks", "cloudformation"}


@pytest.mark.parametrize("name", sorted(MANIFEST))
@pytest.mark.parametrize("new_stack", [False, True], ids=["existing", "new-stack"])
def test_each_program_meets_its_expectation(
    outcomes: dict[tuple[str, bool], Outcome], name: str, new_stack: bool
):
    outcome = outcomes[(name, new_stack)]
    assert outcome.met, (
        outcome.exit_code,
        outcome.blocked_by,
        outcome.unpriced,
        outcome.error,
        outcome.messages,
    )
    if outcome.expect == "blocked":
        # Blocked by its own rule or by monthly-budget, naming the item.
        assert outcome.messages and all(message.strip() for message in outcome.messages)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_a_first_preview_reaches_the_same_verdict_and_cost(
    outcomes: dict[tuple[str, bool], Outcome], name: str
):
    existing, first = outcomes[(name, False)], outcomes[(name, True)]
    assert (first.exit_code, first.monthly_usd, first.blocked_by) == (
        existing.exit_code,
        existing.monthly_usd,
        existing.blocked_by,
    )


def test_the_summary_counts_what_the_closing_note_reports(outcomes: dict[tuple[str, bool], Outcome]):
    totals = summary(list(outcomes.values()))
    assert totals["programs"] == len(MANIFEST)
    assert totals["cheap_blocked_by_mistake"] == 0
    assert (
        totals["costly_blocked"] + sum(e["expect"] == "error" for e in MANIFEST.values()) == totals["costly"]
    )
