"""The IMDb importer (graph/importers/imdb.py): a directory of IMDb's TSV files, gzipped or not, becomes
shows, seasons, episodes, cast roles and people that pass the SHACL shapes, with what it leaves out
reported, and the files streamed rather than loaded.

The fixtures in tests/fixtures/imdb/ are in IMDb's format. The show ids are IMDb's; the episode and
person ids in the 99xxxxx range and the people's names are made up. What the rows exercise:
title.basics: two series (one Korean, with a Hangul original title), a mini series with a bad start
year, a movie, an adult series, a TV special, a row cut short, episodes across two seasons;
title.episode: an episode without a title row, one without a season number, one of the adult series;
title.principals: actors and actresses with characters, one with ``\\N``, a person playing two
characters, a "self" part, a director, writers (one credited for the webtoon the show adapts), a
producer, credits of episodes and of the movie, a characters cell that is not JSON, a person missing
from name.basics.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import assert_clean_failure, run_cli
from tvkg.errors import InputError
from tvkg.importers import imdb
from tvkg.importers.common import Context, Skip
from tvkg.importers.run import import_file
from tvkg.load.validate import check
from tvkg.ontology.namespaces import ENTITY, GRAPH, TV
from tvkg.store.generations import Store

FIXTURES = Path(__file__).parent / "fixtures" / "imdb"
DAY = dt.date(2026, 11, 25)
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
XSD = "http://www.w3.org/2001/XMLSchema#"
DEAD, BAD, TWINS = "tt14169960", "tt0903747", "tt9900010"
SKIPPED = {
    "not a TV series (movie)": 1,
    "not a TV series (tvSpecial)": 1,
    "adult title (--option adult=yes imports them)": 1,
    "malformed row: 3 fields, expected 9": 1,
    "start year is not a four-digit year": 1,
    "episode without a season number": 1,
    "episode of a title that is not imported": 1,
    "credit of an episode (--option credits=episodes imports them)": 3,
    "credit of a title that is not imported": 1,
    "credit category not imported (producer)": 1,
    imdb.SOURCE_CREDIT_SKIP: 1,
    "characters cell is not a JSON list of names; the part is imported without one": 1,
    "credited person not in name.basics (labelled with their IMDb id)": 1,
}


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


def e(path: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ENTITY}{path}")


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def rows(store: Store, sparql: str) -> list[tuple[str, ...]]:
    """A SELECT's rows as tuples of plain values (None for unbound), in the query's order."""
    result = store.ox.query(sparql)
    return [tuple(None if t is None else t.value for t in row) for row in result]  # type: ignore[union-attr]


def stated(store: Store, graph: str, *triple: ox.NamedNode | ox.Literal) -> bool:
    """True if the import graph states the triple and the merge (default graph) holds it."""
    s, p, o = triple
    return (ox.Quad(s, p, o, ox.NamedNode(graph)) in store.ox  # type: ignore[arg-type]
            and ox.Quad(s, p, o, ox.DefaultGraph()) in store.ox)  # type: ignore[arg-type]


@pytest.fixture
def gz_dir(tmp_path: Path) -> Path:
    """The fixtures as IMDb ships them: title.basics.tsv.gz, ..., in a directory named like the plain one."""
    target = tmp_path / "gz" / "imdb"
    target.mkdir(parents=True)
    for plain in FIXTURES.glob("*.tsv"):
        with plain.open("rb") as source, gzip.open(target / f"{plain.name}.gz", "wb") as sink:
            shutil.copyfileobj(source, sink)
    return target


def test_shows_seasons_episodes_and_credits_from_the_gzip_files(gz_dir: Path) -> None:
    store = Store.memory()
    report = import_file(store, "imdb", gz_dir, today=DAY)
    graph = report.graph
    assert graph == f"{GRAPH}import/imdb-imdb-imdb-2026-11-25"  # kind, source, directory, day
    assert dict(report.entities) == {"Show": 3, "Season": 3, "Episode": 5, "CastRole": 10, "Character": 7,
                                     "Person": 12}
    dead = e(f"show/imdb-{DEAD}")
    for triple in [(dead, LABEL, en("All of Us Are Dead")), (dead, ALT, ox.Literal("지금 우리 학교는", language="ko")),
                   (dead, IDENTIFIER, ox.Literal(f"imdb:{DEAD}")),
                   (dead, tv("genre"), ox.Literal("Horror", language="en")),
                   (dead, tv("releaseDate"), ox.Literal("2022", datatype=ox.NamedNode(XSD + "gYear"))),
                   (dead, tv("director"), e("person/imdb-nm9900004")),
                   (dead, tv("writer"), e("person/imdb-nm9900005")),
                   (e(f"character/imdb-{DEAD}-nam-on-jo"), tv("appearsIn"), dead),
                   (e("person/imdb-nm9900004"), LABEL, en("Lee Jae-kyoo")),
                   (e(f"season/imdb-{DEAD}-s2"), LABEL, en("All of Us Are Dead season 2")),
                   (e(f"season/imdb-{DEAD}-s2"), tv("seasonOf"), dead),
                   (e(f"season/imdb-{DEAD}-s2"), tv("seasonNumber"), integer(2))]:
        assert stated(store, graph, *triple), triple
    episodes = rows(store, f"""SELECT ?season ?number ?title ?year WHERE {{
        ?s <{TV}seasonOf> <{dead.value}> ; <{TV}seasonNumber> ?season .
        ?episode <{TV}episodeOf> ?s ; <{TV}episodeNumber> ?number ; <{LABEL.value}> ?title .
        OPTIONAL {{ ?episode <{TV}releaseDate> ?year }} }} ORDER BY ?season ?number""")
    assert episodes == [("1", "1", "Episode #1.1", "2022"), ("1", "2", "Episode #1.2", "2022"),
                        ("2", "1", "Episode #2.1", None)]
    cast = rows(store, f"""SELECT ?actor ?character ?name WHERE {{
        <{dead.value}> <{TV}hasCastRole> ?role . ?role <{TV}actor>/<{LABEL.value}> ?actor .
        OPTIONAL {{ ?role <{TV}character>/<{LABEL.value}> ?character }}
        OPTIONAL {{ ?role <{TV}characterName> ?name }} }} ORDER BY ?actor""")
    assert cast == [("Cho Yi-hyun", "Choi Nam-ra", "Choi Nam-ra"), ("Lomon", None, None),  # characters \N
                    ("Park Ji-hu", "Nam On-jo", "Nam On-jo"), ("Yoon Chan-young", "Lee Cheong-san", "Lee Cheong-san")]
    # an episode without a title.basics row is named after its place; one actor, two characters, two parts
    assert stated(store, graph, e("episode/imdb-tt9900201"), LABEL, en("Breaking Bad S1E2"))
    assert rows(store, f"""SELECT ?role ?name WHERE {{ <{ENTITY}show/imdb-{TWINS}> <{TV}hasCastRole> ?role .
        ?role <{TV}actor> <{ENTITY}person/imdb-nm9900011> ; <{TV}characterName> ?name }} ORDER BY ?role""") == [
        (f"{ENTITY}role/imdb-{TWINS}-nm9900011", "Han Seo-jun"),
        (f"{ENTITY}role/imdb-{TWINS}-nm9900011-2", "Han Seo-jin")]
    # a "self" part names no fictional character; a person missing from name.basics keeps their id as name
    narrator = e(f"role/imdb-{TWINS}-nm9900012")
    assert stated(store, graph, narrator, tv("characterName"), ox.Literal("Self - Narrator"))
    assert not list(store.ox.quads_for_pattern(narrator, tv("character"), None))
    assert stated(store, graph, e("person/imdb-nm9900013"), LABEL, ox.Literal("nm9900013", language="zxx"))
    # left out: the movie, its credits and people who are only credited in what was left out
    for absent in (e("show/imdb-tt6751668"), e("person/imdb-nm9900031"), e("person/imdb-nm9900006"),
                   e("show/imdb-tt9900020"), e("episode/imdb-tt9900202")):
        assert not list(store.ox.quads_for_pattern(absent, None, None)), absent
    assert dict(report.skipped) == SKIPPED
    assert report.examples["not a TV series (movie)"] == ["line 5 of title.basics.tsv.gz"]
    assert report.examples["malformed row: 3 fields, expected 9"] == ["line 9 of title.basics.tsv.gz"]
    assert report.examples["credit category not imported (producer)"] == ["line 12 of title.principals.tsv.gz"]
    assert check(store.ox) == [], "the imported data breaks the SHACL shapes"


# -- what each column means (developer.imdb.com/non-commercial-datasets) ---------------------------

def objects(store: Store, s: ox.NamedNode, p: ox.NamedNode) -> set[ox.Term]:
    return {q.object for q in store.ox.quads_for_pattern(s, p, None, ox.DefaultGraph())}


@pytest.fixture(scope="module")
def plain() -> Store:
    """The plain .tsv fixtures imported once (read-only)."""
    store = Store.memory()
    import_file(store, "imdb", FIXTURES, today=DAY)
    return store


def test_a_writer_credited_for_the_source_work_is_no_screenwriter(plain: Store) -> None:
    """IMDb files the author of the webtoon a show adapts as a "writer" (job "based on the webtoon by");
    tv:writer is who wrote the screenplay, so that credit is left out (and its person with it)."""
    dead = e(f"show/imdb-{DEAD}")
    assert objects(plain, dead, tv("writer")) == {e("person/imdb-nm9900005")}  # job "screenplay"
    assert objects(plain, e(f"show/imdb-{BAD}"), tv("writer")) == {e("person/imdb-nm9900023")}  # "created by"
    assert not list(plain.ox.quads_for_pattern(e("person/imdb-nm9900009"), None, None))


@pytest.mark.parametrize(("job", "source"), [
    ("based on the webtoon by", True), ("webtoon", True), ("novel", True), ("characters", True),
    ("original story", True), ("manga", True), ("play", True), ("screenplay", False), ("teleplay", False),
    ("created by", False), ("written by", False), ("story", False), ("", False)])
def test_which_writer_jobs_name_the_source_work(job: str, source: bool) -> None:
    assert bool(imdb.SOURCE_CREDIT.search(job)) is source


def test_names_are_tagged_with_the_language_they_are_written_in(plain: Store) -> None:
    """English records: @en; Hangul: @ko; the original title's language is not given: @ko/@ja/@und by
    script; an IMDb id standing in for a missing name is no language at all: @zxx. Never untagged."""
    names = [q.object for p in (LABEL, ALT) for q in plain.ox.quads_for_pattern(None, p, None, ox.DefaultGraph())
             if q.subject.value.startswith(str(ENTITY)) and "/source/" not in q.subject.value]
    assert names and all(isinstance(n, ox.Literal) and n.language for n in names)
    dead = e(f"show/imdb-{DEAD}")
    assert objects(plain, dead, LABEL) == {en("All of Us Are Dead")}
    assert objects(plain, dead, ALT) == {ox.Literal("지금 우리 학교는", language="ko")}
    assert objects(plain, e("person/imdb-nm9900001"), LABEL) == {en("Park Ji-hu")}
    assert objects(plain, e(f"character/imdb-{DEAD}-nam-on-jo"), LABEL) == {en("Nam On-jo")}
    assert objects(plain, e("episode/imdb-tt9900101"), LABEL) == {en("Episode #1.1")}
    assert objects(plain, e("person/imdb-nm9900013"), LABEL) == {ox.Literal("nm9900013", language="zxx")}
    originals = ("Gisaengchung", "지금 우리 학교는", "ドラマ", "La casa de papel")
    assert [imdb.original_title(t).language for t in originals] == ["und", "ko", "ja", "und"]
    assert imdb.named("오징어 게임").language == "ko" and imdb.named("Squid Game").language == "en"


def test_end_year_and_episode_runtime(plain: Store) -> None:
    """endYear is "TV Series end year": tv:endDate; an episode's runtimeMinutes is its runtime. A series'
    runtimeMinutes is a typical episode's, not the whole show's: left out."""
    breaking, dead = e(f"show/imdb-{BAD}"), e(f"show/imdb-{DEAD}")
    assert objects(plain, breaking, tv("endDate")) == {ox.Literal("2013", datatype=ox.NamedNode(XSD + "gYear"))}
    assert objects(plain, dead, tv("endDate")) == set()  # \\N: still running
    duration = ox.NamedNode(XSD + "duration")
    assert objects(plain, e("episode/imdb-tt0959621"), tv("runtime")) == {ox.Literal("PT58M", datatype=duration)}
    assert objects(plain, e("episode/imdb-tt9900101"), tv("runtime")) == {ox.Literal("PT1H4M", datatype=duration)}
    assert objects(plain, e("episode/imdb-tt9900103"), tv("runtime")) == set()  # \\N
    assert objects(plain, breaking, tv("runtime")) == set()
    assert [imdb.minutes(m) for m in ("", "0", "abc")] == [None, None, None]


def test_plain_tsv_files_give_the_same_graph_and_importing_twice_changes_nothing(tmp_path: Path,
                                                                                   gz_dir: Path) -> None:
    from_gz = Store.memory()
    import_file(from_gz, "imdb", gz_dir, today=DAY)
    store = Store.open(tmp_path / "store")
    report = import_file(store, "imdb", FIXTURES, today=DAY)  # the plain .tsv files, as they are in the repo
    before = set(store.ox)
    assert before == set(from_gz.ox)
    again = import_file(store, "imdb", FIXTURES, today=DAY)
    assert set(store.ox) == before
    assert again.replaced == [report.graph] and store.named_graphs() == [report.graph]


def test_progress_counts_each_file_once(gz_dir: Path) -> None:
    """title.basics is read twice (the episodes' titles), and the directory holds files the import
    does not read, but progress ends at the size of the four files."""
    total = sum(p.stat().st_size for p in gz_dir.iterdir())
    (gz_dir / "title.ratings.tsv.gz").write_bytes(bytes(100_000))  # downloaded too, never read
    (gz_dir / "title.basics.tsv").write_bytes(b"an older copy: the newer .tsv.gz wins")
    os.utime(gz_dir / "title.basics.tsv", (1, 1))
    seen: list[tuple[int, int]] = []
    import_file(Store.memory(), "imdb", gz_dir, today=DAY, progress=lambda done, size: seen.append((done, size)))
    assert seen[-1] == (total, total)


def test_options_import_episode_credits_other_title_types_and_adult_titles(gz_dir: Path) -> None:
    store = Store.memory()
    report = import_file(store, "imdb", gz_dir, today=DAY,
                         options={"credits": "episodes", "types": "tvSeries,tvMiniSeries,tvSpecial", "adult": "yes"})
    graph, first = report.graph, e("episode/imdb-tt9900101")
    assert stated(store, graph, first, tv("director"), e("person/imdb-nm9900008"))
    assert stated(store, graph, e("person/imdb-nm9900008"), LABEL, en("Kim Nam-su"))
    assert stated(store, graph, e("episode/imdb-tt0959621"), tv("director"), e("person/imdb-nm9900023"))
    part = e("role/imdb-tt9900101-nm9900001")
    assert stated(store, graph, first, tv("hasCastRole"), part)
    assert stated(store, graph, part, tv("character"), e(f"character/imdb-{DEAD}-nam-on-jo"))  # the show's character
    assert stated(store, graph, e("show/imdb-tt9900030"), LABEL, en("A Holiday Special"))
    assert stated(store, graph, e("episode/imdb-tt9900301"), tv("episodeOf"), e("season/imdb-tt9900020-s1"))
    assert report.entities["Show"] == 5 and "credit of an episode" not in " ".join(report.skipped)
    assert check(store.ox) == []


def test_missing_files_and_bad_options_are_refused_clearly(tmp_path: Path, gz_dir: Path) -> None:
    store = Store.open(tmp_path / "store")
    (gz_dir / "title.principals.tsv.gz").unlink()
    (gz_dir / "notes.txt").write_text("downloaded today\n")
    with pytest.raises(InputError, match=r"/imdb: missing title\.principals\.tsv\.gz \(or the same as \.tsv\); "
                                         r"the directory holds name\.basics\.tsv\.gz, notes\.txt, "
                                         r"title\.basics\.tsv\.gz, title\.episode\.tsv\.gz$"):
        import_file(store, "imdb", gz_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="missing title.basics.tsv.gz, title.episode.tsv.gz, title.principals.tsv.gz "
                                         r"and name.basics.tsv.gz .*the directory holds nothing"):
        import_file(store, "imdb", empty)
    with pytest.raises(InputError, match=r"title\.basics\.tsv\.gz: imdb imports a directory holding"):
        import_file(store, "imdb", gz_dir / "title.basics.tsv.gz")
    with pytest.raises(InputError, match="nowhere: no such directory"):
        import_file(store, "imdb", tmp_path / "nowhere")
    for options, message in [({"type": "tvSeries"}, "the imdb importer has no option 'type'"),
                             ({"types": "tvSeries,sitcom"}, "unknown title type.* sitcom; use some of tvSeries"),
                             ({"credits": "all"}, "--option credits=all: use one of series, episodes")]:
        with pytest.raises(InputError, match=message):
            import_file(store, "imdb", FIXTURES, options=options)
    assert len(store) == 0 and store.named_graphs() == []


def test_unreadable_files_are_named_and_nothing_is_written(tmp_path: Path, gz_dir: Path) -> None:
    store = Store.open(tmp_path / "store")
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES, plain)
    episodes = plain / "title.episode.tsv"
    episodes.write_text(episodes.read_text().replace("seasonNumber", "season"))
    with pytest.raises(InputError, match=r"title\.episode\.tsv: the header has no column seasonNumber; its columns "
                                         "are tconst, parentTconst, season, episodeNumber"):
        import_file(store, "imdb", plain)
    shutil.copy(FIXTURES / "title.episode.tsv", episodes)
    names = plain / "name.basics.tsv"
    names.write_bytes(names.read_bytes() + "nm9900099\tJos\xe9\t\\N\t\\N\t\\N\t\\N\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"name\.basics\.tsv:17: not UTF-8 text \(invalid continuation byte at byte"):
        import_file(store, "imdb", plain)
    principals = gz_dir / "title.principals.tsv.gz"
    principals.write_bytes(principals.read_bytes()[:-30])
    with pytest.raises(InputError, match=r"title\.principals\.tsv\.gz: the gzip data is truncated or corrupt"):
        import_file(store, "imdb", gz_dir)
    principals.write_bytes((FIXTURES / "title.principals.tsv").read_bytes())
    with pytest.raises(InputError, match=r"title\.principals\.tsv\.gz: the name ends in \.gz but the file is not gzip"):
        import_file(store, "imdb", gz_dir)
    assert len(store) == 0 and store.named_graphs() == []


def test_the_cli_imports_a_directory_and_refuses_a_missing_one(tmp_path: Path, gz_dir: Path) -> None:
    result = run_cli("import", "imdb", str(gz_dir), "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stderr and "3 Show" in result.stderr and "5 Episode" in result.stderr
    assert "skipped 1: not a TV series (movie) (e.g. line 5 of title.basics.tsv.gz)" in result.stderr
    result = run_cli("import", "imdb", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s"))
    assert_clean_failure(result, "nowhere: no such directory")


def test_the_files_are_streamed_not_loaded(tmp_path: Path) -> None:
    """200,000 credits (10 MB of text) pass through in far less memory than the file would take."""
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "title.basics.tsv").write_text("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\t"
                                            "endYear\truntimeMinutes\tgenres\ntt0000001\ttvSeries\tOne\tOne\t0\t2020"
                                            "\t\\N\t\\N\t\\N\n")
    (folder / "title.episode.tsv").write_text("tconst\tparentTconst\tseasonNumber\tepisodeNumber\n")
    (folder / "name.basics.tsv").write_text("nconst\tprimaryName\nnm0000001\tSomeone\n")
    with (folder / "title.principals.tsv").open("w") as out:
        out.write("tconst\tordering\tnconst\tcategory\tjob\tcharacters\n")
        out.writelines(f"tt0000002\t{i}\tnm{i:07d}\tactor\t\\N\t[\"Character number {i}\"]\n" for i in range(200_000))
    size = (folder / "title.principals.tsv").stat().st_size
    tracemalloc.start()
    try:
        items = imdb.read_path(folder, Context("imdb"), None)
        skipped = sum(isinstance(item, Skip) for item in items)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert skipped == 200_000
    assert peak < size / 4, f"peak {peak:,} bytes for a {size:,}-byte file"
