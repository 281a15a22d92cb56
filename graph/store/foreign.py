"""What the stores tvkg does not run itself (tvkg.store.remote, tvkg.store.rdflib_backend) share: the part of
pyoxigraph's ``Store`` API that follows from pattern lookups and writes, and the translation of
tvkg's query options into query text and of graph results back into pyoxigraph objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, cast

import pyoxigraph as ox

from tvkg.ontology.namespaces import PREFIXES
from tvkg.store.formats import into_graph


class ForeignStore:
    """A base for stores written as they go; subclasses provide ``quads_for_pattern`` and ``extend``."""

    def quads_for_pattern(self, subject: ox.NamedNode | ox.BlankNode | ox.Triple | None,
                          predicate: ox.NamedNode | None,
                          obj: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None,
                          graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
                          ) -> Iterator[ox.Quad]:
        raise NotImplementedError

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        raise NotImplementedError

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        self.extend(quads)

    def add(self, quad: ox.Quad) -> None:
        self.extend([quad])

    def __contains__(self, quad: ox.Quad) -> bool:
        return next(iter(self.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)),
                    None) is not None

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self.quads_for_pattern(None, None, None))

    def bulk_load(self, input: bytes | str | IO[bytes] | IO[str] | None = None, format: ox.RdfFormat | None = None, *,
                  to_graph: ox.NamedNode | None = None, **_: object) -> None:
        """Parse here and add (the store is not handed the file to read itself)."""
        quads = ox.parse(input, format=format)
        self.extend(quads if to_graph is None else (into_graph(q, to_graph) for q in quads))

    def flush(self) -> None:
        """Each write is already done when its call returns."""


def prologue(prefixes: dict[str, str] | None, base_iri: str | None) -> str:
    """Declarations a query may rely on without writing them (the other store has no defaults)."""
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {p}: <{iri}>" for p, iri in (prefixes or PREFIXES).items()]
    return "\n".join(lines) + "\n"


def as_query_triples(ntriples: bytes) -> ox.QueryTriples:
    """pyoxigraph has no constructor for a graph result: load the triples into a scratch store and
    CONSTRUCT them back out."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                   for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    return cast(ox.QueryTriples, scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
