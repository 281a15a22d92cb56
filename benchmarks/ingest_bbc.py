"""How `tvkg ingest` does on real news text: BBC entertainment articles from 2004–2005 about TV,
labelled by a curator (benchmarks/labelled/bbc/: 30 development articles, 15 held out), scored
against the default store (`tvkg init`: the seed and the Netflix catalogue), which knows almost
none of their shows.

    python -m benchmarks.ingest_bbc [--split dev|heldout|both] [--misses]

The articles are read from the shared folder (research use only: never copied into the project);
without it this says so and stops. The held-out split is for the final measurement only.

An extracted announcement is *found* when an expected one has its kind and its show: the graph's
show by its label, or a title proposed as a new show, compared as normalised names. It has *every
field right* when, besides, its season (when one is expected), date (at the coarser of the two
precisions; a claim the article does not date may carry none, or the article's own year), status
and denial agree. A cast line is right when actor and character (when one is expected) agree by
name. A *wrong link* is a claim about a show of the graph that no label names: a common word taken
for a title ("Last season, Fox's audience fell" read as the series *Last*).

The articles carry no date; they are read as published on 2005-01-01 (which only decides what "next
year" means; no expected date depends on it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.ingest import Score, dates_agree, tally
from benchmarks.shared import ROOT, shared_dir
from tvkg.entities.names import normalise
from tvkg.importers import manifest
from tvkg.ingest import article, extract, mentions
from tvkg.ingest.extract import Announcement, Extraction
from tvkg.store.generations import Store

LABELS = ROOT / "benchmarks" / "labelled" / "bbc"
PUBLISHED = dt.date(2005, 1, 1)


@dataclass
class Result:
    """One article's scores."""

    name: str
    found: Score = field(default_factory=Score)     # kind and show
    fields: Score = field(default_factory=Score)    # every field
    cast: Score = field(default_factory=Score)
    titles: Score = field(default_factory=Score)  # the shows the article names, recognised or proposed
    wrong_links: list[str] = field(default_factory=list)
    seconds: float = 0.0


def title(claim: Announcement) -> str | None:
    """The show an announcement is about, by name: the graph's, or the title proposed as new."""
    if claim.show is not None:
        return claim.show.label
    return getattr(claim, "title", None)


def same_title(found: str | None, expected: str) -> bool:
    if not found:
        return False
    a, b = normalise(found), normalise(expected)
    return a == b or a.removeprefix("the ") == b.removeprefix("the ")


def undated(claim: Announcement) -> bool:
    """No date from the text: none, the article's own year, or a relative one ("on Sunday"), which
    these undated articles cannot resolve and the labels leave out."""
    return claim.date is None or "as of the article" in claim.date.stated \
        or not re.search(r"\b\d{4}\b", claim.date.stated)


def same_claim(claim: Announcement, expected: dict) -> bool:
    """The same kind of news about the same show: what "found" counts."""
    return claim.kind == expected["kind"] and same_title(title(claim), expected["show"])


def fields_agree(claim: Announcement, expected: dict) -> bool:
    date_ok = undated(claim) if expected["date"] is None else \
        (claim.date is not None and dates_agree(claim.date.value, expected["date"]))
    return (claim.kind == expected["kind"] and same_title(title(claim), expected["show"])
            and (expected["season"] is None or claim.season == expected["season"]) and date_ok
            and claim.status == expected["status"] and claim.negated == expected["negated"])


def score(found: Extraction, labels: dict) -> Result:
    result = Result(labels["article"])
    expected = labels["announcements"]
    claims = found.announcements
    result.found = Score(extracted=len(claims), expected=len(expected))
    result.found.tp = sum(any(same_claim(c, e) for c in claims) for e in expected)  # recall: expected claims found
    result.found.found = sum(any(same_claim(c, e) for e in expected) for c in claims)  # precision's numerator

    def missed(e: dict) -> str:
        near = [c for c in claims if same_claim(c, e)]
        return (f"missed {e['kind']} {e['show']!r} s{e['season']} {e['date']} {e['status']}"
                f"{' denied' if e['negated'] else ''}" + (f" (found as {_brief(near[0])})" if near else ""))

    result.fields = Score(extracted=len(claims), expected=len(expected))
    tally(result.fields, expected, claims, fields_agree, missed)
    result.fields.misses += [f"extra {_brief(c)}: {c.evidence.sentence[:90]}" for c in claims
                             if not any(same_claim(c, e) for e in expected)]
    named = [*labels.get("new_titles", []), *(e["show"] for e in expected)]
    result.wrong_links = [f"{c.show.label!r}{' (proposed)' if c.show.proposed else ''} from: "
                          f"{c.evidence.sentence[:90]}" for c in claims
                          if c.show is not None and not any(same_title(c.show.label, n) for n in named)]
    result.cast = _cast(found, labels["cast"])
    shows = [e.label for e in found.mentions.values() if e.kind == "Show"]
    titles = labels.get("new_titles", [])
    result.titles = Score(tp=sum(any(same_title(s, t) for s in shows) for t in titles),
                          extracted=len(shows), expected=len(titles))
    result.titles.found = sum(any(same_title(s, t) for t in titles) for s in shows)
    return result


