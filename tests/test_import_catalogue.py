"""The tabular catalogue importer (graph/importers/catalogue.py) and what every import promises
(graph/importers/run.py): one named graph per source and date, idempotent, all-or-nothing, skips
reported, and real data (data/netflix_titles.csv) joined with the seed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import DATA, NETFLIX, assert_clean_failure, run_cli
from tvkg.errors import InputError
from tvkg.importers.run import import_file
from tvkg.load.files import load
from tvkg.load.validate import check
from tvkg.ontology.namespaces import ENTITY, GRAPH, TV
from tvkg.relations import questions
from tvkg.store.generations import Store

FIXTURE = Path(__file__).parent / "fixtures" / "csv" / "catalogue.tsv"
MAPPING = {"delimiter": "tab", "map.title": "name", "map.type": "kind", "map.director": "made by",
           "map.cast": "starring", "map.country": "origin", "map.release_year": "year", "map.seasons": "length",
           "map.categories": "categories", "map.description": "about"}
NETFLIX = NETFLIX
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


def e(path: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ENTITY}{path}")


def test_a_mapped_tsv_catalogue_becomes_shows_casts_and_places() -> None:
    store = Store.memory()
    report = import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING, today=dt.date(2026, 11, 25))
    assert report.graph == f"{GRAPH}import/csv-kflix-catalogue-tsv-2026-11-25"
    assert report.entities["Show"] == 3 and report.entities["Place"] == 1
    graph = ox.NamedNode(report.graph)
    kingdom = e("show/kflix-k3")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    horror = e("category/kflix-tv-horror")
    for triple in [(kingdom, LABEL, ox.Literal("Kingdom", language="en")), (kingdom, tv("numberOfSeasons"),
                   ox.Literal("2", datatype=integer)),
                   (e("season/kflix-k3-2"), tv("seasonOf"), kingdom),
                   (e("season/kflix-k3-2"), tv("seasonNumber"), ox.Literal("2", datatype=integer)),
                   (kingdom, tv("season"), e("season/kflix-k3-1")),  # inferred: the import is aligned
                   (kingdom, tv("director"), e("person/kflix-kim-seong-hun")),
                   (kingdom, tv("countryOfOrigin"), e("place/south-korea")),
                   (kingdom, tv("category"), horror),
                   (horror, LABEL, ox.Literal("TV Horror", language="en")),
                   (kingdom, tv("catalogueYear"), ox.Literal("2020", datatype=ox.NamedNode(
                       "http://www.w3.org/2001/XMLSchema#gYear"))),
                   (e("role/kflix-k3-bae-doona"), tv("actor"), e("person/kflix-bae-doona")),
                   (e("role/kflix-k3-bae-doona"), tv("castOrder"), ox.Literal("2", datatype=integer)),
                   (kingdom, tv("castMember"), e("person/kflix-bae-doona")),  # inferred
                   (kingdom, ox.NamedNode(RDF_TYPE), ox.NamedNode("https://schema.org/TVSeries"))]:  # inferred
        assert ox.Quad(*triple, graph) in store.ox and ox.Quad(*triple, ox.DefaultGraph()) in store.ox
    # the year a catalogue lists is not a first release; categories are not genres
    assert not list(store.ox.quads_for_pattern(kingdom, tv("releaseDate"), None))
    assert not list(store.ox.quads_for_pattern(kingdom, tv("genre"), None))
    assert report.validated and report.inferred > report.triples
    assert report.skipped == {"not a TV show (type 'Movie')": 1, "no id or no title": 1,
                              "release year is not a four-digit year": 1,
                              "duration is not a season count like '2 Seasons'": 1}
    assert report.examples["no id or no title"] == ["line 5"]
    assert not check(store.ox), "the imported data breaks the SHACL shapes"
    # the same name in two shows is one person of this catalogue, so the shows are connected
    [path] = questions.connections(store, e("show/kflix-k1").value, e("show/kflix-k3").value)
    assert [n.label for n in path.nodes] == ["Hellbound", "Kim Hyun-joo", "Kingdom"]


def test_importing_again_changes_nothing_and_a_newer_import_replaces_the_older(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING, today=dt.date(2026, 11, 24))
    before = set(store.ox)
    import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING, today=dt.date(2026, 11, 24))
    assert set(store.ox) == before
    smaller = tmp_path / "newer" / FIXTURE.name  # a newer copy of the same file: Hellbound only
    smaller.parent.mkdir()
    smaller.write_text("\n".join(FIXTURE.read_text().splitlines()[:2]) + "\n")
    report = import_file(store, "csv", smaller, source="kflix", options=MAPPING, today=dt.date(2026, 11, 25))
    assert report.replaced == [f"{GRAPH}import/csv-kflix-catalogue-tsv-2026-11-24"]
    assert store.named_graphs() == [report.graph]
    assert not list(store.ox.quads_for_pattern(e("show/kflix-k3"), None, None))  # gone from the merge too
    assert ox.Quad(e("show/kflix-k1"), LABEL, ox.Literal("Hellbound", language="en"), ox.DefaultGraph()) in store.ox


def test_bad_catalogues_are_refused_clearly_and_write_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    with pytest.raises(InputError, match=r"catalogue.tsv: no column for id, title .*--map ROLE=COLUMN"):
        import_file(store, "csv", FIXTURE)  # tab-separated, but read as commas with the default mapping
    movies = tmp_path / "movies.csv"
    movies.write_text("show_id,type,title\ns1,Movie,Up\n")
    with pytest.raises(InputError, match=r"movies.csv: no csv records could be imported \(1 skipped: not a TV show"):
        import_file(store, "csv", movies)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("show_id,type,title\ns1,TV Show,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.csv: not UTF-8"):
        import_file(store, "csv", latin1)
    assert len(store) == 0 and store.named_graphs() == []
    result = run_cli("import", "csv", str(FIXTURE), "--store", str(tmp_path / "cli"), "--map", "nonsense")
    assert_clean_failure(result, "'nonsense' is not KEY=VALUE")
    result = run_cli("import", "rss", str(FIXTURE), "--store", str(tmp_path / "cli"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_the_netflix_catalogue_joins_the_seed_data(tmp_path: Path) -> None:
    """The real catalogue: its 2,676 TV shows with casts beside the curated data, through the CLI."""
    store_path = tmp_path / "store"
    with Store.open(store_path) as store:
        load(store, [DATA])
    result = run_cli("import", "csv", str(NETFLIX), "--source", "netflix", "--store", str(store_path))
    assert result.returncode == 0, result.stderr
    assert "2,676 Show" in result.stderr and "skipped 6,131: not a TV show (type 'Movie')" in result.stderr
    with Store.open(store_path, read_only=True) as store:
        shows = store.ox.query(f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{TV}Show> }}")
        assert int(next(iter(shows))["n"].value) == 2676 + 2  # and the seed's All of Us Are Dead, Squid Game
        korean = store.ox.query(f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            ?s <{TV}countryOfOrigin> <{ENTITY}place/south-korea> ; a <{TV}Show> }}""")
        assert int(next(iter(korean))["n"].value) >= 170
        # co-star paths across real shows: Squid Game's lead to Kingdom's through shared casts
        lee = questions.resolve(store, "https://w3id.org/tvkg/id/person/netflix-lee-jung-jae")
        ju = questions.resolve(store, "https://w3id.org/tvkg/id/person/netflix-ju-ji-hoon")
        found = questions.separation(store, lee, ju)
        assert found is not None and 1 <= found.degrees <= 4


def test_every_importer_refuses_an_option_it_does_not_have_and_a_bad_delimiter(tmp_path: Path) -> None:
    """Options are declared by each importer and checked in one place: csv, tvmaze and wikidata
    ignored unknown ones, and a delimiter of two characters was a traceback."""
    store = Store.open(tmp_path / "store")
    for kind in ("csv", "tvmaze", "wikidata"):
        with pytest.raises(InputError, match=f"--option colour=red: the {kind} importer has no option 'colour'"):
            import_file(store, kind, FIXTURE, options={"colour": "red"})
    with pytest.raises(InputError, match="--option delimiter=ab: give one character, or 'tab'"):
        import_file(store, "csv", FIXTURE, options={"delimiter": "ab"})
    with pytest.raises(InputError, match="--map title=name: the tvmaze importer maps no columns"):
        import_file(store, "tvmaze", FIXTURE, options={"map.title": "name"})
    assert len(store) == 0
