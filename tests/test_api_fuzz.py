"""The JSON API fuzzed from its own OpenAPI description (server/openapi.json) with schemathesis:
hypothesis generates requests within and around the documented parameters, against the real server
over the seed data; no answer may be a server error, and every answer must match its documented
status codes, content type and JSON schema."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from tests.conftest import ROOT

SCHEMA = schemathesis.openapi.from_path(Path(ROOT) / "server" / "openapi.json")


@SCHEMA.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_json_api_keeps_its_documented_promises(case: schemathesis.Case, seed_url: str) -> None:
    case.call_and_validate(base_url=seed_url)
