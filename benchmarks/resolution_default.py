"""Entity resolution on the default data, what `tvkg init` builds (the curated seed and the Netflix
catalogue, then `tvkg merge`), measured against the labelled pairs of
tests/fixtures/resolution-default/pairs.csv (its README says how they were drawn and labelled).

    python -m benchmarks.resolution_default [--store DIR]

Without --store, builds a fresh store with `tvkg init` in a temporary folder; with it, reads that
store (never writes to it). Each pair's two entities are found by IRI, or, when an IRI no longer
exists (an importer mints them differently), by the name and a show it is credited on; a pair is
predicted "same" when both are one entity or in one cluster after resolution. Prints precision,
recall and F1 per kind with the counts, then every error, the missed pairs grouped by cause.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.resolution import _kind
from benchmarks.shared import ROOT
from tvkg.entities.names import normalise
from tvkg.identity.facts import Facts, read
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

PAIRS = ROOT / "tests" / "fixtures" / "resolution-default" / "pairs.csv"
CLASSES = {"person": "Person", "show": "Show"}  # the kinds of the labelled pairs and their classes
BRACKETS = re.compile(r"\s*\(.*\)\s*$")          # "Lee Ji-eun (IU)"


@dataclass(frozen=True)
class Pair:
    """One labelled pair: each side by IRI and by a name and a show it is credited on."""

    name_a: str
    show_a: str
    iri_a: str
    name_b: str
    show_b: str
    iri_b: str
    same: bool
    reason: str

    @property
    def kind(self) -> str:
        return _kind(self.iri_a)

    def __str__(self) -> str:
        return f"{self.name_a} ({self.show_a}) / {self.name_b} ({self.show_b})"


def pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(encoding="utf-8") as rows:
        return [Pair(r["name_a"], r["show_a"], r["iri_a"], r["name_b"], r["show_b"], r["iri_b"],
                     {"SAME": True, "DIFFERENT": False}[r["label"]], r["reason"]) for r in csv.DictReader(rows)]


@dataclass
class Outcome:
    """Counts (tp, fp, fn, tn) per kind and overall, the errors, the pairs not found."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[tuple[str, Pair, str]] = field(default_factory=list)  # ("fp" or "fn", pair, cause)
    missing: list[Pair] = field(default_factory=list)
    by_name: int = 0  # pairs with a side found by name and show (its IRI no longer exists)

    def precision(self, kind: str = "all") -> float:
        c = self.counts[kind]
        return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0

    def recall(self, kind: str = "all") -> float:
        c = self.counts[kind]
        return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0

    def f1(self, kind: str = "all") -> float:
        p, r = self.precision(kind), self.recall(kind)
        return 2 * p * r / (p + r) if p + r else 0.0


class _Finder:
    """An entity by IRI, else by name and a show it is credited on (names compared as
    tvkg.entities.names.normalise does: case, accents, hyphens and spaces aside)."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._named: dict[tuple[str, str], set[str]] | None = None

    def find(self, iri: str, name: str, show: str) -> tuple[str | None, bool]:
        """(the entity, whether it was found by name and show rather than by IRI)."""
        if iri in self.facts.classes:
            return iri, False
        cls = CLASSES.get(_kind(iri), "")
        title = normalise(show)
        found = {entity for entity in self.named.get((cls, normalise(name)), set())
                 if cls == "Show" or any(title in {normalise(t) for t in self.facts.names[production]}
                                         for production in self.facts.productions[entity])}
        return (found.pop() if len(found) == 1 else None), True

    @property
    def named(self) -> dict[tuple[str, str], set[str]]:
        if self._named is None:
            self._named = defaultdict(set)
            for entity, cls in self.facts.classes.items():
                if cls in CLASSES.values():
                    for name in self.facts.names[entity]:
                        self._named[(cls, normalise(name))].add(entity)
        return self._named


def evaluate(store: Store, labelled: list[Pair] | None = None) -> Outcome:
    """Whether resolution made each labelled pair one entity, against its label."""
    facts = read(store)
    merged = clusters(store)
    finder = _Finder(facts)
    outcome = Outcome()
    for pair in pairs() if labelled is None else labelled:
        (a, named_a), (b, named_b) = (finder.find(pair.iri_a, pair.name_a, pair.show_a),
                                      finder.find(pair.iri_b, pair.name_b, pair.show_b))
        if a is None or b is None:
            outcome.missing.append(pair)
            continue
        outcome.by_name += named_a or named_b
        predicted = a == b or merged.of(a) == merged.of(b)
        result = {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}
        what = result[(predicted, pair.same)]
        for kind in (pair.kind, "all"):
            outcome.counts[kind][what] += 1
        if what in ("fp", "fn"):
            outcome.errors.append((what, pair, cause(facts, a, b, pair)))
    return outcome


def cause(facts: Facts, a: str, b: str, pair: Pair) -> str:
    """How the two entities' names differ, or why else resolution could not tell they are one."""
    if not facts.sources.get(a, frozenset()) & facts.sources.get(b, frozenset()):
        return "seed vs catalogue"
    x, y = (BRACKETS.sub("", name) or name for name in (pair.name_a, pair.name_b))
    if pair.name_a.casefold() == pair.name_b.casefold():
        return "one name, two entities of one catalogue"
    if _unaccented(pair.name_a) == _unaccented(pair.name_b):
        return "accents within one catalogue"
    if normalise(x) == normalise(y):
        return "spacing, hyphens or brackets"
    if _reordered(x, y):
        return "name order"
    if Facts.keys_of(x) & Facts.keys_of(y):
        return "romanisation or transliteration"
    return "other"


