"""What the graph says about one entity, with where each fact comes from: the model of an entity page.

``describe(store, iri)`` gathers the entity's names, types, facts (each value with the claim graphs
that state it, their status, source and date), the links pointing at it, and its concise bounded
description as RDF. An entity merged by entity resolution is described whole: every member IRI's
statements, each with its own sources, the way Wikidata shows references. The server renders it;
nothing here knows about HTTP or HTML.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar, cast

import pyoxigraph as ox

from tvkg.ontology.dates import PartialDate, agree
from tvkg.ontology.namespaces import ENTITY, GRAPH, ONTOLOGY_GRAPH, PREFIXES, TV, compact
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.store.clusters import clusters
from tvkg.store.derived import derived
from tvkg.store.generations import Store

_AnyTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # (pyoxigraph names no such union)
_Term = TypeVar("_Term", bound=_AnyTerm)

SKOS = PREFIXES["skos"]
RDFS = PREFIXES["rdfs"]
PREF_LABEL, ALT_LABEL, COMMENT = SKOS + "prefLabel", SKOS + "altLabel", RDFS + "comment"
OWL_SAME_AS = PREFIXES["owl"] + "sameAs"
LABELS = (PREF_LABEL, RDFS + "label", "https://schema.org/name")
NAME_PROPERTIES = {PREF_LABEL, ALT_LABEL, RDFS + "label", "https://schema.org/name", "https://schema.org/alternateName",
                   str(TV) + "characterName", str(TV) + "creditedAs"}
# Properties of the project's own vocabulary are "the facts"; the same facts in schema.org, Wikidata
# and BBC terms (materialised by inference) are shown apart, as alignments.
OWN = (str(TV), SKOS, RDFS, PREFIXES["prov"], PREFIXES["rdf"])
N_ARY = (str(TV) + "CastRole",)  # nodes whose triples belong to the description of what points at them
@dataclass(frozen=True)
class Source:
    """A named graph that states something, with its provenance."""

    graph: str
    label: str
    status: str | None = None        # local name of its concept in tv:ClaimStatuses (Official, Reported, ...)
    date: str | None = None          # date of the announcement or document behind it
    document: str | None = None      # prov:wasDerivedFrom
    announcement: str | None = None  # tv:statedBy


@dataclass
class Value:
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # (a triple term, of RDF 1.2: shown as text)
    text: str                       # what a person reads
    link: str | None = None         # IRI to link to, for resources
    language: str | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass
class Fact:
    property: str
    label: str
    values: list[Value]

    @builtins.property  # (`property`, in the class, is the field)
    def conflicting(self) -> bool:
        """Several values, each stated by different sources, that cannot all be true: claims to be
        shown side by side. Dates at different precisions that agree (2022-01 and 2022-01-28) are not."""
        graphs = [frozenset(s.graph for s in v.sources) for v in self.values]
        apart = len(self.values) > 1 and all(a.isdisjoint(b) for i, a in enumerate(graphs) for b in graphs[i + 1:])
        dates = [PartialDate.from_literal(v.term) for v in self.values]
        if apart and all(dates):
            return not agree([d for d in dates if d])
        return apart


@dataclass
class Entity:
    iri: str
    label: str
    types: list[Value]
    names: list[Value]              # every name variant, all languages
    comments: list[Value]
    facts: list[Fact]               # in the project's vocabulary
    alignments: list[Fact]          # the same facts in other vocabularies
    incoming: list[Fact]            # links pointing here, grouped by property
    sources: list[Source]           # every graph that says something about it
    other_types: list[str] = field(default_factory=list)  # classes outside tvkg (schema.org, ...), IRIs
    merged: list[tuple[str, list[Source]]] = field(default_factory=list)  # the other IRIs merged into it

    @property
    def type_names(self) -> set[str]:
        return {t.link.removeprefix(str(TV)) for t in self.types if t.link and t.link.startswith(str(TV))}


def exists(store: Store, iri: str) -> bool:
    """Whether the graph mentions ``iri`` at all (a string that is no valid IRI never is)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    return next(store.ox.quads_for_pattern(node, None, None), None) is not None or \
        next(store.ox.quads_for_pattern(None, None, node), None) is not None


