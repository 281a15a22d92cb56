"""Run SPARQL queries in worker processes, so a query past its time limit can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed; a process can. Each worker
opens the store read-only (safe: published generations never change) and answers one query at a
time over a pipe, in two steps:

one round trip per query: the parent sends the Job (the query with the format to use for each kind
of result, "boolean", "solutions", "graph"; None where the client accepts none, chosen beforehand
by content negotiation) or a WriteJob; the worker answers with messages of the types below: the
Kind, then the serialized result in Chunks and Done (or Failed, with the error itself). A result
smaller than one chunk comes back as one Whole message (kind and bytes): most answers are small,
and each message is a wake-up of the other process.

Under a row limit, a worker sends nothing of an answer until it knows the query is within the
limit: once the answer is large enough to have reached it (or ``HOLD`` bytes, or at its end for a
CONSTRUCT or DESCRIBE) it runs the probe (tvkg.query.execute.past_row_limit), so a query past the
limit is refused before its first byte (TooManyRows), never cut.

The parent enforces one deadline over the whole exchange. Past it, the worker is killed and replaced, and
the caller gets QueryTimeout. A query that cannot start waits in turn (tvkg.query.admission) up to
``wait`` seconds (``long_wait`` for a query known to run long), and gets PoolBusy when the queue
says it would wait longer (the server turns it into 503 with Retry-After), or 429 when its client
has ``client_max`` queries waiting or running. Results larger than ``max_bytes`` raise
ResultTooLarge, which cuts an answer already begun. Long queries may hold only some of the workers
(see tvkg.query.long_queries), so explosive queries cannot turn every short one away.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import multiprocessing.context
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, TypedDict, cast

from tvkg.errors import DiskFull, QueryError, TvkgError
from tvkg.query.admission import Admission, PoolBusy, Ticket
from tvkg.query.long_queries import LongQueries
from tvkg.store.sparql_text import row_limit_probe

if TYPE_CHECKING:
    from tvkg.query.execute import Functions
    from tvkg.store.generations import Store

__all__ = ["Job", "PoolBusy", "QueryPool", "QueryTimeout", "ResultTooLarge", "Session", "StoreUnavailable", "WriteJob"]

CHUNK = 64 * 1024
HOLD = 4 << 20  # most bytes of an answer a worker holds back before it checks the row limit
PR_SET_PDEATHSIG = 1  # prctl(2)
NICENESS = 19  # query processes run at the lowest CPU priority: the server's own threads come first
STARTUP_SECONDS = 60.0  # a spawned worker imports pyoxigraph and opens the store before its first query


class QueryTimeout(TvkgError):
    """The query ran past its time limit and was stopped."""


class ResultTooLarge(TvkgError):
    """The serialized result passed the size limit."""


class StoreUnavailable(TvkgError):
    """A write could not start: another process is writing, or the store cannot be written."""


# -- what a worker answers (each a message over its pipe) ------------------------------------------

@dataclass(frozen=True)
class Ready:
    """The worker has started and opened the store."""


@dataclass(frozen=True)
class Kind:
    """The kind of the query's result: 'boolean', 'solutions' or 'graph'. Chunks follow, unless
    the client accepts no format for that kind."""

    kind: str


@dataclass(frozen=True)
class Chunk:
    data: bytes


@dataclass(frozen=True)
class Done:
    """The last Chunk has been sent."""


@dataclass(frozen=True)
class Whole:
    """A small answer in one message: its kind and all of it."""

    kind: str
    data: bytes


@dataclass(frozen=True)
class Written:
    """What a write job returned."""

    value: object


@dataclass(frozen=True)
class Failed:
    """The query or write failed; the error crosses the pipe whole (QueryError with its line and
    column, TooManyRows, DiskFull, StoreUnavailable)."""

    error: TvkgError


Message = Ready | Kind | Chunk | Done | Whole | Written | Failed


class _Dataset(TypedDict):
    """A job's dataset and extension functions: keyword arguments of execute.run and past_row_limit."""

    default_graphs: list[str] | None
    named_graphs: list[str] | None
    base_iri: str | None
    merged: bool
    as_of: str | None
    functions: Functions | None