def _unaccented(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).casefold()


def _reordered(x: str, y: str) -> bool:
    """One name with its words rotated: "Hae-soo Park" / "Park Hae-soo", "Kaki Sham" / "Sham Ka Ki"."""
    words = x.split()
    return any(normalise(" ".join(words[i:] + words[:i])) == normalise(y) for i in range(1, len(words)))


def report(outcome: Outcome) -> None:
    print("\n| kind | pairs (same / different) | TP | FP | FN | TN | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, c in sorted(outcome.counts.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        name = f"**{kind}**" if kind == "all" else kind
        print(f"| {name} | {c['tp'] + c['fn']} / {c['fp'] + c['tn']} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} | "
              f"{outcome.precision(kind):.3f} | {outcome.recall(kind):.3f} | {outcome.f1(kind):.3f} |")
    if outcome.by_name:
        print(f"\n{outcome.by_name} pair(s) found by name and show (an IRI of theirs no longer exists)")
    for pair in outcome.missing:
        print(f"  not found: {pair} ({pair.iri_a}, {pair.iri_b})")
    false_merges = [(pair, why) for what, pair, why in outcome.errors if what == "fp"]
    print(f"\nfalse merges: {len(false_merges)}")
    for pair, why in false_merges:
        print(f"  {pair} [{why}]: {pair.reason}")
    missed: dict[str, list[Pair]] = defaultdict(list)
    for what, pair, why in outcome.errors:
        if what == "fn":
            missed[why].append(pair)
    print(f"\nmissed: {sum(map(len, missed.values()))}")
    for why, group in sorted(missed.items(), key=lambda kv: -len(kv[1])):
        print(f"  {why}: {len(group)}")
        for pair in group:
            print(f"    {pair}")


def build(root: Path) -> None:
    """The store `tvkg init` builds from the bundled data, at ``root``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tvkg.cli", "init", "--store", str(root), "--quiet"], check=True)
    print(f"built the default store with `tvkg init` in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store to measure (default: build one with tvkg init)")
    args = parser.parse_args()
    if args.store is not None and not args.store.exists():
        sys.exit(f"no store at {args.store}; build one with `tvkg init --store {args.store}`")
    with tempfile.TemporaryDirectory() as work:
        root = args.store
        if root is None:
            root = Path(work) / "store"
            build(root)
        labelled = pairs()
        kinds = Counter((p.kind, p.same) for p in labelled)
        print(f"{PAIRS.relative_to(ROOT)}: {len(labelled)} pairs; "
              + ", ".join(f"{kind} {kinds[(kind, True)]} same / {kinds[(kind, False)]} different"
                          for kind in sorted({p.kind for p in labelled})))
        with Store.open(root, read_only=True) as store:
            started = time.perf_counter()
            outcome = evaluate(store, labelled)
            print(f"evaluated in {time.perf_counter() - started:.1f} s")
        report(outcome)


if __name__ == "__main__":
    main()
