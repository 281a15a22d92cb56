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

Entities merged by entity resolution (owl:sameAs clusters, tvkg.store.clusters) are one node,
named by the cluster's canonical IRI: a path never spends a hop on "X is the same as X", and a
ranking counts a person's credits from every source once.

All four are read from the store's default graph (the merge of all named graphs) with direct
index lookups per property and cached per store generation. After a write the next question sees
the new facts: when the store recorded which IRIs the writes touched (Store.changes_since), only
those nodes' edges are re-read and replaced in place (``patch``); otherwise (a bulk load,
inference, a pattern update) the projections are rebuilt. Questions read inside ``reading(store)``,
which holds a shared lock that a patch waits for, so no question ever sees a half-patched or
half-built projection.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
import threading
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox

from tvkg.errors import TvkgError
from tvkg.ontology.namespaces import TV
from tvkg.ontology.vocabulary import RDF_TYPE, SAME_AS
from tvkg.store.clusters import Clusters, clusters
from tvkg.store.derived import derived
from tvkg.store.generations import Store

OWL_OBJECT_PROPERTY = ox.NamedNode("http://www.w3.org/2002/07/owl#ObjectProperty")
VOCABULARY_VALUED = {str(TV) + p for p in ("kind", "status", "datePrecision", "releaseStatus")}
CREDIT_PROPERTIES = {"director": "director", "writer": "writer"}  # credit name -> tv: property
CAST_PART = str(TV) + "CastRole"  # the "property" of a folded cast-part edge
Part = tuple[str | None, str | None, str | None]  # (show, actor, character) of one cast part
CastParts = dict[str, Part]  # tv:CastRole node -> its part
DEFAULT = ox.DefaultGraph()
# The works graph's edges: (tv: property, edge goes object -> subject?, edge property)
WORK_EDGES = (("adaptedAs", False, "adaptedAs"), ("basedOn", True, "adaptedAs"), ("seasonOf", True, "season"),
              ("episodeOf", True, "episode"), ("appearsIn", False, "appearsIn"))
T = TypeVar("T")
Canon = Callable[[str], str]  # an entity's IRI -> the IRI its merged cluster goes by


@dataclass(frozen=True)
class Credit:
    """One credit of a person on a production: 'actor' (with character and seasons), 'director', ..."""

    role: str
    character: str | None = None
    seasons: tuple[str, ...] = ()
    cast_role: str | None = None  # the tv:CastRole node, for explanations


class _SharedLock:
    """Many readers or one writer (the standard library has no read-write lock)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._writing and not self._readers)
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


@dataclass
class Projections:
    """The four projections of one store generation, and what building them cost."""

    entities: nx.Graph
    credits: nx.Graph
    collaboration: nx.Graph
    works: nx.DiGraph
    parts: CastParts = field(default_factory=dict, repr=False)
    properties: frozenset[str] = frozenset()  # the object properties the entity graph follows
    seconds: dict[str, float] = field(default_factory=dict)
    peak_bytes: int = 0
    patched: int = 0  # writes applied in place since the build
    clusters: Clusters = field(default_factory=Clusters, repr=False)  # the merges the projections follow
    lock: _SharedLock = field(default_factory=_SharedLock, repr=False)

    def stats(self) -> dict[str, dict[str, float]]:
        """Nodes, edges and build time per projection (for `tvkg stats`)."""
        return {name: {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                       "seconds": round(self.seconds.get(name, 0.0), 3)}
                for name, g in (("entities", self.entities), ("credits", self.credits),
                                ("collaboration", self.collaboration), ("works", self.works))}

    def patch(self, store: Store, touched: set[str]) -> bool:
        """Replace, in place, every edge of the nodes a write touched with what the store holds now.

        Call it holding ``lock.writing()``. False (and nothing changed) when the write touched the
        ontology's object properties, which changes what the entity graph follows: rebuild then.
        """
        if touched & (self.properties | set(object_properties(store))):
            return False
        affected = _update_parts(store, self.parts, touched)
        if affected & self.clusters.canonical.keys():
            return False  # a merged entity's node gathers several IRIs' edges: rebuild it whole
        canon = self.clusters.of
        _patch_entities(self.entities, store, self.parts, self.properties, affected, canon)
        changes = _patch_credits(self.credits, store, affected, canon)
        _patch_collaboration(self.collaboration, self.credits, changes)
        _patch_works(self.works, store, self.parts, affected, canon)
        self.patched += 1
        return True


def _patched(store: Store, built: Projections, since: str) -> Projections | None:
    """The projections of generation ``since`` patched in place to show the store now, when the
    writes since recorded what they touched and merged no entities; else None (built anew)."""
    touched = store.changes_since(since)
    if touched is None or clusters(store).fingerprint != built.clusters.fingerprint:
        return None
    with built.lock.writing():
        return built if built.patch(store, touched) else None


@contextlib.contextmanager
def reading(store: Store) -> Iterator[Projections]:
    """The projections of the store's current generation, held steady while the block runs."""
    built = current(store)
    with built.lock.reading():
        yield built


