"""The MyDramaList importer (graph/importers/mydramalist.py): a directory of the K-drama corpus's three
tables becomes shows, seasons, cast roles, characters, people, networks and source works that pass the
SHACL shapes, with what it leaves out reported.

The fixtures in tests/fixtures/mydramalist/ are in the corpus's columns, with titles, people, ids and
synopses made up for these tests (the corpus may not be redistributed: no row of it is copied). What
the rows exercise: kdrama_dramas.csv: a show and its "Season 2" (dates ISO and "Aug  2, 2023", a
straight- and a typographic-quoted webtoon sentence, a "(Source: ...)" credit), a web novel by a writer
and an illustrator, a "Part 2" without its part 1 (year-only dates, a Japanese novel, another note), a
"X: Subtitle" season 1 of "X Season 2: Subtitle" (a Spanish TV series remade, its Latin original
title; season 2 on another network than season 1), "Season 1.5", two titles that
slug alike ("Sunny, Side Up" and "Sunny Side Up", different years), a director cell that is not a
list, a bad episode count and start date, a row without an id, a row cut short; kdrama_cast.csv: the
four kinds of character annotation, a character named like its actor, an empty character, two parts
in one cell, "[Herself]", "[Doctor]", a quoted nickname, "→", each billing and "Unknown", a drama
not in the table, a row without an actor; kdrama_list.csv: a title in other case and spacing (with a
platform named in Hangul), one matching only the drama of its year, a broken tags list, a title not
in the table.

The real corpus is read from the workplace's shared folder (``benchmarks.shared.shared_dir()``); its
tests are skipped without it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import assert_clean_failure, run_cli, shared_dir
from tvkg.errors import InputError
from tvkg.importers import mydramalist
from tvkg.importers.common import Context, Skip
from tvkg.importers.run import ImportReport, import_file
from tvkg.load.validate import check
from tvkg.ontology.namespaces import ENTITY, GRAPH, TV
from tvkg.store.generations import Store

FIXTURES = Path(__file__).parent / "fixtures" / "mydramalist"
DAY = dt.date(2026, 11, 25)
SKOS = "http://www.w3.org/2004/02/skos/core#"
PREF, ALT = ox.NamedNode(SKOS + "prefLabel"), ox.NamedNode(SKOS + "altLabel")
COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = f"PREFIX tv: <{TV}> PREFIX skos: <{SKOS}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
NOT_REDISTRIBUTED = ("the K-drama corpus is read from ../shared and may not be redistributed "
                     "(CI always has it)")
SKIPPED = {
    "malformed row: 5 fields, expected 17": 1,
    "no kdrama_id or no drama_name": 1,
    "season number is not a whole number (the season is not numbered)": 1,
    "source sentence names no title (kept in the synopsis)": 1,
    "director is not a list of names like ['Lee Jae Gyoo']": 1,
    "tot_eps is not a whole number": 1,
    "start date is not a date (2023-07-05, Aug 2, 2023, May, 2021 or 2017)": 1,
    "billing 'Unknown' is not main, support or guest (imported without)": 1,
    "drama not in kdrama_dramas.csv": 1,
    "no actor_id or no actor_name": 1,
    "Tags is not a list of names": 1,
    "no drama of this title (and year) in kdrama_dramas.csv": 1,
}


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


def e(path: str) -> ox.NamedNode:
    """An entity this importer mints: e("show/lantern-street") -> id/show/mydramalist-lantern-street."""
    kind, local = path.split("/", 1)
    return ox.NamedNode(f"{ENTITY}{kind}/mydramalist-{local}")


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def values(store: Store, s: ox.NamedNode, p: ox.NamedNode) -> set[ox.Term]:
    """The objects of (s, p) in the merged default graph, as terms (datatype and language count)."""
    return {q.object for q in store.ox.quads_for_pattern(s, p, None, ox.DefaultGraph())}


def texts(store: Store, s: ox.NamedNode, p: ox.NamedNode) -> set[str]:
    return {term.value for term in values(store, s, p)}


def rows(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    """A SELECT's rows as tuples of plain values (None for unbound), sorted."""
    result = store.ox.query(PREFIXES + sparql)
    return sorted((tuple(None if t is None else t.value for t in row) for row in result),  # type: ignore[union-attr]
                  key=lambda row: tuple(v or "" for v in row))


def subjects(store: Store) -> set[str]:
    return {q.subject.value for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}


@pytest.fixture(scope="module")
def imported() -> tuple[Store, ImportReport]:
    """The fixtures imported once (read-only: tests that write make their own store)."""
    store = Store.memory()
    return store, import_file(store, "mydramalist", FIXTURES, today=DAY)


# -- the whole import ------------------------------------------------------------------------------

def test_fixture_import_end_to_end(imported: tuple[Store, ImportReport]) -> None:
    store, report = imported
    assert report.graph == f"{GRAPH}import/mydramalist-mydramalist-mydramalist-2026-11-25"
    assert dict(report.entities) == {"Show": 7, "Season": 9, "CastRole": 16, "Character": 11, "Person": 20,
                                     "Network": 8, "Organization": 3, "Place": 1, "Webtoon": 1, "WebNovel": 1,
                                     "Novel": 1, "SourceWork": 1}
    assert dict(report.skipped) == SKIPPED
    assert report.examples["malformed row: 5 fields, expected 17"] == ["line 12 of kdrama_dramas.csv"]
    assert report.examples["drama not in kdrama_dramas.csv"] == ["line 17 of kdrama_cast.csv"]
    assert report.examples["no drama of this title (and year) in kdrama_dramas.csv"] == ["line 5 of kdrama_list.csv"]
    assert check(store.ox) == [], "the imported data breaks the SHACL shapes"


