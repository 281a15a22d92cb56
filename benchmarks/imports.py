"""Import speed: `tvkg import` of an IMDb-shaped directory and of the real Netflix catalogue, each
against `tvkg load` of the very triples it wrote (exported as N-Quads, so the bulk loader with no
mapping to do), in the same run and on the same disk: the ratio is what the mapping costs.

The IMDb-shaped files are generated (deterministic): ``--series`` series of 10 episodes in two
seasons, 8 credits per series and 3 per episode over ``--people`` people, and one film per series
(skipped, as IMDb's many films are). Figures go into docs/performance.md.

    python -m benchmarks.imports [--series 30000] [--people 200000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.load_ntriples import BIN, OUT
from benchmarks.shared import NETFLIX
from tvkg.store.generations import Store


def imdb_directory(series: int, people: int) -> Path:
    """The four IMDb files for ``series`` series, made once per size."""
    folder = OUT / f"imdb-{series}-{people}"
    if (folder / "name.basics.tsv").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    pick = random.Random(1).randrange
    files = {name: (folder / f"{name}.tsv").open("w", encoding="utf-8") for name in
             ("title.basics", "title.episode", "title.principals", "name.basics")}
    files["title.basics"].write("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
                                "runtimeMinutes\tgenres\n")
    files["title.episode"].write("tconst\tparentTconst\tseasonNumber\tepisodeNumber\n")
    files["title.principals"].write("tconst\tordering\tnconst\tcategory\tjob\tcharacters\n")
    number = 1
    for n in range(series):
        show, number = f"tt{number:08d}", number + 1
        files["title.basics"].write(f"{show}\ttvSeries\tShow {n}\tShow {n}\t0\t{2000 + n % 25}\t\\N\t45\tDrama\n")
        for k in range(8):
            files["title.principals"].write(f"{show}\t{k + 1}\tnm{pick(people):08d}\t"
                                            f"{'actor' if k < 6 else 'director'}\t\\N\t[\"Role {k}\"]\n")
        for e in range(10):
            episode, number = f"tt{number:08d}", number + 1
            files["title.basics"].write(f"{episode}\ttvEpisode\tEpisode {e}\tEpisode {e}\t0\t{2000 + n % 25}\t"
                                        "\\N\t45\tDrama\n")
            files["title.episode"].write(f"{episode}\t{show}\t{1 + e // 5}\t{1 + e % 5}\n")
            for k in range(3):
                files["title.principals"].write(f"{episode}\t{k + 1}\tnm{pick(people):08d}\tactor\t\\N\t"
                                                f"[\"Role {k}\"]\n")
        film, number = f"tt{number:08d}", number + 1
        files["title.basics"].write(f"{film}\tmovie\tFilm {n}\tFilm {n}\t0\t2010\t\\N\t90\tDrama\n")
    files["name.basics"].write("nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n")
    for p in range(people):
        files["name.basics"].write(f"nm{p:08d}\tPerson {p}\t1970\t\\N\tactor\t\\N\n")
    for handle in files.values():
        handle.close()
    return folder


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one tvkg command (which must succeed)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN / "tvkg"), *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not the largest child's so far
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"tvkg {' '.join(command)} failed: {process.stderr.read().decode()}")  # type: ignore[union-attr]
    return seconds, usage.ru_maxrss / 1024


def compare(name: str, kind: str, source: Path) -> None:
    """Import ``source``, export what it wrote, bulk-load that into a fresh store; print a row."""
    workdir = Path(tempfile.mkdtemp(dir=OUT))
    try:
        imported, exported = workdir / "imported", workdir / "written.nq"
        seconds, peak = run(["import", kind, str(source), "--quiet", "--store", str(imported)])
        with Store.open(imported, read_only=True) as store:
            count = next(iter(store.ox.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
            triples = int(count["n"].value)
        with exported.open("wb") as out:
            subprocess.run([str(BIN / "tvkg"), "export", "--store", str(imported), "--format", "nquads"],
                           check=True, stdout=out)
        load_seconds, load_peak = run(["load", str(exported), "--quiet", "--no-validate", "--no-infer",
                                       "--store", str(workdir / "loaded")])
        print(f"| {name} | {triples:,} | {seconds:.1f} | {triples / seconds:,.0f} | {peak:,.0f} | "
              f"{load_seconds:.1f} | {triples / load_seconds:,.0f} | {load_peak:,.0f} | "
              f"{seconds / load_seconds:.1f}x |")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, default=30_000)
    parser.add_argument("--people", type=int, default=200_000)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    imdb = imdb_directory(args.series, args.people)
    print("| import | triples written | import s | triples/s | peak MB | `tvkg load` of the same s | triples/s | "
          "peak MB | import ÷ load |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    compare(f"IMDb-shaped, {args.series:,} series", "imdb", imdb)
    compare("Netflix catalogue (real)", "csv", NETFLIX)


if __name__ == "__main__":
    main()
