"""rdflib's in-memory Dataset as the store (graph/store/rdflib_backend.py): the same load gives the same
quads as Oxigraph, and entity descriptions, search and relationship questions give the same answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.test_identity import OTHER
from tests.test_import_catalogue import FIXTURE, MAPPING
from tvkg.entities import description as entity
from tvkg.entities import search
from tvkg.errors import StoreError
from tvkg.identity import merge
from tvkg.importers.run import import_file
from tvkg.load.files import load
from tvkg.load.update import update
from tvkg.ontology.namespaces import ENTITY
from tvkg.relations import questions
from tvkg.store.generations import Store

PARK = f"{ENTITY}person/park-ji-hu"


@pytest.fixture(scope="module")
def both() -> tuple[Store, Store]:
    stores = Store.rdflib(), Store.memory()
    for store in stores:
        load(store, [DATA])
        import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING)
        import_file(store, "csv", OTHER, source="otherflix")
    return stores


def test_the_same_data_gives_the_same_quads(both: tuple[Store, Store]) -> None:
    on_rdflib, on_oxigraph = both
    assert {str(q) for q in on_rdflib.ox} == {str(q) for q in on_oxigraph.ox}
    assert len(on_rdflib) == len(on_oxigraph) > 4000
    assert on_rdflib.named_graphs() == on_oxigraph.named_graphs()


def test_pages_search_questions_and_merges_agree(both: tuple[Store, Store]) -> None:
    on_rdflib, on_oxigraph = both
    assert entity.describe(on_rdflib, PARK) == entity.describe(on_oxigraph, PARK)
    assert search.search(on_rdflib, "yoon chanyoung") == search.search(on_oxigraph, "yoon chanyoung")
    paths = [[n.iri for n in c.nodes] for store in both
             for c in questions.connections(store, "Park Ji-hu", "Yoon Chan-young", k=3)]
    assert paths[:3] == paths[3:] and len(paths) == 6
    merges = [sorted(m.graph for m in merge.find(store)[0]) for store in both]
    assert merges[0] == merges[1] and len(merges[0]) == 4  # Kingdom, Bae Doona and the two seasons
    with pytest.raises(StoreError, match="needs a store with generations"):
        update(on_rdflib, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_a_newer_copy_of_an_import_replaces_the_older_in_the_merge_too(tmp_path: Path) -> None:
    store = Store.rdflib()
    older = tmp_path / FIXTURE.name
    older.write_text(FIXTURE.read_text() + "k9\tTV Show\tGone Show\t\tNobody Else\t\t2019\t1 Season\t\t\n")
    import_file(store, "csv", older, source="kflix", options=MAPPING, today=dt.date(2026, 11, 24))
    gone = f"ASK {{ <{ENTITY}show/kflix-k9> ?p ?o }}"
    assert store.ox.query(gone)
    import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING)
    assert not store.ox.query(gone)