def current(store: Store) -> Projections:
    """The projections of the store's current generation: built on first use, patched in place
    after writes that recorded what they touched, rebuilt after any other write."""
    store.refresh()
    return _current(store)


@derived(patch=_patched)
def _current(store: Store) -> Projections:
    return build(store)


def warm(store: Store) -> None:
    """Bring the projections up to date now (a server calls this in the background at start and
    after each new generation, so no question waits for a build)."""
    current(store)


PROJECTIONS = ("entities", "credits", "collaboration", "works")


class TooLarge(TvkgError):
    """A projection has more edges than the caller will send."""


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
    values: RoleValues = _one_role(store)
    merged = clusters(store)

    def read_entities() -> nx.Graph:
        # the cast parts are read once, timed with the entity graph; the credits and works reuse them
        nonlocal values
        values = role_values(store)
        parts.update(cast_parts(store, values))
        return entity_graph(store, parts, merged.of)

    entities = timed("entities", read_entities)
    credits = timed("credits", lambda: credit_graph(store, values, merged.of))
    collaboration = timed("collaboration", lambda: collaboration_graph(credits))
    works = timed("works", lambda: works_graph(store, parts, merged.of))
    peak = 0
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return Projections(entities, credits, collaboration, works, parts, frozenset(object_properties(store)),
                       seconds, peak, clusters=merged)


def objects(store: Store, subject: ox.NamedNode, prop: str
            ) -> list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    """The values of one tv: property of ``subject`` in the default graph (a direct index lookup)."""
    return [q.object for q in store.ox.quads_for_pattern(subject, tv_property(prop), None, DEFAULT)]


def pairs(store: Store, prop: str) -> Iterator[tuple[str, str]]:
    """(subject, object) IRIs of every triple of one tv: property in the default graph."""
    for q in store.ox.quads_for_pattern(None, tv_property(prop), None, DEFAULT):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            yield _name(q.subject), _name(q.object)


def _name(term: ox.NamedNode) -> str:
    """A term's IRI as one shared string: each IRI recurs on every edge and fact that names it,
    and pyoxigraph makes a new string each time it is read (interning: 673 -> 574 bytes per edge at 1M triples)."""
    return sys.intern(term.value)