def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    first = import_file(store, "mydramalist", FIXTURES, today=DAY)
    before = set(store.ox)
    again = import_file(store, "mydramalist", FIXTURES, today=DAY)
    assert set(store.ox) == before
    assert again.replaced == [first.graph] and store.named_graphs() == [first.graph]
    assert again.triples == first.triples


def test_gzipped_tables_give_the_same_graph(tmp_path: Path, imported: tuple[Store, ImportReport]) -> None:
    folder = tmp_path / "mydramalist"
    folder.mkdir()
    for table in FIXTURES.glob("*.csv"):
        (folder / f"{table.name}.gz").write_bytes(gzip.compress(table.read_bytes()))
    store = Store.memory()
    import_file(store, "mydramalist", folder, today=DAY)
    assert set(store.ox) == set(imported[0].ox)


def test_the_cli_imports_the_directory_and_a_second_import_replaces_the_first(tmp_path: Path) -> None:
    target = str(tmp_path / "s")
    result = run_cli("import", "mydramalist", str(FIXTURES), "--store", target)
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stderr and "7 Show" in result.stderr and "9 Season" in result.stderr
    assert "skipped 1: drama not in kdrama_dramas.csv (e.g. line 17 of kdrama_cast.csv)" in result.stderr
    with Store.open(target, read_only=True) as store:
        before, graphs = set(store.ox), store.named_graphs()
    again = run_cli("import", "mydramalist", str(FIXTURES), "--store", target)
    assert again.returncode == 0, again.stderr
    assert f"replaced the earlier import(s): {graphs[0]}" in again.stderr
    with Store.open(target, read_only=True) as store:
        assert set(store.ox) == before and store.named_graphs() == graphs


# -- shows and seasons -----------------------------------------------------------------------------

