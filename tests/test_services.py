"""SERVICE targets are read from the query text without being fooled by strings, IRIs or comments."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.services import check_services, service_targets


def test_targets_in_every_spelling() -> None:
    query = """PREFIX ex: <http://ex.org/>
    SELECT * WHERE {
      SERVICE <http://a.example/sparql> { ?s ?p ?o }
      service silent ex:sparql { }
      SERVICE ?endpoint { }
      FILTER(?x = "SERVICE <http://string.example/>") BIND('''SERVICE <http://long.example/>''' AS ?y)
      ?s <http://iri.example/SERVICE> ?o  # SERVICE <http://comment.example/>
    }"""
    assert service_targets(query) == ["http://a.example/sparql", "http://ex.org/sparql", "?endpoint"]


def test_only_allow_listed_prefixes_pass() -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_services(query, ("https://query.wikidata.org/",))
    with pytest.raises(QueryError, match="not allowed"):
        check_services(query, ())
    with pytest.raises(QueryError, match="not allowed"):
        check_services("SELECT * WHERE { SERVICE ?x { } }", ("https://query.wikidata.org/",))


def test_queries_without_service_pass() -> None:
    check_services("SELECT * WHERE { ?s ?p 'SERVICE' }", ())
