"""The manual is complete and served: every setting the code reads, every `tvkg` command and every
HTTP route appears in it; every public name of the Python API has a docstring, which the API
reference is generated from, and every docstring example runs; the built manual is served at
/docs without letting a request out of its folder."""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from flask.testing import FlaskClient

import tvkg
import tvkg.api
from tests.conftest import ROOT
from tvkg.cli import cli
from tvkg.server.app import create_app
from tvkg.server.config import Config
from tvkg.store.generations import Store

MANUAL = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md")))
# Set by tvkg for its own processes, never by a user.
INTERNAL = {"TVKG_SHARED_ADDRESS", "TVKG_SHARED_KEY"}
SOURCES = [*(ROOT / "graph").rglob("*.py"), *(ROOT / "server").rglob("*.py"), *(ROOT / "ontology").rglob("*.py")]


def settings_read_by_the_code() -> set[str]:
    found = {f"TVKG_{name.upper()}" for name in Config.__dataclass_fields__}
    for path in SOURCES:
        found |= set(re.findall(r"\bTVKG_[A-Z][A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    return found - INTERNAL


def test_every_setting_is_in_the_manual() -> None:
    settings = settings_read_by_the_code()
    assert {"TVKG_STORE", "TVKG_QUERY_TIMEOUT", "TVKG_SERVER", "TVKG_DOCS"} <= settings
    reference = (ROOT / "docs" / "reference" / "settings.md").read_text(encoding="utf-8")
    missing = sorted(s for s in settings if f"`{s}" not in reference)
    assert not missing, f"settings missing from docs/reference/settings.md: {missing}"


def test_every_command_is_in_the_manual() -> None:
    assert isinstance(cli, click.Group)
    reference = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    missing = sorted(name for name in cli.commands if f"`tvkg {name}" not in reference)
    assert len(cli.commands) >= 20 and not missing, f"commands missing from docs/reference/cli.md: {missing}"


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of its own for the apps below (a clean clone has none in var/store)."""
    path = tmp_path_factory.mktemp("docs-app") / "store"
    Store.open(path).close()
    return path


def test_every_route_is_in_the_manual(empty_store: Path) -> None:
    app = create_app(Config.from_env(store=empty_store, query_workers=1, warm_projections=False))
    try:
        rules = {re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule) for rule in app.url_map.iter_rules()}
    finally:
        app.extensions["tvkg"].close()
    assert {"/sparql", "/id/<rest>", "/docs/", "/docs/<page>"} <= rules
    reference = (ROOT / "docs" / "reference" / "routes.md").read_text(encoding="utf-8")
    missing = sorted(rule for rule in rules if f"`{rule}`" not in reference)
    assert not missing, f"routes missing from docs/reference/routes.md: {missing}"


def test_every_public_name_and_method_has_a_docstring() -> None:
    missing = []
    for name in tvkg.api.__all__:
        value = getattr(tvkg.api, name)
        if not inspect.getdoc(value):
            missing.append(name)
        if inspect.isclass(value) and issubclass(value, tvkg.api.Graph):
            missing += [f"{name}.{m}" for m, f in inspect.getmembers(value, inspect.isfunction)
                        if not m.startswith("_") and not inspect.getdoc(f)]
    assert not missing, missing


def test_every_public_name_is_also_tvkg_dot_that_name_and_in_the_reference() -> None:
    assert sorted(tvkg.API) == sorted(tvkg.api.__all__)
    assert tvkg.TooLarge is tvkg.api.TooLarge and tvkg.open is tvkg.api.open
    reference = (ROOT / "docs" / "reference" / "python-api.md").read_text(encoding="utf-8")
    missing = [name for name in tvkg.api.__all__ if f"::: tvkg.api.{name}\n" not in reference]
    assert not missing, f"names missing from docs/reference/python-api.md: {missing}"


def _modules() -> Iterator[str]:
    import tvkg.ontology
    import tvkg.server

    for package in (tvkg, tvkg.ontology, tvkg.server):  # three folders (graph/, ontology/, server/)
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.endswith("__main__"):
                yield module.name


def test_docstring_examples_run() -> None:
    ran = 0
    for name in _modules():
        module = importlib.import_module(name)
        failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert failed == 0, f"{failed} docstring example(s) of {name} failed"
        ran += tried
    assert ran >= 10, f"only {ran} docstring examples"


# -- /docs --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manual, built the way `make docs` builds it, into a folder of its own."""
    site = tmp_path_factory.mktemp("manual") / "site"
    subprocess.run(["make", "-s", "layout"], cwd=ROOT, check=True, capture_output=True)
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet",
                           "--site-dir", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    return site


def _client(docs: Path, store: Path) -> Iterator[FlaskClient]:
    app = create_app(Config.from_env(docs=docs, store=store, query_workers=1, warm_projections=False))
    try:
        yield app.test_client()
    finally:
        app.extensions["tvkg"].close()


@pytest.fixture(scope="module")
def client(built: Path, empty_store: Path) -> Iterator[FlaskClient]:
    yield from _client(built, empty_store)


def test_the_manual_is_served_at_docs_with_its_reference(client: FlaskClient) -> None:
    home = client.get("/docs/")
    assert home.status_code == 200 and b"tvkg manual" in home.data
    assert client.get("/docs", follow_redirects=True).status_code == 200
    reference = client.get("/docs/reference/python-api.html")
    assert reference.status_code == 200 and b"tvkg.api.Graph" in reference.data  # from the docstrings
    assert b"Open a store" in reference.data or b"open" in reference.data
    assert client.get("/docs/no-such-page.html").status_code == 404


def test_the_manual_loads_nothing_from_elsewhere(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        outside = re.findall(r'(?:src|href)="(https?://[^"]+)"', text)
        assert not [u for u in outside if re.search(r"\.(js|css|woff2?)(\?|$)", u)], (page, outside)


def test_no_request_leaves_the_manual_folder(client: FlaskClient) -> None:
    for path in ("/docs/../pyproject.toml", "/docs/%2e%2e/pyproject.toml", "/docs//etc/passwd",
                 "/docs/..%2f..%2fpyproject.toml"):
        answer = client.get(path, follow_redirects=True)
        assert answer.status_code == 404 and b"[project]" not in answer.data, path


def test_pages_outside_the_manual_keep_the_strict_policy(client: FlaskClient) -> None:
    assert "'unsafe-inline'" in client.get("/docs/").headers["Content-Security-Policy"]
    assert "script-src 'self';" in client.get("/").headers["Content-Security-Policy"]


def test_without_a_built_manual_docs_says_how_to_build_it(tmp_path: Path, empty_store: Path) -> None:
    for client in _client(tmp_path / "nothing", empty_store):
        answer = client.get("/docs/")
        assert answer.status_code == 404 and b"make docs" in answer.data


def test_the_home_page_links_the_manual(client: FlaskClient) -> None:
    assert b'href="/docs/"' in client.get("/").data