def describe(store: Store, iri: str) -> Entity | None:
    """Everything an entity page shows about ``iri``; None when the graph never mentions it."""
    if not exists(store, iri):
        return None
    node = ox.NamedNode(iri)
    merged = clusters(store)
    members = [ox.NamedNode(m) for m in merged.cluster(iri)]

    def one(term: _Term) -> _Term | ox.NamedNode:  # a value that is a merged entity: its one IRI
        return ox.NamedNode(merged.of(term.value)) if isinstance(term, ox.NamedNode) else term

    provenance = sources(store)
    labels = Labels(store)
    outgoing: dict[str, dict[_AnyTerm, set[str]]] = defaultdict(lambda: defaultdict(set))
    incoming: dict[str, dict[_AnyTerm, set[str]]] = defaultdict(lambda: defaultdict(set))
    for member in members:
        for q in store.ox.quads_for_pattern(member, None, None):
            if _stated(q, members) and isinstance(q.graph_name, ox.NamedNode):  # (_stated: it is)
                outgoing[q.predicate.value][one(q.object)].add(q.graph_name.value)
        for q in store.ox.quads_for_pattern(None, None, member):
            if _stated(q, members) and isinstance(q.graph_name, ox.NamedNode):
                incoming[q.predicate.value][one(q.subject)].add(q.graph_name.value)
    labels.prefetch([*(o for objs in outgoing.values() for o in objs), *(s for subs in incoming.values() for s in subs),
                     *(ox.NamedNode(p) for p in [*outgoing, *incoming])])

    def fact(prop: str, values: dict[_AnyTerm, set[str]]) -> Fact:
        return Fact(prop, labels.property(prop), sorted(
            (labels.value(term, [provenance.get(g) or Source(g, compact(g)) for g in sorted(graphs)])
             for term, graphs in values.items()), key=lambda v: (v.language not in (None, "en"), v.text)))

    hidden = NAME_PROPERTIES | {RDF_TYPE.value, COMMENT}
    own = [fact(p, v) for p, v in outgoing.items() if p.startswith(OWN) and p not in hidden]
    other = [fact(p, v) for p, v in outgoing.items() if not p.startswith(OWN) and p not in NAME_PROPERTIES]
    names = [v for p in (PREF_LABEL, ALT_LABEL, str(TV) + "creditedAs") for v in fact(p, outgoing.get(p, {})).values]
    unique_names = list({(v.text, v.language): v for v in names}.values())
    own_incoming = any(p.startswith(str(TV)) for p in incoming)  # else (an outside IRI) show every link
    stated_by = {g for values in outgoing.values() for graphs in values.values() for g in graphs}
    return Entity(
        iri=iri,
        label=labels.text(node),
        types=[v for v in fact(RDF_TYPE.value, outgoing.get(RDF_TYPE.value, {})).values
               if v.link and v.link.startswith(str(TV))],
        names=unique_names,
        comments=fact(COMMENT, outgoing.get(COMMENT, {})).values,
        facts=sorted(own, key=lambda f: f.label),
        alignments=sorted(other, key=lambda f: f.label),
        incoming=sorted((fact(p, v) for p, v in incoming.items() if p.startswith(str(TV)) or not own_incoming),
                        key=lambda f: f.label),
        sources=sorted((provenance.get(g) or Source(g, compact(g)) for g in stated_by), key=lambda s: s.date or ""),
        other_types=sorted(t.value for t in outgoing.get(RDF_TYPE.value, {})
                           if not isinstance(t, ox.Triple) and not t.value.startswith(str(TV))),
        merged=[(m.value, _describers(store, m, provenance)) for m in members if m != node],
    )


