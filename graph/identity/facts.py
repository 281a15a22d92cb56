"""What entity resolution knows about each entity, read from the store in one pass: its class, the
sources that describe it, its names and their romanisation keys, its identifiers, and what
evidence is made of (release years, credits, seasons, episodes, characters, adaptations).

Everything is read from the default graph (the merge of all sources) with direct index lookups.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from tvkg.entities import romanisation
from tvkg.entities.names import normalise
from tvkg.ontology.dates import PartialDate
from tvkg.ontology.namespaces import PREFIXES, TV
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.store.generations import Store

IDENTIFIER = ox.NamedNode(PREFIXES["dcterms"] + "identifier")
LABELS = [ox.NamedNode(PREFIXES["skos"] + p) for p in ("prefLabel", "altLabel")]
DEFAULT = ox.DefaultGraph()
# The classes entities are matched within, most specific first (an entity is matched in the first it has).
CLASSES = ("Person", "Show", "Season", "Episode", "Character", "Webtoon", "Comic", "Novel", "SourceWork",
           "Organization", "Network", "Studio", "Platform")
WORKS = ("Webtoon", "Comic", "Novel", "SourceWork")
ROMANISED = ("Person", "Character")  # their names are romanised Korean; titles are not
NOT_RELEASE_DATES = {f"{TV}addedToCatalogue"}  # when a service listed it, not when it was released or aired


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{TV}{name}")


@dataclass
class Facts:
    """The evidence base: one instance per resolution run."""

    classes: dict[str, str] = field(default_factory=dict)                    # entity -> matching class
    sources: dict[str, frozenset[str]] = field(default_factory=dict)         # entity -> graphs stating its type
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # entity -> names
    identifiers: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))  # scheme -> value
    people: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # production -> people
    productions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person -> productions
    years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))    # show -> years
    parent: dict[str, str] = field(default_factory=dict)      # season -> show, episode -> season, character -> show
    number: dict[str, str] = field(default_factory=dict)      # season or episode -> its number
    adaptations: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # work -> shows
    authors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))      # work -> people
    countries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))    # show -> country names
    networks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))     # show -> network/service names
    network_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # network -> shows
    _keys: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _works: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def keys(self, entity: str) -> set[str]:
        """Every key of every name of the entity: romanisation keys for the Latin-script names of
        people and characters (Korean names); titles only normalised ("Live" is not "Life")."""
        if entity not in self._keys:
            romanised = self.classes.get(entity) in ROMANISED
            self._keys[entity] = {k for name in self.names.get(entity, ()) for k in self.keys_of(name, romanised)}
        return self._keys[entity]

    @staticmethod
    def keys_of(name: str, romanised: bool = True) -> set[str]:
        """The keys of one name: its romanisation keys when in Latin letters, else the name normalised."""
        found = romanisation.keys(name) if romanised and romanisation.is_latin(name) else {normalise(name)}
        return {k for k in found if k}

    def works_of(self, person: str) -> set[str]:
        """The source works a person wrote."""
        if not self._works:
            for work, people in self.authors.items():
                for someone in people:
                    self._works.setdefault(someone, set()).add(work)
        return self._works.get(person, set())

    def label(self, entity: str) -> str:
        return min(self.names.get(entity, {entity.rsplit("/", 1)[-1]}), key=lambda n: (not n.isascii(), n))


def read(store: Store) -> Facts:
    """All of it, from the store's default graph."""
    facts = Facts()
    _classes(store, facts)
    for entity in facts.classes:
        node = ox.NamedNode(entity)
        facts.sources[entity] = frozenset(q.graph_name.value for q in store.ox.quads_for_pattern(node, RDF_TYPE, None)
                                          if isinstance(q.graph_name, ox.NamedNode))
        for prop in LABELS:
            for q in store.ox.quads_for_pattern(node, prop, None, DEFAULT):
                if not isinstance(q.object, ox.Triple):  # (a triple term has no value: not a name)
                    facts.names[entity] |= _variants(q.object.value)
    for q in store.ox.quads_for_pattern(None, IDENTIFIER, None, DEFAULT):
        if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
            continue
        scheme, _, value = q.object.value.partition(":")
        facts.identifiers[q.subject.value][scheme] = value
    _credits(store, facts)
    _structure(store, facts)
    _years(store, facts)
    _named_values(store, facts, "countryOfOrigin", facts.countries)
    _named_values(store, facts, "originalNetwork", facts.networks)
    _named_values(store, facts, "availableOn", facts.networks)  # a catalogue's service: where it streams
    for q in store.ox.quads_for_pattern(None, tv("originalNetwork"), None, DEFAULT):
        if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):
            facts.network_of[q.object.value].add(q.subject.value)
    return facts


