"""Run the app under a production WSGI server, with configurable workers and threads: granian (the
default), whose HTTP side is Rust (in benchmarks.research, 1.6-2x gunicorn's light queries a
second, with entity pages as fast under the load test), or gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication

from tvkg.errors import ConfigError, StoreError, TvkgError
from tvkg.server.app import create_app
from tvkg.server.config import Config
from tvkg.shared import process as shared
from tvkg.store.generations import Store

if TYPE_CHECKING:
    from flask import Flask


class _Gunicorn(BaseApplication):  # type: ignore[misc]  # (gunicorn ships no types: its classes are Any)
    """gunicorn configured from Python instead of a config file."""

    def __init__(self, options: dict[str, object], config: Config) -> None:
        self._options, self._config = options, config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app(self._config)


# Threads per worker. Under granian, 8 kept pages at p99 81-180 ms in benchmarks.load, where 32 let
# them wait 480-900 ms (the threads contend for the GIL); 16 (220-280 ms in one run) leave threads for
# pages while up to TVKG_MAX_WAITING (8) queries wait in line, each holding one. gunicorn needed 32,
# or slow queries held every thread while pages waited.
DEFAULT_THREADS = {"granian": 16, "gunicorn": 32}


def serve(store_path: Path, host: str, port: int, workers: int, threads: int, server: str = "granian") -> None:
    """Check the store, the settings and the port, then hand over to the server (blocks until stopped)."""
    _check_store(store_path)
    config = Config.from_env(store=store_path)  # a bad TVKG_* setting is refused here, once
    _check_port_free(host, port)
    indexes = shared.start(store_path, warm=config.warm_projections)  # one copy of the indexes for all workers
    threading.Thread(target=_watch, args=(indexes,), name="watch-shared", daemon=True).start()
    if server == "gunicorn":
        options = {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
                   "worker_class": "gthread", "accesslog": "-", "timeout": 120, "graceful_timeout": 10}
        _Gunicorn(options, config).run()
        return
    from granian.constants import Interfaces

    os.environ["TVKG_STORE"] = str(store_path)  # each worker builds its app from the environment
    _granian()("tvkg.server.wsgi:app", address=host, port=port, interface=Interfaces.WSGI, factory=True,
            workers=workers, blocking_threads=threads, log_access=True, respawn_failed_workers=True,
            workers_kill_timeout=10).serve()


def _watch(process: subprocess.Popen[bytes]) -> None:
    """Say so if the shared process stops, and reap it (granian's main process reaps no one)."""
    code = process.wait()
    print(f"tvkg: the shared process (name index, projections) stopped with status {code}; search and "
          "relationship questions answer 503 until the server restarts", file=sys.stderr, flush=True)


def _granian() -> type:
    """granian's server, waiting for its workers' exit as long as its grace allows.

    granian's own stop gives a worker 1 ms between the end of its wait (the worker's pipe closed,
    which happens as the process starts to exit) and the check that it is gone; a worker still
    releasing a large store and the relationship indexes takes longer, and was killed and logged
    as one that "refused to gracefully stop". Here each worker is waited for until it has exited,
    within the same grace (``workers_kill_timeout``), before granian's stop runs and finds it gone.

    A stop signal sent to the whole process group (Ctrl-C in a terminal, ``kill -- -PGID``) reaches
    the workers too, and one may exit before the main process has handled its own signal: granian
    then respawns it, clearing the wake-up the signal had set, and waited for ever. Here a respawn
    asked for once a stop has arrived respawns nothing and wakes the loop to stop.
    """
    from granian import Granian

    class Server(Granian):  # type: ignore[misc,valid-type]  # granian binds Granian to a class at import: a variable
        def _stop_workers(self) -> None:
            for worker in self.wrks:
                worker.terminate()
            deadline = time.monotonic() + (self.workers_kill_timeout or 0)
            for worker in self.wrks:
                worker.join(max(0.0, deadline - time.monotonic()))
                while worker.is_alive() and time.monotonic() < deadline:
                    time.sleep(0.01)
            super()._stop_workers()

        def _respawn_workers(self, workers: list[int], *args: Any, **kwargs: Any) -> Any:
            if self.interrupt_signal:  # stopping: a worker gone now is one the group's signal stopped
                self.main_loop_interrupt.set()
                return None
            return super()._respawn_workers(workers, *args, **kwargs)

    return Server


def _check_store(store_path: Path) -> None:
    """Open the store once, for a clear error now rather than in each worker; in a child process,
    because RocksDB keeps threads that gunicorn's forked workers would inherit half-alive: they
    crashed (SIGSEGV) as each worker exited."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report in one line, and leave without running any destructor
        try:
            Store.open(store_path, read_only=True)
            os.write(write, b"ok")
        except TvkgError as error:
            os.write(write, str(error).encode())
        except BaseException as error:  # whatever it is, the parent says it in one line
            os.write(write, f"cannot open the store at {store_path}: {error}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read().decode()
    os.waitpid(pid, 0)
    if report != "ok":
        raise StoreError(report or f"could not open the store at {store_path}")


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror} "
                             "(is another server running? choose another --port)") from None
