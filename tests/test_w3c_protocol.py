"""The W3C SPARQL 1.1 Protocol test suite, read from its manifest and run against the real server.

Each test is a list of HTTP requests with expected status class, result format and boolean. All
must pass. The update tests run against a second server with writes enabled (TVKG_UPDATE_TOKEN),
sending the token; against the default, read-only server they must be refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from tests.conftest import W3C_SUITE, run_cli
from tests.server_process import running_server
from tvkg.store.generations import Store

SUITE = W3C_SUITE / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "w3c-protocol-tests-token"

MANIFEST = Graph().parse(SUITE / "manifest.ttl", format="turtle")
ENTRIES = list(Collection(MANIFEST, MANIFEST.value(MANIFEST.value(predicate=RDF.type, object=MF.Manifest),
                                                   MF.entries)))
QUERY_TESTS = [e for e in ENTRIES if not str(e).split("#")[1].startswith(("update", "bad_update"))]
UPDATE_TESTS = [e for e in ENTRIES if e not in QUERY_TESTS]

FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"),
}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose store holds the suite's data files, each in the named graph the manifest gives it."""
    store = tmp_path_factory.mktemp("w3c") / "store"
    graphs = {(MANIFEST.value(node, UT.graph), str(MANIFEST.value(node, RDFS.label)))
              for node in MANIFEST.objects(None, UT.graphData)}
    for data, label in sorted(graphs):
        path = Path(str(data).replace("file://", "")) if str(data).startswith("file:") else SUITE / Path(str(data)).name
        result = run_cli("load", "--store", str(store), "--graph", label, "--no-validate", str(path))
        assert result.returncode == 0, result.stderr
    with running_server(store) as url:
        yield url + "/sparql"


@pytest.fixture(scope="module")
def writable_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that accepts writes with TOKEN, on its own empty store (the update tests CLEAR ALL)."""
    store = tmp_path_factory.mktemp("w3c-update") / "store"
    Store.open(store).close()  # an empty store
    with running_server(store, env={"TVKG_UPDATE_TOKEN": TOKEN}) as url:
        yield url + "/sparql"


def send(endpoint: str, request, token: str | None = None) -> requests.Response:  # type: ignore[no-untyped-def]
    """Send one ht:Request from the manifest to our endpoint."""
    path = str(MANIFEST.value(request, HT.absolutePath))
    url = endpoint + path.removeprefix("/sparql/").removeprefix("/sparql")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    header_list = MANIFEST.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(MANIFEST, header_list):
            headers[str(MANIFEST.value(header, HT.fieldName))] = str(MANIFEST.value(header, HT.fieldValue))
    body = MANIFEST.value(request, HT.body)
    data = None
    if body is not None:
        encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(MANIFEST.value(body, CNT.chars)).encode(encoding)
    return requests.request(str(MANIFEST.value(request, HT.methodName)), url, headers=headers, data=data,
                            timeout=30)


def status_class_ok(response: requests.Response, expected: set) -> bool:  # type: ignore[type-arg]
    return any(str(e).endswith(f"StatusCode{str(response.status_code)[0]}xx") for e in expected)


def test_the_suite_was_read() -> None:
    assert len(QUERY_TESTS) == 21 and len(UPDATE_TESTS) == 13


@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: str(t).split("#")[1])
def test_w3c_protocol_query(endpoint: str, test) -> None:  # type: ignore[no-untyped-def]
    run_test(endpoint, test)


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: str(t).split("#")[1])
def test_w3c_protocol_update(writable_endpoint: str, test) -> None:  # type: ignore[no-untyped-def]
    run_test(writable_endpoint, test, TOKEN)


def run_test(endpoint: str, test, token: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Send each request of the test in order and check the response against the manifest."""
    requests_list = Collection(MANIFEST, MANIFEST.value(MANIFEST.value(test, MF.action), HT.requests))
    for request in requests_list:
        response = send(endpoint, request, token)
        expect = MANIFEST.value(request, HT.resp)
        statuses = set(MANIFEST.objects(expect, MF.expectedStatus))
        assert status_class_ok(response, statuses), (response.status_code, response.text[:300])
        fmt = MANIFEST.value(expect, MF.expectedFormat)
        if fmt is not None:
            assert response.headers["Content-Type"].split(";")[0] in FORMATS[str(fmt)], response.headers
        boolean = MANIFEST.value(expect, MF.expectedBoolean)
        if boolean is not None:
            assert response.json()["boolean"] is boolean.toPython()
        if str(response.status_code).startswith("4"):
            assert response.text.strip(), "a 4xx carries a message a person can read"


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=lambda t: str(t).split("#")[1])
def test_update_tests_are_refused_by_the_read_only_endpoint(endpoint: str, test) -> None:  # type: ignore[no-untyped-def]
    first = next(iter(Collection(MANIFEST, MANIFEST.value(MANIFEST.value(test, MF.action), HT.requests))))
    response = send(endpoint, first)
    assert 400 <= response.status_code < 500, response.status_code
    assert "Traceback" not in response.text
