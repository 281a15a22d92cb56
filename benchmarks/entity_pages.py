"""Server-side render time of entity pages on a generated graph (1M triples by default).

Loads the generated graph (N-Quads, with announcement claim graphs) into a tvkg store once, then
asks the Flask app itself (no network, no gunicorn) for the HTML page of a sample of entities of
each kind, and for name searches, and prints p50/p99 per kind. Target: p50 under 50 ms.

    python -m benchmarks.entity_pages [--triples 1000000] [--per-kind 40]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import generated

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
KINDS = ["show", "season", "episode", "person", "character", "work", "announcement"]


def prepare(triples: int) -> Path:
    """The store for this size, generated and loaded once (later runs reuse it)."""
    store = OUT / f"pages-store-{triples}"
    if not (store / "tvkg-store.json").exists():
        data = generated(triples, "nq")
        started = time.perf_counter()
        subprocess.run([str(BIN / "tvkg"), "load", "--quiet", "--no-infer", "--store", str(store), str(data)],
                       check=True)
        print(f"loaded {data.name} in {time.perf_counter() - started:.1f} s")
    return store


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--per-kind", type=int, default=40)
    args = parser.parse_args()
    store_path = prepare(args.triples)
    os.environ["TVKG_QUERY_WORKERS"] = "1"
    from tvkg.server.app import create_app
    from tvkg.server.config import Config
    from tvkg.store.generations import Store

    store = Store.open(store_path, read_only=True)
    app = create_app(Config.from_env(store=store_path), store)
    client = app.test_client()
    print(f"store: {len(store):,} quads; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    rng = random.Random(1)
    rows, everything = [], []
    for kind in KINDS:
        iris = [r["x"].value for r in store.ox.query(
            f'SELECT ?x WHERE {{ ?x a ?c FILTER(STRSTARTS(STR(?x), "https://w3id.org/tvkg/id/{kind}/")) }} LIMIT 5000')]
        if not iris:
            continue
        sample = rng.sample(iris, min(args.per_kind, len(iris)))
        client.get("/id/" + sample[0].removeprefix("https://w3id.org/tvkg/id/") + ".html")  # warm caches
        times = []
        for iri in sample:
            started = time.perf_counter()
            response = client.get("/id/" + iri.removeprefix("https://w3id.org/tvkg/id/") + ".html")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (iri, response.status_code)
        everything += times
        rows.append((kind, len(sample), statistics.median(times), percentile(times, 0.99)))
    searches = []
    for name in ["park", "kim min", "night school", "ji", "crown", "lee seo yeon", "garden", "han", "moon", "so"]:
        started = time.perf_counter()
        assert client.get("/api/search", query_string={"q": name}).status_code == 200
        searches.append((time.perf_counter() - started) * 1000)
    print("\n| page | pages | p50 ms | p99 ms |\n|---|---:|---:|---:|")
    for kind, n, p50, p99 in rows:
        print(f"| {kind} | {n} | {p50:.1f} | {p99:.1f} |")
    print(f"| **all entity pages** | {len(everything)} | {statistics.median(everything):.1f} | "
          f"{percentile(everything, 0.99):.1f} |")
    print(f"| /api/search (after the first) | {len(searches) - 1} | {statistics.median(searches[1:]):.1f} | "
          f"{max(searches[1:]):.1f} |")
    print(f"\nfirst search (builds the name index): {searches[0]:.0f} ms")
    verdict = "PASS" if statistics.median(everything) < 50 else "FAIL"
    print(f"target p50 < 50 ms: {verdict} ({statistics.median(everything):.1f} ms)")
    app.extensions["tvkg_pool"].close()


if __name__ == "__main__":
    main()
