"""Keywords are read from SPARQL text without being fooled by strings, IRIs, comments or subqueries:
SERVICE and LOAD targets, the row-limit probe, update operations and the Protocol's USING graphs."""

from __future__ import annotations

import pytest

from tvkg.errors import QueryError
from tvkg.query.services import check_services, service_targets
from tvkg.query.text import row_limit_probe, split_update, with_using


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
