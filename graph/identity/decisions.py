"""A curator's review decisions on entity resolution, kept in graphs of their own and respected by
every later run of `tvkg merge`.

A rejection ("these two are different") is ``a owl:differentFrom b`` in ``tvg:decision/<id>``,
a claim graph saying who decided, when and why; later runs never pair the two clusters again.
An acceptance is an ordinary merge (tvkg.identity.merge) whose reason names the curator.
Withdrawing a rejection drops its graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pyoxigraph as ox

from tvkg.load import infer
from tvkg.load.update import drop_graph
from tvkg.ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV
from tvkg.ontology.vocabulary import PREF_LABEL, RDF_TYPE
from tvkg.store.generations import Store

DIFFERENT_FROM = ox.NamedNode(PREFIXES["owl"] + "differentFrom")
DECISION_PREFIX = f"{GRAPH}decision/"
REVIEW = ox.NamedNode(f"{ENTITY}source/tvkg-curator-review")
COMMENT = ox.NamedNode(PREFIXES["rdfs"] + "comment")
PROV = PREFIXES["prov"]


def rejected(store: Store) -> list[tuple[str, str]]:
    """Every pair a curator said are different entities."""
    return [(q.subject.value, q.object.value)
            for q in store.ox.quads_for_pattern(None, DIFFERENT_FROM, None, ox.DefaultGraph())
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)]


def decision_graph(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return DECISION_PREFIX + hashlib.sha1(f"{first} {second}".encode()).hexdigest()[:16]


def reject(store: Store, a: str, b: str, note: str = "", curator: str = "a curator",
           today: dt.date | None = None) -> str:
    """Record that ``a`` and ``b`` are different entities; returns the decision's graph."""
    graph = ox.NamedNode(decision_graph(a, b))
    triples = [(ox.NamedNode(a), DIFFERENT_FROM, ox.NamedNode(b)), *provenance(graph, "rejected", note, curator, today)]
    store.add_atomically(infer.with_entailments(ox.Quad(*t, graph) for t in triples))
    return graph.value


def withdraw(store: Store, a: str, b: str) -> bool:
    """Withdraw a rejection of ``a`` and ``b`` (either order); False when there was none."""
    graph = decision_graph(a, b)
    if graph not in store.named_graphs():
        return False
    drop_graph(store, graph)
    return True


def provenance(graph: ox.NamedNode, verdict: str, note: str, curator: str, today: dt.date | None
               ) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """The claim graph of a curator's decision: official, derived from the review, who and when."""
    comment = f"{verdict} by {curator}" + (f": {note}" if note else "")
    return claim_graph(graph, "Official", REVIEW, "tvkg curators' review of entity resolution", comment, today)


def claim_graph(graph: ox.NamedNode, status: str, source: ox.NamedNode, source_label: str, comment: str,
                today: dt.date | None) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """How a claim graph of identity describes itself: its status, the source document it derives
    from, the day and why."""
    day = (today or dt.date.today()).isoformat()
    return [(graph, RDF_TYPE, ox.NamedNode(f"{TV}ClaimGraph")),
            (graph, ox.NamedNode(f"{TV}status"), ox.NamedNode(f"{TV}{status}")),
            (graph, ox.NamedNode(PROV + "wasDerivedFrom"), source),
            (graph, ox.NamedNode(PROV + "generatedAtTime"),
             ox.Literal(day, datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))),
            (graph, COMMENT, ox.Literal(comment, language="en")),
            (source, RDF_TYPE, ox.NamedNode(f"{TV}SourceDocument")),
            (source, PREF_LABEL, ox.Literal(source_label, language="en"))]
