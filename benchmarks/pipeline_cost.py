"""What the pipeline's entailments cost: every import is aligned by the ontology's rules
(tvkg.load.infer.materialise over the import's graph: schema.org, Wikidata and BBC types and
super-properties, inverse and chain properties, date bounds), in the import's graph and the merge.
For each size, the same `tvkg import` into a fresh store with and without them (`--no-infer`):
wall seconds, peak memory, quads in the store and the live generation's size on disk
(Store.disk_size), and each ratio; then which rules derive the most, counted on the store without
them (tvkg.load.infer.rule_queries); then `tvkg init` (the whole default build) once.

* ``default``: the real Netflix catalogue, imported as `tvkg init` imports it (data/sources.toml);
  at this size also two queries with and without the entailments: a COUNT of schema:TVSeries and
  the manual's schema.org Role-pattern cast query (docs/researchers/querying.md).
* ``1M``, ``10M``: generated IMDb-shaped directories (benchmarks.imports.imdb_directory) sized so
  the import writes about 1M and 10M triples (147 triples a series, episode credits being skipped).

    python -m benchmarks.pipeline_cost [--sizes default,1M,10M] [--limit 1800]

One heavy process at a time; an import still running after ``--limit`` seconds, or holding more
than ``--max-gb`` in memory, is stopped and its row says how far it got.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.imports import imdb_directory
from benchmarks.load_ntriples import BIN, OUT
from benchmarks.shared import NETFLIX
from tvkg.load.infer import rule_queries
from tvkg.ontology.namespaces import TV, compact
from tvkg.query import execute
from tvkg.store.generations import Store

# (series, people) of the generated IMDb directories: 1,000 series over 6,667 people write 146,986
# triples, and the count grows linearly with both.
IMDB_SIZES = {"1M": (6_800, 45_300), "10M": (68_000, 453_000)}
NETFLIX_OPTIONS = ["--source", "netflix", "--option", "platform=Netflix", "--option", "language=en"]
# Bytes on disk per triple written, both stores, the spill file and the staging copy, with room to spare
# (the 147k-triple import: 50 MB without entailments, 142 MB with).
DISK_PER_TRIPLE = 2_000
QUERIES = {
    "COUNT of schema:TVSeries": "SELECT (COUNT(?s) AS ?n) WHERE { ?s a schema:TVSeries }",
    "cast, schema.org Role pattern (rows)":
        "SELECT ?name WHERE { ?show a schema:TVSeries ; schema:actor ?role . ?role schema:actor/schema:name ?name }",
}
QUERY_RUNS = 5


@dataclass
class Run:
    """One `tvkg import` into a fresh store."""

    seconds: float
    peak_mb: float
    triples: int = 0      # written by the importer (its summary line)
    inferred: int = 0     # quads the entailments added (its summary line)
    quads: int = 0
    disk: int = 0         # bytes of the live generation
    stopped: str = ""     # why there are no figures (a limit)


@dataclass(frozen=True)
class Limits:
    """When a command is stopped: after ``seconds``, or once its resident memory passes ``mb`` (the
    machine is shared: the entailments of a large import are held in memory for a while)."""

    seconds: float
    mb: float


def resident_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0.0


def tvkg(command: list[str], limits: Limits) -> tuple[float, float, str, str]:
    """Wall seconds, peak resident MB and stderr of one tvkg command, and why it was stopped ("" when
    it finished)."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen([str(BIN / "tvkg"), *command], stdout=subprocess.DEVNULL, stderr=log)
        stopped = ""
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > limits.seconds:
                stopped = f"stopped after {limits.seconds / 60:.0f} min"
            elif resident_mb(process.pid) > limits.mb:
                stopped = f"stopped at {limits.mb / 1024:.1f} GB resident, after {time.perf_counter() - started:.0f} s"
            if stopped:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        log.seek(0)
        text = log.read().decode()
    if not stopped and os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"tvkg {' '.join(command)} failed:\n{text}")
    return seconds, usage.ru_maxrss / 1024, text, stopped


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1).replace(",", "")) if found else 0


