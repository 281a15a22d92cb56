"""The relationship graphs in compact form: integer node ids and CSR adjacency in numpy arrays,
written beside a store generation and memory-mapped read-only by every process that reads them.

networkx keeps a dict per node and per edge (about 574 bytes an edge); at ten million triples the
shared process held 5.75 GB of them. Here a graph is four arrays: the nodes' IRIs sorted (so an
IRI's id is a binary search, with no dict in memory), each node's kind, and the adjacency as CSR
(``indptr``, ``indices``). Written once per generation with ``np.save`` and opened with
``mmap_mode="r"``, they cost one copy per machine in the page cache, and nothing to open.

Two graphs make a ``Layer``, the questions' view of one generation:

* ``entities``: every entity, an edge for every object-property triple between two of them and for
  each cast part folded into actor–show, actor–character and character–show (what the networkx
  entity projection holds, without the facts on the edges: a question reads the facts of the few
  edges it answers with from the store). A node's kind says whether a connection may pass through
  it (people, productions, characters, works) or it is a hub (places, organisations, categories).
* ``credits``: people and productions, an edge per person and production they are credited on. It
  is bipartite, so the collaboration graph needs no arrays of its own: two people who share a
  production are two hops apart here, and degrees of separation are half the bipartite distance.

Both are read from the store's default graph with one SPARQL query each, answered as TSV and split
by numpy, merged entities as one node. Questions run breadth-first searches in numpy (a whole level
at a time) and scipy's sparse routines, and hand networkx only the neighbourhood a question needs.
``tests/test_compact.py`` checks them against the networkx projections on the bundled data.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
import pyoxigraph as ox
import scipy.sparse as sp
from scipy.sparse import csgraph

from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.relations.projections import CREDIT_PROPERTIES, object_properties
from tvkg.store.clusters import Clusters, clusters
from tvkg.store.derived import derived
from tvkg.store.generations import Store

PERSON, PRODUCTION = 0, 1  # the credits graph's kinds
HUB, THROUGH = 0, 1  # the entity graph's kinds
# The kinds of entity (ENTITY/<kind>/...) a connection explains something through; the others
# (place, org, category, event, source, announcement, ...) are hubs, left out unless asked for.
THROUGH_KINDS = ("person", "show", "season", "episode", "character", "work")
ARRAYS = ("nodes", "kinds", "indptr", "indices")
GRAPHS = ("entities", "credits")
FOLDER = "compact"  # beside the store's generations: <root>/compact/<generation>/<graph>.<array>.npy
Ids = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Compact:
    """One undirected graph: ``nodes[i]`` is node i's IRI (UTF-8, sorted), ``kinds[i]`` its kind,
    and its neighbours are ``indices[indptr[i]:indptr[i + 1]]``."""

    nodes: npt.NDArray[np.bytes_]
    kinds: npt.NDArray[np.int8]
    indptr: npt.NDArray[np.int64]
    indices: Ids

    @property
    def matrix(self) -> sp.csr_matrix:
        """The adjacency as a scipy CSR matrix over the same arrays (no copy)."""
        n = len(self.nodes)
        data = np.ones(len(self.indices), dtype=np.int8)
        return sp.csr_matrix((data, self.indices, self.indptr), shape=(n, n), copy=False)

    @property
    def edges(self) -> int:
        return len(self.indices) // 2

    def id(self, iri: str) -> int | None:
        """The node id of ``iri``, or None when it is not in the graph."""
        key = iri.encode()
        at = int(np.searchsorted(self.nodes, key))
        return at if at < len(self.nodes) and self.nodes[at] == key else None

    def iri(self, node: int) -> str:
        return bytes(self.nodes[node]).decode()

    def degree(self, iri: str) -> int:
        node = self.id(iri)
        return 0 if node is None else int(self.indptr[node + 1] - self.indptr[node])

    def neighbours(self, node: int) -> Ids:
        return np.asarray(self.indices[self.indptr[node]:self.indptr[node + 1]])

    def save(self, folder: Path, name: str) -> None:
        for array in ARRAYS:
            np.save(folder / f"{name}.{array}.npy", getattr(self, array))

    @classmethod
    def open(cls, folder: Path, name: str) -> Compact:
        """The arrays written by ``save``, memory-mapped read-only."""
        return cls(**{array: np.load(folder / f"{name}.{array}.npy", mmap_mode="r") for array in ARRAYS})


@dataclass(frozen=True)
class Layer:
    """The compact graphs of one store generation."""

    entities: Compact
    credits: Compact

    def save(self, folder: Path) -> None:
        """Write the arrays into ``folder`` all-or-nothing: into a new folder beside it, renamed.
        Another process that wrote them first wins (a generation's arrays are always the same)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        for name in GRAPHS:
            getattr(self, name).save(scratch, name)
        graphs = {name: getattr(self, name) for name in GRAPHS}
        figures = {name: {"nodes": len(graph.nodes), "edges": graph.edges} for name, graph in graphs.items()}
        (scratch / "layer.json").write_text(json.dumps(figures))
        try:
            os.replace(scratch, folder)
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
            if not (folder / "layer.json").is_file():
                raise

    @classmethod
    def open(cls, folder: Path) -> Layer:
        return cls(**{name: Compact.open(folder, name) for name in GRAPHS})


# -- building from the store ------------------------------------------------------------------------

def _tv(name: str) -> str:
    return f"<{TV}{name}>"


CREW = " UNION ".join(f"{{ ?production {_tv(prop)} ?person }}" for prop in CREDIT_PROPERTIES.values())
CREW_CREDITS = f"SELECT ?person ?production WHERE {{ {CREW} FILTER(isIRI(?person) && isIRI(?production)) }}"
# Every cast part with its show, actor and character (either may be missing): one row per part, read
# once for both graphs. Oxigraph spends most of a build turning its ids back into IRIs (about 10-35 µs
# each at 10M triples), so a build asks for as few terms as it can.
CAST_PARTS = f"""SELECT ?show ?actor ?character WHERE {{ ?show {_tv('hasCastRole')} ?role
  OPTIONAL {{ ?role {_tv('actor')} ?actor }} OPTIONAL {{ ?role {_tv('character')} ?character }} }}"""
FOLDED = {f"{TV}{name}" for name in ("hasCastRole", "actor", "character", "inSeason")}  # a cast part's own triples


def _facts(properties: list[str]) -> str:
    """Every triple of the entity graph's properties between two IRIs, but those of a cast part (folded)."""
    values = " ".join(f"<{p}>" for p in properties if p not in FOLDED)
    return (f"SELECT ?a ?b WHERE {{ VALUES ?p {{ {values} }} ?a ?p ?b FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b) "
            f"FILTER NOT EXISTS {{ [] {_tv('hasCastRole')} ?a }} FILTER NOT EXISTS {{ [] {_tv('hasCastRole')} ?b }} }}")


Column = npt.NDArray[np.bytes_]


def _columns(store: Store, query: str, count: int) -> list[Column]:
    """The columns of a query's answer (IRIs without their <>, b"" where unbound), split by numpy
    from Oxigraph's TSV: Python sees no row."""
    answer = cast(ox.QuerySolutions, store.ox.query(query))
    text = answer.serialize(format=ox.QueryResultsFormat.TSV) or b""
    rows: Column = np.array(text.split(b"\n")[1:], dtype=np.bytes_)
    rest = rows[rows != b""]
    if not rest.size:
        return [np.array([], dtype="S1") for _ in range(count)]
    found = []
    for _ in range(count - 1):
        split = np.char.partition(rest, b"\t")
        found.append(split[:, 0])
        rest = split[:, 2]
    found.append(rest)
    return [np.char.strip(column, b"<>") for column in found]


def _graph(a: Column, b: Column, merged: Clusters) -> tuple[Column, Ids, Ids, sp.csr_matrix]:
    """Sorted node IRIs, each pair's two ends as node ids, and the undirected adjacency (each pair
    once, no loops), merged entities as one node. Python sees each distinct IRI once, not each pair."""
    written, at = np.unique(np.concatenate([a, b]), return_inverse=True)
    canonical = np.array([merged.of(iri.decode()).encode() for iri in written.tolist()], dtype=np.bytes_)
    if not len(canonical):
        canonical = np.array([], dtype="S1")
    nodes, ids = np.unique(canonical, return_inverse=True)
    ends = ids[at].astype(np.int64).reshape(2, -1)
    ends = ends[:, ends[0] != ends[1]]  # the two ends are one merged entity
    n = len(nodes)
    pairs = np.unique(ends[0] * n + ends[1])
    left, right = (pairs // n).astype(np.int32), (pairs % n).astype(np.int32)
    both = (np.concatenate([left, right]), np.concatenate([right, left]))
    adjacency = sp.coo_matrix((np.ones(2 * len(left), dtype=np.int8), both), shape=(n, n)).tocsr()
    adjacency.sum_duplicates()  # a pair written both ways is one edge
    adjacency.sort_indices()
    return nodes, left, right, adjacency


def _compact(nodes: Column, kinds: npt.NDArray[np.int8], adjacency: sp.csr_matrix) -> Compact:
    return Compact(nodes, kinds, adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int32))


def _present(*columns: Column) -> npt.NDArray[np.bool_]:
    """The rows where every one of ``columns`` is bound."""
    bound: npt.NDArray[np.bool_] = np.ones(len(columns[0]), dtype=np.bool_)
    for column in columns:
        bound &= column != b""
    return bound


def build_credits(store: Store, parts: list[Column], merged: Clusters) -> Compact:
    """People and productions, an edge per credit (cast part or crew), as the networkx credits graph."""
    show, actor, _ = parts
    acted = _present(show, actor)
    crew_person, crew_production = _columns(store, CREW_CREDITS, 2)
    nodes, people, _, adjacency = _graph(np.concatenate([actor[acted], crew_person]),
                                         np.concatenate([show[acted], crew_production]), merged)
    kinds = np.full(len(nodes), PRODUCTION, dtype=np.int8)
    kinds[people] = PERSON
    return _compact(nodes, kinds, adjacency)


def build_entities(store: Store, parts: list[Column], merged: Clusters) -> Compact:
    """Every entity-to-entity triple and folded cast part as an edge, as the networkx entity graph."""
    a, b = _columns(store, _facts(object_properties(store)), 2)
    show, actor, character = parts
    folded = [(actor, show), (actor, character), (character, show)]  # actor–show, actor–character, character–show
    ends = [(x[_present(x, y)], y[_present(x, y)]) for x, y in folded]
    nodes, _, _, adjacency = _graph(np.concatenate([a, *(x for x, _ in ends)]),
                                    np.concatenate([b, *(y for _, y in ends)]), merged)
    kinds = np.full(len(nodes), HUB, dtype=np.int8)
    for kind in THROUGH_KINDS:
        kinds[np.char.startswith(nodes, f"{ENTITY}{kind}/".encode())] = THROUGH
    return _compact(nodes, kinds, adjacency)


def build(store: Store) -> Layer:
    merged = clusters(store)
    parts = _columns(store, CAST_PARTS, 3)
    return Layer(build_entities(store, parts, merged), build_credits(store, parts, merged))


def folder_for(store: Store) -> Path | None:
    """Where the compact arrays of the store's current generation live; None for a store with no
    directory (in memory, rdflib, remote)."""
    if store.root is None or store.generation is None:
        return None
    return store.root / FOLDER / store.generation.name


def opened(store: Store) -> Layer:
    """The compact graphs of the store's current generation: memory-mapped from beside it when a
    process has written them, else built (and written, where the store has a directory)."""
    folder = folder_for(store)
    if folder is not None and (folder / "layer.json").is_file():
        return Layer.open(folder)
    built = build(store)
    if folder is not None:
        try:
            built.save(folder)
        except OSError:  # a read-only store: keep them in this process only
            return built
        return Layer.open(folder)
    return built


def prepare(handle: ox.Store, generation: Path) -> None:
    """Build and write the compact graphs of a generation from its writer's handle, before it is
    published (Store.prepare): at 10M triples 4x faster than from the read-only handle a server has,
    and the server finds them ready."""
    folder = generation.parent / FOLDER / generation.name
    if not (folder / "layer.json").is_file():
        build(Store(handle, None, read_only=True)).save(folder)


@derived
def layer(store: Store) -> Layer:
    """The compact graphs of the store's current generation, opened once per process and generation."""
    return opened(store)


# -- breadth-first search in numpy ----------------------------------------------------------------

def neighbours(graph: Compact, nodes: Ids) -> Ids:
    """Every neighbour of every node of ``nodes`` (with repeats), gathered in one indexing."""
    starts, ends = graph.indptr[nodes], graph.indptr[nodes + 1]
    counts = ends - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int32)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.asarray(graph.indices[offsets + np.arange(total)])


