"""The compact graphs (tvkg.relations.compact: integer ids, CSR arrays, memory-mapped) answer as the
networkx projections do, on the default store (the seed and the whole Netflix catalogue, merged
entities as one node): the same nodes, edges and kinds in both graphs, the same degrees, distances,
separations and distributions, and PageRank scores within 1e-6, with the same leaders."""

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

from tests.conftest import DATA
from tvkg.ontology.namespaces import ENTITY
from tvkg.relations import compact, questions
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
def layer(store: Store, tmp_path_factory: pytest.TempPathFactory) -> compact.Layer:
    """Built, written and opened again memory-mapped, as a second process would read it."""
    folder = tmp_path_factory.mktemp("compact") / "gen"
    compact.build(store).save(folder)
    opened = compact.Layer.open(folder)
    assert isinstance(opened.entities.indices, np.memmap) and isinstance(opened.credits.indices, np.memmap)
    return opened


@pytest.fixture(scope="module")
def graph(layer: compact.Layer) -> compact.Compact:
    return layer.credits


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


def test_the_entity_graph_has_the_same_nodes_edges_and_hubs(layer: compact.Layer, projections: Projections) -> None:
    entities, graph = projections.entities, layer.entities
    assert len(graph.nodes) == entities.number_of_nodes() > 20_000
    assert graph.edges == entities.number_of_edges()
    assert sorted(graph.iri(n) for n in range(len(graph.nodes))) == sorted(entities.nodes)
    for iri in itertools.islice(sorted(entities.nodes), 0, None, 499):
        node = graph.id(iri)
        assert node is not None and graph.degree(iri) == entities.degree(iri), iri
        hub = not iri.startswith(tuple(f"{ENTITY}{kind}/" for kind in compact.THROUGH_KINDS))
        assert (graph.kinds[node] == compact.HUB) == hub
        assert {graph.iri(n) for n in graph.neighbours(node).tolist()} == set(entities[iri])


def without_hubs(graph: nx.Graph, ends: tuple[str, str]) -> nx.Graph:
    through = tuple(f"{ENTITY}{kind}/" for kind in compact.THROUGH_KINDS)
    return nx.subgraph_view(graph, filter_node=lambda n: n in ends or n.startswith(through))


def test_distances_and_the_neighbourhood_between_match_networkx(layer: compact.Layer,
                                                                projections: Projections) -> None:
    """Hops with and without hubs; the nodes on the shortest paths exactly, and every node within one
    hop more of both ends among the nodes ``between`` gives: what connections() hands to networkx."""
    entities, graph = projections.entities, layer.entities
    sample = random.Random(5).sample(sorted(entities.nodes), 40)
    for a, b in zip(sample[:20], sample[20:], strict=True):
        ends = graph.id(a), graph.id(b)
        assert ends[0] is not None and ends[1] is not None
        for hubs in (True, False):
            view = entities if hubs else without_hubs(entities, (a, b))
            allowed = None if hubs else questions.through(graph, ends)
            try:
                expected: int | None = nx.shortest_path_length(view, a, b)
            except nx.NetworkXNoPath:
                expected = None
            assert compact.distance(graph, *ends, allowed) == expected, (a, b, hubs)
            if expected is None:
                continue
            near = {graph.iri(n) for n in compact.between(graph, *ends, expected + 1, allowed).tolist()}
            from_a, from_b = (nx.single_source_shortest_path_length(view, end) for end in (a, b))
            within = {n for n in from_a if n in from_b and from_a[n] + from_b[n] <= expected + 1}
            assert within <= near and a in near and b in near, (a, b, hubs)
            on_shortest = {n for n in from_a if n in from_b and from_a[n] + from_b[n] == expected}
            assert {graph.iri(n) for n in compact.on_shortest_paths(graph, *ends, allowed).tolist()} == on_shortest


def test_pagerank_matches_networkx(graph: compact.Compact, projections: Projections) -> None:
    expected = nx.pagerank(projections.credits)
    ranks = compact.pagerank(graph)
    found = {graph.iri(n): float(r) for n, r in enumerate(ranks)}
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
        assert folder is not None and (folder / "layer.json").is_file()
        again = compact.opened(store)
        assert isinstance(again.credits.indptr, np.memmap) and len(again.credits.nodes) == len(first.credits.nodes)
        for n in range(3):  # generations come and go; their arrays with them
            store.add_atomically([ox.Quad(ox.NamedNode(f"https://example.org/n{n}"), ox.NamedNode("https://example.org/p"),
                                          ox.Literal(str(n)), ox.NamedNode("https://example.org/g"))])
        compact.opened(store)
        assert not folder.exists() and len(list((copy / compact.FOLDER).iterdir())) <= 2


def test_a_bulk_load_leaves_the_graphs_ready_beside_its_generation(tmp_path: Path) -> None:
    """The CLI's stores build the compact graphs from the writer's own handle before publishing a bulk
    load (Store.prepare), so a server opens them at once; they equal a build from the published store."""
    from tvkg.load.files import load

    with Store.open(tmp_path / "store") as store:
        store.prepare = compact.prepare
        load(store, [DATA], bulk_bytes=0)
        folder = compact.folder_for(store)
        assert folder is not None and (folder / "layer.json").is_file(), "written before it was published"
        ready, fresh = compact.Layer.open(folder), compact.build(store)
        for name in compact.GRAPHS:
            for array in compact.ARRAYS:
                assert np.array_equal(getattr(getattr(ready, name), array), getattr(getattr(fresh, name), array))
        assert ready.credits.edges >= 10 and ready.entities.edges > 50  # (the seed: ten credits)
