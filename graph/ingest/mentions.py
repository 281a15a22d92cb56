"""The graph's entities in a text, found by every name the graph knows for them: preferred and
alternative labels in any script, and for people and characters every romanisation of their names
(tvkg.entities.romanisation: "Lee Soo Hyuk" finds Lee Su-hyeok). A merged entity is found under
its one IRI. Names the graph does not know are reported as new, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from tvkg.entities import romanisation
from tvkg.entities.names import normalise
from tvkg.ontology.namespaces import ENTITY, PREFIXES, TV
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.store.clusters import clusters
from tvkg.store.derived import derived
from tvkg.store.generations import Store

CLASSES = ("Show", "Season", "Person", "Character", "SourceWork", "Webtoon", "Comic", "Novel", "WebNovel",
           "Network", "Organization", "Studio", "Platform")
ROMANISED = ("Person", "Character")
LABELS = [ox.NamedNode(PREFIXES["skos"] + p) for p in ("prefLabel", "altLabel")]
WORD = re.compile(r"[\w’'][\w’'.\-‐‑]*")
LONGEST = 8  # words in the longest name looked for
# Capitalised words that start sentences or titles without naming anything.
COMMON = {"the", "a", "an", "this", "that", "season", "episode", "netflix", "series", "show", "drama", "k-drama",
          "in", "on", "at", "and", "but", "yes", "no", "what", "when", "where", "how", "who", "why", "it", "its",
          "they", "he", "she", "we", "you", "fans", "cast", "director", "trailer", "teaser", "part", "chapter"}


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str    # its class, e.g. "Person"
    label: str
    proposed: bool = False  # a show the graph lacks, proposed by the article that names it


@dataclass(frozen=True)
class Mention:
    start: int   # offsets in the sentence
    end: int
    text: str
    entities: tuple[Entity, ...]  # the entities this name may be (several when the name is shared)

    def of(self, *kinds: str) -> Entity | None:
        """The entity of one of these kinds the mention names (the first kind first)."""
        for kind in kinds:
            for entity in self.entities:
                if entity.kind == kind:
                    return entity
        return None


class Gazetteer:
    """Names to entities, built from the store once per generation."""

    def __init__(self, names: dict[str, set[Entity]], longest: int,
                 seasons: dict[str, tuple[Entity, int]] | None = None,
                 credits: dict[str, frozenset[str]] | None = None) -> None:
        self.names, self.longest = names, longest
        self.seasons = seasons or {}  # season IRI -> (its show, its number)
        self.credits = credits or {}  # person IRI -> the shows that credit them

    def person(self, mention: Mention, show: Entity | None) -> Entity | None:
        """The person a name means in a story about ``show``: of the people the graph knows by that
        name, the one the show credits (two unmerged records of one actor, or two namesakes)."""
        people = [e for e in mention.entities if e.kind == "Person"]
        credited = [e for e in people if show is not None and show.iri in self.credits.get(e.iri, ())]
        return next(iter(credited or people), None)

    def find(self, sentence: str) -> tuple[list[Mention], list[tuple[int, int, str]]]:
        """Mentions of known entities (longest first, not overlapping) and capitalised names that
        name nothing the graph knows (start, end, text)."""
        words = list(WORD.finditer(sentence))
        mentions: list[Mention] = []
        taken = [False] * len(words)
        for size in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if any(taken[i:i + size]):
                    continue
                start, end = words[i].start(), words[i + size - 1].end()
                text = _bare(sentence[start:end])
                end = start + len(text)
                if not text[:1].isupper() and not text[:1].isdigit() and not _hangul(text):
                    continue
                if _part_of_longer_name(sentence, words, taken, i, size):
                    continue
                entities = self.lookup(text)
                if entities:
                    mentions.append(Mention(start, end, text, entities))
                    taken[i:i + size] = [True] * size
        return sorted(mentions, key=lambda m: m.start), _unknown(sentence, words, taken)

    def lookup(self, text: str) -> tuple[Entity, ...]:
        found = set(self.names.get(normalise(text), ()))
        if not found and romanisation.is_latin(text) and len(text.split()) >= 2:  # a name as written comes first
            found = {e for e in self.names.get("~" + romanisation.key(text), ()) if e.kind in ROMANISED}
        return tuple(sorted(found, key=lambda e: (CLASSES.index(e.kind), e.iri)))


def _bare(name: str) -> str:
    """A name without the full stop, quote or possessive that follows it ("Song Joong-ki's")."""
    return re.sub(r"[’']s$", "", name).rstrip(".’'")


FAMILY_NAMES = frozenset(name.title() for name in romanisation.SURNAMES)  # "Oh", "Cho" as written
MONTHS_AND_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                   "saturday", "sunday"}


def _part_of_longer_name(sentence: str, words: list[re.Match[str]], taken: list[bool], i: int, size: int) -> bool:
    """Whether words that name something are only part of a longer name the graph does not know:
    "Vincenzo Cassano" (not the show Vincenzo), "The Paper Crane" (not The Paper), "Cho Hak-ju" and
    "Oh Ji-soo" (not the people called Cho or Ji-soo). Headings in title case are left alone
    ("Kingdom Returns")."""
    if not any(len(w.group()) > 3 and w.group().islower() for w in words):
        return False  # a heading in title case
    word, last = words[i].group(), words[i + size - 1]
    if i + size < len(words) and not taken[i + size] and sentence[last.end():words[i + size].start()] == " " \
            and _bare(last.group()) == last.group():
        following = words[i + size].group()
        if following[:1].isupper() and following.lower().strip(".’'") not in COMMON | MONTHS_AND_DAYS:
            return True
    if size == 1 and i > 0 and not taken[i - 1] and sentence[words[i - 1].end():words[i].start()] == " " \
            and "-" in word:
        return words[i - 1].group() in FAMILY_NAMES
    return False


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _unknown(sentence: str, words: list[re.Match[str]], taken: list[bool]) -> list[tuple[int, int, str]]:
    """Runs of two to four capitalised words no mention covers: names the graph does not know."""
    found: list[tuple[int, int, str]] = []
    run: list[re.Match[str]] = []
    for i, word in enumerate([*words, None]):
        following = words[i + 1].group() if word is not None and i + 1 < len(words) else ""
        surname = following[:1].isupper() and "-" in following  # "An Jun-ho": a family name, not "an"
        capital = word is not None and not taken[i] and word.group()[:1].isupper() \
            and (word.group().lower().strip(".’'") not in COMMON or surname)
        if capital and word is not None:  # (capital: it is not None)
            run.append(word)
            joined = i + 1 < len(words) and sentence[word.end():words[i + 1].start()] == " "
            if joined and not re.search(r"[’']s$", word.group()):
                continue  # a name ends at a possessive or punctuation: "Song Joong-ki's", "Kim Eun-sook, JTBC"
        korean = any(re.search(r"\w-\w", w.group()) for w in run)  # "Yoon Seo-hwa" even at a sentence's start
        if (2 <= len(run) <= 5 and not (run[0].start() == 0 and len(run) == 2 and not korean)) or \
                (len(run) == 1 and re.search(r"\w-\w", run[0].group())):  # "Seo-bi": a given name alone
            first = run[0].start()
            before = words.index(run[0]) - 1
            if before > 0 and words[before].group() == "The" and not taken[before]:
                first = words[before].start()  # "a new series, The Paper Crane": a title's "The" mid-sentence
            found.append((first, run[-1].end(), _bare(sentence[first:run[-1].end()])))
        run = []
    return found


@derived
def gazetteer(store: Store) -> Gazetteer:
    """The names of the store's current generation."""
    merged = clusters(store)
    kinds: dict[str, str] = {}
    for cls in CLASSES:
        for q in store.ox.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(f"{TV}{cls}"), ox.DefaultGraph()):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(ENTITY)):
                kinds.setdefault(q.subject.value, cls)
    labels: dict[str, str] = {}
    named: dict[str, list[str]] = defaultdict(list)
    for prop in LABELS:
        for q in store.ox.quads_for_pattern(None, prop, None, ox.DefaultGraph()):
            if isinstance(q.subject, ox.Triple):  # (an RDF 1.2 triple term: no entity)
                continue
            iri = q.subject.value
            if iri in kinds and isinstance(q.object, ox.Literal):
                named[iri].append(q.object.value)
                if prop == LABELS[0] and (iri not in labels or q.object.language == "en"):
                    labels[iri] = q.object.value
    names: dict[str, set[Entity]] = defaultdict(set)
    longest = 1
    for iri, found in named.items():
        canonical = merged.of(iri)
        entity = Entity(canonical, kinds.get(canonical, kinds[iri]), labels.get(canonical, labels.get(iri, found[0])))
        for name in found:
            key = normalise(name)
            if len(key) < 2 or key in COMMON:
                continue
            names[key].add(entity)
            longest = max(longest, min(LONGEST, len(WORD.findall(name))))
            if entity.kind in ROMANISED and romanisation.is_latin(name) and len(name.split()) >= 2:
                names["~" + romanisation.key(name)].add(entity)
    return Gazetteer(dict(names), longest, _seasons(store, merged.of, kinds, labels), _credits(store, merged.of))


