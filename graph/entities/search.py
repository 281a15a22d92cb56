"""Find entities by any of their names: preferred and alternative labels, credited names, in any script
and in any spelling tvkg knows.

A query matches a name, best first:

0. **exactly**, after tvkg.entities.names.normalise (case, accents, hyphens and spacing ignored), so
   "yoon chanyoung" finds Yoon Chan-young and "joaquin cosio" Joaquín Cosío;
1. **in another romanisation**: people's and characters' Latin names by the keys entity resolution
   compares them by (tvkg.entities.romanisation), so "Joo Ji Hoon" finds Ju Ji-hoon and "Bae Du-na"
   Bae Doona;
2. **as the start** of a name ("squid" finds Squid Game), then 3. **inside** one;
4. **with a typo or two** (rapidfuzz, edit distance with transpositions on the normalised names):
   one edit for a query of 5 to 8 letters, two from 9, only when the tiers above found fewer entities
   than asked for, and only for Latin-script queries ("kingdon" finds Kingdom; "ab" never guesses).

Within a tier the most connected entity comes first (its credits, cast and the like: see LINKS),
then the shortest name. Entities merged by entity resolution are one hit, under the IRI their
cluster goes by (tvkg.store.clusters), found by any member's names.

The index is built once per store generation (Store.generation_key, so a write to an in-memory
store is seen too) and kept as flat lists and arrays: about 20,000 names for the bundled catalogue,
220,000 for a 1M-triple graph.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
from rapidfuzz import process
from rapidfuzz.distance import OSA

from tvkg.entities import romanisation
from tvkg.entities.names import normalise
from tvkg.errors import TvkgError
from tvkg.ontology.namespaces import ENTITY, PREFIXES, TV
from tvkg.store.clusters import clusters
from tvkg.store.derived import derived
from tvkg.store.generations import Store

NAME_PROPERTIES = [PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel", str(TV) + "creditedAs"]
# How connected an entity is, cheaply: its links by these properties, as (property, which end of it):
# a person's credits as actor, director and author, a show's cast, a work's adaptations, a network's
# shows. Counting every quad of the default graph instead would read all of it (7 s at 1M triples).
LINKS = [(str(TV) + "hasCastRole", "s"),
         *((str(TV) + p, "o") for p in ("actor", "director", "author", "basedOn", "originalNetwork"))]
# Whose names are romanised Korean, by the IRI tvkg mints them under (tvkg.importers: id/<kind>/...).
ROMANISED = (f"{ENTITY}person/", f"{ENTITY}character/")
FUZZY_FROM = 5      # letters a query needs before typos are forgiven
TWO_EDITS_FROM = 9  # ... and before two are

EXACT, ROMANISED_TIER, PREFIX, CONTAINS, FUZZY = range(5)


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str       # the entity's preferred (English) label
    kind: str        # its tvkg class, e.g. "Person"
    matched: str     # the name that matched the query


def search(store: Store, query: str, limit: int = 10) -> list[Hit]:
    """Entities whose names match the query, best first (see the module docstring), one hit per entity."""
    key = normalise(query)
    if not key:
        return []
    index = _index(store)
    found = _Found(index)
    prefixed = index.prefixed(key)
    for row in prefixed:
        found.offer(row, EXACT if index.keys[row] == key else PREFIX)
    if romanisation.is_latin(query):
        for turned, spelling in enumerate(dict.fromkeys(romanisation.ordered_keys(query))):
            for row, turned_name in index.romanised(spelling):
                found.offer(row, ROMANISED_TIER, int(turned != turned_name))  # the order as written first
    if len(found) < limit:
        for row in index.containing(key, skip=prefixed):
            found.offer(row, CONTAINS)
    if len(found) < limit and len(key) >= FUZZY_FROM and romanisation.is_latin(key):
        for row, distance in index.near(key, 1 if len(key) < TWO_EDITS_FROM else 2):
            found.offer(row, FUZZY, distance)
    return [Hit(index.iris[entity], index.labels[entity] or index.names[row],
                _kind(store, index.iris[entity], index.parents), index.names[row])
            for entity, row in found.best(limit)]


def warm(store: Store) -> None:
    """Build the name index of the store's current generation now, so no search waits for it."""
    _index(store)


