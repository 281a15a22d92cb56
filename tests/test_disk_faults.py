"""A full disk and a read-only store directory: every write says which in one line and exits
non-zero (or 507/503 through the server), nothing is half-written, and reading goes on.

The store sits on a small tmpfs in a private mount namespace (tests/small_disk.py), the only way
to make a disk full or read-only for a process running as root.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import write
from tests.conftest import DATA, NETFLIX
from tests.small_disk import in_small_disk

STORE = ["--store", "{disk}/store"]
SMALL_CSV = "tests/fixtures/csv/other.csv"
ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
INSERT = "INSERT DATA { <urn:tvkg:test:a> <urn:tvkg:test:b> <urn:tvkg:test:c> }"


def by_step(record: list[dict]) -> dict[str, dict]:
    """Each step's result under a short name: "tvkg load", "list .", "get /", "update" (with a ' for
    each earlier step of the same name)."""
    named: dict[str, dict] = {}
    for result in record:
        step = result["step"]
        name = " ".join(step[:2]) if step[0] in ("tvkg", "list", "get") else step[0]
        while name in named:
            name += "'"
        named[name] = result
    return named


def assert_refused(result: dict, *needles: str) -> None:
    assert result["rc"] == 1, result
    assert "Traceback" not in result["err"] + result["out"], result
    assert result["err"].startswith("error: ") and result["err"].count("\n") == 1, result
    for needle in needles:
        assert needle in result["err"], (needle, result)


@pytest.fixture(scope="module")
def bulk_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """35 MB of N-Quads: past the 32 MB threshold of the bulk loader, and past what the disk holds."""
    path = tmp_path_factory.mktemp("bulk") / "bulk.nq"
    with path.open("w", encoding="utf-8") as out:
        write(out, 200_000, seed=5, quads=True)
    return path


def test_writes_that_fill_the_disk_midway_fail_cleanly_and_leave_the_store_as_it_was(
        tmp_path: Path, bulk_file: Path) -> None:
    medium = tmp_path / "medium.nq"  # under the bulk threshold: the checked path
    with medium.open("w", encoding="utf-8") as out:
        write(out, 60_000, seed=6, quads=True)
    steps = [["tvkg", "load", "--quiet", str(DATA), *STORE], ["tvkg", "export", *STORE], ["list", "store"],
             ["tvkg", "load", "--quiet", str(medium), *STORE],
             ["tvkg", "load", "--quiet", str(bulk_file), *STORE],
             ["tvkg", "import", "csv", str(NETFLIX), "--quiet", *STORE],
             ["tvkg", "export", *STORE], ["list", "store"],
             ["tvkg", "import", "csv", SMALL_CSV, "--quiet", *STORE]]
    step = by_step(in_small_disk(tmp_path, 20, steps))
    assert step["tvkg load"]["rc"] == 0
    for name in ("tvkg load'", "tvkg load''", "tvkg import"):  # checked load, bulk load, import
        assert_refused(step[name], "is full; nothing was written")
    assert step["tvkg export'"]["out"] == step["tvkg export"]["out"] != ""  # exactly the quads it had
    assert step["list store'"]["names"] == step["list store"]["names"]  # no half-written generation left
    assert step["tvkg import'"]["rc"] == 0, step["tvkg import'"]  # the space was given back


def small_file(folder: Path) -> str:
    path = folder / "small.nt"
    path.write_text('<urn:tvkg:test:s> <urn:tvkg:test:p> "a small file" .\n', encoding="utf-8")
    return str(path)


def writes_and_serving(folder: Path) -> list[list[str]]:
    """Four kinds of write through the CLI, then the server: an update, a query and a page."""
    return [["tvkg", "load", "--quiet", small_file(folder), *STORE],
            ["tvkg", "import", "csv", SMALL_CSV, "--quiet", *STORE],
            ["tvkg", "infer", *STORE],
            ["tvkg", "backup", "{disk}/backup", *STORE],
            ["serve"], ["update", INSERT], ["get", ASK], ["get", "/"], ["stop"]]


def assert_writes_refused_and_reading_goes_on(step: dict[str, dict], says: str, update_status: int) -> None:
    """What writes_and_serving gave: each write refused saying ``says``, the queries answered, and
    the store exactly as it was (the steps must export it before and after)."""
    for name in ("tvkg load'", "tvkg import", "tvkg infer", "tvkg backup"):
        assert_refused(step[name], says)
    assert step["update"]["status"] == update_status and says in step["update"]["text"]
    assert step["get " + ASK]["status"] == 200 and '"boolean":true' in step["get " + ASK]["text"]
    assert step["get /"]["status"] == 200
    assert step["tvkg export'"]["out"] == step["tvkg export"]["out"]


def test_when_the_disk_is_full_every_write_says_so_and_reading_goes_on(tmp_path: Path) -> None:
    steps = [["tvkg", "load", "--quiet", str(DATA), *STORE], ["tvkg", "export", *STORE], ["list", "."], ["fill"],
             *writes_and_serving(tmp_path),
             ["tvkg", "export", *STORE], ["list", "."], ["free"],
             ["tvkg", "import", "csv", SMALL_CSV, "--quiet", *STORE]]
    step = by_step(in_small_disk(tmp_path, 16, steps))
    assert step["fill"]["filled"] > 1 << 20
    assert_writes_refused_and_reading_goes_on(step, "is full; nothing was written", update_status=507)
    assert step["list .'"]["names"] == ["filler", *step["list ."]["names"]]  # no half-written backup
    assert step["tvkg import'"]["rc"] == 0, step["tvkg import'"]


def test_a_store_on_a_read_only_file_system_is_served_but_never_written(tmp_path: Path) -> None:
    steps = [["tvkg", "load", "--quiet", str(DATA), *STORE], ["tvkg", "export", *STORE], ["read-only"],
             ["tvkg", "stats", *STORE],
             ["tvkg", "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?class }", *STORE],
             *writes_and_serving(tmp_path),
             ["tvkg", "export", *STORE]]
    step = by_step(in_small_disk(tmp_path, 16, steps))
    assert step["tvkg stats"]["rc"] == 0 and "quads" in step["tvkg stats"]["out"]
    assert step["tvkg query"]["rc"] == 0
    assert_writes_refused_and_reading_goes_on(step, "read-only file system", update_status=503)
