"""Entity resolution: the same person, show, season, character or work described by several
sources becomes one entity.

Matches are found in three ways, strongest first:

1. **a shared external identifier** (dcterms:identifier such as "imdb:nm0000001" or
   "wikidata:Q42"): two entities of the same class that carry the same one are the same, and so is
   an entity of no class (a reference another file describes) that carries it;
2. **one name and evidence**: same class, a name in common after folding case, accents, hyphens,
   spaces *and* the romanisations of Korean (tvkg.entities.romanisation: "Ju Ji-hoon" is "Joo Ji
   Hoon"), *and* something else in common: shows a release year within one (Kingdom is 2020 in
   one catalogue, 2019 in another) or a credited person; people a production both are credited
   on, or (from two sources) two co-stars; source works an adaptation or an author. Evidence
   found in one round counts in the next (two shows found the same make their casts
   comparable), until nothing new is found;
3. **propagation**: once two shows are one, their seasons of the same number are one, and so are
   those seasons' episodes of the same number and the show's characters of one name.

Never on a name alone: pairs that share only a name are *candidates*, listed with what is known
and a score, for a curator to accept or reject (tvkg.identity.decisions). Two entities a source
keeps apart (different identifiers of one scheme) are never paired, nor are two a curator rejected.

Each merge is written as ``a owl:sameAs b`` in a named graph of its own, ``tvg:merge/<id>``, which
says why (rdfs:comment), when, and who derived it; undoing a merge drops that graph. Entities are
never rewritten: the sources' own IRIs and statements stay as they were, and tvkg.store.clusters
makes each cluster act as one entity.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from tvkg.entities import romanisation
from tvkg.entities.names import normalise
from tvkg.errors import TvkgError
from tvkg.identity import decisions
from tvkg.identity.facts import WORKS, Facts, read
from tvkg.load import infer
from tvkg.load.update import drop_graph
from tvkg.ontology.namespaces import ENTITY, GRAPH, PREFIXES
from tvkg.ontology.vocabulary import SAME_AS
from tvkg.store.clusters import clusters
from tvkg.store.derived import derived
from tvkg.store.generations import Store

COMMENT = ox.NamedNode(PREFIXES["rdfs"] + "comment")
PROV = PREFIXES["prov"]
RESOLVER = ox.NamedNode(f"{ENTITY}source/tvkg-entity-resolution")
MERGE_PREFIX = f"{GRAPH}merge/"
DEFAULT = ox.DefaultGraph()
MATCHED = ("Show", "Person", *WORKS)   # classes matched by name and evidence (the others by propagation)
CROWDED = 40  # a key more entities share than this (a common name) is matched only through propagation
COSTARS = 2   # people of two sources with no production in common need this many co-stars in common
CAST = 3      # shows of two sources under different titles need this many credited people in common


@dataclass(frozen=True)
class Match:
    """Two entities found to be the same (or, as a candidate, maybe the same), and why."""

    a: str
    b: str
    reason: str
    score: float = 1.0  # for candidates: how alike their names are (1.0: one name)

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


class _Same:
    """Union-find over IRIs: which entities are known to be one (merged before, or found now)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}

    def root(self, iri: str) -> str:
        while self.parent.get(iri, iri) != iri:
            iri = self.parent[iri] = self.parent.get(self.parent[iri], self.parent[iri])
        return iri

    def members(self, iri: str) -> list[str]:
        root = self.root(iri)
        return self._members.get(root, [root])

    def join(self, a: str, b: str) -> None:
        joined = self.members(a) + self.members(b)
        self._members.pop(self.root(a), None)
        self.parent[self.root(a)] = self.root(b)
        self._members[self.root(b)] = joined

    def joined(self, a: str, b: str) -> bool:
        return self.root(a) == self.root(b)


