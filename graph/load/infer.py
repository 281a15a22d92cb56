"""Materialise the ontology's alignments at load time, so no reasoner is needed at query time.

What is added, in the same named graph as the triple it follows from (so provenance holds):

* types: every superclass and equivalent class (tv:Show -> schema:TVSeries, po:Brand, ...),
  plus ``wdt:P31 wd:Q…`` from ``tv:wikidataClass``;
* inverse properties (tv:season <-> tv:seasonOf);
* property chains (tv:castMember = tv:hasCastRole / tv:actor);
* super-properties (tv:actor -> schema:actor, ps:P161; skos:prefLabel -> rdfs:label, schema:name);
* date bounds: from ``tv:date`` typed xsd:date / gYearMonth / gYear, ``tv:earliest``,
  ``tv:latest`` and ``tv:datePrecision``, so mixed-precision dates sort and filter.

The rules are compiled once from ``ontology/tvkg.ttl`` ; each is one index scan in Oxigraph.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graph.store.generations import merged
from ontology import ONTOLOGY_FILE
from ontology.namespaces import TV

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
WDT_P31 = "http://www.wikidata.org/prop/direct/P31"


@dataclass(frozen=True)
class Rules:
    """The entailments the ontology licenses, as (from, to) IRI pairs."""

    superclasses: tuple[tuple[str, str], ...]
    wikidata_classes: tuple[tuple[str, str], ...]
    inverses: tuple[tuple[str, str], ...]
    chains: tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]  # result, ((property, inverse?), ...)
    superproperties: tuple[tuple[str, str], ...]


def _closure(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Transitive closure of a small relation."""
    up: dict[str, set[str]] = {}
    for a, b in pairs:
        up.setdefault(a, set()).add(b)
    result = set()
    for start in up:
        seen, todo = set(), list(up[start])
        while todo:
            node = todo.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            todo.extend(up.get(node, ()))
        result.update((start, s) for s in seen)
    return result


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(query)]


@functools.cache
def rules() -> Rules:
    """Compile the rules from the ontology file (cached: the file does not change while running)."""
    onto = ox.Store()
    onto.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    prefix = "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
             f"PREFIX tv: <{TV}> "

    sub = set(_select(onto, prefix + "SELECT ?a ?b { ?a rdfs:subClassOf ?b FILTER(isIRI(?b)) }"))
    for a, b in _select(onto, prefix + "SELECT ?a ?b { ?a owl:equivalentClass ?b FILTER(isIRI(?b)) }"):
        sub |= {(a, b), (b, a)}
    superclasses = _closure(sub)

    wikidata = set(_select(onto, prefix + "SELECT ?c ?q { ?c tv:wikidataClass ?q }"))

    inverses = set()
    for a, b in _select(onto, prefix + "SELECT ?a ?b { ?a owl:inverseOf ?b FILTER(isIRI(?a) && isIRI(?b)) }"):
        inverses |= {(a, b), (b, a)}

    subprops = set(_select(onto, prefix + "SELECT ?a ?b { ?a rdfs:subPropertyOf ?b }"))
    superproperties = _closure(subprops)

    chains = tuple(sorted(_chains(onto)))

    return Rules(
        superclasses=tuple(sorted(superclasses)),
        wikidata_classes=tuple(sorted(wikidata)),
        inverses=tuple(sorted(inverses)),
        chains=chains,
        superproperties=tuple(sorted(superproperties)),
    )