@dataclass(frozen=True)
class Job:
    """What a worker needs to run one query."""

    query: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    base_iri: str | None = None
    allowed_services: tuple[str, ...] = ()
    formats: tuple[tuple[str, str | None], ...] = ()  # (kind, format name or None)
    max_rows: int = 0  # 0: no row limit
    merged: bool = False  # a query over the merged view (tvkg.store.clusters.merged_view)
    as_of: str | None = None  # YYYY-MM-DD: a query over the claims stated by then (tvkg.query.as_of)

    def key(self) -> tuple[Hashable, ...]:
        """What makes two jobs the same query, for remembering which ones run long."""
        return ("query", " ".join(self.query.split()), tuple(self.default_graphs or ()),
                tuple(self.named_graphs or ()), self.merged, self.as_of)


@dataclass(frozen=True)
class WriteJob:
    """A write that a writer pool's process runs: each kind runs itself on the store there (SPARQL
    Update and Graph Store writes in tvkg.load.jobs, curators' decisions in tvkg.identity.jobs and
    tvkg.ingest.jobs), and returns what its caller is told. The query package knows none of them."""

    def run(self, store: Store) -> object:
        raise NotImplementedError

    def key(self) -> tuple[Hashable, ...]:
        return (type(self).__name__,)


def _worker(root: str, conn: Connection, writer: bool = False,
            extensions: Callable[[Store], Functions] | None = None) -> None:  # runs in the child process
    import pyoxigraph as ox

    os.nice(NICENESS)  # long queries must not take the CPU from the server answering pages
    die_with_parent()

    from tvkg.errors import StoreError
    from tvkg.query import execute
    from tvkg.store.formats import NAMES
    from tvkg.store.generations import Store

    store = Store.open(Path(root), read_only=not writer)
    conn.send(Ready())

    class Pipe:
        """The serializer's output, sent in chunks; the kind goes with the first one.

        While ``check`` (the row limit's probe) has not run, nothing is sent: it runs once the
        answer reaches ``check_at`` bytes, and at the end of an answer that never did only if
        ``check_small``. A refusal is raised out of ``write``, which stops the serializer."""

        def __init__(self, kind: str, check: Callable[[], TvkgError | None] | None = None, check_at: int = 0,
                     check_small: bool = False) -> None:
            self.buffer = bytearray()
            self.kind: str | None = kind  # None once sent
            self.check, self.check_at, self.check_small = check, check_at, check_small
            self.refused = False

        def write(self, data: bytes) -> int:
            if self.refused:
                return len(data)  # the serializer's last words after a refusal stopped it
            self.buffer += data
            if self.check is not None and len(self.buffer) >= self.check_at:
                self.checked()
            if self.check is None and len(self.buffer) >= CHUNK:
                self.send()
            return len(data)

        def checked(self) -> None:
            """Run the row limit's probe; raise its refusal if the query is past the limit."""
            check, self.check = self.check, None
            refusal = check() if check is not None else None
            if refusal is not None:
                self.refused = True
                raise refusal

        def flush(self) -> None:
            """The serializer's flush at its end: the last chunk is sent by ``finish``."""

        def send(self) -> None:
            if self.kind is not None:
                conn.send(Kind(self.kind))
                self.kind = None
            if self.buffer:
                conn.send(Chunk(bytes(self.buffer)))
                self.buffer.clear()

        def finish(self) -> None:
            if self.check_small:
                self.checked()
            if self.kind is not None:  # nothing sent yet: the whole answer in one message
                conn.send(Whole(self.kind, bytes(self.buffer)))
                return
            self.send()
            conn.send(Done())

    while True:
        job: Job | WriteJob = conn.recv()
        store.refresh()
        if isinstance(job, WriteJob):
            try:
                conn.send(Written(job.run(store)))
            except StoreError as error:
                conn.send(Failed(DiskFull(str(error)) if isinstance(error, DiskFull) else StoreUnavailable(str(error))))
            except TvkgError as error:
                conn.send(Failed(error if isinstance(error, QueryError) else QueryError(str(error))))
            continue
        dataset: _Dataset = {"default_graphs": job.default_graphs, "named_graphs": job.named_graphs,
                             "base_iri": job.base_iri, "merged": job.merged, "as_of": job.as_of,
                             "functions": extensions(store) if extensions is not None else None}
        try:
            result = execute.run(store, job.query, allowed_services=job.allowed_services, max_rows=job.max_rows,
                                probe_first=False, **dataset)
        except QueryError as error:  # the error itself: its detail, line and column reach the client
            conn.send(Failed(error))
            continue
        kind = ("boolean" if isinstance(result, ox.QueryBoolean)
                else "graph" if isinstance(result, ox.QueryTriples) else "solutions")
        fmt = dict(job.formats).get(kind)
        if fmt is None:
            conn.send(Kind(kind))
            continue  # the client accepts no format for this kind; the parent now knows
        try:
            pipe = Pipe(kind, *_row_check(execute, store, job, kind, fmt, dataset))
            output = cast(IO[bytes], pipe)  # pyoxigraph calls only write() (its stubs ask for a file)
            if isinstance(result, ox.QueryTriples):
                result.serialize(output, format=NAMES[fmt])
            else:
                result.serialize(output, format=execute.RESULT_FORMATS[fmt])
            pipe.finish()
        except execute.TooManyRows as refusal:  # before the answer's first byte
            conn.send(Failed(refusal))
        except Exception as error:  # reported to the parent as text
            conn.send(Failed(QueryError(f"query failed: {error}")))


