"""Malicious and broken RDF is refused with a clear message, loads nothing and reaches no network:
XML external entities, billion laughs, JSON-LD remote contexts, huge literals, invalid IRIs and
invalid UTF-8, through `tvkg load` and through the Graph Store Protocol."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from tests.conftest import assert_clean_failure, run_cli
from tests.server_process import seeded_server
from tests.test_endpoint_limits import listener  # noqa: F401  (a loopback socket that records connections)

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "aaaaaaaaaa">\n'
          + "".join(f' <!ENTITY {b} "{("&" + a + ";") * 10}">\n' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
          + f']>\n<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/a"><ex:p>&i;</ex:p>'
          "</rdf:Description></rdf:RDF>\n")
XXE = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
       f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p>'
       "</rdf:Description></rdf:RDF>\n")
ENTITIES = "XML entity declarations (<!ENTITY ...>) are refused"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("laughs.rdf", LAUGHS.encode(), ENTITIES),
    ("xxe.rdf", XXE.encode(), ENTITIES),
    ("huge.nt", b'<http://example.org/a> <http://example.org/p> "' + b"x" * (20 << 20) + b'" .\n',
     "longer than the parser's 16 MB buffer"),
    ("bad-iri.nt", b'<http://example.org/a b> <http://example.org/p> "x" .\n', "bad-iri.nt:1:1: syntax error"),
    ("bad-utf8.nt", b'<http://example.org/a> <http://example.org/p> "caf\xe9" .\n', "Invalid UTF-8"),
])
def test_malicious_files_are_refused_quickly_and_load_nothing(tmp_path: Path, name: str, content: bytes,
                                                              message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    store = tmp_path / "store"
    assert run_cli("load", "--store", str(store), "--quiet", str(Path(__file__).parent.parent / "data")).returncode == 0
    before = run_cli("stats", "--json", "--store", str(store)).stdout
    started = time.monotonic()
    assert_clean_failure(run_cli("load", "--store", str(store), str(path)), message)
    assert time.monotonic() - started < 60  # (billion laughs took 40 s and 8 GB before entities were refused)
    assert run_cli("stats", "--json", "--store", str(store)).stdout == before


def test_a_json_ld_remote_context_is_not_fetched(tmp_path: Path, listener: tuple[int, list[bytes]]) -> None:  # noqa: F811
    port, received = listener
    path = tmp_path / "remote.jsonld"
    path.write_text(f'{{"@context": "http://127.0.0.1:{port}/context.jsonld", "@id": "http://example.org/a", '
                    '"name": "x"}')
    assert_clean_failure(run_cli("load", "--store", str(tmp_path / "store"), str(path)), "remote contexts")
    time.sleep(0.3)
    assert received == [], "the loader must not connect anywhere"
    assert not (tmp_path / "store").exists()  # a failed first load leaves no store behind


def test_the_graph_store_protocol_refuses_entities_too(tmp_path: Path) -> None:
    token = "a-test-token-of-enough-length"
    with seeded_server(tmp_path, env={"TVKG_UPDATE_TOKEN": token}) as url:
        answer = requests.put(url + "/graph-store", params={"graph": "urn:tvkg:test:laughs"}, data=LAUGHS.encode(),
                              headers={"Content-Type": "application/rdf+xml", "Authorization": f"Bearer {token}"},
                              timeout=60)
        assert answer.status_code == 400 and ENTITIES in answer.text
        asked = requests.get(url + "/sparql", params={"query": "ASK { GRAPH <urn:tvkg:test:laughs> { ?s ?p ?o } }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert asked.json()["boolean"] is False