def _stated(q: ox.Quad, members: list[ox.NamedNode]) -> bool:
    """A statement a page shows: in a source's graph (not the ontology's), and not one member of a
    merged entity being the same as another (the page lists the members instead)."""
    if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value == str(ONTOLOGY_GRAPH):
        return False
    return not (q.predicate.value == OWL_SAME_AS and q.subject in members and q.object in members)


def _describers(store: Store, member: ox.NamedNode, provenance: dict[str, Source]) -> list[Source]:
    """The sources that describe one member of a merged entity (the graphs stating its type)."""
    graphs = sorted({q.graph_name.value for q in store.ox.quads_for_pattern(member, RDF_TYPE, None)
                     if isinstance(q.graph_name, ox.NamedNode)})
    return [provenance.get(g) or Source(g, _graph_name(g)) for g in graphs]


def bounded_description(store: Store, iri: str) -> list[ox.Triple]:
    """The concise bounded description served as RDF: the entity's own triples (in the merge), the
    triples of the n-ary nodes hanging from it (cast parts, blank nodes), and the labels of
    everything it links to; for a merged entity, the union of its members' (their owl:sameAs
    included), each under its own IRI."""
    triples: dict[tuple[object, ...], ox.Triple] = {}
    for member in clusters(store).cluster(iri):
        triples.update(_bounded(store, member))
    return list(triples.values())


def _bounded(store: Store, iri: str) -> dict[tuple[object, ...], ox.Triple]:
    node, default = ox.NamedNode(iri), ox.DefaultGraph()
    triples: dict[tuple[object, ...], ox.Triple] = {}

    def add(subject: ox.NamedNode | ox.BlankNode) -> list[_AnyTerm]:
        objects = []
        for q in store.ox.quads_for_pattern(subject, None, None, default):
            triples[(q.subject, q.predicate, q.object)] = ox.Triple(q.subject, q.predicate, q.object)
            objects.append(q.object)
        return objects

    linked: list[_AnyTerm] = []
    for obj in add(node):
        if isinstance(obj, ox.BlankNode) or (isinstance(obj, ox.NamedNode) and _is_n_ary(store, obj)):
            linked += add(obj)
        linked.append(obj)
    for obj in linked:
        if isinstance(obj, ox.NamedNode) and obj != node:
            for prop in (PREF_LABEL, RDFS + "label"):
                for q in store.ox.quads_for_pattern(obj, ox.NamedNode(prop), None, default):
                    triples[(q.subject, q.predicate, q.object)] = ox.Triple(q.subject, q.predicate, q.object)
    return triples


def _is_n_ary(store: Store, term: _AnyTerm) -> bool:
    if not isinstance(term, ox.NamedNode):
        return False
    return any(next(store.ox.quads_for_pattern(term, RDF_TYPE, ox.NamedNode(t), ox.DefaultGraph()), None)
               for t in N_ARY)


@derived
def sources(store: Store) -> dict[str, Source]:
    """Every claim graph's provenance (see _read_sources), read once per store generation."""
    return _read_sources(store)


def _read_sources(store: Store) -> dict[str, Source]:
    """Every claim graph's provenance: label, status, date (of its announcement or document)."""
    rows = cast(ox.QuerySolutions, store.ox.query(f"""
        SELECT ?g (SAMPLE(?l) AS ?label) (SAMPLE(?dl) AS ?doclabel) (SAMPLE(?st) AS ?status) (SAMPLE(?d) AS ?doc)
               (SAMPLE(?a) AS ?ann) (SAMPLE(?date1) AS ?adate) (SAMPLE(?date2) AS ?ddate)
        WHERE {{
          ?g a <{TV}ClaimGraph> .
          OPTIONAL {{ ?g <{RDFS}label> ?l FILTER(LANGMATCHES(LANG(?l), "en")) }}
          OPTIONAL {{ ?g <{TV}status> ?st }}
          OPTIONAL {{ ?g <{PREFIXES['prov']}wasDerivedFrom> ?d OPTIONAL {{ ?d <{TV}date> ?date2 }}
                     OPTIONAL {{ ?d <{PREF_LABEL}> ?dl }} }}
          OPTIONAL {{ ?g <{TV}statedBy> ?a OPTIONAL {{ ?a <{TV}date> ?date1 }} }}
        }} GROUP BY ?g"""))
    found: dict[str, Source] = {}
    for row in rows:
        graph = row["g"].value
        status = row["status"].value.removeprefix(str(TV)) if row["status"] is not None else None
        date = row["adate"] or row["ddate"]
        # an import's or a merge's graph has no label of its own: its document's ("netflix_titles.csv (netflix)")
        label = row["label"] or row["doclabel"]
        found[graph] = Source(graph, label.value if label is not None else _graph_name(graph), status,
                              date.value if date is not None else None,
                              row["doc"].value if row["doc"] is not None else None,
                              row["ann"].value if row["ann"] is not None else None)
    return found


