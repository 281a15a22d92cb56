"""The example notebooks (docs/notebooks) run headless, without network, on the store `tvkg init`
builds from the bundled data, through their own runner (`make notebooks` uses it too); and the
copies kept in the repository were run, so their outputs are there to read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))


def outputs(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or displayed as text."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            found.append(output.get("text", "") + output.get("data", {}).get("text/plain", "")
                         + output.get("data", {}).get("text/html", ""))
    return "\n".join(found)


@pytest.fixture(scope="module")
def executed(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, nbformat.NotebookNode]:
    out = tmp_path_factory.mktemp("notebooks")
    done = subprocess.run([sys.executable, "docs/notebooks/run.py", "--store", str(bundled_store), "--out", str(out),
                           "--figures", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-5000:]
    return {path.name: nbformat.read(out / path.name, as_version=4) for path in NOTEBOOKS}


def test_there_are_three_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == ["1_korean_shows.ipynb", "2_aoud_season_2.ipynb", "3_resolution.ipynb"]


def test_every_cell_runs_without_error(executed: dict[str, nbformat.NotebookNode]) -> None:
    for name, notebook in executed.items():
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(c.execution_count for c in code), name
        assert not [o for c in code for o in c.outputs if o.output_type == "error"], name


def test_korean_shows_finds_bridges_communities_and_plots_degrees(executed: dict[str, nbformat.NotebookNode]) -> None:
    text = outputs(executed["1_korean_shows.ipynb"])
    assert "people are credited on the" in text and "Cho Seong-ha" in text
    assert "1. " in text and "people, around" in text  # the largest community, named by its shows
    assert "degree(s) of separation" in text and " hops:" in text
    assert _pngs(executed["1_korean_shows.ipynb"]) == 1


def test_season_2_timeline_and_what_a_reader_knew(executed: dict[str, nbformat.NotebookNode]) -> None:
    notebook = executed["2_aoud_season_2.ipynb"]
    text = outputs(notebook)
    assert "Netflix renews All of Us Are Dead for season 2" in text
    assert "2023 (rumoured), 2024 (expected)" in text  # the disagreement, once both were stated
    assert "nothing yet" in text  # before the renewal
    assert _pngs(notebook) == 1


def test_resolution_merges_a_second_source(executed: dict[str, nbformat.NotebookNode]) -> None:
    text = outputs(executed["3_resolution.ipynb"])
    assert "ambiguous, never a guess" in text and "윤찬영" in text
    assert "same name and a production both are credited" in text  # (pandas shortens long cells)
    assert "8 match(es), 8 merged" in text and "person/wikidata-q990000101" in text
    assert "Seo Yea-ji" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_kept_copies_were_run(path: Path) -> None:
    """What the repository shows a reader has its outputs (`make notebooks` refreshes them)."""
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code) and all(c.outputs for c in code[1:])


def _pngs(notebook: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))
