"""Write a realistic synthetic TV graph in the tvkg ontology, deterministic for a seed.

Shows have seasons, episodes, a network, sometimes a source work and its author; casts are drawn
with preferential attachment, so careers are heavy-tailed (a few actors appear in many shows, most
in one or two) and the collaboration network looks like a real one. Announcements make claims in
their own named graphs, some of them conflicting (two release years for one season).

    python benchmarks/generate.py --triples 1000000 --format nt > data.nt
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

TV = "https://w3id.org/tvkg/ontology#"
ID = "https://w3id.org/tvkg/id/"
GRAPH = "https://w3id.org/tvkg/graph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
XSD = "http://www.w3.org/2001/XMLSchema#"

SYLLABLES = ["ji", "hu", "min", "seo", "yeon", "park", "lee", "kim", "cho", "han", "na", "ra", "su", "hyeok",
             "jae", "eun", "bo", "yoon", "chan", "young", "dae", "ha", "ri", "mi", "jin", "so", "won", "tae"]
WORDS = ["Night", "School", "Dead", "Garden", "River", "Crown", "Signal", "Winter", "Kingdom", "Shadow",
         "Summer", "Code", "Last", "Love", "City", "Secret", "Red", "Moon", "Game", "Sky", "Hospital"]

Quad = tuple[str, str, str, str]  # subject, predicate, object (already N-Triples terms), graph
SOURCE = f"<{ID}source/generator>"  # the one source document every generated claim is derived from


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, lang: str | None = "en") -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Generator:
    """Emits quads show by show until the target size is reached."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: list[str] = []        # one entry per credit: preferential attachment by sampling it
        self.person_count = 0

    def name(self, parts: int) -> str:
        return "-".join(self.rng.choice(SYLLABLES).capitalize() if i == 0 else self.rng.choice(SYLLABLES)
                        for i in range(parts))

    def person(self, graph: str) -> tuple[str, list[Quad]]:
        """An existing person (probability grows with their credits) or, often, a new one."""
        if self.people and self.rng.random() < 0.6:
            return self.rng.choice(self.people), []
        self.person_count += 1
        n = self.person_count
        subject = iri(f"{ID}person/p{n}")
        label = f"{self.name(1)} {self.name(2)}"
        quads = [(subject, iri(RDF_TYPE), iri(TV + "Person"), graph),
                 (subject, iri(PREF), text(label), graph),
                 (subject, iri(ALT), text(label.replace("-", "")), graph)]
        return subject, quads

    def show(self, n: int) -> Iterator[Quad]:
        rng = self.rng
        graph = iri(f"{GRAPH}generated/show-{n}")
        show = iri(f"{ID}show/s{n}")
        title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}"
        yield from [(graph, iri(RDF_TYPE), iri(TV + "ClaimGraph"), graph),
                    (graph, iri(TV + "status"), iri(TV + "Reported"), graph),
                    (graph, iri(PROV_FROM), SOURCE, graph),
                    (show, iri(RDF_TYPE), iri(TV + "Show"), graph),
                    (show, iri(PREF), text(title), graph),
                    (show, iri(TV + "originalNetwork"), iri(f"{ID}org/network-{rng.randrange(40)}"), graph)]
        if rng.random() < 0.3:
            work = iri(f"{ID}work/w{n}")
            author, quads = self.person(graph)
            yield from quads
            yield from [(work, iri(RDF_TYPE), iri(TV + "Webtoon"), graph),
                        (work, iri(PREF), text(f"{title} (webtoon)"), graph),
                        (work, iri(TV + "author"), author, graph),
                        (show, iri(TV + "basedOn"), work, graph)]
        director, quads = self.person(graph)
        yield from quads
        yield (show, iri(TV + "director"), director, graph)
        seasons = [iri(f"{ID}season/s{n}-{k}") for k in range(1, rng.choice([1, 1, 2, 2, 3, 4]) + 1)]
        for k, season in enumerate(seasons, start=1):
            episodes = rng.randrange(6, 17)
            yield from [(season, iri(RDF_TYPE), iri(TV + "Season"), graph),
                        (season, iri(PREF), text(f"{title} season {k}"), graph),
                        (season, iri(TV + "seasonOf"), show, graph),
                        (season, iri(TV + "seasonNumber"), typed(k, "integer"), graph),
                        (season, iri(TV + "numberOfEpisodes"), typed(episodes, "integer"), graph),
                        (season, iri(TV + "releaseDate"), typed(2000 + rng.randrange(25), "gYear"), graph)]
            for e in range(1, episodes + 1):
                episode = iri(f"{ID}episode/s{n}-{k}-{e}")
                yield from [(episode, iri(RDF_TYPE), iri(TV + "Episode"), graph),
                            (episode, iri(PREF), text(f"{title} S{k}E{e}"), graph),
                            (episode, iri(TV + "episodeOf"), season, graph),
                            (episode, iri(TV + "episodeNumber"), typed(e, "integer"), graph)]
        for r in range(rng.randrange(4, 14)):
            actor, quads = self.person(graph)
            yield from quads
            self.people.append(actor)
            role, character = iri(f"{ID}role/s{n}-{r}"), iri(f"{ID}character/s{n}-{r}")
            yield from [(show, iri(TV + "hasCastRole"), role, graph),
                        (role, iri(RDF_TYPE), iri(TV + "CastRole"), graph),
                        (role, iri(TV + "actor"), actor, graph),
                        (role, iri(TV + "character"), character, graph),
                        (character, iri(RDF_TYPE), iri(TV + "Character"), graph),
                        (character, iri(PREF), text(self.name(3)), graph)]
            for season in seasons[: rng.randrange(1, len(seasons) + 1)]:
                yield (role, iri(TV + "inSeason"), season, graph)
        if len(seasons) > 1 and rng.random() < 0.5:
            yield from self.conflicting_release(n, seasons[-1])

    def conflicting_release(self, n: int, season: str) -> Iterator[Quad]:
        """Two announcements that disagree on a season's release year, each in its own graph."""
        year = 2020 + self.rng.randrange(8)
        for i, (status, offset) in enumerate([("Official", 0), ("Rumoured", 1)]):
            announcement = iri(f"{ID}announcement/s{n}-{i}")
            graph = iri(f"{GRAPH}generated/announcement-s{n}-{i}")
            yield from [(announcement, iri(RDF_TYPE), iri(TV + "Announcement"), graph),
                        (announcement, iri(PREF), text(f"release date news {n}-{i}"), graph),
                        (announcement, iri(TV + "kind"), iri(TV + "ReleaseDateNews"), graph),
                        (announcement, iri(TV + "about"), season, graph),
                        (announcement, iri(TV + "date"), typed(f"{year - 1}-0{1 + i}", "gYearMonth"), graph),
                        (announcement, iri(TV + "asserts"), graph, graph),
                        (announcement, iri(TV + "reportedIn"), SOURCE, graph),
                        (graph, iri(RDF_TYPE), iri(TV + "ClaimGraph"), graph),
                        (graph, iri(PROV_FROM), SOURCE, graph),
                        (graph, iri(TV + "status"), iri(TV + status), graph),
                        (season, iri(TV + "expectedRelease"), typed(year + offset, "gYear"), graph)]