def _named_values(store: Store, facts: Facts, prop: str, into: dict[str, set[str]]) -> None:
    """The names (normalised) of the entities a show links to with ``prop``: countries and networks
    are minted per source, so their names are what two sources share."""
    for q in store.ox.quads_for_pattern(None, tv(prop), None, DEFAULT):
        if isinstance(q.subject, ox.NamedNode) and facts.classes.get(q.subject.value) == "Show" \
                and isinstance(q.object, ox.NamedNode):
            into[q.subject.value] |= {normalise(label.object.value) for label in
                                      store.ox.quads_for_pattern(q.object, LABELS[0], None, DEFAULT)
                                      if not isinstance(label.object, ox.Triple)}


def _variants(name: str) -> set[str]:
    """A name, and for "Lee Ji-eun (IU)" both the name and the one in brackets."""
    match = re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", name)
    return {name, match.group(1), match.group(2)} if match else {name}


def _classes(store: Store, facts: Facts) -> None:
    for cls in CLASSES:
        for q in store.ox.quads_for_pattern(None, RDF_TYPE, tv(cls), DEFAULT):
            if isinstance(q.subject, ox.NamedNode):
                facts.classes.setdefault(q.subject.value, cls)


def _credits(store: Store, facts: Facts) -> None:
    """Who is credited on which production: cast parts' actors, directors and writers."""
    def credit(production: str, person: str) -> None:
        facts.people[production].add(person)
        facts.productions[person].add(production)

    for q in store.ox.quads_for_pattern(None, tv("hasCastRole"), None, DEFAULT):
        if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Literal | ox.Triple):
            continue
        for actor in store.ox.quads_for_pattern(q.object, tv("actor"), None, DEFAULT):
            if not isinstance(actor.object, ox.Triple):
                credit(q.subject.value, actor.object.value)
        for character in store.ox.quads_for_pattern(q.object, tv("character"), None, DEFAULT):
            if not isinstance(character.object, ox.Triple):
                facts.parent.setdefault(character.object.value, q.subject.value)
    for prop in ("director", "writer"):
        for q in store.ox.quads_for_pattern(None, tv(prop), None, DEFAULT):
            if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):
                credit(q.subject.value, q.object.value)


def _structure(store: Store, facts: Facts) -> None:
    """Seasons of shows, episodes of seasons, their numbers; adaptations and authors of works."""
    for prop in ("seasonOf", "episodeOf"):
        for q in store.ox.quads_for_pattern(None, tv(prop), None, DEFAULT):
            if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):
                facts.parent[q.subject.value] = q.object.value
    for prop in ("seasonNumber", "episodeNumber"):
        for q in store.ox.quads_for_pattern(None, tv(prop), None, DEFAULT):
            if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):
                facts.number[q.subject.value] = q.object.value
    for q in store.ox.quads_for_pattern(None, tv("basedOn"), None, DEFAULT):
        if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):
            facts.adaptations[q.object.value].add(q.subject.value)
    for q in store.ox.quads_for_pattern(None, tv("author"), None, DEFAULT):
        if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple):
            facts.authors[q.subject.value].add(q.object.value)


def _years(store: Store, facts: Facts) -> None:
    """The years a show (or any of its seasons) was released or aired, from any dated property."""
    for entity, cls in facts.classes.items():
        if cls not in ("Show", "Season"):
            continue
        owner = facts.parent.get(entity, entity) if cls == "Season" else entity
        for q in store.ox.quads_for_pattern(ox.NamedNode(entity), None, None, DEFAULT):
            if q.predicate.value.startswith(str(TV)) and q.predicate.value not in NOT_RELEASE_DATES \
                    and (date := PartialDate.from_literal(q.object)):
                facts.years[owner].add(date.year)
