"""A curator's review of the claims `tvkg ingest` extracted: which articles wait for review, each
claim with its evidence, and the decisions: correct an announcement's kind, status, date or
negation (a tv:Correction keeps what was extracted), reject a claim (its triples leave the graph),
accept the article's remaining claims (the graph becomes an ordinary, reviewed claim graph), or
reject the whole article (its graph is dropped). After each change the season's release facts are
derived again from the claims that remain. Larger edits go through `tvkg ingest --dry-run`, an
edit and `tvkg load`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.ingest.claims import OA, release_facts
from tvkg.ingest.claims import label as announcement_label
from tvkg.ingest.claims import tv as _tv
from tvkg.ingest.lexicon import KINDS
from tvkg.load.update import drop_graph, reconcile
from tvkg.ontology.dates import PartialDate
from tvkg.ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV
from tvkg.ontology.vocabulary import PREF_LABEL, RDF_TYPE, XSD
from tvkg.store.generations import Store, _Staging

INGESTED = f"{GRAPH}ingest/"
STATUSES = ("Official", "Reported", "Expected", "Rumoured")
ANNOUNCEMENT_KINDS = tuple(dict.fromkeys([kind for kind, _ in KINDS] + ["Premiere"]))


@dataclass(frozen=True)
class Claim:
    iri: str
    label: str
    kind: str
    status: str
    start: int   # evidence offsets in the article's text
    end: int
    date: str = ""          # as the graph holds it: YYYY, YYYY-MM or YYYY-MM-DD
    negated: bool = False

    @property
    def announcement(self) -> bool:
        return self.kind in ANNOUNCEMENT_KINDS


@dataclass(frozen=True)
class Change:
    """What a curator corrects in one announcement (None: left as extracted)."""

    kind: str | None = None
    status: str | None = None
    date: str | None = None
    negated: bool | None = None

    def check(self) -> None:
        if self.kind is not None and self.kind not in ANNOUNCEMENT_KINDS:
            raise InputError(f"kind {self.kind!r} is none of {', '.join(ANNOUNCEMENT_KINDS)}")
        if self.status is not None and self.status not in STATUSES:
            raise InputError(f"status {self.status!r} is none of {', '.join(STATUSES)}")
        if self.date is not None:
            _date_literal(self.date)


@dataclass(frozen=True)
class Waiting:
    graph: str
    title: str
    published: str
    claims: int


def waiting(store: Store) -> list[Waiting]:
    """The ingested articles whose claims no curator has reviewed yet, newest first."""
    rows = cast(ox.QuerySolutions, store.ox.query(f"""
        SELECT ?g ?title ?date (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          GRAPH ?g {{ ?g <{TV}reviewStatus> <{TV}Extracted> ; <{PREFIXES['prov']}wasDerivedFrom> ?doc .
                     ?doc <{PREFIXES['skos']}prefLabel> ?title ; <{TV}date> ?date .
                     OPTIONAL {{ ?a <{TV}evidence> ?e }} }}
        }} GROUP BY ?g ?title ?date ORDER BY DESC(?date) ?g"""))
    return [Waiting(r["g"].value, r["title"].value, r["date"].value, int(r["n"].value)) for r in rows]


def article(store: Store, graph: str) -> tuple[str, list[Claim]]:
    """An ingested article's text and its claims, in the order of their evidence."""
    _check(store, graph)
    g = ox.NamedNode(graph)
    text = next((q.object.value for q in store.ox.quads_for_pattern(None, _tv("text"), None, g)
                 if not isinstance(q.object, ox.Triple)), "")
    claims = []
    for q in store.ox.quads_for_pattern(None, _tv("evidence"), None, g):
        if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
            continue  # (an RDF 1.2 triple term is no claim and no annotation)
        claim, annotation = q.subject, q.object
        position = _one(store, ox.NamedNode(f"{annotation.value}-position"), ox.NamedNode(OA + "start"), g)
        end = _one(store, ox.NamedNode(f"{annotation.value}-position"), ox.NamedNode(OA + "end"), g)
        label = _one(store, claim, PREF_LABEL, g)
        kind = _one(store, claim, _tv("kind"), g) or _one(store, claim, RDF_TYPE, g)
        status = _one(store, claim, _tv("claimStatus"), g)
        if not label:
            actor = _one(store, claim, _tv("creditedAs"), g)
            label = f"cast: {actor} as {_one(store, claim, _tv('characterName'), g)}"
        claims.append(Claim(claim.value, label, kind.removeprefix(str(TV)), status.removeprefix(str(TV)),
                            int(position or 0), int(end or 0), _one(store, claim, _tv("date"), g),
                            _one(store, claim, _tv("negated"), g) == "true"))
    return text, sorted(claims, key=lambda c: (c.start, c.iri))