Allowed = npt.NDArray[np.bool_] | None  # which nodes a search may pass through (None: all)


def _step(graph: Compact, front: Ids, seen: npt.NDArray[np.int32], allowed: Allowed) -> Ids:
    """The nodes one hop from ``front`` not seen yet (and allowed)."""
    reached = np.unique(neighbours(graph, front))
    reached = reached[seen[reached] < 0]
    return reached if allowed is None else reached[allowed[reached]]


@dataclass(frozen=True)
class _Meeting:
    """Where a two-ended search met: each end's hops to every node it reached (-1: not reached), the
    nodes where the two met on a shortest path (marked in both), and the length of that path."""

    seen: tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]
    nodes: Ids
    hops: int


def _meet(graph: Compact, source: int, target: int, allowed: Allowed) -> _Meeting | None:
    """Breadth-first search from both ends at once, one whole level of the smaller frontier at a
    time, until the two meet (None: they never do). The ends need not be allowed."""
    n = len(graph.nodes)
    seen = (np.full(n, -1, dtype=np.int32), np.full(n, -1, dtype=np.int32))
    seen[0][source], seen[1][target] = 0, 0
    fronts = [np.array([source], dtype=np.int32), np.array([target], dtype=np.int32)]
    levels_ = [0, 0]
    while fronts[0].size and fronts[1].size:
        side = 0 if fronts[0].size <= fronts[1].size else 1
        reached = np.unique(neighbours(graph, fronts[side]))
        reached = reached[seen[side][reached] < 0]
        met = reached[seen[1 - side][reached] >= 0]
        if met.size:
            nearest = int(seen[1 - side][met].min())
            meeting = met[seen[1 - side][met] == nearest]
            seen[side][meeting] = levels_[side] + 1
            return _Meeting(seen, meeting, levels_[side] + 1 + nearest)
        if allowed is not None:
            reached = reached[allowed[reached]]
        levels_[side] += 1
        seen[side][reached] = levels_[side]
        fronts[side] = reached
    return None


