"""The store directory: generations, all-or-nothing switches, and clear errors for bad directories."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from tvkg.errors import StoreError
from tvkg.store.generations import Store

QUAD = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
               ox.Literal("o"), ox.NamedNode("http://example.org/g"))


def test_a_new_store_is_created_persists_and_reopens(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        store.add_atomically([QUAD])
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert QUAD in set(store.ox)
        assert store.named_graphs() == ["http://example.org/g"]


def test_rdflib_dataset_default_graph_is_the_merge_of_named_graphs(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        store.add_atomically([QUAD])
        rows = list(store.dataset.query("SELECT ?o WHERE { <http://example.org/s> ?p ?o }"))
        assert [str(r[0]) for r in rows] == ["o"]


def test_a_failed_generation_leaves_the_live_store_untouched(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        store.add_atomically([QUAD])
        live = store.generation
        with pytest.raises(RuntimeError), store.writing() as staging:
            staging.add(ox.Quad(QUAD.subject, QUAD.predicate, ox.Literal("new"), QUAD.graph_name))
            raise RuntimeError("boom")
        assert store.generation == live
        assert len(store) == 2  # the quad and its copy in the default graph
        assert sorted(p.name for p in (tmp_path / "s").glob("gen-*")) == ["gen-1", live.name]  # as before


def test_a_successful_write_publishes_a_new_generation_that_readers_pick_up(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        reader = Store.open(tmp_path / "s", read_only=True)
        first = store.generation
        store.add_atomically([QUAD])
        with store.writing() as staging:
            staging.add(ox.Quad(QUAD.subject, QUAD.predicate, ox.Literal("new"), QUAD.graph_name))
        # QUAD, its merged copy, and the raw quad written to staging
        assert store.generation != first and len(store) == 3
        assert len(reader) == 0, "a reader keeps its snapshot until it refreshes"
        assert reader.refresh() and len(reader) == 3
        assert not reader.refresh()
        gens = sorted(p.name for p in (tmp_path / "s").glob("gen-*"))
        assert gens == ["gen-2", "gen-3"], "the generation before the live one is kept for readers, older ones go"


def test_a_generation_left_by_a_killed_write_is_ignored_then_removed(tmp_path: Path) -> None:
    Store.open(tmp_path / "s").close()
    stale = tmp_path / "s" / "gen-7"
    stale.mkdir()
    (stale / "junk").write_text("half-written")
    with Store.open(tmp_path / "s") as store:
        assert len(store) == 0
        store.add_atomically([QUAD])
        assert not stale.exists()
        assert store.generation.name == "gen-2"


def test_a_directory_tvkg_did_not_create_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    with pytest.raises(StoreError, match="not a tvkg store"):
        Store.open(tmp_path / "mine")
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "precious"


def test_a_corrupt_store_says_so(tmp_path: Path) -> None:
    Store.open(tmp_path / "s").close()
    os.unlink(tmp_path / "s" / "current")
    with pytest.raises(StoreError, match="corrupt: current is missing"):
        Store.open(tmp_path / "s")


def test_a_second_writer_is_told_another_one_is_writing(tmp_path: Path) -> None:
    with (Store.open(tmp_path / "s") as first, Store.open(tmp_path / "s") as second, first.writing(),
          pytest.raises(StoreError, match="another tvkg process is writing"), second.writing()):
        pass


def test_reading_a_missing_store_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="tvkg load"):
        Store.open(tmp_path / "nothing", read_only=True)


def test_a_read_only_store_refuses_writes(tmp_path: Path) -> None:
    Store.open(tmp_path / "s").close()
    with Store.open(tmp_path / "s", read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.add_atomically([QUAD])
