"""Citable short links: ``POST /q`` keeps a query, its view and as-of date with the store generation
it ran on and what it answered; ``GET /q/<id>`` runs it again and says whether the data has changed
since, and ``/q/<id>/diff`` shows what changed.

A link's id is a digest of what it keeps (query, view, as-of date, generation), so making the same
link twice gives the same id and ids cannot be guessed in order. Links live in SQLite
(``links.sqlite`` in the store directory, beside the generations), outside the RDF store: the
endpoint stays read-only. A kept answer is at most 1 MiB; a query whose answer is larger gets
413 and no link, since a link that cannot say whether its answer changed cites nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request, url_for

from tvkg.errors import QueryError
from tvkg.query.execute import term_text
from tvkg.query.pool import PoolBusy, QueryTimeout, ResultTooLarge
from tvkg.server import sparql
from tvkg.server.examples import VIEWS
from tvkg.server.responses import REFUSALS, ProtocolError, refusal
from tvkg.server.services import services

blueprint = Blueprint("short_links", __name__)
KEPT_BYTES = 1 << 20  # the largest answer a link keeps
MAX_LINKS = 100_000  # past this many, no new link (the table is a citation record, not a cache)
SCHEMA = """CREATE TABLE IF NOT EXISTS link (
  id TEXT PRIMARY KEY, query TEXT NOT NULL, view TEXT NOT NULL, as_of TEXT, generation TEXT NOT NULL,
  created TEXT NOT NULL, kind TEXT NOT NULL, answer BLOB NOT NULL)"""


@dataclass(frozen=True)
class Link:
    id: str
    query: str
    view: str
    as_of: str | None
    generation: str
    created: str
    kind: str  # boolean, solutions or graph
    answer: bytes  # SPARQL JSON results, or N-Triples for a graph


class LinkBook:
    """The links of one store, in SQLite (one connection per thread; SQLite serialises the writes)."""

    def __init__(self, path: Path) -> None:
        self.path, self._local = path, threading.local()
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self.path, timeout=10)
        return cast(sqlite3.Connection, self._local.db)

    def get(self, link_id: str) -> Link | None:
        row = self._db().execute("SELECT * FROM link WHERE id = ?", (link_id,)).fetchone()
        return Link(*row) if row else None

    def add(self, link: Link) -> None:
        with self._db() as db:
            if db.execute("SELECT COUNT(*) FROM link").fetchone()[0] >= MAX_LINKS:
                raise ProtocolError(507, f"this server keeps at most {MAX_LINKS:,} short links, and has them all")
            db.execute("INSERT OR IGNORE INTO link VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (link.id, link.query, link.view, link.as_of, link.generation, link.created, link.kind,
                        link.answer))


def book() -> LinkBook:
    """The store's link book; 404 where the store has no directory (in memory, or another server)."""
    shared = services()
    with shared.links_lock:
        if shared.links is None:
            if shared.root is None:
                raise ProtocolError(404, "short links need a store on disk; this server's store has no directory")
            shared.links = LinkBook(shared.root / "links.sqlite")
        return shared.links


def _id(query: str, view: str, as_of: str | None, generation: str) -> str:
    digest = hashlib.sha256(json.dumps([query, view, as_of, generation]).encode()).digest()
    return base64.b32encode(digest).decode()[:12].lower()


def _run(query: str, as_of: str | None) -> tuple[str, bytes]:
    try:
        return sparql.evaluate(query, as_of, KEPT_BYTES)
    except ResultTooLarge as error:
        raise ProtocolError(413, f"{error}; narrow the query (LIMIT) to link it") from None
    except (QueryError, QueryTimeout) as error:
        raise ProtocolError(400, str(error)) from None
    except PoolBusy as error:
        raise ProtocolError(error.status, str(error), {"Retry-After": str(error.retry_after)}) from None


