"""Find entities by any of their names: preferred and alternative labels, credited names, in any script.

Names are compared after tvkg.entities.names.normalise (case, accents, hyphens and spacing
ignored), so "yoon chanyoung" finds Yoon Chan-young. Entities merged by entity resolution are one
hit, under the IRI their cluster goes by (tvkg.identity.clusters), found by any member's names.
The index is built once per store generation.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass

import pyoxigraph as ox

from tvkg.entities.names import normalise
from tvkg.identity.clusters import clusters
from tvkg.ontology.namespaces import ENTITY, PREFIXES, TV
from tvkg.store.generations import Store

NAME_PROPERTIES = [PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel", str(TV) + "creditedAs"]


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str       # the entity's preferred (English) label
    kind: str        # its tvkg class, e.g. "Person"
    matched: str     # the name that matched the query


@dataclass(frozen=True)
class _Entry:
    key: str
    name: str
    iri: str


def search(store: Store, query: str, limit: int = 10) -> list[Hit]:
    """Entities whose names are, start with, then contain the query; best first, one hit per entity."""
    key = normalise(query)
    if not key:
        return []
    index = _index(store.generation.name if store.generation else str(id(store.ox)), store)
    # Names starting with the key form one run of the sorted keys; scan the rest only if they are too few.
    start = bisect.bisect_left(index.keys, key)
    candidates = []
    for entry in itertools.islice(index.entries, start, None):
        if not entry.key.startswith(key):
            break
        candidates.append(entry)
    if len({e.iri for e in candidates}) < limit:
        candidates += [e for e in index.entries if key in e.key and not e.key.startswith(key)]
    ranked: dict[str, tuple[tuple[int, int, str], str]] = {}
    merged = clusters(store)
    for entry in candidates:
        rank = (0 if entry.key == key else 1 if entry.key.startswith(key) else 2, len(entry.key), entry.name)
        iri = merged.of(entry.iri)
        if iri not in ranked or rank < ranked[iri][0]:
            ranked[iri] = (rank, entry.name)
    best = sorted(ranked.items(), key=lambda item: item[1][0])[:limit]
    return [Hit(iri, index.labels.get(iri, name), _kind(store, iri, index.parents), name) for iri, (_, name) in best]


@dataclass
class _Index:
    entries: list[_Entry]   # sorted by key
    labels: dict[str, str]
    parents: dict[str, set[str]]

    @functools.cached_property
    def keys(self) -> list[str]:
        return [e.key for e in self.entries]


@functools.lru_cache(maxsize=4)
def _index(generation: str, store: Store) -> _Index:
    """All names of all entities minted by tvkg (generation is the cache key). Direct index scans:
    about 3 s for the 220,000 names of a 1M-triple graph, so the server builds it ahead (warm)."""
    entries, labels = [], {}
    default = ox.DefaultGraph()
    for prop in NAME_PROPERTIES:
        for q in store.ox.quads_for_pattern(None, ox.NamedNode(prop), None, default):
            iri, name = q.subject.value, q.object.value
            if not iri.startswith(str(ENTITY)):
                continue
            entries.append(_Entry(normalise(name), name, iri))
            if prop == NAME_PROPERTIES[0] and (iri not in labels or q.object.language == "en"):
                labels[iri] = name
    entries.sort(key=lambda e: e.key)
    return _Index(entries, labels, _superclasses(store))


def warm(store: Store) -> None:
    """Build the name index of the store's current generation now, so no search waits for it."""
    search(store, "a", limit=1)


def _kind(store: Store, iri: str, parents: dict[str, set[str]]) -> str:
    classes = [q.object.value.removeprefix(str(TV)) for q in store.ox.quads_for_pattern(
        ox.NamedNode(iri), ox.NamedNode(PREFIXES["rdf"] + "type"), None, ox.DefaultGraph())
        if q.object.value.startswith(str(TV))]
    return _most_specific(classes, parents)


def _superclasses(store: Store) -> dict[str, set[str]]:
    """Local name of each tvkg class -> local names of its superclasses."""
    parents: dict[str, set[str]] = {}
    for q in store.ox.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdfs"] + "subClassOf"), None):
        if q.subject.value.startswith(str(TV)) and q.object.value.startswith(str(TV)):
            parents.setdefault(q.subject.value.removeprefix(str(TV)), set()).add(q.object.value.removeprefix(str(TV)))
    return parents


def _most_specific(classes: list[str], parents: dict[str, set[str]]) -> str:
    """The class that is no superclass of another of the entity's classes (Webtoon, not SourceWork)."""
    supers = {p for c in classes for p in parents.get(c, ())}
    specific = sorted(c for c in classes if c not in supers)
    return specific[0] if specific else (sorted(classes)[0] if classes else "")
