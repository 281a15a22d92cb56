"""Named projections of the RDF graph into networkx, for the questions SPARQL answers badly.

* ``entities``: every entity, and an edge for every object-property triple between two of them
  (undirected, so a connection may follow a property either way; each edge keeps the triples
  behind it). Vocabulary values (tv:kind, tv:status, ...) are left out: they would join
  everything through a handful of hubs. Cast parts (tv:CastRole, an n-ary node) are folded into
  direct edges actor–show, actor–character and character–show whose fact is the cast part
  ``(role, CAST_PART, other end)``, so a path reads "X played Y in Z" in one hop, with or
  without inference having materialised tv:castMember.
* ``credits``: people and productions (shows), an edge per person and show they are credited on,
  with the credits (actor as which character, in which seasons; director; writer).
* ``collaboration``: people, an edge between two who share productions, weighted by how many.
* ``works``: directed, source work → adaptations → seasons → episodes (edge ``property``:
  "adaptedAs", "season", "episode"), and character → work or production ("appearsIn", also from
  cast parts), for "everything derived from a source work".

All four are read from the store's default graph (the merge of all named graphs) with direct
index lookups per property, built completely before use, and cached per store generation: after a
load or update the next question sees a new generation and gets new projections; a question
never sees a half-built one (the build runs under a lock and is published when it is done).
"""

from __future__ import annotations

import itertools
import threading
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox

from graph.store import Store
from ontology.namespaces import TV

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_OBJECT_PROPERTY = ox.NamedNode("http://www.w3.org/2002/07/owl#ObjectProperty")
VOCABULARY_VALUED = {str(TV) + p for p in ("kind", "status", "datePrecision", "releaseStatus")}
CREDIT_PROPERTIES = {"director": "director", "writer": "writer"}  # credit name -> tv: property
CAST_PART = str(TV) + "CastRole"  # the "property" of a folded cast-part edge
CastParts = dict[str, tuple[str | None, str | None, str | None]]  # role -> (show, actor, character)
T = TypeVar("T")


@dataclass(frozen=True)
class Credit:
    """One credit of a person on a production: 'actor' (with character and seasons), 'director', ..."""

    role: str
    character: str | None = None
    seasons: tuple[str, ...] = ()
    cast_role: str | None = None  # the tv:CastRole node, for explanations


@dataclass
class Projections:
    """The four projections of one store generation, and what building them cost."""

    entities: nx.Graph
    credits: nx.Graph
    collaboration: nx.Graph
    works: nx.DiGraph
    seconds: dict[str, float] = field(default_factory=dict)
    peak_bytes: int = 0
    _scores: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    def centrality(self, measure: str) -> dict[str, float]:
        """Degree, PageRank or betweenness of every node of the credits graph, computed once."""
        if measure not in self._scores:
            self._scores[measure] = _centrality(self.credits, measure)
        return self._scores[measure]

    def stats(self) -> dict[str, dict[str, float]]:
        """Nodes, edges and build time per projection (for `tvkg stats`)."""
        return {name: {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                       "seconds": round(self.seconds.get(name, 0.0), 3)}
                for name, g in (("entities", self.entities), ("credits", self.credits),
                                ("collaboration", self.collaboration), ("works", self.works))}


MEASURES = ("degree", "pagerank", "betweenness")
BETWEENNESS_SAMPLE = 500  # exact betweenness is O(nodes x edges); past this many nodes, sample sources


def _centrality(graph: nx.Graph, measure: str) -> dict[str, float]:
    if not graph:
        return {}
    if measure == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if measure == "pagerank":
        return nx.pagerank(graph)
    sample = min(BETWEENNESS_SAMPLE, graph.number_of_nodes())
    return nx.betweenness_centrality(graph, k=sample if sample < graph.number_of_nodes() else None, seed=1)


_lock = threading.Lock()
_cache: dict[str, Projections] = {}


def projections(store: Store) -> Projections:
    """The projections of the store's current generation, built on first use."""
    store.refresh()
    key = store.generation.name if store.generation else f"memory-{id(store.ox)}-{len(store)}"
    with _lock:
        if key not in _cache:
            _cache.clear()  # one generation at a time: older ones are no longer served
            _cache[key] = build(store)
        return _cache[key]


def build(store: Store, measure_memory: bool = False) -> Projections:
    """Build all four projections from the store (the collaboration graph from the credits)."""
    if measure_memory:
        tracemalloc.start()
    seconds: dict[str, float] = {}

    def timed(name: str, make: Callable[[], T]) -> T:
        started = time.perf_counter()
        made = make()
        seconds[name] = time.perf_counter() - started
        return made

    parts: CastParts = {}

    def read_entities() -> nx.Graph:
        parts.update(cast_parts(store))  # read once, timed with the entity graph; the works graph reuses them
        return entity_graph(store, parts)

    entities = timed("entities", read_entities)
    credits = timed("credits", lambda: credit_graph(store))
    collaboration = timed("collaboration", lambda: collaboration_graph(credits))
    works = timed("works", lambda: works_graph(store, parts))
    peak = 0
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return Projections(entities, credits, collaboration, works, seconds, peak)


