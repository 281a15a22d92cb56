"""What a research team asks, at 1, 4 and 16 clients, against tvkg and Oxigraph's own server.

Both serve the same generated graph (``benchmarks.generate``, 762,000 triples by default) on
loopback; tvkg with its answer cache off (``TVKG_CACHE_BYTES=0``), so every answer is evaluated,
as Oxigraph's are. Each kind of query runs for a fixed time at each number of clients:

* with a different text for every request (a comment numbers it, and it asks a different entity
  where the kind allows), and
* for the kinds that read the whole graph, one text over and over (tvkg's estimate of how long a
  text runs then follows it).

Each client is its own process with its own keep-alive connection and its own loopback address
(127.0.0.2, 127.0.0.3, ...), as researchers on their own machines would be: tvkg caps the queries
in flight per client address (``TVKG_CLIENT_MAX_QUERIES``). A client that is refused (503, 429)
waits what ``Retry-After`` says, as a polite client does, and counts the refusal.

Then a burst and what follows it: 16 clients ask the heaviest query for ``--seconds``, then 4 for
as long, the sequence that once left tvkg refusing nearly everything after the burst.

Prints, per kind and number of clients: answers/s, refusals (503 and 429), p50 and p99 latency of
the answers, and tvkg's answers/s as a ratio of Oxigraph's.

    python -m benchmarks.research [--triples 762000] [--seconds 4] [--clients 1,4,16]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from benchmarks.endpoint import Server, oxigraph, percentile_ms, settle, tvkg
from benchmarks.generate import generated
from benchmarks.servers import process

PREFIXES = ("PREFIX tv: <https://w3id.org/tvkg/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
# Each kind: the entities to pick from ("-": none) and the query. "light" kinds start from one
# entity and read a few index entries; the others are bound by the engine's work.
QUERIES: dict[str, tuple[str, str]] = {
    "floor": ("-", "ASK {}"),  # the HTTP floor
    "both-directions": (  # one entity, both directions (UNION)
        "person", "SELECT ?s ?p ?o WHERE { { <{e}> ?p ?o } UNION { ?s ?p <{e}> } }"),
    "season-cast": (  # a season's cast
        "season", "SELECT ?actor ?name WHERE { ?role tv:inSeason <{e}> ; tv:actor ?actor . "
                  "?actor skos:prefLabel ?name }"),
    "adapted": (  # works adapted from an author's comics
        "author", "SELECT ?show ?title WHERE { ?work tv:author <{e}> . ?show tv:basedOn ?work ; "
                  "skos:prefLabel ?title }"),
    "co-stars": (  # join, group, order
        "person", "SELECT ?other (COUNT(DISTINCT ?show) AS ?shows) WHERE { ?mine tv:actor <{e}> . "
                  "?show tv:hasCastRole ?mine, ?theirs . ?theirs tv:actor ?other FILTER(?other != <{e}>) } "
                  "GROUP BY ?other ORDER BY DESC(?shows) LIMIT 10"),
    "per-network": (  # the whole graph, grouped
        "-", "SELECT ?network (COUNT(?show) AS ?shows) WHERE { ?show tv:originalNetwork ?network } "
             "GROUP BY ?network ORDER BY DESC(?shows)"),
    "no-start-date": (  # seasons without a start date, their latest news (FILTER NOT EXISTS, group, order)
        "-", "SELECT ?season (MAX(?date) AS ?latest) WHERE { ?news tv:about ?season ; tv:date ?date "
             "FILTER NOT EXISTS { ?season tv:startDate ?start } } GROUP BY ?season ORDER BY DESC(?latest) LIMIT 20"),
    "two-hops": (  # people two co-starring steps away
        "person", "SELECT (COUNT(DISTINCT ?far) AS ?n) WHERE { ?r1 tv:actor <{e}> . ?show tv:hasCastRole ?r1, ?r2 . "
                  "?r2 tv:actor ?near . ?r3 tv:actor ?near . ?other tv:hasCastRole ?r3, ?r4 . ?r4 tv:actor ?far }"),
}
REPEATED = ("per-network", "no-start-date")
BURST = "no-start-date"


@dataclass
class Figures:
    """What the clients of one run saw."""

    seconds: float
    answers: int = 0
    refused: dict[int, int] = field(default_factory=dict)  # status -> count (503, 429)
    failed: int = 0  # anything else: an error status, a broken connection
    latencies: list[float] = field(default_factory=list)  # of the answers

    def add(self, other: Figures) -> None:
        self.answers += other.answers
        self.failed += other.failed
        self.latencies += other.latencies
        for status, count in other.refused.items():
            self.refused[status] = self.refused.get(status, 0) + count

    @property
    def rate(self) -> float:
        return self.answers / self.seconds

    def percentile(self, q: float) -> float:
        return percentile_ms(self.latencies, q)

    def refusals(self) -> str:
        return ", ".join(f"{n} × {status}" for status, n in sorted(self.refused.items())) or "0"


class _FromAddress(HTTPAdapter):
    """Connections from one loopback address, so each client is a client of its own to the server."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def _client(args: tuple[str, str, list[str], float, int, bool]) -> Figures:
    """One client process: ask for ``seconds``, honouring Retry-After."""
    url, template, choices, seconds, number, repeated = args
    rng, session = random.Random(number), requests.Session()
    session.mount("http://", _FromAddress(f"127.0.0.{2 + number}"))
    figures = Figures(seconds)
    deadline = time.monotonic() + seconds
    sent = 0
    while (left := deadline - time.monotonic()) > 0:
        query = PREFIXES + template.replace("{e}", choices[0] if repeated else rng.choice(choices))
        if not repeated:
            query = f"# request {number}-{sent}\n{query}"
        sent += 1
        started = time.perf_counter()
        try:
            response = session.get(url, params={"query": query}, timeout=120,
                                   headers={"Accept": "application/sparql-results+json"})
            if response.status_code == 200:
                response.json()
                figures.answers += 1
                figures.latencies.append(time.perf_counter() - started)
                continue
            if response.status_code in (429, 503):
                figures.refused[response.status_code] = figures.refused.get(response.status_code, 0) + 1
                time.sleep(min(left, float(response.headers.get("Retry-After", "1"))))
                continue
            figures.failed += 1
        except (requests.RequestException, ValueError):
            figures.failed += 1
    return figures


