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


# The catalogue slice: shows the tests name, plus the first few dozen TV shows of the file
SLICE_TITLES = ("Kingdom", "Persona", "Friends", "Squid Game", "Breaking Bad", "Stranger Things", "The Crown",
                "Chief of Staff", "Strong Girl Bong-soon", "Hyena", "Narcos: Mexico", "Club de Cuervos")
SLICE_FIRST = 30


@pytest.fixture(scope="session")
def catalogue_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built the way `tvkg init` builds the default one (the curated seed, the catalogue with
    its manifest options, then resolution) from a slice of the real Netflix catalogue: the first
    SLICE_FIRST TV shows and those SLICE_TITLES names. Imported data, not only the seed, in every
    page, API, search, path and alignment test that uses it; read it, never write to it."""
    import csv

    from tvkg.importers import manifest

    folder = tmp_path_factory.mktemp("slice")
    with NETFLIX.open(encoding="utf-8", newline="") as source, \
            (folder / "netflix_titles.csv").open("w", encoding="utf-8", newline="") as target:
        rows, out = csv.reader(source), csv.writer(target)
        header = next(rows)
        out.writerow(header)
        kind, title, shows = header.index("type"), header.index("title"), 0
        for row in rows:
            if row[kind] == "TV Show" and (shows < SLICE_FIRST or row[title] in SLICE_TITLES):
                out.writerow(row)
                shows += 1
    bundled = (DATA / "sources.toml").read_text(encoding="utf-8")
    (folder / "sources.toml").write_text(bundled.replace('"000_', f'"{DATA}/000_').replace(
        '"general_', f'"{DATA}/general_'), encoding="utf-8")
    path = folder / "store"
    with Store.open(path) as store:
        manifest.build(store, manifest.read(folder / "sources.toml"))
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
