"""Imported data answers as well as the curated seed: alignments, the catalogue's columns read for
what they say, pages, API records and paths, on a slice of the real Netflix catalogue built the way
`tvkg init` builds the default store (tests/conftest.py: catalogue_slice)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

import tvkg
from tests.browser import Watched
from tests.conftest import shared_dir
from tests.server_process import running_server
from tvkg.importers.run import import_file
from tvkg.relations import questions
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

KINGDOM = "https://w3id.org/tvkg/id/show/netflix-s2822"
PERSONA = "https://w3id.org/tvkg/id/show/netflix-s3929"
BAE_DOONA = "https://w3id.org/tvkg/id/person/netflix-bae-doona"
PREFIXES = """PREFIX tv: <https://w3id.org/tvkg/ontology#> PREFIX schema: <https://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/> PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX po: <http://purl.org/ontology/po/> """


@pytest.fixture(scope="module")
def store(catalogue_slice: Path) -> Iterator[Store]:
    with Store.open(catalogue_slice, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def server(catalogue_slice: Path) -> Iterator[str]:
    with running_server(catalogue_slice) as url:
        yield url


def count(store: Store, where: str) -> int:
    [row] = store.ox.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(row["n"].value)


def test_every_show_answers_in_schema_org_wikidata_and_bbc_terms(store: Store) -> None:
    shows = count(store, "?s a tv:Show")
    assert shows >= 40
    assert count(store, "?s a schema:TVSeries") == shows
    assert count(store, "?s wdt:P31 wd:Q5398426") == shows
    assert count(store, "?s a po:Brand") == shows
    cast = {row["p"].value for row in store.ox.query(PREFIXES + f"SELECT ?p WHERE {{ <{KINGDOM}> tv:castMember ?p }}")}
    assert BAE_DOONA in cast
    # inverse properties too: the seasons point back at their show
    assert count(store, f"<{KINGDOM}> tv:season ?s") == 2


def test_the_catalogue_year_is_not_a_first_release_and_seasons_are_entities(store: Store) -> None:
    imported = "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/tvkg/id/show/netflix-'))"
    assert count(store, f"?s a tv:Show ; tv:releaseDate ?d {imported}") == 0
    [friends] = store.ox.query(PREFIXES + 'SELECT ?y WHERE { ?s skos:prefLabel "Friends"@en ; tv:catalogueYear ?y }')
    assert friends["y"].value == "2003"  # the year Netflix lists, kept as what it is
    seasons = [row["n"].value for row in store.ox.query(PREFIXES + f"""
        SELECT ?n WHERE {{ ?season a tv:Season ; tv:seasonOf <{KINGDOM}> ; tv:seasonNumber ?n }} ORDER BY ?n""")]
    assert seasons == ["1", "2"]
    categories = {row["c"].value for row in store.ox.query(PREFIXES + f"""
        SELECT ?c WHERE {{ <{KINGDOM}> tv:category/skos:prefLabel ?c }}""")}
    assert "International TV Shows" in categories
    assert count(store, f"<{KINGDOM}> tv:genre ?g") == 0  # browse categories are not genres
    assert count(store, f"<{KINGDOM}> tv:availableOn <https://w3id.org/tvkg/id/org/netflix>") == 1


def test_names_carry_language_tags_so_the_english_idiom_finds_catalogue_people(store: Store) -> None:
    found = {row["name"].value for row in store.ox.query(PREFIXES + f"""
        SELECT ?name WHERE {{ <{KINGDOM}> tv:castMember ?actor . ?actor skos:prefLabel ?name
        FILTER(lang(?name) = "en") }}""")}
    assert "Bae Doona" in found and "Ju Ji-hoon" in found
    assert count(store, "?s a ?c ; skos:prefLabel ?name FILTER(lang(?name) = '' "
                        "&& ?c IN (tv:Person, tv:Show, tv:Season, tv:Character))") == 0


def test_one_squid_game_with_the_evidence_stated(store: Store) -> None:
    merged = clusters(store)
    seed, catalogue = "https://w3id.org/tvkg/id/show/squid-game", "https://w3id.org/tvkg/id/show/netflix-s34"
    assert merged.of(seed) == merged.of(catalogue)
    [reason] = [row["why"].value for row in store.ox.query(PREFIXES + """
        PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?why WHERE { GRAPH ?g { ?a owl:sameAs ?b } ?g rdfs:comment ?why
        FILTER(CONTAINS(STR(?a), "squid") || CONTAINS(STR(?b), "squid")) }""")]
    assert reason.startswith("same name and the same network or streaming service (netflix)")


def test_paths_go_through_people_and_productions_unless_hubs_are_asked_for(store: Store) -> None:
    [path] = questions.connections(store, "Lee Jung-jae", "Ju Ji-hoon")
    kinds = {node.iri.split("/id/")[1].split("/")[0] for node in path.nodes}
    assert kinds <= {"person", "show", "season", "character", "work"}, [n.label for n in path.nodes]
    [through] = questions.connections(store, "Lee Jung-jae", "Ju Ji-hoon", hubs=True)
    assert through.length <= path.length


def test_a_person_page_lists_credits_and_co_stars(server: str) -> None:
    page = requests.get(f"{server}/id/person/netflix-bae-doona.html", timeout=60).text
    assert "Bae Doona is credited in 2 productions: Kingdom and Persona." in page
    assert "Credits" in page and "Co-stars" in page and "Ju Ji-hoon" in page
    show = requests.get(f"{server}/id/show/netflix-s2822.html", timeout=60).text
    assert "role:netflix" not in show and "Bae Doona in Kingdom" in show  # a part by its names, never its IRI
    cast = show[show.index(">Cast<"):show.index(">Crew<")]
    assert cast.index("Ju Ji-hoon") < cast.index("Ryu Seung-ryong") < cast.index("Bae Doona")  # billing order
    assert "Kingdom season 2" in show and "Kim Seong-hun" in show


def test_a_category_page_says_what_it_is(server: str) -> None:
    page = requests.get(f"{server}/id/category/netflix-international-tv-shows.html", timeout=60).text
    assert "International TV Shows is a concept of Netflix categories;" in page and "Kingdom" in page


def test_api_records_carry_the_tables_locally_and_through_the_server(catalogue_slice: Path, server: str) -> None:
    local = tvkg.open(catalogue_slice).entity(BAE_DOONA)
    remote = tvkg.connect(server).entity(BAE_DOONA)
    assert local.summary == remote.summary == "Bae Doona is credited in 2 productions: Kingdom and Persona."
    assert [row["production_iri"] for row in local.sections["Credits"]] == [PERSONA, KINGDOM]  # 2019, 2020
    assert local.sections == remote.sections
    kingdom = tvkg.open(catalogue_slice).entity(KINGDOM)
    assert [row["actor"] for row in kingdom.sections["Cast"]][:3] == ["Ju Ji-hoon", "Ryu Seung-ryong", "Bae Doona"]
    path = requests.get(f"{server}/api/path", params={"from": "Lee Jung-jae", "to": "Ju Ji-hoon"}, timeout=60).json()
    labels = [n["label"] for n in path["connections"][0]["nodes"]]
    assert "South Korea" not in labels and "International TV Shows" not in labels


def test_in_chromium_a_catalogue_person_leads_to_her_shows_and_co_stars(server: str, page: Watched) -> None:
    page.page.goto(server + "/id/person/netflix-bae-doona")
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Bae Doona")
    expect(page.page.locator(".summary")).to_have_text("Bae Doona is credited in 2 productions: Kingdom and Persona.")
    credits = page.page.locator("section", has=page.page.get_by_role("heading", name="Credits"))
    expect(credits.locator("tbody tr")).to_have_count(2)
    credits.get_by_role("link", name="Kingdom").click()
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Kingdom")
    cast = page.page.locator("section", has=page.page.get_by_role("heading", name="Cast"))
    expect(cast.locator("tbody tr").first).to_contain_text("Ju Ji-hoon")
    page.screenshot("catalogue-show")
    assert page.errors == [] and page.outside(server) == []


# -- a MyDramaList drama: the K-drama corpus, read from ../shared (it may not be redistributed) -------

KDRAMA_ABSENT = "the K-drama corpus is read from ../shared/data (it may not be redistributed) and is absent here"


@pytest.fixture(scope="module")
def kdrama(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The K-drama corpus imported the way `tvkg import mydramalist` does, into a store on disk."""
    shared = shared_dir()
    folder = shared / "data" if shared else None
    if folder is None or not (folder / "kdrama_dramas.csv").is_file():
        pytest.skip(KDRAMA_ABSENT)
    path = tmp_path_factory.mktemp("kdrama") / "store"
    with Store.open(path) as store:
        import_file(store, "mydramalist", folder)
    return path


def test_a_kdrama_answers_like_the_seed(kdrama: Path) -> None:
    kg = tvkg.open(kdrama)
    [shows] = kg.sparql("SELECT (COUNT(?s) AS ?n) WHERE { ?s a tv:Show }")
    [aligned] = kg.sparql("SELECT (COUNT(?s) AS ?n) WHERE { ?s a schema:TVSeries }")
    assert shows["n"] == aligned["n"] > 1000
    [hit, *_] = kg.search("Crash Landing on You")
    drama = kg.entity(hit.iri)
    cast = drama.sections["Cast"]
    billed = [row["actor"] for row in cast]
    assert {"Hyun Bin", "Son Ye Jin"} <= set(billed[:4])  # main roles before support roles
    assert billed.index("Son Ye Jin") < billed.index("Yang Kyung Won")
    [hyun] = [row for row in cast if row["actor"] == "Hyun Bin"]
    assert hyun["character"] == "Ri Jung Hyuk"
    person = kg.entity(hyun["actor_iri"])
    assert person.summary.startswith("Hyun Bin is credited in ") and "Crash Landing on You" in person.summary
    [path] = kg.path("Hyun Bin", "Son Ye Jin")
    assert path.length == 2 and "Ri Jung Hyuk" in path.steps[0].sentence
