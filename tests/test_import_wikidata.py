"""The Wikidata importer (graph/importers/wikidata.py): entity JSON in its three forms (a
Special:EntityData document, the JSON dump, one entity per line) and SPARQL JSON results, mapped
to tvkg, conforming to the shapes, idempotent, and refusing broken JSON with the line it is on.

The fixtures in tests/fixtures/wikidata were written for these tests in Wikidata's formats. Q97436187
(All of Us Are Dead), the classes, Q884 (South Korea), Q907311 (Netflix) and Q8684 (Seoul) are real
Wikidata ids; the ids of the people, characters, seasons, episode and webtoon (Q9900001xx-Q9900005xx),
and the IMDb ids of the people, are invented.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import assert_clean_failure, run_cli
from tvkg.errors import InputError
from tvkg.importers import wikidata
from tvkg.importers.common import Context, Skip
from tvkg.importers.run import ImportReport, import_file
from tvkg.load.validate import check
from tvkg.ontology.namespaces import ENTITY, GRAPH, TV
from tvkg.store.generations import Store

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
DOCUMENT = FIXTURES / "Q97436187.json"
DUMP = FIXTURES / "dump.json"
LINES = FIXTURES / "entities.jsonl"
RESULTS = FIXTURES / "query-results.json"
TODAY = dt.date(2026, 11, 25)
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
SHOW = ox.NamedNode(f"{ENTITY}show/wikidata-q97436187")


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


def e(path: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ENTITY}{path}")


def lit(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))
    return ox.Literal(value, language=language) if language else ox.Literal(value)


def stand_in(qid: str) -> ox.Literal:
    """The QID standing in for a label the file does not give: no name in any language (@zxx)."""
    return ox.Literal(qid, language="zxx")


def imported(path: Path, **options: str) -> tuple[Store, ImportReport]:
    store = Store.memory()
    return store, import_file(store, "wikidata", path, options=options, today=TODAY)


def stated(store: Store, report: ImportReport, *triples: tuple[ox.Term, ox.Term, ox.Term]) -> None:
    """Each triple is in the import's named graph and in the merge (the default graph)."""
    for triple in triples:
        for graph in (ox.NamedNode(report.graph), ox.DefaultGraph()):
            assert ox.Quad(*triple, graph) in store.ox, triple