def find(store: Store) -> tuple[list[Match], list[Match]]:
    """(matches to merge, candidates that share only a name), leaving out pairs already one entity."""
    facts = read(store)
    same = _Same()
    for members in clusters(store).members.values():
        for other in members[1:]:
            same.join(members[0], other)
    rejected = decisions.rejected(store)

    def blocked(a: str, b: str) -> bool:
        return any({same.root(x), same.root(y)} == {same.root(a), same.root(b)} for x, y in rejected)

    found: list[Match] = []

    def record(match: Match, weak: bool = False) -> None:
        """Keep a match unless its pair is one already, or rejected; a weak one (a stage name, co-stars)
        also unless it would make one entity of two that a source names differently."""
        if same.joined(match.a, match.b) or blocked(match.a, match.b):
            return
        if weak and _splits_a_source(facts, same, match.a, match.b):
            return
        found.append(match)
        same.join(match.a, match.b)

    for match in _by_identifier(facts):
        record(match)
    candidates = _by_name(facts, same, record)
    _propagate(facts, same, record)
    _propagate_networks(facts, same, record)
    left = [c for c in candidates.values() if not same.joined(c.a, c.b) and not blocked(c.a, c.b)]
    return found, sorted(left, key=lambda c: (-c.score, c.a, c.b))


def apply(store: Store, matches: Iterable[Match], today: dt.date | None = None) -> int:
    """Record ``matches`` (one named graph each), in one write; returns how many were new."""
    quads = []
    chosen = {m.graph: m for m in matches}.values()
    for match in chosen:
        graph = ox.NamedNode(match.graph)
        triples = [(ox.NamedNode(match.a), SAME_AS, ox.NamedNode(match.b)),
                   *decisions.claim_graph(graph, "Reported", RESOLVER, "tvkg entity resolution", match.reason, today)]
        quads += [ox.Quad(*t, graph) for t in triples]
    if quads:
        store.add_atomically(infer.with_entailments(quads))
    return len(chosen)


def merges(store: Store) -> list[Merge]:
    """Every merge in the store, oldest graph name first."""
    found = []
    for name in store.named_graphs():
        if not name.startswith(MERGE_PREFIX):
            continue
        graph = ox.NamedNode(name)
        pairs = [(q.subject.value, q.object.value) for q in store.ox.quads_for_pattern(None, SAME_AS, None, graph)
                 if not isinstance(q.subject, ox.Triple) and not isinstance(q.object, ox.Triple)]
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


# -- a curator's review -------------------------------------------------------------------------

def accept(store: Store, a: str, b: str, note: str = "", curator: str = "a curator",
           today: dt.date | None = None) -> Match:
    """A curator says ``a`` and ``b`` are one entity: merge them (withdrawing any rejection of the pair)."""
    decisions.withdraw(store, a, b)
    match = Match(a, b, f"accepted by {curator}" + (f": {note}" if note else ""))
    graph = ox.NamedNode(match.graph)
    triples = [(ox.NamedNode(a), SAME_AS, ox.NamedNode(b)),
               *decisions.provenance(graph, "accepted", note, curator, today)]
    store.add_atomically(infer.with_entailments(ox.Quad(*t, graph) for t in triples))
    return match


def reject(store: Store, a: str, b: str, note: str = "", curator: str = "a curator",
           today: dt.date | None = None) -> list[Merge]:
    """A curator says ``a`` and ``b`` are different: undo the merges that join their clusters and
    record the decision, which later runs respect. Returns the merges undone."""
    merged = clusters(store)
    group = set(merged.cluster(a)) | set(merged.cluster(b))
    joining = [m for m in merges(store) if m.a in group and m.b in group]
    for merge in joining:
        drop_graph(store, merge.graph)
    decisions.reject(store, a, b, note, curator, today)
    return joining


VERDICTS = ("accept", "reject", "withdraw")


def decide(store: Store, verdict: str, pairs: list[tuple[str, str]], note: str = "", curator: str = "a curator"
           ) -> int:
    """Apply one verdict of a curator's to several pairs (the review page's batch); how many took effect."""
    if verdict not in VERDICTS:
        raise TvkgError(f"a verdict is one of {', '.join(VERDICTS)}, not {verdict!r}")
    done = 0
    for a, b in pairs:
        if verdict == "accept":
            accept(store, a, b, note, curator)
        elif verdict == "reject":
            reject(store, a, b, note, curator)
        elif not decisions.withdraw(store, a, b):
            continue
        done += 1
    return done


