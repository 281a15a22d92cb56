"""What a store holds (for ``tvkg stats``, the home page and VoID) and whole-dataset export."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from graph.store import Store
from ontology.namespaces import PREFIXES, TV, compact

_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  ?x a ?class . FILTER(STRSTARTS(STR(?class), "{TV}"))
}} GROUP BY ?class ORDER BY DESC(?n) ?class"""


def collect(store: Store) -> dict:
    """Quads, distinct triples, graphs, tvkg entities per class and bytes on disk."""
    triples = store.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    classes = {compact(row["class"].value): int(row["n"].value)
               for row in store.ox.query(_CLASS_COUNTS, use_default_graph_as_union=True)}
    return {
        "store": str(store.generation.parent) if store.generation else "(in memory)",
        "quads": len(store),
        "triples": int(next(iter(triples))["n"].value),
        "graphs": len(store.named_graphs()),
        "classes": classes,
        "disk_bytes": store.disk_size(),
    }


def export(store: Store, output: BinaryIO, fmt: ox.RdfFormat) -> None:
    """Write every quad (N-Quads, TriG) or the union of all graphs (Turtle, N-Triples) to ``output``."""
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        store.ox.dump(output, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None)
        return
    union = store.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    union.serialize(output, format=fmt)
