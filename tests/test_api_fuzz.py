"""The HTTP API fuzzed from its own OpenAPI description (server/openapi.json) with schemathesis:
hypothesis generates requests within and around the documented parameters, against the real server
over the seed data; no answer may be a server error, and every answer must match its documented
status codes, content type, headers and JSON schema.

One check is left out for the two protocol endpoints: that any schema-valid request is accepted.
To OpenAPI, /sparql's ``query`` is a string, but it must parse as SPARQL, and /graph-store takes
``graph`` or ``default`` but not both, which OpenAPI cannot say: those requests are rightly 400."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import missing_required_header, positive_data_acceptance

from tests.conftest import ROOT
from tests.server_process import seeded_server

TEXT_BODIES = ("application/sparql-query", "application/sparql-update", "text/turtle", "application/n-triples",
               "application/n-quads", "application/trig", "application/rdf+xml")


@schemathesis.serializer(*TEXT_BODIES)
def as_utf8(context: object, value: object) -> bytes:
    """Queries, updates and RDF are text: send what was generated as UTF-8 (bytes as they are)."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


schemathesis.serializer.alias("application/ld+json", "application/json")

SCHEMA = schemathesis.openapi.from_path(Path(ROOT) / "server" / "openapi.json")


WRITES = {("PUT", "/graph-store"), ("POST", "/graph-store"), ("DELETE", "/graph-store"), ("POST", "/sparql")}
TOKEN = "a-token-for-the-fuzzing-tests"
HANG = 30  # seconds: an answer slower than this fails the test as a hang
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def excluded(case: schemathesis.Case, token: bool) -> list:
    """Checks that do not apply here (see the module docstring)."""
    checks = [positive_data_acceptance] if case.path in ("/sparql", "/graph-store") else []
    if not token:  # a read-only server answers writes 403 (disabled), never 401 (which asks for a token)
        checks.append(missing_required_header)
    return checks


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_server(tmp_path_factory.mktemp("fuzz-writes"), env={"TVKG_UPDATE_TOKEN": TOKEN}) as base:
        yield base


@SCHEMA.parametrize()
@FUZZ
def test_the_api_keeps_its_documented_promises(case: schemathesis.Case, seed_url: str) -> None:
    case.call_and_validate(base_url=seed_url, excluded_checks=excluded(case, token=False), timeout=HANG)


WRITE_SCHEMA = schemathesis.openapi.from_path(Path(ROOT) / "server" / "openapi.json").include(
    method_regex="PUT|POST|DELETE")


@WRITE_SCHEMA.auth()
class UpdateToken:
    """The writable server's token, sent as schemathesis sees fit (it also tries requests without it)."""

    def get(self, case: schemathesis.Case, context: object) -> str:
        return TOKEN

    def set(self, case: schemathesis.Case, data: str, context: object) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@WRITE_SCHEMA.parametrize()
@FUZZ
def test_writes_with_the_token_keep_their_documented_promises(case: schemathesis.Case, writable_url: str) -> None:
    """Writes really happen here: random updates, graphs and bodies against a writable store."""
    response = case.call_and_validate(base_url=writable_url, excluded_checks=excluded(case, token=True), timeout=HANG)
    WRITE_ANSWERS.add((case.method, response.status_code))


WRITE_ANSWERS: set[tuple[str, int]] = set()


def test_the_fuzzed_writes_were_accepted_as_well_as_refused() -> None:
    """Runs after the fuzzing above (run the module, not this test alone): the fuzzer must have
    written, not only been turned away."""
    assert {("PUT", 201), ("POST", 204), ("DELETE", 204)} & WRITE_ANSWERS, WRITE_ANSWERS
    assert {("PUT", 401), ("POST", 401), ("DELETE", 401)} & WRITE_ANSWERS, WRITE_ANSWERS