# -- finding ----------------------------------------------------------------------------------

def _by_identifier(facts: Facts) -> Iterator[Match]:
    """Entities of one class that share an identifier. An entity of no class (an importer's mere
    reference, such as a Wikidata item a statement points at) joins the entities that have its
    identifier when they are all of one class: that is how it meets its description from another file."""
    holders: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # id -> class -> entities
    for entity, ids in facts.identifiers.items():
        for scheme, value in ids.items():
            holders[f"{scheme}:{value}"][facts.classes.get(entity, "")].add(entity)
    for identifier, by_class in sorted(holders.items()):
        untyped = by_class.pop("", set())
        if len(by_class) <= 1:
            by_class[next(iter(by_class), "")] |= untyped
        for _, entities in sorted(by_class.items()):
            first, *others = sorted(entities)
            for other in others:
                yield Match(first, other, f"both have the identifier {identifier}")


Pair = tuple[str, str, str]  # (how the two were paired: "name", "stage" or "cast"; entity; entity)


def _by_name(facts: Facts, same: _Same, record: Callable[[Match, bool], None]
             ) -> dict[frozenset[str], Match]:
    """Name matches with evidence, round after round until none is new; the ones without evidence."""
    # (a, b) -> how, the first way found (a name before a stage name before a cast)
    paired: dict[tuple[str, str], str] = {}
    for how, a, b in itertools.chain(_named_pairs(facts), _stage_name_pairs(facts), _cast_pairs(facts)):
        paired.setdefault((a, b), how)
    pairs = [(how, a, b) for (a, b), how in paired.items()]
    candidates: dict[frozenset[str], Match] = {}
    while True:
        before = len(same.parent)
        for cls in MATCHED:
            for how, a, b in (p for p in pairs if facts.classes[p[1]] == cls):
                if same.joined(a, b):
                    continue
                evidence = _evidence(facts, how, cls, a, b, same)
                if evidence:
                    weak = how == "stage" or evidence.weak
                    record(Match(a, b, f"{_names_agree(facts, how, a, b)} and {evidence.text}"), weak)
                else:
                    known = f"{_names_agree(facts, how, a, b)} only ({_known(facts, cls, a, b)})"
                    candidates[frozenset((a, b))] = Match(a, b, known, _score(facts, a, b))
        if len(same.parent) == before:
            return candidates


def _named_pairs(facts: Facts) -> Iterator[Pair]:
    """Pairs of entities of one matched class with a name key in common, that no source keeps apart."""
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entity, cls in facts.classes.items():
        if cls in MATCHED:
            for key in facts.keys(entity):
                by_key[(cls, key)].add(entity)
    yield from _pairs_within(facts, by_key.values(), "name")


def _stage_name_pairs(facts: Facts) -> Iterator[Pair]:
    """People credited by a one-word stage name in one source ("Seolhyun") and by their full name in
    another ("Kim Seol-hyun"): the stage name is the given name."""
    mononyms: dict[str, set[str]] = defaultdict(set)
    given: dict[str, set[str]] = defaultdict(set)
    for entity, cls in facts.classes.items():
        if cls != "Person":
            continue
        for name in facts.names[entity]:
            words = name.split()
            if len(words) == 1 and "-" not in name and romanisation.is_latin(name):
                mononyms[romanisation.key(name)].add(entity)
            elif (key := romanisation.given_name_key(name)) is not None:
                given[key].add(entity)
    groups = [mononyms[k] | given[k] for k in mononyms.keys() & given.keys()]
    yield from (p for p in _pairs_within(facts, groups, "stage") if not _one_source(facts, p[1], p[2]))


