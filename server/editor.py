"""The query editor page (GET /sparql from a browser), the prefix list its completion reads, and
/examples: every example query grouped by task, runnable, and published as RDF (SHACL
sh:SPARQLExecutable) so other tools can read them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from tvkg.entities import search
from tvkg.ontology.namespaces import PREFIXES, compact, expand
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.query import completion
from tvkg.server.examples import EXAMPLES, TASKS, VIEWS, Example
from tvkg.server.negotiation import GRAPHS, HTML, RESULTS
from tvkg.server.pages import store
from tvkg.shared import process as shared

blueprint = Blueprint("editor", __name__)
VENDORED = "vendor/yasgui/yasgui.min.js"


@dataclass(frozen=True)
class DownloadGroup:
    label: str
    kinds: str  # the query forms whose results come in these formats, space-separated


DOWNLOAD_GROUPS = [
    (DownloadGroup("SELECT and ASK results", "SELECT ASK"), [f for f in RESULTS if f is not HTML]),
    (DownloadGroup("CONSTRUCT and DESCRIBE graphs", "CONSTRUCT DESCRIBE"), [f for f in GRAPHS if f is not HTML]),
]


def page() -> str:
    """The editor: YASGUI with the example queries, completion and download links. ``?edit=`` opens
    it on a query (run at once, in ``?view=``, with ``?as_of=``): how a short link reopens."""
    endpoint = request.base_url
    opened = {"query": request.args.get("edit", "")[:current_app.config["TVKG"].max_query_bytes],
              "view": request.args.get("view") if request.args.get("view") in VIEWS else "",
              "asOf": request.args.get("as_of", "")[:10]}
    config = {"endpoint": endpoint, "prefixesUrl": url_for("editor.prefixes"), "linksUrl": url_for("short_links.make"),
              "entitiesUrl": url_for("editor.complete_entities"),
              "propertiesUrl": url_for("editor.complete_properties"),
              "examples": [{"title": e.title, "query": shown(e)} for e in EXAMPLES], "opened": opened}
    return render_template("sparql.html", endpoint=endpoint, prefixes=PREFIXES, examples=EXAMPLES,
                           download_groups=DOWNLOAD_GROUPS, editor_config=config, editor_installed=_installed())


def _installed() -> bool:
    """Whether YASGUI is in static/vendor (`make assets` puts it there); without it the page offers a
    plain form instead of a broken editor."""
    return (Path(current_app.static_folder or "") / VENDORED).is_file()


@blueprint.get("/api/complete/entities")
def complete_entities() -> Response:
    """Entities for what was typed (?q=, at least 2 characters): [{text, label, detail}], best first."""
    typed = request.args.get("q", "")
    words = typed.split(":", 1)[-1].replace("-", " ").strip()  # "Park Ji", or the local part of "person:park-ji"
    hits = shared.ask(search.search, store(), words, limit=10) if len(typed.strip()) >= 2 else []
    return jsonify([dataclasses.asdict(completion.Suggestion(compact(hit.iri), hit.label, hit.kind)) for hit in hits])


@blueprint.get("/api/complete/properties")
def complete_properties() -> Response | tuple[Response, int]:
    """Properties used on things of ?class= (a prefixed name or an IRI; none: of anything) that
    start with ?prefix=, most used first; 503 with Retry-After while the table is being built."""
    cls = request.args.get("class", "").strip()
    iri = expand(cls) if cls else None
    found = completion.properties(store(), iri, request.args.get("prefix", ""))
    if found is None:
        response = jsonify({"error": "the property table is being built for this version of the data; ask again"})
        response.headers["Retry-After"] = "5"
        return response, 503
    return jsonify([dataclasses.asdict(s) for s in found])


@blueprint.get("/api/prefixes")
def prefixes() -> Response:
    """The prefixes every query may use undeclared, as {prefix: namespace IRI}."""
    return jsonify(PREFIXES)


SH = "http://www.w3.org/ns/shacl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
EXECUTABLE = {"SELECT": ("SPARQLSelectExecutable", "select"), "ASK": ("SPARQLAskExecutable", "ask"),
              "CONSTRUCT": ("SPARQLConstructExecutable", "construct"), "DESCRIBE": ("SPARQLExecutable", "select")}


@blueprint.get("/examples")
def examples() -> Response:
    """The example queries grouped by task (HTML), or as SHACL executables (Turtle, JSON-LD, ...)."""
    rdf = [f.media_type for f in GRAPHS if f is not HTML]
    if request.accept_mimetypes.best_match(["text/html", *rdf]) != "text/html" or "format" in request.args:
        from tvkg.server.describe_service import rdf_response  # (describe_service imports this module)

        return rdf_response(example_triples(request.base_url), request)
    groups = [(task, [e for e in EXAMPLES if e.task == task]) for task in TASKS]
    return Response(render_template("examples.html", groups=groups, endpoint=url_for("sparql.endpoint")),
                    mimetype="text/html")


def example_triples(page: str) -> list[ox.Triple]:
    """Each example as a sh:SPARQLExecutable named ``<page>#<slug>``: its label, description, task
    (dcterms:subject) and query text (with its PREFIX lines and its #defaultView comment)."""
    triples = []
    for example in EXAMPLES:
        node = ox.NamedNode(f"{page}#{example.slug}")
        kind, text_property = EXECUTABLE[example.form]
        triples += [ox.Triple(node, RDF_TYPE, ox.NamedNode(SH + "SPARQLExecutable")),
                    ox.Triple(node, RDF_TYPE, ox.NamedNode(SH + kind)),
                    ox.Triple(node, ox.NamedNode(SH + text_property), ox.Literal(shown(example))),
                    ox.Triple(node, ox.NamedNode(RDFS + "label"), ox.Literal(example.title, language="en")),
                    ox.Triple(node, ox.NamedNode(RDFS + "comment"), ox.Literal(example.description, language="en")),
                    ox.Triple(node, ox.NamedNode(DCTERMS + "subject"), ox.Literal(example.task, language="en"))]
    return triples


def shown(example: Example) -> str:
    """The query as a reader gets it: a #defaultView comment (the Wikidata Query Service's way of
    naming the result view) when the best view is not the table, then the PREFIX lines and body."""
    view = f"#defaultView:{example.view.capitalize()}\n" if example.view != "table" else ""
    return view + example.query
