"""The Python API on the bundled data: each method on a local store (``tvkg.open``) and on a running
server (``tvkg.connect``), and a SELECT turned into a pandas DataFrame against what a researcher does
without tvkg (SPARQLWrapper's JSON, then a DataFrame of strings by hand) on the same server.

Builds the bundled store with `tvkg init` in a temporary folder, starts `tvkg serve` on it, and
prints medians over ``--repeat`` calls (after one warm-up call each).

    python -m benchmarks.api [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from SPARQLWrapper import JSON, SPARQLWrapper

import tvkg
from benchmarks.servers import free_port, process

BIN = Path(sys.executable).parent
ROWS = """SELECT ?person ?name ?show ?released WHERE {
  ?show a tv:Show ; tv:hasCastRole ?part ; tv:releaseDate ?released . ?part tv:actor ?person .
  ?person skos:prefLabel ?name }"""
CALLS: list[tuple[str, Callable[[tvkg.api.Graph], object]]] = [
    ("sparql: a COUNT", lambda kg: kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a tv:Person }")),
    ("entity('All of Us Are Dead')", lambda kg: kg.entity("All of Us Are Dead")),
    ("search('park jihu')", lambda kg: kg.search("park jihu")),
    ("path(Park Ji-hu, Yoon Chan-young, k=3)", lambda kg: kg.path("Park Ji-hu", "Yoon Chan-young", k=3)),
    ("separation(Park Ji-hu, Yoon Chan-young)", lambda kg: kg.separation("Park Ji-hu", "Yoon Chan-young")),
    ("rank('pagerank', top=10)", lambda kg: kg.rank("pagerank", top=10)),
    ("collaborators('Park Ji-hu')", lambda kg: kg.collaborators("Park Ji-hu")),
    ("projection('collaboration')", lambda kg: kg.projection("collaboration")),
    ("resolution()", lambda kg: kg.resolution()),
]


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up: projections, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def by_hand(url: str) -> pd.DataFrame:
    """What a researcher writes without tvkg: SPARQLWrapper's JSON bindings into a frame of strings."""
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery("PREFIX tv: <https://w3id.org/tvkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    + ROWS)
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    return pd.DataFrame([{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        subprocess.run([str(BIN / "tvkg"), "init", "--store", str(store), "--quiet"], check=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [str(BIN / "tvkg"), "serve", "--store", str(store), "--port", str(port)]
        with process(command, url + "/sparql", Path(folder) / "serve.log"), \
                tvkg.open(store) as local, tvkg.connect(url) as remote:
            print("| call | local ms | server ms |\n|---|---:|---:|")
            for name, call in CALLS:
                mine, theirs = (median_ms(lambda kg=kg, call=call: call(kg), args.repeat) for kg in (local, remote))
                print(f"| {name} | {mine:.1f} | {theirs:.1f} |")
            rows = len(local.sparql(ROWS))
            print(f"\n{rows:,}-row SELECT into pandas (median ms):\n\n| how | ms |\n|---|---:|")
            figures = {
                "tvkg.open(...).sparql(q).to_pandas() (typed)": median_ms(lambda: local.sparql(ROWS).to_pandas(),
                                                                         args.repeat),
                "tvkg.connect(url).sparql(q).to_pandas() (typed)": median_ms(lambda: remote.sparql(ROWS).to_pandas(),
                                                                            args.repeat),
                "SPARQLWrapper JSON -> DataFrame of strings, by hand": median_ms(lambda: by_hand(url), args.repeat),
            }
            for how, ms in figures.items():
                print(f"| {how} | {ms:.0f} |")


if __name__ == "__main__":
    main()
