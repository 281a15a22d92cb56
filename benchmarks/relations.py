"""Relationship questions on a generated graph (1M triples by default).

Builds the networkx projections from the store (time per projection, then peak memory in a second,
traced build), times the centrality measures over the credits graph, times a small SPARQL update
and the in-place patch of the projections that follows it (then undoes it), then starts ``tvkg serve``
and asks /api/path for random pairs of people over HTTP (after one warm-up request that builds the
server's projections), printing p50/p99. Target: p50 under 20 ms; collaboration build under 10 s.

    python -m benchmarks.relations [--triples 1000000] [--pairs 200]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import requests

from benchmarks.entity_pages import percentile, prepare
from benchmarks.servers import free_port, process
from tvkg.store.generations import Store

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--pairs", type=int, default=200)
    args = parser.parse_args()
    store_path = prepare(args.triples)
    from tvkg.relations.projections import build

    with Store.open(store_path) as store:
        built = build(store)
        people = sorted(built.collaboration)
        print("| projection | nodes | edges | build s |\n|---|---:|---:|---:|")
        for name, row in built.stats().items():
            print(f"| {name} | {row['nodes']:,} | {row['edges']:,} | {row['seconds']:.2f} |")
        traced = build(store, measure_memory=True)
        print(f"\npeak memory while building all four: {traced.peak_bytes / 1e6:,.0f} MB (tracemalloc)")
        print("\n| centrality over the credits graph | seconds |\n|---|---:|")
        for measure in ("degree", "pagerank", "betweenness"):
            started = time.perf_counter()
            built.centrality(measure)
            print(f"| {measure} | {time.perf_counter() - started:.2f} |")
        small_update(store, people)
    rng = random.Random(1)
    pairs = [rng.sample(people, 2) for _ in range(args.pairs)]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(BIN / "tvkg"), "serve", "--store", str(store_path), "--port", str(port)]
    with process(command, url + "/sparql", Path("/tmp") / "tvkg-relations-bench.log"):
        session = requests.Session()
        started = time.perf_counter()
        session.get(url + "/api/path", params={"from": pairs[0][0], "to": pairs[0][1]}, timeout=600)
        print(f"\nfirst /api/path right after start (waits for the background build): "
              f"{time.perf_counter() - started:.1f} s")
        latencies, hops = [], []
        for a, b in pairs:
            started = time.perf_counter()
            body = session.get(url + "/api/path", params={"from": a, "to": b}, timeout=60).json()
            latencies.append((time.perf_counter() - started) * 1000)
            hops.append(body["connections"][0]["length"] if body.get("connected") else None)
    connected = [h for h in hops if h is not None]
    print(f"/api/path over HTTP, {len(pairs)} random pairs of people: p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p99 {percentile(latencies, 0.99):.1f} ms; {len(connected)} connected, "
          f"median {sorted(connected)[len(connected) // 2] if connected else '-'} hops")


def small_update(store: Store, people: list[str]) -> None:
    """One INSERT DATA (a new cast part) and the projections' patch, then the DELETE DATA undoing it."""
    from tvkg.load.update import update
    from tvkg.ontology.namespaces import ENTITY
    from tvkg.relations.projections import current

    built = current(store)
    show = next(n for n, kind in built.credits.nodes(data="kind") if kind == "Production")
    data = (f"{{ GRAPH <{ENTITY}graph/benchmark> {{ <{show}> tv:hasCastRole <{ENTITY}role/benchmark> . "
            f"<{ENTITY}role/benchmark> tv:actor <{people[0]}> }} }}")
    print("\n| small write | update s | projections patched in s |\n|---|---:|---:|")
    for verb in ("INSERT", "DELETE"):
        started = time.perf_counter()
        update(store, f"{verb} DATA {data}")
        updated = time.perf_counter()
        assert current(store) is built, "the projections were rebuilt instead of patched"
        print(f"| {verb} DATA, one cast part | {updated - started:.3f} | {time.perf_counter() - updated:.3f} |")


if __name__ == "__main__":
    main()