def _cast_pairs(facts: Facts) -> Iterator[Pair]:
    """Shows of two sources under different titles ("My Shy Boss", "Introverted Boss") that credit
    at least CAST people of one name each: a reason to compare them, not yet evidence."""
    shows_of: dict[str, set[str]] = defaultdict(set)
    for show, people in facts.people.items():
        if facts.classes.get(show) == "Show":
            for person in people:
                for key in facts.keys(person):
                    shows_of[key].add(show)
    shared: Counter[tuple[str, str]] = Counter()
    for shows in shows_of.values():
        if len(shows) <= CROWDED * 5:
            for a, b in itertools.combinations(sorted(shows), 2):
                if not _one_source(facts, a, b):
                    shared[(a, b)] += 1
    for (a, b), n in sorted(shared.items()):
        if n >= CAST and not facts.keys(a) & facts.keys(b) and not _kept_apart(facts, a, b):
            yield "cast", a, b


def _pairs_within(facts: Facts, groups: Iterable[set[str]], how: str) -> Iterator[Pair]:
    seen: set[tuple[str, str]] = set()
    for entities in groups:
        if not 1 < len(entities) <= CROWDED:
            continue
        for a, b in itertools.combinations(sorted(entities), 2):
            if (a, b) not in seen and not _kept_apart(facts, a, b):
                seen.add((a, b))
                yield how, a, b


def _kept_apart(facts: Facts, a: str, b: str) -> bool:
    """They carry different identifiers of the same scheme ("imdb:…"): that source says they are two."""
    mine, theirs = facts.identifiers.get(a, {}), facts.identifiers.get(b, {})
    return any(mine[s] != theirs[s] for s in mine.keys() & theirs.keys())


def _one_source(facts: Facts, a: str, b: str) -> bool:
    """Both come from one source (one spelled two ways, or two people: only a shared credit tells)."""
    return bool(facts.sources.get(a, frozenset()) & facts.sources.get(b, frozenset()))


@dataclass(frozen=True)
class Evidence:
    """What, besides their names, says two entities are one, in words; ``weak`` evidence (co-stars
    in common) may merge records of two sources, but never split one source's own two names."""

    text: str
    weak: bool = False


def _evidence(facts: Facts, how: str, cls: str, a: str, b: str, same: _Same) -> Evidence | None:
    """What, besides their names, says ``a`` and ``b`` are one; None when nothing does."""
    if cls == "Show":
        return _strong(_show_evidence(facts, how, a, b, same))
    if cls == "Person":
        if _one_source(facts, a, b) and not (_spelled_alike(facts, a, b) or _reordered(facts, a, b)):
            return None  # one source, two spellings: one person twice, or two people (Lee Jun-hyuk, Lee Jun-hyeok)
        shared = _shared(facts, facts.productions[a], facts.productions[b], same, "a production both are credited on") \
            or _shared(facts, facts.works_of(a), facts.works_of(b), same, "a work both wrote")
        if shared or how == "stage":
            return _strong(shared)
        if _one_source(facts, a, b):  # spelled alike, or in another order, in one catalogue (Bae Doona, Doona Bae)
            return _strong(_same_country(facts, a, b))
        costars = _shared(facts, _costars(facts, a), _costars(facts, b), same, "co-stars", at_least=COSTARS)
        return Evidence(costars, weak=True) if costars else None
    if cls in WORKS:
        return _strong(_shared(facts, facts.adaptations[a], facts.adaptations[b], same, "an adaptation") or
                       _shared_by_name(facts, facts.authors[a], facts.authors[b], "an author"))
    return None


def _strong(text: str | None) -> Evidence | None:
    return Evidence(text) if text else None


def _show_evidence(facts: Facts, how: str, a: str, b: str, same: _Same) -> str | None:
    """Shows: under one title, a credited person, a release year within one or the original network
    in common; under two titles, credited people and the release year. Where the sources disagree on
    the country of origin (Perfume, German, and Perfume, Korean), only credited people count."""
    countries = facts.countries[a], facts.countries[b]
    years = _years_close(facts, a, b)
    if how == "cast":
        people = _shared_by_name(facts, facts.people[a], facts.people[b], "credited people", at_least=CAST)
        return f"{people} and {years}" if people and years else None
    people = _shared(facts, facts.people[a], facts.people[b], same, "credited people") or \
        _shared_by_name(facts, facts.people[a], facts.people[b], "credited people of one name")
    if all(countries) and not countries[0] & countries[1]:
        return f"{people} and {years}" if people and years else None
    if years or people:
        return years or people
    networks = sorted(facts.networks[a] & facts.networks[b])
    both_dated = facts.years[a] and facts.years[b]
    return f"the same network or streaming service ({networks[0]}), no year or country in conflict" \
        if networks and not both_dated else None