def objects(store: Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> set[ox.Term]:
    return {q.object for q in store.ox.quads_for_pattern(subject, predicate, None, ox.DefaultGraph())}


def test_an_entity_data_document_becomes_a_show_with_its_cast_source_and_identifiers() -> None:
    store, report = imported(DOCUMENT)
    assert report.graph == f"{GRAPH}import/wikidata-wikidata-q97436187-json-2026-11-25"
    assert report.entities == {"Show": 1, "CastRole": 2, "Person": 2, "Character": 2}
    assert not report.skipped
    stated(store, report,
           (SHOW, RDF_TYPE, tv("Show")),
           (SHOW, IDENTIFIER, lit("wikidata:Q97436187")),
           (SHOW, IDENTIFIER, lit("imdb:tt14169960")),
           (SHOW, ALT_LABEL, lit("Now at Our School", language="en")),
           (SHOW, COMMENT, lit("2022 South Korean zombie apocalypse television series", language="en")),
           (SHOW, tv("basedOn"), e("work/wikidata-q990000301")),
           (SHOW, tv("director"), e("person/wikidata-q990000105")),
           (SHOW, tv("writer"), e("person/wikidata-q990000106")),
           (SHOW, tv("originalNetwork"), e("org/wikidata-q907311")),
           (SHOW, tv("countryOfOrigin"), e("place/wikidata-q884")),
           (SHOW, tv("numberOfSeasons"), lit("1", "integer")),
           (SHOW, tv("numberOfEpisodes"), lit("12", "integer")))
    assert objects(store, SHOW, LABEL) == {lit("All of Us Are Dead", language="en"),
                                           lit("지금 우리 학교는", language="ko"),
                                           lit("今、私たちの学校は…", language="ja")}
    # the deprecated 2021 publication date is ignored
    assert objects(store, SHOW, tv("releaseDate")) == {lit("2022-01-28", "date")}
    cast = store.ox.query(f"""SELECT ?actor ?character WHERE {{
        <{SHOW.value}> <{TV}hasCastRole> ?role . ?role <{TV}actor> ?actor ; <{TV}character> ?character }}""")
    assert {(row["actor"].value, row["character"].value) for row in cast} == {
        (f"{ENTITY}person/wikidata-q990000101", f"{ENTITY}character/wikidata-q990000201"),
        (f"{ENTITY}person/wikidata-q990000102", f"{ENTITY}character/wikidata-q990000202"),
    }  # not the deprecated cast statement, nor the "unknown value" one
    assert not list(store.ox.quads_for_pattern(e("person/wikidata-q990000199"), None, None))
    # the actors are described elsewhere: typed for the cast-role shape, with the QID as stand-in label
    actor = e("person/wikidata-q990000101")
    assert tv("Person") in objects(store, actor, RDF_TYPE)
    assert objects(store, actor, LABEL) == {stand_in("Q990000101")}
    # references the shapes do not need typed keep only their identifier
    director = e("person/wikidata-q990000105")
    assert objects(store, director, RDF_TYPE) == set()
    assert objects(store, director, IDENTIFIER) == {lit("wikidata:Q990000105")}
    assert not check(store.ox), "the imported data breaks the SHACL shapes"


def test_a_compact_one_line_entity_document_reads_the_same(tmp_path: Path) -> None:
    """Special:EntityData serves the document on one line; the pretty-printed fixture is the same data."""
    compact = tmp_path / "Q97436187.json"
    compact.write_text(json.dumps(json.loads(DOCUMENT.read_text()), ensure_ascii=False, separators=(",", ":")))
    expected, _ = imported(DOCUMENT)
    store, _ = imported(compact)
    assert objects(store, SHOW, LABEL) == objects(expected, SHOW, LABEL)
    assert len(store) == len(expected)


def test_a_dump_gives_seasons_episodes_people_and_the_webtoon_and_skips_the_city() -> None:
    store, report = imported(DUMP)
    assert report.entities == {"Person": 2, "Season": 2, "Episode": 1, "Webtoon": 1, "Character": 1, "Show": 1}
    assert report.skipped == {"not a TV entity (instance of Q5119)": 1}
    assert report.examples["not a TV entity (instance of Q5119)"] == ["record Q8684"]
    assert not list(store.ox.quads_for_pattern(None, IDENTIFIER, lit("wikidata:Q8684")))
    season1, season2 = e("season/wikidata-q990000401"), e("season/wikidata-q990000402")
    episode = e("episode/wikidata-q990000501")
    park, webtoon = e("person/wikidata-q990000101"), e("work/wikidata-q990000301")
    stated(store, report,
           (season1, tv("seasonOf"), SHOW), (season1, tv("seasonNumber"), lit("1", "integer")),
           (season2, tv("seasonOf"), SHOW), (season2, tv("seasonNumber"), lit("2", "integer")),
           (season1, tv("releaseDate"), lit("2022-01-28", "date")),
           (season1, tv("numberOfEpisodes"), lit("12", "integer")),
           (season1, LABEL, lit("지금 우리 학교는 시즌 1", language="ko")),
           (episode, RDF_TYPE, tv("Episode")), (episode, tv("episodeOf"), season1),
           (episode, tv("episodeNumber"), lit("1", "integer")),
           (park, RDF_TYPE, tv("Person")), (park, LABEL, lit("Park Ji-hu", language="en")),
           (park, LABEL, lit("박지후", language="ko")), (park, IDENTIFIER, lit("imdb:nm9900101")),
           (park, IDENTIFIER, lit("wikidata:Q990000101")),
           (webtoon, RDF_TYPE, tv("Webtoon")), (webtoon, tv("author"), e("person/wikidata-q990000107")),
           (webtoon, tv("releaseDate"), lit("2009", "gYear")),
           (webtoon, ALT_LABEL, lit("Jigeum Uri Hakgyoneun", language="en")),
           (e("character/wikidata-q990000201"), tv("appearsIn"), SHOW))
    # the show is not in the dump: typed for the seasons' shape, the QID standing in for its name
    assert tv("Show") in objects(store, SHOW, RDF_TYPE)
    assert objects(store, SHOW, LABEL) == {stand_in("Q97436187")}
    assert not check(store.ox), "the imported data breaks the SHACL shapes"


def test_a_gzipped_dump_streams_to_the_same_triples(tmp_path: Path) -> None:
    packed = tmp_path / "latest-all.json.gz"
    packed.write_bytes(gzip.compress(DUMP.read_bytes()))
    plain, _ = imported(DUMP)
    store, report = imported(packed)
    assert _entity_triples(store) == _entity_triples(plain)
    assert report.skipped == {"not a TV entity (instance of Q5119)": 1}


def test_a_dump_is_read_one_line_at_a_time() -> None:
    """The first entity's triples come before the rest of the dump is read: a 100 GB dump streams."""
    entity, city = DUMP.read_text().splitlines()[1], DUMP.read_text().splitlines()[-2] + ","
    stream = io.BytesIO("\n".join(["[", entity, *[city] * 5000, city.rstrip(","), "]"]).encode())
    items = wikidata.read(stream, Context("wikidata"))
    first = next(items)
    assert isinstance(first, ox.Triple) and first.subject == e("person/wikidata-q990000101")
    assert stream.tell() < len(stream.getvalue()) / 100
    assert sum(isinstance(item, Skip) for item in items) == 5001


def test_line_delimited_entities_and_the_records_left_out() -> None:
    store, report = imported(LINES)
    assert report.entities == {"Person": 2, "Character": 1}
    assert report.skipped == {"record without an id": 1,
                              "a season without its series (no P179 part of the series)": 1,
                              "not an item (properties and lexemes are not TV entities)": 1}
    assert report.examples["record without an id"] == ["line 3"]
    assert report.examples["a season without its series (no P179 part of the series)"] == ["record Q990000499"]
    lomon = e("person/wikidata-q990000104")
    stated(store, report, (lomon, LABEL, lit("로몬", language="ko")),
           (lomon, ALT_LABEL, lit("Park Sol-lomon", language="en")),
           (e("character/wikidata-q990000202"), RDF_TYPE, tv("Character")),
           (e("character/wikidata-q990000202"), tv("appearsIn"), SHOW))
    assert not check(store.ox)


def test_sparql_results_map_variables_by_name() -> None:
    store, report = imported(RESULTS)
    assert report.entities == {"Show": 1, "Season": 1, "Person": 5, "Character": 4, "SourceWork": 1, "CastRole": 4}
    [(reason, n)] = report.skipped.items()
    assert n == 1 and reason.startswith("binds none of the supported variables (show, season, episode, actor")
    assert report.examples[reason] == ["result 5"]
    season = e("season/wikidata-q990000401")
    stated(store, report,
           (SHOW, LABEL, lit("All of Us Are Dead", language="en")),
           (SHOW, tv("releaseDate"), lit("2022-01-28", "date")),
           (SHOW, tv("basedOn"), e("work/wikidata-q990000301")),
           (e("work/wikidata-q990000301"), LABEL, lit("Now at Our School", language="en")),
           (SHOW, tv("director"), e("person/wikidata-q990000105")),
           (e("person/wikidata-q990000105"), RDF_TYPE, tv("Person")),
           (season, tv("seasonOf"), SHOW), (season, tv("seasonNumber"), lit("1", "integer")))
    cast = store.ox.query(f"""SELECT ?actor ?character WHERE {{
        <{SHOW.value}> <{TV}hasCastRole> ?role . ?role <{TV}actor>/<{LABEL.value}> ?actor ;
                                                   <{TV}character>/<{LABEL.value}> ?character }}""")
    assert {(row["actor"].value, row["character"].value) for row in cast} == {
        ("Park Ji-hu", "Nam On-jo"), ("Yoon Chan-young", "Lee Cheong-san"), ("Cho Yi-hyun", "Choi Nam-ra"),
        ("Q990000104", "Lee Su-hyeok")}  # the label service answers the QID for an item without a label
    # the same role IRI as the entity JSON mints, so the two forms of Wikidata agree
    assert ox.Quad(SHOW, tv("hasCastRole"), e("role/wikidata-q97436187-q990000101"), ox.DefaultGraph()) in store.ox
    assert not check(store.ox)


def test_importing_again_changes_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    for path in (DOCUMENT, RESULTS, DUMP):
        import_file(store, "wikidata", path, today=TODAY)
        before = set(store.ox)
        report = import_file(store, "wikidata", path, today=TODAY)
        assert set(store.ox) == before, path.name
        assert report.replaced == [report.graph]


def test_an_actor_with_two_characters_gets_a_role_for_each(tmp_path: Path) -> None:
    show = {"id": "Q990000900", "labels": {"en": {"language": "en", "value": "Twin Test Show"}}, "claims": {
        "P31": [_statement("P31", "Q5398426")],
        "P161": [_statement("P161", "Q990000901", P453=["Q990000911", "Q990000912"]),
                 _statement("P161", "Q990000902", P453=["Q990000913"], P4908=["Q990000920"])]}}
    path = tmp_path / "twins.jsonl"
    path.write_text(json.dumps(show) + "\n")
    store, _ = imported(path)
    roles = objects(store, e("show/wikidata-q990000900"), tv("hasCastRole"))
    assert roles == {e("role/wikidata-q990000900-q990000901-q990000911"),
                     e("role/wikidata-q990000900-q990000901-q990000912"), e("role/wikidata-q990000900-q990000902")}
    # the season qualifier (P4908) of a cast statement: a season of this show, typed for the shape
    season = e("season/wikidata-q990000920")
    assert objects(store, e("role/wikidata-q990000900-q990000902"), tv("inSeason")) == {season}
    assert objects(store, season, tv("seasonOf")) == {e("show/wikidata-q990000900")}
    assert not check(store.ox)


def test_a_cast_statements_series_ordinal_is_its_billing_order(tmp_path: Path) -> None:
    """P1545 (series ordinal) qualifying a P161 statement is the actor's place in the cast list."""
    def billed(qid: str, place: str) -> dict[str, object]:
        made = _statement("P161", qid)
        made["qualifiers"] = {"P1545": [{"snaktype": "value", "property": "P1545", "datatype": "string",
                                         "datavalue": {"type": "string", "value": place}}]}
        return made
    show = {"id": "Q990000970", "labels": {"en": {"language": "en", "value": "Billed Show"}}, "claims": {
        "P31": [_statement("P31", "Q5398426")], "P161": [billed("Q990000972", "2"), billed("Q990000971", "1")]}}
    store = _one_entity(tmp_path, show)
    assert objects(store, e("role/wikidata-q990000970-q990000971"), tv("castOrder")) == {lit("1", "integer")}
    assert objects(store, e("role/wikidata-q990000970-q990000972"), tv("castOrder")) == {lit("2", "integer")}


def _time(time: str, precision: int, rank: str = "normal") -> dict[str, object]:
    """A Wikidata statement whose value is a Gregorian time of ``precision`` (9 year, 10 month, 11 day)."""
    return {"mainsnak": {"snaktype": "value", "datatype": "time", "datavalue": {"type": "time", "value": {
        "time": time, "precision": precision, "timezone": 0, "before": 0, "after": 0,
        "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}}, "type": "statement", "rank": rank}


def _one_entity(tmp_path: Path, record: dict[str, object], **options: str) -> Store:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return imported(path, **options)[0]


def test_the_release_date_is_the_first_release_not_the_most_precise_one(tmp_path: Path) -> None:
    """P577 is when a work was "first published or released"; of several values (one per country, say)
    the first release is the one that surely comes first: 2021 precedes 2022-01-28, however precise."""
    show = {"id": "Q990000960", "labels": {"en": {"language": "en", "value": "Dated Show"}}, "claims": {
        "P31": [_statement("P31", "Q5398426")],
        "P577": [_time("+2022-01-28T00:00:00Z", 11), _time("+2021-00-00T00:00:00Z", 9)],
        "P582": [_time("+2023-03-00T00:00:00Z", 10), _time("+2023-03-04T00:00:00Z", 11)]}}
    store = _one_entity(tmp_path, show)
    node = e("show/wikidata-q990000960")
    assert objects(store, node, tv("releaseDate")) == {lit("2021", "gYear")}
    # a day within a month: the day is as early and more precise; P582 end time: the run's end
    show["claims"]["P577"] = [_time("+2022-01-00T00:00:00Z", 10), _time("+2022-01-28T00:00:00Z", 11)]  # type: ignore[index]
    store = _one_entity(tmp_path, show)
    assert objects(store, node, tv("releaseDate")) == {lit("2022-01-28", "date")}
    assert objects(store, node, tv("endDate")) == {lit("2023-03-04", "date")}
    assert not check(store.ox)


def test_a_mul_label_is_kept_and_also_english_when_there_is_no_english_one(tmp_path: Path) -> None:
    """Wikidata labels a name that is the same in every language "mul"; FILTER(lang(?name) = "en") must
    still find the person, so a mul label without an en one is also the en label."""
    lomon = {"id": "Q990000970", "labels": {"mul": {"language": "mul", "value": "Lomon"},
                                            "ko": {"language": "ko", "value": "로몬"}},
             "claims": {"P31": [_statement("P31", "Q5")]}}
    node = e("person/wikidata-q990000970")
    assert objects(_one_entity(tmp_path, lomon), node, LABEL) == {
        lit("Lomon", language="mul"), lit("Lomon", language="en"), lit("로몬", language="ko")}
    assert objects(_one_entity(tmp_path, lomon, languages="en"), node, LABEL) == {lit("Lomon", language="en")}
    lomon["labels"]["en"] = {"language": "en", "value": "Park Sol-lomon"}  # type: ignore[index]
    assert objects(_one_entity(tmp_path, lomon), node, LABEL) == {
        lit("Lomon", language="mul"), lit("Park Sol-lomon", language="en"), lit("로몬", language="ko")}


def test_sparql_labels_mul_and_without_a_language(tmp_path: Path) -> None:
    results = {"head": {"vars": ["show", "showLabel", "actor", "actorLabel"]}, "results": {"bindings": [
        {"show": {"type": "uri", "value": "http://www.wikidata.org/entity/Q990000980"},
         "showLabel": {"type": "literal", "value": "Untagged Show"},
         "actor": {"type": "uri", "value": "http://www.wikidata.org/entity/Q990000981"},
         "actorLabel": {"type": "literal", "value": "Lomon", "xml:lang": "mul"}}]}}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results))
    store, _ = imported(path)
    assert objects(store, e("person/wikidata-q990000981"), LABEL) == {lit("Lomon", language="mul"),
                                                                      lit("Lomon", language="en")}
    assert objects(store, e("show/wikidata-q990000980"), LABEL) == {lit("Untagged Show", language="und")}
    assert not check(store.ox)


@pytest.mark.parametrize("path", [DOCUMENT, DUMP, LINES, RESULTS], ids=lambda path: path.name)
def test_no_name_is_a_plain_literal(path: Path) -> None:
    """Wikidata's own tags are kept; stand-ins are @zxx; nothing is left untagged."""
    store, _ = imported(path)
    names = [q.object for p in (LABEL, ALT_LABEL) for q in store.ox.quads_for_pattern(None, p, None, ox.DefaultGraph())
             if q.subject.value.startswith(str(ENTITY)) and "/source/" not in q.subject.value]
    assert names and all(isinstance(n, ox.Literal) and n.language for n in names)


def test_languages_option_keeps_the_labels_asked_for() -> None:
    store, _ = imported(DOCUMENT, languages="ko")
    assert objects(store, SHOW, LABEL) == {lit("지금 우리 학교는", language="ko")}
    assert objects(store, SHOW, ALT_LABEL) == {lit("지금우리학교는", language="ko")}


def test_malformed_records_are_skipped_not_a_traceback(tmp_path: Path) -> None:
    records = [
        {"id": "Q990000950", "claims": []},                                # claims not an object
        {"id": "Q990000951", "claims": {"P31": "Q5"}},                     # statements not a list
        {"id": "Q990000952", "claims": {"P31": [{"mainsnak": None}]}},     # no value
        {"id": 42},                                                        # id not a string
        ["not", "an", "entity"],
        {"id": "Q990000953", "missing": ""},                               # EntityData for a deleted item
        {"id": "Q990000954", "labels": {"en": {"language": "x bad tag", "value": "Oops"}},
         "claims": {"P31": [_statement("P31", "Q5")]}},                   # a language code that is no tag
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    store, report = imported(path)
    assert report.skipped == {"not a TV entity (no instance of, P31)": 3, "record without an id": 1,
                              "not an entity object": 1, "no such entity (marked missing)": 1,
                              "a language code that is not a BCP 47 tag": 1}
    person = e("person/wikidata-q990000954")
    assert objects(store, person, LABEL) == {stand_in("Q990000954")}  # no usable label: the QID stands in
    assert not check(store.ox)


@pytest.mark.parametrize(("text", "message"), [
    ('{"id": "Q1", "claims": {}}\n{"id": "Q2", "claims": {}}\n{"id": "Q3", "claims": {\n', r"line 3: invalid JSON"),
    ('[\n{"id": "Q1", "claims": {}},\n{"id": "Q2", "claims": {},\n]\n', r"line 3: invalid JSON"),
    ('{\n "entities": {\n  "Q1": {"id": "Q1",\n   "claims": {]\n', r"line 4: invalid JSON"),
    ("show,title\nQ1,Kingdom\n", r"line 1: not JSON"),
    ("\n \n", r"the file holds only blank lines"),
    ('[\n{"id": "Q1"}\n]\n{"id": "Q2"}\n', r"line 4: text after the dump's closing \]"),
    ('{"head": {}, "boolean": true}\n', r"SPARQL results without results.bindings"),
])
def test_broken_input_is_refused_with_its_line_and_nothing_is_written(tmp_path: Path, text: str,
                                                                      message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    store = Store.memory()
    with pytest.raises(InputError, match=rf"broken.json: {message}"):
        import_file(store, "wikidata", path)
    assert len(store) == 0


def test_non_utf8_input_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "Q1", "claims": {}}\n{"id": "Q2", "labels": {"fr": {"value": "Caf\xe9"}}}\n')
    with pytest.raises(InputError, match=r"latin1.jsonl: line 2: not UTF-8"):
        import_file(Store.memory(), "wikidata", path)


def test_the_cli_imports_and_refuses_broken_json_cleanly(tmp_path: Path) -> None:
    result = run_cli("import", "wikidata", str(DUMP), "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stderr and "2 Season" in result.stderr
    assert "skipped 1: not a TV entity (instance of Q5119) (e.g. record Q8684)" in result.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "Q1", "claims": {}}\n{"id": \n')
    result = run_cli("import", "wikidata", str(broken), "--store", str(tmp_path / "s"))
    assert_clean_failure(result, "broken.jsonl: line 2: invalid JSON")


def _entity_triples(store: Store) -> set[tuple[ox.Term, ox.Term, ox.Term]]:
    """The merge's triples about entities (not those describing the import graph and its file)."""
    return {(q.subject, q.predicate, q.object) for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if q.subject.value.startswith(str(ENTITY)) and "/source/" not in q.subject.value}


def _statement(pid: str, qid: str, **qualifiers: list[str]) -> dict[str, object]:
    """A Wikidata statement whose value is item ``qid``, with item-valued qualifiers."""
    def snak(prop: str, value: str) -> dict[str, object]:
        return {"snaktype": "value", "property": prop, "datatype": "wikibase-item",
                "datavalue": {"type": "wikibase-entityid",
                              "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value}}}
    made: dict[str, object] = {"mainsnak": snak(pid, qid), "type": "statement", "rank": "normal"}
    if qualifiers:
        made["qualifiers"] = {prop: [snak(prop, v) for v in values] for prop, values in qualifiers.items()}
    return made
