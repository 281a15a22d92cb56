"""A merged cluster acts as one entity everywhere (graph/identity/clusters.py): search lists it once,
its names resolve to it, relationship questions see one node, and its page gathers every source's
statements, each with its source, under one IRI whichever member is asked for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import ROOT
from tests.test_import_catalogue import FIXTURE, MAPPING
from tvkg.entities import description
from tvkg.entities.search import search
from tvkg.identity import merge
from tvkg.importers.run import import_file
from tvkg.query import execute
from tvkg.relations import questions
from tvkg.server.app import create_app
from tvkg.server.config import Config
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

FIXTURES = ROOT / "tests" / "fixtures" / "csv"
ENTITY = "https://w3id.org/tvkg/id/"
KFLIX_DOONA, OTHER_DOONA = f"{ENTITY}person/kflix-bae-doona", f"{ENTITY}person/otherflix-bae-doona"


@pytest.fixture()
def merged(tmp_path: Path) -> Iterator[Store]:
    """Two catalogues that both credit Bae Doona on Kingdom, with entity resolution applied."""
    store = Store.open(tmp_path / "store")
    import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING)
    import_file(store, "csv", FIXTURES / "other.csv", source="otherflix")
    found, _ = merge.find(store)
    merge.apply(store, found)
    yield store
    store.close()


def test_a_cluster_has_one_canonical_iri_and_all_its_members(merged: Store) -> None:
    found = clusters(merged)
    assert found.of(OTHER_DOONA) == found.of(KFLIX_DOONA) == KFLIX_DOONA  # both imported: the first in order
    assert found.cluster(OTHER_DOONA) == (KFLIX_DOONA, OTHER_DOONA)
    assert found.of(f"{ENTITY}person/kflix-yoo-ah-in") == f"{ENTITY}person/kflix-yoo-ah-in"


def test_search_and_names_find_one_entity(merged: Store) -> None:
    hits = [h for h in search(merged, "Bae Doona") if h.kind == "Person"]
    assert [h.iri for h in hits] == [KFLIX_DOONA]
    assert questions.resolve(merged, "bae doona") == KFLIX_DOONA  # no "names 2 entities"
    assert questions.resolve(merged, OTHER_DOONA) == KFLIX_DOONA


def test_relationship_questions_see_one_node(merged: Store) -> None:
    kingdom = clusters(merged).of(f"{ENTITY}show/otherflix-x1")
    [path] = questions.connections(merged, OTHER_DOONA, f"{ENTITY}person/otherflix-ryu-seung-ryong")
    assert [n.iri for n in path.nodes] == [KFLIX_DOONA, kingdom, f"{ENTITY}person/otherflix-ryu-seung-ryong"]
    ranked = {r.node.iri for r in questions.rank(merged, "degree", kind="Person", top=100)}
    assert KFLIX_DOONA in ranked and OTHER_DOONA not in ranked
    separation = questions.separation(merged, "Bae Doona", OTHER_DOONA.replace("bae-doona", "ryu-seung-ryong"))
    assert separation is not None and separation.degrees == 1


def test_the_page_gathers_every_source_under_one_iri(merged: Store) -> None:
    page = description.describe(merged, KFLIX_DOONA)
    assert page is not None
    assert [iri for iri, _ in page.merged] == [OTHER_DOONA]
    assert any("otherflix" in s.graph for _, sources in page.merged for s in sources)
    graphs = {s.graph for s in page.sources}
    assert any("kflix" in g for g in graphs) and any("otherflix" in g for g in graphs)
    assert not any(f.property.endswith("#sameAs") for f in page.facts + page.alignments)
    described = {(t.subject.value, t.predicate.value) for t in description.bounded_description(merged, KFLIX_DOONA)}
    assert (OTHER_DOONA, "http://www.w3.org/2002/07/owl#sameAs") in described or \
        (KFLIX_DOONA, "http://www.w3.org/2002/07/owl#sameAs") in described


@pytest.fixture()
def client(merged: Store) -> Iterator[FlaskClient]:
    app = create_app(Config(store=merged.root, warm_projections=False), store=merged)
    yield app.test_client()
    app.extensions["tvkg"].close()


def test_any_members_iri_leads_to_the_one_page(client: FlaskClient) -> None:
    asked = client.get("/id/person/otherflix-bae-doona", headers={"Accept": "text/html"})
    assert asked.status_code == 303 and asked.headers["Location"] == "/id/person/kflix-bae-doona.html"
    document = client.get("/id/person/otherflix-bae-doona.ttl")
    assert document.status_code == 302 and document.headers["Location"] == "/id/person/kflix-bae-doona.ttl"
    page = client.get("/id/person/kflix-bae-doona.html").get_data(as_text=True)
    assert "also described as" in page and OTHER_DOONA in page
    answer = client.get("/api/search?q=bae doona").get_json()
    assert [h["iri"] for h in answer if h["kind"] == "Person"] == [KFLIX_DOONA]


PEOPLE_NAMED_BAE_DOONA = """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
  ?p a tv:Person ; skos:prefLabel ?name FILTER(STR(?name) = "Bae Doona") }"""


def test_sparql_asks_for_the_merged_view(merged: Store, client: FlaskClient) -> None:
    def count(**params: str) -> int:
        answer = client.get("/sparql", query_string={"query": PEOPLE_NAMED_BAE_DOONA, **params},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return int(answer.get_json()["results"]["bindings"][0]["n"]["value"])

    assert count() == count(view="sources") == 2   # each source's own IRI
    assert count(view="merged") == 1               # one entity
    assert int(next(iter(execute.run(merged, PEOPLE_NAMED_BAE_DOONA, merged=True)))["n"].value) == 1
    refused = client.get("/sparql", query_string={"query": "ASK {}", "view": "smushed"})
    assert refused.status_code == 400 and "view is 'sources'" in refused.get_data(as_text=True)


def test_a_read_only_server_takes_no_review_decision(client: FlaskClient) -> None:
    page = client.get("/review").get_data(as_text=True)
    assert "This server is read-only" in page and 'name="token"' not in page
    refused = client.post("/review", data={"verdict": "reject", "pair": f"{KFLIX_DOONA} {OTHER_DOONA}"})
    assert refused.status_code == 403
    assert clusters(client.application.extensions["tvkg"].store).of(OTHER_DOONA) == KFLIX_DOONA
