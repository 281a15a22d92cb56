"""The review page (/review): a curator holding the update token accepts or rejects the candidates
entity resolution left apart, undoes merges, and withdraws rejections; the same lists as JSON at
/api/review. Decisions are written by the writer process (graph.identity.merge.decide) and kept
in graphs of their own, which later runs of `tvkg merge` respect.
"""

from __future__ import annotations

import functools
import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request

from graph.entities.description import Labels
from graph.identity import decisions
from graph.identity import merge as identity
from graph.query.pool import Job
from graph.store.generations import Store
from server import sparql
from server.auth import check_writer
from server.pages import page_url
from server.responses import REFUSALS, ProtocolError, refusal

blueprint = Blueprint("review", __name__)
SHOWN = 300  # candidates listed, best score first


def store() -> Store:
    return current_app.extensions["tvkg_store"]


Lists = tuple[list[identity.Match], list[identity.Merge], list[tuple[str, str]], dict[str, str]]


@functools.lru_cache(maxsize=2)
def _lists(generation: str, current: Store) -> Lists:
    """Candidates, merges, rejections and the labels of their entities, for one store generation
    (finding candidates takes seconds)."""
    _, candidates = identity.find(current)
    candidates, merges, rejections = candidates[:SHOWN], identity.merges(current), decisions.rejected(current)
    iris = {iri for c in candidates for iri in (c.a, c.b)} | {iri for m in merges for iri in (m.a, m.b)}
    iris |= {iri for pair in rejections for iri in pair}
    labels = Labels(current)
    labels.prefetch([ox.NamedNode(iri) for iri in iris])
    return candidates, merges, rejections, {iri: labels.text(ox.NamedNode(iri)) for iri in iris}


def lists() -> Lists:
    current = store()
    current.refresh()
    return _lists(current.generation_key, current)


@blueprint.get("/review")
def page() -> str:
    candidates, merges, rejections, labels = lists()
    config = current_app.config["TVKG"]
    return render_template("review.html", candidates=candidates, merges=merges, rejections=rejections, labels=labels,
                           writable=config.updates_enabled, done=request.args.get("done"), page_url=page_url)


@blueprint.get("/api/review")
def as_json() -> Response:
    candidates, merges, rejections, _ = lists()
    return jsonify({
        "candidates": [{"a": c.a, "b": c.b, "reason": c.reason, "score": c.score} for c in candidates],
        "merges": [{"graph": m.graph, "a": m.a, "b": m.b, "reason": m.reason, "date": m.date} for m in merges],
        "rejections": [{"a": a, "b": b} for a, b in rejections],
    })


@blueprint.post("/review")
def decide() -> Response:
    """Apply the verdict to the chosen pairs (form fields: verdict, pair = "A B", note, curator, token)."""
    try:
        check_writer(current_app.config["TVKG"], request, form_token=True)
        verdict = request.form.get("verdict", "")
        if verdict not in identity.VERDICTS:
            raise ProtocolError(400, f"verdict is one of {', '.join(identity.VERDICTS)}")
        pairs = [_pair(value) for value in request.form.getlist("pair")]
        if not pairs:
            raise ProtocolError(400, "choose at least one pair (the form field pair, two IRIs)")
        asked = {"verdict": verdict, "pairs": pairs, "note": request.form.get("note", "").strip()[:500],
                 "curator": request.form.get("curator", "").strip()[:100] or "a curator"}
        done = sparql.write(Job("", action="review", data=json.dumps(asked).encode()))
    except REFUSALS as error:
        return refusal(error)
    return redirect(f"/review?done={int(done)}+{verdict}", code=303)


def _pair(value: str) -> tuple[str, str]:
    a, _, b = value.strip().partition(" ")
    if not a.startswith(("http://", "https://")) or not b.startswith(("http://", "https://")):
        raise ProtocolError(400, f"a pair is two IRIs separated by a space, not {value[:200]!r}")
    return a, b.strip()
