"""The compact credits projection (tvkg.relations.compact: integer ids, CSR arrays, memory-mapped)
answers as the networkx projections do, on the default store (the seed and the whole Netflix
catalogue, merged entities as one node): the same nodes and edges, the same degrees, separations
and distributions, and PageRank scores within 1e-6, with the same leaders."""

from __future__ import annotations

import itertools
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pyoxigraph as ox
import pytest

from tvkg.relations import compact
from tvkg.relations.projections import Projections, build
from tvkg.store.generations import Store


@pytest.fixture(scope="module")
def store(bundled_store: Path) -> Iterator[Store]:
    with Store.open(bundled_store, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def projections(store: Store) -> Projections:
    return build(store)


@pytest.fixture(scope="module")
def graph(store: Store, tmp_path_factory: pytest.TempPathFactory) -> compact.Compact:
    """Built, written and opened again memory-mapped, as a second process would read it."""
    folder = tmp_path_factory.mktemp("compact") / "gen"
    compact.build(store).save(folder)
    opened = compact.Compact.open(folder)
    assert isinstance(opened.indices, np.memmap)
    return opened


def people(projections: Projections, n: int, seed: int) -> list[str]:
    everyone = sorted(projections.collaboration.nodes)
    return random.Random(seed).sample(everyone, n)


def test_the_same_nodes_edges_and_kinds(graph: compact.Compact, projections: Projections) -> None:
    credits = projections.credits
    assert len(graph.nodes) == credits.number_of_nodes() > 15_000
    assert len(graph.indices) // 2 == credits.number_of_edges()
    for iri in itertools.islice(sorted(credits.nodes), 0, None, 997):
        kind = compact.PERSON if credits.nodes[iri]["kind"] == "Person" else compact.PRODUCTION
        assert graph.kinds[graph.id(iri)] == kind and graph.degree(iri) == credits.degree(iri)
    assert graph.id("https://w3id.org/tvkg/id/person/nobody") is None


def test_separation_and_its_distribution_match_networkx(graph: compact.Compact, projections: Projections) -> None:
    collaboration = projections.collaboration
    sample = people(projections, 40, seed=7)
    for a, b in zip(sample[:20], sample[20:], strict=True):
        try:
            expected: int | None = nx.shortest_path_length(collaboration, a, b)
        except nx.NetworkXNoPath:
            expected = None
        assert compact.separation(graph, a, b) == expected, (a, b)
    busiest = max(collaboration.nodes, key=collaboration.degree)  # the largest neighbourhood
    lengths = nx.single_source_shortest_path_length(collaboration, busiest)
    expected_distribution: dict[int, int] = {}
    for hops in lengths.values():
        expected_distribution[hops] = expected_distribution.get(hops, 0) + 1
    assert compact.separation_distribution(graph, busiest) == dict(sorted(expected_distribution.items()))
    assert sum(expected_distribution.values()) > 1000
    connected = random.Random(11).sample(sorted(lengths), 60)  # pairs in the largest component
    for a, b in zip(connected[:30], connected[30:], strict=True):
        assert compact.separation(graph, a, b) == nx.shortest_path_length(collaboration, a, b) > 0, (a, b)


def test_a_shortest_path_is_a_real_path_of_the_shortest_length(graph: compact.Compact,
                                                               projections: Projections) -> None:
    credits = projections.credits
    for a, b in itertools.pairwise(people(projections, 10, seed=3)):
        path = compact.shortest_path(graph, a, b)
        if path is None:
            assert not nx.has_path(credits, a, b)
            continue
        assert path[0] == a and path[-1] == b and len(path) - 1 == nx.shortest_path_length(credits, a, b)
        assert all(credits.has_edge(u, v) for u, v in itertools.pairwise(path))


def test_pagerank_matches_networkx(graph: compact.Compact, projections: Projections) -> None:
    expected = nx.pagerank(projections.credits)
    found = compact.pagerank(graph)
    assert found.keys() == expected.keys()
    assert max(abs(found[k] - expected[k]) for k in expected) < 1e-6
    top = sorted(expected, key=expected.__getitem__, reverse=True)[:10]
    assert sorted(found, key=found.__getitem__, reverse=True)[:10] == top


def test_the_arrays_live_beside_their_generation_and_are_built_once(bundled_store: Path,
                                                                    tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(bundled_store, copy, symlinks=True)
    with Store.open(copy) as store:
        first = compact.opened(store)
        folder = compact.folder_for(store)
        assert folder is not None and (folder / "credits.json").is_file()
        again = compact.opened(store)
        assert isinstance(again.indptr, np.memmap) and len(again.nodes) == len(first.nodes)
        for n in range(3):  # generations come and go; their arrays with them
            store.add_atomically([ox.Quad(ox.NamedNode(f"https://example.org/n{n}"), ox.NamedNode("https://example.org/p"),
                                          ox.Literal(str(n)), ox.NamedNode("https://example.org/g"))])
        compact.opened(store)
        assert not folder.exists() and len(list((copy / compact.FOLDER).iterdir())) <= 2