def _iris(terms: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> list[str]:
    return [_name(t) for t in terms if isinstance(t, ox.NamedNode)]


def object_properties(store: Store) -> list[str]:
    """The ontology's object properties that link entities (not vocabulary values), and owl:sameAs
    (entity resolution's merges: a hop "X is the same as Y" joins what two sources say)."""
    found = {q.subject.value for q in store.ox.quads_for_pattern(None, RDF_TYPE, OWL_OBJECT_PROPERTY)
             if isinstance(q.subject, ox.NamedNode)}
    return sorted((found - VOCABULARY_VALUED) | {SAME_AS.value})


def entity_graph(store: Store, parts: CastParts, canon: Canon = str) -> nx.Graph:
    """Every entity-to-entity triple as an undirected edge keeping its (subject, property, object);
    merged entities as one node (``canon`` names it)."""
    graph = nx.Graph()
    ordered = object_properties(store)  # (in order: a fact's order on its edge must not follow set order)
    properties = set(ordered)
    for prop in ordered:
        for q in store.ox.quads_for_pattern(None, ox.NamedNode(prop), None, DEFAULT):
            fact = _entity_fact(q, properties, parts)
            if fact:
                _link(graph, canon(fact[0]), canon(fact[2]), fact)
    for role, part in parts.items():
        for a, b in _folded(part):
            _link(graph, canon(a), canon(b), (role, CAST_PART, b))
    return graph


def _entity_fact(q: ox.Quad, properties: set[str] | frozenset[str], parts: CastParts) -> tuple[str, str, str] | None:
    """The (subject, property, object) of an entity-graph edge, if the quad makes one."""
    s, p, o = q.subject, q.predicate, q.object
    if (p.value in properties and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and s != o
            and s.value not in parts and o.value not in parts):
        return _name(s), _name(p), _name(o)
    return None


def _folded(part: Part) -> list[tuple[str, str]]:
    """The direct edges a cast part folds into: actor–show, actor–character, character–show."""
    show, actor, character = part
    return [(a, b) for a, b in ((actor, show), (actor, character), (character, show)) if a and b]


def _link(graph: nx.Graph, a: str, b: str, fact: tuple[str, str, str]) -> None:
    if a == b:  # the two ends are one merged entity (an owl:sameAs, or a fact between its members)
        return
    if graph.has_edge(a, b):
        graph.edges[a, b]["facts"].append(fact)
    else:
        graph.add_edge(a, b, facts=[fact])


def works_graph(store: Store, parts: CastParts, canon: Canon = str) -> nx.DiGraph:
    """Source works to adaptations to seasons to episodes, and characters to where they appear."""
    graph = nx.DiGraph()
    for prop, backwards, label in WORK_EDGES:
        for s, o in pairs(store, prop):
            _work_edge(graph, *((o, s) if backwards else (s, o)), label, canon)
    for show, _, character in parts.values():
        if show and character:
            _work_edge(graph, character, show, "appearsIn", canon)
    return graph


def _work_edge(graph: nx.DiGraph, a: str, b: str, label: str, canon: Canon) -> None:
    if canon(a) != canon(b):
        graph.add_edge(canon(a), canon(b), property=label)


ROLE_VALUES = ("actor", "character", "inSeason")  # what a cast part says besides its show
RoleValues = Callable[[str, str], list[str]]  # (cast part, property) -> its IRI values


def role_values(store: Store) -> RoleValues:
    """The values of every cast part, read in one scan per property, once per build: a build asks for
    all of them (2.1M cast parts at 10M triples), and one index lookup per part and property cost a
    fifth of it."""
    index: dict[str, dict[str, list[str]]] = {prop: defaultdict(list) for prop in ROLE_VALUES}
    for prop in ROLE_VALUES:
        for role, value in pairs(store, prop):
            index[prop][role].append(value)
    return lambda role, prop: index[prop].get(role, [])


def _one_role(store: Store) -> RoleValues:
    """The values of one cast part at a time (patching after a write touches a few)."""
    return lambda role, prop: _iris(objects(store, ox.NamedNode(role), prop))


def cast_parts(store: Store, values: RoleValues) -> CastParts:
    """Every tv:CastRole node with its (show, actor, character), any of which may be missing."""
    return {role: _part(values, show, role) for show, role in pairs(store, "hasCastRole")}


def _part(values: RoleValues, show: str | None, role: str) -> Part:
    actor, character = (next(iter(values(role, p)), None) for p in ("actor", "character"))
    return show, actor, character


def credit_graph(store: Store, values: RoleValues, canon: Canon = str) -> nx.Graph:
    """People and shows, one edge per pair with the person's credits on that show."""
    credits: dict[tuple[str, str], list[Credit]] = defaultdict(list)
    for show, role in pairs(store, "hasCastRole"):
        for actor, credit in _actor_credits(values, role, canon):
            credits[(canon(actor), canon(show))].append(credit)
    for role_name, prop in CREDIT_PROPERTIES.items():
        for production, person in pairs(store, prop):
            if Credit(role_name) not in credits[(canon(person), canon(production))]:
                credits[(canon(person), canon(production))].append(Credit(role_name))
    graph = nx.Graph()
    for (person, show), found in credits.items():
        _credit(graph, person, show, found)
    return graph


def _actor_credits(values: RoleValues, role: str, canon: Canon = str) -> Iterator[tuple[str, Credit]]:
    """(actor, credit) for each actor of one cast part."""
    characters = values(role, "character")
    seasons = tuple(sorted({canon(s) for s in values(role, "inSeason")}))
    for actor in values(role, "actor"):
        yield actor, Credit("actor", canon(characters[0]) if characters else None, seasons, role)


def _credit(graph: nx.Graph, person: str, show: str, found: list[Credit]) -> None:
    graph.add_node(person, kind="Person")
    graph.add_node(show, kind="Production")
    graph.add_edge(person, show, credits=found)


def collaboration_graph(credits: nx.Graph) -> nx.Graph:
    """People linked by the productions they share; ``weight`` is how many, ``productions`` which."""
    graph = nx.Graph()
    for node, kind in credits.nodes(data="kind"):
        if kind == "Person":
            graph.add_node(node)
    for production, kind in credits.nodes(data="kind"):
        if kind != "Production":
            continue
        _collaborate(graph, credits.neighbors(production), production)
    return graph


def _collaborate(graph: nx.Graph, people: Iterable[str], production: str) -> None:
    """Count ``production`` on the edge of every pair of ``people``."""
    for a, b in itertools.combinations(sorted(people), 2):
        if graph.has_edge(a, b):
            edge = graph.edges[a, b]
            edge["weight"] += 1
            edge["productions"].append(production)
        else:
            graph.add_edge(a, b, weight=1, productions=[production])


# -- patching in place after a write (see Projections.patch) ----------------------------------------

def _update_parts(store: Store, parts: CastParts, touched: set[str]) -> set[str]:
    """Re-read the cast parts the write touched; the affected nodes: touched, plus every show,
    actor and character of those parts before and after (their folded edges change too)."""
    affected = set(touched)
    for node in touched:
        shows = [q.subject.value for q in store.ox.quads_for_pattern(
            None, tv_property("hasCastRole"), ox.NamedNode(node), DEFAULT) if isinstance(q.subject, ox.NamedNode)]
        if node not in parts and not shows:
            continue
        before = parts.pop(node, None)
        if shows:
            parts[node] = _part(_one_role(store), shows[0], node)
        for part in (before, parts.get(node)):
            affected.update(m for m in part or () if m)
    return affected


def _roles_with(store: Store, parts: CastParts, node: str) -> Iterator[tuple[str, Part]]:
    """The cast parts ``node`` is the show, actor or character of."""
    term = ox.NamedNode(node)
    candidates = {q.object.value for q in store.ox.quads_for_pattern(term, tv_property("hasCastRole"), None, DEFAULT)
                  if isinstance(q.object, ox.NamedNode)}
    for prop in ("actor", "character"):
        candidates |= {q.subject.value for q in store.ox.quads_for_pattern(None, tv_property(prop), term, DEFAULT)
                       if isinstance(q.subject, ox.NamedNode)}
    for role in candidates:
        if role in parts and node in parts[role]:
            yield role, parts[role]


def _patch_entities(graph: nx.Graph, store: Store, parts: CastParts, properties: frozenset[str],
                    affected: set[str], canon: Canon = str) -> None:
    """Drop every edge of the affected nodes, then re-read them (both ends of each edge) from the store."""
    for node in affected & set(graph):
        graph.remove_edges_from(list(graph.edges(node)))
    facts: dict[tuple[str, str], dict[tuple[str, str, str], None]] = defaultdict(dict)  # ordered sets
    for node in sorted(affected):
        term = ox.NamedNode(node)
        for q in itertools.chain(store.ox.quads_for_pattern(term, None, None, DEFAULT),
                                 store.ox.quads_for_pattern(None, None, term, DEFAULT)):
            fact = _entity_fact(q, properties, parts)
            if fact and canon(fact[0]) != canon(fact[2]):
                facts[_edge(canon(fact[0]), canon(fact[2]))][fact] = None
        for role, part in _roles_with(store, parts, node):
            for a, b in _folded(part):
                if node in (a, b) and canon(a) != canon(b):
                    facts[_edge(canon(a), canon(b))][(role, CAST_PART, b)] = None
    for (a, b), found in facts.items():
        graph.add_edge(a, b, facts=list(found))
    _drop_isolated(graph, affected)


def _patch_credits(graph: nx.Graph, store: Store, affected: set[str], canon: Canon = str
                   ) -> list[tuple[str, set[str], set[str]]]:
    """Re-read the credits of every affected production; returns (production, people before, after)."""
    changes = []
    for node in affected:
        found: dict[str, list[Credit]] = defaultdict(list)
        for _, role in _pairs_of(store, node, "hasCastRole"):
            for actor, credit in _actor_credits(_one_role(store), role, canon):
                found[canon(actor)].append(credit)
        for role_name, prop in CREDIT_PROPERTIES.items():
            for _, person in _pairs_of(store, node, prop):
                found[canon(person)].append(Credit(role_name))
        was_production = node in graph and graph.nodes[node].get("kind") == "Production"
        if not found and not was_production:
            continue
        before = set(graph[node]) if was_production else set()
        if was_production:
            graph.remove_node(node)
        for person, credits in found.items():
            _credit(graph, person, node, credits)
        _drop_isolated(graph, before)
        changes.append((node, before, set(found)))
    return changes


def _patch_collaboration(graph: nx.Graph, credits: nx.Graph, changes: list[tuple[str, set[str], set[str]]]) -> None:
    """Take each changed production off the pairs of its people before, and count it for those after."""
    people = set()
    for production, before, after in changes:
        for a, b in itertools.combinations(sorted(before), 2):
            edge = graph.edges[a, b]
            edge["weight"] -= 1
            edge["productions"].remove(production)
            if not edge["weight"]:
                graph.remove_edge(a, b)
        _collaborate(graph, after, production)
        people |= before | after
    for person in people:
        if person in credits and credits.nodes[person].get("kind") == "Person":
            graph.add_node(person)
        elif person in graph:
            graph.remove_node(person)


def _patch_works(graph: nx.DiGraph, store: Store, parts: CastParts, affected: set[str], canon: Canon = str) -> None:
    """Drop every edge in or out of the affected nodes, then re-read them from the store."""
    for node in affected & set(graph):
        graph.remove_edges_from([*graph.in_edges(node), *graph.out_edges(node)])
    for node in affected:
        for a, b, label in work_edges_of(store, node):
            _work_edge(graph, a, b, label, canon)
        for _, (show, _, character) in _roles_with(store, parts, node):
            if show and character:
                _work_edge(graph, character, show, "appearsIn", canon)
    _drop_isolated(graph, affected)


def work_edges_of(store: Store, node: str) -> Iterator[tuple[str, str, str]]:
    """The works graph's edges (from, to, property) into or out of ``node`` by its tv: properties
    (WORK_EDGES), read from the store; not those of cast parts."""
    term = ox.NamedNode(node)
    for prop, backwards, label in WORK_EDGES:
        for q in itertools.chain(store.ox.quads_for_pattern(term, tv_property(prop), None, DEFAULT),
                                 store.ox.quads_for_pattern(None, tv_property(prop), term, DEFAULT)):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                s, o = _name(q.subject), _name(q.object)
                yield (o, s, label) if backwards else (s, o, label)


def _pairs_of(store: Store, subject: str, prop: str) -> list[tuple[str, str]]:
    """(subject, object) IRIs of one subject's values of a tv: property."""
    return [(subject, _name(o)) for o in objects(store, ox.NamedNode(subject), prop) if isinstance(o, ox.NamedNode)]


def _edge(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _drop_isolated(graph: nx.Graph, nodes: Iterable[str]) -> None:
    """Projections hold only nodes with edges (as a build would)."""
    graph.remove_nodes_from([n for n in nodes if n in graph and not graph.degree(n)])


def tv_property(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(TV) + name)