def _chains(onto: ox.Store) -> list[tuple[str, tuple[tuple[str, bool], ...]]]:
    """owl:propertyChainAxiom lists, each step as (property, traversed inversely?)."""
    owl, rdf = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    first, rest, nil = ox.NamedNode(rdf + "first"), ox.NamedNode(rdf + "rest"), ox.NamedNode(rdf + "nil")
    inverse_of = ox.NamedNode(owl + "inverseOf")

    def one(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> ox.NamedNode | ox.BlankNode:
        return next(onto.quads_for_pattern(subject, predicate, None)).object

    chains = []
    for axiom in onto.quads_for_pattern(None, ox.NamedNode(owl + "propertyChainAxiom"), None):
        steps, cell = [], axiom.object
        while cell != nil:
            step = one(cell, first)
            if isinstance(step, ox.BlankNode):
                steps.append((one(step, inverse_of).value, True))
            else:
                steps.append((step.value, False))
            cell = one(cell, rest)
        chains.append((axiom.subject.value, tuple(steps)))
    return chains


def _grouped(pairs: tuple[tuple[str, str], ...]) -> dict[str, list[ox.NamedNode]]:
    grouped: dict[str, list[ox.NamedNode]] = {}
    for a, b in pairs:
        grouped.setdefault(a, []).append(ox.NamedNode(b))
    return grouped


def _chain_query(steps: tuple[tuple[str, bool], ...]) -> str:
    pattern, var = [], "?x0"
    for i, (prop, inverse) in enumerate(steps, start=1):
        nxt = f"?x{i}"
        pattern.append(f"{nxt} <{prop}> {var} ." if inverse else f"{var} <{prop}> {nxt} .")
        var = nxt
    return f"SELECT ?g ?x0 ({var} AS ?z) WHERE {{ GRAPH ?g {{ {' '.join(pattern)} }} }}"


def entailments(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad the rules derive from ``store``, each in the graph of the quad it follows from.

    One index scan per property or class the ontology mentions, so the cost grows with the
    matching data, not with rules times data. Inverses and chains come first so that what
    they derive also gets its super-properties.
    """
    r = rules()
    supers = _grouped(r.superproperties)

    def with_supers(subject, predicate: ox.NamedNode, obj, graph) -> Iterator[ox.Quad]:  # type: ignore[no-untyped-def]
        yield ox.Quad(subject, predicate, obj, graph)
        for sup in supers.get(predicate.value, ()):
            yield ox.Quad(subject, sup, obj, graph)

    for prop, inverses in _grouped(r.inverses).items():
        for row in store.query(f"SELECT ?g ?s ?o WHERE {{ GRAPH ?g {{ ?s <{prop}> ?o }} }}"):
            if not isinstance(row["o"], ox.Literal):
                for inverse in inverses:
                    yield from with_supers(row["o"], inverse, row["s"], row["g"])
    for result, steps in r.chains:
        predicate = ox.NamedNode(result)
        for row in store.query(_chain_query(steps)):
            yield from with_supers(row["x0"], predicate, row["z"], row["g"])
    for prop, sups in supers.items():
        for row in store.query(f"SELECT ?g ?s ?o WHERE {{ GRAPH ?g {{ ?s <{prop}> ?o }} }}"):
            for sup in sups:
                yield ox.Quad(row["s"], sup, row["o"], row["g"])
    yield from _types(store, r)
    yield from _date_bounds(store)


def _types(store: ox.Store, r: Rules) -> Iterator[ox.Quad]:
    """Superclass types, and wdt:P31 for classes (or their superclasses) with a Wikidata item."""
    rdf_type, p31 = ox.NamedNode(RDF_TYPE), ox.NamedNode(WDT_P31)
    classes, wikidata = _grouped(r.superclasses), _grouped(r.wikidata_classes)
    for cls in sorted(set(classes) | set(wikidata)):
        items = {q.value for c in [ox.NamedNode(cls), *classes.get(cls, [])] for q in wikidata.get(c.value, [])}
        for row in store.query(f"SELECT ?g ?x WHERE {{ GRAPH ?g {{ ?x <{RDF_TYPE}> <{cls}> }} }}"):
            for target in classes.get(cls, ()):
                yield ox.Quad(row["x"], rdf_type, target, row["g"])
            for item in sorted(items):
                yield ox.Quad(row["x"], p31, ox.NamedNode(item), row["g"])


def materialise(store: ox.Store, bulk: bool = False) -> int:
    """Add every entailment of the data in ``store``, in its named graph and in the default graph
    (the merge); return how many new quads that made.

    ``bulk`` writes with Oxigraph's non-transactional bulk loader: only for a store that is thrown
    away on failure (a scratch store, or the staging generation of a bulk load).
    """
    before = len(store)
    derived = list(entailments(store))
    derived += list(merged(derived))
    if bulk:
        store.bulk_extend(derived)
    else:
        store.extend(derived)
    return len(store) - before


def _date_bounds(store: ox.Store) -> list[ox.Quad]:
    """tv:earliest / tv:latest / tv:datePrecision for every tv:date of known datatype."""
    quads: list[ox.Quad] = []
    query = f"SELECT ?g ?x ?d WHERE {{ GRAPH ?g {{ ?x <{TV.date}> ?d }} }}"
    for row in store.query(query):
        graph, subject, literal = row["g"], row["x"], row["d"]
        bounds = date_bounds(literal)
        if bounds is None:
            continue
        earliest, latest, precision = bounds
        date = ox.NamedNode(XSD + "date")
        quads += [
            ox.Quad(subject, ox.NamedNode(str(TV.earliest)), ox.Literal(earliest, datatype=date), graph),
            ox.Quad(subject, ox.NamedNode(str(TV.latest)), ox.Literal(latest, datatype=date), graph),
            ox.Quad(subject, ox.NamedNode(str(TV.datePrecision)), ox.NamedNode(str(precision)), graph),
        ]
    return quads


def date_bounds(literal: ox.Literal) -> tuple[str, str, str] | None:
    """(earliest day, latest day, precision concept IRI) of an xsd:date, gYearMonth or gYear literal."""
    if not isinstance(literal, ox.Literal):
        return None
    kind = literal.datatype.value.removeprefix(XSD)
    text = literal.value
    try:
        if kind == "date":
            return text[:10], text[:10], str(TV.DayPrecision)
        if kind == "gYearMonth":
            year, month = int(text[:4]), int(text[5:7])
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", str(TV.MonthPrecision)
        if kind == "gYear":
            year = int(text[:4])
            return f"{year:04d}-01-01", f"{year:04d}-12-31", str(TV.YearPrecision)
    except ValueError:
        return None
    return None
