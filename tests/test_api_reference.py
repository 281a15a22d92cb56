"""The API reference kept in docs/api is what pdoc makes from today's docstrings (`make docs`), and
every public name it documents says what it is for."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import tvkg.api
from tests.conftest import ROOT

KEPT = ROOT / "docs" / "api"


def test_the_kept_reference_is_current(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "docs/api/build.py", str(tmp_path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    built = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    kept = {p.relative_to(KEPT): p.read_bytes() for p in KEPT.rglob("*") if p.is_file() and p.name != "build.py"}
    assert built.keys() == kept.keys()
    stale = [str(name) for name in built if built[name] != kept[name]]
    assert not stale, f"docs/api is out of date ({', '.join(stale)}): run `make docs`"


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


def test_every_public_name_is_also_tvkg_dot_that_name() -> None:
    import tvkg
    assert sorted(tvkg.API) == sorted(tvkg.api.__all__)
    assert tvkg.TooLarge is tvkg.api.TooLarge and tvkg.open is tvkg.api.open


def test_the_readme_links_the_reference() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "docs/api/tvkg/api.html" in readme and "docs/notebooks/" in readme
