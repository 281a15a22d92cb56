"""The tvkg command end to end, run as a separate process the way a user runs it."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import tomllib
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import DATA, ROOT, assert_clean_failure, run_cli

SHOW = "https://w3id.org/tvkg/id/show/all-of-us-are-dead"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = run_cli("load", "--store", str(path), str(DATA))
    assert result.returncode == 0, result.stderr
    assert "validated" in result.stderr and "triples/s" in result.stderr
    return path


def test_query_prints_a_table_by_default(store: Path) -> None:
    result = run_cli("query", "--store", str(store), "SELECT ?l WHERE { show:all-of-us-are-dead skos:prefLabel ?l }")
    assert result.returncode == 0, result.stderr
    assert "All of Us Are Dead" in result.stdout


def test_query_json_is_sparql_results_json(store: Path) -> None:
    result = run_cli("query", "--store", str(store), "--format", "json",
                     "SELECT ?s WHERE { ?s a tv:Show } ORDER BY ?s")
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["s"]
    assert {"type": "uri", "value": SHOW} in [b["s"] for b in doc["results"]["bindings"]]


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_query_csv_and_tsv(store: Path, fmt: str, delimiter: str) -> None:
    result = run_cli("query", "--store", str(store), "--format", fmt,
                     "SELECT ?n WHERE { season:all-of-us-are-dead-s1 tv:numberOfEpisodes ?n }")
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
    assert rows[0] == (["n"] if fmt == "csv" else ["?n"])
    assert rows[1][0].startswith("12") or rows[1][0].startswith('"12"') or "12" in rows[1][0]


def test_query_reads_stdin_and_ask_prints_true(store: Path) -> None:
    result = run_cli("query", "--store", str(store), "-", stdin="ASK { ?x a tv:Person }")
    assert result.stdout.strip() == "true"


def test_malformed_query_names_line_and_column(store: Path) -> None:
    result = run_cli("query", "--store", str(store), "SELECT * WHERE {\n  ?s ?p }")
    assert_clean_failure(result, "SPARQL syntax error at line 2, column")


def test_query_leaves_out_service_silent_to_an_endpoint_not_allowed_with_a_warning(store: Path) -> None:
    query = "SELECT ?s WHERE { ?s a tv:Show SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } } LIMIT 1"
    result = run_cli("query", "--store", str(store), "--service-allow", "https://query.wikidata.org/",
                     "--format", "json", query)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 1
    assert result.stderr == ("warning: SERVICE SILENT <http://127.0.0.1:9/sparql> was not contacted (not on the "
                             "allow-list, --service-allow); the query went on as if it had answered one empty "
                             "solution\n")
    refused = run_cli("query", "--store", str(store), query.replace(" SILENT", ""),
                      env={"TVKG_SERVICE_ALLOW": "https://query.wikidata.org/"})
    assert_clean_failure(refused, "error: SERVICE <http://127.0.0.1:9/sparql> is not allowed (allowed endpoints: "
                                  "https://query.wikidata.org/)")


def test_version_is_tvkg_dot_version() -> None:
    import tvkg
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert tvkg.__version__ == project["version"] == importlib.metadata.version("tvkg")
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout == f"python -m tvkg.cli, version {tvkg.__version__}\n"


def test_export_nquads_round_trips_every_quad(store: Path, tmp_path: Path) -> None:
    result = run_cli("export", "--store", str(store), "--format", "nquads")
    exported = set(ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_QUADS))
    original = ox.Store.read_only(str(store / "current"))
    assert exported == {q for q in original if q.graph_name != ox.DefaultGraph()}
    assert all(q.graph_name != ox.DefaultGraph() for q in exported), "the derived default graph is not exported"


def test_export_trig_keeps_named_graphs(store: Path) -> None:
    result = run_cli("export", "--store", str(store), "--format", "trig")
    graphs = {q.graph_name for q in ox.parse(result.stdout.encode(), format=ox.RdfFormat.TRIG)}
    assert len(graphs) > 5


def test_stats_counts_classes(store: Path) -> None:
    figures = json.loads(run_cli("stats", "--store", str(store), "--json").stdout)
    assert figures["classes"]["tv:Person"] >= 10
    assert figures["classes"]["tv:Character"] >= 8
    assert figures["triples"] > 1000 and figures["graphs"] > 5


def test_loading_the_same_files_twice_changes_nothing(store: Path) -> None:
    before = json.loads(run_cli("stats", "--store", str(store), "--json").stdout)
    assert run_cli("load", "--store", str(store), str(DATA)).returncode == 0
    after = json.loads(run_cli("stats", "--store", str(store), "--json").stdout)
    assert after["quads"] == before["quads"]


def test_validate_checks_without_loading(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix tv: <https://w3id.org/tvkg/ontology#> .\n"
                   "<https://w3id.org/tvkg/id/show/nameless> a tv:Show .\n")
    result = run_cli("validate", "--store", str(store), str(bad))
    assert_clean_failure(result, f"{bad}:2:", "needs a skos:prefLabel")
    ok = run_cli("validate", "--store", str(store), str(DATA))
    assert ok.returncode == 0 and "conform" in ok.stderr


def test_query_on_a_missing_store_explains(tmp_path: Path) -> None:
    assert_clean_failure(run_cli("query", "--store", str(tmp_path / "none"), "ASK {}"), "no store at")


def test_store_location_from_environment(store: Path) -> None:
    result = run_cli("query", "ASK { ?x a tv:Show }", env={"TVKG_STORE": str(store)})
    assert result.stdout.strip() == "true"
