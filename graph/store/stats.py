"""What a store holds (for ``tvkg stats``, the home page and VoID) and whole-dataset export."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from tvkg.ontology.namespaces import PREFIXES, TV, compact
from tvkg.store.generations import Store

_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  ?x a ?class . FILTER(STRSTARTS(STR(?class), "{TV}"))
}} GROUP BY ?class ORDER BY DESC(?n) ?class"""


def collect(store: Store) -> dict:
    """Quads, distinct triples, graphs, tvkg entities per class and bytes on disk."""
    triples = int(next(iter(store.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    classes = {compact(row["class"].value): int(row["n"].value) for row in store.ox.query(_CLASS_COUNTS)}
    return {
        "store": store.url or (str(store.generation.parent) if store.generation else "(in memory)"),
        "quads": len(store) - triples,  # in named graphs; the default graph holds their merge
        "triples": triples,
        "graphs": len(store.named_graphs()),
        "classes": classes,
        "disk_bytes": store.disk_size(),
    }


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