def distance(graph: Compact, source: int, target: int, allowed: Allowed = None) -> int | None:
    """Hops between two nodes, by the two-ended search: it stops where the searches meet, so a
    question reads the neighbourhoods it needs, not the whole graph."""
    if source == target:
        return 0
    meeting = _meet(graph, source, target, allowed)
    return None if meeting is None else meeting.hops


def on_shortest_paths(graph: Compact, source: int, target: int, allowed: Allowed = None) -> Ids:
    """Every node on some shortest path between two nodes (none when they are not connected): the
    two-ended search, then back from where the searches met to each end, level by level. It reads
    only what the search reached, so a question about two nearby entities stays small however large
    the graph."""
    if source == target:
        return np.array([source], dtype=np.int32)
    meeting = _meet(graph, source, target, allowed)
    if meeting is None:
        return np.empty(0, dtype=np.int32)
    return np.unique(np.concatenate([_back(graph, meeting.nodes, seen) for seen in meeting.seen]))


def _back(graph: Compact, meeting: Ids, seen: npt.NDArray[np.int32]) -> Ids:
    """``meeting`` and every node a level nearer the search's start, down to the start itself."""
    found, layer = [meeting], meeting
    level = int(seen[meeting[0]])
    while level > 0:
        level -= 1
        earlier = np.unique(neighbours(graph, layer))
        layer = earlier[seen[earlier] == level]
        found.append(layer)
    return np.concatenate(found)


