"""Entity resolution: the same person, show or work described by several sources becomes one entity.

Matches are found in two ways, strongest first:

1. **a shared external identifier** (dcterms:identifier such as "imdb:nm0000001" or
   "wikidata:Q42"): two entities of the same class that carry the same one are the same, and so is
   an entity of no class (a reference another file describes) that carries it;
2. **the same name and supporting evidence**: same class, same normalised name (any skos:prefLabel
   or skos:altLabel; case, accents, hyphens and spaces ignored) *and* something else in common:
   shows the same release year or a credited person of the same name; people a production they
   are both credited on (the same entity, or two productions matched in this same run).
   Two people who share only a name are never merged: they are listed as *candidates* instead.

Each merge is written as ``a owl:sameAs b`` in a named graph of its own, ``tvg:merge/<id>``, which
says why (rdfs:comment), when, and that entity resolution derived it; undoing a merge drops that
graph. Entities are never rewritten: the sources' own IRIs and statements stay as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graph.entities.names import normalise
from graph.load.update import drop_graph
from graph.store.generations import Store
from ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV

SAME_AS = ox.NamedNode(PREFIXES["owl"] + "sameAs")
IDENTIFIER = ox.NamedNode(PREFIXES["dcterms"] + "identifier")
LABELS = [ox.NamedNode(PREFIXES["skos"] + p) for p in ("prefLabel", "altLabel")]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
COMMENT = ox.NamedNode(PREFIXES["rdfs"] + "comment")
PROV = PREFIXES["prov"]
RESOLVER = ox.NamedNode(f"{ENTITY}source/tvkg-entity-resolution")
MERGE_PREFIX = f"{GRAPH}merge/"
CLASSES = ("Person", "Show", "Season", "Episode", "Character", "SourceWork", "Webtoon", "Comic", "Novel",
           "Organization", "Network", "Studio", "Platform")
DEFAULT = ox.DefaultGraph()


@dataclass(frozen=True)
class Match:
    """Two entities found to be the same, and why."""

    a: str
    b: str
    reason: str

    @property
    def graph(self) -> str:
        """The merge's named graph: the same pair always gets the same one."""
        first, second = sorted((self.a, self.b))
        return MERGE_PREFIX + hashlib.sha1(f"{first} {second}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Merge:
    """A merge recorded in the store."""

    graph: str
    a: str
    b: str
    reason: str
    date: str


def find(store: Store) -> tuple[list[Match], list[Match]]:
    """(matches to merge, candidates that share only a name), leaving out pairs already merged."""
    done = {frozenset((m.a, m.b)) for m in merges(store)}
    members = _members_by_class(store)
    matches = list(_by_identifier(store, members))
    same = {frozenset((m.a, m.b)) for m in matches}
    by_name, candidates = _by_name(store, members, same)
    found = [m for m in [*matches, *by_name] if frozenset((m.a, m.b)) not in done]
    return found, [c for c in candidates if frozenset((c.a, c.b)) not in done]


def apply(store: Store, matches: Iterable[Match], today: dt.date | None = None) -> int:
    """Record ``matches`` (one named graph each), in one write; returns how many were new."""
    day = (today or dt.date.today()).isoformat()
    quads = []
    chosen = {m.graph: m for m in matches}.values()
    for match in chosen:
        graph = ox.NamedNode(match.graph)
        triples = [(ox.NamedNode(match.a), SAME_AS, ox.NamedNode(match.b)),
                   (graph, RDF_TYPE, ox.NamedNode(f"{TV}ClaimGraph")),
                   (graph, ox.NamedNode(f"{TV}status"), ox.NamedNode(f"{TV}Reported")),
                   (graph, ox.NamedNode(PROV + "wasDerivedFrom"), RESOLVER),
                   (graph, ox.NamedNode(PROV + "generatedAtTime"),
                    ox.Literal(day, datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))),
                   (graph, COMMENT, ox.Literal(match.reason, language="en")),
                   (RESOLVER, RDF_TYPE, ox.NamedNode(f"{TV}SourceDocument")),
                   (RESOLVER, LABELS[0], ox.Literal("tvkg entity resolution", language="en"))]
        quads += [ox.Quad(*t, graph) for t in triples]
    if quads:
        store.add_atomically(quads)
    return len(chosen)


def merges(store: Store) -> list[Merge]:
    """Every merge in the store, oldest graph name first."""
    found = []
    for name in store.named_graphs():
        if not name.startswith(MERGE_PREFIX):
            continue
        graph = ox.NamedNode(name)
        pairs = [(q.subject.value, q.object.value) for q in store.ox.quads_for_pattern(None, SAME_AS, None, graph)]
        reason = _value(store, graph, COMMENT)
        day = _value(store, graph, ox.NamedNode(PROV + "generatedAtTime"))
        found += [Merge(name, a, b, reason, day) for a, b in pairs]
    return found


def undo(store: Store, which: str) -> list[Merge]:
    """Undo the merges whose graph is ``which``, or that involve the entity ``which``; returns them."""
    chosen = [m for m in merges(store) if which in (m.graph, m.a, m.b)]
    for merge in chosen:
        drop_graph(store, merge.graph)
    return chosen


# -- finding ----------------------------------------------------------------------------------

def _members_by_class(store: Store) -> dict[str, str]:
    """entity IRI -> the tvkg class it is matched within (the first of CLASSES it has)."""
    found: dict[str, str] = {}
    for cls in CLASSES:
        for q in store.ox.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(f"{TV}{cls}"), DEFAULT):
            if isinstance(q.subject, ox.NamedNode):
                found.setdefault(q.subject.value, cls)
    return found