def accept(store: Store, graph: str) -> None:
    """The article's remaining claims are reviewed: its graph counts like any claim graph."""
    _check(store, graph)
    g = ox.NamedNode(graph)
    with store.writing() as staging:
        old = ox.Quad(g, _tv("reviewStatus"), _tv("Extracted"), g)
        new = ox.Quad(g, _tv("reviewStatus"), _tv("Reviewed"), g)
        staging.note([old, new])
        staging.remove(old)
        staging.add(new)
        reconcile(staging, store.ox)


def reject_claim(store: Store, graph: str, claim: str) -> int:
    """Take one claim, its evidence and what it states about a season out of the article's graph."""
    g, node = _claim(store, graph, claim)
    with store.writing() as staging:
        gone = [q for q in staging.quads_for_pattern(None, None, None, g)
                if q.subject == node or (not isinstance(q.subject, ox.Triple)
                                         and q.subject.value.startswith(f"{claim}-evidence")) or q.object == node]
        _change(staging, gone, [])
        changed = len(gone) + _derive_release(staging, g)
        reconcile(staging, store.ox)
    return changed


def correct(store: Store, graph: str, claim: str, change: Change) -> int:
    """Correct an announcement as a curator reads the article: its kind, status, date or negation.
    A tv:Correction on the claim records what was extracted and what the graph holds instead."""
    change.check()
    g, node = _claim(store, graph, claim)
    if next(store.ox.quads_for_pattern(node, _tv("kind"), None, g), None) is None:
        raise InputError(f"<{claim}> is a cast statement: only announcements are corrected here")
    with store.writing() as staging:
        before = {p: [q for q in staging.quads_for_pattern(node, _tv(p), None, g)]
                  for p in ("kind", "claimStatus", "date", "negated")}
        # (None: left as extracted; check() refused an empty kind, status or date)
        after: dict[str, list[ox.NamedNode] | list[ox.Literal] | None] = {
            "kind": None if change.kind is None else [_tv(change.kind)],
            "claimStatus": None if change.status is None else [_tv(change.status)],
            "date": None if change.date is None else [_date_literal(change.date)],
            "negated": None if change.negated is None else
            [ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))] if change.negated else []}
        gone: list[ox.Quad] = []
        added: list[ox.Quad] = []
        said: list[str] = []
        holds: list[str] = []
        for p, values in after.items():
            old = [q.object for q in before[p]]
            if values is None or {str(v) for v in values} == {str(v) for v in old}:
                continue
            gone += before[p]
            added += [ox.Quad(node, _tv(p), v, g) for v in values]
            said.append(f"{p} {_shown(old)}")
            holds.append(f"{p} {_shown(values)}")
        if not said:
            return 0
        _change(staging, gone, added)
        labels = list(staging.quads_for_pattern(node, PREF_LABEL, None, g))
        redated = any(q.predicate == _tv("date") for q in added)
        when = change.date if redated else _one_in(staging, node, _tv("dateAsStated"), g)
        _change(staging, labels, [ox.Quad(node, PREF_LABEL, _relabelled(staging, node, g, labels, when), g),
                                  *_correction(staging, node, g, "; ".join(said), "; ".join(holds))])
        changed = len(gone) + len(added) + _derive_release(staging, g)
        reconcile(staging, store.ox)
    return changed


def _claim(store: Store, graph: str, claim: str) -> tuple[ox.NamedNode, ox.NamedNode]:
    _check(store, graph)
    g, node = ox.NamedNode(graph), ox.NamedNode(claim)
    if not claim.startswith(str(ENTITY)) or next(store.ox.quads_for_pattern(node, None, None, g), None) is None:
        raise InputError(f"<{claim}> is no claim of <{graph}>")
    return g, node


def _date_literal(value: str) -> ox.Literal:
    """A date as a curator types it, at its precision: 2024, 2024-06 or 2024-06-14."""
    try:
        return PartialDate.parse(value).literal
    except ValueError:
        raise InputError(f"date {value!r} is no date: write 2024, 2024-06 or 2024-06-14") from None


