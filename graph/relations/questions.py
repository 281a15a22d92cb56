"""Relationship questions, each answer explained: over the compact graphs of tvkg.relations.compact,
with networkx run on the neighbourhood a question needs, and the facts behind each answer read from
the store.

Entities are named by IRI or by any of their names ("yoon chanyoung" finds Yoon Chan-young); a
name that matches nothing raises UnknownEntity with suggestions, one that matches several
entities raises AmbiguousName listing them, never a guess.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

import networkx as nx
import numpy as np
import numpy.typing as npt
import pyoxigraph as ox
import scipy.sparse as sp

from tvkg.entities import search
from tvkg.entities.claims import season_claims, seasons_phrase
from tvkg.entities.description import Labels, exists
from tvkg.entities.names import normalise
from tvkg.entities.search import AmbiguousName as AmbiguousName  # (resolve raises them: part of this module's API)
from tvkg.entities.search import UnknownEntity as UnknownEntity
from tvkg.errors import TvkgError
from tvkg.ontology.namespaces import ENTITY, TV, expand
from tvkg.relations import centrality, compact
from tvkg.relations.centrality import MEASURES as MEASURES  # (the measures rank() takes)
from tvkg.relations.projections import CAST_PART, DEFAULT, object_properties, objects, work_edges_of
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store


@dataclass(frozen=True)
class Node:
    iri: str
    label: str


@dataclass(frozen=True)
class Step:
    """One hop of a connection and the fact behind it, as a sentence."""

    source: Node
    target: Node
    facts: tuple[tuple[str, str, str], ...]
    sentence: str


@dataclass(frozen=True)
class Connection:
    nodes: tuple[Node, ...]
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.steps)


def _nodes(labels: Labels, iris: Iterable[str]) -> dict[str, Node]:
    """Labelled nodes for ``iris``, with the labels looked up in one batch."""
    wanted = set(iris)
    labels.prefetch([ox.NamedNode(n) for n in wanted])
    return {n: Node(n, labels.text(ox.NamedNode(n))) for n in wanted}


# -- naming entities ------------------------------------------------------------------------------

def resolve(store: Store, name: str) -> str:
    """The IRI for an IRI (full, or prefixed as ``person:park-ji-hu``) or a name; UnknownEntity /
    AmbiguousName otherwise."""
    name = name.strip()
    expanded = expand(name)
    if expanded != name and " " not in name and exists(store, expanded):
        return clusters(store).of(expanded)
    if name.startswith(("http://", "https://", "urn:")):
        if not exists(store, name):
            raise UnknownEntity(f"no entity has the IRI <{name}>", [])
        return clusters(store).of(name)  # a merged entity is one node, whichever member is named
    hits = search.search(store, name, limit=10)
    exact = [h for h in hits if normalise(h.matched) == normalise(name)]
    if len(exact) == 1:
        return exact[0].iri
    if len(exact) > 1:
        listed = "; ".join(f"{h.label} ({h.kind}) <{h.iri}>" for h in exact)
        raise AmbiguousName(f"{name!r} names {len(exact)} entities: {listed}; give one by IRI", exact)
    hint = f"; did you mean: {', '.join(h.label for h in hits[:5])}?" if hits else ""
    raise UnknownEntity(f"no entity is named {name!r}{hint}", hits)


# -- connections ------------------------------------------------------------------------------

def connections(store: Store, source: str, target: str, k: int = 1, hubs: bool = False) -> list[Connection]:
    """The k shortest connections between two entities over the entity graph, each hop explained.

    Paths run through people, productions, characters and source works; ``hubs`` lets them also
    pass through places, organisations, categories, events and sources, which connect everything
    and explain little ("both are from South Korea"). An empty list means not connected.
    """
    a, b = resolve(store, source), resolve(store, target)
    if a == b:
        raise TvkgError("the two entities are the same; name two different ones")
    graph = compact.layer(store).entities
    start, end = graph.id(a), graph.id(b)
    if start is None or end is None:
        return []
    paths = _paths(graph, start, end, k, None if hubs else through(graph, (start, end)))
    if not paths:
        return []
    labels = Labels(store)  # shared with the sentences, which name the same entities
    named = _nodes(labels, itertools.chain(*paths))
    explain = _Facts(store)
    return [_explain(explain, path, named, labels, store) for path in paths]


def through(graph: compact.Compact, ends: Iterable[int] = ()) -> compact.Allowed:
    """The nodes a connection may pass through: no hubs, but ``ends`` whatever they are."""
    allowed: npt.NDArray[np.bool_] = graph.kinds == compact.THROUGH
    allowed[list(ends)] = True
    return allowed


TIES = 20  # paths as short as the k-th one also considered, so ties are broken by IRI
DETOUR = 6  # how much longer than the shortest the k-th connection is looked for


def _paths(graph: compact.Compact, source: int, target: int, k: int, allowed: compact.Allowed) -> list[list[str]]:
    """The k shortest simple paths (IRIs) between two nodes, found by networkx in the neighbourhood
    that holds every path up to some length, that length raised until the k-th path fits in it."""
    if k == 1:  # the common question: only the nodes of the shortest paths are needed
        nodes = compact.on_shortest_paths(graph, source, target, allowed)
        return _shortest(_near(graph, nodes), graph.iri(source), graph.iri(target), 1) if nodes.size else []
    shortest = compact.distance(graph, source, target, allowed)
    if shortest is None:
        return []
    found: list[list[str]] = []
    for length in range(shortest, shortest + DETOUR + 1):
        found = _shortest(_near(graph, compact.between(graph, source, target, length, allowed)),
                          graph.iri(source), graph.iri(target), k)
        if len(found) >= k and len(found[k - 1]) - 1 <= length:
            break
    return found


def _near(graph: compact.Compact, nodes: compact.Ids) -> nx.Graph:
    """The part of a compact graph among ``nodes``, in networkx, nodes named by IRI."""
    left, right = compact.induced(graph, nodes)
    near = nx.Graph()
    near.add_nodes_from(graph.iri(n) for n in nodes.tolist())
    near.add_edges_from((graph.iri(a), graph.iri(b)) for a, b in zip(left.tolist(), right.tolist(), strict=True))
    return near


def _shortest(graph: nx.Graph, a: str, b: str, k: int) -> list[list[str]]:
    """The k shortest simple paths; among paths of one length, the first by IRI. (networkx's order
    among equal lengths follows set order, which changes from one process to the next.)"""
    found: list[list[str]] = []
    try:
        for path in nx.shortest_simple_paths(graph, a, b):
            if len(found) >= k and (len(path) > len(found[k - 1]) or len(found) >= k + TIES):
                break
            found.append(path)
    except nx.NetworkXNoPath:
        return []
    return sorted(found, key=lambda path: (len(path), path))[:k]


Fact = tuple[str, str, str]


class _Facts:
    """The facts behind an edge of the entity graph, read from the store: the triples between its
    two ends (any member of a merged entity) and the cast parts folded into it."""

    def __init__(self, store: Store) -> None:
        self.store, self.merged = store, clusters(store)
        self.properties = {p: n for n, p in enumerate(object_properties(store))}

    def between(self, u: str, v: str) -> tuple[Fact, ...]:
        triples: list[Fact] = []
        pairs = [(x, y) for x in self.merged.cluster(u) for y in self.merged.cluster(v)]
        for x, y in pairs:
            for s, o in ((x, y), (y, x)):
                triples += [(s, q.predicate.value, o) for q in self.store.ox.quads_for_pattern(
                    ox.NamedNode(s), None, ox.NamedNode(o), DEFAULT) if q.predicate.value in self.properties]
        triples.sort(key=lambda fact: (self.properties[fact[1]], fact))
        return (*triples, *self._parts(pairs))

    def _parts(self, pairs: list[tuple[str, str]]) -> list[Fact]:
        """The cast parts folded into an edge, (part, CAST_PART, the show or character end), by one
        query with the ends written in (Oxigraph then joins an actor's thousands of parts with the
        show's without spelling out their IRIs, which is where reading them one by one spent its
        time: 0.5 s a path at 10M triples)."""
        branches = " UNION ".join(pattern.format(x=x, end=end) for a, b in pairs for x, end in ((a, b), (b, a))
                                  for ends, pattern in FOLDS.items() if _may_be(x, ends[0]) and _may_be(end, ends[1]))
        if not branches:
            return []
        answer = cast(ox.QuerySolutions, self.store.ox.query(
            f"PREFIX tv: <{TV}> SELECT DISTINCT ?role ?end WHERE {{ {branches} }}"))
        return sorted({(cast(ox.NamedNode, row["role"]).value, CAST_PART, cast(ox.NamedNode, row["end"]).value)
                       for row in answer})


# The cast parts folded into the edge from <x> to <end>: actor–show, actor–character, character–show.
# Each is asked only between entities of its kinds, as their IRIs say (ENTITY/<kind>/...): a show is
# not an actor, and an actor's thousands of parts need not be read to learn that.
FOLDS = {("person", "show"): "{{ ?role tv:actor <{x}> . <{end}> tv:hasCastRole ?role BIND(<{end}> AS ?end) }}",
         ("person", "character"):
             "{{ ?role tv:actor <{x}> ; tv:character <{end}> . [] tv:hasCastRole ?role BIND(<{end}> AS ?end) }}",
         ("character", "show"): "{{ ?role tv:character <{x}> . <{end}> tv:hasCastRole ?role BIND(<{end}> AS ?end) }}"}


def _may_be(iri: str, kind: str) -> bool:
    """Whether ``iri`` may be an entity of ``kind``: tvkg's IRIs say (ENTITY/<kind>/...); others may be anything."""
    return not iri.startswith(ENTITY) or iri.startswith(f"{ENTITY}{kind}/")