class _Found:
    """The best-ranked matching name of each entity so far."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.ranks: dict[int, tuple[int, int, int, int, str]] = {}
        self.rows: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.ranks)

    def offer(self, row: int, tier: int, distance: int = 0) -> None:
        index = self.index
        entity = index.owner[row]
        rank = (tier, distance, -index.degree[entity], len(index.keys[row]), index.names[row])
        if entity not in self.ranks or rank < self.ranks[entity]:
            self.ranks[entity], self.rows[entity] = rank, row

    def best(self, limit: int) -> list[tuple[int, int]]:
        chosen = sorted(self.ranks, key=lambda entity: (self.ranks[entity], self.index.iris[entity]))[:limit]
        return [(entity, self.rows[entity]) for entity in chosen]


@dataclass
class _Index:
    """Every name of every entity minted by tvkg, as parallel lists (a "row" is a position in them)."""

    keys: list[str]          # the names normalised, sorted
    names: list[str]         # the names as written
    owner: array[int]           # the entity each name belongs to (an entity number)
    iris: list[str]          # entity number -> IRI (its cluster's, when merged)
    labels: list[str | None]  # entity number -> preferred label, English where there is one
    degree: array[int]          # entity number -> its LINKS
    romanised_keys: list[str]  # romanisation keys of people's and characters' Latin names, sorted
    romanised_rows: array[int]  # ... and the row of each, plus one, negative for a key with the last word first
    haystack: str            # the keys joined by newlines, to find a key inside names at C speed
    starts: array[int]          # where each row's key starts in the haystack
    by_length: dict[int, tuple[list[str], array[int]]]  # length -> its distinct keys and their first rows
    parents: dict[str, set[str]]

    def prefixed(self, key: str) -> range:
        """The rows whose keys start with ``key``: one run of the sorted keys."""
        start = bisect.bisect_left(self.keys, key)
        end = bisect.bisect_left(self.keys, key + "\U0010ffff", start)  # nothing sorts after that
        return range(start, end)

    def romanised(self, key: str) -> list[tuple[int, bool]]:
        """The rows of the names with that romanisation key, and whether it is their key with the last
        word moved to the front."""
        start = bisect.bisect_left(self.romanised_keys, key)
        end = bisect.bisect_right(self.romanised_keys, key, start)
        return [(abs(self.romanised_rows[i]) - 1, self.romanised_rows[i] < 0) for i in range(start, end)]

    def containing(self, key: str, skip: range) -> list[int]:
        """The rows whose keys contain ``key`` (those in ``skip`` left out)."""
        rows, at = [], self.haystack.find(key)
        while at >= 0:
            row = bisect.bisect_right(self.starts, at) - 1
            if row not in skip:
                rows.append(row)
            at = self.haystack.find(key, self.starts[row + 1] if row + 1 < len(self.starts) else len(self.haystack))
        return rows

    def near(self, key: str, edits: int) -> list[tuple[int, int]]:
        """Rows within ``edits`` insertions, deletions, substitutions or swaps of neighbours of ``key``
        (the key itself not included), with their distance."""
        rows = []
        for length in range(len(key) - edits, len(key) + edits + 1):
            keys, firsts = self.by_length.get(length, ([], array("i")))
            for _, distance, i in process.extract(key, keys, scorer=OSA.distance, score_cutoff=edits,
                                                  limit=None):
                row = firsts[i]
                while row < len(self.keys) and self.keys[row] == keys[i]:  # every entity with that name
                    if distance:
                        rows.append((row, int(distance)))
                    row += 1
        return rows


@derived
def _index(store: Store) -> _Index:

    """Direct index scans of the default graph, and the LINKS counted by Oxigraph: about 0.5 s for the
    bundled catalogue, 4 s for the 220,000 names of a 1M-triple graph, so the server builds it ahead (warm)."""
    merged = clusters(store)
    numbers: dict[str, int] = {}
    iris: list[str] = []
    labels: list[str | None] = []
    preference = bytearray()  # of each entity's label: its cluster's own, English
    scanned_keys: list[str] = []
    scanned_names: list[str] = []
    scanned_owner = array("i")
    romanised = bytearray()  # whether a name is a person's or a character's
    for prop in NAME_PROPERTIES:
        for q in store.ox.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph()):
            if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
                continue  # (an RDF 1.2 triple term: no name)
            iri, name = q.subject.value, q.object.value
            if not iri.startswith(str(ENTITY)):
                continue
            canonical = merged.of(iri)
            entity = numbers.get(canonical)
            if entity is None:
                entity = numbers[canonical] = len(iris)
                iris.append(canonical)
                labels.append(None)
                preference.append(0)
            if prop == NAME_PROPERTIES[0]:
                rank = 1 + 2 * (iri == canonical) + (getattr(q.object, "language", None) == "en")
                if rank > preference[entity]:
                    labels[entity], preference[entity] = name, rank
            scanned_keys.append(normalise(name))
            scanned_names.append(name)
            scanned_owner.append(entity)
            romanised.append(iri.startswith(ROMANISED))

    # Sorted by key, each key once per entity (stable: its preferred label, scanned first, is kept).
    kept: list[int] = []
    seen: set[int] = set()
    previous: str | None = None
    for i in sorted(range(len(scanned_keys)), key=scanned_keys.__getitem__):
        if scanned_keys[i] != previous:
            seen, previous = set(), scanned_keys[i]
        if scanned_owner[i] not in seen:
            seen.add(scanned_owner[i])
            kept.append(i)
    keys = [scanned_keys[i] for i in kept]
    names = [scanned_names[i] for i in kept]
    owner = array("i", (scanned_owner[i] for i in kept))
    people = [row for row, i in enumerate(kept) if romanised[i]]
    del scanned_keys, scanned_names, scanned_owner, romanised, kept

    spellings: list[str] = []
    spelled = array("i")
    known: dict[str, tuple[str, ...]] = {}  # the same name, credited in many places, is folded once
    for row in people:
        name = names[row]
        if name not in known:
            known[name] = tuple(dict.fromkeys(romanisation.ordered_keys(name))) if romanisation.is_latin(name) else ()
        for turned, spelling in enumerate(known[name]):
            if spelling:
                spellings.append(spelling)
                spelled.append(-(row + 1) if turned else row + 1)
    del known, people
    order = sorted(range(len(spellings)), key=spellings.__getitem__)

    starts, at = array("q"), 0
    by_length: dict[int, tuple[list[str], array[int]]] = {}
    for row, key in enumerate(keys):
        starts.append(at)
        at += len(key) + 1
        if not row or key != keys[row - 1]:
            bucket = by_length.setdefault(len(key), ([], array("i")))
            bucket[0].append(key)
            bucket[1].append(row)

    degree = array("i", [0]) * len(iris)
    for iri, count in _links(store):
        entity = numbers.get(merged.of(iri))
        if entity is not None:
            degree[entity] += count
    return _Index(keys, names, owner, iris, labels, degree, [spellings[i] for i in order],
                  array("i", (spelled[i] for i in order)), "\n".join(keys), starts, by_length,
                  _superclasses(store))


def _links(store: Store) -> Iterator[tuple[str, int]]:
    """(IRI, how many LINKS it has), once per property and end."""
    for prop, end in LINKS:
        if isinstance(store.ox, ox.Store):  # counted inside Oxigraph: only the ends' IRIs are read (3x faster)
            query = f"SELECT ?{end} (COUNT(*) AS ?n) WHERE {{ ?s <{prop}> ?o FILTER(isIRI(?{end})) }} GROUP BY ?{end}"
            for row in cast(ox.QuerySolutions, store.ox.query(query)):
                yield row[0].value, int(row[1].value)
        else:  # another backend (rdflib, a remote server): read the default graph's quads
            counts: dict[str, int] = {}
            for q in store.ox.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph()):
                term = q.subject if end == "s" else q.object
                if isinstance(term, ox.NamedNode):
                    counts[term.value] = counts.get(term.value, 0) + 1
            yield from counts.items()


def _kind(store: Store, iri: str, parents: dict[str, set[str]]) -> str:
    classes = [q.object.value.removeprefix(str(TV)) for q in store.ox.quads_for_pattern(
        ox.NamedNode(iri), ox.NamedNode(PREFIXES["rdf"] + "type"), None, ox.DefaultGraph())
        if not isinstance(q.object, ox.Triple) and q.object.value.startswith(str(TV))]
    return _most_specific(classes, parents)


def _superclasses(store: Store) -> dict[str, set[str]]:
    """Local name of each tvkg class -> local names of its superclasses."""
    parents: dict[str, set[str]] = {}
    for q in store.ox.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdfs"] + "subClassOf"), None):
        if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple) \
                and q.subject.value.startswith(str(TV)) and q.object.value.startswith(str(TV)):
            parents.setdefault(q.subject.value.removeprefix(str(TV)), set()).add(q.object.value.removeprefix(str(TV)))
    return parents


def _most_specific(classes: list[str], parents: dict[str, set[str]]) -> str:
    """The class that is no superclass of another of the entity's classes (Webtoon, not SourceWork)."""
    supers = {p for c in classes for p in parents.get(c, ())}
    specific = sorted(c for c in classes if c not in supers)
    return specific[0] if specific else (sorted(classes)[0] if classes else "")


class UnknownEntity(TvkgError):
    """No entity has that IRI or name."""

    def __init__(self, message: str, suggestions: list[Hit]) -> None:
        super().__init__(message)
        self.suggestions = suggestions

    def __reduce__(self) -> tuple[type[UnknownEntity], tuple[str, list[Hit]]]:
        return type(self), (str(self), self.suggestions)  # pickled whole, as the shared process sends it


class AmbiguousName(TvkgError):
    """Several entities have that name."""

    def __init__(self, message: str, candidates: list[Hit]) -> None:
        super().__init__(message)
        self.candidates = candidates

    def __reduce__(self) -> tuple[type[AmbiguousName], tuple[str, list[Hit]]]:
        return type(self), (str(self), self.candidates)
