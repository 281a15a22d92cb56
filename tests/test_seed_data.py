"""What the curated seed data lets a researcher ask, by SPARQL over the loaded store."""

from __future__ import annotations

import pytest

from tests.conftest import select
from tvkg.entities.names import normalise
from tvkg.store.generations import Store

CAST = {
    "Park Ji-hu": "Nam On-jo",
    "Yoon Chan-young": "Lee Cheong-san",
    "Cho Yi-hyun": "Choi Nam-ra",
    "Lomon": "Lee Su-hyeok",
    "Ha Seung-ri": "Jang Ha-ri",
    "Lee Eun-saem": "Park Mi-jin",
    "Kim Bo-yoon": "Seo Hyo-ryung",
    "Im Jae-hyuk": "Yang Dae-su",
}


def test_who_plays_each_of_the_eight_characters(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?actor ?character WHERE {
          show:all-of-us-are-dead tv:hasCastRole ?role .
          ?role tv:actor/skos:prefLabel ?actor ; tv:character/skos:prefLabel ?character .
          FILTER(lang(?actor) = "en" && lang(?character) = "en")
        }""")
    assert {r["actor"]: r["character"] for r in rows} == CAST


def test_the_article_swapped_lomon_and_su_hyeok_and_the_graph_says_so(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?original ?comment WHERE {
          ?c a tv:Correction ; tv:originalText ?original ; rdfs:comment ?comment ;
             tv:concerns role:all-of-us-are-dead-lomon .
        }""")
    assert rows and "Lee Su-hyeok as Lomon" in rows[0]["original"]


def test_the_show_is_based_on_the_webtoon_by_joo_dong_geun_on_naver(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?work ?author ?platform WHERE {
          show:all-of-us-are-dead tv:basedOn ?w .
          ?w a tv:Webtoon ; skos:prefLabel ?work ; tv:author/skos:prefLabel ?author ;
             tv:publishedOn/skos:prefLabel ?platform .
          FILTER(lang(?work) = "en" && lang(?author) = "en" && lang(?platform) = "en")
        }""")
    assert len(rows) == 1
    assert rows[0]["author"] == "Joo Dong-geun" and "Naver" in rows[0]["platform"]


def test_season_2_announcements_in_date_order_with_their_source(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?a ?day ?source WHERE {
          ?a a tv:Announcement ; tv:about season:all-of-us-are-dead-s2 ; tv:earliest ?day .
          ?a tv:channel|tv:reportedIn ?source .
        } ORDER BY ?day ?a""")
    days = [r["day"] for r in rows]
    assert len({r["a"] for r in rows}) >= 6
    assert days == sorted(days)
    assert days[0] <= "2022-06-30" and days[-1] >= "2023-01-01"
    sources = {r["source"] for r in rows}
    assert any("korea-herald" in s for s in sources) or any("teen-vogue" in s for s in sources)


def test_the_renewal_is_official_dated_june_2022_and_keeps_the_articles_words(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?date ?stated ?status WHERE {
          ?a a tv:Announcement ; tv:kind tv:Renewal ; tv:date ?date ; tv:asserts ?g .
          ?g tv:status ?status .
          OPTIONAL { ?a tv:dateAsStated ?stated }
        }""")
    assert any(r["date"] == "2022-06" and r["status"].endswith("#Official") for r in rows), rows


def test_disagreeing_release_claims_both_stay_and_differ_by_status(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?year ?status WHERE {
          GRAPH ?g { season:all-of-us-are-dead-s2 tv:expectedRelease ?year }
          ?g tv:status ?status .
        }""")
    by_year = {r["year"]: r["status"].rsplit("#", 1)[1] for r in rows}
    assert by_year.get("2024") == "Expected"
    assert "2023" in by_year and by_year["2023"] != "Expected"


def test_a_schema_org_query_finds_the_cast(seed: Store) -> None:
    rows = select(seed, """
        SELECT DISTINCT ?name WHERE {
          ?show a schema:TVSeries ; schema:actor ?role .
          ?role a schema:PerformanceRole ; schema:actor/schema:name ?name . FILTER(lang(?name) = "en")
        }""")
    assert set(CAST) <= {r["name"] for r in rows}


def test_a_wikidata_query_finds_the_cast_with_characters(seed: Store) -> None:
    rows = select(seed, """
        SELECT DISTINCT ?actor ?character WHERE {
          ?show wdt:P31 wd:Q5398426 ; wdt:P161 ?a ; p:P161 ?st .
          ?st ps:P161 ?a ; pq:P453 ?c .
          ?a rdfs:label ?actor . ?c rdfs:label ?character .
          FILTER(lang(?actor) = "en" && lang(?character) = "en")
        }""")
    assert {r["actor"]: r["character"] for r in rows} == CAST


@pytest.mark.parametrize(("variant", "slug"), [
    ("Yoon Chan-yeong", "yoon-chan-young"), ("Yoon Chan-young", "yoon-chan-young"), ("윤찬영", "yoon-chan-young"),
    ("Lomon", "lomon"), ("로몬", "lomon"), ("Park Ji-hu", "park-ji-hu"), ("Lee Jae-kyoo", "lee-jae-kyoo"),
    ("Joo Dong-geun", "joo-dong-geun"),
])
def test_every_name_variant_finds_the_same_person(seed: Store, variant: str, slug: str) -> None:
    rows = select(seed, f"""
        SELECT DISTINCT ?p WHERE {{
          ?p a tv:Person ; skos:prefLabel|skos:altLabel ?n . FILTER(STR(?n) = "{variant}") }}""")
    assert [r["p"] for r in rows] == [f"https://w3id.org/tvkg/id/person/{slug}"]


@pytest.mark.parametrize(("variant", "slug"), [
    ("Hyo-rung", "seo-hyo-ryung"), ("Hyo-ryung", "seo-hyo-ryung"), ("Cheong-San", "lee-cheong-san"),
    ("Nam-ra", "choi-nam-ra"), ("Su-hyeok", "lee-su-hyeok"), ("Dae-su", "yang-dae-su"),
])
def test_every_character_spelling_in_the_article_finds_the_character(seed: Store, variant: str, slug: str) -> None:
    rows = select(seed, """
        SELECT DISTINCT ?c ?n WHERE { ?c a tv:Character ; skos:prefLabel|skos:altLabel ?n }""")
    found = {r["c"] for r in rows if normalise(r["n"]) == normalise(variant)}
    assert found == {f"https://w3id.org/tvkg/id/character/{slug}"}


def test_characters_are_never_people(seed: Store) -> None:
    assert not select(seed, "SELECT ?x WHERE { ?x a tv:Person , tv:Character }")


def test_every_named_graph_except_the_ontology_says_where_it_came_from(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != tvg:ontology)
          FILTER NOT EXISTS { ?g prov:wasDerivedFrom ?src ; tv:status ?st } } GROUP BY ?g""")
    assert rows == []


def test_general_knowledge_is_marked_as_such(seed: Store) -> None:
    rows = select(seed, """
        SELECT ?date WHERE { GRAPH ?g { season:all-of-us-are-dead-s1 tv:releaseDate ?date }
          ?g prov:wasDerivedFrom/a tv:GeneralKnowledge }""")
    assert [r["date"] for r in rows] == ["2022-01-28"]


def test_season_1_has_twelve_episodes(seed: Store) -> None:
    rows = select(seed, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e tv:episodeOf season:all-of-us-are-dead-s1 }")
    assert rows[0]["n"] == "12"