def _same_country(facts: Facts, a: str, b: str) -> str | None:
    """Evidence for one source's two spellings of a name: their productions come from one country.
    Two people may share a name up to its accents (the French Nicolas Martinez, the Chilean Nicolás
    Martínez); their productions' countries tell them apart, and without countries nothing does."""
    mine, theirs = (set().union(*(facts.countries[p] for p in facts.productions[x])) for x in (a, b))
    common = sorted(mine & theirs)
    return f"productions of one country ({common[0]})" if common else None


def _splits_a_source(facts: Facts, same: _Same, a: str, b: str) -> bool:
    """Joining would make one entity of two that one source names differently. Catalogues do list one
    person under two spellings (Park Hae-soo, Hae-soo Park), so only weak evidence must not do it:
    MyDramaList's one "Jung Jin Young" credits two actors, and Netflix's "Jinyoung" is one of them."""
    return any(_one_source(facts, x, y) and not _spelled_alike(facts, x, y)
               for x in same.members(a) for y in same.members(b))


def _spelled_alike(facts: Facts, a: str, b: str) -> bool:
    """Their names differ at most in case, accents, hyphens and spaces."""
    return bool({normalise(n) for n in facts.names[a]} & {normalise(n) for n in facts.names[b]})


def _reordered(facts: Facts, a: str, b: str) -> bool:
    """Their names are the same words in another order ("Bae Doona", "Doona Bae"; "Ah-in Yoo", "Yoo Ah-in")."""
    def words(name: str) -> frozenset[str]:
        return frozenset(normalise(w) for w in name.split())
    mine = {words(n) for n in facts.names[a] if len(n.split()) > 1}
    return any(words(n) in mine for n in facts.names[b] if len(n.split()) > 1)


def _years_close(facts: Facts, a: str, b: str) -> str | None:
    close = sorted((abs(x - y), x, y) for x in facts.years[a] for y in facts.years[b] if abs(x - y) <= 1)
    if not close:
        return None
    _, x, y = close[0]
    return f"the same release year ({x})" if x == y else f"release years within one ({min(x, y)}, {max(x, y)})"


def _shared(facts: Facts, mine: set[str], theirs: set[str], same: _Same, what: str, at_least: int = 1) -> str | None:
    """Evidence: ``at_least`` entities of ``mine`` are one with entities of ``theirs``."""
    roots = {same.root(x) for x in theirs}
    common = sorted({facts.label(x) for x in mine if same.root(x) in roots})
    return f"{what} ({', '.join(common[:3])})" if len(common) >= at_least else None


def _shared_by_name(facts: Facts, mine: set[str], theirs: set[str], what: str, at_least: int = 1) -> str | None:
    """Evidence: ``at_least`` entities of ``mine`` have a name of an entity of ``theirs``."""
    keys = {k for x in theirs for k in facts.keys(x)}
    common = sorted({facts.label(x) for x in mine if facts.keys(x) & keys})
    return f"{what} ({', '.join(common[:3])})" if len(common) >= at_least else None


def _costars(facts: Facts, person: str) -> set[str]:
    return {other for production in facts.productions[person] for other in facts.people[production]} - {person}