def levels(graph: Compact, source: int, depth: int, allowed: Allowed = None) -> npt.NDArray[np.int32]:
    """Each node's hops from ``source`` up to ``depth`` (-1: farther, or not reached)."""
    seen = np.full(len(graph.nodes), -1, dtype=np.int32)
    seen[source] = 0
    front = np.array([source], dtype=np.int32)
    for level in range(1, depth + 1):
        front = _step(graph, front, seen, allowed)
        if not front.size:
            break
        seen[front] = level
    return seen


def between(graph: Compact, source: int, target: int, length: int, allowed: Allowed = None) -> Ids:
    """Every node on some path of at most ``length`` hops between two nodes (and perhaps a few
    more): searched to half the length from each end. A node reached from one end only is kept when
    it is near enough to that end to lie on such a path; one reached from both, when its two
    distances add up to at most ``length``."""
    near, far = (length + 1) // 2, length // 2
    from_source, from_target = levels(graph, source, near, allowed), levels(graph, target, far, allowed)
    a, b = from_source >= 0, from_target >= 0
    keep = ((a & b & (from_source + from_target <= length)) | (a & ~b & (from_source <= near - 1))
            | (b & ~a & (from_target <= far - 1)))
    return np.flatnonzero(keep).astype(np.int32)


def induced(graph: Compact, nodes: Ids) -> tuple[Ids, Ids]:
    """The edges among ``nodes``, each once, as two arrays of node ids."""
    inside = np.zeros(len(graph.nodes), dtype=np.bool_)
    inside[nodes] = True
    counts = graph.indptr[nodes + 1] - graph.indptr[nodes]
    left = np.repeat(nodes, counts)
    right = neighbours(graph, nodes)
    keep = inside[right] & (left < right)
    return left[keep], right[keep]


