"""Entity pages: every IRI tvkg mints is dereferenceable, as HTML for people and RDF for programs.

Cool URIs with 303 redirects: ``/id/show/x`` (the IRI ``https://w3id.org/tvkg/id/show/x`` once
w3id.org redirects to this server) names the show itself, so a GET answers ``303 See Other`` to a
document about it chosen by the Accept header: ``/id/show/x.html``, ``.ttl``, ``.jsonld``, ``.nt``
or ``.rdf``. Documents carry ETag and Last-Modified (the store generation) and answer 304 to
conditional requests. Any other IRI (a Wikidata item, a named graph) is shown at ``/page?iri=``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import TYPE_CHECKING

import pyoxigraph as ox
from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from tvkg.entities import description as entity
from tvkg.entities import neighbourhood, search, sections
from tvkg.entities.ontology_terms import terms
from tvkg.errors import TvkgError
from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.relations import questions
from tvkg.server.services import services
from tvkg.shared.process import ask
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

if TYPE_CHECKING:
    import werkzeug  # werkzeug.Response: what redirect() returns (flask's Response is one)

    from tvkg.entities.search import Hit

blueprint = Blueprint("pages", __name__)

# Document suffix -> (media type, RDF format; None for HTML)
DOCUMENTS = {
    "html": ("text/html", None),
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
SCHEMA = "https://schema.org/"


def store() -> Store:
    return services().store


def page_url(iri: str) -> str | None:
    """Where this server shows an IRI: its own path for tvkg entities, /page?iri= for others; None for
    IRIs that are not http(s) (a javascript: IRI in the data must never become a link)."""
    if iri.startswith(str(ENTITY)):
        return "/id/" + iri.removeprefix(str(ENTITY))
    if iri.startswith(str(TV)):
        return url_for("pages.ontology") + "#" + iri.removeprefix(str(TV))
    if iri.startswith(("http://", "https://", "urn:")):
        return url_for("pages.any_iri", iri=iri)
    return None


@blueprint.get("/id/<path:rest>")
def entity_iri(rest: str) -> werkzeug.Response:
    """The entity itself: 303 to the document in the format asked for; or the document."""
    path, _, suffix = rest.rpartition(".")
    if path and suffix in DOCUMENTS and "/" in path:
        return document(str(ENTITY) + path, suffix)
    iri = str(ENTITY) + rest
    best = request.accept_mimetypes.best_match([m for m, _ in DOCUMENTS.values()], default="text/html")
    suffix = next(s for s, (m, _) in DOCUMENTS.items() if m == best)
    if not entity.exists(store(), iri):
        return not_found(iri)
    query = request.query_string.decode("latin-1")
    # A merged entity has one page, under the IRI its cluster goes by, whichever member is asked for.
    canonical = clusters(store()).of(iri)
    if canonical != iri and canonical.startswith(str(ENTITY)):
        rest = canonical.removeprefix(str(ENTITY))
    response = redirect(f"/id/{rest}.{suffix}" + (f"?{query}" if query else ""), code=303)
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get("/page")
def any_iri() -> werkzeug.Response:
    """Any IRI the graph mentions (external ones included), as HTML or, with format=, as RDF."""
    iri = request.args.get("iri", "").strip()
    try:
        ox.NamedNode(iri)
    except ValueError:
        return Response(render_template("not_found.html", iri=iri, hits=[],
                                        reason="Give an absolute IRI: /page?iri=https://…"), 400)
    suffix = request.args.get("format", "html")
    if suffix not in DOCUMENTS:
        abort(406)
    return document(iri, suffix)


def document(iri: str, suffix: str) -> werkzeug.Response:
    """One representation of an entity, with validators for conditional requests."""
    current = store()
    if not entity.exists(current, iri):
        return not_found(iri)
    canonical = clusters(current).of(iri)
    if canonical != iri:  # a member of a merged entity: its page is the entity's (302: merges can be undone)
        query = request.query_string.decode("latin-1") if canonical.startswith(str(ENTITY)) else ""
        return redirect(_document_path(canonical, suffix) + (f"?{query}" if query else ""), code=302)
    asked = request.query_string.decode("latin-1")  # the connection panel's ?connect= changes the page
    etag = hashlib.sha1(f"{current.generation}|{iri}|{suffix}|{asked}".encode()).hexdigest()
    media_type, fmt = DOCUMENTS[suffix]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    elif fmt is None:
        response = Response(html_page(current, iri), mimetype=media_type)
    else:
        body = ox.serialize(entity.bounded_description(current, iri), format=fmt)
        response = Response(body, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(etag)
    response.headers["Last-Modified"] = _last_modified(current)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(f'<{_document_path(iri, s)}>; rel="alternate"; type="{m}"'
                                         for s, (m, _) in DOCUMENTS.items())
    return response


def _document_path(iri: str, suffix: str) -> str:
    if iri.startswith(str(ENTITY)):
        return f"/id/{iri.removeprefix(str(ENTITY))}.{suffix}"
    return url_for("pages.any_iri", iri=iri, format=suffix)


def _last_modified(current: Store) -> str:
    generation = current.generation
    return formatdate(generation.stat().st_mtime if generation else 0, usegmt=True)


def html_page(current: Store, iri: str) -> str:
    described = entity.describe(current, iri)
    assert described is not None
    all_sources = entity.sources(current)
    found = sections.sections(current, iri, described.type_names, all_sources, unreviewed=_unreviewed())
    return render_template(
        "entity.html", entity=described, unreviewed=_unreviewed(), sections=found,
        drawing=neighbourhood.draw(current, iri), summary=summary(described, found),
        schema_org=schema_org(described),
        documents={s: _document_path(iri, s) for s in DOCUMENTS if s != "html"}, page_url=page_url,
        connection=connection_panel(current, iri, request.args.get("connect", "").strip()))


def _unreviewed() -> bool:
    """?unreviewed=1: count the claims extracted from news that no curator has reviewed yet."""
    return request.args.get("unreviewed") in ("1", "true", "yes")


@dataclass
class ConnectionPanel:
    """What the "How is X connected to ...?" panel shows: the question, and paths or a problem."""

    asked: str
    paths: list[questions.Connection]
    problem: str = ""
    hits: list[Hit] = field(default_factory=list)


def connection_panel(current: Store, iri: str, other: str) -> ConnectionPanel:
    """Up to three shortest connections from this entity to ``other`` (an IRI or a name)."""
    if not other:
        return ConnectionPanel("", [])
    try:
        found = ask(questions.connections, current, iri, other, k=3)
    except questions.AmbiguousName as error:
        return ConnectionPanel(other, [], f"Several entities are called “{other}”; pick one:", error.candidates)
    except questions.UnknownEntity as error:
        return ConnectionPanel(other, [], f"Nothing is called “{other}”.", error.suggestions)
    except TvkgError as error:
        return ConnectionPanel(other, [], str(error))
    return ConnectionPanel(other, found, "" if found else f"No connection to “{other}” in the graph.")


SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"


def summary(described: entity.Entity, found: list[sections.Section]) -> str:
    """One generated sentence: what it is, and its most telling facts (for a person, the credits
    among the page's sections ``found``)."""
    credited = sections.credit_summary(described.label, found)
    if credited:
        return credited
    kind = next((t.text for t in described.types if t.link and t.link.endswith(tuple(sorted(described.type_names)))),
                "thing")
    specific = [t.text for t in described.types if t.text not in ("production", "source work")]
    kind = specific[0] if specific else kind
    scheme = next((f for f in described.facts if f.property == SKOS_IN_SCHEME), None)
    if kind == "thing" and scheme is not None:  # a catalogue's category, a status, a kind of announcement
        users = sum(len(f.values) for f in described.incoming)
        return f"{described.label} is a concept of {scheme.values[0].text}; {users:,} entities link to it."
    parts = [f"{described.label} is a {kind}"]
    for fact in described.facts:
        if fact.property.removeprefix(str(TV)) in ("originalNetwork", "author", "seasonOf", "basedOn", "kind"):
            parts.append(f"{fact.label} {', '.join(v.text for v in fact.values[:3])}")
    return "; ".join(parts) + "."


def schema_org(described: entity.Entity) -> str:
    """schema.org JSON-LD for search engines, from the schema.org facts inference put in the graph."""
    data: dict[str, object] = {"@context": "https://schema.org", "@id": described.iri, "name": described.label}
    types = [t.removeprefix(SCHEMA) for t in described.other_types if t.startswith(SCHEMA)]
    alternate = sorted({n.text for n in described.names if n.text != described.label})
    if alternate:
        data["alternateName"] = alternate
    if described.comments:
        data["description"] = described.comments[0].text
    data["@type"] = types or "Thing"
    # Escape "<" so the JSON can never close the script element it sits in.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def not_found(iri: str) -> Response:
    """A helpful 404: what was asked for, and entities with similar names."""
    words = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    hits = ask(search.search, store(), words, limit=8) or ask(search.search, store(), words.split(" ")[0], limit=8) \
        if words else []
    return Response(render_template("not_found.html", iri=iri, hits=hits, page_url=page_url,
                                    reason="The graph says nothing about this IRI."), 404)


@blueprint.get("/api/search")
def api_search() -> Response | tuple[Response, int]:
    """Autocomplete: entities whose names match ?q=, as JSON [{iri, label, kind, matched, url}]."""
    query = request.args.get("q", "")
    text = request.args.get("limit", "10")
    if not text.isdigit() or not 1 <= int(text) <= 50:
        return jsonify({"error": "limit must be a whole number from 1 to 50"}), 400
    limit = int(text)
    hits = ask(search.search, store(), query, limit=limit)
    return jsonify([{"iri": h.iri, "label": h.label, "kind": h.kind, "matched": h.matched, "url": page_url(h.iri)}
                    for h in hits])


@blueprint.get("/search")
def search_page() -> werkzeug.Response:
    """The search box's target without JavaScript: a list of hits, or straight to a single one."""
    query = request.args.get("q", "")
    hits = ask(search.search, store(), query, limit=30)
    if len(hits) == 1:
        return redirect(page_url(hits[0].iri) or "/", code=303)
    return Response(render_template("search.html", query=query, hits=hits, page_url=page_url))


@blueprint.get("/ontology")
def ontology() -> str:
    classes, properties = terms(store())
    return render_template("ontology.html", classes=classes, properties=properties, page_url=page_url)