def _names_agree(facts: Facts, how: str, a: str, b: str) -> str:
    """How the names meet: spelled alike, romanised differently, a stage name, or different titles."""
    if how == "cast":
        return f"two titles ({facts.label(a)} / {facts.label(b)})"
    if how == "stage":
        mono = a if any(len(n.split()) == 1 for n in facts.names[a]) else b
        return f"a stage name and a given name ({facts.label(mono)} / {facts.label(b if mono == a else a)})"
    mine = {normalise(n): n for n in sorted(facts.names[a])}  # (sorted: the name shown must not follow set order)
    theirs = {normalise(n): n for n in sorted(facts.names[b])}
    if mine.keys() & theirs.keys():
        return "same name"
    pairs = [(x, y) for x in mine.values() for y in theirs.values() if facts.keys_of(x) & facts.keys_of(y)]
    x, y = min(pairs) if pairs else (facts.label(a), facts.label(b))
    return f"one name in two romanisations ({x} / {y})"


def _known(facts: Facts, cls: str, a: str, b: str) -> str:
    """For a candidate: what was checked and found apart."""
    if cls == "Show":
        years = [", ".join(map(str, sorted(facts.years[x]))) or "no year" for x in (a, b)]
        return f"release years {years[0]} / {years[1]}; no credited person in common"
    if cls == "Person":
        return "no production or co-star in common"
    return "no adaptation or author in common"


def _score(facts: Facts, a: str, b: str) -> float:
    """How alike the two entities' closest names are, from 0 to 1."""
    return round(max((difflib.SequenceMatcher(None, normalise(x), normalise(y)).ratio()
                      for x in facts.names[a] for y in facts.names[b]), default=0.0), 2)


def _propagate(facts: Facts, same: _Same, record: Callable[[Match], None]) -> None:
    """Seasons of one show with one number are one, then their episodes of one number, and the
    show's characters of one name."""
    for cls, describe in (("Season", "season {} of the same show"), ("Episode", "episode {} of the same season"),
                          ("Character", "a character of the same show")):
        groups: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entity, entity_class in facts.classes.items():
            parent = facts.parent.get(entity)
            if entity_class != cls or parent is None:
                continue
            marks = facts.keys(entity) if cls == "Character" else {facts.number.get(entity, "")} - {""}
            for mark in marks:
                groups[(same.root(parent), mark)].add(entity)

        def reason(key: tuple[str, str], a: str, describe: str = describe) -> str:
            return f"{describe.format(key[1])} ({facts.label(facts.parent[a])})"

        _join_within(facts, groups, record, reason)


def _propagate_networks(facts: Facts, same: _Same, record: Callable[[Match], None]) -> None:
    """Networks of one name that are the original network of one show are one (Netflix, as each
    source names it)."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for network, shows in facts.network_of.items():
        if facts.classes.get(network) not in ("Organization", "Network"):
            continue
        for show in shows:
            for key in facts.keys(network):
                groups[(same.root(show), key)].add(network)
    _join_within(facts, groups, record, lambda key, _: f"the original network of the same show ({facts.label(key[0])})")


def _join_within(facts: Facts, groups: dict[tuple[str, str], set[str]], record: Callable[[Match], None],
                 reason: Callable[[tuple[str, str], str], str]) -> None:
    """Record every pair within each group (by parent and mark) that no decision keeps apart."""
    for key, members in sorted(groups.items()):
        for a, b in itertools.combinations(sorted(members), 2):
            if not _kept_apart(facts, a, b):
                record(Match(a, b, reason(key, a)))


def _value(store: Store, graph: ox.NamedNode, prop: ox.NamedNode) -> str:
    return next((q.object.value for q in store.ox.quads_for_pattern(graph, prop, None, graph)
                 if not isinstance(q.object, ox.Triple)), "")


@dataclass(frozen=True)
class Resolution:
    """Entity resolution's state: what it merged and why, the pairs it left apart (sharing only a
    name, best score first: a curator's queue), and the pairs a curator said are different."""

    merges: list[Merge]
    candidates: list[Match]
    rejections: list[tuple[str, str]]


@derived
def resolution(store: Store) -> Resolution:
    """The resolution of the store's current generation, found once per generation (finding the
    candidates takes seconds on the catalogue): what the Python API and the review page show."""
    _, candidates = find(store)
    return Resolution(merges(store), candidates, decisions.rejected(store))
