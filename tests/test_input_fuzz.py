"""Loaders, importers and the query runner fuzzed with hypothesis: whatever bytes or text they get,
the answer is a result or one of tvkg's own errors (a message for a person), never another
exception, and a refused load leaves the store as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tvkg.errors import TvkgError
from tvkg.importers.run import import_file
from tvkg.load.files import load
from tvkg.query.execute import run
from tvkg.store.generations import Store

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
SUFFIXES = [".ttl", ".nt", ".nq", ".trig", ".rdf", ".jsonld", ".n3"]
RDFISH = st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode),
                   st.lists(st.sampled_from(['<http://e.org/a>', '<http://e.org/p>', '"x"', '"x"@en', '_:b', ' ', '.',
                                             '\n', '{', '}', '[', ']', ';', ',', '@prefix', 'e:', '<', '"', '\\u00',
                                             '<rdf:RDF>', '{"@id":', '}', '^^', '\xe9', '\x00']), max_size=40)
                   .map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")))


@pytest.fixture(scope="module")
def seeded() -> Store:
    store = Store.memory()
    load(store, [DATA])
    return store


@FUZZ
@given(data=RDFISH, suffix=st.sampled_from(SUFFIXES))
def test_any_file_loads_or_is_refused_cleanly(seeded: Store, data: bytes, suffix: str) -> None:
    before = len(seeded)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            report = load(seeded, [path], check=False, entail=False)
        except TvkgError:
            assert len(seeded) == before  # refused: nothing written
        else:
            assert report.parsed >= 0


@FUZZ
@given(text=st.text(max_size=300))
def test_any_catalogue_imports_or_is_refused_cleanly(text: str) -> None:
    store = Store.memory()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(("show_id,type,title,cast\n" + text).encode("utf-8", "surrogatepass"))
        try:
            import_file(store, "csv", path, source="fuzz")
        except TvkgError:
            assert len(store) == 0


@FUZZ
@given(query=st.one_of(st.text(max_size=200),
                       st.lists(st.sampled_from(["SELECT", "ASK", "CONSTRUCT", "*", "?s", "?p", "?o", "WHERE", "{", "}",
                                                 "GRAPH", "FILTER", "(", ")", "tv:Show", "a", ".", "LIMIT", "1",
                                                 "SERVICE", "<http://e.org/>", "OPTIONAL", "UNION", "VALUES",
                                                 "tvf:distance", ","]), max_size=25).map(" ".join)))
def test_any_query_text_runs_or_is_refused_cleanly(seeded: Store, query: str) -> None:
    try:
        result = run(seeded, query, allowed_services=(), max_rows=1000)
        if not isinstance(result, bool):
            for _ in zip(result, range(50), strict=False):
                pass
    except TvkgError:
        pass
