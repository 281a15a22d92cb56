"""The compact graphs (tvkg.relations.compact): their build, and the credits graph against the
networkx projections, on a generated graph (1M triples by default): build time, memory of a process answering questions
(PSS, from /proc), degrees of separation for random pairs of people, and PageRank.

Each side runs in a fresh process of its own, so one's memory does not count for the other; the
compact arrays are written beside the store generation first, as a server would find them.

    python -m benchmarks.compact [--triples 1000000] [--pairs 200]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.entity_pages import percentile, prepare


def pss_mb() -> float:
    """This process's proportional set size: its share of the pages it maps, shared ones split."""
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(kind: str, store_path: Path, pairs: int) -> dict[str, float]:
    """Build or open one side, answer ``pairs`` separations and a PageRank; its figures."""
    import networkx as nx

    from tvkg.relations import compact
    from tvkg.relations.projections import collaboration_graph, credit_graph, role_values
    from tvkg.store.clusters import clusters
    from tvkg.store.generations import Store

    figures: dict[str, float] = {}
    with Store.open(store_path, read_only=True) as store:
        started = time.perf_counter()
        if kind == "networkx":
            credits = credit_graph(store, role_values(store), clusters(store).of)
            collaboration = collaboration_graph(credits)
            people = sorted(collaboration)
        else:
            graph = compact.opened(store).credits
            people = sorted(graph.iri(i) for i in range(len(graph.nodes)) if graph.kinds[i] == compact.PERSON)
        figures["ready_s"] = time.perf_counter() - started
        rng = random.Random(1)
        asked = [rng.sample(people, 2) for _ in range(pairs)]
        latencies = []
        for a, b in asked:
            started = time.perf_counter()
            if kind == "networkx":
                with contextlib.suppress(nx.NetworkXNoPath):
                    nx.shortest_path_length(collaboration, a, b)
            else:
                compact.separation(graph, a, b)
            latencies.append((time.perf_counter() - started) * 1000)
        figures["separation_p50_ms"] = percentile(latencies, 0.5)
        figures["separation_p99_ms"] = percentile(latencies, 0.99)
        started = time.perf_counter()
        nx.pagerank(credits) if kind == "networkx" else compact.pagerank(graph)
        figures["pagerank_s"] = time.perf_counter() - started
        figures["pss_mb"] = pss_mb()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--child", choices=("networkx", "compact"), help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.store, args.pairs)))
        return
    store_path = prepare(args.triples)
    from tvkg.relations import compact
    from tvkg.store.generations import Store

    with Store.open(store_path) as store:
        folder = compact.folder_for(store)
        assert folder is not None
        shutil.rmtree(folder, ignore_errors=True)  # written again, and timed
        started = time.perf_counter()
        built = compact.build(store)
        built.save(folder)
        seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    print(f"compact graphs: entities {len(built.entities.nodes):,} nodes, {built.entities.edges:,} edges; "
          f"credits {len(built.credits.nodes):,} nodes, {built.credits.edges:,} edges; "
          f"built and written in {seconds:.1f} s, {size:.1f} MB on disk")
    rows = {}
    for kind in ("networkx", "compact"):
        done = subprocess.run([sys.executable, "-m", "benchmarks.compact", "--child", kind, "--store", str(store_path),
                               "--pairs", str(args.pairs)], capture_output=True, text=True, check=True)
        rows[kind] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n{args.triples:,} triples, one process per side, {args.pairs} random pairs of people\n")
    print("| | networkx (credits + collaboration) | compact (CSR, memory-mapped) | ratio |\n|---|---:|---:|---:|")
    for key, label in (("ready_s", "ready (build, or open) s"), ("pss_mb", "process PSS MB"),
                       ("separation_p50_ms", "separation p50 ms"), ("separation_p99_ms", "separation p99 ms"),
                       ("pagerank_s", "PageRank s")):
        a, b = rows["networkx"][key], rows["compact"][key]
        print(f"| {label} | {a:,.2f} | {b:,.2f} | {b / a:.2f}x |")


if __name__ == "__main__":
    main()
