"""A new user's first hour: `tvkg init` builds the default store (the curated seed, the Netflix
catalogue, entity resolution) from data/sources.toml; the home page says what the graph holds and
where it comes from; the store lives in the user's data directory when tvkg is installed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import tvkg.server.editor
from tests.conftest import DATA, NETFLIX, ROOT, assert_clean_failure, run_cli
from tvkg.importers import manifest
from tvkg.server.app import create_app
from tvkg.server.config import Config
from tvkg.store import generations
from tvkg.store.generations import Store

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `tvkg init` builds from the bundled data, as the first `make run` does."""
    path = tmp_path_factory.mktemp("init") / "store"
    result = run_cli("init", "--store", str(path))
    assert result.returncode == 0, result.stderr
    assert "Netflix Movies and TV Shows" in result.stderr
    assert re.search(r"entity resolution: \d{2,} merge\(s\)", result.stderr), result.stderr
    return path


@pytest.fixture(scope="module")
def client(built: Path) -> Iterator[FlaskClient]:
    store = Store.open(built, read_only=True)
    app = create_app(Config(store=built, warm_projections=False), store=store)
    yield app.test_client()
    app.extensions["tvkg"].close()
    store.close()


def count(store: Path, query: str) -> int:
    result = run_cli("query", "--store", str(store), "--format", "csv", query)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_init_builds_the_seed_and_the_netflix_catalogue_resolved(built: Path) -> None:
    assert count(built, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a tv:Show }") == 2678  # 2,676 + the seed's 2
    assert count(built, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a tv:Person }") > 15000
    # the catalogue's spellings of one name (accents, spacing, word order) and the seed's Squid Game
    assert count(built, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a owl:sameAs ?b } }") >= 80
    assert count(built, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a schema:TVSeries }") == 2678  # all aligned
    assert count(built, "SELECT (COUNT(*) AS ?n) WHERE { ?s a tv:Show ; tv:releaseDate ?d "
                        "FILTER(STRSTARTS(STR(?s), STR(show:netflix-))) }") == 0
    assert count(built, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?doc dcterms:license <{CC0}> ; a tv:SourceDocument }}") == 3
    assert not built.with_name("store.building").exists()


def test_init_refuses_an_existing_store_and_replace_rebuilds_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "000_all_of_us_are_dead_s2_article.trig", data)
    (data / "sources.toml").write_text(
        '[[source]]\ntitle = "the article"\nload = ["000_all_of_us_are_dead_s2_article.trig"]\n')
    store = tmp_path / "store"
    assert run_cli("init", "--data", str(data), "--store", str(store)).returncode == 0
    before = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    again = run_cli("init", "--data", str(data), "--store", str(store))
    assert_clean_failure(again, f"a store already exists at {store}", "tvkg init --replace")
    shutil.copy(DATA / "general_knowledge_all_of_us_are_dead.trig", data)
    (data / "sources.toml").write_text('[[source]]\ntitle = "both"\nload = ["000_all_of_us_are_dead_s2_article.trig", '
                                       '"general_knowledge_all_of_us_are_dead.trig"]\n')
    assert run_cli("init", "--replace", "--data", str(data), "--store", str(store)).returncode == 0
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") > before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"], "nothing left beside the store"


@pytest.mark.parametrize(("text", "needle"), [
    ("[[source]]\nload = ['x.trig']\n", "[[source]] number 1: needs a title"),
    ("[[source]]\ntitle = 't'\nload = ['missing.trig']\n", "[[source]] number 1: no such file"),
    ("[[source]]\ntitle = 't'\nimport = 'tvguide'\npath = 'a.trig'\n", "unknown importer 'tvguide'"),
    ("[[source]]\ntitle = 't'\nimport = 'csv'\npath = 'a.trig'\nlicense = 'CC0'\n", "license must be an absolute IRI"),
    ("[[source]]\ntitle = 't'\nload = ['a.trig']\nimport = 'csv'\n", "needs either load"),
    ("[[source]\n", "not a TOML manifest"),
    ("[resolve]\nmerge = true\n", "lists no [[source]]"),
])
def test_a_bad_manifest_is_named_with_its_entry_and_builds_nothing(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "a.trig").write_text("")
    (tmp_path / "sources.toml").write_text(text)
    store = tmp_path / "store"
    result = run_cli("init", "--data", str(tmp_path), "--store", str(store))
    assert_clean_failure(result, str(tmp_path / "sources.toml"), needle)
    assert not store.exists() and not store.with_name("store.building").exists()


