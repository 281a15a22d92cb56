"""`tvkg serve` runs gunicorn on loopback; the endpoint answers real HTTP clients."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import DATA, ROOT, assert_clean_failure, run_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("serve") / "store"
    assert run_cli("load", "--store", str(store), str(DATA)).returncode == 0
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--store", str(store),
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(url + "/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    process.terminate()
    output = process.communicate(timeout=10)[0].decode()
    assert "gunicorn" in output.lower() or "Booting worker" in output


def test_home_page_lists_classes(server: str) -> None:
    page = requests.get(server + "/", timeout=10)
    assert page.status_code == 200 and "tv:Person" in page.text


def test_sparqlwrapper_gets_the_cast(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery("SELECT ?name WHERE { show:all-of-us-are-dead tv:castMember/skos:prefLabel ?name "
                    "FILTER(lang(?name) = 'en') }")
    client.setReturnFormat(JSON)
    names = {b["name"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert {"Park Ji-hu", "Lomon", "Cho Yi-hyun"} <= names


def test_port_in_use_is_a_clear_error(server: str, tmp_path: Path) -> None:
    port = server.rsplit(":", 1)[1]
    store = tmp_path / "s"
    assert run_cli("load", "--store", str(store), str(DATA / "general_knowledge_all_of_us_are_dead.trig")
                   ).returncode == 0
    assert_clean_failure(run_cli("serve", "--store", str(store), "--port", port), f"cannot listen on 127.0.0.1:{port}")