def drive(url: str, kind: str, choices: dict[str, list[str]], seconds: float, clients: int,
          repeated: bool = False) -> Figures:
    """``clients`` client processes asking ``kind`` for ``seconds``; their figures added up."""
    entity_class, template = QUERIES[kind]
    jobs = [(url, template, choices[entity_class], seconds, n, repeated) for n in range(clients)]
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        results = pool.map(_client, jobs)
    total = Figures(seconds)
    for figures in results:
        total.add(figures)
    return total


def entities(data: Path) -> dict[str, list[str]]:
    """People, seasons and authors of source works in the data, to pick one per request."""
    found: dict[str, set[str]] = {"person": set(), "season": set(), "author": set()}
    typed = re.compile(r"^<(https://w3id.org/tvkg/id/(person|season)/[^>]+)> "
                       r"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")
    authored = re.compile(r"^<[^>]+> <https://w3id.org/tvkg/ontology#author> <([^>]+)>")
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if match := typed.match(line):
                found[match.group(2)].add(match.group(1))
            elif match := authored.match(line):
                found["author"].add(match.group(1))
    return {**{name: sorted(iris) for name, iris in found.items()}, "-": ["-"]}


def runs(levels: list[int]) -> list[tuple[str, int, bool]]:
    """(kind, clients, repeated) in the order they run."""
    return [(kind, clients, repeated) for clients in levels for kind in QUERIES
            for repeated in ((False, True) if kind in REPEATED else (False,))]


