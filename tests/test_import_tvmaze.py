"""The TVmaze importer (graph/importers/tvmaze.py) on small fixtures in the API's JSON format, written
for these tests: a show document with embedded cast, seasons and episodes, an array of two shows and
a line-delimited file, imported into a real in-memory store through tvkg.importers.run."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import assert_clean_failure, run_cli
from tvkg.errors import InputError
from tvkg.importers import tvmaze
from tvkg.importers.common import Context, Skip
from tvkg.importers.run import ImportReport, import_file
from tvkg.load import validate
from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.relations import questions
from tvkg.store.generations import Store

FIXTURES = Path(__file__).parent / "fixtures" / "tvmaze"
SHOW_DOC, ARRAY, LINES = FIXTURES / "show.json", FIXTURES / "shows.json", FIXTURES / "shows.ndjson"
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT = ox.DefaultGraph()
HARBOUR = f"{ENTITY}show/tvmaze-90001"
KIM, PARK, LEE = (f"{ENTITY}person/tvmaze-{n}" for n in (70001, 70002, 70003))


def node(kind: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ENTITY}{kind}/tvmaze-{local}")


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(TV) + name)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def holds(store: Store, s: ox.NamedNode, p: ox.NamedNode, o: ox.Term) -> bool:
    """The fact is in the merged default graph."""
    return ox.Quad(s, p, o, DEFAULT) in store.ox


def values(store: Store, s: ox.NamedNode, p: ox.NamedNode) -> set[str]:
    return {q.object.value for q in store.ox.quads_for_pattern(s, p, None, DEFAULT)}


def rows(store: Store, sparql: str) -> list[tuple[str, ...]]:
    return sorted(tuple(term.value for term in row) for row in store.ox.query(sparql))


def imported(path: Path) -> tuple[Store, ImportReport]:
    store = Store.memory()
    return store, import_file(store, "tvmaze", path)


@pytest.fixture(scope="module")
def harbour() -> tuple[Store, ImportReport]:
    """The show document (read-only: tests that write make their own store)."""
    return imported(SHOW_DOC)


# -- the show document ---------------------------------------------------------------------------

def test_show_has_its_name_identifiers_genres_language_and_premiere(harbour: tuple[Store, ImportReport]) -> None:
    store, _ = harbour
    show = ox.NamedNode(HARBOUR)
    assert holds(store, show, RDF_TYPE, tv("Show"))
    assert values(store, show, PREF_LABEL) == {"Harbour Lights"}
    assert holds(store, show, PREF_LABEL, ox.Literal("Harbour Lights", language="en"))
    assert values(store, show, IDENTIFIER) == {"tvmaze:90001", "imdb:tt9000001", "thetvdb:400001"}
    assert values(store, show, tv("genre")) == {"Drama", "Mystery"}
    assert holds(store, show, tv("genre"), ox.Literal("Drama", language="en"))
    assert holds(store, show, tv("releaseDate"), typed("2021-03-06", "date"))
    assert values(store, show, tv("endDate")) == {"2022-04-10"}  # "ended": the last episode's airdate
    assert values(store, show, tv("originalLanguage")) == {"ko"}


def test_summary_is_plain_text_without_html(harbour: tuple[Store, ImportReport]) -> None:
    store, _ = harbour
    assert values(store, ox.NamedNode(HARBOUR), COMMENT) == {
        "Harbour Lights follows a detective & a ferry captain who search a port town for a missing lighthouse "
        "keeper. Written for the tvkg tests."}
    assert values(store, node("episode", "60001"), COMMENT) == {"A lamp goes dark — and the keeper is gone."}


def test_the_network_is_an_entity_and_its_country_is_not_the_shows(harbour: tuple[Store, ImportReport]) -> None:
    """A channel's country is where the channel operates (TVmaze's policy), not where the show comes
    from: a show on a Korean network may be from anywhere, and Netflix has no country at all."""
    store, _ = harbour
    assert rows(store, f"""
        SELECT ?network ?name WHERE {{
          <{HARBOUR}> <{TV}originalNetwork> ?network .
          ?network a <{TV}Network> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }}""") == [
        (f"{ENTITY}org/tvmaze-network-268", "JTBC")]
    assert values(store, ox.NamedNode(HARBOUR), tv("countryOfOrigin")) == set()
    assert not any(store.ox.quads_for_pattern(None, RDF_TYPE, tv("Place")))


def test_seasons_and_episodes_are_numbered_and_dated(harbour: tuple[Store, ImportReport]) -> None:
    store, report = harbour
    assert rows(store, f"""
        SELECT ?season ?n ?label ?count ?premiere WHERE {{
          ?season <{TV}seasonOf> <{HARBOUR}> ; <{TV}seasonNumber> ?n ;
                  <http://www.w3.org/2004/02/skos/core#prefLabel> ?label ;
                  <{TV}numberOfEpisodes> ?count ; <{TV}releaseDate> ?premiere }}""") == [
        (f"{ENTITY}season/tvmaze-90001-s1", "1", "Harbour Lights season 1", "3", "2021-03-06"),
        (f"{ENTITY}season/tvmaze-90001-s2", "2", "Harbour Lights season 2", "2", "2022-04-03")]
    assert rows(store, f"""
        SELECT ?s ?e ?name WHERE {{
          ?season <{TV}seasonOf> <{HARBOUR}> ; <{TV}seasonNumber> ?s .
          ?episode <{TV}episodeOf> ?season ; <{TV}episodeNumber> ?e ;
                   <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }}""") == [
        ("1", "1", "The Dark Lamp"), ("1", "2", "Low Tide"), ("1", "3", "Fog Signal"), ("2", "1", "The Diary"),
        ("2", "2", "Harbour Lights S02E02")]  # no name: its code
    first = node("episode", "60001")
    assert holds(store, first, tv("episodeNumber"), typed("1", "integer"))
    assert holds(store, first, tv("releaseDate"), typed("2021-03-06", "date"))
    assert values(store, node("episode", "60006"), tv("releaseDate")) == set()  # airdate "" means unknown
    assert values(store, node("season", "90001-s1"), tv("endDate")) == {"2021-03-20"}
    assert holds(store, first, tv("runtime"), typed("PT1H10M", "duration"))  # an episode's runtime, in minutes
    assert values(store, node("episode", "60006"), tv("runtime")) == set()  # null
    assert values(store, ox.NamedNode(HARBOUR), tv("runtime")) == set()  # a show's is an episode's, not its own
    assert report.entities["Season"] == 2 and report.entities["Episode"] == 5


def test_a_special_without_a_number_is_skipped_with_the_reason(harbour: tuple[Store, ImportReport]) -> None:
    store, report = harbour
    assert report.skipped == {"special episode without an episode number": 1}
    assert report.examples["special episode without an episode number"] == ["show 90001 episode 60003"]
    assert not any(store.ox.quads_for_pattern(node("episode", "60003"), None, None))


def test_cast_parts_name_actor_and_character_one_person_playing_two(harbour: tuple[Store, ImportReport]) -> None:
    store, report = harbour
    assert rows(store, f"""
        SELECT ?actor ?character ?name WHERE {{
          <{HARBOUR}> <{TV}hasCastRole> ?role .
          ?role a <{TV}CastRole> ; <{TV}actor> ?person ; <{TV}character> ?c ; <{TV}characterName> ?name .
          ?person a <{TV}Person> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?actor .
          ?c a <{TV}Character> ; <{TV}appearsIn> <{HARBOUR}> ;
             <http://www.w3.org/2004/02/skos/core#prefLabel> ?character }}""") == [
        ("Kim Ha-neul", "Seo Yeon", "Seo Yeon"), ("Lee Min-ji", "Yoon Ara", "Yoon Ara"),
        ("Lee Min-ji", "Yoon Bora", "Yoon Bora"), ("Park Joon-ho", "Detective Han", "Detective Han")]
    lee = ox.NamedNode(LEE)
    assert holds(store, node("role", "90001-70003-80004"), tv("actor"), lee)
    # TVmaze's show cast is "a person part of the show's main cast"
    assert rows(store, f"SELECT DISTINCT ?billing WHERE {{ <{HARBOUR}> <{TV}hasCastRole>/<{TV}billing> ?billing }}") \
        == [(f"{TV}MainCast",)]
    assert values(store, lee, IDENTIFIER) == {"tvmaze:people/70003"}
    assert report.entities["Person"] == 3 and report.entities["CastRole"] == 4 and report.entities["Character"] == 4


def test_imported_data_passes_the_shacl_shapes(harbour: tuple[Store, ImportReport]) -> None:
    store, _ = harbour
    assert validate.check(store.ox) == []
    for path in (ARRAY, LINES):
        assert validate.check(imported(path)[0].ox) == []


def test_the_shape_check_would_catch_a_season_without_its_show(harbour: tuple[Store, ImportReport]) -> None:
    """A control for the test above: the shapes are really applied to this data."""
    broken = ox.Store()
    season = node("season", "90001-s1")
    broken.extend(q for q in harbour[0].ox if not (q.subject == season and q.predicate == tv("seasonOf")))
    assert any(iri == season.value and "exactly one show" in sentence
               for iri, sentence in validate.check(broken))


def test_two_cast_members_are_connected_through_the_show(harbour: tuple[Store, ImportReport]) -> None:
    store, _ = harbour
    [best] = questions.connections(store, KIM, PARK)
    assert [n.iri for n in best.nodes] == [KIM, HARBOUR, PARK]
    assert best.steps[0].sentence == "Kim Ha-neul played Seo Yeon in Harbour Lights"


MOVED = {  # a show that moved network, with a self part and a name in Hangul (made up for these tests)
    "id": 90010, "name": "Night Desk", "premiered": "2019-01-07",
    "network": {"id": 2, "name": "SBS", "country": {"name": "Korea, Republic of", "code": "KR"}},
    "webChannel": None,
    "_embedded": {
        "seasons": [
            {"id": 50102, "number": 2, "premiereDate": "2021-02-01", "endDate": "2021-03-01",
             "network": {"id": 2, "name": "SBS"}, "webChannel": None},
            {"id": 50101, "number": 1, "premiereDate": "2019-01-07", "endDate": "2019-02-25",
             "network": {"id": 3, "name": "MBC"}, "webChannel": None}],
        "cast": [
            {"person": {"id": 70100, "name": "Jung Ha-na"}, "character": {"id": 80100, "name": "Host"},
             "self": True, "voice": False},
            {"person": {"id": 70101, "name": "박서준"}, "character": {"id": 80101, "name": "Reporter Kang"},
             "self": False, "voice": False}]}}


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("tvmaze") / "moved.json"
    path.write_text(json.dumps(MOVED, ensure_ascii=False), encoding="utf-8")
    return imported(path)[0]


def test_the_original_network_is_the_first_seasons_not_the_latest(moved: Store) -> None:
    """A show's network is the one it airs on now (SBS); its first season says who first showed it (MBC).
    Each season's own channel is that season's original network."""
    show = node("show", "90010")
    assert values(moved, show, tv("originalNetwork")) == {node("org", "network-3").value}
    assert values(moved, node("season", "90010-s1"), tv("originalNetwork")) == {node("org", "network-3").value}
    assert values(moved, node("season", "90010-s2"), tv("originalNetwork")) == {node("org", "network-2").value}
    assert values(moved, node("org", "network-2"), PREF_LABEL) == {"SBS"}


def test_a_person_playing_themselves_is_no_fictional_character(moved: Store) -> None:
    role = node("role", "90010-70100-80100")
    assert holds(moved, role, tv("characterName"), ox.Literal("Host"))
    assert values(moved, role, tv("character")) == set()
    assert not any(moved.ox.quads_for_pattern(node("character", "80100"), None, None))
    assert holds(moved, node("role", "90010-70101-80101"), tv("character"), node("character", "80101"))


def test_names_are_tagged_english_or_korean_never_plain(harbour: tuple[Store, ImportReport], moved: Store) -> None:
    for store in (harbour[0], moved):
        names = [q.object for p in (PREF_LABEL, ALT_LABEL) for q in store.ox.quads_for_pattern(None, p, None, DEFAULT)
                 if q.subject.value.startswith(str(ENTITY)) and "/source/" not in q.subject.value]
        assert names and all(isinstance(n, ox.Literal) and n.language in ("en", "ko") for n in names)
    assert holds(moved, node("person", "70101"), PREF_LABEL, ox.Literal("박서준", language="ko"))
    assert holds(moved, node("person", "70100"), PREF_LABEL, ox.Literal("Jung Ha-na", language="en"))
    assert holds(harbour[0], node("episode", "60006"), ALT_LABEL, ox.Literal("Harbour Lights S02E02", language="en"))


# -- an array and line-delimited JSON ------------------------------------------------------------

def test_an_array_of_two_shows() -> None:
    store, report = imported(ARRAY)
    courier, orchard = node("show", "90002"), node("show", "90003")
    assert values(store, courier, PREF_LABEL) == {"Night Courier"}
    assert values(store, courier, IDENTIFIER) == {"tvmaze:90002", "imdb:tt9000002"}
    netflix = node("org", "webchannel-1")
    assert holds(store, courier, tv("originalNetwork"), netflix)
    assert holds(store, netflix, RDF_TYPE, tv("Network")) and values(store, netflix, PREF_LABEL) == {"Netflix"}
    assert values(store, courier, tv("countryOfOrigin")) == set()
    assert values(store, orchard, IDENTIFIER) == {"tvmaze:90003", "thetvdb:360001", "tvrage:41000"}
    assert holds(store, orchard, tv("releaseDate"), typed("2019", "gYear"))
    assert values(store, orchard, tv("countryOfOrigin")) == set()  # BBC Two's country is BBC Two's
    assert holds(store, orchard, tv("originalNetwork"), node("org", "network-12"))  # no seasons: the show's
    assert holds(store, node("role", "90002-70010-80011"), tv("characterName"), ox.Literal("The Dispatcher"))
    assert report.entities["Show"] == 2 and not report.skipped


def test_line_delimited_shows_with_seasons_known_only_from_episodes() -> None:
    store, report = imported(LINES)
    assert rows(store, f"""
        SELECT ?n ?e ?name WHERE {{
          ?season a <{TV}Season> ; <{TV}seasonOf> <{ENTITY}show/tvmaze-90004> ; <{TV}seasonNumber> ?n .
          ?episode a <{TV}Episode> ; <{TV}episodeOf> ?season ; <{TV}episodeNumber> ?e ;
                   <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }}""") == [
        ("1", "1", "Departure"), ("1", "2", "Arrival"), ("2", "1", "Return")]
    assert values(store, node("season", "90004-s2"), PREF_LABEL) == {"Ferry Tales season 2"}
    assert values(store, node("show", "90006"), PREF_LABEL) == {"Quayside"}
    assert not any(store.ox.quads_for_pattern(node("show", "90005"), None, None))
    assert report.skipped == {"show without id or name": 1, "language 'Klingon' has no known BCP 47 tag": 1}
    assert report.examples["show without id or name"] == ["line 3"]


def test_gzipped_line_delimited_json(tmp_path: Path) -> None:
    path = tmp_path / "shows.ndjson.gz"
    path.write_bytes(gzip.compress(LINES.read_bytes()))
    store, report = imported(path)
    assert report.entities["Show"] == 2
    assert values(store, node("show", "90004"), IDENTIFIER) == {"tvmaze:90004", "imdb:tt9000004"}


def test_importing_twice_changes_nothing() -> None:
    store, _ = imported(SHOW_DOC)
    before = set(store.ox)
    report = import_file(store, "tvmaze", SHOW_DOC)
    assert set(store.ox) == before
    assert report.replaced == [report.graph]


# -- streaming -----------------------------------------------------------------------------------

class _Counted(io.RawIOBase):
    """Bytes from memory, counting how many the reader took."""

    def __init__(self, data: bytes) -> None:
        self._data, self.taken = io.BytesIO(data), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = self._data.readinto(buffer)
        self.taken += n
        return n


def _many_shows(n: int) -> list[dict[str, object]]:
    return [{"id": i, "name": f"Show {i}", "genres": ["Drama"], "summary": "<p>" + "x" * 300 + "</p>"}
            for i in range(1, n + 1)]


@pytest.mark.parametrize("form", ["lines", "array"])
def test_large_files_are_streamed_not_read_whole(form: str) -> None:
    shows = _many_shows(5000)
    text = "\n".join(map(json.dumps, shows)) if form == "lines" else json.dumps(shows, indent=1)
    raw = _Counted(text.encode())
    items = tvmaze.read(io.BufferedReader(raw), Context("tvmaze"))
    first = next(items)
    assert isinstance(first, ox.Triple) and first.subject == node("show", "1")
    assert raw.taken < len(text) / 10
    rest = list(items)
    assert sum(1 for t in [first, *rest] if isinstance(t, ox.Triple) and t.predicate == RDF_TYPE) == 5000
    assert not any(isinstance(t, Skip) for t in rest)


@pytest.mark.parametrize("form", ["lines", "array"])
def test_an_error_deep_in_a_large_file_names_its_line(form: str) -> None:
    lines = ("\n".join(map(json.dumps, _many_shows(3000))) if form == "lines"
             else json.dumps(_many_shows(3000), indent=1)).split("\n")
    broken = next(i for i in range(len(lines) - 1, 0, -1) if '"name": "Show 2999"' in lines[i])
    lines[broken] = lines[broken].replace('"name"', '"name" "oops"')
    items = tvmaze.read(io.BytesIO("\n".join(lines).encode()), Context("tvmaze"))
    with pytest.raises(InputError, match=f"^line {broken + 1}: invalid JSON"):
        list(items)


# -- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "expected"), [
    ("lines.ndjson", '{"id": 1, "name": "A"}\n{"id": 2, "name": "B"}\n{"id": 3, "name": \n', "line 3: invalid JSON"),
    ("doc.json", '\n{\n  "id": 1,\n  "name": "A",\n  "genres": [,]\n}\n', "line 5: invalid JSON"),
    ("array.json", '[\n {"id": 1, "name": "A"},\n {"id": 2 "name": "B"}\n]\n', "line 3: invalid JSON"),
    ("array.json", '[\n {"id": 1, "name": "A"}\n {"id": 2, "name": "B"}\n]\n', "line 3: invalid JSON"),
    ("open.json", '[\n {"id": 1, "name": "A"},\n', "line 3: the JSON array is not closed"),
    ("text.json", "id,name\n1,A\n", "line 1: expected a TVmaze show object"),
    ("blank.json", "\n   \n", "the file holds no JSON"),
    ("latin1.json", '{"id": 1, "name": "Caf\xe9"}\n', "not UTF-8 text"),
])
def test_broken_input_is_an_input_error_naming_the_file_and_line(tmp_path: Path, name: str, content: str,
                                                                 expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    store = Store.memory()
    with pytest.raises(InputError, match=expected) as caught:
        import_file(store, "tvmaze", path)
    assert str(caught.value).startswith(str(path))
    assert len(store.ox) == 0  # all or nothing


def test_a_file_of_only_unusable_shows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nameless.ndjson"
    path.write_text('{"id": 1}\n{"name": "No id"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match="no tvmaze records could be imported"):
        import_file(Store.memory(), "tvmaze", path)


# -- the command line ----------------------------------------------------------------------------

def test_cli_imports_a_show_document(tmp_path: Path) -> None:
    result = run_cli("import", "tvmaze", str(SHOW_DOC), "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stderr
    assert "skipped 1: special episode without an episode number" in result.stderr
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert values(store, ox.NamedNode(HARBOUR), PREF_LABEL) == {"Harbour Lights"}


def test_cli_reports_broken_json_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.ndjson"
    path.write_text('{"id": 1, "name": "A"}\n{"id": 2,\n', encoding="utf-8")
    result = run_cli("import", "tvmaze", str(path), "--store", str(tmp_path / "s"))
    assert_clean_failure(result, "broken.ndjson", "line 2: invalid JSON")
