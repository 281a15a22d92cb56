"""Entity resolution over the three real sources: the curated seed, the Netflix catalogue and the
MyDramaList-derived K-drama corpus (read from the shared folder: it may not be redistributed).

    python -m benchmarks.resolution [--store DIR]

Builds the store as `tvkg init` would with the K-drama corpus added (loads, imports, then
`tvkg merge`), prints the figures (triples, entities per class, merges by class, time and peak
memory of each step), then measures precision and recall of the merges against the labelled pairs
in benchmarks/labelled/ (the set the rules were developed on, and a held-out set built after them):
a pair is predicted "same" when both IRIs belong to one cluster after resolution.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.shared import ROOT, shared_dir
from tvkg.identity import merge
from tvkg.importers import manifest
from tvkg.importers.run import Origin
from tvkg.ontology.namespaces import ENTITY
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store
from tvkg.store.stats import collect

LABELLED = ROOT / "benchmarks" / "labelled" / "resolution_pairs.csv"      # the rules were developed on it
HELD_OUT = ROOT / "benchmarks" / "labelled" / "heldout_pairs.csv"         # built after, never tuned on


def sources(kdrama: Path) -> manifest.Manifest:
    """The bundled manifest (seed, Netflix) plus the K-drama corpus, resolution last."""
    bundled = manifest.read(ROOT / "data" / manifest.MANIFEST)
    corpus = manifest.Source("MyDramaList K-drama corpus (2015-2023)", files=(kdrama,), kind="mydramalist",
                             origin=Origin(title="MyDramaList K-drama corpus (2015-2023)"))
    return manifest.Manifest(bundled.path, (*bundled.sources, corpus), merge=False)


def build(store: Store, kdrama: Path) -> list[tuple[str, float]]:
    timings = []
    for step in manifest.build(store, sources(kdrama)):
        timings.append((step.title, step.seconds))
        print(f"{step.title}: {step.triples:,} triples, {step.detail} ({step.seconds:.1f} s)")
    started = time.perf_counter()
    found, candidates = merge.find(store)
    found_at = time.perf_counter() - started
    merge.apply(store, found)
    seconds = time.perf_counter() - started
    by_class = Counter(_kind(m.a) for m in found)
    print(f"entity resolution: {len(found):,} merges ({', '.join(f'{n:,} {k}' for k, n in by_class.most_common())}), "
          f"{len(candidates):,} candidates left apart; found in {found_at:.1f} s, {seconds:.1f} s with writing")
    timings.append(("entity resolution", seconds))
    return timings


def _kind(iri: str) -> str:
    return iri.removeprefix(str(ENTITY)).split("/", 1)[0]


def evaluate(store: Store, labelled: Path) -> None:
    """Precision and recall of the merges against the labelled pairs, per kind and overall."""
    merged = clusters(store)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    with labelled.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            a, b = (str(ENTITY) + row[x].replace(":", "/", 1) for x in ("a", "b"))
            predicted, truth = merged.of(a) == merged.of(b), row["same"] == "1"
            outcome = {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}
            counts[row["kind"]][outcome[(predicted, truth)]] += 1
            counts["all"][outcome[(predicted, truth)]] += 1
            if predicted != truth:
                what = "false merge" if predicted else "missed"
                errors.append(f"  {what}: {row['a']} / {row['b']} ({row['evidence']})")
    print("\n| kind | pairs (same / different) | precision | recall | false merges | missed |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, c in sorted(counts.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        print(f"| {kind} | {c['tp'] + c['fn']} / {c['fp'] + c['tn']} | {precision:.3f} | {recall:.3f} | "
              f"{c['fp']} | {c['fn']} |")
    print("\n".join(errors[:60]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="keep the built store here (default: a temporary folder)")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None or not (shared / "data" / "kdrama_cast.csv").exists():
        sys.exit("the K-drama corpus is read from the shared folder (../shared/data), which is absent here")
    with tempfile.TemporaryDirectory() as work:
        root = args.store or Path(work) / "store"
        started = time.perf_counter()
        with Store.open(root) as store:
            build(store, shared / "data")
            figures = collect(store)
            print(f"\nstore: {figures['quads']:,} quads in named graphs, {figures['triples']:,} triples; "
                  f"{', '.join(f'{n:,} {c}' for c, n in figures['classes'].items())}")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"whole build: {time.perf_counter() - started:.1f} s, peak memory {peak:,.0f} MB (max RSS)")
            for labelled in (LABELLED, HELD_OUT):
                if labelled.exists():
                    print(f"\n{labelled.name}:")
                    evaluate(store, labelled)


if __name__ == "__main__":
    main()
