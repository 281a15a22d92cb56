"""Writes over HTTP: SPARQL Update and the Graph Store Protocol, only with the configured bearer token.

A real `tvkg serve` on loopback with TVKG_UPDATE_TOKEN set, driven by requests, SPARQLWrapper and
rdflib's SPARQLUpdateStore.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from SPARQLWrapper import JSON as WRAPPER_JSON
from SPARQLWrapper import POST, SPARQLWrapper

from tests.server_process import seeded_server

TOKEN = "test-token-0123456789abcdef"
WRITER = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = "application/sparql-update"
TIME_LIMIT = 2.0


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"TVKG_UPDATE_TOKEN": TOKEN, "TVKG_UPDATE_TIMEOUT": str(TIME_LIMIT), "TVKG_MAX_ROWS": "50"}
    with seeded_server(tmp_path_factory.mktemp("writable"), env=env) as base:
        yield base


def ask(url: str, query: str) -> bool:
    response = requests.get(url + "/sparql", params={"query": query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def post_update(url: str, text: str, headers: dict[str, str] | None = None, **params: str) -> requests.Response:
    return requests.post(url + "/sparql", data=text.encode(), params=params,
                         headers={"Content-Type": UPDATE, **(headers or {})}, timeout=30)


def test_without_the_token_an_update_is_401_and_changes_nothing(url: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": f"Basic {TOKEN}"}):
        response = post_update(url, "INSERT DATA { <urn:t:a> <urn:t:p> 1 }", headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in response.text
    assert not ask(url, "ASK { <urn:t:a> ?p ?o }")


def test_an_update_with_the_token_is_applied_and_visible_to_the_next_query(url: str) -> None:
    response = post_update(url, "INSERT DATA { GRAPH <urn:t:g> { <urn:t:b> <urn:t:p> 1 } }", WRITER)
    assert response.status_code == 204, response.text
    assert ask(url, "ASK { <urn:t:b> <urn:t:p> 1 }")  # in the merge too
    assert ask(url, "ASK { GRAPH <urn:t:g> { <urn:t:b> <urn:t:p> 1 } }")


def test_form_encoded_updates_and_using_graph_uri(url: str) -> None:
    response = requests.post(url + "/sparql", headers=WRITER, timeout=30, data={
        "update": "INSERT { GRAPH <urn:t:out> { ?s a tv:Renamed } } WHERE { ?s a tv:Show }",
        "using-graph-uri": "https://w3id.org/tvkg/graph/article-aoud-s2"})
    assert response.status_code == 204, response.text
    assert ask(url, "ASK { GRAPH <urn:t:out> { show:all-of-us-are-dead a tv:Renamed } }")


def test_update_errors_are_400_with_the_position(url: str) -> None:
    response = post_update(url, "INSERT DATA { <urn:t:c> }", WRITER)
    assert response.status_code == 400
    assert "SPARQL Update syntax error at line 1, column" in response.text
    response = post_update(url, "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", WRITER,
                           **{"using-graph-uri": "urn:g2"})
    assert response.status_code == 400 and "cannot be combined" in response.text


def test_load_cannot_reach_the_network(url: str) -> None:
    response = post_update(url, "LOAD <http://127.0.0.1:9/data.ttl>", WRITER)
    assert response.status_code == 400 and "is not allowed" in response.text


def test_a_runaway_update_is_stopped_and_writes_nothing(url: str) -> None:
    explosive = ("INSERT { GRAPH <urn:t:boom> { ?a <urn:t:p> ?c } } "
                 "WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    started = time.monotonic()
    response = post_update(url, explosive, WRITER)
    assert response.status_code == 503 and "nothing was written" in response.text
    assert time.monotonic() - started < TIME_LIMIT + 30  # stopped near its limit, not run for hours
    assert not ask(url, "ASK { GRAPH <urn:t:boom> { ?s ?p ?o } }")
    assert post_update(url, "INSERT DATA { <urn:t:after> <urn:t:p> 1 }", WRITER).status_code == 204


def test_sparqlwrapper_and_rdflib_update_clients(url: str) -> None:
    wrapper = SPARQLWrapper(url + "/sparql", updateEndpoint=url + "/sparql")
    wrapper.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { GRAPH <urn:t:w> { <urn:t:wrapper> <urn:t:p> 'w' } }")
    assert wrapper.query().response.status == 204
    store = SPARQLUpdateStore(url + "/sparql", url + "/sparql", headers=WRITER)
    store.update("INSERT DATA { GRAPH <urn:t:r> { <urn:t:rdflib> <urn:t:p> 'r' } }")
    wrapper.setQuery("SELECT ?o WHERE { ?s <urn:t:p> ?o } ORDER BY ?o")
    wrapper.setMethod("GET")
    wrapper.setReturnFormat(WRAPPER_JSON)
    values = [b["o"]["value"] for b in wrapper.query().convert()["results"]["bindings"]]
    assert "r" in values and "w" in values
    assert (URIRef("urn:t:rdflib"), URIRef("urn:t:p"), Literal("r")) in Graph(store, identifier=URIRef("urn:t:r"))


def test_graph_store_protocol(url: str) -> None:
    target = url + "/graph-store"
    graph = {"graph": "urn:t:gsp"}
    turtle = {"Content-Type": "text/turtle", **WRITER}
    assert requests.put(target, params=graph, data=b"<urn:t:s> <urn:t:p> 1 .", headers=turtle).status_code == 201
    assert requests.put(target, params=graph, data=b"<urn:t:s> <urn:t:p> 2 .", headers=turtle).status_code == 204
    assert requests.post(target, params=graph, data=b"<urn:t:s> <urn:t:p> 3 .", headers=turtle).status_code == 204
    got = requests.get(target, params=graph, headers={"Accept": "application/n-triples"}, timeout=10)
    assert got.status_code == 200 and got.headers["Content-Type"].startswith("application/n-triples")
    assert sorted(got.text.strip().splitlines()) == [
        f'<urn:t:s> <urn:t:p> "{n}"^^<http://www.w3.org/2001/XMLSchema#integer> .' for n in (2, 3)]
    assert requests.head(target, params=graph).status_code == 200
    assert requests.delete(target, params=graph, headers=WRITER).status_code == 204
    assert requests.get(target, params=graph).status_code == 404
    assert requests.delete(target, params=graph, headers=WRITER).status_code == 404
    assert not ask(url, "ASK { <urn:t:s> <urn:t:p> ?o }")


def test_graph_store_post_to_the_store_creates_a_graph(url: str) -> None:
    created = requests.post(url + "/graph-store", data=b"<urn:t:new> <urn:t:p> 1 .",
                            headers={"Content-Type": "text/turtle", **WRITER})
    assert created.status_code == 201
    got = requests.get(created.headers["Location"], headers={"Accept": "text/turtle"})
    assert got.status_code == 200 and "urn:t:new" in got.text


def test_graph_store_refusals(url: str) -> None:
    target = url + "/graph-store"
    turtle = {"Content-Type": "text/turtle", **WRITER}
    assert requests.put(target, params={"graph": "urn:t:x"}, data=b"<a> <b> <c> .",
                        headers={"Content-Type": "text/turtle"}).status_code == 401
    assert requests.put(target, params={"default": ""}, data=b"<urn:a> <urn:b> <urn:c> .",
                        headers=turtle).status_code == 405
    wrong_type = requests.put(target, params={"graph": "urn:t:x"}, data=b"x",
                              headers={"Content-Type": "application/pdf", **WRITER})
    assert wrong_type.status_code == 415
    bad = requests.put(target, params={"graph": "urn:t:x"}, data=b"<urn:a> <urn:b> 'open .", headers=turtle)
    assert bad.status_code == 400 and "request body (text/turtle):1:" in bad.text
    assert requests.get(target).status_code == 400
    assert requests.get(target, params={"graph": "not an iri"}).status_code == 400


def test_the_service_description_announces_updates(url: str) -> None:
    described = requests.get(url + "/sparql", headers={"Accept": "text/turtle"}, timeout=10).text
    assert "SPARQL11Update" in described


def test_the_row_limit_refuses_a_query_with_too_many_results(url: str) -> None:
    everything = requests.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10)
    assert everything.status_code == 400 and "more than 50 results" in everything.text
    paged = requests.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50 OFFSET 10"},
                         headers={"Accept": "text/csv"}, timeout=10)
    assert paged.status_code == 200 and len(paged.text.strip().splitlines()) == 51
    assert requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code == 200


def test_a_repeated_query_is_answered_from_the_cache_until_a_write_changes_the_store(url: str) -> None:
    """Answers are kept per store generation: a repeat is a hit, and after a write the same query
    is evaluated again over the new generation, never answered with the stale result."""
    for query in ("SELECT ?o WHERE { <urn:t:cached> <urn:t:p> ?o }",  # light: answered in the thread
                  "SELECT ?o WHERE { ?s <urn:t:p> ?o FILTER(?s = <urn:t:cached>) }"):  # a query process
        def values(query: str = query) -> tuple[str, list[str]]:
            response = requests.get(url + "/sparql", params={"query": query},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=10)
            assert response.status_code == 200, response.text
            bindings = response.json()["results"]["bindings"]
            return response.headers["X-TVKG-Cache"], sorted(b["o"]["value"] for b in bindings)

        assert values()[1] == [] and values()[0] == "hit"
        graph = "urn:t:cache-" + str(len(query))
        assert post_update(url, f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:t:cached> <urn:t:p> {len(query)} }} }}",
                           WRITER).status_code == 204
        assert values() == ("miss", [str(len(query))])
        assert values() == ("hit", [str(len(query))])
        assert post_update(url, f"DROP GRAPH <{graph}>", WRITER).status_code == 204
        assert values() == ("miss", [])


def test_volatile_queries_are_never_answered_from_the_cache(url: str) -> None:
    query = "SELECT (STRUUID() AS ?u) WHERE {}"
    first, second = (requests.get(url + "/sparql", params={"query": query}, timeout=10) for _ in range(2))
    assert first.headers["X-TVKG-Cache"] == second.headers["X-TVKG-Cache"] == "off"
    assert first.text != second.text
