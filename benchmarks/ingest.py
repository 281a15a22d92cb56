"""How well `tvkg ingest` extracts claims: precision and recall per article against the claims a
curator expects (tests/fixtures/news/*.expected.json), and the time per article.

    python -m benchmarks.ingest

The articles are the seed article (read from the shared folder: it may not be redistributed;
its expected claims come from the curated graph), the articles written for this evaluation in
tests/fixtures/news/ (the rules were improved while reading them, so their figures flatter the
rules) and the held-out articles in tests/fixtures/news-heldout/ (written by someone who had not
seen the rules, and never used to change them: the honest figure). The store is the default one
(`tvkg init`: seed + Netflix catalogue).

An extracted announcement matches an expected one when kind, show, status and negation agree, the
season agrees (when the expected claim names one), and the dates agree at the coarser of their
two precisions ("2022" agrees with "2022-06"). A cast statement matches on actor and character
(IRIs when the graph knows them, else names), and a correction on the same and its being swapped.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from benchmarks.shared import ROOT, shared_dir
from tvkg.entities.names import normalise
from tvkg.importers import manifest
from tvkg.ingest import article, extract, mentions
from tvkg.ingest.extract import Announcement, Extraction
from tvkg.store.generations import Store

NEWS = ROOT / "tests" / "fixtures" / "news"
HELD_OUT = ROOT / "tests" / "fixtures" / "news-heldout"


@dataclass
class Score:
    """True positives, extracted and expected counts of one kind of claim."""

    tp: int = 0
    extracted: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)
    found: int = 0  # announcements only: expected claims whose kind and subject were found, right or not

    @property
    def precision(self) -> float:
        return self.tp / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        self.tp, self.extracted, self.expected = (self.tp + other.tp, self.extracted + other.extracted,
                                                  self.expected + other.expected)
        self.found += other.found

    @property
    def found_recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def articles(folder: Path = NEWS) -> list[tuple[Path, Path]]:
    """(article, expected claims) pairs of a folder; for the written set, the seed first (when the
    shared folder has it)."""
    found = []
    shared = shared_dir()
    if folder == NEWS and shared is not None and (shared / "seed" / "000_cfe175a65edc26c3.txt").exists():
        found.append((shared / "seed" / "000_cfe175a65edc26c3.txt", NEWS / "seed.expected.json"))
    for expected in sorted(folder.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        texts = [folder / f"{stem}{suffix}" for suffix in (".txt", ".html") if (folder / f"{stem}{suffix}").exists()]
        if stem != "seed" and texts:
            found.append((texts[0], expected))
    return found


def dates_agree(extracted: str | None, expected: str | None) -> bool:
    if not extracted or not expected:
        return extracted == expected or expected is None
    short, long = sorted((extracted, expected), key=len)
    return long.startswith(short)


def _about(claim: object) -> str | None:
    """The show IRI an announcement is about; None for a show the graph lacks (one the article
    proposes as new, which the written sets label as unknown)."""
    show = claim.show  # type: ignore[attr-defined]
    return None if show is None or show.proposed else str(show.iri)


E = TypeVar("E")
C = TypeVar("C")


def tally(score: Score, expected: list[E], extracted: list[C], matches: Callable[[C, E], bool],
          missed: Callable[[E], str]) -> list[C]:
    """Match each expected item with the first extracted one left that ``matches`` it: a true
    positive in ``score``, or a miss described by ``missed``. Returns the extracted ones left over."""
    left = list(extracted)
    for item in expected:
        match = next((c for c in left if matches(c, item)), None)
        if match is None:
            score.misses.append(missed(item))
        else:
            left.remove(match)
            score.tp += 1
    return left


def score_announcements(found: Extraction, expected: list[dict]) -> Score:
    score = Score(extracted=len(found.announcements), expected=len(expected))

    def subject(a: Announcement, claim: dict) -> bool:
        return a.kind == claim["kind"] and _about(a) in {claim["show"], *claim.get("show_also", [])} \
            and (claim["season"] is None or a.season == claim["season"])

    score.found = sum(any(subject(a, claim) for a in found.announcements) for claim in expected)
    left = tally(score, expected, found.announcements,
                 lambda a, claim: subject(a, claim) and a.status == claim["status"]
                 and a.negated == claim.get("negated", False)
                 and dates_agree(a.date.value if a.date else None, claim["date"]),
                 lambda claim: f"missed {claim['kind']} s{claim['season']} {claim['date']} {claim['status']}"
                               f"{' (negated)' if claim.get('negated') else ''}")
    score.misses += [f"extra {a.kind} s{a.season} {a.date.value if a.date else None} {a.status}: "
                     f"{a.evidence.sentence[:80]}" for a in left]
    return score


def _same(entity: object, iri: str | None, name: str) -> bool:
    if iri is not None and entity is not None:
        return entity.iri == iri  # type: ignore[attr-defined]
    return normalise(name) != "" and entity is None


def _same_character(claim: object, line: dict) -> bool:
    """The expected character, by IRI when the graph knows it, else by name; none expected, none found."""
    name = line.get("character_name", line["character"])
    if name is None:
        return not claim.character_name  # type: ignore[attr-defined]
    iri = line.get("character_iri", line["character"])
    found = claim.character.iri if claim.character else None  # type: ignore[attr-defined]
    return found == iri or normalise(claim.character_name) == normalise(name)  # type: ignore[attr-defined]


def score_cast(found: Extraction, expected: list[dict], corrections: bool = False) -> Score:
    claims = list({(c.actor.iri if c.actor else normalise(c.actor_name),
                    c.character.iri if c.character else normalise(c.character_name)): c for c in found.cast}.values())
    if corrections:
        claims = [c for c in claims if c.swapped]
        expected = [e for e in expected if e.get("swapped")]
    score = Score(extracted=len(claims), expected=len(expected))
    left = tally(score, expected, claims,
                 lambda c, line: ((c.actor.iri if c.actor else None) in {line["actor"], *line.get("actor_also", [])}
                                  or (line["actor"] is None
                                      and normalise(c.actor_name) == normalise(line["actor_name"])))
                 and _same_character(c, line),
                 lambda line: f"missed cast {line['actor_name']} as {line.get('character_name', line['character'])}")
    score.misses += [f"extra cast {c.actor_name} as {c.character_name}" for c in left]
    return score


def run(store: Store, folder: Path = NEWS) -> list[tuple[str, Score, Score, Score, float]]:
    results = []
    names = mentions.gazetteer(store)
    for text, expected_path in articles(folder):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        started = time.perf_counter()
        found = extract.extract(article.read(text), dt.date.fromisoformat(expected["published"]), names,
                                outlet=expected.get("outlet"))
        seconds = time.perf_counter() - started
        results.append((text.name, score_announcements(found, expected["announcements"]),
                        score_cast(found, expected["cast"]), score_cast(found, expected["cast"], corrections=True),
                        seconds))
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as work, Store.open(Path(work) / "store") as store:
        manifest.build(store, manifest.read(ROOT / "data" / manifest.MANIFEST))
        for title, folder in [("The seed and the written articles (tests/fixtures/news)", NEWS),
                              ("Held out (tests/fixtures/news-heldout)", HELD_OUT)]:
            if articles(folder):
                print(f"\n{title}\n")
                table(run(store, folder))


def table(results: list[tuple[str, Score, Score, Score, float]]) -> None:
    """P and R of announcements (all fields right), and "found": the share of expected
    announcements whose kind and subject were found at all (date, status or denial may be wrong)."""
    print("| article | announcements P | R | found | cast P | R | corrections P | R | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    total_a, total_c, total_x = Score(), Score(), Score()
    for name, a, c, x, seconds in results:
        print(f"| {name} | {a.precision:.2f} | {a.recall:.2f} ({a.tp}/{a.expected}) | {a.found_recall:.2f} | "
              f"{c.precision:.2f} | {c.recall:.2f} ({c.tp}/{c.expected}) | {x.precision:.2f} | {x.recall:.2f} | "
              f"{seconds:.2f} |")
        total_a.add(a), total_c.add(c), total_x.add(x)
    print(f"| **all** | {total_a.precision:.2f} | {total_a.recall:.2f} | {total_a.found_recall:.2f} | "
          f"{total_c.precision:.2f} | {total_c.recall:.2f} | {total_x.precision:.2f} | {total_x.recall:.2f} | |")
    for name, a, c, _, _ in results:
        for miss in a.misses + c.misses:
            print(f"  {name}: {miss}", file=sys.stderr)


if __name__ == "__main__":
    main()