def import_once(kind: str, source: Path, options: list[str], store: Path, infer: bool, limits: Limits) -> Run:
    """`tvkg import` into the fresh store ``store``; its figures, read back from the store."""
    seconds, peak, text, stopped = tvkg(["import", kind, str(source), *options, "--store", str(store),
                                         "--infer" if infer else "--no-infer"], limits)
    if stopped:
        staged = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
        return Run(seconds, peak, stopped=f"{stopped}, {staged / 1e9:.1f} GB written (not published)")
    run = Run(seconds, peak, number(r"imported ([\d,]+) triples", text), number(r"([\d,]+) quads inferred", text))
    with Store.open(store, read_only=True) as opened:
        run.quads, run.disk = len(opened), opened.disk_size()
    return run


def timed_queries(stores: dict[str, Path]) -> str:
    """Each query on each store: its answer and the median ms of QUERY_RUNS after a warm-up."""
    lines = [f"| query, default size | {' | '.join(f'{name}: answer | ms' for name in stores)} |",
             "|---|" + "---:|---:|" * len(stores)]
    opened = {name: Store.open(path, read_only=True) for name, path in stores.items()}
    try:
        for title, text in QUERIES.items():
            cells = []
            for store in opened.values():
                answer, times = 0, []
                for _ in range(QUERY_RUNS + 1):
                    started = time.perf_counter()
                    rows = list(execute.run(store, text))
                    times.append(time.perf_counter() - started)
                    answer = int(rows[0]["n"].value) if "COUNT" in text else len(rows)
                cells.append(f"{answer:,} | {statistics.median(times[1:]) * 1000:.1f}")
            lines.append(f"| {title} | {' | '.join(cells)} |")
    finally:
        for store in opened.values():
            store.close()
    return "\n".join(lines)


def rule_label(query: str) -> str:
    """A rule by what it reads and writes: ``premise → conclusions``, IRIs compacted."""
    body = query[query.index("GRAPH ?g {") + len("GRAPH ?g {"):query.rindex("}")].split("}")[0]
    values = re.search(r"VALUES [^{]*\{(.*?)\} (?:GRAPH|VALUES)", query)
    made = re.findall(r"<([^>]+)>", values.group(1)) if values else []
    made = [m for m in made if not m.endswith("#type")]
    premise = re.sub(r"<([^>]+)>", lambda m: compact(m.group(1)), body).strip().replace("rdf:type", "a")
    return f"`{premise}` → {', '.join(compact(m) for m in made)}"


def rule_counts(name: str, store_path: Path, top: int) -> str:
    """The quads each rule derives in the named graphs of a store without entailments (before their
    copy into the merge, and counting those already stated); the ``top`` largest."""
    with Store.open(store_path, read_only=True) as store:
        counts = []
        for query in rule_queries():
            counted = query.replace("SELECT ?s ?p ?o ?g", "SELECT (COUNT(*) AS ?n)", 1)
            n = int(next(iter(store.ox.query(counted)))["n"].value)
            if n:
                counts.append((n, rule_label(query)))
        dates = int(next(iter(store.ox.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?x <{TV.date}> ?d }} }}")))["n"].value)
    total = sum(n for n, _ in counts) + 3 * dates
    lines = [f"Rules deriving the most at {name} ({len(counts)} of {len(rule_queries())} rules derive anything; "
             f"{total:,} quads in the import graph, then copied into the merge):", "",
             "| rule: premise → conclusions | quads | share |", "|---|---:|---:|"]
    lines += [f"| {label} | {n:,} | {n / total:.0%} |" for n, label in sorted(counts, reverse=True)[:top]]
    if dates:
        lines.append(f"| date bounds: tv:earliest, tv:latest, tv:datePrecision per tv:date | ≤ {3 * dates:,} | "
                     f"{3 * dates / total:.0%} |")
    return "\n".join(lines)


def mb(size: int) -> str:
    return f"{size / 1e6:,.0f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "-"


