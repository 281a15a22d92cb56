"""One copy of the in-memory indexes per server: a shared process that the others ask.

networkx graphs and the name index live in the memory of the process that built them, so every
HTTP worker and every query process answering ``tvf:`` functions used to build its own copy (2.5 GB
of PSS in 14 processes at 1M triples). ``tvkg serve`` now starts one shared process before its
workers (``start``); it opens the store read-only, builds the name index and the projections in
the background, follows new generations like any reader, and answers name searches
(tvkg.entities.search), the relationship questions (tvkg.relations.questions) and the values
behind ``tvf:`` functions over a Unix socket (multiprocessing.connection, with an authentication
key, in a directory only this user can enter). The workers find it through the environment
(``ADDRESS``, ``KEY``) and ask through ``ask()``; without it (the CLI, tests, a plain
``create_app``) everything runs in the calling process as before.

Answers cross the socket pickled: they are dataclasses of strings and numbers, and so are errors
(tvkg's own errors pickle with their fields). ``ask`` takes the function itself, so a caller is
type-checked against its signature and gets its return type, whichever process answers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import secrets
import select
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from tvkg.entities import search
from tvkg.errors import TvkgError
from tvkg.relations import centrality, compact, export, questions
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

ADDRESS, KEY = "TVKG_SHARED_ADDRESS", "TVKG_SHARED_KEY"
STARTUP_SECONDS = 120.0  # imports and opening the store; the projections are built after
QUESTIONS = ("resolve", "connections", "separation", "separation_distribution", "rank", "collaborators", "derived",
             "shared_cast", "communities")


class Unavailable(TvkgError):
    """The shared process cannot be reached (it stopped, or has not started)."""


# -- what crosses the socket ------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """``LOCAL[name](store, *args, **kwargs)``, asked of the shared process."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class Answer:
    value: Any


@dataclass(frozen=True)
class Failed:
    error: TvkgError  # tvkg's own error with its fields, or one saying what else went wrong


# -- what the shared process computes beyond the questions and search -------------------------------

def distance(store: Store, graph_name: str, a: str, b: str, hubs: bool = False) -> int | None:
    """Hops between two nodes of a projection ("entities", or "collaboration": degrees of separation
    between two people), merged entities as one; on the entity graph through hubs (places,
    organisations, categories) only when ``hubs`` says."""
    merged, built = clusters(store), compact.layer(store)
    if graph_name != "entities":
        return compact.separation(built.credits, merged.of(a), merged.of(b))
    graph = built.entities
    start, end = graph.id(merged.of(a)), graph.id(merged.of(b))
    if start is None or end is None:
        return None
    return compact.distance(graph, start, end, None if hubs else questions.through(graph, (start, end)))


def scores(store: Store, measure: str) -> tuple[dict[str, float], dict[str, str]]:
    """(score of every node, merged member -> its cluster's node) for ``tvf:`` centrality."""
    graph = compact.layer(store).credits
    computed = centrality.scores(store, measure).tolist()
    return {graph.iri(n): score for n, score in enumerate(computed)}, dict(clusters(store).canonical)


LOCAL: dict[str, Callable[..., Any]] = {**{name: getattr(questions, name) for name in QUESTIONS},
                                        "distance": distance, "scores": scores, "search": search.search,
                                        "projection": export.node_link}
NAMES: dict[Callable[..., Any], str] = {function: name for name, function in LOCAL.items()}


# -- the shared process -----------------------------------------------------------------------------

def start(root: Path, warm: bool = True) -> subprocess.Popen[bytes]:
    """Start the shared process for the store at ``root`` and publish its address and key in
    this process's environment, which the server's workers (and their query processes) inherit.

    A plain subprocess, not multiprocessing: gunicorn forks its workers from this process, and a
    forked worker would take a multiprocessing child for its own and stop it as it exits."""
    address = str(Path(tempfile.mkdtemp(prefix="tvkg-shared-")) / "socket")
    key = secrets.token_bytes(32)
    process = subprocess.Popen([sys.executable, "-m", "tvkg.shared.process", str(root), address, str(int(warm))],
                               env={**os.environ, KEY: key.hex()}, stdout=subprocess.PIPE,
                               cwd=Path(__file__).resolve().parents[2])
    assert process.stdout is not None
    if not select.select([process.stdout], [], [], STARTUP_SECONDS)[0] or process.stdout.readline() != b"ready\n":
        process.kill()
        raise Unavailable(f"the shared process (name index, projections) did not start within {STARTUP_SECONDS:g} s")
    process.stdout.close()
    os.environ[ADDRESS], os.environ[KEY] = address, key.hex()
    return process