def _by_identifier(store: Store, members: dict[str, str]) -> Iterator[Match]:
    """Entities of one class that share an identifier. An entity of no class (an importer's mere
    reference, such as a Wikidata item a statement points at) joins the entities that have its
    identifier when they are all of one class: that is how it meets its description from another file."""
    holders: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # id -> class -> entities
    for q in store.ox.quads_for_pattern(None, IDENTIFIER, None, DEFAULT):
        if isinstance(q.subject, ox.NamedNode):
            holders[q.object.value][members.get(q.subject.value, "")].add(q.subject.value)
    for identifier, by_class in sorted(holders.items()):
        untyped = by_class.pop("", set())
        if len(by_class) <= 1:
            by_class[next(iter(by_class), "")] |= untyped
        for _, entities in sorted(by_class.items()):
            first, *others = sorted(entities)
            for other in others:
                yield Match(first, other, f"both have the identifier {identifier}")


def _by_name(store: Store, members: dict[str, str], same: set[frozenset[str]]) -> tuple[list[Match], list[Match]]:
    """Name matches with evidence, and the ones without. Shows first, so that people can use them."""
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for prop in LABELS:
        for q in store.ox.quads_for_pattern(None, prop, None, DEFAULT):
            entity = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
            if entity in members and isinstance(q.object, ox.Literal) and normalise(q.object.value):
                named[(members[entity], normalise(q.object.value))].add(entity)
    matches: list[Match] = []
    candidates: list[Match] = []
    for cls in ("Show", *[c for c in CLASSES if c != "Show"]):
        for (group_class, _), entities in sorted(named.items()):
            if group_class != cls or len(entities) < 2:
                continue
            for a, b in itertools.combinations(sorted(entities), 2):
                if frozenset((a, b)) in same or _different_ids(store, a, b):
                    continue
                evidence = _evidence(store, cls, a, b, same)
                (matches if evidence else candidates).append(
                    Match(a, b, f"same name and {evidence}" if evidence else "same name only"))
                if evidence:
                    same.add(frozenset((a, b)))
    return matches, candidates


def _different_ids(store: Store, a: str, b: str) -> bool:
    """Both carry an identifier of the same scheme ("imdb:…") with different values: that source
    says they are two entities, whatever their names."""
    def ids(entity: str) -> dict[str, str]:
        found = {}
        for q in store.ox.quads_for_pattern(ox.NamedNode(entity), IDENTIFIER, None, DEFAULT):
            scheme, _, value = q.object.value.partition(":")
            found[scheme] = value
        return found
    mine, theirs = ids(a), ids(b)
    return any(mine[s] != theirs[s] for s in mine.keys() & theirs.keys())


def _evidence(store: Store, cls: str, a: str, b: str, same: set[frozenset[str]]) -> str | None:
    if cls == "Show":
        years = [_years(store, x) for x in (a, b)]
        if years[0] & years[1]:
            return f"the same release year ({min(years[0] & years[1])})"
        people = [{normalise(n) for n in _credited_names(store, x)} for x in (a, b)]
        shared = people[0] & people[1]
        return f"{len(shared)} credited people of the same name" if shared else None
    if cls == "Person":
        works = [_productions(store, x) for x in (a, b)]
        for p, q in itertools.product(*works):
            if p == q or frozenset((p, q)) in same:
                return "a production both are credited on"
    return None


def _years(store: Store, show: str) -> set[str]:
    return {q.object.value[:4] for q in store.ox.quads_for_pattern(ox.NamedNode(show), ox.NamedNode(f"{TV}releaseDate"),
                                                                   None, DEFAULT)}


def _credited_names(store: Store, show: str) -> Iterator[str]:
    for person in _people_of(store, show):
        for q in store.ox.quads_for_pattern(ox.NamedNode(person), LABELS[0], None, DEFAULT):
            yield q.object.value


def _people_of(store: Store, show: str) -> set[str]:
    node, people = ox.NamedNode(show), set()
    for prop in ("director", "writer"):
        people |= {q.object.value for q in store.ox.quads_for_pattern(node, ox.NamedNode(f"{TV}{prop}"), None, DEFAULT)}
    for role in store.ox.quads_for_pattern(node, ox.NamedNode(f"{TV}hasCastRole"), None, DEFAULT):
        people |= {q.object.value for q in store.ox.quads_for_pattern(role.object, ox.NamedNode(f"{TV}actor"),
                                                                     None, DEFAULT)}
    return people


def _productions(store: Store, person: str) -> set[str]:
    node, found = ox.NamedNode(person), set()
    for prop in ("director", "writer"):
        found |= {q.subject.value for q in store.ox.quads_for_pattern(None, ox.NamedNode(f"{TV}{prop}"), node, DEFAULT)}
    for role in store.ox.quads_for_pattern(None, ox.NamedNode(f"{TV}actor"), node, DEFAULT):
        found |= {q.subject.value for q in store.ox.quads_for_pattern(None, ox.NamedNode(f"{TV}hasCastRole"),
                                                                     role.subject, DEFAULT)}
    return found


def _value(store: Store, graph: ox.NamedNode, prop: ox.NamedNode) -> str:
    return next((q.object.value for q in store.ox.quads_for_pattern(graph, prop, None, graph)), "")

