"""Every RDF syntax the loader accepts, plain or gzip, loads the same triples."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import DATA
from tvkg.load.files import file_graph, load
from tvkg.store.generations import Store

SHOW = ox.NamedNode("https://w3id.org/tvkg/id/show/all-of-us-are-dead")


@pytest.fixture(scope="module")
def article_triples() -> set[ox.Triple]:
    quads = ox.parse(path=str(DATA / "000_all_of_us_are_dead_s2_article.trig"), format=ox.RdfFormat.TRIG)
    return {q.triple for q in quads}


@pytest.mark.parametrize(("suffix", "fmt"), [
    (".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES), (".jsonld", ox.RdfFormat.JSON_LD),
    (".rdf", ox.RdfFormat.RDF_XML), (".n3", ox.RdfFormat.N3),
])
@pytest.mark.parametrize("compressed", [False, True])
def test_graph_less_syntaxes_load_into_one_graph_per_file(tmp_path: Path, article_triples: set[ox.Triple],
                                                          suffix: str, fmt: ox.RdfFormat, compressed: bool) -> None:
    body = ox.serialize(article_triples, format=fmt)
    path = tmp_path / f"article{suffix}{'.gz' if compressed else ''}"
    path.write_bytes(gzip.compress(body) if compressed else body)
    store = Store.memory()
    report = load(store, [path], check=False, entail=False)
    assert report.parsed == len(article_triples)
    graph = file_graph(path)
    loaded = {q.triple for q in store.ox.quads_for_pattern(None, None, None, graph)}
    assert loaded == article_triples


@pytest.mark.parametrize(("suffix", "fmt"), [(".trig", ox.RdfFormat.TRIG), (".nq", ox.RdfFormat.N_QUADS)])
def test_quad_syntaxes_keep_their_named_graphs(tmp_path: Path, suffix: str, fmt: ox.RdfFormat) -> None:
    quads = list(ox.parse(path=str(DATA / "000_all_of_us_are_dead_s2_article.trig"), format=ox.RdfFormat.TRIG))
    path = tmp_path / f"article{suffix}"
    path.write_bytes(ox.serialize(quads, format=fmt))
    store = Store.memory()
    load(store, [path], entail=False)
    graphs = {q.graph_name for q in quads}
    assert graphs <= set(store.ox.named_graphs())
    assert set(quads) <= set(store.ox)


def test_graph_option_names_the_target_graph(tmp_path: Path) -> None:
    path = tmp_path / "x.nt"
    path.write_text(f"{SHOW} <http://example.org/p> \"o\" .\n")
    store = Store.memory()
    load(store, [path], graph="http://example.org/my-graph", check=False)
    assert ox.NamedNode("http://example.org/my-graph") in set(store.ox.named_graphs())


def test_a_directory_loads_its_rdf_files_and_ignores_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("<http://example.org/a> <http://example.org/p> 1 .\n")
    (tmp_path / "notes.md").write_text("# not RDF\n")
    store = Store.memory()
    report = load(store, [tmp_path], check=False)
    assert [p.name for p in report.files] == ["a.ttl"]


def test_a_fact_stated_by_two_sources_is_one_triple_in_the_default_graph(tmp_path: Path) -> None:
    """The default graph is the merge (a set), unlike Oxigraph's bag-semantics union option."""
    fact = f"{SHOW} <http://example.org/p> \"o\" ."
    (tmp_path / "a.trig").write_text(f"<http://example.org/g1> {{ {fact} }}\n<http://example.org/g2> {{ {fact} }}\n")
    store = Store.memory()
    load(store, [tmp_path / "a.trig"], check=False, entail=False)
    rows = list(store.ox.query(f"SELECT * WHERE {{ {SHOW} <http://example.org/p> ?o }}"))
    assert len(rows) == 1
    graphs = list(store.ox.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ {SHOW} <http://example.org/p> ?o }} }}"))
    assert len(graphs) == 2


def test_triples_outside_any_graph_in_a_trig_file_go_into_the_files_graph(tmp_path: Path) -> None:
    path = tmp_path / "mixed.trig"
    path.write_text(f"{SHOW} <http://example.org/p> \"o\" .\n")
    store = Store.memory()
    load(store, [path], check=False, entail=False)
    graphs = {g for g in store.ox.named_graphs() if g.value != "https://w3id.org/tvkg/graph/ontology"}
    assert graphs == {file_graph(path)}
