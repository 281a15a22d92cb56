"""A store kept in another SPARQL 1.1 server (graph/remote.py): Oxigraph's own server, started here
from the `oxigraph` package, holds the data; tvkg loads into it, imports into it, and serves its
endpoint, entity pages and relationship questions from it, with the same answers as on disk."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from graph import relations
from graph.errors import StoreError
from graph.importers.run import import_file
from graph.store import Store
from graph.update import update
from ontology.namespaces import ENTITY
from tests.conftest import DATA, assert_clean_failure, run_cli
from tests.server_process import free_port, running_server
from tests.test_import_catalogue import FIXTURE, MAPPING

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture()
def remote(tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh Oxigraph server on a loopback port."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "oxigraph.log").open("wb") as log:
        server = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path / "oxigraph"),
                                   "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if requests.get(url + "/query", params={"query": "ASK {}"}, timeout=2).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"oxigraph serve did not start; see {tmp_path / 'oxigraph.log'}")
            yield url
        finally:
            server.terminate()
            server.wait(10)


def test_load_gives_the_same_store_as_on_disk(remote: str, tmp_path: Path) -> None:
    assert run_cli("load", str(DATA), "--store", remote).returncode == 0
    assert run_cli("load", str(DATA), "--store", str(tmp_path / "disk")).returncode == 0
    figures = [json.loads(run_cli("stats", "--json", "--store", where).stdout)
               for where in (remote, str(tmp_path / "disk"))]
    for key in ("triples", "quads", "graphs"):
        assert figures[0][key] == figures[1][key] > 0, key
    assert figures[0]["store"] == remote


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


def test_imports_and_questions_on_the_remote_store(remote: str) -> None:
    store = Store.open(remote)
    report = import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING)
    assert report.entities["Show"] == 3
    [path] = relations.connections(store, f"{ENTITY}show/kflix-k1", f"{ENTITY}show/kflix-k3")
    assert [n.label for n in path.nodes] == ["Hellbound", "Kim Hyun-joo", "Kingdom"]
    with pytest.raises(StoreError, match="send SPARQL Update to the server itself"):
        update(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_an_unreachable_server_is_a_clear_error() -> None:
    result = run_cli("stats", "--store", f"http://127.0.0.1:{free_port()}")
    assert_clean_failure(result, "cannot reach the SPARQL server at http://127.0.0.1:")
