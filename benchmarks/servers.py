"""Run a server (tvkg, Oxigraph's, rdflib-endpoint, Virtuoso) for as long as a block runs, once it
answers a SPARQL ASK; shared by the benchmarks and the tests that need a server of another kind."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def process(command: list[str], url: str, log: Path, cwd: Path = ROOT) -> Iterator[int]:
    """Run a server until the block ends; wait (up to 10 minutes, rdflib parses slowly) until ``url``
    answers ASK {}; its output goes to ``log``. Yields its process id."""
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                try:
                    if requests.get(url, params={"query": "ASK {}"}, timeout=10).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if proc.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited; see {log}")
                time.sleep(0.2)
            else:
                raise RuntimeError(f"{command[0]} did not answer within 10 minutes; see {log}")
            yield proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
