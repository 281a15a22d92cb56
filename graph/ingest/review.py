"""A curator's review of the claims `tvkg ingest` extracted: which articles wait for review, each
claim with its evidence, and the decisions: reject a claim (its triples leave the graph), accept
the article's remaining claims (the graph becomes an ordinary, reviewed claim graph), or reject the
whole article (its graph is dropped). Corrections go through `tvkg ingest --dry-run`, an edit and
`tvkg load`, or by rejecting a claim and keeping the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import InputError
from graph.ingest.claims import RELEASE_STATUS
from graph.load.update import drop_graph, reconcile
from graph.store.generations import Store
from ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV

INGESTED = f"{GRAPH}ingest/"
OA = "http://www.w3.org/ns/oa#"


def _tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


@dataclass(frozen=True)
class Claim:
    iri: str
    label: str
    kind: str
    status: str
    start: int   # evidence offsets in the article's text
    end: int


@dataclass(frozen=True)
class Waiting:
    graph: str
    title: str
    published: str
    claims: int


def waiting(store: Store) -> list[Waiting]:
    """The ingested articles whose claims no curator has reviewed yet, newest first."""
    rows = store.ox.query(f"""
        SELECT ?g ?title ?date (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          GRAPH ?g {{ ?g <{TV}reviewStatus> <{TV}Extracted> ; <{PREFIXES['prov']}wasDerivedFrom> ?doc .
                     ?doc <{PREFIXES['skos']}prefLabel> ?title ; <{TV}date> ?date .
                     OPTIONAL {{ ?a <{TV}evidence> ?e }} }}
        }} GROUP BY ?g ?title ?date ORDER BY DESC(?date) ?g""")
    return [Waiting(r["g"].value, r["title"].value, r["date"].value, int(r["n"].value)) for r in rows]


def article(store: Store, graph: str) -> tuple[str, list[Claim]]:
    """An ingested article's text and its claims, in the order of their evidence."""
    _check(store, graph)
    g = ox.NamedNode(graph)
    text = next((q.object.value for q in store.ox.quads_for_pattern(None, _tv("text"), None, g)), "")
    claims = []
    for q in store.ox.quads_for_pattern(None, _tv("evidence"), None, g):
        claim, annotation = q.subject, q.object
        position = _one(store, ox.NamedNode(f"{annotation.value}-position"), ox.NamedNode(OA + "start"), g)
        end = _one(store, ox.NamedNode(f"{annotation.value}-position"), ox.NamedNode(OA + "end"), g)
        label = _one(store, claim, ox.NamedNode(PREFIXES["skos"] + "prefLabel"), g)
        kind = _one(store, claim, _tv("kind"), g) or _one(store, claim, ox.NamedNode(PREFIXES["rdf"] + "type"), g)
        status = _one(store, claim, _tv("claimStatus"), g)
        if not label:
            actor = _one(store, claim, _tv("creditedAs"), g)
            label = f"cast: {actor} as {_one(store, claim, _tv('characterName'), g)}"
        claims.append(Claim(claim.value, label, kind.removeprefix(str(TV)), status.removeprefix(str(TV)),
                            int(position or 0), int(end or 0)))
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
    _check(store, graph)
    g, node = ox.NamedNode(graph), ox.NamedNode(claim)
    if not claim.startswith(str(ENTITY)) or next(store.ox.quads_for_pattern(node, None, None, g), None) is None:
        raise InputError(f"<{claim}> is no claim of <{graph}>")
    with store.writing() as staging:
        gone = [q for q in staging.quads_for_pattern(None, None, None, g)
                if q.subject == node or q.subject.value.startswith(f"{claim}-evidence") or q.object == node]
        gone += _orphaned_release(staging, g, node)
        staging.note(gone)
        for quad in gone:
            staging.remove(quad)
        reconcile(staging, store.ox)
    return len(gone)


def _orphaned_release(staging: ox.Store, g: ox.NamedNode, rejected: ox.NamedNode) -> list[ox.Quad]:
    """What the graph states of a season's release that only the rejected claim said."""
    def says(claim: ox.NamedNode) -> set[tuple[str, str, str]]:
        about = {q.object.value for q in staging.quads_for_pattern(claim, _tv("about"), None, g)}
        kind = {q.object.value.removeprefix(str(TV)) for q in staging.quads_for_pattern(claim, _tv("kind"), None, g)}
        dates = {q.object.value for q in staging.quads_for_pattern(claim, _tv("date"), None, g)}
        found = set()
        for season in about:
            found |= {(season, f"{TV}releaseStatus", f"{TV}{RELEASE_STATUS[k]}") for k in kind if k in RELEASE_STATUS}
            if kind & {"ReleaseDateNews", "Forecast"}:
                found |= {(season, f"{TV}expectedRelease", d) for d in dates}
        return found

    others = {q.subject for q in staging.quads_for_pattern(None, _tv("evidence"), None, g) if q.subject != rejected}
    kept = set().union(*(says(c) for c in others)) if others else set()
    return [q for q in staging.quads_for_pattern(None, None, None, g)
            if q.predicate.value in (f"{TV}releaseStatus", f"{TV}expectedRelease")
            and (q.subject.value, q.predicate.value, q.object.value) in says(rejected) - kept]


def reject(store: Store, graph: str) -> None:
    """The whole article is wrong or off-topic: drop its graph."""
    _check(store, graph)
    drop_graph(store, graph)


def _check(store: Store, graph: str) -> None:
    if not graph.startswith(INGESTED) or graph not in store.named_graphs():
        raise InputError(f"<{graph}> is no ingested article's graph")


def _one(store: Store, subject: ox.NamedNode, predicate: ox.NamedNode, graph: ox.NamedNode) -> str:
    return next((q.object.value for q in store.ox.quads_for_pattern(subject, predicate, None, graph)), "")
