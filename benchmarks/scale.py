"""tvkg at scale: 10M generated triples bulk-loaded, then queried through the endpoint and pages.

Generates the graph (N-Quads, once), bulk-loads it with ``tvkg load`` into a fresh store (load
rate, peak memory of the loader, disk size), starts ``tvkg serve`` and times, one request at a
time over HTTP, SPARQL queries of each kind from benchmarks.endpoint and the HTML pages of sampled
entities once the server has built its projections and name index, printing p50/p99 and the
server's memory.

    python -m benchmarks.scale [--triples 10000000] [--requests 100]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

from benchmarks.endpoint import PREFIXES, QUERIES, entities
from benchmarks.entity_pages import OUT, percentile
from benchmarks.generate import generated
from benchmarks.servers import free_port, process

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    started = time.perf_counter()
    data = generated(args.triples, "nq")
    print(f"data: {data.name}, {data.stat().st_size / 1e9:.2f} GB (generated or reused in "
          f"{time.perf_counter() - started:.0f} s)")
    store = OUT / f"scale-store-{args.triples}"
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([str(BIN / "tvkg"), "load", "--quiet", "--store", str(store), str(data)], check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    disk = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e9
    print(f"\n| bulk load | triples/s | peak memory | disk |\n|---|---:|---:|---:|\n"
          f"| {args.triples:,} triples in {seconds:.0f} s | {args.triples / seconds:,.0f} | {peak:,.0f} MB | "
          f"{disk:.2f} GB |")
    serve(store, entities(data), args.requests)


def serve(store: Path, chosen: dict[str, list[str]], count: int) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(BIN / "tvkg"), "serve", "--store", str(store), "--port", str(port), "--workers", "2"]
    rng = random.Random(1)
    with process(command, url + "/sparql", OUT / "scale-server.log") as pid:
        session = requests.Session()
        started = time.perf_counter()
        for _ in range(4):  # both workers: a relationship question and a search wait for the background builds
            session.get(url + "/api/rank", params={"top": "1"}, timeout=3600)
            session.get(url + "/api/search", params={"q": "kim"}, timeout=3600)
        print(f"\nafter start, projections and name index ready in {time.perf_counter() - started:.0f} s")
        print("\n| through HTTP, one at a time | p50 ms | p99 ms |\n|---|---:|---:|")
        for name, (kind, template) in QUERIES.items():
            times = [_timed(session, url + "/sparql", {"query": PREFIXES + template.replace(
                "{entity}", rng.choice(chosen[kind]) if kind != "-" else "")}) for _ in range(count)]
            print(f"| SPARQL {name} | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} |")
        for kind in ("show", "person"):
            times = [_timed(session, rng.choice(chosen[kind]).replace("https://w3id.org/tvkg", url), {},
                            {"Accept": "text/html"}) for _ in range(count)]
            print(f"| {kind} page (HTML) | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} |")
        memory = sum(p.memory_info().rss for p in [psutil.Process(pid), *psutil.Process(pid).children(True)])
        print(f"\nserver memory (gunicorn, 2 workers, query processes): {memory / 1e6:,.0f} MB")


def _timed(session: requests.Session, url: str, params: dict[str, str], headers: dict[str, str] | None = None
           ) -> float:
    started = time.perf_counter()
    answer = session.get(url, params=params, headers=headers or {"Accept": "application/sparql-results+json"},
                         timeout=120)
    if answer.status_code != 200:
        raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:200]}")
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
