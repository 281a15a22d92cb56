"""Merged entities as one: the clusters that owl:sameAs merges make, and the IRI each cluster goes by.

A merge (tvkg.identity.merge) records ``a owl:sameAs b`` and leaves every source's statements
under its own IRIs. Everything that shows entities to people then treats a cluster as one entity,
named by its *canonical* IRI: search lists it once, names resolve to it, the relationship
projections have one node for it (a path never spends a hop on "X is the same as X"), and its page
shows every member's statements with their sources.

The canonical IRI is the member the curated data names (an IRI no import minted), else the
shortest, else the first in order: stable as long as the members are. Clusters are read once per
store generation.

SPARQL sees the sources' IRIs as they are; ``merged_view`` is the same dataset with every member
IRI replaced by its canonical one (tvkg.query.execute runs a query over it when asked for the
merged view), built in memory once per generation in the process that asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox

from tvkg.ontology.namespaces import GRAPH
from tvkg.ontology.vocabulary import RDF_TYPE, SAME_AS
from tvkg.store.derived import derived
from tvkg.store.generations import Store

_Term = TypeVar("_Term", bound=ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple)

IMPORT_GRAPHS = f"{GRAPH}import/"


@dataclass(frozen=True)
class Clusters:
    """Members of each cluster of merged entities, and the canonical IRI of each member."""

    canonical: dict[str, str] = field(default_factory=dict)       # member -> canonical (members only)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical -> all members, canonical first

    def of(self, iri: str) -> str:
        """The IRI an entity goes by: its cluster's canonical IRI, or itself."""
        return self.canonical.get(iri, iri)

    def cluster(self, iri: str) -> tuple[str, ...]:
        """Every IRI of the entity ``iri`` names (itself alone when it was never merged)."""
        return self.members.get(self.of(iri), (iri,))

    @property
    def fingerprint(self) -> frozenset[tuple[str, str]]:
        """What changes when any merge is made or undone (projections rebuild then)."""
        return frozenset(self.canonical.items())


@derived
def clusters(store: Store) -> Clusters:
    """The clusters of the store's current generation."""
    graph = nx.Graph()
    for q in store.ox.quads_for_pattern(None, SAME_AS, None, ox.DefaultGraph()):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode) and q.subject != q.object:
            graph.add_edge(q.subject.value, q.object.value)
    canonical: dict[str, str] = {}
    members: dict[str, tuple[str, ...]] = {}
    for component in nx.connected_components(graph):
        chosen = min(component, key=lambda iri: (_imported(store, iri), len(iri), iri))
        members[chosen] = (chosen, *sorted(component - {chosen}))
        canonical.update(dict.fromkeys(component, chosen))
    return Clusters(canonical, members)


@derived
def merged_view(store: Store) -> ox.Store:
    """The store's dataset with each merged entity under one IRI (an in-memory copy, per generation)."""
    merged = clusters(store)
    view = ox.Store()
    if not merged.canonical:
        view.bulk_extend(store.ox)
        return view

    def one(term: _Term) -> _Term | ox.NamedNode:
        return ox.NamedNode(merged.canonical[term.value]) if isinstance(term, ox.NamedNode) \
            and term.value in merged.canonical else term

    view.bulk_extend(ox.Quad(one(q.subject), q.predicate, one(q.object), q.graph_name) for q in store.ox
                     if q.predicate != SAME_AS)
    return view


def _imported(store: Store, iri: str) -> bool:
    """Whether only imports describe the entity (no curated file states its type)."""
    graphs = {q.graph_name.value for q in store.ox.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None)
              if isinstance(q.graph_name, ox.NamedNode)}
    return bool(graphs) and all(g.startswith(IMPORT_GRAPHS) for g in graphs)
