"""Backups, and faults: `tvkg backup`/`tvkg restore` round-trip the store while it is in use, and a
process killed (SIGKILL) in the middle of a load, an import or an update through the server leaves
a store that opens and holds all or none of what that command was writing."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from benchmarks.generate import write
from tests.conftest import DATA, NETFLIX, ROOT, assert_clean_failure, run_cli
from tests.server_process import running_server
from tvkg.store.generations import Store

TVKG = [sys.executable, "-m", "tvkg.cli"]


def quads(store_path: Path) -> set[str]:
    with Store.open(store_path, read_only=True) as store:
        return {str(q) for q in store.ox}


def test_backup_while_served_and_restore_give_back_the_same_quads(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", str(DATA), "--store", str(store)).returncode == 0
    before = quads(store)
    with running_server(store) as url:  # online: the server keeps answering during the backup
        made = run_cli("backup", str(tmp_path / "backup"), "--store", str(store))
        assert made.returncode == 0 and f"backed up {len(before):,} quads" in made.stderr
        assert requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).ok
    assert run_cli("import", "csv", str(ROOT / "tests/fixtures/csv/other.csv"), "--store", str(store)).returncode == 0
    assert quads(store) != before
    assert run_cli("restore", str(tmp_path / "backup"), "--store", str(store)).returncode == 0
    assert quads(store) == before
    assert_clean_failure(run_cli("backup", str(tmp_path / "backup"), "--store", str(store)), "already exists")
    marker = tmp_path / "backup" / "tvkg-backup.json"
    marker.write_text(json.dumps({"tvkg_backup": 1, "quads": 7}))
    assert_clean_failure(run_cli("restore", str(tmp_path / "backup"), "--store", str(store)), "is damaged")
    assert_clean_failure(run_cli("restore", str(tmp_path), "--store", str(store)), "is not a tvkg backup")
    assert quads(store) == before


def _writing_started(store: Path) -> None:
    """Wait until a write has begun: a generation newer than the live one exists (the staging copy)."""
    live = int(os.readlink(store / "current").removeprefix("gen-"))
    deadline = time.monotonic() + 60
    while not any(int(n) > live for p in store.glob("gen-*") if (n := p.name.removeprefix("gen-")).isdigit()):
        assert time.monotonic() < deadline, "no write began within a minute"
        time.sleep(0.02)
    time.sleep(0.3)  # well into it


def _killed_midway(command: list[str], store: Path) -> None:
    """Start ``command``, SIGKILL it once it is writing (it must still be running then)."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _writing_started(store)
    assert process.poll() is None, "the command finished before it could be killed; give it more to do"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_a_load_killed_midway_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", str(DATA), "--store", str(store)).returncode == 0
    before = quads(store)
    big = tmp_path / "big.nq"
    with big.open("w", encoding="utf-8") as out:
        write(out, 400_000, seed=5, quads=True)  # about 70 MB: the bulk path
    _killed_midway([*TVKG, "load", "--quiet", "--store", str(store), str(big)], store)
    assert quads(store) == before  # opens, and holds none of the killed load
    # and can be written again (without inference, which this test is not about and which took most of its minute)
    assert run_cli("load", "--quiet", "--no-infer", "--store", str(store), str(big)).returncode == 0
    assert len(quads(store)) > len(before) + 400_000


def test_an_import_killed_midway_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", str(DATA), "--store", str(store)).returncode == 0
    before = quads(store)
    netflix = NETFLIX
    _killed_midway([*TVKG, "import", "csv", str(netflix), "--quiet", "--store", str(store)], store)
    assert quads(store) == before


def test_an_update_through_a_killed_server_is_all_or_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", str(DATA), "--store", str(store)).returncode == 0
    before = quads(store)
    token = "a-test-token-of-enough-length"
    body = io.StringIO()
    body.write("INSERT DATA { GRAPH <urn:tvkg:test:killed> {\n")
    for n in range(200_000):
        body.write(f"<urn:tvkg:test:s{n}> <urn:tvkg:test:p> \"{n}\" .\n")
    body.write("} }")
    env = {"TVKG_UPDATE_TOKEN": token, "TVKG_MAX_REQUEST_BYTES": str(64 << 20), "TVKG_MAX_QUERY_BYTES": str(64 << 20)}
    with running_server(store, env=env) as url:
        server = _server_pids(url)
        sent = subprocess.Popen([sys.executable, "-c", (
            "import requests,sys; requests.post(sys.argv[1], data=sys.stdin.buffer.read(), timeout=120, "
            "headers={'Content-Type': 'application/sparql-update', 'Authorization': 'Bearer ' + sys.argv[2]})")
            , url + "/sparql", token], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sent.stdin.write(body.getvalue().encode())  # type: ignore[union-attr]
        sent.stdin.close()  # type: ignore[union-attr]
        _writing_started(store)
        for pid in {pid for listener in server for pid in _family(listener)}:
            os.kill(pid, signal.SIGKILL)
        sent.wait(60)
    after = quads(store)
    added = after - before
    assert after == before, len(added)  # killed while writing: none of it


def _server_pids(url: str) -> set[int]:
    """The processes listening on the server's port: the server and its workers, which share the socket."""
    port = url.rsplit(":", 1)[1]
    found = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    return {int(part.split(",")[0]) for part in found.split("pid=")[1:]}


def _family(pid: int) -> list[int]:
    """The process and all its descendants (the server's workers, their query and writer processes)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *(p for child in children for p in _family(int(child)))]


def test_query_processes_die_with_a_killed_server(tmp_path: Path) -> None:
    """A query's time limit is enforced by the server process: if that dies, its query processes
    must go too, not run an explosive query for ever."""
    store = tmp_path / "store"
    assert run_cli("load", str(DATA), "--store", str(store)).returncode == 0
    with running_server(store) as url:
        server = _server_pids(url)
        family = {pid for listener in server for pid in _family(listener)}
        explosive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        subprocess.Popen([sys.executable, "-c", "import requests,sys; requests.get(sys.argv[1], params={'query': "
                          "sys.argv[2]}, timeout=60)", url + "/sparql", explosive],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2)  # the query is running in a query process
        for pid in server:
            os.kill(pid, signal.SIGKILL)  # the server and its workers, not their query processes
        assert family - server, "the query processes are the workers' children"
        survivors = [pid for pid in family if Path(f"/proc/{pid}").exists()]
        deadline = time.monotonic() + 10
        while survivors and time.monotonic() < deadline:
            time.sleep(0.2)
            survivors = [pid for pid in survivors if _alive(pid)]
        assert survivors == [], "query processes outlived the server"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; its parent (gone) did not reap it yet


def test_a_damaged_store_is_reported_and_can_be_restored(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", str(DATA), "--store", str(store)).returncode == 0
    assert run_cli("backup", str(tmp_path / "backup"), "--store", str(store)).returncode == 0
    before = quads(store)
    live = store / os.readlink(store / "current")
    for table in live.glob("*.sst"):
        table.write_bytes(b"\0" * 100)  # RocksDB's tables damaged
    for command in (["stats"], ["query", "ASK {}"], ["serve", "--port", "1"]):
        assert_clean_failure(run_cli(*command, "--store", str(store)), "is damaged", "restore it from a backup")
    assert run_cli("restore", str(tmp_path / "backup"), "--store", str(store)).returncode == 0
    assert quads(store) == before
    (store / "current").unlink()
    assert_clean_failure(run_cli("stats", "--store", str(store)), "is corrupt: current is missing")
