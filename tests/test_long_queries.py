"""The places for long queries: the estimates that say which queries are long (tvkg.query.long_queries),
admission in turn (tvkg.query.admission), and what the query pool does with a long query's process.
The server's behaviour under explosive queries is tested in test_endpoint_limits."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import DATA, run_cli
from tvkg.query import pool as query_pool
from tvkg.query.long_queries import LongQueries
from tvkg.query.pool import Job, PoolBusy, QueryPool

LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


def test_a_query_text_is_long_while_its_estimate_is_and_short_again_once_it_runs_quickly() -> None:
    """Being long is re-measured at every run (half the weight on the newest), not a lasting mark."""
    places = LongQueries(after=1.0)
    places.observe("heavy", 1.5)  # under a burst
    assert places.known("heavy") and not places.known("quick")
    places.observe("heavy", 0.35)  # alone again: (1.5 + 0.35) / 2 < 1
    assert not places.known("heavy")
    places.observe("heavy", 0.1, at_least=True)  # stopped early: a lower bound lowers nothing
    assert places.estimate("heavy") == pytest.approx(0.925)


def test_an_estimate_is_forgotten_after_a_while() -> None:
    places = LongQueries(after=1.0, remember_seconds=0.2)
    places.remember("explosive")
    assert places.known("explosive")
    time.sleep(0.3)
    assert not places.known("explosive") and places.estimate("explosive") is None


def test_only_the_most_recently_measured_queries_are_remembered() -> None:
    places = LongQueries(after=1.0, remember_count=3)
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


FORMATS = (("solutions", "json"), ("boolean", "json"), ("graph", "ntriples"))


def answered(pool: QueryPool, query: str, client: str | None = None) -> int:
    """Run ``query`` to the end; the pid of the process that answered it."""
    with pool.session(Job(query, formats=FORMATS), client) as session:
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


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for a condition (not for a time): the generous deadline only keeps a broken test from hanging."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


# Two texts of the same cross product: each known to run long once it has a long estimate.
HOLDER, WAITER = LONG, LONG.replace("?f", "?g")


def test_with_every_long_place_taken_a_long_query_waits_in_turn_and_is_answered_when_one_frees(
        store_path: Path) -> None:
    """Not timed: the place is held by a session kept open, and released when the waiting query is
    seen in the line. A short query passes the waiting long one: the reserved worker is its."""
    pool = QueryPool(store_path, workers=2, reserved=1, long_after=0.5, wait=1, long_wait=60)
    try:
        pool.long.observe(Job(HOLDER).key(), 1.0)
        pool.long.observe(Job(WAITER).key(), 1.0)
        with ThreadPoolExecutor(1) as waiting, pool.session(Job(HOLDER, formats=FORMATS)) as holder:
            assert holder.ticket.long and pool.admission.long_taken == pool.admission.slots == 1
            pending = waiting.submit(answered, pool, WAITER)
            until(lambda: len(pool.admission.line) == 1, "the long query waits in line for the place")
            assert answered(pool, "ASK { ?s ?p ?o }") and not pending.done(), "a short query is not held behind it"
            holder.kind()
            b"".join(holder.chunks())
        assert pending.result(timeout=60), "answered once the place was free, instead of refused at once"
        assert not pool.admission.line and pool.admission.long_taken == 0 and pool.admission.free == 2
    finally:
        pool.close()


def test_a_query_the_queue_says_would_wait_past_its_bound_is_refused_at_once_with_that_wait(
        store_path: Path) -> None:
    pool = QueryPool(store_path, workers=2, reserved=1, long_after=0.5, timeout=30, wait=1, long_wait=5)
    try:
        pool.long.observe(Job(HOLDER).key(), 100.0)  # ran to its time limit last time: it will hold the place 30 s
        pool.long.observe(Job(WAITER).key(), 1.0)
        with pool.session(Job(HOLDER, formats=FORMATS)):
            started = time.monotonic()
            with pytest.raises(PoolBusy) as refused:
                answered(pool, WAITER)
            assert time.monotonic() - started < 5, "refused at once, not after waiting its bound"
            assert refused.value.status == 503 and 20 <= refused.value.retry_after <= 25  # 30 s less its bound
            assert "the queue says it would wait" in str(refused.value) and "TVKG_LONG_QUEUE_WAIT" in str(refused.value)
            assert answered(pool, "ASK { ?s ?p ?o }"), "short queries still have the reserved worker"
    finally:
        pool.close()


def test_a_client_past_its_cap_is_refused_with_429_while_others_are_answered(store_path: Path) -> None:
    pool = QueryPool(store_path, workers=2, reserved=1, client_max=1)
    try:
        with pool.session(Job("ASK { ?s ?p ?o }", formats=FORMATS), "192.0.2.1"):
            with pytest.raises(PoolBusy) as refused:
                answered(pool, "ASK { ?s ?p ?o }", "192.0.2.1")
            assert refused.value.status == 429 and refused.value.retry_after >= 1
            assert "TVKG_CLIENT_MAX_QUERIES" in str(refused.value)
            assert answered(pool, "ASK { ?s ?p ?o }", "192.0.2.2")
        assert answered(pool, "ASK { ?s ?p ?o }", "192.0.2.1"), "its place is given back when its query ends"
        assert not pool.admission.clients
    finally:
        pool.close()


def test_waiting_queries_start_in_arrival_order_and_a_long_one_without_a_place_is_passed_over() -> None:
    """Admission alone (no processes), two workers and one place for long queries: queries waiting
    start in the order they came, except that a long one waiting for its place never holds back the
    short ones behind it."""
    from tvkg.query.admission import Admission

    estimates = LongQueries(after=1.0)
    estimates.observe("long", 2.0)
    line = Admission(workers=2, long_slots=1, long=estimates, short_wait=60, long_wait=60)
    holder = line.enter("long", None, 30)  # holds the place for long queries and a worker
    running = line.enter("a", None, 30)  # holds the other worker
    started: list[str] = []
    tickets = {}

    def enter(key: str) -> None:
        tickets[key] = line.enter(key, None, 30)
        started.append(key)

    with ThreadPoolExecutor(3) as waiting:
        for n, key in enumerate(("long", "b", "c"), 1):  # arrive one after the other
            waiting.submit(enter, key)
            until(lambda n=n: len(line.line) == n, f"{key} waits in line")
        line.leave(running)  # a worker frees, but no place: the first short query behind the long one starts
        until(lambda: started == ["b"], "b starts, passing the long query")
        assert [ticket.key for ticket in line.line] == ["long", "c"]
        line.leave(holder)  # the place and a worker free: the long query is first in line
        until(lambda: started == ["b", "long"], "the long query starts before c")
        line.leave(tickets["b"])
        until(lambda: started == ["b", "long", "c"], "then c")
        line.leave(tickets["long"])
        line.leave(tickets["c"])
    assert line.free == 2 and line.long_taken == 0 and not line.line


def test_a_short_query_is_not_expected_to_wait_behind_long_ones_waiting_for_a_place() -> None:
    """The expected wait follows the rule admission follows: long queries waiting for a place do not
    take the worker a short query would (the explosive queries of a load test had every small query
    refused, its expected wait counted behind them)."""
    from tvkg.query.admission import Admission, Ticket

    estimates = LongQueries(after=1.0)
    estimates.observe("explosive", 100.0)  # runs to its 30 s time limit
    line = Admission(workers=2, long_slots=1, long=estimates, short_wait=1, long_wait=60)
    line.enter("explosive", None, 30)
    line.enter("quick", None, 30)  # on the other worker: about 0.05 s
    waiting = Ticket("explosive", None, True, 100.0, 30)
    line.line.append(waiting)  # as if waiting for the place
    assert line._expected_wait(Ticket("quick", None, False, 0.05, 30)) < 1
    assert line._expected_wait(waiting) > 25


def test_past_the_most_queries_that_may_wait_a_query_is_refused_at_once_and_the_line_goes_on() -> None:
    """Each waiting query holds one of the server's threads, which pages need too: at most
    ``max_waiting`` wait, whoever sent them; the next is refused with a Retry-After."""
    from tvkg.query.admission import Admission

    line = Admission(workers=1, long_slots=0, long=LongQueries(after=1.0), short_wait=60, long_wait=60,
                     max_waiting=1)
    running = line.enter("a", None, 30)
    with ThreadPoolExecutor(1) as waiting:
        second = waiting.submit(line.enter, "b", None, 30)
        until(lambda: len(line.line) == 1, "b waits in line")
        with pytest.raises(PoolBusy, match="TVKG_MAX_WAITING") as refused:
            line.enter("c", None, 30)
        assert refused.value.status == 503 and refused.value.retry_after >= 1
        line.leave(running)
        line.leave(second.result(timeout=30))  # the one in line still gets its turn
    assert line.free == 1 and not line.line