TV_TERM = {name: ox.NamedNode(f"{TV}{name}") for name in ("actor", "character", "hasCastRole")}


def _explain(facts: _Facts, path: list[str], named: dict[str, Node], labels: Labels, store: Store) -> Connection:
    steps = []
    for u, v in itertools.pairwise(path):
        found = facts.between(u, v)
        steps.append(Step(named[u], named[v], found, _sentence(found, labels, store)))
    return Connection(tuple(named[n] for n in path), tuple(steps))


def _sentence(facts: tuple[Fact, ...], labels: Labels, store: Store) -> str:
    """A cast part reads "X played Y in Show (seasons 1, 2)"; any other fact "X — property → Y"."""
    for subject, prop, _ in facts:
        if prop == CAST_PART:
            return _cast_sentence(subject, labels, store)
    subject, prop, obj = facts[0]
    return f"{labels.text(ox.NamedNode(subject))} — {labels.property(prop)} → {labels.text(ox.NamedNode(obj))}"


def _cast_sentence(role: str, labels: Labels, store: Store) -> str:
    node = ox.NamedNode(role)
    actor, character = objects(store, node, "actor"), objects(store, node, "character")
    show = [q.subject for q in store.ox.quads_for_pattern(None, TV_TERM["hasCastRole"], node, DEFAULT)]
    seasons = seasons_phrase(season_claims(store, [role]).get(role, []))  # as firm as the claims behind them
    who = labels.text(actor[0]) if actor else "someone"
    text = f"{who} played {labels.text(character[0]) if character else 'a part'}"
    if show:
        text += f" in {labels.text(show[0])}"
    if seasons:
        text += f" ({seasons})"
    return text


