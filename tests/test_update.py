"""tvkg.load.update keeps the store's invariant (default graph = merge of named graphs) through every write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tvkg.errors import InputError, QueryError
from tvkg.load import update
from tvkg.store.generations import Store

DEFAULT = ox.DefaultGraph()
X, P, Q = ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.NamedNode("urn:q")


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield Store.memory() if request.param == "memory" else Store.open(tmp_path / "store")


def graphs_of(store: Store, s: ox.NamedNode, p: ox.NamedNode, o: ox.Literal | ox.NamedNode) -> set[str]:
    """Where a triple is: 'default' and/or the named graphs' IRIs."""
    return {"default" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            for q in store.ox.quads_for_pattern(s, p, o)}


def assert_default_is_the_merge(store: Store) -> None:
    default = {(q.subject, q.predicate, q.object) for q in store.ox.quads_for_pattern(None, None, None, DEFAULT)}
    named = {(q.subject, q.predicate, q.object) for q in store.ox if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert default == named


def test_named_graph_inserts_reach_the_merge(store: Store) -> None:
    update.update(store, "INSERT DATA { GRAPH <urn:g1> { <urn:x> <urn:p> 1 } }")
    assert graphs_of(store, X, P, ox.Literal(1)) == {"default", "urn:g1"}
    assert_default_is_the_merge(store)


def test_default_graph_inserts_are_kept_in_the_updates_graph(store: Store) -> None:
    update.update(store, "INSERT DATA { <urn:x> <urn:p> 2 }")
    assert graphs_of(store, X, P, ox.Literal(2)) == {"default", update.UPDATES_GRAPH.value}
    assert_default_is_the_merge(store)


def test_deleting_from_the_merge_deletes_the_fact_from_every_source(store: Store) -> None:
    update.update(store, "INSERT DATA { GRAPH <urn:g1> { <urn:x> <urn:p> 3 } GRAPH <urn:g2> { <urn:x> <urn:p> 3 } }")
    update.update(store, "DELETE DATA { <urn:x> <urn:p> 3 }")
    assert graphs_of(store, X, P, ox.Literal(3)) == set()


def test_deleting_from_one_source_keeps_a_fact_another_states(store: Store) -> None:
    update.update(store, "INSERT DATA { GRAPH <urn:g1> { <urn:x> <urn:p> 4 } GRAPH <urn:g2> { <urn:x> <urn:p> 4 } }")
    update.update(store, "DELETE DATA { GRAPH <urn:g1> { <urn:x> <urn:p> 4 } }")
    assert graphs_of(store, X, P, ox.Literal(4)) == {"default", "urn:g2"}
    update.update(store, "DROP GRAPH <urn:g2>")
    assert graphs_of(store, X, P, ox.Literal(4)) == set()


def test_a_later_operation_sees_what_an_earlier_one_wrote_to_a_named_graph(store: Store) -> None:
    operations = update.update(store, """PREFIX u: <urn:>
        INSERT DATA { GRAPH <urn:g1> { u:x u:p 5 } } ;
        INSERT { GRAPH <urn:g2> { ?s u:q ?o } } WHERE { ?s u:p ?o }""")
    assert operations == 2
    assert graphs_of(store, X, Q, ox.Literal(5)) == {"default", "urn:g2"}
    assert_default_is_the_merge(store)


def test_using_graph_uri_sets_the_dataset_of_the_where_clause(store: Store) -> None:
    update.update(store, "INSERT DATA { GRAPH <urn:g1> { <urn:x> <urn:p> 6 } GRAPH <urn:g2> { <urn:y> <urn:p> 6 } }")
    update.update(store, "INSERT { GRAPH <urn:out> { ?s <urn:q> ?o } } WHERE { ?s <urn:p> ?o }", using=["urn:g1"])
    assert graphs_of(store, X, Q, ox.Literal(6)) == {"default", "urn:out"}
    assert graphs_of(store, ox.NamedNode("urn:y"), Q, ox.Literal(6)) == set()


def test_a_failing_operation_writes_nothing_of_the_request(store: Store) -> None:
    with pytest.raises(QueryError, match="syntax error at line 1"):
        update.update(store, "INSERT DATA { GRAPH <urn:g1> { <urn:x> <urn:p> 7 } } ; INSERT DATA { <urn:x> }")
    assert graphs_of(store, X, P, ox.Literal(7)) == set()


def test_graph_store_put_post_delete(store: Store) -> None:
    assert update.replace_graph(store, "urn:g1", b"<urn:x> <urn:p> 8 .", "text/turtle") is True
    nine = b'<urn:x> <urn:p> "9"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    assert update.add_to_graph(store, "urn:g1", nine, "application/n-triples") is False
    assert update.replace_graph(store, "urn:g1", b"<urn:x> <urn:p> 10 .", "text/turtle") is False
    assert graphs_of(store, X, P, ox.Literal(8)) == set()
    assert graphs_of(store, X, P, ox.Literal(10)) == {"default", "urn:g1"}
    assert update.drop_graph(store, "urn:g1") is True
    assert update.drop_graph(store, "urn:g1") is False
    assert len(store) == 0


def test_a_bad_body_is_refused_with_its_position(store: Store) -> None:
    with pytest.raises(InputError, match=r"request body \(text/turtle\):1:\d+: syntax error"):
        update.replace_graph(store, "urn:g1", b"<urn:x> <urn:p> 'open .", "text/turtle")
    with pytest.raises(InputError, match="cannot read application/trig"):
        update.add_to_graph(store, "urn:g1", b"", "application/trig")
    assert len(store) == 0


def test_load_reaches_only_allow_listed_sources(store: Store) -> None:
    with pytest.raises(QueryError, match=r"LOAD <http://127\.0\.0\.1:9/data\.ttl> is not allowed"):
        update.update(store, "LOAD <http://127.0.0.1:9/data.ttl>", allowed_sources=())