def _row_check(execute: ModuleType, store: Store, job: Job, kind: str, fmt: str,
               dataset: _Dataset) -> tuple[Callable[[], TvkgError | None] | None, int, bool]:
    """How a worker checks an answer against the row limit before sending any of it: (the probe,
    the size at which it runs, whether a smaller answer is probed at its end too). A SELECT is
    capped at the limit, so an answer smaller than the limit's rows at their fewest bytes is
    whole; a CONSTRUCT or DESCRIBE says nothing of its solutions by its size (its triples may
    repeat), so it is always probed. No probe for an ASK, or a query whose own LIMIT is within it."""
    if not job.max_rows or kind == "boolean" or row_limit_probe(job.query, job.max_rows) is None:
        return None, 0, False
    probe = functools.partial(execute.past_row_limit, store, job.query, job.max_rows, **dataset)
    if kind == "graph":
        return probe, HOLD, True
    return probe, min(HOLD, job.max_rows * execute.MIN_ROW_BYTES.get(fmt, execute.MIN_TRIPLE_BYTES)), False


def die_with_parent() -> None:
    """End this query process when the server process dies. Left alone, a query would run on for
    ever, since its time limit is enforced by the parent: the load test left five explosive queries
    burning the CPUs after its server was stopped. On Linux the kernel kills us (PR_SET_PDEATHSIG);
    elsewhere, or if that fails, a thread notices the new parent within a second."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _run_when_idle(pid: int | None) -> None:
    """Give a long query's process only the CPU time no other process wants (Linux SCHED_IDLE), so
    short queries (at nice 19) still get the CPU. (``pid``: None only for a process never started.)"""
    if pid is None:
        return
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))


def _run_normally(pid: int | None) -> bool:
    """Undo _run_when_idle; False where that needs a privilege the server lacks (CAP_SYS_NICE)."""
    if pid is None:
        return False
    try:
        os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
        return True
    except (AttributeError, OSError):
        return False


class _Worker:
    """One child process and the parent's end of its pipe."""

    def __init__(self, context: multiprocessing.context.SpawnContext, root: Path, writer: bool,
                 extensions: Callable[[Store], Functions] | None = None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(str(root), child, writer, extensions),
                                       daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        """Wait for a new worker's start-up (imports, opening the store): not a query's time."""
        if self.ready:
            return
        try:
            if self.conn.poll(timeout) and isinstance(self.conn.recv(), Ready):
                self.ready = True
                return
        except (EOFError, OSError):
            pass
        raise QueryError("a query worker failed to start; the query was not answered")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of query processes over one store; see the module docstring."""

    def __init__(self, root: Path, workers: int = 4, timeout: float = 30.0, wait: float = 1.0,
                 max_bytes: int = 1 << 30, writer: bool = False, reserved: int = 1, long_after: float = 1.0,
                 long_wait: float | None = None, client_max: int = 0, max_waiting: int = 0,
                 extensions: Callable[[Store], Functions] | None = None) -> None:
        """``writer``: the workers open the store for writing and take write jobs (WriteJob).
        ``reserved`` workers (at most all but one) are kept from queries that have run ``long_after``
        seconds: past that age a query needs one of the other places, or is stopped. A query that
        cannot start waits up to ``wait`` seconds, or ``long_wait`` (default ``wait``) when known to
        run long; a client may have ``client_max`` queries waiting or running, and ``max_waiting``
        queries may wait at once (0: any number). ``extensions`` gives the extension functions queries
        may call on a store (tvkg.shared.functions.functions): a module-level function, which the
        query processes import by name."""
        self.root, self.timeout, self.wait, self.max_bytes = root, timeout, wait, max_bytes
        self.extensions = extensions
        self.writer = writer
        self.long = LongQueries(long_after)
        self.admission = Admission(workers, workers - max(0, min(reserved, workers - 1)), self.long, wait,
                                   wait if long_wait is None else long_wait, client_max, max_waiting)
        self._context = multiprocessing.get_context("spawn")  # no fork: the parent has threads and RocksDB
        # Last in, first out: the worker that answered last takes the next query, while its caches
        # and its pages are warm; the others stay idle, and are there for a burst.
        self._idle: queue.Queue[_Worker] = queue.LifoQueue()
        self._spares: queue.Queue[_Worker] = queue.Queue()  # started, waiting to replace a worker
        for _ in range(workers):
            self._idle.put(self._new_worker())

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self.root, self.writer, self.extensions)

    def _spare(self) -> _Worker:
        """A process to replace a long query's worker (which may have to be killed at its deadline,
        or cannot be given its CPU priority back): started now, so that short queries never wait
        for one to start."""
        try:
            return self._spares.get_nowait()
        except queue.Empty:
            return self._new_worker()

    def close(self) -> None:
        for waiting in (self._idle, self._spares):
            while True:
                try:
                    waiting.get_nowait().kill()
                except queue.Empty:
                    break

    @contextlib.contextmanager
    def session(self, job: Job | WriteJob, client: str | None = None) -> Iterator[Session]:
        """Borrow a worker for one query, once admitted (see tvkg.query.admission; ``client``: the
        address its per-client cap counts against); give it back, or replace it if it was stopped."""
        ticket = self.admission.enter(job.key(), client, self.timeout)
        try:
            worker = self._take_worker()
        except BaseException:
            self.admission.leave(ticket)
            raise
        try:
            session = Session(worker, job, self.timeout, self.max_bytes, self.long, self.admission, ticket,
                              self._spare)
        except BaseException:  # the worker's state is unknown
            worker.kill()
            self._idle.put(self._new_worker())
            self.admission.leave(ticket)
            raise
        try:
            yield session
        finally:
            self._give_back(session)

    def _give_back(self, session: Session) -> None:
        """Return a session's worker to the pool: as it is, or with its CPU priority restored after a
        long query (it keeps what it has cached, such as the projections), or replaced by the spare
        when it was stopped half-way (its state is unknown) or cannot be given its priority back.
        Its query's duration goes into the estimate for its text; then the next query may start."""
        ran = time.monotonic() - session.started
        if isinstance(session.job, Job):
            self.long.observe(session.job.key(), ran, at_least=not session.finished)
        worker, spare = session.worker, session.spare
        try:
            if session.finished and (not session.is_long or _run_normally(worker.process.pid)):
                self._idle.put(worker)
                if spare is not None:
                    self._spares.put(spare)
            else:
                worker.kill()
                self._idle.put(spare or self._new_worker())
        finally:
            self.admission.leave(session.ticket)

    def _take_worker(self) -> _Worker:
        """The idle worker admission has kept for this query, once it has started."""
        try:
            worker = self._idle.get(timeout=STARTUP_SECONDS)
        except queue.Empty:
            raise PoolBusy("no query worker was free although one was promised; retry in a moment") from None
        try:
            worker.wait_ready(STARTUP_SECONDS)
        except QueryError:
            worker.kill()
            self._idle.put(self._new_worker())
            raise
        return worker


