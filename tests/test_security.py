"""What the server promises a public deployment (SECURITY.md): security headers on every page,
no tracebacks or paths in errors, and a per-client rate limit when configured."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.conftest import DATA, assert_clean_failure, run_cli
from tests.server_process import seeded_server
from tvkg.errors import ConfigError
from tvkg.server.config import Config

PAGES = ["/", "/id/person/park-ji-hu.html", "/sparql", "/search?q=park", "/ontology"]


def test_every_page_has_the_security_headers(seed_url: str) -> None:
    for path in PAGES:
        answer = requests.get(seed_url + path, headers={"Accept": "text/html"}, timeout=30)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html"), path
        policy = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0], path
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
    results = requests.get(seed_url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert results.headers["X-Content-Type-Options"] == "nosniff"


def test_errors_show_no_traceback_or_server_path(seed_url: str) -> None:
    bad = [("/sparql", {"query": "SELECT * WHERE { ?s ?p }"}), ("/sparql", {"query": "x" * 70_000}),
           ("/api/path", {"from": "\x00", "to": "%"}), ("/api/search", {"q": "a", "limit": "many"}),
           ("/id/person/%F0%28%8C%28", {}), ("/graph-store", {"graph": "not an iri"}),
           ("/api/rank", {"measure": "x" * 5000})]
    for path, params in bad:
        answer = requests.get(seed_url + path, params=params, timeout=30)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)
        assert "Traceback" not in answer.text and ".py" not in answer.text and "/work/" not in answer.text, path


def test_a_client_past_its_rate_gets_429_with_retry_after(tmp_path: Path) -> None:
    with seeded_server(tmp_path, env={"TVKG_RATE_LIMIT": "5"}) as url:
        session = requests.Session()
        codes = [session.get(url + "/api/search", params={"q": "park"}, timeout=30).status_code for _ in range(6)]
        assert codes[:3] == [200] * 3 and codes[-1] == 429  # (the start-up probe took one of the five)
        assert codes.count(200) <= 5
        refused = session.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "at most 5 a minute" in refused.text
        api = session.get(url + "/api/search", params={"q": "park"}, timeout=30)  # the JSON API's 429 is JSON
        assert api.status_code == 429 and "at most 5 a minute" in api.json()["error"]
        assert session.get(url + "/static/tvkg.css", timeout=30).status_code == 200  # static files are free


def test_a_client_past_its_cap_on_queries_at_once_gets_429_with_retry_after(tmp_path: Path) -> None:
    """One query at a time per client address here: while its explosive query runs, the client's
    next query needing a query process gets 429 (a light one, answered in the server's thread, does not)."""
    explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    quick = "ASK { ?s ?p ?o FILTER(RAND() >= 0) }"  # needs a query process every time
    env = {"TVKG_CLIENT_MAX_QUERIES": "1", "TVKG_QUERY_TIMEOUT": "3"}
    with seeded_server(tmp_path, env=env) as url, ThreadPoolExecutor(1) as other:
        def run_explosive() -> requests.Response:
            return requests.get(url + "/sparql", params={"query": explosive}, timeout=30)

        running = other.submit(run_explosive)
        refused = requests.get(url + "/sparql", params={"query": quick}, timeout=30)
        while refused.status_code == 200:  # until the explosive query is in
            if running.done():  # it came while a quick one was in, and was refused itself
                assert running.result().status_code == 429
                running = other.submit(run_explosive)
            refused = requests.get(url + "/sparql", params={"query": quick}, timeout=30)
        assert not running.done() or running.result().status_code == 503
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1, refused.text
        assert "at most 1 may wait or run at a time (TVKG_CLIENT_MAX_QUERIES)" in refused.text
        light = requests.get(url + "/sparql", params={"query": 'ASK { ?s skos:prefLabel "Squid Game"@en }'},
                             timeout=30)
        assert light.status_code == 200
        assert running.result().status_code == 503  # stopped at its time limit
        assert requests.get(url + "/sparql", params={"query": quick}, timeout=30).status_code == 200


def test_a_short_update_token_is_refused_at_start(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", "--quiet", "--store", str(store), str(DATA)).returncode == 0
    refused = run_cli("serve", "--store", str(store), "--port", "0", env={"TVKG_UPDATE_TOKEN": "short"})
    assert_clean_failure(refused, "TVKG_UPDATE_TOKEN is too short")


@pytest.mark.parametrize(("setting", "value", "says"), [
    ("TVKG_QUERY_WORKERS", "0", "TVKG_QUERY_WORKERS=0 is too small: use 1 or more"),
    ("TVKG_QUERY_TIMEOUT", "-1", "TVKG_QUERY_TIMEOUT=-1.0 must be more than 0 seconds"),
    ("TVKG_LONG_QUERY_SECONDS", "nan", "TVKG_LONG_QUERY_SECONDS=nan must be more than 0 seconds"),
    ("TVKG_RESERVED_WORKERS", "many", "TVKG_RESERVED_WORKERS='many' is not a valid int"),
    ("TVKG_LONG_QUEUE_WAIT", "-1", "TVKG_LONG_QUEUE_WAIT=-1.0 is too small: use 0 or more"),
    ("TVKG_CLIENT_MAX_QUERIES", "-1", "TVKG_CLIENT_MAX_QUERIES=-1 is too small: use 0 or more"),
])
def test_settings_out_of_range_are_refused_at_start(setting: str, value: str, says: str) -> None:
    with pytest.MonkeyPatch.context() as env:
        env.setenv(setting, value)
        with pytest.raises(ConfigError, match=re.escape(says)):
            Config.from_env()


def test_every_error_of_the_json_api_is_json(seed_url: str) -> None:
    """Under /api/ even the errors raised around the endpoints (an unknown path, a method not
    allowed) answer JSON without being asked; elsewhere plain text unless JSON is asked for."""
    for answer, status in ((requests.get(seed_url + "/api/nothing", timeout=30), 404),
                           (requests.delete(seed_url + "/api/search", timeout=30), 405)):
        assert answer.status_code == status and answer.headers["Content-Type"].startswith("application/json")
        assert answer.json()["error"]
    page = requests.get(seed_url + "/nothing", timeout=30)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/plain")
