"""Start the real server (`tvkg serve`, granian) on a free loopback port for integration tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import requests

from benchmarks.servers import free_port
from tests.conftest import DATA, ROOT, run_cli


@contextmanager
def running_server(store: Path, *extra: str, env: dict[str, str] | None = None,
                   log_path: Path | None = None) -> Iterator[str]:
    """Yield the base URL of a `tvkg serve` process on ``store``; stop it afterwards.

    The server's output goes to a file (``log_path``, or a temporary one), not a pipe: a pipe
    nobody reads fills up and blocks a server that logs a lot.
    """
    port = free_port()
    with (log_path.open("w+b") if log_path else tempfile.TemporaryFile()) as log:
        process = subprocess.Popen([sys.executable, "-m", "tvkg.cli", "serve", "--store", str(store),
                                    "--port", str(port), *extra], cwd=ROOT, env={**os.environ, **(env or {})},
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            yield started(process, f"http://127.0.0.1:{port}", log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a client still holding a keep-alive connection
                process.kill()
                process.wait(timeout=10)


def started(process: subprocess.Popen[bytes], url: str, log: IO[bytes]) -> str:
    """Wait until the server answers; if it exits first, raise with what it printed. The deadline is
    generous: on a busy two-core machine a server's start can take many seconds."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/sparql?query=ASK%7B%7D", timeout=30)
            return url
        except requests.ConnectionError:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")) from None
            time.sleep(0.05)
    raise RuntimeError(f"the server at {url} did not answer within 120 s")

@contextmanager
def seeded_server(folder: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`running_server` (with ``extra`` arguments) over a new store ``folder / "store"`` holding
    the curated data/."""
    store = folder / "store"
    result = run_cli("load", "--store", str(store), str(DATA))
    assert result.returncode == 0, result.stderr
    with running_server(store, *extra, env=env) as base:
        yield base
