"""``tvkg.connect``: the graph behind a running tvkg server, over its HTTP API (/sparql, /api/...)."""

from __future__ import annotations

import json
import re
import time
from typing import Any, cast
from urllib.parse import quote

import networkx as nx
import rdflib
import requests

from tvkg.api.base import Graph
from tvkg.api.records import Entity, Match, Merge, Resolution
from tvkg.api.results import Results
from tvkg.entities.search import Hit
from tvkg.errors import QueryError, TvkgError
from tvkg.ontology.namespaces import ENTITY
from tvkg.relations.centrality import NotReady
from tvkg.relations.projections import TooLarge
from tvkg.relations.questions import (
    AmbiguousName,
    Collaborator,
    Connection,
    Node,
    Ranked,
    Separation,
    Step,
    UnknownEntity,
)

RESULTS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
ROW_LIMIT = "Tvkg-Row-Limit"  # a server's answers and row-limit refusals carry its row limit
# The last line of an answer the server cut once begun (tvkg.server.sparql.cut_note): why, and the setting.
CUT_NOTE = re.compile(r'# tvkg: this answer is incomplete: ([^\r\n]*?)(?: \((TVKG_[A-Z_]+)\))?\r?\n?\Z')
SIZE_LIMITS = ("TVKG_MAX_ROWS", "TVKG_MAX_RESULT_BYTES")


