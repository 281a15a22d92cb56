"""Load test: many concurrent clients with a realistic mix, plus ten explosive queries, against the
production server (`tvkg serve`, gunicorn) on loopback, for a bounded time, with locust.

Researchers (30 users) browse show and person pages, search names, run small SPARQL queries and
ask how two people are connected; ten more users send a cross product of the whole graph with
itself, over and over, which the server stops at its query time limit (TVKG_QUERY_TIMEOUT, 10 s
here). Prints throughput, p50/p99 and errors per kind of request. The question it answers: do slow
queries starve fast ones? (Target: p99 of entity pages under 200 ms while the ten run.)

    python -m benchmarks.load [--triples 100000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.endpoint import entities
from benchmarks.entity_pages import OUT, prepare
from benchmarks.generate import generated
from benchmarks.servers import free_port, process

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--explosive", type=int, default=10, help="users sending explosive queries")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: tvkg serve's)")
    parser.add_argument("--ignore-retry", action="store_true",
                        help="the explosive users resubmit at once instead of waiting as Retry-After says")
    args = parser.parse_args()
    store = prepare(args.triples)
    chosen = entities(generated(args.triples, "nq"))
    listing = OUT / "load-entities.txt"
    listing.write_text("".join(f"{kind} {iri}\n" for kind in ("person", "show") for iri in chosen[kind][:2000]))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    os.environ.update({"TVKG_QUERY_TIMEOUT": "10", "TVKG_LOAD_ENTITIES": str(listing)})  # server and locust
    # Every simulated user comes from 127.0.0.1: the per-address cap would take them all for one client.
    os.environ.setdefault("TVKG_CLIENT_MAX_QUERIES", "0")
    if args.ignore_retry:
        os.environ["TVKG_LOAD_IGNORE_RETRY"] = "1"
    command = [str(BIN / "tvkg"), "serve", "--store", str(store), "--port", str(port), "--workers", "2",
               *(["--threads", str(args.threads)] if args.threads else [])]
    with process(command, url + "/sparql", OUT / "load-server.log"):
        subprocess.run([str(BIN / "python"), "-c", "import requests,sys; requests.get(sys.argv[1], timeout=600)",
                        url + "/api/rank"], check=True)  # wait for the background builds
        prefix = OUT / "load"
        subprocess.run([str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "--host", url,
                        "-u", str(30 + args.explosive), "-r", "10", "-t", f"{args.seconds}s", "--csv", str(prefix),
                        "--only-summary", "--loglevel", "ERROR"], check=False, capture_output=True)
    report(prefix.with_name("load_stats.csv"), args)


def report(stats: Path, args: argparse.Namespace) -> None:
    print(f"{args.triples:,} generated triples, {args.seconds} s, 30 researchers + {args.explosive} explosive "
          f"users ({'ignoring' if args.ignore_retry else 'honouring'} Retry-After), tvkg serve "
          f"({os.environ.get('TVKG_SERVER', 'gunicorn')}) with 2 workers x {args.threads or 'the default'} threads "
          f"on {os.cpu_count()} CPUs (locust too)\n")
    print("| request | requests | failures | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|")
    with stats.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            print(f"| {row['Name']} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
                  f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['99%']} |")


if __name__ == "__main__":
    main()