# -- people and productions -----------------------------------------------------------------------

@dataclass(frozen=True)
class Separation:
    """Degrees of separation between two people over shared productions, with the chain."""

    people: tuple[Node, ...]
    shared: tuple[tuple[Node, ...], ...]  # for each hop, the productions the two people share

    @property
    def degrees(self) -> int:
        return len(self.people) - 1


def separation(store: Store, source: str, target: str) -> Separation | None:
    """How many shared productions apart two people are ("Bacon number"); None when unconnected.
    Among the shortest chains, the first by IRI."""
    graph = compact.layer(store).credits
    a, b = _person(store, graph, source), _person(store, graph, target)
    nodes = compact.on_shortest_paths(graph, a, b)
    if not nodes.size:
        return None
    people = _collaboration(graph, nodes)
    [path] = _shortest(people, graph.iri(a), graph.iri(b), 1) if a != b else [[graph.iri(a)]]
    ids = [graph.id(p) for p in path]
    shared = [[graph.iri(s) for s in np.intersect1d(graph.neighbours(u), graph.neighbours(v)).tolist()]
              for u, v in itertools.pairwise(cast(list[int], ids))]
    named = _nodes(Labels(store), [*path, *itertools.chain(*shared)])
    return Separation(tuple(named[p] for p in path), tuple(tuple(named[s] for s in group) for group in shared))


