"""tvkg's SPARQL endpoint over HTTP, side by side with Oxigraph's own server and rdflib-endpoint.

All three serve the same generated graph (N-Triples, 100k triples by default) on loopback:

* tvkg: ``tvkg serve`` (gunicorn) over a store made by ``tvkg load``;
* Oxigraph: ``oxigraph serve-read-only`` over a store made by ``oxigraph load``;
* rdflib-endpoint: ``rdflib-endpoint serve data.nt`` (rdflib's in-memory store, uvicorn).

Each kind of query runs for a fixed time from several client processes with keep-alive
connections, one server at a time. Every request's text is different (a comment numbers it, and it
asks a different entity where the kind allows), so no answer can come from tvkg's cache; then the
"repeated" rows send one text over and over, which tvkg answers from its cache (the hit rate is
printed) and the other servers evaluate again.
Prints requests/s, p50 and p99 per server and kind, the server's CPU time per request (all its
processes, from psutil: the client processes share the machine, so this is the figure that noise
moves least), and tvkg's throughput as a ratio of the others'. Targets: at least 10x
rdflib-endpoint's throughput and half of Oxigraph's on lookups.

    python -m benchmarks.endpoint [--triples 100000] [--seconds 5] [--clients 4]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

from benchmarks.generate import generated
from benchmarks.servers import free_port, process

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PREFIXES = ("PREFIX tv: <https://w3id.org/tvkg/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")

# Each kind: the class of entity to pick at random for every request, and the query template.
# ASK {} measures each server's cost of a request that asks nothing. The next three start from
# one entity (what entity pages and most lookups do); the last two read the whole graph (what
# analytical questions do).
QUERIES: dict[str, tuple[str, str]] = {
    "ASK {} (the HTTP floor)": ("-", "ASK {}"),
    "lookup": ("person", "SELECT ?p ?o WHERE { <{entity}> ?p ?o }"),
    "join": ("show", "SELECT ?actor ?character WHERE { <{entity}> tv:hasCastRole ?role . "
                     "?role tv:actor/skos:prefLabel ?actor ; tv:character/skos:prefLabel ?character }"),
    "co-stars": ("person", "SELECT ?other (COUNT(DISTINCT ?show) AS ?shows) WHERE { ?mine tv:actor <{entity}> . "
                           "?show tv:hasCastRole ?mine, ?theirs . ?theirs tv:actor ?other "
                           "FILTER(?other != <{entity}>) } GROUP BY ?other ORDER BY DESC(?shows) LIMIT 10"),
    "aggregate": ("-", "SELECT ?network (COUNT(?show) AS ?shows) WHERE { ?show tv:originalNetwork ?network } "
                       "GROUP BY ?network ORDER BY DESC(?shows)"),
    "top actors": ("-", "SELECT ?actor (COUNT(?role) AS ?roles) WHERE { ?role tv:actor ?actor } "
                        "GROUP BY ?actor ORDER BY DESC(?roles) LIMIT 10"),
}

@dataclass
class Server:
    """A server to start: its name in the table, its SPARQL endpoint and its command line."""

    name: str
    url: str
    command: list[str]


@dataclass
class Figures:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    server_cpu: float = 0.0  # CPU seconds used by the server's processes during the run
    hits: int = 0  # answers tvkg's cache gave (X-TVKG-Cache: hit)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.server_cpu / max(1, self.requests + self.errors)

    def percentile(self, q: float) -> float:
        return percentile_ms(self.latencies, q)


def percentile_ms(latencies: list[float], q: float) -> float:
    """The ``q`` quantile of latencies in seconds, in milliseconds (nan when there are none)."""
    ordered = sorted(latencies) or [float("nan")]
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def entities(data: Path) -> dict[str, list[str]]:
    """IRIs of people and shows in the data, to pick a different one for each request."""
    found: dict[str, list[str]] = {"person": [], "show": [], "-": ["-"]}
    pattern = re.compile(r"^<(https://w3id.org/tvkg/id/(person|show)/[^>]+)> "
                         r"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            match = pattern.match(line)
            if match:
                found[match.group(2)].append(match.group(1))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants (gunicorn workers, query workers)."""
    total = 0.0
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total




def _client(args: tuple[str, str, list[str], float, int, bool]) -> tuple[int, int, list[float], int]:
    """One client process: send requests for ``seconds`` over one keep-alive connection."""
    url, template, choices, seconds, seed, repeated = args
    rng, session = random.Random(seed), requests.Session()
    done = errors = hits = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        query = PREFIXES + template.replace("{entity}", choices[0] if repeated else rng.choice(choices))
        if not repeated:
            query = f"# request {seed}-{done + errors}\n{query}"
        started = time.perf_counter()
        try:
            response = session.get(url, params={"query": query}, timeout=120,
                                    headers={"Accept": "application/sparql-results+json"})
            body = response.json()
            ok = response.status_code == 200 and ("boolean" in body or body["results"]["bindings"] is not None)
        except (requests.RequestException, ValueError, KeyError):
            ok = False
        latencies.append(time.perf_counter() - started)
        done += ok
        errors += not ok
        hits += ok and response.headers.get("X-TVKG-Cache") == "hit"
    return done, errors, latencies, hits