@blueprint.post("/q")
def make() -> tuple[Response, int] | Response:
    """Keep the query (form or JSON: query, view, as_of) with what it answers now; 201 and its URL."""
    try:
        asked = request.get_json(silent=True) or request.form
        query = str(asked.get("query") or "").strip()
        view, as_of = str(asked.get("view") or "table"), asked.get("as_of") or None
        if not query:
            raise ProtocolError(400, "give the query to link as 'query'")
        if view not in VIEWS:
            raise ProtocolError(400, f"view is one of {', '.join(VIEWS)}, not {view!r}")
        generation = _generation()
        kind, answer = _run(query, as_of)
        link = Link(_id(query, view, as_of, generation), query, view, as_of, generation,
                    time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), kind, answer)
        book().add(link)
    except REFUSALS as error:
        return refusal(error)
    url = url_for("short_links.show", link_id=link.id, _external=True)
    response = jsonify({"id": link.id, "url": url, "generation": generation})
    response.headers["Location"] = url
    return response, 201


@dataclass(frozen=True)
class Changes:
    """What a link's query answers now against what it answered then."""

    same: bool
    removed: list[tuple[str, ...]]
    added: list[tuple[str, ...]]
    variables: list[str]
    generation: str


def _rows(kind: str, answer: bytes) -> tuple[list[str], set[tuple[str, ...]]]:
    """An answer as (columns, set of rows of display text), to compare two answers."""
    if kind == "graph":
        return ["subject", "predicate", "object"], {
            tuple(term_text(t) for t in (q.subject, q.predicate, q.object))
            for q in ox.parse(answer, format=ox.RdfFormat.N_TRIPLES)}
    doc = json.loads(answer)
    if "boolean" in doc:
        return ["answer"], {(str(doc["boolean"]).lower(),)}
    variables = doc["head"]["vars"]
    return variables, {tuple(sparql.binding_text(b.get(v)) for v in variables) for b in doc["results"]["bindings"]}


def _generation() -> str:
    """The name of the store generation queries read now ("gen-12"): in a link, never a path."""
    book()  # (404 first where the store has no directory)
    generation = services().store.generation
    assert generation is not None  # a store with a directory has generations
    return generation.name


def compare(link: Link) -> Changes:
    generation = _generation()
    kind, answer = _run(link.query, link.as_of)
    _, then = _rows(link.kind, link.answer)
    variables, now = _rows(kind, answer)
    return Changes(then == now and kind == link.kind, sorted(then - now), sorted(now - then), variables, generation)


def _found(link_id: str) -> Link:
    link = book().get(link_id)
    if link is None:
        raise ProtocolError(404, f"no short link {link_id!r} on this server")
    return link


@blueprint.get("/q/<link_id>")
def show(link_id: str) -> Response | tuple[Response, int]:
    """The link's query, run again: the same answer as when it was made, or changed (see the diff)."""
    return _page(link_id, diff=False)


@blueprint.get("/q/<link_id>/diff")
def diff(link_id: str) -> Response | tuple[Response, int]:
    """The rows the link's answer has lost and gained since it was made."""
    return _page(link_id, diff=True)


def _page(link_id: str, diff: bool) -> Response | tuple[Response, int]:
    try:
        link = _found(link_id)
        changes = compare(link)
    except REFUSALS as error:
        return refusal(error)
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify({"id": link.id, "query": link.query, "view": link.view, "as_of": link.as_of,
                        "generation": link.generation, "created": link.created, "now": changes.generation,
                        "changed": not changes.same, "removed": changes.removed, "added": changes.added})
    as_of = link.as_of or None  # (url_for leaves out a None value)
    rerun = url_for("sparql.endpoint", query=link.query, as_of=as_of)
    editor = url_for("sparql.endpoint", edit=link.query, view=link.view, as_of=as_of)
    return Response(render_template("short_link.html", link=link, changes=changes, diff=diff, rerun=rerun,
                                    editor=editor),
                    mimetype="text/html")