def _collaboration(graph: compact.Compact, nodes: compact.Ids) -> nx.Graph:
    """The people among ``nodes``, linked when they share a production among ``nodes``."""
    inside = np.zeros(len(graph.nodes), dtype=np.bool_)
    inside[nodes] = True
    people = nx.Graph()
    for node in nodes.tolist():
        if graph.kinds[node] == compact.PERSON:
            people.add_node(graph.iri(node))
            continue
        cast_ = [graph.iri(p) for p in graph.neighbours(node).tolist() if inside[p]]
        people.add_edges_from(itertools.combinations(cast_, 2))
    return people


def separation_distribution(store: Store, source: str) -> dict[int, int]:
    """How many people are at each number of degrees from a person (0: the person)."""
    graph = compact.layer(store).credits
    return compact.separation_distribution(graph, graph.iri(_person(store, graph, source)))


def _person(store: Store, graph: compact.Compact, name: str) -> int:
    node = graph.id(resolve(store, name))
    if node is None or graph.kinds[node] != compact.PERSON:
        raise TvkgError(f"{name!r} is not a person with credits in the graph")
    return node


@dataclass(frozen=True)
class Ranked:
    node: Node
    kind: str
    score: float


KINDS = {compact.PERSON: "Person", compact.PRODUCTION: "Production"}


def rank(store: Store, measure: str = "degree", kind: str | None = None, top: int = 10,
         wait: float | None = None) -> list[Ranked]:
    """Centrality over the credits graph (people and productions), best first, optionally one kind.

    With ``wait`` seconds (a server), betweenness is computed in the background and raises
    centrality.NotReady if it takes longer."""
    if measure not in MEASURES:
        raise TvkgError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if kind not in (None, "Person", "Production"):
        raise TvkgError(f"unknown kind {kind!r}; use Person or Production")
    graph = compact.layer(store).credits
    scores = centrality.scores(store, measure, wait)
    chosen = np.arange(len(graph.nodes))
    if kind is not None:
        chosen = chosen[graph.kinds == (compact.PERSON if kind == "Person" else compact.PRODUCTION)]
    best = chosen[np.lexsort((chosen, -scores[chosen]))][:top].tolist()  # ids are in IRI order
    named = _nodes(Labels(store), [graph.iri(n) for n in best])
    return [Ranked(named[graph.iri(n)], KINDS[int(graph.kinds[n])], round(float(scores[n]), 6)) for n in best]


@dataclass(frozen=True)
class Collaborator:
    person: Node
    productions: tuple[Node, ...]


def collaborators(store: Store, person: str, top: int = 10) -> list[Collaborator]:
    """A person's most frequent collaborators: the people they share the most productions with."""
    graph = compact.layer(store).credits
    node = _person(store, graph, person)
    productions = graph.neighbours(node)
    others, counts = np.unique(compact.neighbours(graph, productions), return_counts=True)
    counts, others = counts[others != node], others[others != node]
    best = others[np.lexsort((others, -counts))][:top].tolist()
    ranked = [(graph.iri(other), [graph.iri(p) for p in np.intersect1d(productions, graph.neighbours(other)).tolist()])
              for other in best]
    named = _nodes(Labels(store), [*(other for other, _ in ranked), *itertools.chain(*(p for _, p in ranked))])
    return [Collaborator(named[other], tuple(named[p] for p in productions)) for other, productions in ranked]


# -- source works ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Adaptation:
    """A production adapted from a source work, its seasons and episodes, and the shared characters."""

    production: Node
    seasons: tuple[Node, ...]
    episodes: int
    shared_characters: tuple[Node, ...]


def derived(store: Store, work: str) -> list[Adaptation]:
    """Everything derived from a source work: adaptations (and adaptations of those), their
    seasons and episode counts, and the characters that appear both in the work and in them."""
    iri = resolve(store, work)
    return _derived(store, works_near(store, iri), iri)


