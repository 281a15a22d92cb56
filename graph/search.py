"""Find entities by any of their names: preferred and alternative labels, credited names, in any script.

Names are compared after graph.search_names.normalise (case, accents, hyphens and spacing ignored),
so "yoon chanyoung" finds Yoon Chan-young. The index is built once per store generation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pyoxigraph as ox

from graph.search_names import normalise
from graph.store import Store
from ontology.namespaces import ENTITY, PREFIXES, TV

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
    """Entities whose names start with, then contain, the query; best first, one hit per entity."""
    key = normalise(query)
    if not key:
        return []
    index = _index(store.generation.name if store.generation else str(id(store.ox)), store)
    ranked: dict[str, tuple[tuple[int, int, str], str]] = {}
    for entry in index.entries:
        if key not in entry.key:
            continue
        rank = (0 if entry.key == key else 1 if entry.key.startswith(key) else 2, len(entry.key), entry.name)
        if entry.iri not in ranked or rank < ranked[entry.iri][0]:
            ranked[entry.iri] = (rank, entry.name)
    best = sorted(ranked.items(), key=lambda item: item[1][0])[:limit]
    return [Hit(iri, index.labels.get(iri, name), index.kinds.get(iri, ""), name) for iri, (_, name) in best]


@dataclass
class _Index:
    entries: list[_Entry]
    labels: dict[str, str]
    kinds: dict[str, str]


@functools.lru_cache(maxsize=4)
def _index(generation: str, store: Store) -> _Index:
    """All names of all entities minted by tvkg (generation is the cache key)."""
    values = " ".join(f"<{p}>" for p in NAME_PROPERTIES)
    entries, labels, kinds = [], {}, {}
    for row in store.ox.query(f"SELECT DISTINCT ?x ?p ?name WHERE {{ VALUES ?p {{ {values} }} ?x ?p ?name "
                              f"FILTER(STRSTARTS(STR(?x), \"{ENTITY}\")) }}"):
        iri, name = row["x"].value, row["name"].value
        entries.append(_Entry(normalise(name), name, iri))
        if row["p"].value == NAME_PROPERTIES[0] and (iri not in labels or row["name"].language == "en"):
            labels[iri] = name
    for row in store.ox.query(f"SELECT ?x ?c WHERE {{ ?x a ?c FILTER(STRSTARTS(STR(?x), \"{ENTITY}\") "
                              f"&& STRSTARTS(STR(?c), \"{TV}\")) }}"):
        kinds.setdefault(row["x"].value, [])
        kinds[row["x"].value].append(row["c"].value.removeprefix(str(TV)))
    return _Index(entries, labels, {iri: _most_specific(cs, store) for iri, cs in kinds.items()})


def _most_specific(classes: list[str], store: Store) -> str:
    """The class that is not a superclass of another of the entity's classes (e.g. Webtoon, not SourceWork)."""
    sub = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
    supers = {q.object.value.removeprefix(str(TV)) for c in classes
              for q in store.ox.quads_for_pattern(ox.NamedNode(f"{TV}{c}"), sub, None)}
    specific = sorted(c for c in classes if c not in supers)
    return specific[0] if specific else (sorted(classes)[0] if classes else "")
