"""JSON API over tvkg.relations: /api/path, /api/separation, /api/rank, /api/collaborators,
/api/derived, /api/shared-cast, /api/communities; /api/entity (an entity's record, as ``tvkg.connect``
reads it) and /api/projection/<name> (a whole projection as networkx node-link JSON).

Every answer names entities as {"iri", "label", "url"}. Errors are JSON {"error": ...}: 400 for a
bad parameter, 404 for a name nothing has (with "suggestions"), 300 Multiple Choices for a name
several entities share (with "candidates"; ask again by IRI), 503 with Retry-After while a
betweenness ranking is computed in the background. The schema is server/openapi.json.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, jsonify, request

from tvkg.entities.records import entity_record
from tvkg.errors import TvkgError
from tvkg.relations import export, questions
from tvkg.relations.centrality import NotReady
from tvkg.relations.projections import TooLarge
from tvkg.server.pages import page_url, store

if TYPE_CHECKING:
    from tvkg.entities.search import Hit
from tvkg.shared.process import Unavailable, ask

blueprint = Blueprint("relations", __name__)
RANK_WAIT = 5.0  # seconds a betweenness ranking may take before the answer is 503 "ask again shortly"


def _plain(value: Any) -> Any:
    """Dataclasses as dicts, with a page URL beside every entity IRI."""
    if isinstance(value, questions.Node):
        return {"iri": value.iri, "label": value.label, "url": page_url(value.iri)}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _hits(hits: list[Hit]) -> list[dict[str, str | None]]:
    return [{"iri": h.iri, "label": h.label, "kind": h.kind, "url": page_url(h.iri)} for h in hits]


def _answer(question: Callable[[], Any]) -> tuple[Response, int]:
    try:
        return jsonify(_plain(question())), 200
    except questions.AmbiguousName as error:
        return jsonify({"error": str(error), "candidates": _hits(error.candidates)}), 300
    except questions.UnknownEntity as error:
        return jsonify({"error": str(error), "suggestions": _hits(error.suggestions)}), 404
    except NotReady as error:
        response = jsonify({"error": str(error)})
        response.headers["Retry-After"] = str(error.retry_after)
        return response, 503
    except Unavailable as error:
        return jsonify({"error": str(error)}), 503
    except TooLarge as error:
        return jsonify({"error": str(error)}), 413
    except TvkgError as error:
        return jsonify({"error": str(error)}), 400


def _required(name: str) -> str:
    value = request.args.get(name, "")
    if not value.strip(" \t\n\r\f\v"):  # (control characters are a name nothing has: 404, not 400)
        raise TvkgError(f"the parameter {name}= is required (an IRI or a name)")
    return value


def _number(name: str, default: int, highest: int) -> int:
    text = request.args.get(name, str(default))
    if not text.isdigit() or not 1 <= int(text) <= highest:
        raise TvkgError(f"{name} must be a whole number from 1 to {highest}")
    return int(text)


@blueprint.get("/api/path")
def api_path() -> tuple[Response, int]:
    """The k shortest connections between ?from= and ?to=, each hop with its facts and a sentence;
    ?hubs=1 lets them pass through places, organisations and categories."""
    def question() -> dict[str, Any]:
        hubs = request.args.get("hubs", "") in ("1", "true", "yes")
        found = ask(questions.connections, store(), _required("from"), _required("to"), _number("k", 1, 20), hubs=hubs)
        return {"connected": bool(found), "connections": [{"length": c.length, **_plain(c)} for c in found]}
    return _answer(question)


@blueprint.get("/api/separation")
def api_separation() -> tuple[Response, int]:
    """Degrees of separation between two people (?from=, ?to=); with ?from= alone, the distribution."""
    def question() -> dict[str, Any]:
        if not request.args.get("to"):
            return {"distribution": ask(questions.separation_distribution, store(), _required("from"))}
        found = ask(questions.separation, store(), _required("from"), _required("to"))
        return {"connected": found is not None, "degrees": found.degrees if found else None,
                "people": _plain(found.people) if found else [], "shared": _plain(found.shared) if found else []}
    return _answer(question)


@blueprint.get("/api/rank")
def api_rank() -> tuple[Response, int]:
    """Centrality (?measure=degree|pagerank|betweenness) of ?kind=Person|Production, the ?top= best."""
    def question() -> dict[str, Any]:
        measure = request.args.get("measure", "degree")
        ranked = ask(questions.rank, store(), measure, request.args.get("kind"), _number("top", 10, 1000),
                                wait=RANK_WAIT)
        return {"measure": measure, "ranking": ranked}
    return _answer(question)


@blueprint.get("/api/collaborators")
def api_collaborators() -> tuple[Response, int]:
    """The ?top= people ?person= shares the most productions with."""
    return _answer(lambda: {"collaborators": ask(questions.collaborators, store(), _required("person"),
                                                                    _number("top", 10, 1000))})


@blueprint.get("/api/derived")
def api_derived() -> tuple[Response, int]:
    """What was adapted from ?work=: productions, their seasons and episodes, shared characters."""
    return _answer(lambda: {"adaptations": ask(questions.derived, store(), _required("work"))})


@blueprint.get("/api/shared-cast")
def api_shared_cast() -> tuple[Response, int]:
    """The ?top= pairs of productions sharing the most people."""
    return _answer(lambda: {"pairs": ask(questions.shared_cast, store(), _number("top", 10, 1000))})


@blueprint.get("/api/communities")
def api_communities() -> tuple[Response, int]:
    """The ?top= largest communities of collaborators."""
    return _answer(lambda: {"communities": ask(questions.communities, store(), _number("top", 10, 1000))})


@blueprint.get("/api/entity")
def api_entity() -> tuple[Response, int]:
    """What the graph says about ?id= (an IRI or any of its names): names in every language, types,
    statements with their sources. An entity merged with others is described under its one IRI."""
    current = store()
    return _answer(lambda: entity_record(current, ask(questions.resolve, current, _required("id"))))


@blueprint.get("/api/projection/<name>")
def api_projection(name: str) -> tuple[Response, int]:
    """A whole projection (entities, credits, collaboration, works) as networkx node-link JSON, for a
    researcher's own analysis: ``networkx.node_link_graph(answer, edges="edges")``. 413 past
    TVKG_MAX_ROWS edges."""
    return _answer(lambda: ask(export.node_link, store(), name, current_app.config["TVKG"].max_rows))
