"""A store kept in another SPARQL 1.1 server (graph/store/remote.py): Oxigraph's own server (from the
`oxigraph` package) and Virtuoso (Debian's virtuoso-opensource, installed by make), each started
here, hold the data; tvkg loads into them, imports into them, and serves its endpoint, entity pages
and relationship questions from them, with the same answers as on disk."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from benchmarks.servers import free_port, process
from tests.conftest import DATA, assert_clean_failure, run_cli
from tests.server_process import running_server
from tests.test_import_catalogue import FIXTURE, MAPPING
from tvkg.errors import StoreError
from tvkg.importers.run import import_file
from tvkg.load.update import update
from tvkg.ontology.namespaces import ENTITY
from tvkg.relations import questions
from tvkg.store.generations import Store

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso server with its own database and ports, SPARQL updates allowed on loopback."""
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    settings = VIRTUOSO_INI.read_text()
    settings = settings.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    settings = re.sub(r"(?m)^ServerPort\s*=\s*1111$", f"ServerPort = {sql}", settings)
    settings = re.sub(r"(?m)^ServerPort\s*=\s*8890$", f"ServerPort = {http}", settings)
    settings = re.sub(r"(?m)^Load\d+\s*=.*$", "", settings)  # no hosting plugins
    (folder / "virtuoso.ini").write_text(settings)
    url = f"http://127.0.0.1:{http}/sparql"
    with process([shutil.which("virtuoso-t") or "virtuoso-t", "+foreground", "+configfile",
                  str(folder / "virtuoso.ini")], url, folder / "virtuoso.out", cwd=folder):
        subprocess.run(["isql-vt", str(sql), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield url


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store in a fresh Oxigraph server, or in Virtuoso (a named graph of its own plays
    the default graph there, since Virtuoso's default graph is the union of all graphs)."""
    if request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso") + f"?default-graph=urn:tvkg:test-{uuid.uuid4()}"
        return
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"]
    with process(command, f"http://127.0.0.1:{port}/query", tmp_path / "oxigraph.log"):
        yield f"http://127.0.0.1:{port}"


def test_load_gives_the_same_store_as_on_disk(remote: str, tmp_path: Path) -> None:
    assert run_cli("load", str(DATA), "--store", remote).returncode == 0
    assert run_cli("load", str(DATA), "--store", str(tmp_path / "disk")).returncode == 0
    figures = [json.loads(run_cli("stats", "--json", "--store", where).stdout)
               for where in (remote, str(tmp_path / "disk"))]
    assert figures[0]["triples"] == figures[1]["triples"] > 0  # the default graph, the merge
    if "default-graph=" not in remote:  # Virtuoso's own system graphs count there too
        assert (figures[0]["quads"], figures[0]["graphs"]) == (figures[1]["quads"], figures[1]["graphs"])
    assert figures[0]["store"] == remote
    query = "SELECT ?show ?name WHERE { ?show a tv:Show ; skos:prefLabel ?name } ORDER BY ?show ?name"
    answers = [run_cli("query", "--format", "csv", query, "--store", where).stdout
               for where in (remote, str(tmp_path / "disk"))]
    assert answers[0] == answers[1] and "Squid Game" in answers[0]


def test_the_endpoint_pages_and_questions_are_served_from_the_remote_store(remote: str) -> None:
    assert run_cli("load", str(DATA), "--store", remote).returncode == 0
    with running_server(remote) as url:  # type: ignore[arg-type]
        client = SPARQLWrapper(url + "/sparql")
        client.setQuery("SELECT ?name WHERE { person:park-ji-hu skos:prefLabel ?name FILTER(lang(?name) = 'ko') }")
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index, call-overload]
        assert [r["name"]["value"] for r in rows] == ["박지후"]
        turtle = requests.get(url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s a tv:Show }"},
                              headers={"Accept": "text/turtle"}, timeout=30)
        assert turtle.status_code == 200 and "all-of-us-are-dead" in turtle.text
        page = requests.get(url + "/id/person/park-ji-hu.html", timeout=30)
        assert page.status_code == 200 and "Park Ji-hu" in page.text and "Nam On-jo" in page.text
        path = requests.get(url + "/api/path", params={"from": "Park Ji-hu", "to": "Yoon Chan-young"}, timeout=30)
        assert path.json()["connections"][0]["length"] == 2
        refused = requests.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30)
        assert refused.status_code == 400


def test_imports_and_questions_on_the_remote_store(remote: str, tmp_path: Path) -> None:
    store = Store.open(remote)
    newer = tmp_path / FIXTURE.name  # first an older copy of the file, with one more show
    newer.write_text(FIXTURE.read_text() + "k9\tTV Show\tGone Show\t\tNobody Else\t\t2019\t1 Season\t\t\n")
    import_file(store, "csv", newer, source="kflix", options=MAPPING, today=dt.date(2026, 11, 24))
    gone = f"ASK {{ <{ENTITY}show/kflix-k9> ?p ?o }}"
    assert store.ox.query(gone)
    report = import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING)
    assert report.entities["Show"] == 3 and len(report.replaced) == 1
    assert not store.ox.query(gone)  # the newer copy replaced the older, in the merge too
    found = questions.connections(store, f"{ENTITY}show/kflix-k1", f"{ENTITY}show/kflix-k3", k=3)
    assert ["Hellbound", "Kim Hyun-joo", "Kingdom"] in [[n.label for n in path.nodes] for path in found]
    assert found[0].length == 2  # (ties, through the shared country, come in the server's order)
    with pytest.raises(StoreError, match="send SPARQL Update to the server itself"):
        update(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_an_unreachable_server_is_a_clear_error() -> None:
    result = run_cli("stats", "--store", f"http://127.0.0.1:{free_port()}")
    assert_clean_failure(result, "cannot reach the SPARQL server at http://127.0.0.1:")