def _shown(values: Sequence[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> str:
    shown = [str(v) if isinstance(v, ox.Triple) else v.value.removeprefix(str(TV)) for v in values]
    return ", ".join(shown) if shown else "none"


def _relabelled(staging: ox.Store, node: ox.NamedNode, g: ox.NamedNode, labels: list[ox.Quad], when: str | None
                ) -> ox.Literal:
    """The claim's label after the correction: its kind and negation as the graph now holds them, its
    date as the curator wrote it or else as the article stated it."""
    label = labels[0].object if labels else None
    about = re.sub(r" \([^)]*\)$", "", label.value.split(": ", 1)[-1]) \
        if label is not None and not isinstance(label, ox.Triple) else ""
    kind = _one_in(staging, node, _tv("kind"), g).removeprefix(str(TV))
    negated = _one_in(staging, node, _tv("negated"), g) == "true"
    return ox.Literal(announcement_label(kind, about, when or None, negated), language="en")


def _correction(staging: ox.Store, node: ox.NamedNode, g: ox.NamedNode, said: str, holds: str) -> list[ox.Quad]:
    n = sum(1 for _ in staging.quads_for_pattern(None, _tv("concerns"), node, g)) + 1
    correction = ox.NamedNode(f"{node.value}-correction-{n}")
    article = next(q.object for q in staging.quads_for_pattern(node, _tv("reportedIn"), None, g))
    return [ox.Quad(s, p, o, g) for s, p, o in [
        (correction, RDF_TYPE, _tv("Correction")),
        (correction, _tv("corrects"), article), (correction, _tv("concerns"), node),
        (correction, _tv("originalText"), ox.Literal(f"extracted: {said}")),
        (correction, _tv("correctedText"), ox.Literal(f"reviewed: {holds}")),
        (correction, ox.NamedNode(PREFIXES["rdfs"] + "comment"),
         ox.Literal("corrected by a curator reading the article on review", language="en"))]]


def _change(staging: _Staging, gone: list[ox.Quad], added: list[ox.Quad]) -> None:
    staging.note([*gone, *added])
    for quad in gone:
        staging.remove(quad)
    staging.extend(added)


def _derive_release(staging: _Staging, g: ox.NamedNode) -> int:
    """Derive the seasons' release facts of the article's graph again from the claims it still has
    (a rejected or corrected claim may have been the only one to say one)."""
    old = {q for q in staging.quads_for_pattern(None, None, None, g)
           if q.predicate in (_tv("releaseStatus"), _tv("expectedRelease"))}
    new: set[ox.Quad] = set()
    for q in staging.quads_for_pattern(None, _tv("aboutSeasonNumber"), None, g):
        claim = q.subject
        if isinstance(claim, ox.Triple):
            continue
        season = next((a.object for a in staging.quads_for_pattern(claim, _tv("about"), None, g)), None)
        kind = _one_in(staging, claim, _tv("kind"), g).removeprefix(str(TV))
        date = next((d.object for d in staging.quads_for_pattern(claim, _tv("date"), None, g)), None)
        negated = _one_in(staging, claim, _tv("negated"), g) == "true"
        sentence = _one_in(staging, ox.NamedNode(f"{claim.value}-evidence-quote"), ox.NamedNode(OA + "exact"), g)
        if isinstance(season, ox.NamedNode) and isinstance(date, ox.Literal | None):
            new |= {ox.Quad(s, p, o, g) for s, p, o in release_facts(season, kind, date, negated, sentence)}
    _change(staging, list(old - new), list(new - old))
    return len(old ^ new)


def reject(store: Store, graph: str) -> None:
    """The whole article is wrong or off-topic: drop its graph."""
    _check(store, graph)
    drop_graph(store, graph)


def _check(store: Store, graph: str) -> None:
    if not graph.startswith(INGESTED) or graph not in store.named_graphs():
        raise InputError(f"<{graph}> is no ingested article's graph")


def _one(store: Store, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, graph: ox.NamedNode) -> str:
    return _one_in(store.ox, subject, predicate, graph)


def _one_in(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, graph: ox.NamedNode
            ) -> str:
    return next((q.object.value for q in store.quads_for_pattern(subject, predicate, None, graph)
                 if not isinstance(q.object, ox.Triple)), "")