def _graph_name(graph: str) -> str:
    return graph.removeprefix(str(GRAPH)).replace("-", " ") if graph.startswith(str(GRAPH)) else compact(graph)


class Labels:
    """Display labels of resources, looked up in batches: skos:prefLabel in English first."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, str] = {}

    def prefetch(self, terms: Iterable[_AnyTerm]) -> None:
        wanted = {t for t in terms if isinstance(t, ox.NamedNode) and t.value not in self.cache}
        if not wanted:
            return
        best: dict[str, tuple[int, str]] = {}
        default = ox.DefaultGraph()
        for term in wanted:  # direct index lookups: a VALUES join here made Oxigraph scan every label
            for rank_p, prop in enumerate(LABELS):
                for q in self.store.ox.quads_for_pattern(term, ox.NamedNode(prop), None, default):
                    label = q.object
                    if isinstance(label, ox.Triple):  # (an RDF 1.2 triple term is no label)
                        continue
                    language = getattr(label, "language", None)
                    rank = rank_p * 10 + (0 if language == "en" else 1 if not language else 2)
                    if term.value not in best or rank < best[term.value][0]:
                        best[term.value] = (rank, label.value)
                if term.value in best and best[term.value][0] < (rank_p + 1) * 10:
                    break
        best.update(self._role_labels([t for t in wanted if t.value not in best]))
        for t in wanted:
            self.cache[t.value] = best[t.value][1] if t.value in best else _fallback(t.value)

    def _role_labels(self, terms: list[ox.NamedNode]) -> dict[str, tuple[int, str]]:
        """Cast parts have no label of their own: call them "Actor as Character", or, where the
        source names no character, "Actor in Production"."""
        found: dict[str, tuple[int, str]] = {}
        default = ox.DefaultGraph()
        for role in (t for t in terms if t.value.startswith(f"{ENTITY}role/")):
            actor, character = (next(self.store.ox.quads_for_pattern(role, ox.NamedNode(f"{TV}{p}"), None, default),
                                     None) for p in ("actor", "character"))
            show = next(self.store.ox.quads_for_pattern(None, ox.NamedNode(f"{TV}hasCastRole"), role, default), None)
            if actor is not None and character is not None:
                found[role.value] = (0, f"{self.text(actor.object)} as {self.text(character.object)}")
            elif actor is not None and show is not None:
                found[role.value] = (0, f"{self.text(actor.object)} in {self.text(show.subject)}")
        return found

    def text(self, term: _AnyTerm) -> str:
        if isinstance(term, ox.Triple):  # an RDF 1.2 triple term: as text, as term_json gives it
            return str(term)
        if isinstance(term, ox.NamedNode):
            if term.value not in self.cache:
                self.prefetch([term])
            return self.cache[term.value]
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return term.value

    def property(self, iri: str) -> str:
        return self.text(ox.NamedNode(iri))

    def value(self, term: _AnyTerm, sources: list[Source]) -> Value:
        if isinstance(term, ox.Literal):
            return Value(term, term.value, None, term.language, sources)
        return Value(term, self.text(term), term.value if isinstance(term, ox.NamedNode) else None, None, sources)


def _fallback(iri: str) -> str:
    """A readable name for an IRI without a label: its prefixed form."""
    return compact(iri).strip("<>")