def _serve(root: str, address: str, key: bytes, warm: bool) -> None:  # runs in the shared process
    from tvkg.query.pool import die_with_parent

    die_with_parent()
    store = Store.open(Path(root), read_only=True)
    lock = threading.Lock()  # the store's refresh swaps its Oxigraph handle: one caller at a time

    def build() -> None:
        search.warm(store)
        if warm:
            compact.layer(store)

    def current() -> Store:
        with lock:
            if store.refresh():
                threading.Thread(target=build, name="warm", daemon=True).start()
        return store

    threading.Thread(target=build, name="warm", daemon=True).start()
    with multiprocessing.connection.Listener(address, family="AF_UNIX", authkey=key) as listener:
        os.chmod(address, 0o600)
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            try:
                conn = listener.accept()
            except (OSError, EOFError, multiprocessing.AuthenticationError):
                continue
            threading.Thread(target=_answer_all, args=(conn, current), daemon=True).start()


def _answer_all(conn: multiprocessing.connection.Connection, current: Callable[[], Store]) -> None:
    """Answer one client's requests, one at a time, until it goes away."""
    with contextlib.closing(conn):
        while True:
            try:
                asked: Question = conn.recv()
            except (EOFError, OSError):
                return
            try:
                reply: Answer | Failed = Answer(LOCAL[asked.name](current(), *asked.args, **asked.kwargs))
            except TvkgError as error:
                reply = Failed(error if _pickles(error) else TvkgError(str(error)))
            except Exception as error:  # reported to the caller as text, like a query process does
                reply = Failed(TvkgError(f"the relationship question failed: {error}"))
            conn.send(reply)


def _pickles(error: TvkgError) -> bool:
    """Whether ``error`` crosses the socket as itself, with its fields."""
    try:
        pickle.loads(pickle.dumps(error))
        return True
    except Exception:
        return False


# -- asking it ----------------------------------------------------------------------------------

class _Remote:
    """The shared process, asked over its socket; one connection per thread."""

    def __init__(self, address: str, key: bytes) -> None:
        self.address, self.key = address, key
        self.local = threading.local()

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        for attempt in (1, 2):  # a connection left broken by a restarted process is made again once
            try:
                conn = self._connection()
                conn.send(Question(name, args, kwargs))
                reply: Answer | Failed = conn.recv()
                break
            except (EOFError, OSError, multiprocessing.AuthenticationError) as error:
                self.local.conn = None
                if attempt == 2:
                    raise Unavailable(f"the shared process (name index, projections) cannot be reached ({error}); "
                                      "search and relationship questions are unavailable until the server "
                                      "restarts") from None
        if isinstance(reply, Failed):
            raise reply.error
        return reply.value

    def _connection(self) -> multiprocessing.connection.Connection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = multiprocessing.connection.Client(self.address, family="AF_UNIX",
                                                                        authkey=self.key)
        return conn


_remote: _Remote | None = None
_remote_lock = threading.Lock()


P = ParamSpec("P")
T = TypeVar("T")


def ask(function: Callable[Concatenate[Store, P], T], store: Store, *args: P.args, **kwargs: P.kwargs) -> T:
    """``function(store, *args, **kwargs)`` for one of the functions the shared process serves (LOCAL:
    the relationship questions, search, distance, scores, projections), run there when the server
    runs one, else here. ``store`` is the caller's; the shared process reads its own copy of it."""
    global _remote
    name = NAMES.get(function)
    if name is None:
        raise TypeError(f"{function.__qualname__} is not one of the shared process's functions")
    address = os.environ.get(ADDRESS)
    if not address:
        return function(store, *args, **kwargs)
    with _remote_lock:
        if _remote is None or _remote.address != address:
            _remote = _Remote(address, bytes.fromhex(os.environ[KEY]))
    return cast(T, _remote.call(name, *args, **kwargs))


if __name__ == "__main__":  # python -m tvkg.shared.process STORE ADDRESS WARM (the key in the environment)
    from tvkg.shared import process  # this module under its own name, so its messages pickle as tvkg's

    process._serve(sys.argv[1], sys.argv[2], bytes.fromhex(os.environ.pop(KEY)), sys.argv[3] == "1")