def row(name: str, without: Run, with_: Run) -> str:
    if with_.stopped:
        return (f"| {name} | {without.triples:,} | {without.seconds:.1f} | {with_.stopped} | - | {without.quads:,} | - "
                f"| - | {mb(without.disk)} | - | - | {without.peak_mb:,.0f} / {with_.peak_mb:,.0f} |")
    return (f"| {name} | {with_.triples:,} | {without.seconds:.1f} | {with_.seconds:.1f} | "
            f"{ratio(with_.seconds, without.seconds)} | {without.quads:,} | {with_.quads:,} | "
            f"{ratio(with_.quads, without.quads)} | {mb(without.disk)} | {mb(with_.disk)} | "
            f"{ratio(with_.disk, without.disk)} | {without.peak_mb:,.0f} / {with_.peak_mb:,.0f} |")


def ram_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def machine() -> str:
    return f"{os.cpu_count()} cores, {ram_gb():.0f} GB RAM, load average {os.getloadavg()[0]:.1f} at the start"


def size_run(name: str, limits: Limits, top: int) -> list[str]:
    """Print the size's row of the table; return what is printed after the table (rules, queries)."""
    if name == "default":
        kind, source, options, expected, title = "csv", NETFLIX, NETFLIX_OPTIONS, 115_000, "default (Netflix catalogue)"
    else:
        series, people = IMDB_SIZES[name]
        kind, source, options = "imdb", imdb_directory(series, people), []
        expected, title = 147 * series, f"{name} (IMDb-shaped, {series:,} series)"
    free = shutil.disk_usage(OUT).free
    if expected * DISK_PER_TRIPLE > free:
        print(f"| {title} | skipped: needs about {expected * DISK_PER_TRIPLE / 1e9:.0f} GB on disk, "
              f"{free / 1e9:.0f} GB free |", flush=True)
        return []
    workdir = Path(tempfile.mkdtemp(dir=OUT))
    try:
        without = import_once(kind, source, options, workdir / "without", False, limits)
        with_ = import_once(kind, source, options, workdir / "with", True, limits)
        print(row(title, without, with_), flush=True)
        after = [] if without.stopped else [rule_counts(name, workdir / "without", top)]
        if name == "default" and not with_.stopped:
            after.append(timed_queries({"with entailments": workdir / "with", "without": workdir / "without"}))
        return after
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def init_run(limits: Limits) -> str:
    workdir = Path(tempfile.mkdtemp(dir=OUT))
    try:
        seconds, peak, _, stopped = tvkg(["init", "--quiet", "--store", str(workdir / "store")], limits)
        if stopped:
            return f"`tvkg init`: {stopped}"
        with Store.open(workdir / "store", read_only=True) as store:
            return (f"`tvkg init` (curated seed, Netflix catalogue, resolution; entailments included): "
                    f"{seconds:.1f} s, {len(store):,} quads, {mb(store.disk_size())} MB on disk, peak {peak:,.0f} MB")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="default,1M", help="comma-separated: default, 1M, 10M")
    parser.add_argument("--limit", type=float, default=1800, help="seconds before an import is stopped")
    parser.add_argument("--max-gb", type=float, default=ram_gb() / 2,
                        help="resident GB at which an import is stopped (default: half the RAM)")
    parser.add_argument("--top", type=int, default=8, help="rules listed per size")
    parser.add_argument("--no-init", action="store_true", help="do not time `tvkg init`")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s != "default" and s not in IMDB_SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)} (default, {', '.join(IMDB_SIZES)})")
    OUT.mkdir(exist_ok=True)
    print(f"{dt.date.today().isoformat()}; {machine()}; "
          f"`python -m benchmarks.pipeline_cost {' '.join(sys.argv[1:])}`\n")
    print("| size | triples written | import s, no entailments | with | time ratio | quads, no entailments | with | "
          "quads ratio | disk MB, no entailments | with | disk ratio | peak MB no / with |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    limits = Limits(args.limit, args.max_gb * 1024)
    after = [section for size in sizes for section in size_run(size, limits, args.top)]
    if not args.no_init:
        after.append(init_run(limits))
    for section in after:
        print(f"\n{section}")


if __name__ == "__main__":
    main()
