"""The review page (/review): a curator holding the update token accepts or rejects the candidates
entity resolution left apart, undoes merges, and withdraws rejections; the same lists as JSON at
/api/review. Decisions are written by the writer process (tvkg.identity.merge.decide) and kept
in graphs of their own, which later runs of `tvkg merge` respect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request

from tvkg.entities.description import Labels
from tvkg.errors import InputError, TvkgError
from tvkg.identity import merge
from tvkg.identity.jobs import Decide
from tvkg.ingest import review as review_claims
from tvkg.ingest.jobs import ReviewClaims
from tvkg.server import sparql
from tvkg.server.auth import check_writer
from tvkg.server.pages import page_url, store
from tvkg.server.responses import REFUSALS, ProtocolError, refusal

if TYPE_CHECKING:
    import werkzeug  # werkzeug.Response: what redirect() returns (flask's Response is one)

blueprint = Blueprint("review", __name__)
SHOWN = 300  # candidates listed, best score first


Lists = tuple[list[merge.Match], list[merge.Merge], list[tuple[str, str]], dict[str, str]]


def lists() -> Lists:
    """Candidates, merges, rejections and the labels of their entities, of the store's current
    generation (found once per generation: tvkg.identity.merge.resolution)."""
    current = store()
    current.refresh()
    found = merge.resolution(current)
    candidates, merges, rejections = found.candidates[:SHOWN], found.merges, found.rejections
    iris = {iri for c in candidates for iri in (c.a, c.b)} | {iri for m in merges for iri in (m.a, m.b)}
    iris |= {iri for pair in rejections for iri in pair}
    labels = Labels(current)
    labels.prefetch([ox.NamedNode(iri) for iri in iris])
    return candidates, merges, rejections, {iri: labels.text(ox.NamedNode(iri)) for iri in iris}


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
def decide() -> werkzeug.Response:
    """Apply the verdict to the chosen pairs (form fields: verdict, pair = "A B", note, curator, token)."""
    try:
        check_writer(current_app.config["TVKG"], request, form_token=True)
        verdict = request.form.get("verdict", "")
        if verdict not in merge.VERDICTS:
            raise ProtocolError(400, f"verdict is one of {', '.join(merge.VERDICTS)}")
        pairs = [_pair(value) for value in request.form.getlist("pair")]
        if not pairs:
            raise ProtocolError(400, "choose at least one pair (the form field pair, two IRIs)")
        done = sparql.write(Decide(verdict, tuple(pairs), request.form.get("note", "").strip()[:500],
                                   request.form.get("curator", "").strip()[:100] or "a curator"))
    except REFUSALS as error:
        return refusal(error)
    return redirect(f"/review?done={int(cast(int, done))}+{verdict}", code=303)  # (a count, from the writer process)


def _pair(value: str) -> tuple[str, str]:
    a, _, b = value.strip().partition(" ")
    if not a.startswith(("http://", "https://")) or not b.startswith(("http://", "https://")):
        raise ProtocolError(400, f"a pair is two IRIs separated by a space, not {value[:200]!r}")
    return a, b.strip()


# -- claims extracted from news (tvkg ingest) ---------------------------------------------------------

@blueprint.get("/review/claims")
def claims_page() -> str | Response:
    """The ingested articles waiting for review; with ?graph=, one article with its claims marked."""
    current = store()
    current.refresh()
    config = current_app.config["TVKG"]
    graph = request.args.get("graph")
    if graph is None:
        return render_template("review_claims.html", waiting=review_claims.waiting(current), article=None,
                               writable=config.updates_enabled, done=request.args.get("done"), page_url=page_url)
    try:
        text, claims = review_claims.article(current, graph)
    except InputError as error:
        return Response(render_template("not_found.html", iri=graph, hits=[], reason=error.message), 404)
    return render_template("review_claims.html", waiting=None, graph=graph, claims=claims,
                           segments=_segments(text, claims), writable=config.updates_enabled,
                           kinds=review_claims.ANNOUNCEMENT_KINDS, statuses=review_claims.STATUSES,
                           done=request.args.get("done"), page_url=page_url)


def _segments(text: str, claims: list[review_claims.Claim]) -> list[tuple[str, int | None]]:
    """The article's text in pieces, each marked with the number of the claim whose evidence it is."""
    pieces, at = [], 0
    for number, claim in enumerate(claims, 1):
        if claim.start < at or claim.end <= claim.start:
            continue  # two claims from one sentence: it is marked once
        pieces += [(text[at:claim.start], None), (text[claim.start:claim.end], number)]
        at = claim.end
    return [*pieces, (text[at:], None)]


@blueprint.post("/review/claims")
def decide_claims() -> werkzeug.Response:
    """Form fields: graph, verdict (accept: the remaining claims; reject: the whole article;
    reject-claims: the chosen claims; correct-N: claim number N with its fields kind-N, status-N,
    date-N, negated-N), claim (repeated), token."""
    try:
        check_writer(current_app.config["TVKG"], request, form_token=True)
        graph, verdict = request.form.get("graph", ""), request.form.get("verdict", "")
        chosen = tuple(request.form.getlist("claim"))
        if verdict.startswith("correct-"):
            job = _correction(graph, verdict.removeprefix("correct-"))
            if job.change is not None:  # (a correction has one)
                job.change.check()
        elif verdict in ("accept", "reject", "reject-claims"):
            if verdict == "reject-claims" and not chosen:
                raise ProtocolError(400, "choose at least one claim to reject")
            job = ReviewClaims(verdict, graph, chosen)
        else:
            raise ProtocolError(400, "verdict is one of accept, reject, reject-claims, correct-N")
        sparql.write(job)
    except REFUSALS as error:
        return refusal(error)
    except TvkgError as error:
        return refusal(ProtocolError(400, str(error)))
    where = "/review/claims" if verdict == "reject" else f"/review/claims?graph={quote(graph, safe='')}"
    done = "correct" if verdict.startswith("correct-") else verdict
    return redirect(f"{where}{'&' if '?' in where else '?'}done={done}", code=303)


def _correction(graph: str, number: str) -> ReviewClaims:
    """The claim the curator corrects (its form fields end in -N) and what they changed."""
    form = request.form
    if not number.isdigit() or not form.get(f"iri-{number}"):
        raise ProtocolError(400, f"no claim number {number!r} on this form")
    change = review_claims.Change(kind=form.get(f"kind-{number}") or None, status=form.get(f"status-{number}") or None,
                                  date=form.get(f"date-{number}", "").strip() or None,
                                  negated=f"negated-{number}" in form)
    return ReviewClaims("correct", graph, (form[f"iri-{number}"],), change)