def _brief(claim: Announcement) -> str:
    when = claim.date.value if claim.date else None
    return f"{claim.kind} {title(claim)!r} s{claim.season} {when} {claim.status}{' denied' if claim.negated else ''}"


def _cast(found: Extraction, expected: list[dict]) -> Score:
    claims = list({(normalise(c.actor_name), normalise(c.character_name or "")): c for c in found.cast}.values())
    result = Score(extracted=len(claims), expected=len(expected))
    left = tally(result, expected, claims,
                 lambda c, line: normalise(c.actor_name) == normalise(line["actor"])
                 and (line["character"] is None
                      or normalise(c.character_name or "") == normalise(line["character"])),
                 lambda line: f"missed cast {line['actor']} as {line['character']} ({line['show']})")
    result.misses += [f"extra cast {c.actor_name} as {c.character_name}" for c in left]
    return result


def run(store: Store, split: str) -> list[Result]:
    corpus = shared_dir()
    assert corpus is not None
    names = mentions.gazetteer(store)
    results = []
    for labels_path in sorted((LABELS / split).glob("*.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        text = corpus / "data" / "bbc-entertainment" / labels["article"]
        started = time.perf_counter()
        found = extract.extract(article.read(text), PUBLISHED, names)
        seconds = time.perf_counter() - started
        result = score(found, labels)
        result.seconds = seconds
        results.append(result)
    return results


def table(results: list[Result], misses: bool) -> None:
    found, fields, cast, titles = Score(), Score(), Score(), Score()
    right = 0
    for r in results:
        found.add(r.found), fields.add(r.fields), cast.add(r.cast), titles.add(r.titles)
        right += r.found.found
    found_precision = right / found.extracted if found.extracted else 1.0
    seconds = sorted(r.seconds for r in results)
    proposed = sum("(proposed)" in w for r in results for w in r.wrong_links)
    wrong = sum(len(r.wrong_links) for r in results) - proposed
    print("| | precision | recall |\n|---|---:|---:|")
    print(f"| announcement found (kind and show) | {found_precision:.2f} ({right}/{found.extracted}) | "
          f"{found.recall:.2f} ({found.tp}/{found.expected}) |")
    print(f"| every field right | {fields.precision:.2f} | {fields.recall:.2f} ({fields.tp}/{fields.expected}) |")
    print(f"| shows named (the graph's, or proposed as new) | "
          f"{titles.found / titles.extracted if titles.extracted else 1:.2f} ({titles.found}/{titles.extracted}) | "
          f"{titles.recall:.2f} ({titles.tp}/{titles.expected}) |")
    print(f"| cast lines | {cast.precision:.2f} ({cast.tp}/{cast.extracted}) | "
          f"{cast.recall:.2f} ({cast.tp}/{cast.expected}) |")
    print(f"\n{len(results)} articles; claims linked to a show of the graph that no label names: {wrong}, "
          f"to a proposed title no label names: {proposed}; "
          f"extraction per article: median {seconds[len(seconds) // 2] * 1000:.0f} ms, "
          f"longest {seconds[-1] * 1000:.0f} ms")
    if misses:
        for r in results:
            for line in r.fields.misses + r.cast.misses + [f"wrong link {w}" for w in r.wrong_links]:
                print(f"  {r.name}: {line}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "heldout", "both"), default="dev")
    parser.add_argument("--misses", action="store_true", help="list every miss and extra claim on stderr")
    args = parser.parse_args()
    if shared_dir() is None or not (shared_dir() / "data" / "bbc-entertainment").is_dir():  # type: ignore[operator]
        sys.exit("the BBC articles are read from ../shared/data/bbc-entertainment, which is absent here")
    with tempfile.TemporaryDirectory() as work, Store.open(Path(work) / "store") as store:
        manifest.build(store, manifest.read(ROOT / "data" / manifest.MANIFEST))
        for split in ("dev", "heldout") if args.split == "both" else (args.split,):
            print(f"\n{split} ({LABELS.relative_to(ROOT) / split})\n")
            table(run(store, split), args.misses)


if __name__ == "__main__":
    main()
