"""What ``as_of`` costs: the same queries with and without ``as_of=``, on two stores of ~1M quads.

* **default**: what `tvkg init` builds (the curated seed and the Netflix catalogue, entity
  resolution's merges: ~1M quads in ~110 named graphs, a dozen of them dated);
* **generated**: benchmarks/generate.py's 1M triples (one graph per show, and announcements, each
  in the graph it asserts, dated 2019-2026) with the curated seed, loaded as benchmarks.scale does.

Each query runs through ``tvkg.query.execute.run`` (what a query process and ``tvkg.open`` run),
its answer serialized as SPARQL JSON, ``--runs`` times (median), once without ``as_of``, once with
it; before those, one run of each warms the caches. The view of the store as of that date (a copy of
the generation without the graphs not yet stated: see graph/query/as_of.py) is made first, and its
one-off time and disk use printed after the table. With ``--before SECONDS``, also the way
``as_of`` worked before views, the known graphs listed as the query's default and named graphs,
in a process of its own stopped after SECONDS a run (a third of the runs).

    python -m benchmarks.as_of [--date 2022-07-01] [--runs 7] [--before 60] [--stores default,generated]

Stores are built once under benchmarks/out/ and reused.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from benchmarks.entity_pages import OUT
from benchmarks.generate import generated
from benchmarks.shared import ROOT
from tvkg.query import as_of, execute
from tvkg.store.generations import Store

BIN = Path(sys.executable).parent

QUERIES: dict[str, str] = {
    "announcements (kind, date, status)": "SELECT ?a ?kind ?date ?status WHERE { ?a a tv:Announcement ; "
                                          "tv:kind ?kind ; tv:date ?date ; tv:asserts/tv:status ?status }",
    "lookup (one show's statements)": "SELECT ?p ?o WHERE { {show} ?p ?o }",
    "join (cast with names)": "SELECT ?show ?actor ?name WHERE { ?show a tv:Show ; tv:hasCastRole ?role . "
                              "?role tv:actor ?actor . ?actor skos:prefLabel ?name }",
    "aggregate (top actors)": "SELECT ?actor (COUNT(?role) AS ?roles) WHERE { ?role tv:actor ?actor } "
                              "GROUP BY ?actor ORDER BY DESC(?roles) LIMIT 10",
    "scan of the default graph": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "scan of every named graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
}
SHOWS = {"default": "<https://w3id.org/tvkg/id/show/all-of-us-are-dead>",
         "generated": "<https://w3id.org/tvkg/id/show/s1000>"}


def default_store() -> Path:
    path = OUT / "as-of-default"
    if not (path / "tvkg-store.json").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([str(BIN / "tvkg"), "init", "--quiet", "--store", str(path)], check=True)
    return path


def generated_store() -> Path:
    path = OUT / "as-of-generated-1000000"
    if not (path / "tvkg-store.json").exists():
        shutil.rmtree(path, ignore_errors=True)
        seed = sorted(str(p) for p in (ROOT / "data").glob("*.trig"))
        subprocess.run([str(BIN / "tvkg"), "load", "--quiet", "--no-infer", "--store", str(path),
                        str(generated(1_000_000, "nq")), *seed], check=True)
    return path


def timed(run: Callable[[], ox.QuerySolutions]) -> tuple[float, int]:
    started = time.perf_counter()
    body = run().serialize(format=ox.QueryResultsFormat.JSON)
    return time.perf_counter() - started, len(body)


def median(run: Callable[[], ox.QuerySolutions], runs: int) -> float:
    return statistics.median(timed(run)[0] for _ in range(runs))


def listed(path: str, query: str, date: str, runs: int, out: multiprocessing.Queue) -> None:
    """In a process of its own: the median time of ``query`` with the known graphs listed as its dataset."""
    store = Store.open(path, read_only=True)
    graphs = as_of.dataset(store, date)
    out.put(median(lambda: execute.run(store, query, default_graphs=graphs, named_graphs=graphs), runs))


def before(path: Path, query: str, date: str, runs: int, limit: float) -> float | None:
    """How long the query took before views (see ``listed``); None past ``limit`` seconds."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=listed, args=(str(path), query, date, runs, out))
    child.start()
    try:
        return out.get(timeout=limit * runs + 30)
    except queue.Empty:
        return None
    finally:
        child.kill()
        child.join()


def cell(seconds: float | None, limit: float) -> str:
    return f"> {limit * 1000:,.0f}" if seconds is None else f"{seconds * 1000:,.1f}"


def measure(name: str, path: Path, date: str, runs: int, limit: float | None) -> None:
    store = Store.open(path, read_only=True)
    known = as_of.known_graphs(store, date)
    named = len(store.named_graphs())
    print(f"\n### {name}: {path.name}, {len(store):,} quads, {named:,} named graphs; as of {date}: "
          f"{named - len(known) if known is not None else 0:,} not yet stated\n")
    shutil.rmtree(path / as_of.VIEWS, ignore_errors=True)  # so that making the view is timed
    started = time.perf_counter()
    view = as_of.view(store, date)
    made = time.perf_counter() - started
    print("| query | without as_of (ms) | with as_of (ms) | ratio |"
          + (" before: graphs listed (ms) | ratio |" if limit else "")
          + "\n|---|---:|---:|---:|" + ("---:|---:|" if limit else ""))
    for title, template in QUERIES.items():
        query = template.replace("{show}", SHOWS[name])
        plain = lambda q=query: execute.run(store, q)  # noqa: E731
        dated = lambda q=query: execute.run(store, q, as_of=date)  # noqa: E731
        timed(plain), timed(dated)  # warm
        without, with_ = median(plain, runs), median(dated, runs)
        row = f"| {title} | {without * 1000:,.1f} | {with_ * 1000:,.1f} | {with_ / without:.2f} |"
        if limit:
            old = before(path, query, date, max(1, runs // 3), limit)
            row += f" {cell(old, limit)} | {'' if old is None else f'{old / without:,.0f}'} |"
        print(row, flush=True)
    views = path / as_of.VIEWS
    own = sum(f.stat().st_size for f in views.rglob("*") if f.is_file() and f.stat().st_nlink == 1)
    print(f"\nthe view as of {date} ({'in use' if view is not None else 'none needed'}): made in {made:.2f} s, "
          f"once per store generation and set of graphs not yet stated, by the first query that needs it; "
          f"{own / 1e6:,.1f} MB of disk of its own (the rest are hard links to the generation's files)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", default="2022-07-01")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=float, default=0, metavar="SECONDS",
                        help="also time the known graphs listed as the dataset, giving up after SECONDS a run")
    parser.add_argument("--stores", default="default,generated")
    args = parser.parse_args()
    stores = {"default": default_store, "generated": generated_store}
    for name in args.stores.split(","):
        measure(name, stores[name](), as_of.parse_date(args.date), args.runs, args.before or None)


if __name__ == "__main__":
    main()
