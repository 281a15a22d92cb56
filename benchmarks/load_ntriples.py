"""Load a generated N-Triples file and print triples/s for tvkg and for Oxigraph's own loader.

All loaders run in this one process run on the same file and the same disk, so the ratios mean
something even on a noisy machine. Figures go into docs/performance.md.

    python benchmarks/load_ntriples.py [--triples 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
GRAPH = "https://w3id.org/tvkg/graph/file/bench.nt"


def generate(triples: int) -> Path:
    """The benchmark file, made once per size (deterministic: seed 1)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-{triples}.nt"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(triples), "-o", str(path)],
                       check=True)
    return path


def timed(run: Callable[[Path], None], runs: int) -> list[float]:
    """Wall-clock seconds of ``run(fresh empty directory)``, ``runs`` times."""
    seconds = []
    for _ in range(runs):
        workdir = Path(tempfile.mkdtemp(dir=OUT))
        try:
            started = time.perf_counter()
            run(workdir / "store")
            seconds.append(time.perf_counter() - started)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = generate(args.triples)
    lines = sum(1 for _ in data.open("rb"))

    def tvkg(store: Path) -> None:
        subprocess.run([str(BIN / "tvkg"), "load", "--quiet", "--no-infer", "--store", str(store), str(data)],
                       check=True)

    def tvkg_infer(store: Path) -> None:
        tvkg(store)
        subprocess.run([str(BIN / "tvkg"), "infer", "--store", str(store)], check=True, capture_output=True)

    def pyoxigraph_bulk(store: Path) -> None:
        ox.Store(str(store)).bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))

    def oxigraph_cli(store: Path) -> None:
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(store), "--file", str(data),
                        "--graph", GRAPH], check=True, capture_output=True)

    def memory(_: Path) -> None:
        ox.Store().bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))

    contenders = [
        ("tvkg load (CLI, all-or-nothing, into a named graph)", tvkg),
        ("oxigraph load (Oxigraph's own CLI, same graph)", oxigraph_cli),
        ("pyoxigraph bulk_load (no tvkg code)", pyoxigraph_bulk),
        ("pyoxigraph bulk_load into memory (no disk)", memory),
        ("tvkg load + tvkg infer (alignments materialised)", tvkg_infer),
    ]
    results = []
    for name, run in contenders:
        seconds = timed(run, args.runs if "infer" not in name else 1)
        results.append((name, statistics.median(seconds)))
        print(f"  {name}: {', '.join(f'{s:.2f}' for s in seconds)} s", file=sys.stderr)
    reference = results[1][1]
    print(f"\n{lines:,} triples ({data.stat().st_size / 1e6:.0f} MB N-Triples), median of {args.runs} runs\n")
    print("| loader | seconds | triples/s | time vs `oxigraph load` |")
    print("|---|---:|---:|---:|")
    for name, seconds in results:
        print(f"| {name} | {seconds:.2f} | {lines / seconds:,.0f} | {seconds / reference:.2f}x |")


if __name__ == "__main__":
    main()
