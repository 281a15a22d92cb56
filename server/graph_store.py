"""The SPARQL 1.1 Graph Store HTTP Protocol at /graph-store, with indirect graph identification.

``?graph=IRI`` names a graph, ``?default`` the default graph (the merge of all named graphs, so it
can be read and added to, but not replaced or deleted as a whole). Reading is open to everyone like
/sparql; PUT, POST and DELETE need writes enabled and the bearer token (tvkg.server.auth), and run in
the writer process (tvkg.load.jobs), all-or-nothing.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from tvkg.load import update
from tvkg.load.jobs import DropGraph, WriteGraph
from tvkg.ontology.namespaces import GRAPH
from tvkg.query.pool import WriteJob
from tvkg.server import sparql
from tvkg.server.auth import check_writer
from tvkg.server.responses import REFUSALS, ProtocolError, refusal

blueprint = Blueprint("graph_store", __name__)

WHOLE_DEFAULT = "the default graph is the merge of all named graphs: PUT or DELETE a named graph instead"


@blueprint.route("/graph-store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    try:
        if request.method in ("GET", "HEAD"):  # Flask answers HEAD with GET's headers
            return _read(_target())
        check_writer(current_app.config["TVKG"], request)  # first: nothing is said to a stranger
        return _write(_target())
    except REFUSALS as error:
        return refusal(error)


def _target() -> str | None:
    """The graph IRI the request names; None for the default graph (and for POST to the store)."""
    graphs = request.args.getlist("graph")
    if graphs and "default" in request.args:
        raise ProtocolError(400, "give either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise ProtocolError(400, f"give exactly one 'graph' parameter, not {len(graphs)}")
    if not graphs:
        if "default" not in request.args and request.method != "POST":
            raise ProtocolError(400, "name a graph with ?graph=IRI, or the default graph with ?default")
        return None
    return sparql.graph_iri("graph", graphs[0])


def _read(graph: str | None) -> Response:
    store = sparql.store()
    if graph is not None and not update.graph_exists(store, graph):
        raise ProtocolError(404, f"there is no graph <{graph}> in this store")
    where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return sparql.answer(sparql.Operation(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}"), row_limit=False)


def _write(graph: str | None) -> Response:
    method = request.method
    if graph is None and method in ("PUT", "DELETE"):
        raise ProtocolError(405, WHOLE_DEFAULT, {"Allow": "GET, HEAD, POST"})
    created_here = None
    if method == "POST" and graph is None and "default" not in request.args:
        graph = created_here = f"{GRAPH}uploads/{uuid.uuid4()}"  # POST to the store makes a new graph
    if method != "DELETE":
        _check_media_type()
    job: WriteJob = DropGraph(graph) if method == "DELETE" else \
        WriteGraph(graph, request.get_data(cache=False), request.mimetype, replace=method == "PUT")
    outcome = sparql.write(job)
    if method == "DELETE" and outcome is False:
        raise ProtocolError(404, f"there is no graph <{graph}> in this store")
    if created_here is not None:
        response = Response(status=201)
        response.headers["Location"] = f"{request.base_url}?graph={quote(created_here, safe='')}"
        return response
    return Response(status=201 if outcome is True and method != "DELETE" else 204)


def _check_media_type() -> None:
    fmt = ox.RdfFormat.from_media_type(request.mimetype) if request.mimetype else None
    if fmt is None or fmt.supports_datasets:
        raise ProtocolError(415, f"send the graph as Turtle, N-Triples, RDF/XML or JSON-LD with a matching "
                                 f"Content-Type, not {request.mimetype or 'no Content-Type'}")