def test_a_failing_source_leaves_the_old_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", "--store", str(store), str(DATA)).returncode == 0
    before = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    (tmp_path / "broken.ttl").write_text("<a> <b> .\n")
    (tmp_path / "sources.toml").write_text('[[source]]\ntitle = "broken"\nload = ["broken.ttl"]\n')
    result = run_cli("init", "--replace", "--data", str(tmp_path), "--store", str(store))
    assert_clean_failure(result, "broken.ttl")
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == before
    assert not store.with_name("store.building").exists()


def test_import_keeps_the_title_licence_and_address_of_its_file(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = run_cli("import", "csv", str(NETFLIX), "--source", "netflix", "--store", str(store), "--quiet",
                     "--title", "Netflix titles", "--license", CC0, "--url", "https://example.org/netflix")
    assert result.returncode == 0, result.stderr
    assert count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?doc a tv:SourceDocument ; dcterms:license <{CC0}> ;
        dcterms:title "Netflix titles"@en ; dcterms:source <https://example.org/netflix> }}""") == 1
    bad = run_cli("import", "csv", str(NETFLIX), "--store", str(store), "--license", "CC0")
    assert bad.returncode == 2 and "'CC0' is not an absolute IRI" in bad.stderr


def test_the_home_page_says_where_the_data_comes_from_and_where_to_start(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    sources = page[page.index("Where the data comes from"):page.index("What the graph holds")]
    assert "Netflix Movies and TV Shows" in sources and "All of Us Are Dead season 2" in sources
    assert sources.count(f'<a href="{CC0}" rel="license external noopener">CC0 1.0</a>') == 3
    assert re.search(r"Netflix Movies and TV Shows.*?<td>\d{4}-\d\d-\d\d</td>", sources, re.S)
    start = page[page.index("Where to start"):page.index("Newest announcements")]
    assert '<a href="/id/show/all-of-us-are-dead">All of Us Are Dead</a>' in start
    assert '<a href="/id/person/netflix-takahiro-sakurai">Takahiro Sakurai</a></td><td>25</td>' in start
    assert "<a href=\"/id/show/netflix-s549\">Grey&#39;s Anatomy</a></td><td>17</td>" in start
    assert "2,678</td>" in page  # shows, with thousands separators


def test_without_the_editor_scripts_the_sparql_page_offers_a_plain_form(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="yasgui"' in installed and "not installed" not in installed
    monkeypatch.setattr(tvkg.server.editor, "VENDORED", "vendor/missing.js")
    plain = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="yasgui"' not in plain and "yasgui.min.js" not in plain
    assert "scripts are not installed here" in plain and '<form method="post" action="/sparql">' in plain


def test_the_default_store_is_in_the_checkout_or_in_the_users_data_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TVKG_STORE", raising=False)
    assert generations.default_store_path() == ROOT / "var" / "store"
    assert manifest.bundled_data() == ROOT / "data"
    monkeypatch.setattr(generations, "checkout_root", lambda: None)
    monkeypatch.setattr(manifest, "checkout_root", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert generations.default_store_path() == tmp_path / "tvkg" / "store"
    assert manifest.bundled_data().parts[-3:] == ("share", "tvkg", "data")


def test_version_and_a_missing_store_say_what_to_do(tmp_path: Path) -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and re.search(r"\d+\.\d+\.\d+", version.stdout)
    missing = run_cli("query", "--store", str(tmp_path / "nothing"), "ASK {}")
    assert_clean_failure(missing, "no store at", "tvkg init")
