"""Check data against ``ontology/shapes.ttl`` with pyshacl, and say what is wrong in words.

The data graph is the union of the new data, the ontology (so sh:class sees subclasses) and what
the store already holds about the entities the new data touches: the rdf:type of every IRI it points
at (so a cast role in a new file may name an actor defined in an earlier one), and the whole
description of every entity it adds to (so a file giving an existing show one more name is judged
with the show's label, type and links, and the types of what those point at). Only the entities
the new data describes are judged: an existing entity it merely points at was checked when it was
written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from tvkg.ontology import ONTOLOGY_FILE, SHAPES_FILE
from tvkg.ontology.namespaces import compact

Violation = tuple[str, str]  # (focus node IRI, sentence)


@functools.cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@functools.cache
def _ontology_quads() -> tuple[ox.Quad, ...]:
    return tuple(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))


def _short(term: object) -> str:
    """A node as a person would write it: prefixed name if a known prefix fits, else <iri>."""
    return compact(str(term)) if isinstance(term, URIRef) else repr(str(term))


def check(data: ox.Store, existing: ox.Store | None = None) -> list[Violation]:
    """Validate the quads in ``data`` (all graphs together); return the violations, empty if none."""
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in data)
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in _ontology_quads())
    described = {q.subject.value for q in data if isinstance(q.subject, ox.NamedNode)}
    if existing is not None:
        union.extend(_context(data, existing))
    graph = Dataset(store=OxigraphStore(store=union)).default_graph
    conforms, report, _ = shacl_validate(graph, shacl_graph=_shapes(), inference="none",
                                         advanced=True, allow_warnings=True)
    if conforms:
        return []
    # an IRI the data only points at is there for its type; its own shape was checked when written
    pointed_at = {q.object.value for q in union if isinstance(q.object, ox.NamedNode)} - described
    return sorted({v for v in _describe(report) if v[0] not in pointed_at or existing is None})


def _context(data: ox.Store, existing: ox.Store) -> Iterable[ox.Quad]:
    """What the store holds that judging ``data`` needs: the descriptions (in the merged default
    graph) of the entities ``data`` adds to, and the rdf:type of everything either points at."""
    default, rdf_type = ox.DefaultGraph(), ox.NamedNode(str(RDF.type))
    subjects = {q.subject for q in data if isinstance(q.subject, ox.NamedNode)}
    pointed = {q.object for q in data if isinstance(q.object, ox.NamedNode)}
    for subject in subjects:
        for q in existing.quads_for_pattern(subject, None, None, default):
            yield q
            if isinstance(q.object, ox.NamedNode):
                pointed.add(q.object)
    for node in pointed - subjects:
        yield from existing.quads_for_pattern(node, rdf_type, None, default)


def _describe(report: Graph) -> Iterable[Violation]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage) or "breaks a shape"
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        sentence = f"{_short(focus)}: {message}"
        if isinstance(path, URIRef):
            sentence += f" (property {_short(path)}"
            sentence += f", value {_short(value)})" if value is not None and value != focus else ")"
        yield str(focus), sentence
