"""Keywords are read from SPARQL text without being fooled by strings, IRIs, comments or subqueries:
SERVICE and LOAD targets, SERVICE SILENT left out, the row-limit probe, update operations and the
Protocol's USING graphs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tvkg.errors import NotAQuery, QueryError
from tvkg.query.execute import prepare, run
from tvkg.query.services import check_services, service_targets, skip_silent
from tvkg.store.generations import Store
from tvkg.store.sparql_text import row_limit_probe, split_update, with_using


def test_targets_in_every_spelling() -> None:
    query = """PREFIX ex: <http://ex.org/>
    SELECT * WHERE {
      SERVICE <http://a.example/sparql> { ?s ?p ?o }
      service silent ex:sparql { }
      SERVICE ?endpoint { }
      FILTER(?x = "SERVICE <http://string.example/>") BIND('''SERVICE <http://long.example/>''' AS ?y)
      ?s <http://iri.example/SERVICE> ?o  # SERVICE <http://comment.example/>
    }"""
    assert [target for _, target in service_targets(query)] == [
        "http://a.example/sparql", "http://ex.org/sparql", "?endpoint"]


def test_load_sources_are_targets_too() -> None:
    update = "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <g> ; INSERT DATA { <a> <b> 'LOAD <http://no/>' }"
    assert service_targets(update) == [("LOAD", "http://127.0.0.1:9/x.ttl")]
    with pytest.raises(QueryError, match=r"LOAD <http://127.0.0.1:9/x.ttl> is not allowed"):
        check_services(update, ())


def test_only_allow_listed_prefixes_pass() -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_services(query, ("https://query.wikidata.org/",))
    with pytest.raises(QueryError, match="not allowed"):
        check_services(query, ())
    with pytest.raises(QueryError, match="not allowed"):
        check_services("SELECT * WHERE { SERVICE ?x { } }", ("https://query.wikidata.org/",))


def test_queries_without_service_pass() -> None:
    check_services("SELECT * WHERE { ?s ?p 'SERVICE' }", ())


def test_row_limit_probe_replaces_only_the_top_level_limit() -> None:
    query = "SELECT * WHERE { { SELECT * { ?s ?p ?o } LIMIT 5 } } ORDER BY ?s LIMIT 500 OFFSET 3 # LIMIT 2"
    probe = row_limit_probe(query, 100)
    assert probe is not None and "LIMIT 5 }" in probe and "LIMIT 500" not in probe
    assert probe.rstrip().endswith("LIMIT 1 OFFSET 103")


def test_no_probe_when_the_query_limits_itself_or_is_an_ask() -> None:
    assert row_limit_probe("SELECT * { ?s ?p ?o } LIMIT 100", 100) is None
    assert row_limit_probe("ASK { ?s ?p ?o }", 100) is None


def test_probe_goes_before_a_trailing_values_clause() -> None:
    probe = row_limit_probe("SELECT * { ?s ?p ?o } VALUES ?s { <a> }", 10)
    assert probe is not None and probe.index("OFFSET 10") < probe.index("VALUES")


def test_update_operations_carry_their_prefixes() -> None:
    update = "PREFIX a: <x:> INSERT DATA { a:b a:c ';' } ; # ; in a comment\n DELETE WHERE { ?s a:p ?o } ;"
    first, second = split_update(update)
    assert first.strip().startswith("PREFIX a: <x:> INSERT DATA")
    assert second.startswith("PREFIX a: <x:>") and "DELETE WHERE" in second


def test_using_graphs_are_written_into_the_operation() -> None:
    assert with_using("INSERT { ?s a <t> } WHERE { ?s a <y> }", ["g1"], ["g2"]) == \
        "INSERT { ?s a <t> }  USING <g1> USING NAMED <g2> WHERE { ?s a <y> }"
    assert with_using("DELETE WHERE { ?s ?p ?o }", ["g1"], []) == \
        "DELETE { ?s ?p ?o } USING <g1> WHERE { ?s ?p ?o }"
    with pytest.raises(QueryError, match="cannot be combined"):
        with_using("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["g1"], [])


SILENT_QUERY = """PREFIX ex: <http://ex.org/>
SELECT * WHERE {
  ?s ?p ?o .
  OPTIONAL { SERVICE SILENT ex:sparql {
      ?s ?q "}" . { ?s ?r ?t } # }
      SERVICE SILENT <http://inner.example/> { }
  } }
  SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?x ?y }
  SERVICE silent ?endpoint { ?s ?z ?w }
}"""


def test_service_silent_to_an_endpoint_not_allowed_becomes_the_empty_group() -> None:
    text, skipped = skip_silent(SILENT_QUERY, ("https://query.wikidata.org/",))
    assert [(s.shown, s.reason) for s in skipped] == [
        ("<http://ex.org/sparql>", "not on the allow-list"),  # the one inside it goes with it
        ("?endpoint", "its endpoint is a variable the allow-list cannot check")]
    assert "OPTIONAL { {}" in text and "ex:sparql" not in text and "inner.example" not in text
    assert "SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?x ?y }" in text  # allowed: kept
    assert len(text) == len(SILENT_QUERY) and [len(line) for line in text.split("\n")] == \
        [len(line) for line in SILENT_QUERY.split("\n")], "lines and columns still point at the client's text"
    check_services(text, ("https://query.wikidata.org/",))


def test_plain_service_and_load_are_never_left_out() -> None:
    plain = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert skip_silent(plain, ()) == (plain, ())
    with pytest.raises(QueryError, match="not allowed"):
        prepare(plain, ())
    load = "LOAD SILENT <http://127.0.0.1:9/x.ttl>"
    assert skip_silent(load, ()) == (load, ())


def test_service_silent_answers_as_one_empty_solution() -> None:
    """SPARQL 1.1 Federated Query, 4: a failed SERVICE SILENT is one solution binding nothing,
    which leaves a join as it is and adds an empty row to a union."""
    store = Store.memory()
    store.ox.add(ox.Quad(ox.NamedNode("urn:t:s"), ox.NamedNode("urn:t:p"), ox.Literal("o"), ox.DefaultGraph()))
    service = "SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?q ?r }"
    joined = prepare(f"SELECT * WHERE {{ ?s ?p ?o {service} }}", ())
    assert [s.shown for s in joined.skipped] == ["<http://127.0.0.1:9/sparql>"]
    assert [(row["s"], row["q"]) for row in run(store, joined.text, allowed_services=())] == \
        [(ox.NamedNode("urn:t:s"), None)]
    union = prepare(f"SELECT ?s WHERE {{ {{ ?s ?p ?o }} UNION {{ {service} }} }}", ())
    assert sorted(str(row["s"]) for row in run(store, union.text, allowed_services=())) == ["<urn:t:s>", "None"]


def test_an_update_is_not_prepared_as_a_query() -> None:
    with pytest.raises(NotAQuery, match=r"this is a SPARQL Update \(DELETE WHERE\), not a query") as caught:
        prepare("PREFIX ex: <http://ex.org/>\n  delete where { ?s ?p ?o }", ())
    assert (caught.value.line, caught.value.column, caught.value.detail) == (2, 3, None)
    assert prepare("SELECT * WHERE { ?s ?p 'INSERT' }", ()).text == "SELECT * WHERE { ?s ?p 'INSERT' }"