class RemoteGraph(Graph):
    """A tvkg server's graph. ``timeout`` bounds each request in seconds; a betweenness ranking the
    server is still computing is asked again (as its Retry-After says) until ``timeout`` runs out."""

    def __init__(self, url: str, timeout: float = 120.0, session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.http = session or requests.Session()
        self.http.headers["User-Agent"] = "tvkg-python"

    def __repr__(self) -> str:
        return f"<tvkg.connect({self.url!r})>"

    def page(self, iri: str) -> str:
        """The server's page about ``iri``."""
        if iri.startswith(str(ENTITY)):
            return f"{self.url}/id/{iri.removeprefix(str(ENTITY))}"
        return f"{self.url}/page?iri={quote(iri, safe='')}"

    # -- SPARQL ------------------------------------------------------------------------------------

    def sparql(self, query: str, *, merged: bool = False, as_of: str | None = None) -> Results | bool | rdflib.Graph:
        """The query's answer from the server. TooLarge, naming the server's setting, for a query
        past its row limit (TVKG_MAX_ROWS) or an answer past its size limit (TVKG_MAX_RESULT_BYTES);
        a TvkgError saying so for an answer cut before its end for another reason (its time limit,
        a connection lost), never a network error."""
        form = {"query": query, **({"view": "merged"} if merged else {}), **({"as_of": as_of} if as_of else {})}
        # application/json: a refusal comes as JSON, with the parser's own message as "detail"
        answer = self._http("POST", "/sparql", data=form, stream=True,
                            headers={"Accept": f"{RESULTS}, {TRIPLES};q=0.9, application/json;q=0.1"})
        with answer:
            if _too_large(answer):
                raise TooLarge(_message(answer))
            if answer.status_code == 400:
                raise QueryError(_message(answer), detail=_detail(answer))
            self._check(answer)
            body = self._body(answer)
        if answer.headers.get("Content-Type", "").startswith(TRIPLES):
            return rdflib.Graph().parse(data=body.decode("utf-8"), format="nt")
        document = json.loads(body)
        if "boolean" in document:
            return bool(document["boolean"])
        return Results.from_json(document, link=self.page)

    # -- entities and relationships ------------------------------------------------------------------

    def entity(self, name: str) -> Entity:
        return Entity.from_document(self._api("/api/entity", id=name))

    def search(self, text: str, limit: int = 10) -> list[Hit]:
        return [_hit(h) for h in self._api("/api/search", q=text, limit=limit)]

    def path(self, a: str, b: str, k: int = 1, hubs: bool = False) -> list[Connection]:
        asked = {"from": a, "to": b, "k": k, **({"hubs": "1"} if hubs else {})}
        return [Connection(tuple(_node(n) for n in c["nodes"]), tuple(_step(s) for s in c["steps"]))
                for c in self._api("/api/path", **asked)["connections"]]

    def separation(self, a: str, b: str) -> Separation | None:
        found = self._api("/api/separation", **{"from": a, "to": b})
        if not found["connected"]:
            return None
        return Separation(tuple(_node(p) for p in found["people"]),
                          tuple(tuple(_node(p) for p in hop) for hop in found["shared"]))

    def separations(self, person: str) -> dict[int, int]:
        return {int(k): v for k, v in self._api("/api/separation", **{"from": person})["distribution"].items()}

    def rank(self, measure: str = "degree", kind: str | None = None, top: int = 10) -> list[Ranked]:
        asked = {"measure": measure, "top": top, **({"kind": kind} if kind else {})}
        return [Ranked(_node(r["node"]), r["kind"], r["score"]) for r in self._api("/api/rank", **asked)["ranking"]]

    def collaborators(self, person: str, top: int = 10) -> list[Collaborator]:
        return [Collaborator(_node(c["person"]), tuple(_node(p) for p in c["productions"]))
                for c in self._api("/api/collaborators", person=person, top=top)["collaborators"]]

    def projection(self, name: str = "collaboration") -> nx.Graph:
        return nx.node_link_graph(self._api(f"/api/projection/{quote(name, safe='')}"), edges="edges")

    def resolution(self, top: int = 300) -> Resolution:
        lists = self._api("/api/review")
        return Resolution([Merge(**m) for m in lists["merges"]], [Match(**c) for c in lists["candidates"][:top]],
                          [(r["a"], r["b"]) for r in lists["rejections"]])

    def close(self) -> None:
        self.http.close()

    # -- HTTP ----------------------------------------------------------------------------------------

    def _api(self, path: str, **params: Any) -> Any:
        """A JSON API answer; its errors as the exceptions a local store raises."""
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._http("GET", path, params=params)
            if answer.status_code != 503 or "Retry-After" not in answer.headers:
                break
            wait = float(answer.headers["Retry-After"])
            if time.monotonic() + wait > deadline:
                raise NotReady(_message(answer), retry_after=int(wait))
            time.sleep(wait)
        if answer.status_code == 404 and "suggestions" in answer.text:
            raise UnknownEntity(_message(answer), [_hit(h) for h in answer.json()["suggestions"]])
        if answer.status_code == 300:
            raise AmbiguousName(_message(answer), [_hit(h) for h in answer.json()["candidates"]])
        if answer.status_code == 400:
            raise TvkgError(_message(answer))
        if answer.status_code == 413:
            raise TooLarge(_message(answer))
        self._check(answer)
        return answer.json()

    def _http(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return self.http.request(method, self.url + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise TvkgError(f"cannot reach the tvkg server at {self.url}: {error}") from None

    def _body(self, answer: requests.Response) -> bytes:
        """The whole body of an answer; one cut before its end raises instead (see ``_cut``)."""
        received = bytearray()
        try:
            for chunk in answer.iter_content(64 * 1024):
                received += chunk
        except requests.RequestException as error:  # ChunkedEncodingError: the body ended early
            raise _cut(self.url, bytes(received), error) from None
        return bytes(received)

    def _check(self, answer: requests.Response) -> None:
        if not answer.ok:
            raise TvkgError(f"{self.url} answered {answer.status_code} {answer.reason}: {_message(answer)}")


def _message(answer: requests.Response) -> str:
    try:
        return str(answer.json()["error"])
    except (ValueError, KeyError, TypeError):
        return answer.text.strip()[:500]


def _too_large(answer: requests.Response) -> bool:
    """Refused for its size: past the row limit (400 with the limit's header), or past the size
    limit before its first byte (503 naming TVKG_MAX_RESULT_BYTES)."""
    if answer.status_code == 400:
        return ROW_LIMIT in answer.headers
    return answer.status_code == 503 and "(TVKG_MAX_RESULT_BYTES)" in _message(answer)


def _cut(url: str, received: bytes, error: Exception) -> TvkgError:
    """The error for an answer that ended before its end: what the server's last line says cut it
    (TooLarge for a size limit), else that the connection closed early."""
    said = CUT_NOTE.search(received[-4096:].decode("utf-8", "replace"))
    if said is None:
        return TvkgError(f"the answer from {url} ended after {len(received):,} bytes, before it was complete "
                         f"(the connection closed early: {error})")
    reason, setting = said.groups()
    message = f"the answer from {url} was cut after {len(received):,} bytes: {reason}" + \
        (f" ({setting})" if setting else "")
    return TooLarge(message) if setting in SIZE_LIMITS else TvkgError(message)


def _detail(answer: requests.Response) -> str | None:
    try:
        return cast(str | None, answer.json().get("detail"))
    except (ValueError, AttributeError):
        return None


def _node(data: dict[str, str]) -> Node:
    return Node(data["iri"], data["label"])


def _step(data: dict[str, Any]) -> Step:
    return Step(_node(data["source"]), _node(data["target"]), tuple(tuple(f) for f in data["facts"]), data["sentence"])


def _hit(data: dict[str, Any]) -> Hit:
    return Hit(data["iri"], data["label"], data.get("kind") or "", data.get("matched") or data["label"])
