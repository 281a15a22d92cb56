"""What a store holds (for ``tvkg stats``, the home page and VoID) and whole-dataset export."""

from __future__ import annotations

import functools
from typing import Any, BinaryIO, cast

import pyoxigraph as ox

from tvkg.ontology import ONTOLOGY_FILE
from tvkg.ontology.namespaces import PREFIXES, TV, compact
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.store.generations import Store

_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def collect(store: Store) -> dict[str, Any]:
    """Quads, distinct triples, graphs (with their sizes), tvkg entities per class and bytes on disk.
    One scan of the named graphs; in an Oxigraph store the default graph (the merge) holds whatever
    else the store holds, while another SPARQL server is asked for it (Virtuoso counts its own graphs)."""
    per_graph = {row["g"].value: int(row["n"].value) for row in cast(ox.QuerySolutions, store.ox.query(_PER_GRAPH))}
    if store.direct:
        count = cast(ox.QuerySolutions, store.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        triples = int(next(iter(count))["n"].value)
        quads, graphs = len(store) - triples, len(store.named_graphs())
    else:
        quads = sum(per_graph.values())
        triples, graphs = len(store) - quads, len(per_graph)
    return {
        "store": store.url or (str(store.generation.parent) if store.generation else "(in memory)"),
        "quads": quads,  # in named graphs; the default graph holds their merge
        "triples": triples,
        "graphs": graphs,
        "per_graph": per_graph,
        "classes": _classes(store),
        "disk_bytes": store.disk_size(),
    }


def _classes(store: Store) -> dict[str, int]:
    """Entities per tvkg class, largest first: one index lookup per class of the ontology (a query
    grouping every rdf:type would also walk the schema.org, Wikidata and BBC types inference adds)."""
    counts = {compact(c.value): sum(1 for _ in store.ox.quads_for_pattern(None, RDF_TYPE, c, ox.DefaultGraph()))
              for c in _tv_classes()}
    return dict(sorted(((c, n) for c, n in counts.items() if n), key=lambda item: (-item[1], item[0])))


@functools.cache
def _tv_classes() -> tuple[ox.NamedNode, ...]:
    owl_class = ox.NamedNode(PREFIXES["owl"] + "Class")
    return tuple(sorted({q.subject for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
                         if q.predicate == RDF_TYPE and q.object == owl_class and isinstance(q.subject, ox.NamedNode)
                         and q.subject.value.startswith(str(TV))}, key=str))


def export(store: Store, output: BinaryIO, fmt: ox.RdfFormat) -> None:
    """Write the named graphs (N-Quads, TriG) or their merge (Turtle, N-Triples) to ``output``.

    The default graph is not written as such: it is derived, and a load rebuilds it.
    """
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        named = (q for q in store.ox if not isinstance(q.graph_name, ox.DefaultGraph))
        ox.serialize(named, output, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)
        return
    store.ox.dump(output, format=fmt, from_graph=ox.DefaultGraph(),
                  prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
