"""The credits projection in compact form: integer node ids and CSR adjacency in numpy arrays,
written beside a store generation and memory-mapped read-only by every process that reads them.

networkx keeps a dict per node and per edge (about 574 bytes an edge); at ten million triples the
shared process held 5.75 GB of them. Here a projection is five arrays: the nodes' IRIs sorted (so
an IRI's id is a binary search, with no dict in memory), each node's kind, and the adjacency as
CSR (``indptr``, ``indices``). Written once per generation with ``np.save`` and opened with
``mmap_mode="r"``, they cost one copy per machine in the page cache, and nothing to open.

The people–productions graph (``credits``) is bipartite, so the collaboration projection needs no
arrays of its own: two people who share a production are two hops apart here, and degrees of
separation are half the bipartite distance. Questions run on scipy's compiled graph routines
(``scipy.sparse.csgraph``) and a sparse-matrix PageRank; ``tests/test_compact.py`` checks them
against the networkx projections on the bundled data.
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

from tvkg.ontology.namespaces import TV
from tvkg.relations.projections import CREDIT_PROPERTIES
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

PERSON, PRODUCTION = 0, 1
ARRAYS = ("nodes", "kinds", "indptr", "indices")
FOLDER = "compact"  # beside the store's generations: <root>/compact/<generation>/credits.*.npy


@dataclass(frozen=True)
class Compact:
    """One undirected projection: ``nodes[i]`` is node i's IRI (UTF-8, sorted), ``kinds[i]`` its
    kind, and its neighbours are ``indices[indptr[i]:indptr[i + 1]]``."""

    nodes: npt.NDArray[np.bytes_]
    kinds: npt.NDArray[np.int8]
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]

    @property
    def matrix(self) -> sp.csr_matrix:
        """The adjacency as a scipy CSR matrix over the same arrays (no copy)."""
        n = len(self.nodes)
        data = np.ones(len(self.indices), dtype=np.int8)
        return sp.csr_matrix((data, self.indices, self.indptr), shape=(n, n), copy=False)

    def id(self, iri: str) -> int | None:
        """The node id of ``iri``, or None when it is not in the projection."""
        key = iri.encode()
        at = int(np.searchsorted(self.nodes, key))
        return at if at < len(self.nodes) and self.nodes[at] == key else None

    def iri(self, node: int) -> str:
        return bytes(self.nodes[node]).decode()

    def degree(self, iri: str) -> int:
        node = self.id(iri)
        return 0 if node is None else int(self.indptr[node + 1] - self.indptr[node])

    def save(self, folder: Path) -> None:
        """Write the arrays into ``folder`` all-or-nothing: into a new folder beside it, renamed.
        Another process that wrote them first wins (a generation's arrays are always the same)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        for name in ARRAYS:
            np.save(scratch / f"credits.{name}.npy", getattr(self, name))
        (scratch / "credits.json").write_text(json.dumps({"nodes": len(self.nodes), "edges": len(self.indices) // 2}))
        try:
            os.replace(scratch, folder)
        except OSError:
            if not (folder / "credits.json").is_file():
                shutil.rmtree(scratch, ignore_errors=True)
                raise
            shutil.rmtree(scratch, ignore_errors=True)

    @classmethod
    def open(cls, folder: Path) -> Compact:
        """The arrays written by ``save``, memory-mapped read-only."""
        loaded = {name: np.load(folder / f"credits.{name}.npy", mmap_mode="r") for name in ARRAYS}
        return cls(**loaded)


CREW = " UNION ".join(f"{{ ?production <{TV}{prop}> ?person }}" for prop in CREDIT_PROPERTIES.values())
CREDITS = f"""SELECT ?person ?production WHERE {{
  {{ ?production <{TV}hasCastRole> ?role . ?role <{TV}actor> ?person }} UNION {CREW}
  FILTER(isIRI(?person) && isIRI(?production)) }}"""  # every credit, as the networkx credits graph has them


def build(store: Store) -> Compact:
    """The credits projection of the store's default graph, merged entities as one node (the
    networkx projection's nodes and edges, without the credits on the edges).

    Streamed: Oxigraph answers one query with TSV text, and numpy splits it and numbers the IRIs;
    Python sees each distinct IRI once (to map a merged entity to its cluster's), not each credit."""
    answer = cast(ox.QuerySolutions, store.ox.query(CREDITS))
    text = answer.serialize(format=ox.QueryResultsFormat.TSV) or b""
    rows = np.array(text.split(b"\n")[1:], dtype=np.bytes_)
    rows = rows[rows != b""]
    columns = np.char.partition(rows, b"\t")
    people, productions = np.char.strip(columns[:, 0], b"<>"), np.char.strip(columns[:, 2], b"<>")
    written, at = np.unique(np.concatenate([people, productions]), return_inverse=True)
    canon = clusters(store).of
    merged = np.array([canon(iri.decode()).encode() for iri in written.tolist()], dtype=np.bytes_)
    nodes, ids = np.unique(merged, return_inverse=True)
    ends = ids[at].astype(np.int64).reshape(2, -1)  # row 0: the person of each credit, row 1: the production
    pairs = np.unique(ends[0] * len(nodes) + ends[1])  # each (person, production) once
    a, b = (pairs // len(nodes)).astype(np.int32), (pairs % len(nodes)).astype(np.int32)
    kinds = np.full(len(nodes), PRODUCTION, dtype=np.int8)
    kinds[a] = PERSON
    both = (np.concatenate([a, b]), np.concatenate([b, a]))  # undirected: each edge both ways
    adjacency = sp.coo_matrix((np.ones(2 * len(a), dtype=np.int8), both), shape=(len(nodes), len(nodes))).tocsr()
    adjacency.sum_duplicates()
    adjacency.sort_indices()
    return Compact(nodes, kinds, adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int32))


def folder_for(store: Store) -> Path | None:
    """Where the compact arrays of the store's current generation live; None for a store with no
    directory (in memory, rdflib, remote)."""
    if store.root is None or store.generation is None:
        return None
    return store.root / FOLDER / store.generation.name


def opened(store: Store) -> Compact:
    """The compact credits of the store's current generation: memory-mapped from beside it when a
    process has written them, else built (and written, where the store has a directory)."""
    folder = folder_for(store)
    if folder is not None and (folder / "credits.json").is_file():
        return Compact.open(folder)
    built = build(store)
    if folder is not None:
        try:
            built.save(folder)
        except OSError:  # a read-only store: keep them in this process only
            return built
        return Compact.open(folder)
    return built


# -- questions ------------------------------------------------------------------------------------

def separation(graph: Compact, a: str, b: str) -> int | None:
    """Degrees of separation between two people over shared productions (half the bipartite
    distance); None when either is missing or they are not connected."""
    source, target = graph.id(a), graph.id(b)
    if source is None or target is None:
        return None
    hops = distance(graph, source, target)
    return None if hops is None else hops // 2


def distance(graph: Compact, source: int, target: int) -> int | None:
    """Hops between two nodes by breadth-first search from both ends at once, one whole level of
    the smaller frontier at a time, in numpy: it stops where the two searches meet, so a question
    reads the neighbourhoods it needs, not the whole graph."""
    if source == target:
        return 0
    n = len(graph.nodes)
    seen = (np.full(n, -1, dtype=np.int32), np.full(n, -1, dtype=np.int32))
    seen[0][source], seen[1][target] = 0, 0
    fronts = [np.array([source], dtype=np.int32), np.array([target], dtype=np.int32)]
    levels = [0, 0]
    while fronts[0].size and fronts[1].size:
        side = 0 if fronts[0].size <= fronts[1].size else 1
        reached = np.unique(neighbours(graph, fronts[side]))
        reached = reached[seen[side][reached] < 0]
        levels[side] += 1
        seen[side][reached] = levels[side]
        met = reached[seen[1 - side][reached] >= 0]
        if met.size:
            return levels[side] + int(seen[1 - side][met].min())
        fronts[side] = reached
    return None


def neighbours(graph: Compact, nodes: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    """Every neighbour of every node of ``nodes`` (with repeats), gathered in one indexing."""
    starts, ends = graph.indptr[nodes], graph.indptr[nodes + 1]
    counts = ends - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int32)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.asarray(graph.indices[offsets + np.arange(total)])


def separation_distribution(graph: Compact, person: str) -> dict[int, int]:
    """How many people are at each number of degrees from ``person`` (0: the person)."""
    source = graph.id(person)
    if source is None:
        return {}
    hops = _distances(graph, source)
    reached = np.isfinite(hops) & (graph.kinds == PERSON)
    degrees, counts = np.unique((hops[reached] // 2).astype(np.int64), return_counts=True)
    return {int(d): int(c) for d, c in zip(degrees, counts, strict=True)}


def shortest_path(graph: Compact, a: str, b: str) -> list[str] | None:
    """One shortest path of IRIs between two nodes, or None."""
    source, target = graph.id(a), graph.id(b)
    if source is None or target is None:
        return None
    _, predecessors = csgraph.breadth_first_order(graph.matrix, source, directed=False, return_predecessors=True)
    if source != target and predecessors[target] < 0:
        return None
    path = [target]
    while path[-1] != source:
        path.append(int(predecessors[path[-1]]))
    return [graph.iri(node) for node in reversed(path)]


def _distances(graph: Compact, source: int) -> npt.NDArray[np.float64]:
    return np.asarray(csgraph.shortest_path(graph.matrix, unweighted=True, directed=False, indices=source))


def pagerank(graph: Compact, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> dict[str, float]:
    """PageRank as networkx computes it on an undirected graph (each edge both ways, dangling nodes'
    rank spread evenly, convergence when the L1 change is under ``tol`` times the node count)."""
    n = len(graph.nodes)
    if n == 0:
        return {}
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
    return {graph.iri(i): float(r) for i, r in enumerate(rank)}