def drive(server: Server, pid: int, template: str, choices: list[str], seconds: float, clients: int,
          repeated: bool = False) -> Figures:
    """Run ``clients`` client processes against ``server``, each for ``seconds``, and add up their figures.

    Throughput is requests over ``seconds``: the clients run side by side, and their start-up
    (spawning, imports) is not part of it.
    """
    jobs = [(server.url, template, choices, seconds, seed, repeated) for seed in range(clients)]
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        cpu_before = cpu_seconds(pid)
        results = pool.map(_client, jobs)
        cpu = cpu_seconds(pid) - cpu_before
    latencies = [x for _, _, lat, _ in results for x in lat]
    return Figures(sum(r[0] for r in results), sum(r[1] for r in results), seconds, latencies, cpu,
                   sum(r[3] for r in results))


def tvkg(data: Path, workdir: Path) -> Server:
    """tvkg's own loader and `tvkg serve` with the defaults a user gets (TVKG_* variables apply)."""
    store, port = workdir / "tvkg-store", free_port()
    subprocess.run([str(BIN / "tvkg"), "load", "--quiet", "--no-infer", "--store", str(store), str(data)], check=True)
    return Server("tvkg", f"http://127.0.0.1:{port}/sparql",
                  [str(BIN / "tvkg"), "serve", "--store", str(store), "--port", str(port)])


def oxigraph(data: Path, workdir: Path) -> Server:
    """Oxigraph's CLI loader and its read-only server (Rust, multi-threaded)."""
    store, port = workdir / "oxigraph-store", free_port()
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(store), "--file", str(data)], check=True,
                   capture_output=True)
    return Server("Oxigraph server", f"http://127.0.0.1:{port}/query",
                  [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"])


def rdflib_endpoint(data: Path, workdir: Path) -> Server:
    """rdflib-endpoint's CLI, which parses the file into rdflib's memory store when it starts."""
    port = free_port()
    return Server("rdflib-endpoint", f"http://127.0.0.1:{port}/",
                  [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port), str(data)])


REPEATED = ("lookup", "co-stars", "aggregate", "top actors")  # also sent as one text over and over


def _row(kind: str, repeated: bool) -> str:
    return f"{kind}, repeated" if repeated else kind


def settle(pid: int, longest: float = 120.0) -> None:
    """Wait until the server has done what it does at start (tvkg builds its name index and
    projections in the background), so that it does not count against the first kind of query."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1.0)
        if cpu_seconds(pid) - before < 0.05:
            return


def report(table: dict[str, dict[str, Figures]]) -> None:
    """A Markdown table: one row per kind and server, with tvkg's throughput ratio to each other server."""
    print("\n| query | server | requests/s | p50 ms | p99 ms | server CPU ms/request | errors | tvkg ÷ this |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for kind, by_server in table.items():
        ours = by_server["tvkg"].rate
        for name, figures in by_server.items():
            ratio = "—" if name == "tvkg" else f"{ours / figures.rate:.2f}x" if figures.rate else "∞"
            cached = f" ({figures.hits / max(1, figures.requests):.0%} from the cache)" \
                if name == "tvkg" and "repeated" in kind else ""
            print(f"| {kind} | {name}{cached} | {figures.rate:,.1f} | {figures.percentile(0.5):.1f} | "
                  f"{figures.percentile(0.99):.1f} | {figures.cpu_ms:.2f} | {figures.errors} | {ratio} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per server and kind of query")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes")
    parser.add_argument("--servers", default="tvkg,oxigraph,rdflib-endpoint",
                        help="which servers to run, comma-separated")
    parser.add_argument("--kinds", default=",".join(QUERIES),
                        help="which kinds of query to run, comma-separated (default: all)")
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.kinds.split(",")]
    unknown = [kind for kind in kinds if kind not in QUERIES]
    if unknown:
        parser.error(f"unknown kind of query {unknown[0]!r}; choose from: {', '.join(QUERIES)}")
    data = generated(args.triples, "nt")
    choices = entities(data)
    print(f"{data.name}: {len(choices['person']):,} people, {len(choices['show']):,} shows; "
          f"{args.clients} clients, {args.seconds:g} s per server and query; {os.cpu_count()} CPUs")
    workdir = Path(tempfile.mkdtemp(prefix="tvkg-endpoint-bench-"))
    runs = [(kind, False) for kind in kinds] + [(kind, True) for kind in REPEATED if kind in kinds]
    table: dict[str, dict[str, Figures]] = {_row(kind, again): {} for kind, again in runs}
    chosen = {"tvkg": tvkg, "oxigraph": oxigraph, "rdflib-endpoint": rdflib_endpoint}
    try:
        for prepare in (chosen[name] for name in args.servers.split(",")):
            started = time.perf_counter()
            server = prepare(data, workdir)
            with process(server.command, server.url, workdir / f"{server.name.split()[0]}.log") as pid:
                print(f"{server.name}: ready in {time.perf_counter() - started:.1f} s (load and start)")
                settle(pid)
                for kind, again in runs:
                    entity_class, template = QUERIES[kind]
                    figures = drive(server, pid, template, choices[entity_class], args.seconds, args.clients, again)
                    kind = _row(kind, again)
                    table[kind][server.name] = figures
                    print(f"  {kind}: {figures.rate:,.1f} req/s, p50 {figures.percentile(0.5):.1f} ms, "
                          f"p99 {figures.percentile(0.99):.1f} ms, {figures.cpu_ms:.2f} ms CPU/request, "
                          f"{figures.errors} errors")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(table)


if __name__ == "__main__":
    main()
