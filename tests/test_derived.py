"""Everything derived from a store's data follows every write, on every backend (tvkg.store.derived).

The search index, the claim sources behind descriptions, the home overview, the clusters of merged
entities, the gazetteer of names for news and the editor's property table are each built once per
generation of the data. Written through tvkg, each backend (generations on disk, Oxigraph in
memory, rdflib, a store in Oxigraph's own server) gives a new generation key, and each structure is
built again: before they shared one mechanism, the search index of a store in memory kept its first
names ("Alice Kim" found, "Bora Kim" added, still only Alice).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.servers import free_port, process
from tvkg.entities.description import sources
from tvkg.entities.overview import overview
from tvkg.entities.search import search
from tvkg.identity.merge import resolution
from tvkg.ingest.mentions import gazetteer
from tvkg.ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV
from tvkg.query.completion import properties
from tvkg.relations.projections import current
from tvkg.server.describe_service import figures
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")
SAME_AS = ox.NamedNode(PREFIXES["owl"] + "sameAs")
SHOW = ox.NamedNode(f"{ENTITY}show/kim-show")


@pytest.fixture(params=["disk", "memory", "rdflib", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "disk":
        yield Store.open(tmp_path / "store")
    elif request.param == "memory":
        yield Store.memory()
    elif request.param == "rdflib":
        yield Store.rdflib()
    else:
        port = free_port()
        command = [str(OXIGRAPH), "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"]
        with process(command, f"http://127.0.0.1:{port}/query", tmp_path / "oxigraph.log"):
            yield Store.remote(f"http://127.0.0.1:{port}")


def person(slug: str, name: str, source: str) -> list[ox.Quad]:
    node, graph = ox.NamedNode(f"{ENTITY}person/{slug}"), ox.NamedNode(f"{GRAPH}{source}")
    return [ox.Quad(node, TYPE, ox.NamedNode(f"{TV}Person"), graph),
            ox.Quad(node, LABEL, ox.Literal(name, language="en"), graph),
            ox.Quad(graph, TYPE, ox.NamedNode(f"{TV}ClaimGraph"), graph)]


def test_every_derived_structure_follows_each_write(store: Store) -> None:
    store.add_atomically(person("alice-kim", "Alice Kim", "first"))
    before = (store.generation_key, overview(store))
    assert [hit.label for hit in search(store, "kim")] == ["Alice Kim"]
    assert set(sources(store)) == {f"{GRAPH}first"}
    assert clusters(store).canonical == {}
    assert "alicekim" in gazetteer(store).names
    assert {s.text for s in properties(store, f"{TV}Person") or []} >= {"skos:prefLabel"}
    projections = current(store)
    assert resolution(store).candidates == [] and figures(store)["graphs"] == 1
    assert f"{ENTITY}person/bora-kim" not in projections.credits

    store.add_atomically([*person("bora-kim", "Bora Kim", "second"), *person("bora-kim-b", "Bora Kim", "third"),
                          *person("alice-kim-2", "Alice Kim", "second"),
                          ox.Quad(ox.NamedNode(f"{ENTITY}person/alice-kim-2"), SAME_AS,
                                  ox.NamedNode(f"{ENTITY}person/alice-kim"), ox.NamedNode(f"{GRAPH}second")),
                          ox.Quad(SHOW, TYPE, ox.NamedNode(f"{TV}Show"), ox.NamedNode(f"{GRAPH}second")),
                          ox.Quad(SHOW, ox.NamedNode(f"{TV}director"), ox.NamedNode(f"{ENTITY}person/bora-kim"),
                                  ox.NamedNode(f"{GRAPH}second"))])
    assert store.generation_key != before[0]
    assert sorted(hit.label for hit in search(store, "kim")) == ["Alice Kim", "Bora Kim", "Bora Kim"]
    assert set(sources(store)) == {f"{GRAPH}first", f"{GRAPH}second", f"{GRAPH}third"}
    assert set(clusters(store).canonical) == {f"{ENTITY}person/alice-kim", f"{ENTITY}person/alice-kim-2"}
    assert "borakim" in gazetteer(store).names
    assert overview(store) is not before[1], "the overview is built again for the new generation"
    assert overview(store) is overview(store), "and once per generation"
    bora = (f"{ENTITY}person/bora-kim", f"{ENTITY}person/bora-kim-b")
    assert [(m.a, m.b) for m in resolution(store).candidates] == [bora], "two of one name: a curator's question"
    assert figures(store)["graphs"] == 3
    assert current(store).credits.has_edge(f"{ENTITY}person/bora-kim", SHOW.value), "the projections follow too"
