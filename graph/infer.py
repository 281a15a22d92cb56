"""Materialise the ontology's alignments at load time, so no reasoner is needed at query time.

What is added, in the same named graph as the triple it follows from (so provenance holds):

* types: every superclass and equivalent class (tv:Show -> schema:TVSeries, po:Brand, ...),
  plus ``wdt:P31 wd:Q…`` from ``tv:wikidataClass``;
* inverse properties (tv:season <-> tv:seasonOf);
* property chains (tv:castMember = tv:hasCastRole / tv:actor);
* super-properties (tv:actor -> schema:actor, ps:P161; skos:prefLabel -> rdfs:label, schema:name);
* date bounds: from ``tv:date`` typed xsd:date / gYearMonth / gYear, ``tv:earliest``,
  ``tv:latest`` and ``tv:datePrecision``, so mixed-precision dates sort and filter.

The rules are compiled once from ``ontology/tvkg.ttl`` and run as SPARQL updates inside Oxigraph.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass, field

import pyoxigraph as ox

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
    updates: tuple[str, ...] = field(default=(), compare=False)


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

    compiled = Rules(
        superclasses=tuple(sorted(superclasses)),
        wikidata_classes=tuple(sorted(wikidata)),
        inverses=tuple(sorted(inverses)),
        chains=chains,
        superproperties=tuple(sorted(superproperties)),
    )
    return Rules(**{**compiled.__dict__, "updates": tuple(_updates(compiled))})


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


def _values(pairs: tuple[tuple[str, str], ...], a: str, b: str) -> str:
    rows = " ".join(f"(<{x}> <{y}>)" for x, y in pairs)
    return f"VALUES (?{a} ?{b}) {{ {rows} }}"


def _updates(r: Rules) -> list[str]:
    """The SPARQL updates, in the order that lets later rules see earlier results."""
    updates = [
        # Inverses and chains first, so their results also get their super-properties.
        "INSERT { GRAPH ?g { ?o ?q ?s } } WHERE { " + _values(r.inverses, "p", "q")
        + " GRAPH ?g { ?s ?p ?o } }",
    ]
    for result, steps in r.chains:
        pattern, var = [], "?x0"
        for i, (prop, inverse) in enumerate(steps, start=1):
            nxt = f"?x{i}"
            pattern.append(f"{nxt} <{prop}> {var} ." if inverse else f"{var} <{prop}> {nxt} .")
            var = nxt
        updates.append(f"INSERT {{ GRAPH ?g {{ ?x0 <{result}> {var} }} }} "
                       f"WHERE {{ GRAPH ?g {{ {' '.join(pattern)} }} }}")
    updates += [
        "INSERT { GRAPH ?g { ?s ?q ?o } } WHERE { " + _values(r.superproperties, "p", "q")
        + " GRAPH ?g { ?s ?p ?o } }",
        f"INSERT {{ GRAPH ?g {{ ?x <{RDF_TYPE}> ?sup }} }} WHERE {{ "
        + _values(r.superclasses, "c", "sup") + f" GRAPH ?g {{ ?x <{RDF_TYPE}> ?c }} }}",
        f"INSERT {{ GRAPH ?g {{ ?x <{WDT_P31}> ?q }} }} WHERE {{ "
        + _values(r.wikidata_classes, "c", "q") + f" GRAPH ?g {{ ?x <{RDF_TYPE}> ?c }} }}",
    ]
    return updates


def materialise(store: ox.Store) -> int:
    """Add every entailment of the data in ``store`` (all named graphs); return how many quads were added.

    Meant for a scratch or staging store holding the data being loaded, not the ontology graph.
    """
    before = len(store)
    for update in rules().updates:
        store.update(update)
    store.extend(_date_bounds(store))
    return len(store) - before


def _date_bounds(store: ox.Store) -> list[ox.Quad]:
    """tv:earliest / tv:latest / tv:datePrecision for every tv:date of known datatype."""
    quads = []
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
