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

import functools
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import cast

import pyoxigraph as ox

from tvkg.ontology import ONTOLOGY_FILE
from tvkg.ontology.dates import PartialDate
from tvkg.ontology.namespaces import TV
from tvkg.ontology.vocabulary import RDF_TYPE, XSD
from tvkg.store.generations import merged

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
    result: set[tuple[str, str]] = set()
    for start in up:
        seen: set[str] = set()
        todo = list(up[start])
        while todo:
            node = todo.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            todo.extend(up.get(node, ()))
        result.update((start, s) for s in seen)
    return result


def _select(store: ox.Store, query: str) -> list[tuple[str, str]]:
    """The rows of a query that selects two terms (as every caller's does), as their values."""
    return [(a.value, b.value) for a, b in cast(ox.QuerySolutions, store.query(query))]


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

    def one(subject: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, predicate: ox.NamedNode
            ) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
        assert not isinstance(subject, ox.Literal)  # the ontology's chain lists hold IRIs and lists
        return next(onto.quads_for_pattern(subject, predicate, None)).object

    chains = []
    for axiom in onto.quads_for_pattern(None, ox.NamedNode(owl + "propertyChainAxiom"), None):
        steps, cell = [], axiom.object
        while cell != nil:
            step = one(cell, first)
            if isinstance(step, ox.BlankNode):
                inverse = one(step, inverse_of)
                assert isinstance(inverse, ox.NamedNode)  # (owl:inverseOf names a property)
                steps.append((inverse.value, True))
            else:
                assert isinstance(step, ox.NamedNode)
                steps.append((step.value, False))
            cell = one(cell, rest)
        assert isinstance(axiom.subject, ox.NamedNode)
        chains.append((axiom.subject.value, tuple(steps)))
    return chains


def _grouped(pairs: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for a, b in pairs:
        grouped.setdefault(a, []).append(b)
    return grouped


def _values(*rows: tuple[str, ...]) -> str:
    """A VALUES block binding ?p (and ?o when rows are pairs) to IRIs."""
    if len(rows[0]) == 1:
        return "VALUES ?p { " + " ".join(f"<{row[0]}>" for row in rows) + " }"
    return "VALUES (?p ?o) { " + " ".join("(" + " ".join(f"<{t}>" for t in row) + ")" for row in rows) + " }"


def rule_queries(graphs: Iterable[str] | None = None) -> list[str]:
    """Each rule as one SELECT ?s ?p ?o ?g over the store: the derived quads themselves.

    One index scan per property or class the ontology mentions, so the cost grows with the
    matching data, not with rules times data; VALUES makes the copies under each super-property
    inside Oxigraph. Inverses and chains also carry their super-properties. ``graphs`` limits the
    rules to those named graphs: an entailment lives in the graph of its premises, so a write that
    added graphs needs only their entailments.
    """
    scope = _scope(graphs) + "GRAPH ?g {"
    return [q.replace("GRAPH ?g {", scope, 1) for q in _rule_queries()]


def _scope(graphs: Iterable[str] | None) -> str:
    """A VALUES block binding ?g to ``graphs`` ("" for every graph)."""
    return "" if graphs is None else "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "


@functools.cache
def _rule_queries() -> list[str]:
    r = rules()
    supers = _grouped(r.superproperties)
    queries = []
    for prop, inverses in _grouped(r.inverses).items():
        targets = sorted({t for inverse in inverses for t in [inverse, *supers.get(inverse, ())]})
        queries.append(f"SELECT ?s ?p ?o ?g WHERE {{ {_values(*[(t,) for t in targets])} "
                       f"GRAPH ?g {{ ?o <{prop}> ?s }} FILTER(!isLiteral(?s)) }}")
    for result, steps in r.chains:
        names = ["?s", *(f"?x{i}" for i in range(1, len(steps))), "?o"]
        pattern = [f"{b} <{prop}> {a} ." if inverse else f"{a} <{prop}> {b} ."
                   for (prop, inverse), a, b in zip(steps, names[:-1], names[1:], strict=True)]
        targets = [result, *supers.get(result, ())]
        queries.append(f"SELECT ?s ?p ?o ?g WHERE {{ {_values(*[(t,) for t in targets])} "
                       f"GRAPH ?g {{ {' '.join(pattern)} }} }}")
    for prop, sups in supers.items():
        queries.append(f"SELECT ?s ?p ?o ?g WHERE {{ {_values(*[(t,) for t in sups])} GRAPH ?g {{ ?s <{prop}> ?o }} }}")
    classes, wikidata = _grouped(r.superclasses), _grouped(r.wikidata_classes)
    for cls in sorted(set(classes) | set(wikidata)):
        items = sorted({q for c in [cls, *classes.get(cls, [])] for q in wikidata.get(c, [])})
        pairs = [(RDF_TYPE.value, t) for t in classes.get(cls, ())] + [(WDT_P31, item) for item in items]
        queries.append(f"SELECT ?s ?p ?o ?g WHERE {{ {_values(*pairs)} GRAPH ?g {{ ?s <{RDF_TYPE.value}> <{cls}> }} }}")
    return queries


BLANKS = " FILTER(isBlank(?s) || isBlank(?o) || isBlank(?g)) }"
# Oxigraph's TSV writes xsd:integer, decimal, double and boolean literals bare, as Turtle allows and
# N-Quads does not: only an object can be one (subjects, predicates and graphs never are).
_BARE = re.compile(rb"\t(true|false|[+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\t")
_BLANK_LINE = re.compile(rb"^(?:[^\n]*\t)?_:[^\n]*\n", re.MULTILINE)
_LAST_FIELD = re.compile(rb"\t[^\t\n]*\n")


def _typed(match: re.Match[bytes]) -> bytes:
    text = match.group(1)
    kind = (b"boolean" if text in (b"true", b"false") else b"double" if b"e" in text.lower()
            else b"decimal" if b"." in text else b"integer")
    return b'\t"' + text + b'"^^<' + XSD.encode() + kind + b">\t"


@dataclass
class _Derived:
    """What one rule derives: N-Quads text for its named graphs and N-Triples for the default graph,
    and as objects the quads with a blank node (a parser would rename those)."""

    named: bytes = b""
    default: bytes = b""
    blank: list[ox.Quad] = field(default_factory=list)


def _derive(store: ox.Store, query: str) -> _Derived:
    """Run one rule; Oxigraph's TSV serializer writes its terms in N-Triples syntax, one solution a
    line, so turning solutions into N-Quads is a few byte-level passes, not a Python object per quad."""
    solutions = cast(ox.QuerySolutions, store.query(query))
    rows = cast(bytes, solutions.serialize(format=ox.QueryResultsFormat.TSV))  # (bytes: no output given)
    rows = rows[rows.index(b"\n") + 1:]  # the header line
    if not rows:
        return _Derived()
    blank = []
    if b"_:" in rows:  # (or a literal that holds "_:"; the query below then finds nothing)
        rows = _BLANK_LINE.sub(b"", rows)
        blank = [ox.Quad(row["s"], row["p"], row["o"], row["g"])
                 for row in cast(ox.QuerySolutions, store.query(query[:-1] + BLANKS))]
    if _BARE.search(rows):
        rows = _BARE.sub(_typed, rows)
    return _Derived(rows.replace(b"\n", b" .\n"), _LAST_FIELD.sub(b" .\n", rows), blank)


def entailments(store: ox.Store, graphs: Iterable[str] | None = None) -> Iterator[ox.Quad]:
    """Every quad the rules derive from ``store`` (or from its ``graphs``), each in the graph of the
    quad it follows from, as objects: the reference that materialise's bulk path is tested against,
    and the path for a store kept in another SPARQL server."""
    for query in rule_queries(graphs):
        for row in cast(ox.QuerySolutions, store.query(query)):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])
    yield from _date_bounds(store, graphs)