def objects(store: Store, subject: ox.NamedNode, prop: str) -> list[ox.Term]:
    """The values of one tv: property of ``subject`` in the default graph (a direct index lookup)."""
    return [q.object for q in store.ox.quads_for_pattern(subject, ox.NamedNode(str(TV) + prop), None,
                                                         ox.DefaultGraph())]


def _pairs(store: Store, prop: str) -> Iterator[tuple[str, str]]:
    """(subject, object) IRIs of every triple of one tv: property in the default graph."""
    for q in store.ox.quads_for_pattern(None, ox.NamedNode(str(TV) + prop), None, ox.DefaultGraph()):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            yield q.subject.value, q.object.value


def _iris(terms: list[ox.Term]) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.NamedNode)]


def object_properties(store: Store) -> list[str]:
    """The ontology's object properties that link entities (not vocabulary values)."""
    found = {q.subject.value for q in store.ox.quads_for_pattern(None, RDF_TYPE, OWL_OBJECT_PROPERTY)
             if isinstance(q.subject, ox.NamedNode)}
    return sorted(found - VOCABULARY_VALUED)


def entity_graph(store: Store, parts: CastParts) -> nx.Graph:
    """Every entity-to-entity triple as an undirected edge keeping its (subject, property, object)."""
    graph = nx.Graph()
    default = ox.DefaultGraph()
    for prop in object_properties(store):
        for q in store.ox.quads_for_pattern(None, ox.NamedNode(prop), None, default):
            s, o = q.subject, q.object
            if (isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and s != o
                    and s.value not in parts and o.value not in parts):
                _link(graph, s.value, o.value, (s.value, prop, o.value))
    for role, (show, actor, character) in parts.items():
        for a, b in ((actor, show), (actor, character), (character, show)):
            if a and b:
                _link(graph, a, b, (role, CAST_PART, b))
    return graph


def _link(graph: nx.Graph, a: str, b: str, fact: tuple[str, str, str]) -> None:
    if graph.has_edge(a, b):
        graph.edges[a, b]["facts"].append(fact)
    else:
        graph.add_edge(a, b, facts=[fact])


def works_graph(store: Store, parts: CastParts) -> nx.DiGraph:
    """Source works to adaptations to seasons to episodes, and characters to where they appear."""
    graph = nx.DiGraph()
    for work, production in _pairs(store, "adaptedAs"):
        graph.add_edge(work, production, property="adaptedAs")
    for production, work in _pairs(store, "basedOn"):
        graph.add_edge(work, production, property="adaptedAs")
    for season, show in _pairs(store, "seasonOf"):
        graph.add_edge(show, season, property="season")
    for episode, season in _pairs(store, "episodeOf"):
        graph.add_edge(season, episode, property="episode")
    for character, where in _pairs(store, "appearsIn"):
        graph.add_edge(character, where, property="appearsIn")
    for show, _, character in parts.values():
        if show and character:
            graph.add_edge(character, show, property="appearsIn")
    return graph


def cast_parts(store: Store) -> CastParts:
    """Every tv:CastRole node with its (show, actor, character), any of which may be missing."""
    parts = {}
    for show, role in _pairs(store, "hasCastRole"):
        node = ox.NamedNode(role)
        actor, character = (next(iter(_iris(objects(store, node, p))), None) for p in ("actor", "character"))
        parts[role] = (show, actor, character)
    return parts


def credit_graph(store: Store) -> nx.Graph:
    """People and shows, one edge per pair with the person's credits on that show."""
    credits: dict[tuple[str, str], list[Credit]] = defaultdict(list)
    for show, role in _pairs(store, "hasCastRole"):
        node = ox.NamedNode(role)
        characters = _iris(objects(store, node, "character"))
        seasons = tuple(sorted(_iris(objects(store, node, "inSeason"))))
        for actor in _iris(objects(store, node, "actor")):
            credits[(actor, show)].append(Credit("actor", characters[0] if characters else None, seasons, role))
    for role_name, prop in CREDIT_PROPERTIES.items():
        for production, person in _pairs(store, prop):
            credits[(person, production)].append(Credit(role_name))
    graph = nx.Graph()
    for (person, show), found in credits.items():
        graph.add_node(person, kind="Person")
        graph.add_node(show, kind="Production")
        graph.add_edge(person, show, credits=found)
    return graph


def collaboration_graph(credits: nx.Graph) -> nx.Graph:
    """People linked by the productions they share; ``weight`` is how many, ``productions`` which."""
    graph = nx.Graph()
    for node, kind in credits.nodes(data="kind"):
        if kind == "Person":
            graph.add_node(node)
    for production, kind in credits.nodes(data="kind"):
        if kind != "Production":
            continue
        for a, b in itertools.combinations(sorted(credits.neighbors(production)), 2):
            if graph.has_edge(a, b):
                edge = graph.edges[a, b]
                edge["weight"] += 1
                edge["productions"].append(production)
            else:
                graph.add_edge(a, b, weight=1, productions=[production])
    return graph
