"""Entity resolution on the default data (what `tvkg init` builds: the curated seed and the Netflix
catalogue), measured as benchmarks/resolution_default.py measures it, against the labelled pairs of
tests/fixtures/resolution-default/pairs.csv. Precision has a floor; recall is reported (its floor
comes when resolution joins what one catalogue spells two ways)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.resolution_default import Outcome, evaluate, pairs
from tvkg.store.generations import Store


@pytest.fixture(scope="module")
def outcome(bundled_store: Path) -> Outcome:
    with Store.open(bundled_store, read_only=True) as store:
        return evaluate(store)


def test_the_labelled_pairs_are_a_fair_mix() -> None:
    labelled = pairs()
    assert len(labelled) >= 120
    assert len({frozenset((p.iri_a, p.iri_b)) for p in labelled}) == len(labelled)  # each pair once
    assert all(p.iri_a != p.iri_b and p.show_a and p.show_b and p.reason for p in labelled)
    assert 0.4 <= sum(p.same for p in labelled) / len(labelled) <= 0.6


def test_every_labelled_entity_is_found(outcome: Outcome) -> None:
    assert not outcome.missing, [str(p) for p in outcome.missing]


def test_precision_on_the_labelled_pairs(outcome: Outcome, record_property: Callable[[str, object], None]) -> None:
    counts = dict(outcome.counts["all"])
    figures = f"precision {outcome.precision():.3f}, recall {outcome.recall():.3f}, F1 {outcome.f1():.3f} {counts}"
    record_property("resolution_default", figures)
    print(figures)
    false_merges = [f"{pair}: {pair.reason}" for what, pair, _ in outcome.errors if what == "fp"]
    assert outcome.precision() >= 0.95, false_merges
    assert sum(counts.values()) == len(pairs())
    # before the catalogue's spellings were compared (accents, spacing, name order in one source,
    # with productions of one country as evidence) recall was 0.008; it is 0.50 now
    assert outcome.recall() >= 0.45
