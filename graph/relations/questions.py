"""Relationship questions answered with networkx over tvkg.relations.projections, each answer explained.

Entities are named by IRI or by any of their names ("yoon chanyoung" finds Yoon Chan-young); a
name that matches nothing raises UnknownEntity with suggestions, one that matches several
entities raises AmbiguousName listing them, never a guess.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from tvkg.entities import search
from tvkg.entities.claims import season_claims, seasons_phrase
from tvkg.entities.description import Labels, exists
from tvkg.entities.names import normalise
from tvkg.entities.search import AmbiguousName as AmbiguousName  # (resolve raises them: part of this module's API)
from tvkg.entities.search import UnknownEntity as UnknownEntity
from tvkg.errors import TvkgError
from tvkg.ontology.namespaces import ENTITY, TV, expand
from tvkg.relations.projections import CAST_PART, objects, reading
from tvkg.relations.projections import MEASURES as MEASURES  # (the measures rank() takes)
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
    with reading(store) as built:
        graph = built.entities if hubs else without_hubs(built.entities, (a, b))
        if a not in graph or b not in graph:
            return []
        try:
            paths = _shortest(graph, a, b, k)
        except nx.NetworkXNoPath:
            return []
        labels = Labels(store)  # shared with the sentences, which name the same entities
        named = _nodes(labels, itertools.chain(*paths))
        return [_explain(graph, path, named, labels, store) for path in paths]


# The kinds of entity (ENTITY/<kind>/...) a connection explains something through; the others
# (place, org, category, event, source, announcement, ...) are hubs, left out unless asked for.
THROUGH = tuple(f"{ENTITY}{kind}/" for kind in ("person", "show", "season", "episode", "character", "work"))


def without_hubs(graph: nx.Graph, ends: Iterable[str] = ()) -> nx.Graph:
    """A read-only view of ``graph`` without hub nodes (but with ``ends``, whatever they are)."""
    keep = set(ends)
    return nx.subgraph_view(graph, filter_node=lambda n: n.startswith(THROUGH) or n in keep)


TIES = 20  # paths as short as the k-th one also considered, so ties are broken by IRI


def _shortest(graph: nx.Graph, a: str, b: str, k: int) -> list[list[str]]:
    """The k shortest simple paths; among paths of one length, the first by IRI. (networkx's order
    among equal lengths follows set order, which changes from one process to the next.)"""
    found: list[list[str]] = []
    for path in nx.shortest_simple_paths(graph, a, b):
        if len(found) >= k and (len(path) > len(found[k - 1]) or len(found) >= k + TIES):
            break
        found.append(path)
    return sorted(found, key=lambda path: (len(path), path))[:k]


def _explain(graph: nx.Graph, path: list[str], named: dict[str, Node], labels: Labels, store: Store) -> Connection:
    steps = []
    for u, v in itertools.pairwise(path):
        facts = tuple(graph.edges[u, v]["facts"])
        steps.append(Step(named[u], named[v], facts, _sentence(facts, labels, store)))
    return Connection(tuple(named[n] for n in path), tuple(steps))


def _sentence(facts: tuple[tuple[str, str, str], ...], labels: Labels, store: Store) -> str:
    """A cast part reads "X played Y in Show (seasons 1, 2)"; any other fact "X — property → Y"."""
    for subject, prop, _ in facts:
        if prop == CAST_PART:
            return _cast_sentence(subject, labels, store)
    subject, prop, obj = facts[0]
    return f"{labels.text(ox.NamedNode(subject))} — {labels.property(prop)} → {labels.text(ox.NamedNode(obj))}"


def _cast_sentence(role: str, labels: Labels, store: Store) -> str:
    node = ox.NamedNode(role)
    actor, character = objects(store, node, "actor"), objects(store, node, "character")
    show = [q.subject for q in store.ox.quads_for_pattern(None, ox.NamedNode(str(TV) + "hasCastRole"), node,
                                                          ox.DefaultGraph())]
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
    """How many shared productions apart two people are ("Bacon number"); None when unconnected."""
    with reading(store) as built:
        graph = built.collaboration
        a, b = _person(store, graph, source), _person(store, graph, target)
        try:
            [path] = _shortest(graph, a, b, 1)
        except nx.NetworkXNoPath:
            return None
        shared = [list(graph.edges[u, v]["productions"]) for u, v in itertools.pairwise(path)]
    named = _nodes(Labels(store), [*path, *itertools.chain(*shared)])
    return Separation(tuple(named[p] for p in path), tuple(tuple(named[s] for s in group) for group in shared))


def separation_distribution(store: Store, source: str) -> dict[int, int]:
    """How many people are at each number of degrees from a person (0: the person)."""
    with reading(store) as built:
        graph = built.collaboration
        lengths = nx.single_source_shortest_path_length(graph, _person(store, graph, source))
    return dict(sorted(Counter(lengths.values()).items()))


def _person(store: Store, graph: nx.Graph, name: str) -> str:
    iri = resolve(store, name)
    if iri not in graph:
        raise TvkgError(f"{name!r} is not a person with credits in the graph")
    return iri


@dataclass(frozen=True)
class Ranked:
    node: Node
    kind: str
    score: float


def rank(store: Store, measure: str = "degree", kind: str | None = None, top: int = 10,
         wait: float | None = None) -> list[Ranked]:
    """Centrality over the credits graph (people and productions), best first, optionally one kind.

    With ``wait`` seconds (a server), betweenness is computed in the background and raises
    projections.NotReady if it takes longer."""
    if measure not in MEASURES:
        raise TvkgError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if kind not in (None, "Person", "Production"):
        raise TvkgError(f"unknown kind {kind!r}; use Person or Production")
    with reading(store) as built:
        graph, scores = built.credits, built.centrality(measure, wait=wait)
        chosen = [n for n in scores if kind is None or graph.nodes[n]["kind"] == kind]
        best = [(n, graph.nodes[n]["kind"]) for n in sorted(chosen, key=lambda n: (-scores[n], n))[:top]]
    named = _nodes(Labels(store), [n for n, _ in best])
    return [Ranked(named[n], node_kind, round(scores[n], 6)) for n, node_kind in best]


@dataclass(frozen=True)
class Collaborator:
    person: Node
    productions: tuple[Node, ...]


def collaborators(store: Store, person: str, top: int = 10) -> list[Collaborator]:
    """A person's most frequent collaborators: the people they share the most productions with."""
    with reading(store) as built:
        graph = built.collaboration
        iri = _person(store, graph, person)
        ranked = [(other, sorted(edge["productions"]))
                  for other, edge in sorted(graph[iri].items(), key=lambda item: (-item[1]["weight"], item[0]))[:top]]
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
    with reading(store) as built:
        return _derived(store, built.works, iri)


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
    with reading(store) as built:
        credits = built.credits
        productions = [n for n, kind in credits.nodes(data="kind") if kind == "Production"]
        pairs = nx.bipartite.weighted_projected_graph(credits, productions) if productions else nx.Graph()
        best = sorted(pairs.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))[:top]
        shared = [(a, b, sorted(set(credits[a]) & set(credits[b]))) for a, b, _ in best]
    found = []
    for a, b, people in shared:
        named = _nodes(Labels(store), [a, b, *people])
        found.append(SharedCast((named[a], named[b]), tuple(named[p] for p in people)))
    return found


def communities(store: Store, top: int = 10) -> list[tuple[Node, ...]]:
    """Communities of collaborators (Louvain over the collaboration graph, fixed seed), largest first."""
    with reading(store) as built:
        graph = built.collaboration
        groups = nx.community.louvain_communities(graph, weight="weight", seed=1) if graph else []
    largest = sorted(groups, key=lambda g: (-len(g), min(g)))[:top]
    named = _nodes(Labels(store), itertools.chain(*largest))
    return [tuple(named[n] for n in sorted(group)) for group in largest]
