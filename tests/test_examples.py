"""Every example query (query editor, home page) runs on what `tvkg init` builds (the seed and a slice
of the real catalogue) and returns something."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tvkg.query.execute import run
from tvkg.server.examples import EXAMPLES
from tvkg.shared import functions as tvf
from tvkg.store.generations import Store


@pytest.fixture(scope="module")
def built(catalogue_slice: Path) -> Iterator[Store]:
    with Store.open(catalogue_slice, read_only=True) as store:
        yield store


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.title)
def test_example_returns_results(built: Store, example) -> None:  # type: ignore[no-untyped-def]
    results = list(run(built, example.query, functions=tvf.functions(built)))  # what the endpoint gives queries
    assert results, f"{example.title!r} returned nothing"


def test_examples_declare_the_prefixes_they_use() -> None:
    announcements = next(e for e in EXAMPLES if e.title == "Announcements timeline")
    assert announcements.query.startswith("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX tv: ")


def test_the_timeline_and_the_cast_are_among_at_least_ten_examples() -> None:
    titles = [e.title for e in EXAMPLES]
    assert len(titles) >= 10 and len(set(titles)) == len(titles)
    assert "Announcements timeline" in titles and "Cast of All of Us Are Dead" in titles
