"""Projections kept in step with writes (graph/relations/projections.py): after a write that recorded what
it touched, the projections are patched in place and equal a fresh build; after any other write
they are rebuilt; a question never sees a half-patched projection."""

from __future__ import annotations

import threading
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from benchmarks.generate import write
from tvkg.load import update
from tvkg.load.files import load
from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.relations.projections import Projections, build, current, reading
from tvkg.store.generations import Store

GRAPH = f"{ENTITY}graph/edits"


def canonical(built: Projections) -> dict[str, object]:
    """Everything a question can see, order-free, for comparing a patched and a built projection."""
    def facts(graph: nx.Graph, key: str) -> set[tuple[object, ...]]:
        return {(*sorted((a, b)), frozenset(map(repr, data[key]))) for a, b, data in graph.edges(data=True)}
    return {
        "entity nodes": set(built.entities), "entity edges": facts(built.entities, "facts"),
        "credit nodes": dict(built.credits.nodes(data="kind")), "credits": facts(built.credits, "credits"),
        "people": set(built.collaboration), "collaboration": facts(built.collaboration, "productions"),
        "weights": {(*sorted((a, b)), w) for a, b, w in built.collaboration.edges(data="weight")},
        "works": set(built.works.edges(data="property")), "work nodes": set(built.works),
        "parts": dict(built.parts),
    }


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    """About 20,000 generated triples in a store on disk (so changes are recorded in files)."""
    data = tmp_path / "graph.nt"
    with data.open("w", encoding="utf-8") as out:
        write(out, 20_000, seed=3, quads=False)
    opened = Store.open(tmp_path / "store")
    load(opened, [data], check=False, entail=False)
    return opened


def _some(built: Projections, kind: str, count: int) -> list[str]:
    return sorted(n for n, k in built.credits.nodes(data="kind") if k == kind)[:count]


def test_small_writes_patch_in_place_and_match_a_fresh_build(store: Store) -> None:
    built = current(store)
    shows, people = _some(built, "Production", 3), _some(built, "Person", 4)
    role = next(r for r, part in built.parts.items() if part[0] == shows[0])
    director = next(iter(store.ox.quads_for_pattern(None, ox.NamedNode(f"{TV}director"), None, ox.DefaultGraph())))
    writes = [
        # a new cast part joins a person to another show (actor-show, actor-character edges; new pairs)
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{shows[1]}> tv:hasCastRole <{ENTITY}role/new-1> . "
        f"<{ENTITY}role/new-1> tv:actor <{people[0]}> ; tv:character <{ENTITY}character/new-1> }} }}",
        # a cast part changes actor: the old actor loses the show and the pairs, the new one gains them
        f"PREFIX tv: <{TV}> DELETE DATA {{ <{role}> tv:actor <{built.parts[role][1]}> }} ;"
        f"INSERT DATA {{ <{role}> tv:actor <{people[1]}> }}",
        # a director credit goes away entirely
        f"DELETE DATA {{ {director.subject} {director.predicate} {director.object} }}",
        # a character appears in a show and a show is adapted from a new work
        f"INSERT DATA {{ <{ENTITY}character/new-1> tv:appearsIn <{shows[2]}> . "
        f"<{ENTITY}work/new> tv:adaptedAs <{shows[2]}> }}",
    ]
    for number, text in enumerate(writes, start=1):
        update.update(store, text)
        assert current(store) is built and built.patched == number, f"write {number} rebuilt instead of patching"
        assert canonical(built) == canonical(build(store)), f"write {number} patched differently from a build"
    assert any(shows[1] in edge["productions"] for _, _, edge in built.collaboration.edges(people[0], data=True))


def test_graph_store_writes_and_dropping_a_graph_patch_too(store: Store) -> None:
    built = current(store)
    show = _some(built, "Production", 1)[0]
    turtle = (f"<{show}> <{TV}hasCastRole> <{ENTITY}role/gsp> . <{ENTITY}role/gsp> <{TV}actor> <{ENTITY}person/gsp> ."
              ).encode()
    update.add_to_graph(store, GRAPH, turtle, "text/turtle")
    assert f"{ENTITY}person/gsp" in current(store).collaboration
    update.drop_graph(store, GRAPH)
    assert current(store) is built and built.patched == 2
    assert f"{ENTITY}person/gsp" not in built.collaboration
    assert canonical(built) == canonical(build(store))


def test_writes_that_cannot_list_their_changes_rebuild(store: Store, tmp_path: Path) -> None:
    built = current(store)
    update.update(store, f"DELETE WHERE {{ ?role <{TV}character> ?character }}")  # a pattern: touched unknown
    rebuilt = current(store)
    assert rebuilt is not built and rebuilt.patched == 0
    assert not any(part[2] for part in rebuilt.parts.values())
    update.update(store, f"INSERT DATA {{ <{ENTITY}property/x> a <http://www.w3.org/2002/07/owl#ObjectProperty> }}")
    assert current(store) is not rebuilt  # the entity graph follows a new property now


def test_another_process_sees_the_recorded_changes(store: Store) -> None:
    """Changes are recorded beside the generation, so a reader in another process can patch too."""
    reader = Store.open(store.root, read_only=True)  # type: ignore[arg-type]
    built = current(reader)
    update.update(store, f"INSERT DATA {{ <{ENTITY}work/w> tv:adaptedAs <{_some(built, 'Production', 1)[0]}> }}")
    assert current(reader) is built and built.patched == 1
    assert (store.root / "changes").is_dir()  # type: ignore[operator]


def test_a_patch_waits_for_questions_being_answered(store: Store) -> None:
    built = current(store)
    show = _some(built, "Production", 1)[0]
    done = threading.Event()
    with reading(store) as seen:
        nodes = seen.works.number_of_nodes()
        writer = threading.Thread(target=lambda: (update.update(
            store, f"INSERT DATA {{ <{ENTITY}work/late> tv:adaptedAs <{show}> }}"), current(store), done.set()))
        writer.start()
        assert not done.wait(0.5), "the patch ran while a question was reading"
        assert seen.works.number_of_nodes() == nodes
    assert done.wait(30)
    assert f"{ENTITY}work/late" in built.works


def test_slow_betweenness_is_computed_in_the_background(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server asks with a short wait: it gets NotReady (503) while the scores are computed, then them."""
    from tvkg.relations import centrality, compact

    release = threading.Event()
    real = centrality.compute
    monkeypatch.setattr(centrality, "compute", lambda graph, measure: (release.wait(30), real(graph, measure))[1])
    with pytest.raises(centrality.NotReady, match="being computed") as not_ready:
        centrality.scores(store, "betweenness", wait=0.1)
    assert not_ready.value.retry_after > 0
    release.set()
    scores = centrality.scores(store, "betweenness", wait=30)
    assert len(scores) == len(compact.layer(store).credits.nodes) and scores.max() > 0
