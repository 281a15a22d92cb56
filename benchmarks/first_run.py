"""A new user's first `make run`: from `git clone` to the first answered page, install included, then
the second start (the store exists: no rebuild).

    python -m benchmarks.first_run [--cold]

`--cold` gives pip and npm empty caches, so every package comes from the registries, as on a new
machine; without it they may reuse what this machine downloaded before. Prints one line per start.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.servers import free_port
from benchmarks.shared import ROOT


def first_page(clone: Path, port: int, env: dict[str, str]) -> float:
    """Start `make run` in ``clone``; seconds until / answers; then stop it (its whole process group)."""
    started = time.perf_counter()
    log = (clone / "make-run.log").open("w")
    process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"make run stopped before serving; see {clone / 'make-run.log'}")
            try:
                if requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                    return time.perf_counter() - started
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", action="store_true", help="empty pip and npm caches")
    cold = parser.parse_args().cold
    with tempfile.TemporaryDirectory() as work:
        clone = Path(work) / "tvkg"
        env = dict(os.environ)
        if cold:
            env.update(PIP_NO_CACHE_DIR="1", npm_config_cache=str(Path(work) / "npm-cache"))
        cloning = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        cloned = time.perf_counter() - cloning
        first = first_page(clone, free_port(), env)
        second = first_page(clone, free_port(), env)
    caches = "empty pip and npm caches" if cold else "pip and npm caches as this machine has them"
    print(f"first make run, git clone to the first page: {cloned + first:.1f} s ({caches})")
    print(f"second make run (the store exists): {second:.1f} s to the first page")


if __name__ == "__main__":
    main()
