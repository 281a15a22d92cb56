"""tvkg at scale: 10M generated triples bulk-loaded, then queried through the endpoint and pages.

Generates the graph (N-Quads, once), bulk-loads it with ``tvkg load`` into a fresh store (load
rate, peak memory of the loader, disk size; ``--reuse`` keeps a store loaded before), starts
``tvkg serve --workers 2`` and times, one request at a time over HTTP, SPARQL queries of each kind
from benchmarks.endpoint, the HTML pages of sampled entities and /api/path between random people,
once the server has built its projections and name index (how long that took is printed too).
Then the server's memory: proportional set size (PSS: shared pages divided among the processes that
share them, so the sum is what the server really takes) of every process in its tree, by role,
beside Oxigraph's own server over the same files.

With ``--remote``, the store is Oxigraph's own server instead (`oxigraph load` of the N-Quads and,
for tvkg's merged default graph, of the same triples as N-Triples; then `oxigraph serve-read-only`),
and `tvkg serve --store URL` stands in front of it: the same table, through one more hop.

    python -m benchmarks.scale [--triples 10000000] [--requests 100] [--reuse] [--remote]
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

from benchmarks.endpoint import PREFIXES, QUERIES, entities, settle
from benchmarks.entity_pages import OUT, percentile
from benchmarks.generate import generated
from benchmarks.servers import free_port, process

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="serve the store an earlier run loaded")
    parser.add_argument("--remote", action="store_true", help="keep the store in Oxigraph's server")
    args = parser.parse_args()
    if args.remote:
        remote(args.triples, args.requests)
        return
    store = OUT / f"scale-store-{args.triples}"
    if args.reuse and (store / "tvkg-store.json").exists():
        serve(store, entities(generated(args.triples, "nq")), args.requests)
        return
    started = time.perf_counter()
    data = generated(args.triples, "nq")
    print(f"data: {data.name}, {data.stat().st_size / 1e9:.2f} GB (generated or reused in "
          f"{time.perf_counter() - started:.0f} s)")
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([str(BIN / "tvkg"), "load", "--quiet", "--no-infer", "--store", str(store), str(data)], check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    disk = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e9
    print(f"\n| bulk load | triples/s | peak memory | disk |\n|---|---:|---:|---:|\n"
          f"| {args.triples:,} triples in {seconds:.0f} s | {args.triples / seconds:,.0f} | {peak:,.0f} MB | "
          f"{disk:.2f} GB |")
    serve(store, entities(data), args.requests)


def remote(triples: int, count: int) -> None:
    """Load into Oxigraph's server store, serve it, and put `tvkg serve` in front of it."""
    quads, plain = generated(triples, "nq"), generated(triples, "nt")
    location = OUT / f"scale-oxigraph-{triples}"
    shutil.rmtree(location, ignore_errors=True)
    started = time.perf_counter()
    for data in (quads, plain):  # the named graphs, then the default graph as their merge
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(data)],
                       check=True, capture_output=True)
    print(f"\n`oxigraph load` of {triples:,} triples as N-Quads and again as N-Triples: "
          f"{time.perf_counter() - started:.0f} s")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with process(command, endpoint + "/query", OUT / "scale-oxigraph.log") as pid:
        serve(endpoint, entities(quads), count)
        print(f"| Oxigraph server holding the store (its own process) | 1 | {pss_mb(psutil.Process(pid)):,.0f} |")


def serve(store: Path | str, chosen: dict[str, list[str]], count: int) -> None:
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
        settle(pid, longest=1800)  # and whatever else the workers warm (the claim graphs' provenance)
        print("\n| through HTTP, one at a time | p50 ms | p99 ms |\n|---|---:|---:|")
        for name, (kind, template) in QUERIES.items():
            times = [_timed(session, url + "/sparql", {"query": PREFIXES + template.replace(
                "{entity}", rng.choice(chosen[kind]) if kind != "-" else "")}) for _ in range(count)]
            print(f"| SPARQL {name} | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} |")
        for kind in ("show", "person"):
            times = [_timed(session, rng.choice(chosen[kind]).replace("https://w3id.org/tvkg", url), {},
                            {"Accept": "text/html"}) for _ in range(count)]
            print(f"| {kind} page (HTML) | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} |")
        people = chosen["person"]
        degree = ("PREFIX tvf: <https://w3id.org/tvkg/function#> SELECT ?p ?d WHERE { VALUES ?p { <{entity}> } "
                  "BIND(tvf:degree(?p) AS ?d) }")
        if isinstance(store, Path):  # (tvf: functions do not exist on a remote server)
            times = [_timed(session, url + "/sparql", {"query": degree.replace("{entity}", rng.choice(people))})
                     for _ in range(count)]  # the query processes ask for centrality too
            print(f"| SPARQL tvf:degree of a person | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} |")
        times = [_timed(session, url + "/api/path", {"from": rng.choice(people), "to": rng.choice(people)}, {})
                 for _ in range(count)]
        print(f"| /api/path, random people | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} |")
        print_memory(pid)
    if isinstance(store, Path):
        oxigraph_memory(store, chosen, rng)


ROLES = (("tvkg.shared.process", "shared process (projections, name index)"), ("multiprocessing", "query processes"),
         ("gunicorn", "HTTP workers"), ("granian", "HTTP workers"))


def role(proc: psutil.Process, root: int) -> str:
    if proc.pid == root:
        return "master (tvkg serve)"
    line = " ".join(proc.cmdline())
    return next((name for marker, name in ROLES if marker in line), "HTTP workers")


def pss_mb(proc: psutil.Process) -> float:
    try:
        return proc.memory_full_info().pss / 1e6
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0


def print_memory(pid: int) -> None:
    """PSS of every process of the server, added up by role."""
    root = psutil.Process(pid)
    by_role: dict[str, list[float]] = {}
    for proc in [root, *root.children(recursive=True)]:
        by_role.setdefault(role(proc, pid), []).append(pss_mb(proc))
    print("\n| server process | count | PSS MB |\n|---|---:|---:|")
    for name, sizes in sorted(by_role.items()):
        print(f"| {name} | {len(sizes)} | {sum(sizes):,.0f} |")
    total = sum(sum(sizes) for sizes in by_role.values())
    print(f"| **whole server** | {sum(len(s) for s in by_role.values())} | **{total:,.0f}** |")


def oxigraph_memory(store: Path, chosen: dict[str, list[str]], rng: random.Random) -> None:
    """Oxigraph's own server over the same generation's files, after the same SPARQL lookups."""
    oxigraph = BIN / "oxigraph"
    if not oxigraph.exists():
        print("(Oxigraph's server is not installed: `make bench` installs it)")
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(oxigraph), "serve-read-only", "--location", str((store / "current").resolve()),
               "--bind", f"127.0.0.1:{port}"]
    with process(command, url + "/query", OUT / "scale-oxigraph.log") as pid:
        session = requests.Session()
        for kind, template in QUERIES.values():
            if kind != "-":
                session.get(url + "/query", params={"query": PREFIXES + template.replace(
                    "{entity}", rng.choice(chosen[kind]))}, timeout=600)
        print(f"| Oxigraph server, same files, after the same kinds of query | 1 | "
              f"{pss_mb(psutil.Process(pid)):,.0f} |")


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
