"""rdflib's in-memory Dataset behind tvkg: ``Store.rdflib()``, for tests of code that must not
depend on Oxigraph, and to show the store is pluggable.

``RdflibStore`` offers the same part of pyoxigraph's ``Store`` API as tvkg.store.remote.RemoteStore:
pattern lookups and queries answered by rdflib (results handed back as pyoxigraph result objects,
through their JSON / N-Triples serializations), and writes straight into the Dataset. Like a remote
store it is written as it goes (no generations), and it is much slower than Oxigraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast, overload

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import IdentifiedNode, Node

from tvkg.errors import QueryError
from tvkg.store.foreign import ForeignStore, as_query_triples, prologue
from tvkg.store.sparql_text import query_form


@overload
def to_rdflib(term: ox.NamedNode) -> URIRef: ...
@overload
def to_rdflib(term: ox.NamedNode | ox.BlankNode) -> IdentifiedNode: ...
@overload
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node: ...
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)  # keep the lexical form
    raise TypeError(f"no rdflib term for {term!r}")


@overload
def to_ox(term: URIRef) -> ox.NamedNode: ...
@overload
def to_ox(term: IdentifiedNode) -> ox.NamedNode | ox.BlankNode: ...
@overload
def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal: ...
def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"no pyoxigraph term for {term!r}")


class RdflibStore(ForeignStore):
    """pyoxigraph's Store API (the part tvkg uses) over an rdflib Dataset in memory."""

    def __init__(self) -> None:
        self.dataset = Dataset()

    def _context(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> IdentifiedNode:
        return DATASET_DEFAULT_GRAPH_ID if isinstance(graph, ox.DefaultGraph) else to_rdflib(graph)

    def _graph(self, context: IdentifiedNode) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
        return ox.DefaultGraph() if context == DATASET_DEFAULT_GRAPH_ID else to_ox(context)

    # -- reading -----------------------------------------------------------------------------

    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None, base_iri: str | None = None,
              **_: object) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            result = self.dataset.query(prologue(prefixes, base_iri) + sparql)
        except Exception as error:  # rdflib raises pyparsing's and its own errors alike
            raise QueryError(f"rdflib could not run the query: {error}") from None
        if query_form(sparql) in ("CONSTRUCT", "DESCRIBE"):
            return as_query_triples(cast(bytes, result.serialize(format="nt")))  # bytes: no destination given
        return ox.parse_query_results(result.serialize(format="json"), format=ox.QueryResultsFormat.JSON)

    def quads_for_pattern(self, subject: ox.NamedNode | ox.BlankNode | ox.Triple | None,
                          predicate: ox.NamedNode | None,
                          obj: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None,
                          graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
                          ) -> Iterator[ox.Quad]:
        pattern = tuple(None if t is None else to_rdflib(t) for t in (subject, predicate, obj))
        wanted = None if graph_name is None else self._context(graph_name)
        graphs = self.dataset.graphs() if wanted is None else [self.dataset.graph(wanted)]
        for graph in graphs:
            for s, p, o in graph.triples(pattern):  # type: ignore[arg-type]  # three terms, from a generator
                # rdflib types each position of a triple as any Node
                yield ox.Quad(to_ox(cast(IdentifiedNode, s)), to_ox(cast(URIRef, p)), to_ox(o),
                              self._graph(graph.identifier))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        for graph in self.dataset.graphs():
            if graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph):
                yield to_ox(graph.identifier)

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return len(self.dataset.graph(to_rdflib(graph))) > 0

    # -- writing -----------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
               **_: object) -> None:
        self.dataset.update(prologue(prefixes, base_iri) + sparql)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self.dataset.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                           self.dataset.graph(self._context(q.graph_name))) for q in quads)

    def remove(self, quad: ox.Quad) -> None:
        self.dataset.remove((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                             self.dataset.graph(self._context(quad.graph_name))))

    def add_graph(self, graph: ox.NamedNode) -> None:
        self.dataset.graph(to_rdflib(graph))

    def clear_graph(self, graph: ox.NamedNode) -> None:
        self.dataset.graph(to_rdflib(graph)).remove((None, None, None))

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.dataset.remove_graph(to_rdflib(graph))