def _credits(store: Store, canon: Callable[[str], str]) -> dict[str, frozenset[str]]:
    """Each person's shows, to tell apart people the graph knows under one name."""
    shows: dict[str, set[str]] = defaultdict(set)
    for row in cast(ox.QuerySolutions, store.ox.query(f"SELECT ?show ?person WHERE {{ ?show <{TV}hasCastRole> ?role . "
                                                      f"?role <{TV}actor> ?person }}")):
        shows[canon(row["person"].value)].add(canon(row["show"].value))
    return {person: frozenset(found) for person, found in shows.items()}


def _seasons(store: Store, canon: Callable[[str], str], kinds: dict[str, str], labels: dict[str, str]
             ) -> dict[str, tuple[Entity, int]]:
    """Each season's show and number, for claims about "season 2 of X"."""
    found: dict[str, tuple[Entity, int]] = {}
    for q in store.ox.quads_for_pattern(None, ox.NamedNode(f"{TV}seasonOf"), None, ox.DefaultGraph()):
        if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
            continue
        season, show = canon(q.subject.value), canon(q.object.value)
        number = next(store.ox.quads_for_pattern(q.subject, ox.NamedNode(f"{TV}seasonNumber"), None,
                                                 ox.DefaultGraph()), None)
        if number is not None and not isinstance(number.object, ox.Triple) and number.object.value.isdigit():
            found[season] = (Entity(show, kinds.get(show, "Show"), labels.get(show, show)), int(number.object.value))
    return found
