"""The endpoint with the clients researchers use, against `tvkg serve` on loopback."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.server_process import seeded_server

CAST = "SELECT ?actor WHERE { show:all-of-us-are-dead tv:castMember/skos:prefLabel ?actor FILTER(lang(?actor)='en') }"
SHOW = "https://w3id.org/tvkg/id/show/all-of-us-are-dead"
CONSTRUCT = f"CONSTRUCT {{ ?s a ?t }} WHERE {{ VALUES ?s {{ <{SHOW}> }} ?s a ?t }}"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_server(tmp_path_factory.mktemp("endpoint")) as base:
        yield base


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_in_json_xml_csv_tsv(url: str) -> None:
    names = {b["actor"]["value"] for b in wrapper(url, CAST, JSON).query().convert()["results"]["bindings"]}
    assert {"Park Ji-hu", "Lomon", "Im Jae-hyuk"} <= names and len(names) == 8
    xml = wrapper(url, CAST, XML).query().convert()
    assert len(xml.getElementsByTagName("result")) == 8
    rows = list(csv.reader(io.StringIO(wrapper(url, CAST, CSV).query().convert().decode())))
    assert rows[0] == ["actor"] and len(rows) == 9
    tsv = wrapper(url, CAST, TSV).query().convert().decode().splitlines()
    assert tsv[0] == "?actor" and len(tsv) == 9


def test_sparqlwrapper_ask(url: str) -> None:
    assert wrapper(url, "ASK { ?x a tv:Character }", JSON).query().convert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparqlwrapper_construct_in_each_rdf_format(url: str, fmt: str) -> None:
    graph = wrapper(url, CONSTRUCT, fmt).query().convert()
    if not isinstance(graph, Graph):
        graph = Graph().parse(data=graph, format="turtle" if fmt in (TURTLE, N3) else "json-ld")
    assert (URIRef(SHOW), None, URIRef("https://schema.org/TVSeries")) in graph


def test_rdflib_sparqlstore_reads_the_graph(url: str) -> None:
    graph = Graph(store=SPARQLStore(url + "/sparql", returnFormat="json"))
    rows = list(graph.query(f"""SELECT ?actor WHERE {{
        <{SHOW}> <https://w3id.org/tvkg/ontology#castMember>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?actor
        FILTER(lang(?actor) = 'en') }}"""))
    assert len(rows) == 8
    labels = list(graph.objects(URIRef(SHOW), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    assert "All of Us Are Dead" in {str(label) for label in labels}


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/n-quads", ox.RdfFormat.N_QUADS), ("application/trig", ox.RdfFormat.TRIG),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_every_rdf_format_by_accept_parses_to_the_same_triples(url: str, accept: str, fmt: ox.RdfFormat) -> None:
    reference = set(ox.parse(requests.get(url + "/sparql", params={"query": CONSTRUCT, "format": "nt"},
                                          timeout=10).content, format=ox.RdfFormat.N_TRIPLES))
    response = requests.get(url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept}, timeout=10)
    assert response.headers["Content-Type"].startswith(accept) and response.headers["Vary"] == "Accept"
    assert {q.triple for q in ox.parse(response.content, format=fmt)} == {q.triple for q in reference}
    assert len(reference) >= 5


def test_browsers_get_an_html_table_with_text_escaped(url: str) -> None:
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    page = requests.get(url + "/sparql", params={"query": query}, headers={"Accept": "text/html"}, timeout=10)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


@pytest.mark.parametrize(("request_kwargs", "status", "message"), [
    ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "line 1, column"),
    ({"method": "GET", "params": {"query": ["ASK {}", "ASK {}"]}}, 400, "exactly one"),
    ({"method": "PUT"}, 405, "not allowed"),
    ({"method": "GET", "params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "available"),
    ({"method": "POST", "data": {"query": "ASK {" + " " * 70_000 + "}"}}, 413, "limit is 65,536"),
    ({"method": "POST", "data": b"ASK {" + b" " * 2_000_000 + b"}",
      "headers": {"Content-Type": "application/sparql-query"}}, 413, "larger than"),
    ({"method": "POST", "data": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "POST a query as"),
    ({"method": "POST", "data": "ASK {}".encode("utf-16"),
      "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415, "UTF-8"),
    ({"method": "POST", "data": {"update": "CLEAR ALL"}}, 403, "read-only"),
    ({"method": "POST", "data": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
     403, "read-only"),
])
def test_refusals_have_the_right_status_and_a_readable_message(url: str, request_kwargs: dict, status: int,
                                                               message: str) -> None:
    response = requests.request(url=url + "/sparql", timeout=10, **request_kwargs)
    assert response.status_code == status, response.text
    assert message in response.text and "Traceback" not in response.text
    assert response.headers["Content-Type"].startswith("text/plain")


def test_the_store_is_unchanged_after_a_refused_update(url: str) -> None:
    requests.post(url + "/sparql", data={"update": "CLEAR ALL"}, timeout=10)
    assert requests.get(url + "/sparql", params={"query": "ASK { ?s a tv:Show }"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=10).json()["boolean"]


def test_cors_lets_other_origins_query(url: str) -> None:
    preflight = requests.options(url + "/sparql", headers={"Origin": "https://yasgui.example",
                                                           "Access-Control-Request-Method": "POST"}, timeout=10)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    response = requests.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://x.example"},
                            timeout=10)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_service_description(url: str) -> None:
    response = requests.get(url + "/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(url + "/sparql")
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert len(list(graph.objects(service, URIRef(sd + "resultFormat")))) == 10
    names = {str(n) for n in graph.objects(None, URIRef(sd + "name"))}
    assert "https://w3id.org/tvkg/graph/article-aoud-s2" in names


def test_void_describes_the_dataset(url: str) -> None:
    response = requests.get(url + "/.well-known/void", headers={"Accept": "application/ld+json"}, timeout=10)
    graph = Graph().parse(data=response.text, format="json-ld")
    void = "http://rdfs.org/ns/void#"
    rows = list(graph.query(f"""SELECT ?triples ?entities WHERE {{
        ?d <{void}triples> ?triples ; <{void}classPartition> ?p .
        ?p <{void}class> <https://w3id.org/tvkg/ontology#Person> ; <{void}entities> ?entities }}"""))
    count = requests.get(url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=10).json()
    assert int(rows[0][0]) == int(count["results"]["bindings"][0]["n"]["value"])
    assert int(rows[0][1]) >= 11
    assert list(graph.objects(None, URIRef(void + "exampleResource")))


def test_streaming_a_large_result(url: str) -> None:
    query = "SELECT ?a ?b WHERE { ?a ?p1 ?x . ?b ?p2 ?y } LIMIT 200000"
    with requests.get(url + "/sparql", params={"query": query, "format": "tsv"}, stream=True, timeout=60) as response:
        assert response.headers.get("Transfer-Encoding") == "chunked"
        lines = sum(chunk.count(b"\n") for chunk in response.iter_content(65536))
    assert lines == 200_001
    assert json.loads(requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10).text)["boolean"]


def test_granian_serves_the_same_app(tmp_path: Path) -> None:
    """`tvkg serve --server granian`: queries by GET and by chunked POST (granian before 2.8.2 read
    such bodies as empty), a light query answered in the thread, and a page."""
    from tests.server_process import seeded_server

    with seeded_server(tmp_path, env={"TVKG_SERVER": "granian"}) as base:
        ask = requests.get(base + "/sparql", params={"query": "ASK { ?s skos:prefLabel \"Squid Game\"@en }"},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert ask.status_code == 200 and ask.headers["Server"] == "granian"
        chunked = requests.post(base + "/sparql", data=iter([b"SELECT (COUNT(*) AS ?n) ", b"WHERE { ?s ?p ?o }"]),
                                headers={"Content-Type": "application/sparql-query",
                                         "Accept": "application/sparql-results+json"}, timeout=30)
        assert chunked.status_code == 200, chunked.text
        assert int(chunked.json()["results"]["bindings"][0]["n"]["value"]) > 100
        page = requests.get(base + "/id/show/all-of-us-are-dead", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "All of Us Are Dead" in page.text
