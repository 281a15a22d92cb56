"""The places for long queries: their bookkeeping (graph.long_queries) and what the query pool does
with a long query's process. The server's behaviour under explosive queries is tested in
test_endpoint_limits."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, run_cli
from tvkg.query import pool as query_pool
from tvkg.query.long_queries import LongQueries
from tvkg.query.pool import Job, QueryPool

LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


def test_places_are_limited_and_given_back() -> None:
    places = LongQueries(slots=2, after=1.0)
    assert places.claim() and places.claim()
    assert not places.claim()
    places.release()
    assert places.claim()


def test_a_query_that_ran_long_is_remembered_for_a_while() -> None:
    places = LongQueries(slots=1, after=1.0, remember_seconds=0.2)
    places.remember("explosive")
    assert places.known("explosive") and not places.known("quick")
    time.sleep(0.3)
    assert not places.known("explosive")


def test_only_the_most_recent_long_queries_are_remembered() -> None:
    places = LongQueries(slots=1, after=1.0, remember_count=3)
    for name in "abcd":
        places.remember(name)
    places.remember("b")  # noted again: now the most recent
    places.remember("e")
    assert [places.known(name) for name in "abcde"] == [False, True, False, True, True]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "store"
    assert run_cli("load", "--quiet", "--store", str(path), str(DATA)).returncode == 0
    return path


def answered(pool: QueryPool, query: str) -> int:
    """Run ``query`` to the end; the pid of the process that answered it."""
    job = Job(query, formats=(("solutions", "json"), ("boolean", "json"), ("graph", "ntriples")))
    with pool.session(job) as session:
        session.kind()
        b"".join(session.chunks())
        return session.worker.process.pid


def can_restore_priority() -> bool:
    """Can this process give a process back its CPU priority (root with CAP_SYS_NICE can)?"""
    child = subprocess.Popen(["sleep", "5"])
    try:
        os.sched_setscheduler(child.pid, os.SCHED_IDLE, os.sched_param(0))
        os.sched_setscheduler(child.pid, os.SCHED_OTHER, os.sched_param(0))
        return True
    except OSError:
        return False
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("restorable", [True, False])
def test_after_a_long_query_its_process_is_kept_if_it_can_run_normally_again(
        store_path: Path, restorable: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept, the process keeps what it cached (the projections behind tvf: functions take seconds to
    build on a large graph); otherwise the spare started when the query turned long replaces it."""
    if not restorable:
        monkeypatch.setattr(query_pool, "_run_normally", lambda pid: False)
    kept = restorable and can_restore_priority()
    pool = QueryPool(store_path, workers=1, reserved=0, long_after=0.05)
    try:
        first = answered(pool, LONG)  # about 0.4 s: long, but well within the time limit
        second = answered(pool, "ASK { ?s ?p ?o }")
        assert (second == first) == kept
        if kept:
            assert os.sched_getscheduler(first) == os.SCHED_OTHER
        assert pool._spares.qsize() == (1 if kept else 0)  # an unused spare waits for the next long query
    finally:
        pool.close()