def write(out: TextIO, triples: int, seed: int, quads: bool) -> int:
    """Write about ``triples`` statements (stops at the end of the show that reaches it)."""
    generator, written, n = Generator(seed), 0, 0
    source_graph = f"<{GRAPH}generated/source>"
    for s, p, o in [(SOURCE, iri(RDF_TYPE), iri(TV + "SourceDocument")),
                    (SOURCE, iri(PREF), text("tvkg benchmark generator"))]:
        out.write(f"{s} {p} {o} {source_graph} .\n" if quads else f"{s} {p} {o} .\n")
        written += 1
    while written < triples:
        n += 1
        lines = [f"{s} {p} {o} {g} .\n" if quads else f"{s} {p} {o} .\n" for s, p, o, g in generator.show(n)]
        out.writelines(lines)
        written += len(lines)
    return written


def generated(triples: int, fmt: str = "nt", seed: int = 1) -> Path:
    """The generated file for this size and format under benchmarks/out/ (written once, then reused)."""
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    path = out / f"generated-{triples}-seed{seed}.{fmt}"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as stream:
            write(stream, triples, seed, fmt == "nq")
        partial.rename(path)  # a run stopped half-way leaves no truncated file behind
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate size (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["nt", "nq"], default="nt", help="N-Triples or N-Quads (with graphs)")
    parser.add_argument("--output", "-o", help="file to write (default stdout)")
    args = parser.parse_args()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        written = write(out, args.triples, args.seed, args.format == "nq")
    finally:
        if args.output:
            out.close()
    print(f"wrote {written:,} statements", file=sys.stderr)


if __name__ == "__main__":
    main()
