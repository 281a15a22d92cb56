"""What the endpoint says about itself: the SPARQL 1.1 Service Description at /sparql (no query)
and the VoID description of the dataset at /.well-known/void.

Both are RDF, built as pyoxigraph triples and written in the negotiated RDF format. The dataset
figures are computed once per store generation (a load publishes a new one).
"""

from __future__ import annotations

from typing import Any, cast

import pyoxigraph as ox
from flask import Request, Response, current_app

from tvkg.ontology.namespaces import ENTITY, PREFIXES, expand
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.server import editor
from tvkg.server.negotiation import GRAPHS, HTML, choose
from tvkg.store import stats as statistics
from tvkg.store.derived import derived
from tvkg.store.generations import Store

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")

RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"]


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_node("http://www.w3.org/2001/XMLSchema#integer"))


@derived
def figures(store: Store) -> dict[str, Any]:
    """Dataset figures of the store's current generation, computed once per generation."""
    figures = statistics.collect(store)
    figures["examples"] = [row["x"].value for row in cast(ox.QuerySolutions, store.ox.query(
        f"SELECT DISTINCT ?x WHERE {{ VALUES ?c {{ <{PREFIXES['tv']}Show> <{PREFIXES['tv']}Person> "
        f"<{PREFIXES['tv']}Announcement> }} ?x a ?c }} LIMIT 5"))]
    return figures


def service_triples(store: Store, endpoint: str, void_url: str, updates: bool = False) -> list[ox.Triple]:
    """The sd:Service description of this endpoint and its default dataset."""
    service, dataset, default = _node(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
    facts = figures(store)
    triples = [
        ox.Triple(service, RDF_TYPE, _node(SD + "Service")),
        ox.Triple(service, _node(SD + "endpoint"), service),
        ox.Triple(service, _node(SD + "supportedLanguage"), _node(SD + "SPARQL11Query")),
        ox.Triple(service, _node(SD + "feature"), _node(SD + "UnionDefaultGraph")),
        ox.Triple(service, _node(SD + "feature"), _node(SD + "BasicFederatedQuery")),
        ox.Triple(service, _node(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _node(SD + "Dataset")),
        ox.Triple(dataset, _node(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _node(SD + "Graph")),
        ox.Triple(default, _node(VOID + "triples"), _int(facts["triples"])),
        ox.Triple(dataset, _node("http://www.w3.org/2000/01/rdf-schema#seeAlso"), _node(void_url)),
    ]
    triples += [ox.Triple(service, _node(SD + "resultFormat"), _node(FORMATS + f)) for f in RESULT_FORMATS]
    if updates:
        triples.append(ox.Triple(service, _node(SD + "supportedLanguage"), _node(SD + "SPARQL11Update")))
    for i, (graph, count) in enumerate(facts["per_graph"].items()):
        named, inner = ox.BlankNode(f"ng{i}"), ox.BlankNode(f"g{i}")
        triples += [ox.Triple(dataset, _node(SD + "namedGraph"), named),
                    ox.Triple(named, _node(SD + "name"), _node(graph)),
                    ox.Triple(named, _node(SD + "graph"), inner),
                    ox.Triple(inner, _node(VOID + "triples"), _int(count))]
    return triples


def void_triples(store: Store, endpoint: str, void_url: str) -> list[ox.Triple]:
    """VoID: size, entities per class, one subset per named graph, examples, where to query it."""
    dataset, facts = _node(void_url + "#dataset"), figures(store)
    triples = [
        ox.Triple(dataset, RDF_TYPE, _node(VOID + "Dataset")),
        ox.Triple(dataset, DCTERMS_TITLE, ox.Literal("tvkg: a knowledge graph of TV productions", language="en")),
        ox.Triple(dataset, _node(VOID + "triples"), _int(facts["triples"])),
        ox.Triple(dataset, _node(VOID + "sparqlEndpoint"), _node(endpoint)),
        ox.Triple(dataset, _node(VOID + "uriSpace"), ox.Literal(str(ENTITY))),
        ox.Triple(dataset, _node(VOID + "vocabulary"), _node(PREFIXES["tv"])),
        ox.Triple(dataset, _node(VOID + "vocabulary"), _node(PREFIXES["schema"])),
    ]
    triples += [ox.Triple(dataset, _node(VOID + "exampleResource"), _node(x)) for x in facts["examples"]]
    for i, (cls, count) in enumerate(facts["classes"].items()):
        part = ox.BlankNode(f"class{i}")
        triples += [ox.Triple(dataset, _node(VOID + "classPartition"), part),
                    ox.Triple(part, _node(VOID + "class"), _node(expand(cls))),
                    ox.Triple(part, _node(VOID + "entities"), _int(count))]
    for graph, count in facts["per_graph"].items():
        subset = _node(graph)
        triples += [ox.Triple(dataset, _node(VOID + "subset"), subset),
                    ox.Triple(subset, RDF_TYPE, _node(VOID + "Dataset")),
                    ox.Triple(subset, _node(VOID + "triples"), _int(count))]
    return triples


def rdf_response(triples: list[ox.Triple], request: Request) -> Response:
    """Write ``triples`` in the format the client asked for (Turtle by default)."""
    fmt = choose([f for f in GRAPHS if f is not HTML], request.args.get("format"), request.accept_mimetypes)
    writer = cast(ox.RdfFormat, fmt.writer)  # (a graph format: an RDF format)
    body = ox.serialize(triples, format=writer, prefixes={"sd": SD, "void": VOID, **PREFIXES}
                        if writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def response(store: Store, request: Request) -> Response:
    """GET /sparql with no query: the query page for browsers, the service description for programs."""
    best = request.accept_mimetypes.best_match(["text/html", *(f.media_type for f in GRAPHS if f is not HTML)])
    if best == "text/html" and "format" not in request.args:
        return Response(editor.page(), mimetype="text/html")
    endpoint = request.base_url
    updates = current_app.config["TVKG"].updates_enabled
    return rdf_response(service_triples(store, endpoint, request.host_url + ".well-known/void", updates), request)
