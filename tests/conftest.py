"""Shared fixtures: the seed data in a real Oxigraph store, and helpers to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.shared import NETFLIX, W3C_SUITE, shared_dir  # noqa: F401 -- the tests import them from here
from tvkg.load.files import load
from tvkg.store.generations import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


TVKG = [sys.executable, "-m", "tvkg.cli"]
pytest_plugins = ["tests.browser"]  # the browser and seed_url fixtures of the page tests


@pytest.fixture(scope="session")
def seed() -> Store:
    """The curated data/ loaded (validated, with inference) into an in-memory Oxigraph store."""
    store = Store.memory()
    load(store, [DATA])
    return store


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `tvkg init` builds from the bundled data (what `make run` serves); read it, never
    write to it: several test modules share it."""
    path = tmp_path_factory.mktemp("bundled") / "store"
    result = run_cli("init", "--store", str(path), "--quiet")
    assert result.returncode == 0, result.stderr
    return path


def select(store: Store, sparql: str) -> list[dict[str, str]]:
    """Run a SELECT through the rdflib API (the programming interface) and return plain strings."""
    result = store.dataset.query(sparql)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run ``tvkg ARGS`` as a separate process, the way a user does."""
    return subprocess.run([*TVKG, *args], capture_output=True, text=True, input=stdin, timeout=600,
                          env={**os.environ, **(env or {})}, cwd=ROOT)


def assert_clean_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """A failure a person can read: non-zero exit, an 'error:' line naming the problem, no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
