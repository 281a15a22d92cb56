"""Centrality over the compact credits graph (people and productions), computed once per generation.

Degree is read off the CSR arrays and PageRank is a sparse-matrix iteration (tvkg.relations.compact);
betweenness and communities are networkx's, on a graph made from the arrays when first asked (no
IRI strings, no attributes: node i is the compact graph's node i). Betweenness can take minutes on a
large graph: a server asks with a wait and gets NotReady while it is computed in the background.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import cast

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from tvkg.errors import TvkgError
from tvkg.relations import compact
from tvkg.store.derived import derived
from tvkg.store.generations import Store

MEASURES = ("degree", "pagerank", "betweenness")
# Exact betweenness is O(nodes x edges); past this many nodes, sample sources. benchmarks/betweenness.py:
# 21 s at 1M triples (500 took 81 s); at 100k against the exact value, 8 of the top 10 kept.
BETWEENNESS_SAMPLE = 150
Scores = npt.NDArray[np.float64]  # one score per node of the compact credits graph


class NotReady(TvkgError):
    """A score is still being computed in the background; ask again in ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[type[NotReady], tuple[str, int]]:
        return type(self), (str(self), self.retry_after)  # pickled whole, as the shared process sends it


def scores(store: Store, measure: str, wait: float | None = None) -> Scores:
    """Degree, PageRank or betweenness of every node of the credits graph (compact.layer's ids).

    With ``wait`` set (a server), betweenness is computed in the background and the caller waits at
    most ``wait`` seconds, then gets NotReady; ``wait=None`` computes inline."""
    return _kept(store).get(measure, wait)


@derived
def _kept(store: Store) -> _Computed:
    return _Computed(compact.layer(store).credits)


@dataclass
class _Computed:
    """The scores of one generation's credits graph, computed when first asked."""

    graph: compact.Compact
    _scores: dict[str, Scores] = field(default_factory=dict)
    _computing: dict[str, tuple[float, threading.Event]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, measure: str, wait: float | None) -> Scores:
        with self._lock:
            if measure in self._scores:
                return self._scores[measure]
            if measure != "betweenness" or (wait is None and measure not in self._computing):
                self._scores[measure] = compute(self.graph, measure)
                return self._scores[measure]
            if measure not in self._computing:
                self._computing[measure] = (time.monotonic(), threading.Event())
                threading.Thread(target=self._compute_later, args=(measure,), name=f"centrality-{measure}",
                                 daemon=True).start()
            started, done = self._computing[measure]
        done.wait(wait)
        with self._lock:
            if measure in self._scores:
                return self._scores[measure]
        raise NotReady(f"{measure} centrality is being computed for this version of the graph "
                       f"(started {time.monotonic() - started:.0f} s ago); ask again shortly", retry_after=10)

    def _compute_later(self, measure: str) -> None:
        computed = compute(self.graph, measure)
        with self._lock:
            self._scores[measure] = computed
            self._computing.pop(measure)[1].set()


def compute(graph: compact.Compact, measure: str) -> Scores:
    n = len(graph.nodes)
    if measure == "degree":
        return np.diff(graph.indptr).astype(np.float64)
    if measure == "pagerank":
        return compact.pagerank(graph)
    if not n:
        return np.zeros(0)
    sample = min(BETWEENNESS_SAMPLE, n)
    found = cast(dict[int, float], nx.betweenness_centrality(unlabelled(graph), k=sample if sample < n else None,
                                                              seed=1))
    return np.array([found[i] for i in range(n)], dtype=np.float64)


def unlabelled(graph: compact.Compact) -> nx.Graph:
    """The compact graph in networkx, node i for the compact graph's node i."""
    made = nx.Graph()
    made.add_nodes_from(range(len(graph.nodes)))
    left, right = compact.induced(graph, np.arange(len(graph.nodes), dtype=np.int32))
    made.add_edges_from(zip(left.tolist(), right.tolist(), strict=True))
    return made


def collaboration(graph: compact.Compact) -> nx.Graph:
    """People (by IRI) linked by the productions they share, ``weight`` how many: the collaboration
    projection, made from the credits graph when a question needs all of it (communities)."""
    people = np.flatnonzero(graph.kinds == compact.PERSON)
    credited = graph.matrix[people].astype(np.int32)  # people x every node (productions only, bipartite)
    shared = sp.triu(credited @ credited.T, k=1).tocoo()
    made = nx.Graph()
    made.add_nodes_from(graph.iri(p) for p in people.tolist())
    made.add_weighted_edges_from((graph.iri(int(people[a])), graph.iri(int(people[b])), int(w))
                                 for a, b, w in zip(shared.row.tolist(), shared.col.tolist(), shared.data.tolist(),
                                                    strict=True))
    return made