class Session:
    """One query on one worker: ``kind()`` first, then ``chunks()``."""

    def __init__(self, worker: _Worker, job: Job | WriteJob, limit: float, max_bytes: int, long: LongQueries,
                 admission: Admission, ticket: Ticket, spare: Callable[[], _Worker]) -> None:
        """``ticket``: the query's admission; it holds a place for long queries when the query was
        known to run long. ``spare`` gives the process that may replace the worker of a long query."""
        self.worker, self.limit, self.max_bytes, self.long = worker, limit, max_bytes, long
        self.admission, self.ticket = admission, ticket
        self.job, self.finished, self.answering = job, False, False
        self._whole: bytes | None = None  # a small answer that came in one message
        self.started = started = time.monotonic()
        self.deadline, self.long_at = started + limit, started + long.after
        self.is_long = ticket.long
        self._get_spare = spare
        self.spare: _Worker | None = None
        if self.is_long:
            self._demote()
        worker.conn.send(job)

    def _demote(self) -> None:
        _run_when_idle(self.worker.process.pid)
        self.spare = self._get_spare()

    def _receive(self) -> Message:
        while not self.worker.conn.poll(max(0.0, self._next_check() - time.monotonic())):
            if time.monotonic() >= self.deadline:
                raise QueryTimeout(f"the query was stopped after {self.limit:g} s, the time limit of this endpoint "
                                   "(TVKG_QUERY_TIMEOUT)")
            self._became_long()
        try:
            message: Message = self.worker.conn.recv()
        except (EOFError, OSError):
            raise QueryError("the query worker stopped unexpectedly; the query was not answered") from None
        self.answering = self.answering or isinstance(message, Chunk)
        if isinstance(message, Failed):
            self.finished = True
            raise message.error
        return message

    def _next_check(self) -> float:
        return self.deadline if self.is_long else min(self.deadline, self.long_at)

    def _became_long(self) -> None:
        """The query has just run ``long.after`` seconds: take a place for long queries, or stop it.
        A query whose answer has begun is let run (its client already has a status line)."""
        if self.is_long or time.monotonic() < self.long_at:
            return
        self.is_long = True
        self._demote()
        self.long.remember(self.job.key())
        if not self.admission.turned_long(self.ticket) and not self.answering:
            raise PoolBusy(f"the query was stopped after {self.long.after:g} s: all {self.admission.slots} places "
                           "for long queries are taken, and the other workers are kept for short queries. Retry "
                           "later, or narrow the query", retry_after=self.admission.long_retry())

    def written(self) -> object:
        """Wait for a write job's outcome: what the write job returned (raises for a refused write)."""
        message = self._receive()
        self.finished = True
        if not isinstance(message, Written):
            raise QueryError(f"the writer answered {type(message).__name__}, not what the write job returned")
        return message.value

    def kind(self) -> str:
        """'boolean', 'solutions' or 'graph'; raises QueryError for a bad query."""
        message = self._receive()
        if isinstance(message, Whole):
            self._whole = message.data
            self.finished = True
            return message.kind
        if not isinstance(message, Kind):
            raise QueryError(f"the query worker answered {type(message).__name__} before the result's kind")
        if not isinstance(self.job, Job) or dict(self.job.formats).get(message.kind) is None:
            self.finished = True  # the worker sends nothing more for this query
        return message.kind

    def chunks(self) -> Iterator[bytes]:
        """The serialized result, in the format the job chose for its kind."""
        sent = 0
        for chunk in self._received():
            sent += len(chunk)
            if sent > self.max_bytes:
                raise ResultTooLarge(f"the result passed {self.max_bytes:,} bytes, the size limit of this endpoint "
                                     "(TVKG_MAX_RESULT_BYTES)")
            yield chunk

    def _received(self) -> Iterator[bytes]:
        """The result's chunks as they come: the one that came with the kind, or each Chunk until Done."""
        if self._whole is not None:
            yield self._whole
            return
        while True:
            message = self._receive()
            if isinstance(message, Done):
                self.finished = True
                return
            if not isinstance(message, Chunk):
                raise QueryError(f"the query worker answered {type(message).__name__} within a result")
            yield message.data