def measure(server: Server, choices: dict[str, list[str]], levels: list[int], seconds: float,
            log: Path) -> dict[tuple[str, int, bool], Figures]:
    """Start ``server`` and run every kind at every number of clients, then the burst and after."""
    table: dict[tuple[str, int, bool], Figures] = {}
    with process(server.command, server.url, log) as pid:
        settle(pid)
        for kind, clients, repeated in runs(levels):
            figures = table[kind, clients, repeated] = drive(server.url, kind, choices, seconds, clients, repeated)
            print(f"  {kind}{', repeated' if repeated else ''}, {clients} clients: {figures.rate:,.1f}/s, "
                  f"refused {figures.refusals()}, failed {figures.failed}, p99 {figures.percentile(0.99):,.0f} ms",
                  flush=True)
        for phase, clients in (("burst", 16), ("after the burst", 4)):
            figures = table[f"{phase}: {BURST}", clients, True] = drive(server.url, BURST, choices, seconds,
                                                                      clients, True)
            print(f"  {phase}, {clients} clients: {figures.rate:,.1f}/s, refused {figures.refusals()}", flush=True)
    return table


def report(tables: dict[str, dict[tuple[str, int, bool], Figures]]) -> None:
    """One Markdown table: a row per kind and number of clients, both servers side by side."""
    ours, theirs = tables["tvkg"], tables["Oxigraph server"]
    print("\n| query | clients | tvkg answers/s | refused | p99 ms | Oxigraph answers/s | p99 ms | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for key, figures in ours.items():
        kind, clients, repeated = key
        other = theirs.get(key)
        label = f"{kind}{', repeated' if repeated and not kind.startswith(('burst', 'after')) else ''}"
        ratio = f"{figures.rate / other.rate:.2f}" if other and other.rate else "—"
        theirs_rate, theirs_p99 = (other.rate, other.percentile(0.99)) if other else (float("nan"), float("nan"))
        print(f"| {label} | {clients} | {figures.rate:,.1f} | {figures.refusals()} | {figures.percentile(0.99):,.0f} "
              f"| {theirs_rate:,.1f} | {theirs_p99:,.0f} | {ratio} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=762_000)
    parser.add_argument("--seconds", type=float, default=4.0, help="per kind, number of clients and server")
    parser.add_argument("--clients", default="1,4,16", help="numbers of clients, comma-separated")
    parser.add_argument("--kinds", default=",".join(QUERIES), help="which kinds of query, comma-separated")
    parser.add_argument("--server", default="", choices=["", "gunicorn", "granian"],
                        help="tvkg's WSGI server (default: tvkg serve's own default)")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    kinds = [kind.strip() for kind in args.kinds.split(",")]
    if unknown := [kind for kind in kinds if kind not in QUERIES]:
        parser.error(f"unknown kind of query {unknown[0]!r}; choose from: {', '.join(QUERIES)}")
    for kind in set(QUERIES) - set(kinds):
        del QUERIES[kind]
    data = generated(args.triples, "nt")
    choices = entities(data)
    print(f"{data.name}: {len(choices['person']):,} people, {len(choices['season']):,} seasons, "
          f"{len(choices['author']):,} authors; clients {levels}, {args.seconds:g} s each; {os.cpu_count()} CPUs; "
          f"tvkg with TVKG_CACHE_BYTES=0")
    os.environ["TVKG_CACHE_BYTES"] = "0"  # every answer evaluated, as Oxigraph's are
    workdir = Path(tempfile.mkdtemp(prefix="tvkg-research-bench-"))
    tables = {}
    try:
        for prepare in (tvkg, oxigraph):
            server = prepare(data, workdir)
            if server.name == "tvkg" and args.server:
                server.command += ["--server", args.server]
            print(server.name, flush=True)
            tables[server.name] = measure(server, choices, levels, args.seconds,
                                          workdir / f"{server.name.split()[0]}.log")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(tables)


if __name__ == "__main__":
    main()