def works_near(store: Store, iri: str) -> nx.DiGraph:
    """The part of the works projection a source work's question needs, read from the store by index
    lookups: everything its structural edges (adaptations, seasons, episodes) lead to, the other
    structural edges into those, and the characters that appear in them."""
    merged = clusters(store)
    graph = nx.DiGraph()
    todo, seen = [iri], {iri}
    while todo:
        node = todo.pop()
        for a, b, label in _work_edges(store, merged.cluster(node)):
            if merged.of(a) == merged.of(b):
                continue
            graph.add_edge(merged.of(a), merged.of(b), property=label)
            reached = merged.of(b) if merged.of(a) == node else None
            if reached and label != "appearsIn" and reached not in seen:
                seen.add(reached)
                todo.append(reached)
    return graph


def _work_edges(store: Store, members: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """The works projection's edges (from, to, property) into or out of any of ``members``."""
    for member in members:
        yield from work_edges_of(store, member)
        for q in store.ox.quads_for_pattern(ox.NamedNode(member), TV_TERM["hasCastRole"], None, DEFAULT):
            for character in objects(store, cast(ox.NamedNode, q.object), "character"):
                if isinstance(character, ox.NamedNode):
                    yield character.value, member, "appearsIn"


def _derived(store: Store, graph: nx.DiGraph, iri: str) -> list[Adaptation]:
    if iri not in graph:
        return []
    structural = nx.subgraph_view(graph, filter_edge=lambda u, v: graph.edges[u, v]["property"] != "appearsIn")
    productions = [n for n in nx.bfs_tree(structural, iri)
                   if n != iri and structural.in_edges(n) and
                   all(structural.edges[e]["property"] == "adaptedAs" for e in structural.in_edges(n))]
    in_work = {c for c, _ in graph.in_edges(iri) if graph.edges[c, iri]["property"] == "appearsIn"}
    found = []
    for production in productions:
        seasons = sorted(v for _, v, p in structural.out_edges(production, data="property") if p == "season")
        episodes = sum(1 for s in seasons for _, _, p in structural.out_edges(s, data="property") if p == "episode")
        shared = sorted(c for c, _ in graph.in_edges(production)
                        if graph.edges[c, production]["property"] == "appearsIn" and c in in_work)
        named = _nodes(Labels(store), [production, *seasons, *shared])
        found.append(Adaptation(named[production], tuple(named[s] for s in seasons), episodes,
                                tuple(named[c] for c in shared)))
    return found


@dataclass(frozen=True)
class SharedCast:
    productions: tuple[Node, Node]
    people: tuple[Node, ...]


def shared_cast(store: Store, top: int = 10) -> list[SharedCast]:
    """Pairs of productions that share the most people (cast and crew), most first."""
    graph = compact.layer(store).credits
    productions = np.flatnonzero(graph.kinds == compact.PRODUCTION)
    credited = graph.matrix[productions].astype(np.int32)  # productions x every node (people only, bipartite)
    pairs = sp.triu(credited @ credited.T, k=1).tocoo()
    best = np.lexsort((pairs.col, pairs.row, -pairs.data))[:top]  # rows and columns are in IRI order
    found = []
    for row, col in zip(pairs.row[best].tolist(), pairs.col[best].tolist(), strict=True):
        a, b = int(productions[row]), int(productions[col])
        people = [graph.iri(p) for p in np.intersect1d(graph.neighbours(a), graph.neighbours(b)).tolist()]
        named = _nodes(Labels(store), [graph.iri(a), graph.iri(b), *people])
        found.append(SharedCast((named[graph.iri(a)], named[graph.iri(b)]), tuple(named[p] for p in people)))
    return found


def communities(store: Store, top: int = 10) -> list[tuple[Node, ...]]:
    """Communities of collaborators (Louvain over the collaboration graph, fixed seed), largest first."""
    graph = centrality.collaboration(compact.layer(store).credits)
    groups = nx.community.louvain_communities(graph, weight="weight", seed=1) if graph else []
    largest = sorted(groups, key=lambda g: (-len(g), min(g)))[:top]
    named = _nodes(Labels(store), itertools.chain(*largest))
    return [tuple(named[n] for n in sorted(group)) for group in largest]
