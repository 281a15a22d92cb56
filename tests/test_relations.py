"""Relationship questions (graph/relations/questions.py over graph/relations/projections.py): seed data, a generated
graph, the CLI and the JSON API on the real server."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import jsonschema
import networkx as nx
import pyoxigraph as ox
import pytest
import requests
from openapi_spec_validator import validate as validate_spec

from benchmarks.generate import write
from tests.conftest import DATA, assert_clean_failure, run_cli
from tvkg.load.files import load
from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.relations import questions
from tvkg.relations.projections import current
from tvkg.store.generations import Store

PARK, YOON = f"{ENTITY}person/park-ji-hu", f"{ENTITY}person/yoon-chan-young"
SHOW = f"{ENTITY}show/all-of-us-are-dead"


@pytest.fixture()
def fresh() -> Store:
    """The curated data in a store of its own (tests that add facts must not touch `seed`)."""
    store = Store.memory()
    load(store, [DATA])
    return store


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """About 20,000 generated triples (60-odd shows, casts with heavy-tailed careers)."""
    path = tmp_path_factory.mktemp("generated") / "graph.nt"
    buffer = io.StringIO()
    write(buffer, 20_000, seed=7, quads=False)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    store = Store.memory()
    load(store, [path], check=False, entail=False)
    return store


def test_two_cast_members_are_connected_through_their_parts_in_the_show(seed: Store) -> None:
    [best] = questions.connections(seed, "Park Ji-hu", "yoon chanyoung")
    assert [n.iri for n in best.nodes] == [PARK, SHOW, YOON]
    # season 2 rests on the article's forecast: the sentence says so, never more
    assert best.steps[0].sentence == "Park Ji-hu played Nam On-jo in All of Us Are Dead (season 1; season 2 expected)"
    assert best.steps[1].sentence.startswith("Yoon Chan-young played Lee Cheong-san in All of Us Are Dead")


def test_k_shortest_alternatives_come_shortest_first_and_differ(seed: Store) -> None:
    found = questions.connections(seed, PARK, YOON, k=4)
    assert len(found) == 4
    assert [c.length for c in found] == sorted(c.length for c in found)
    assert len({tuple(n.iri for n in c.nodes) for c in found}) == 4


def test_a_character_is_connected_to_the_source_work(seed: Store) -> None:
    [best] = questions.connections(seed, "Nam On-jo", f"{ENTITY}work/now-at-our-school")
    assert best.length == 1
    assert "appears in" in best.steps[0].sentence.lower() or "appearsIn" in best.steps[0].facts[0][1]


def test_unknown_names_get_suggestions_and_ambiguous_names_a_list(seed: Store) -> None:
    with pytest.raises(questions.UnknownEntity, match="did you mean: Park Ji-hu") as unknown:
        questions.connections(seed, "Park Ji", YOON)
    assert PARK in [h.iri for h in unknown.value.suggestions]
    with pytest.raises(questions.AmbiguousName) as ambiguous:
        questions.resolve(seed, "Now at Our School")
    assert len(ambiguous.value.candidates) == 2
    with pytest.raises(questions.UnknownEntity, match="no entity has the IRI"):
        questions.resolve(seed, f"{ENTITY}person/nobody")


def test_an_unreachable_pair_gives_no_connection(fresh: Store) -> None:
    loner = ox.NamedNode(f"{ENTITY}person/a-loner")
    fresh.add_atomically([ox.Quad(loner, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                                  ox.Literal("A Loner", language="en"), ox.NamedNode(f"{ENTITY}graph/t"))])
    assert questions.connections(fresh, PARK, loner.value) == []


def test_new_facts_reach_the_next_question(fresh: Store) -> None:
    """A new cast part joins a new person to the show: the next question finds the connection
    (the projections are patched in place, not rebuilt)."""
    before = current(fresh)
    patched = before.patched
    newcomer, role = ox.NamedNode(f"{ENTITY}person/newcomer"), ox.NamedNode(f"{ENTITY}role/newcomer")
    graph = ox.NamedNode(f"{ENTITY}graph/t")
    fresh.add_atomically([ox.Quad(ox.NamedNode(SHOW), ox.NamedNode(f"{TV}hasCastRole"), role, graph),
                          ox.Quad(role, ox.NamedNode(f"{TV}actor"), newcomer, graph)])
    assert current(fresh) is before and before.patched == patched + 1
    [best] = questions.connections(fresh, newcomer.value, PARK)
    assert best.length == 2
    assert questions.separation(fresh, newcomer.value, PARK).degrees == 1  # type: ignore[union-attr]


def test_separation_matches_networkx_on_a_generated_graph(generated: Store) -> None:
    collaboration = current(generated).collaboration
    people = sorted(collaboration)
    checked = 0
    for a, b in itertools.islice(itertools.combinations(people[::7], 2), 40):
        found = questions.separation(generated, a, b)
        if nx.has_path(collaboration, a, b):
            assert found is not None and found.degrees == nx.shortest_path_length(collaboration, a, b)
            for (x, y), shared in zip(itertools.pairwise(found.people), found.shared, strict=True):
                assert {s.iri for s in shared} == set(collaboration.edges[x.iri, y.iri]["productions"])
            checked += 1
        else:
            assert found is None
    assert checked >= 10
    distribution = questions.separation_distribution(generated, people[0])
    assert distribution[0] == 1 and sum(distribution.values()) == len(nx.node_connected_component(collaboration,
                                                                                                  people[0]))


def test_rankings_and_collaborators_on_a_generated_graph(generated: Store) -> None:
    credits = current(generated).credits
    top = questions.rank(generated, "degree", "Person", top=5)
    assert [r.kind for r in top] == ["Person"] * 5
    assert top[0].score == max(d for n, d in credits.degree() if credits.nodes[n]["kind"] == "Person")
    assert [r.score for r in top] == sorted((r.score for r in top), reverse=True)
    for measure in ("pagerank", "betweenness"):
        assert len(questions.rank(generated, measure, "Production", top=3)) == 3
    with pytest.raises(questions.TvkgError, match="unknown measure"):
        questions.rank(generated, "fame")
    busiest = top[0].node.iri
    found = questions.collaborators(generated, busiest, top=3)
    weights = [len(c.productions) for c in found]
    assert weights == sorted(weights, reverse=True) and weights[0] >= 1


def test_the_cli_explains_a_path_and_fails_clearly(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", "--quiet", "--store", str(store), str(DATA)).returncode == 0
    result = run_cli("path", "--store", str(store), "park jihu", "Lee Cheong-san")
    assert result.returncode == 0, result.stderr
    assert "Park Ji-hu played Nam On-jo in All of Us Are Dead" in result.stdout
    assert_clean_failure(run_cli("path", "--store", str(store), "Park Ji", "Lee Cheong-san"),
                         "no entity is named 'Park Ji'", "did you mean")
    assert_clean_failure(run_cli("path", "--store", str(store), "Now at Our School", "Park Ji-hu"), "names 2 entities")
    ranked = run_cli("rank", "--store", str(store), "--measure", "pagerank", "--kind", "Production", "--json")
    assert '"All of Us Are Dead"' in ranked.stdout
    figures = json.loads(run_cli("stats", "--store", str(store), "--projections", "--json").stdout)["projections"]
    assert figures["collaboration"] == {"nodes": 10, "edges": 45, "seconds": figures["collaboration"]["seconds"]}
    assert figures["entities"]["nodes"] > 50 and figures["peak_memory_bytes"] > 0


def test_the_json_api_answers_and_refuses(seed_url: str) -> None:
    answer = requests.get(f"{seed_url}/api/path", params={"from": "Park Ji-hu", "to": "Yoon Chan-young", "k": 2},
                          timeout=30)
    assert answer.status_code == 200
    body = answer.json()
    assert body["connected"] and body["connections"][0]["length"] == 2
    assert body["connections"][0]["nodes"][1] == {"iri": SHOW, "label": "All of Us Are Dead",
                                                  "url": "/id/show/all-of-us-are-dead"}
    unknown = requests.get(f"{seed_url}/api/path", params={"from": "Park Ji", "to": "Yoon Chan-young"}, timeout=30)
    assert unknown.status_code == 404 and PARK in [s["iri"] for s in unknown.json()["suggestions"]]
    ambiguous = requests.get(f"{seed_url}/api/path", params={"from": "Now at Our School", "to": PARK}, timeout=30)
    assert ambiguous.status_code == 300 and len(ambiguous.json()["candidates"]) == 2
    for bad in ({"from": PARK}, {"from": PARK, "to": YOON, "k": "0"}, {"from": PARK, "to": YOON, "k": "x"}):
        refused = requests.get(f"{seed_url}/api/path", params=bad, timeout=30)
        assert refused.status_code == 400 and refused.json()["error"]
    ranked = requests.get(f"{seed_url}/api/rank", params={"measure": "degree", "kind": "Production"}, timeout=30)
    assert ranked.json()["ranking"][0]["node"]["iri"] == SHOW
    together = requests.get(f"{seed_url}/api/collaborators", params={"person": "Park Ji-hu"}, timeout=30).json()
    assert len(together["collaborators"]) == 9
    apart = requests.get(f"{seed_url}/api/separation", params={"from": "Park Ji-hu", "to": YOON}, timeout=30).json()
    assert apart["degrees"] == 1 and apart["shared"][0][0]["iri"] == SHOW
    adapted = requests.get(f"{seed_url}/api/derived", params={"work": f"{ENTITY}work/now-at-our-school"},
                           timeout=30).json()
    assert adapted["adaptations"][0]["production"]["iri"] == SHOW
    groups = requests.get(f"{seed_url}/api/communities", timeout=30).json()["communities"]
    assert len(groups[0]) == 10
    assert requests.get(f"{seed_url}/api/shared-cast", timeout=30).json() == {"pairs": []}


def test_everything_derived_from_a_source_work(seed: Store, generated: Store) -> None:
    [adaptation] = questions.derived(seed, f"{ENTITY}work/now-at-our-school")
    assert adaptation.production.iri == SHOW
    assert len(adaptation.seasons) == 2 and adaptation.episodes == 12
    assert "Nam On-jo" in {c.label for c in adaptation.shared_characters}
    works = current(generated).works
    webtoons = [n for n in works if "/work/" in n]
    assert webtoons
    for work in webtoons[:5]:
        [found] = questions.derived(generated, work)
        show = found.production.iri
        assert [s.iri for s in found.seasons] == sorted(v for _, v in works.out_edges(show))
        assert found.episodes == sum(works.out_degree(s.iri) for s in found.seasons)


def test_shared_cast_and_communities_on_a_generated_graph(generated: Store) -> None:
    credits = current(generated).credits
    pairs = questions.shared_cast(generated, top=5)
    counts = [len(p.people) for p in pairs]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    a, b = pairs[0].productions
    assert {p.iri for p in pairs[0].people} == set(credits[a.iri]) & set(credits[b.iri])
    groups = questions.communities(generated, top=3)
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    everyone = [p.iri for g in questions.communities(generated, top=1000) for p in g]
    assert len(everyone) == len(set(everyone)) == current(generated).collaboration.number_of_nodes()


def test_extension_functions_work_in_ordinary_queries_through_the_endpoint(seed_url: str) -> None:
    query = """SELECT ?p ?hops ?degrees ?rank WHERE {
      ?p a tv:Person .
      BIND(tvf:distance(person:park-ji-hu, ?p) AS ?hops)
      BIND(tvf:separation(person:park-ji-hu, ?p) AS ?degrees)
      BIND(tvf:pagerank(?p) AS ?rank)
      FILTER(tvf:degree(?p) >= 1)
    } ORDER BY DESC(?rank) ?p"""
    response = requests.get(f"{seed_url}/sparql", params={"query": query}, timeout=30,
                            headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    rows = {b["p"]["value"]: b for b in response.json()["results"]["bindings"]}
    assert len(rows) == 10  # the ten credited people of the seed
    assert rows[PARK]["hops"]["value"] == "0" and rows[YOON]["hops"]["value"] == "2"
    assert rows[YOON]["degrees"] == {"type": "literal", "value": "1",
                                     "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert rows[YOON]["rank"]["datatype"].endswith("#double")
    unconnected = requests.get(f"{seed_url}/sparql", timeout=30, headers={"Accept": "application/sparql-results+json"},
                               params={"query": "SELECT (tvf:distance(person:park-ji-hu, <urn:nowhere>) AS ?d) {}"})
    assert unconnected.json()["results"]["bindings"] == [{}]  # an unbound value, not an error


def test_every_json_answer_matches_the_published_openapi_schema(seed_url: str) -> None:
    """/api/openapi.json is a valid OpenAPI 3.1 document, and real answers (200 and errors) match it."""
    spec = requests.get(f"{seed_url}/api/openapi.json", timeout=30).json()
    validate_spec(spec)
    asked = [("/api/path", {"from": "Park Ji-hu", "to": "Yoon Chan-young", "k": 3}),
             ("/api/path", {"from": "Park Ji", "to": PARK}), ("/api/path", {"from": "Now at Our School", "to": PARK}),
             ("/api/path", {"from": PARK}), ("/api/separation", {"from": PARK, "to": YOON}),
             ("/api/separation", {"from": PARK}), ("/api/rank", {"measure": "betweenness", "kind": "Person"}),
             ("/api/rank", {"measure": "fame"}), ("/api/collaborators", {"person": PARK, "top": 3}),
             ("/api/derived", {"work": f"{ENTITY}work/now-at-our-school"}), ("/api/shared-cast", {}),
             ("/api/communities", {"top": 2}), ("/api/search", {"q": "park"}),
             ("/api/search", {"q": "x", "limit": "y"}), ("/api/prefixes", {})]
    seen = set()
    for path, params in asked:
        answer = requests.get(seed_url + path, params=params, timeout=30)
        documented = spec["paths"][path]["get"]["responses"]
        assert str(answer.status_code) in documented, f"{path} {params}: undocumented {answer.status_code}"
        schema = documented[str(answer.status_code)]["content"]["application/json"]["schema"]
        jsonschema.validate(answer.json(), {**schema, "components": spec["components"]},
                            cls=jsonschema.Draft202012Validator)
        seen.add(answer.status_code)
    assert seen == {200, 300, 400, 404}