def distances(graph: Compact, source: int) -> npt.NDArray[np.float64]:
    """Hops from ``source`` to every node (inf: not connected)."""
    return np.asarray(csgraph.shortest_path(graph.matrix, unweighted=True, directed=False, indices=source))


# -- measures ---------------------------------------------------------------------------------------

def separation(graph: Compact, a: str, b: str) -> int | None:
    """Degrees of separation between two people over the credits graph (half the bipartite
    distance); None when either is no person of the graph or they are not connected."""
    source, target = graph.id(a), graph.id(b)
    if source is None or target is None or graph.kinds[source] != PERSON or graph.kinds[target] != PERSON:
        return None
    hops = distance(graph, source, target)
    return None if hops is None else hops // 2


def separation_distribution(graph: Compact, person: str) -> dict[int, int]:
    """How many people are at each number of degrees from ``person`` (0: the person)."""
    source = graph.id(person)
    if source is None:
        return {}
    hops = distances(graph, source)
    reached = np.isfinite(hops) & (graph.kinds == PERSON)
    degrees, counts = np.unique((hops[reached] // 2).astype(np.int64), return_counts=True)
    return {int(d): int(c) for d, c in zip(degrees, counts, strict=True)}


def pagerank(graph: Compact, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> npt.NDArray[np.float64]:
    """PageRank of every node as networkx computes it on an undirected graph (each edge both ways,
    dangling nodes' rank spread evenly, convergence when the L1 change is under ``tol`` times the
    node count)."""
    n = len(graph.nodes)
    if n == 0:
        return np.zeros(0)
    out = np.diff(graph.indptr).astype(np.float64)
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out > 0)
    transition = sp.diags(inverse) @ graph.matrix.astype(np.float64)  # row-stochastic where out > 0
    rank = np.full(n, 1.0 / n)
    dangling = out == 0
    for _ in range(max_iter):
        previous = rank
        rank = alpha * (transition.T @ previous + previous[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(rank - previous).sum() < n * tol:
            break
    return np.asarray(rank)