def with_entailments(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` and what the rules derive from them. For a write of whole named graphs (a merge, a
    curator's decision, an article's claims): an entailment lives in the graph of its premises, so
    such a graph's entailments need nothing else from the store."""
    quads = list(quads)
    scratch = ox.Store()
    scratch.extend(quads)
    return [*quads, *(set(entailments(scratch)) - set(quads))]


def materialise(store: ox.Store, bulk: bool = False, graphs: Iterable[str] | None = None) -> int:
    """Add every entailment of the data in ``store``, in its named graph and in the default graph
    (the merge); return how many new quads that made. ``graphs``: only the entailments of those
    named graphs (what a write just added), not the whole store's.

    All derived quads are computed before any is written (a rule never sees another's output: the
    rules are ordered so that none needs to). ``bulk`` writes with Oxigraph's non-transactional bulk
    loader: only for a store that is thrown away on failure (a scratch store, or the staging
    generation of a bulk load).
    """
    graphs = None if graphs is None else sorted(set(graphs))
    if graphs == []:
        return 0
    before = len(store)
    if not _is_oxigraph(store):  # another SPARQL server (or rdflib): quads as objects, one write
        derived = list(entailments(store, graphs))
        store.extend([*derived, *merged(derived)])
        return len(store) - before
    blank: list[ox.Quad] = []
    dated = _date_bounds(store, graphs)  # from the data as loaded, like every rule
    # Each rule's text goes to a spill file as it comes (at 1M triples the rules derive 6M quads,
    # about 1 GB of N-Quads), then into the store in one load.
    with tempfile.TemporaryFile(prefix="tvkg-inferred-") as spill, \
            ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as threads:  # Oxigraph evaluates without the GIL
        for done in as_completed([threads.submit(_derive, store, query) for query in rule_queries(graphs)]):
            rule = done.result()
            spill.write(rule.named)
            spill.write(rule.default)  # N-Quads: a line without a graph is a triple of the default graph
            blank += rule.blank
        if spill.tell():
            spill.seek(0)
            (store.bulk_load if bulk else store.load)(spill, format=ox.RdfFormat.N_QUADS)
    objects = blank + dated
    objects += list(merged(objects))
    if bulk:
        store.bulk_extend(objects)
    else:
        store.extend(objects)
    return len(store) - before


def _is_oxigraph(store: object) -> bool:
    """Whether ``store`` (or the staging generation wrapping one) is an embedded Oxigraph store."""
    return isinstance(getattr(store, "backend", store), ox.Store)


def _date_bounds(store: ox.Store, graphs: Iterable[str] | None = None) -> list[ox.Quad]:
    """tv:earliest / tv:latest / tv:datePrecision for every tv:date of known datatype."""
    quads: list[ox.Quad] = []
    query = f"SELECT ?g ?x ?d WHERE {{ {_scope(graphs)}GRAPH ?g {{ ?x <{TV.date}> ?d }} }}"
    for row in cast(ox.QuerySolutions, store.query(query)):
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
    """(earliest day, latest day, precision concept IRI) of an xsd:date, gYearMonth or gYear literal;
    None for any other term or a value its datatype does not allow."""
    date = PartialDate.from_literal(literal)
    return None if date is None else (date.start.isoformat(), date.end.isoformat(), date.precision_concept)