def test_a_later_season_is_a_season_of_its_show_never_a_show(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    assert rows(store, f"""SELECT ?season ?n ?label ?title WHERE {{
        ?season tv:seasonOf <{e("show/lantern-street").value}> ; tv:seasonNumber ?n ; skos:prefLabel ?label .
        OPTIONAL {{ ?season skos:altLabel ?title }} }}""") == [
        (e("season/lantern-street-s1").value, "1", "Lantern Street season 1", None),  # no marker: season 1
        (e("season/lantern-street-s2").value, "2", "Lantern Street season 2", "Lantern Street Season 2")]
    made = subjects(store)
    assert not any("season-2" in iri or "part-2" in iri for iri in made), "a season made a show of its own"
    assert texts(store, e("show/lantern-street"), PREF) == {"Lantern Street"}
    assert values(store, e("season/midnight-ferry-s2"), tv("seasonOf")) == {e("show/midnight-ferry")}
    assert values(store, e("season/midnight-ferry-s2"), tv("seasonNumber")) == {typed("2", "integer")}


def test_a_subtitled_first_season_a_half_season_and_titles_that_slug_alike(imported: tuple[Store, ImportReport]
                                                                            ) -> None:
    store, _ = imported
    assert rows(store, f"""SELECT ?n ?title WHERE {{ ?s tv:seasonOf <{e("show/glass-tower").value}> ;
        tv:seasonNumber ?n ; skos:altLabel ?title }}""") == [
        ("1", "Glass Tower: Second Life"), ("2", "Glass Tower Season 2: Second Life")]
    half = e("season/rooftop-radio-s1-5")
    assert values(store, half, tv("seasonOf")) == {e("show/rooftop-radio")}
    assert values(store, half, tv("seasonNumber")) == set()  # 1.5 is no xsd:integer
    assert texts(store, e("show/sunny-side-up-2019"), PREF) == {"Sunny, Side Up"}
    assert texts(store, e("show/sunny-side-up-2016"), PREF) == {"Sunny Side Up"}
    assert e("show/sunny-side-up").value not in subjects(store)


def test_the_drama_id_identifies_the_season_only(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    assert texts(store, e("season/lantern-street-s2"), IDENTIFIER) == {"mydramalist:f0000000000000000000000000000002"}
    assert rows(store, """SELECT ?show WHERE { ?show a tv:Show ; <http://purl.org/dc/terms/identifier> ?id }""") == []


def test_dates_in_both_formats_keep_their_precision(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    expected = {"lantern-street-s1": (typed("2021-03-06", "date"), typed("2021-04-25", "date")),
                "lantern-street-s2": (typed("2023-08-02", "date"), typed("2023-08-02", "date")),  # "Aug  2, 2023"
                "paper-crane-diaries-s1": (typed("2019-05", "gYearMonth"), typed("2019-07", "gYearMonth")),
                "midnight-ferry-s2": (typed("2017", "gYear"), typed("2017", "gYear"))}
    for season, (start, end) in expected.items():
        assert values(store, e(f"season/{season}"), tv("releaseDate")) == {start}, season
        assert values(store, e(f"season/{season}"), tv("endDate")) == {end}, season
    assert values(store, e("season/sunny-side-up-2016-s1"), tv("releaseDate")) == {typed("2016", "gYear")}  # year
    assert values(store, e("show/lantern-street"), tv("releaseDate")) == {typed("2021-03-06", "date")}
    assert values(store, e("show/midnight-ferry"), tv("releaseDate")) == set()  # its season 1 is not in the table


def test_episodes_runtime_rating_credits_networks_and_the_list(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    season, show = e("season/lantern-street-s1"), e("show/lantern-street")
    assert values(store, season, tv("numberOfEpisodes")) == {typed("16", "integer")}
    assert values(store, season, tv("runtime")) == {typed("PT1H10M", "duration")}  # 4200 s per episode
    assert texts(store, season, tv("contentRating")) == {"15+ - Teens 15 or older"}
    assert values(store, e("season/paper-crane-diaries-s1"), tv("contentRating")) == set()  # Not Yet Rated
    for node in (season, show):
        assert values(store, node, tv("director")) == {e("person/moon-ha-eun")}
        assert values(store, node, tv("writer")) == {e("person/seo-jin-ah"), e("person/baek-do-hyun")}
        assert values(store, node, tv("originalNetwork")) == {e("org/netflix"), e("org/tvn")}  # "Netflix tvN"
    assert values(store, e("show/paper-crane-diaries"), tv("originalNetwork")) == {e("org/naver-tv-cast"),
                                                                                  e("org/vlive")}
    assert values(store, show, tv("availableOn")) == {e("org/netflix"), e("org/viki"), e("org/드라마-채널")}
    assert values(store, show, tv("genre")) == {en("romance"), en("fantasy")}  # "lantern  street" in the list
    assert values(store, show, tv("keyword")) == {en("adapted from a webtoon"), en("strong female lead")}
    assert texts(store, e("show/sunny-side-up-2019"), tv("genre")) == {"comedy"}  # the list's row of 2019
    assert texts(store, e("show/sunny-side-up-2016"), tv("genre")) == set()
    assert values(store, show, tv("countryOfOrigin")) == {ox.NamedNode(f"{ENTITY}place/south-korea")}
    assert tv("Network") in values(store, e("org/netflix"), RDF_TYPE)  # one Netflix, an original network


def test_the_show_was_first_shown_by_its_first_seasons_networks(imported: tuple[Store, ImportReport]) -> None:
    """org_net is the network that first showed a row's season. The show was first shown by season 1's:
    Glass Tower's season 2 on SBS Plus does not make SBS Plus the show's original network, and a show
    whose season 1 is not in the table (Midnight Ferry) has no known original network."""
    store, _ = imported
    assert values(store, e("show/glass-tower"), tv("originalNetwork")) == {e("org/sbs")}
    assert values(store, e("season/glass-tower-s2"), tv("originalNetwork")) == {e("org/sbs-plus")}
    assert values(store, e("show/midnight-ferry"), tv("originalNetwork")) == set()
    assert values(store, e("season/midnight-ferry-s2"), tv("originalNetwork")) == {e("org/kbs2")}


def test_a_platform_to_watch_on_is_no_original_network(imported: tuple[Store, ImportReport]) -> None:
    """kdrama_list.csv's platforms say where a show can be watched (tv:availableOn), not who first showed
    it: a platform no org_net names is a tv:Organization, not a tv:Network."""
    store, _ = imported
    for platform in ("org/viki", "org/wetv", "org/드라마-채널"):
        types = values(store, e(platform), RDF_TYPE)
        assert tv("Organization") in types and tv("Network") not in types, platform
    assert tv("Network") in values(store, e("org/netflix"), RDF_TYPE)  # in org_net too


def test_names_are_tagged_with_the_language_they_are_written_in(imported: tuple[Store, ImportReport]) -> None:
    """English columns @en, Hangul @ko (also in an English column), other scripts by script, a Latin
    original title of unknown language @und: no name is a plain literal."""
    store, _ = imported
    names = [q.object for p in (PREF, ALT) for q in store.ox.quads_for_pattern(None, p, None, ox.DefaultGraph())
             if q.subject.value.startswith(str(ENTITY)) and "/source/" not in q.subject.value]
    assert names and all(isinstance(n, ox.Literal) and n.language for n in names)
    assert {n.language for n in names} == {"en", "ko", "ja", "und"}
    assert values(store, e("org/드라마-채널"), PREF) == {ox.Literal("드라마 채널", language="ko")}
    assert values(store, e("person/park-ha-neul"), PREF) == {en("Park Ha Neul")}
    assert values(store, e("org/netflix"), PREF) == {en("Netflix")}
    assert [mydramalist.name_language(n) for n in ("Park Ji Hu", "박지후", "Liu Bei")] == ["en", "ko", "en"]


# -- cast, characters and their annotations ------------------------------------------------------

CAST = f"""SELECT ?actor ?season ?name ?character ?alt ?note ?billing WHERE {{
    <{e("show/lantern-street").value}> tv:hasCastRole ?role .
    ?role a tv:CastRole ; tv:actor/skos:prefLabel ?actor ; tv:inSeason/tv:seasonNumber ?season .
    OPTIONAL {{ ?role tv:characterName ?name }}
    OPTIONAL {{ ?role tv:character ?c . ?c a tv:Character ; skos:prefLabel ?character ;
                      tv:appearsIn <{e("show/lantern-street").value}> .
               OPTIONAL {{ ?c skos:altLabel ?alt }} }}
    OPTIONAL {{ ?role rdfs:comment ?note }}
    OPTIONAL {{ ?role tv:billing ?b . BIND(STRAFTER(STR(?b), "#") AS ?billing) }} }}"""


def test_character_annotations_are_parsed_never_kept_in_names(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    assert rows(store, CAST) == [
        ("Choi Min", "1", None, None, None, None, "SupportingCast"),           # empty cell: a part, no character
        ("Han Ji Woo", "1", "A Ra", "A Ra", None, None, "GuestCast"),           # "A Ra (Ep. 3, 5) | Ye Rim (...)"
        ("Han Ji Woo", "1", "Ye Rim", "Ye Rim", None, None, "GuestCast"),
        ("Jang Se Ri", "1", "Jang Do Yoon", "Jang Do Yoon", None, None, "GuestCast"),      # (Ep. 1)
        ("Kim Tae Oh", "1", "Toto", "Toto", "Seung Yoon", None, "SupportingCast"),         # Toto / Seung Yoon
        ("Lee Do Won", "1", "Cho Sang Woo", "Cho Sang Woo", "No. 218", None, "MainCast"),  # / "No. 218"
        ("Ma Eun", "2", "Eun Bi", "Eun Bi", None, None, None),                             # billing Unknown
        ("Oh Jin", "1", "Doctor", None, None, None, "BitPart"),                # [Doctor]: no named character
        ("Park Ha Neul", "1", "Moo Young", "Moo Young", None, "Royal guard", "MainCast"),  # [Royal guard]
        ("Park Ha Neul", "2", "Moo Young", "Moo Young", None, "Captain of the guard", "MainCast"),
        ("Seo Yul", "1", "Herself", None, None, None, "GuestCast"),            # herself: not fictional
        ("Yoon Bora", "1", "Yoon Bora", "Yoon Bora", None, None, "SupportingCast")]        # named like the actor
    # one character across seasons; a character named like its actor is still no person
    assert e("character/lantern-street-moo-young") in values(store, e("role/lantern-street-s2-park-ha-neul"),
                                                            tv("character"))
    assert tv("Character") in values(store, e("character/lantern-street-yoon-bora"), RDF_TYPE)
    assert tv("Person") not in values(store, e("character/lantern-street-yoon-bora"), RDF_TYPE)
    assert tv("Person") in values(store, e("person/yoon-bora"), RDF_TYPE)
    assert tv("Character") not in values(store, e("person/yoon-bora"), RDF_TYPE)
    assert values(store, e("character/paper-crane-diaries-kim-swan"), ALT) == {en("Khaya")}  # '"Khaya" Kim Swan'
    assert values(store, e("character/paper-crane-diaries-liu-jin"), ALT) == {en("Liu Bei")}  # Liu Jin → Liu Bei


def test_no_name_keeps_an_annotation(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    names = rows(store, """SELECT ?name WHERE { { ?c a tv:Character ; skos:prefLabel|skos:altLabel ?name }
                                                UNION { ?role tv:characterName ?name } }""")
    assert names and not [n for (n,) in names if any(mark in (n or "") for mark in ("(Ep", "[", "]", "{", '"', "|"))]


def test_billing_and_episodes(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    episodes = {role: sorted(int(n.value) for n in values(store, e(f"role/{role}"), tv("inEpisodeNumber")))
                for role in ("lantern-street-s1-han-ji-woo", "lantern-street-s1-han-ji-woo-2",
                             "lantern-street-s1-jang-se-ri", "lantern-street-s1-seo-yul", "lantern-street-s2-ma-eun",
                             "lantern-street-s1-park-ha-neul")}
    assert episodes == {"lantern-street-s1-han-ji-woo": [3, 5], "lantern-street-s1-han-ji-woo-2": [6, 7, 8],
                        "lantern-street-s1-jang-se-ri": [1], "lantern-street-s1-seo-yul": [2],
                        "lantern-street-s2-ma-eun": [1, 2], "lantern-street-s1-park-ha-neul": []}
    assert values(store, e("role/lantern-street-s1-han-ji-woo"), tv("inEpisodeNumber")) == {
        typed("3", "integer"), typed("5", "integer")}
    assert values(store, e("role/lantern-street-s2-ma-eun"), tv("billing")) == set()
    assert texts(store, e("person/park-ha-neul"), IDENTIFIER) == {"mydramalist:00000000-0000-4000-8000-000000000001"}
    assert values(store, e("person/moon-ha-eun"), tv("director")) == set()
    assert texts(store, e("person/moon-ha-eun"), IDENTIFIER) == {  # a director who also acts: one person
        "mydramalist:00000000-0000-4000-8000-000000000012"}


# -- source works ----------------------------------------------------------------------------------

def test_webtoon_and_novels_with_original_titles_authors_and_based_on(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    webtoon = e("work/lantern-street")
    assert tv("Webtoon") in values(store, webtoon, RDF_TYPE)
    assert values(store, webtoon, PREF) == {en("Lantern Street"), ox.Literal("등불 거리", language="ko")}
    assert values(store, e("show/lantern-street"), tv("basedOn")) == {webtoon}  # both seasons' sentences, one work
    assert values(store, webtoon, tv("author")) == {e("person/han-bit-na")}
    assert values(store, e("person/han-bit-na"), PREF) == {en("Han Bit Na"), ox.Literal("한빛나", language="ko")}
    novel = e("work/paper-crane")
    assert tv("WebNovel") in values(store, novel, RDF_TYPE)
    assert values(store, e("show/paper-crane-diaries"), tv("basedOn")) == {novel}
    assert values(store, novel, tv("author")) == {e("person/yoon-seo-ri"), e("person/kang-min")}
    assert values(store, e("person/kang-min"), PREF) == {en("Kang Min"), ox.Literal("강민", language="ko")}
    japanese = e("work/kaze-no-michi")
    assert tv("Novel") in values(store, japanese, RDF_TYPE)
    assert values(store, japanese, PREF) == {en("Kaze no Michi"), ox.Literal("風の道", language="ja")}
    assert values(store, e("person/sato-aoi"), PREF) == {en("Sato Aoi"), ox.Literal("佐藤葵", language="ja")}
    assert values(store, e("show/midnight-ferry"), tv("writer")) == {e("person/sato-aoi")}  # the author, once
    remade = e("work/rain-town")
    assert tv("SourceWork") in values(store, remade, RDF_TYPE)
    assert values(store, remade, tv("releaseDate")) == {typed("2011", "gYear")}
    # the original title's language is not given ("Spanish TV series" says where, not in what): @und
    assert values(store, remade, ALT) == {ox.Literal("Pueblo de Lluvia", language="und")}
    assert values(store, e("show/glass-tower"), tv("basedOn")) == {remade}


def test_the_synopsis_loses_its_source_sentence_and_credit_and_keeps_other_notes(imported: tuple[Store, ImportReport]
                                                                                 ) -> None:
    store, report = imported
    kept = "A night-market cook and a lamplighter keep a street of lanterns burning."
    assert values(store, e("season/lantern-street-s1"), COMMENT) == {en(kept)}
    assert values(store, e("show/lantern-street"), COMMENT) == {en(kept)}  # season 1's synopsis
    assert texts(store, e("season/midnight-ferry-s2"), COMMENT) == {
        "The last ferry leaves at midnight.\n\nTwo versions available: 6 episodes (TV) || 12 episodes (online)"}
    assert texts(store, e("season/rooftop-radio-s1-5"), COMMENT) == {  # no title: no work, the sentence stays
        "A short special between two seasons.\n\nAdapted from a webtoon by Someone Unnamed."}
    assert values(store, e("show/rooftop-radio"), tv("basedOn")) == set()
    assert report.examples["source sentence names no title (kept in the synopsis)"] == ["line 8 of kdrama_dramas.csv"]


# -- the parsers, one value at a time ------------------------------------------------------------

@pytest.mark.parametrize(("title", "expected"), [
    ("Kingdom Season 2", ("Kingdom", "2")), ("D.P. Season 2", ("D.P.", "2")),
    ("Sweet Home Season 2", ("Sweet Home", "2")), ("Kingdom", ("Kingdom", "1")),
    ("Voice Season 4: Judgment Hour", ("Voice", "4")), ("The Glory Part 2", ("The Glory", "2")),
    ("Decoy: Part 1", ("Decoy", "1")),
    ("Money Heist: Korea - Joint Economic Area - Part 2", ("Money Heist: Korea - Joint Economic Area", "2")),
    ("Kokdu: Season of Deity", ("Kokdu: Season of Deity", "1")), ("Reply 1988", ("Reply 1988", "1")),
    ("Travel Through Romance Season 1.5", ("Travel Through Romance", "1.5")),
    ("Love  (ft. Marriage and Divorce)   Season 3", ("Love (ft. Marriage and Divorce)", "3")),
])
def test_season_markers(title: str, expected: tuple[str, str]) -> None:
    assert mydramalist.season_of(title) == expected


def test_a_subtitle_names_season_1_only_when_a_later_season_has_it() -> None:
    subtitled = frozenset({mydramalist.subtitle_of("The Penthouse Season 2: War in Life")} - {None})
    assert subtitled == {"The Penthouse: War in Life"}
    assert mydramalist.season_of("The Penthouse: War in Life", subtitled) == ("The Penthouse", "1")
    assert mydramalist.season_of("Search: WWW", subtitled) == ("Search: WWW", "1")


@pytest.mark.parametrize(("cell", "parts"), [
    ("Moo Young [Royal guard]", [("Moo Young", [], ["Royal guard"], [])]),
    ('Cho Sang Woo / "No. 218"', [("Cho Sang Woo", ["No. 218"], [], [])]),
    ("Jang Do Yoon (Ep. 1)", [("Jang Do Yoon", [], [], [1])]),
    ("Toto / Seung Yoon", [("Toto", ["Seung Yoon"], [], [])]),
    ("Han Mi (Ep.1-2, 5)", [("Han Mi", [], [], [1, 2, 5])]),
    ("Kim Ra (Eps. 3-4) | [Student] (Ep. 9)", [("Kim Ra", [], [], [3, 4]), ("", [], ["Student"], [9])]),
    ("{Segment One} Bo Ra [Neighbour}", [("Bo Ra", [], ["Segment One", "Neighbour"], [])]),
    ("Chae Mi [Ha Na's older sister", [("Chae Mi", [], ["Ha Na's older sister"], [])]),
    ('Angma "Devil"', [("Angma", ["Devil"], [], [])]),
    ("“Tokyo”", [("Tokyo", [], [], [])]),
    ("[Dal's father] / Mogabi", [("Mogabi", [], ["Dal's father"], [])]),
    ("Yoon Ha (Voice of Bok Gil)", [("Yoon Ha", [], ["Voice of Bok Gil"], [])]),
    ("Lee Young Ho\t", [("Lee Young Ho", [], [], [])]),
    ("(Ep. 4)", [("", [], [], [4])]),
    ("", []),
])
def test_character_cells(cell: str, parts: list[tuple[str, list[str], list[str], list[int]]]) -> None:
    assert [(p.name, p.alternatives, p.notes, p.episodes) for p in mydramalist.character_parts(cell)] == parts


def test_self_parts_and_episode_ranges() -> None:
    [herself] = mydramalist.character_parts("[Herself] (Ep. 1-4)")
    assert herself.is_self and herself.credited == "Herself" and herself.episodes == [1, 2, 3, 4]
    [doctor] = mydramalist.character_parts("[Doctor]")
    assert not doctor.is_self and doctor.credited == "Doctor"
    assert mydramalist.episode_numbers("3, 5") == [3, 5]
    assert mydramalist.episode_numbers("9-4") is None and mydramalist.episode_numbers("1-99999") is None
    [backwards] = mydramalist.character_parts("Ha Ru (Ep. 9-4)")
    assert backwards.bad_episodes and backwards.episodes == []


SENTENCES = [
    ('Adapted from the webtoon "All of Us Are Dead" (지금 우리 학교는) by Joo Dong Geun (주동근).',
     ("Webtoon", "All of Us Are Dead", "지금 우리 학교는", "", [("Joo Dong Geun", "주동근")], True)),
    ("Adapted from the webtoon “Blue Kite” (파란 연) written by Ahn Ji (안지) and illustrated by Bo Ram (보람). ",
     ("Webtoon", "Blue Kite", "파란 연", "", [("Ahn Ji", "안지"), ("Bo Ram", "보람")], True)),
    ('Adapted from the webcomic "Tide" (조수) by Ra On (라온) and Ha Jin (하진).(Source: Somewhere)',
     ("Webtoon", "Tide", "조수", "", [("Ra On", "라온"), ("Ha Jin", "하진")], True)),
    ('Adapted from the web novel "Ink" (먹) by writer Seo (서) and illustrator Gu Ram (구람).',
     ("WebNovel", "Ink", "먹", "", [("Seo", "서"), ("Gu Ram", "구람")], True)),
    ("Adapted from the manga “Hoshi no Umi” (星の海) by Ito Ren (伊藤蓮).",
     ("Comic", "Hoshi no Umi", "星の海", "", [("Ito Ren", "伊藤蓮")], True)),
    ('Adapted from the novel "Red Thread" (紅線) by Lin Yue (林月).',
     ("Novel", "Red Thread", "紅線", "", [("Lin Yue", "林月")], True)),
    ('Remake of the American film "Second Chance" [2009].', ("Film", "Second Chance", "", "2009", [], True)),
    ('Adapted from the webtoon of the same name by Jo Ah (조아).',
     ("Webtoon", "Show Title", "", "", [("Jo Ah", "조아")], True)),
    ('Adapted from the webtoon "Jeonja / 전자" by Kwak.', ("Webtoon", "Jeonja", "전자", "", [("Kwak", "")], True)),
    ('Adapted from the animated film "Pigs" (돼지) by Yeon (연), based on a true story.',
     ("Film", "Pigs", "돼지", "", [("Yeon", "연")], False)),
    ("Adapted from the autobiography of the same title, co-written by Korea's first profiler, Kim Ha.",
     ("SourceWork", "Show Title", "", "", [], False)),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_source_sentences(sentence: str, expected: tuple[object, ...]) -> None:
    work = mydramalist.source_work(sentence, "Show Title")
    assert isinstance(work, mydramalist.Work)
    assert (work.cls, work.title, work.original, work.year, [(a.name, a.original) for a in work.authors],
            work.whole) == expected


def test_sentences_that_name_no_work() -> None:
    assert mydramalist.source_work("Adapted from a webtoon by Someone.", "X") == \
        "source sentence names no title (kept in the synopsis)"
    for note in ("Release dates: Oct 6, 2022 (Festival)", "Based on real events of 1980.", "Co-production with X."):
        assert mydramalist.source_work(note, "X") is None
    kept, works = mydramalist.synopsis('Story.(Source: Wiki)~~ Adapted from the novel "N" by A.~~ Two versions.', "X")
    assert kept == "Story.\n\nTwo versions." and [w.title for w in works if isinstance(w, mydramalist.Work)] == ["N"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-07-05", ("2023-07-05", "date")), ("Aug  2, 2023", ("2023-08-02", "date")),
    ("Dec 31, 2019", ("2019-12-31", "date")), ("May, 2021", ("2021-05", "gYearMonth")), ("2017", ("2017", "gYear")),
    ("Feb 30, 2021", None), ("2021-13-01", None), ("soon", None), ("", None),
])
def test_calendar_dates(text: str, expected: tuple[str, str] | None) -> None:
    literal = mydramalist.calendar_date(text)
    assert (None if literal is None else (literal.value, literal.datatype.value.rsplit("#", 1)[1])) == expected


def test_ranges_networks_runtimes_and_name_lists() -> None:
    start, end, problems = mydramalist.air_dates("Aug 30, 2017 - 2017", "Aug 30, 2017 - 2017")
    assert (start.value, end.value, problems) == ("2017-08-30", "2017", [])  # type: ignore[union-attr]
    assert mydramalist.networks("Amazon Prime iQiyi Naver TV Cast Viki vLive") == [
        "Amazon Prime", "iQiyi", "Naver TV Cast", "Viki", "vLive"]
    assert mydramalist.networks("Naver TV Cast,  vLive,") == ["Naver TV Cast", "vLive"]
    assert [mydramalist.runtime(s).value for s in ("4200", "3600", "90", "0")] == [  # type: ignore[union-attr]
        "PT1H10M", "PT1H", "PT1M30S", "PT0S"]
    assert mydramalist.runtime("") is None and mydramalist.runtime("an hour") is None
    assert mydramalist.name_list("['Kim A', 'Lee  B', 'Kim A']") == ["Kim A", "Lee B"]
    assert mydramalist.name_list("") == []
    for bad in ("Lee Jae Gyoo", "[1, 2]", "__import__('os')", "['unclosed"):
        assert mydramalist.name_list(bad) is None
    assert mydramalist.title_key("Tale of the Nine-Tailed") == mydramalist.title_key("tale of the nine  tailed")


# -- bad input --------------------------------------------------------------------------------------

@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The fixtures in a directory the test may break."""
    return Path(shutil.copytree(FIXTURES, tmp_path / "mydramalist"))


def test_missing_files_and_paths_are_refused_clearly(tmp_path: Path, copied: Path) -> None:
    store = Store.open(tmp_path / "store")
    (copied / "kdrama_cast.csv").unlink()
    (copied / "notes.txt").write_text("downloaded today\n")
    with pytest.raises(InputError, match=r"/mydramalist: missing kdrama_cast\.csv \(or the same as \.csv\.gz\); "
                                         r"the directory holds kdrama_dramas\.csv, kdrama_list\.csv, notes\.txt$"):
        import_file(store, "mydramalist", copied)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"missing kdrama_dramas\.csv, kdrama_cast\.csv, kdrama_list\.csv .*"
                                         "the directory holds nothing"):
        import_file(store, "mydramalist", empty)
    with pytest.raises(InputError, match=r"kdrama_dramas\.csv: mydramalist imports a directory holding"):
        import_file(store, "mydramalist", copied / "kdrama_dramas.csv")
    with pytest.raises(InputError, match="nowhere: no such directory"):
        import_file(store, "mydramalist", tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"the mydramalist importer has no option .*it takes none"):
        import_file(store, "mydramalist", FIXTURES, options={"types": "any"})
    assert len(store) == 0 and store.named_graphs() == []


@pytest.mark.parametrize(("table", "content", "expected"), [
    ("kdrama_dramas.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00garbage",
     r"kdrama_dramas\.csv:1: not UTF-8"),
    ("kdrama_cast.csv", b"name,age\nsomeone,12\n",
     r"kdrama_cast\.csv: the header has no column actor_id, actor_name, drama_name, character_name, role; "
     r"its columns are name, age"),
    ("kdrama_list.csv", b"", r"kdrama_list\.csv: file is empty"),
    ("kdrama_cast.csv", "actor_id,actor_name,drama_name,character_name,role\n1,Jos\xe9,X,Y,Main Role\n"
     .encode("latin-1"), r"kdrama_cast\.csv:2: not UTF-8"),
])
def test_garbage_tables_are_input_errors_and_nothing_is_written(tmp_path: Path, copied: Path, table: str,
                                                                content: bytes, expected: str) -> None:
    (copied / table).write_bytes(content)
    store = Store.open(tmp_path / "store")
    with pytest.raises(InputError, match=expected):
        import_file(store, "mydramalist", copied)
    assert len(store) == 0 and store.named_graphs() == []


def test_the_cli_refuses_bad_input_without_a_traceback(tmp_path: Path, copied: Path) -> None:
    target = str(tmp_path / "s")
    (copied / "kdrama_list.csv").unlink()
    assert_clean_failure(run_cli("import", "mydramalist", str(copied), "--store", target),
                         "missing kdrama_list.csv")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_clean_failure(run_cli("import", "mydramalist", str(empty), "--store", target), "the directory holds nothing")
    shutil.copy(FIXTURES / "kdrama_list.csv", copied)
    (copied / "kdrama_dramas.csv").write_bytes(b"\xff\xfe\x00\x01 not a table")
    assert_clean_failure(run_cli("import", "mydramalist", str(copied), "--store", target), "kdrama_dramas.csv",
                         "not UTF-8")
    with Store.open(target, read_only=True) as store:
        assert len(store) == 0 and store.named_graphs() == []


def test_tables_without_a_usable_row_are_refused(tmp_path: Path, copied: Path) -> None:
    for table in FIXTURES.glob("*.csv"):
        (copied / table.name).write_text(table.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no mydramalist records could be imported"):
        import_file(Store.memory(), "mydramalist", copied)


def test_the_tables_are_streamed_not_loaded(tmp_path: Path) -> None:
    """200,000 cast rows (15 MB of text) pass through in far less memory than the file would take."""
    folder = tmp_path / "big"
    folder.mkdir()
    for table in ("kdrama_dramas.csv", "kdrama_list.csv"):
        shutil.copy(FIXTURES / table, folder)
    with (folder / "kdrama_cast.csv").open("w", encoding="utf-8") as out:
        out.write("actor_id,actor_name,drama_name,character_name,role\n")
        out.writelines(f"00000000-0000-4000-8000-{i:012d},Actor Number {i},Drama {i},Part {i} [Note {i}] (Ep. 1-2),"
                       "Guest Role\n" for i in range(200_000))
    size = (folder / "kdrama_cast.csv").stat().st_size
    tracemalloc.start()
    try:
        items = mydramalist.read_path(folder, Context("mydramalist"), None)
        skipped = sum(isinstance(item, Skip) and item.reason == "drama not in kdrama_dramas.csv" for item in items)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert skipped == 200_000
    assert peak < size / 4, f"peak {peak:,} bytes for a {size:,}-byte file"


# -- the real corpus --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> tuple[Store, ImportReport]:
    """The K-drama corpus from the shared folder, imported once."""
    shared = shared_dir()
    folder = shared / "data" if shared else None
    if folder is None or not (folder / "kdrama_dramas.csv").is_file():
        pytest.skip(NOT_REDISTRIBUTED)
    store = Store.memory()
    return store, import_file(store, "mydramalist", folder, today=DAY)


def test_corpus_counts_and_skips(corpus: tuple[Store, ImportReport]) -> None:
    _, report = corpus
    assert dict(report.entities) == {"Show": 1640, "Season": 1752, "Person": 4218, "Character": 8078,
                                     "CastRole": 8745, "Network": 45, "Organization": 18, "Place": 1,
                                     "Webtoon": 92, "Novel": 39, "WebNovel": 15, "Comic": 12, "Film": 3,
                                     "SourceWork": 25}
    assert dict(report.skipped) == {
        "no drama of this title (and year) in kdrama_dramas.csv": 651,  # the list reaches back to the 1970s
        "source sentence names no title (kept in the synopsis)": 8,
        "billing 'Unknown' is not main, support or guest (imported without)": 7,
        "title and year listed twice (the first is used)": 2,
        "season number is not a whole number (the season is not numbered)": 1}  # Season 1.5


def test_corpus_all_of_us_are_dead_and_its_webtoon(corpus: tuple[Store, ImportReport]) -> None:
    store, _ = corpus
    show, webtoon, author = e("show/all-of-us-are-dead"), e("work/all-of-us-are-dead"), e("person/joo-dong-geun")
    assert values(store, show, tv("basedOn")) == {webtoon}
    assert tv("Webtoon") in values(store, webtoon, RDF_TYPE)
    assert ox.Literal("지금 우리 학교는", language="ko") in values(store, webtoon, PREF)
    assert values(store, webtoon, tv("author")) == {author}
    assert values(store, author, PREF) == {en("Joo Dong Geun"), ox.Literal("주동근", language="ko")}
    assert values(store, e("season/all-of-us-are-dead-s1"), tv("seasonOf")) == {show}


@pytest.mark.parametrize(("show", "title"), [("kingdom", "Kingdom Season 2"), ("d-p", "D.P. Season 2"),
                                             ("taxi-driver", "Taxi Driver Season 2")])
def test_corpus_second_seasons_are_seasons_of_their_shows(corpus: tuple[Store, ImportReport], show: str,
                                                          title: str) -> None:
    store, _ = corpus
    season = e(f"season/{show}-s2")
    assert values(store, season, tv("seasonOf")) == {e(f"show/{show}")}
    assert values(store, season, tv("seasonNumber")) == {typed("2", "integer")}
    assert en(title) in values(store, season, ALT)
    assert values(store, e(f"season/{show}-s1"), tv("seasonOf")) == {e(f"show/{show}")}
    assert not rows(store, f'SELECT ?s WHERE {{ ?s a tv:Show ; skos:prefLabel "{title}"@en }}')


def test_corpus_character_names_carry_no_annotation(corpus: tuple[Store, ImportReport]) -> None:
    store, _ = corpus
    assert rows(store, """SELECT ?c ?name WHERE { ?c a tv:Character ; skos:prefLabel|skos:altLabel ?name
        FILTER(CONTAINS(?name, "(Ep.") || CONTAINS(?name, "[") || CONTAINS(?name, "]")) }""") == []
    assert rows(store, """SELECT ?r WHERE { ?r tv:characterName ?name FILTER(CONTAINS(?name, "(Ep.")) }""") == []
    assert rows(store, "SELECT ?p WHERE { ?p a tv:Person , tv:Character }") == []


def test_corpus_import_passes_the_shapes(corpus: tuple[Store, ImportReport]) -> None:
    assert check(corpus[0].ox) == []
