"""Start the real server (`tvkg serve`, gunicorn) on a free loopback port for integration tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.conftest import DATA, ROOT, run_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(store: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Yield the base URL of a `tvkg serve` process on ``store``; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--store", str(store),
                                "--port", str(port), *extra], cwd=ROOT, env={**os.environ, **(env or {})},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(url + "/sparql?query=ASK%7B%7D", timeout=30)
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError(process.stdout.read().decode()) from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a client still holding a keep-alive connection
            process.kill()
            process.wait(timeout=10)


@contextmanager
def seeded_server(folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`running_server` over a new store in ``folder`` holding the curated data/."""
    store = folder / "store"
    result = run_cli("load", "--store", str(store), str(DATA))
    assert result.returncode == 0, result.stderr
    with running_server(store, env=env) as base:
        yield base
