"""SPARQL extension functions over the networkx projections, usable in FILTER, BIND and ORDER BY.

    PREFIX tvf: <https://w3id.org/tvkg/function#>   (declared for every query)

* ``tvf:distance(?a, ?b)``: hops between two entities in the entity graph (xsd:integer);
* ``tvf:separation(?a, ?b)``: degrees of separation between two people over shared productions;
* ``tvf:degree(?x)``, ``tvf:pagerank(?x)``, ``tvf:betweenness(?x)``: centrality of a person or a
  production in the credits graph (xsd:integer / xsd:double).

A function whose arguments are not entities of the right projection, or which are not connected,
returns nothing, which leaves the variable unbound (BIND) or the row out (FILTER), as SPARQL does
with an expression error. Any IRI of a merged entity stands for the whole entity (one node).
Projections and centrality scores are computed once per store generation, in the process that
runs the query.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pyoxigraph as ox

from graph.relations.projections import reading
from graph.store.generations import Store
from ontology.namespaces import FUNCTION

XSD = "http://www.w3.org/2001/XMLSchema#"
Function = Callable[..., ox.Literal | None]


def functions(store: Store) -> dict[ox.NamedNode, Function]:
    """The extension functions, bound to ``store`` (projections are built on their first call)."""
    def distance(graph_name: str) -> Function:
        def call(a: ox.Term, b: ox.Term) -> ox.Literal | None:
            with reading(store) as built:
                graph = getattr(built, graph_name)
                if not (isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)):
                    return None
                start, end = built.clusters.of(a.value), built.clusters.of(b.value)  # merged: one node
                if start not in graph or end not in graph:
                    return None
                try:
                    return ox.Literal(str(nx.shortest_path_length(graph, start, end)),
                                      datatype=ox.NamedNode(XSD + "integer"))
                except nx.NetworkXNoPath:
                    return None
        return call

    def centrality(measure: str) -> Function:
        def call(x: ox.Term) -> ox.Literal | None:
            with reading(store) as built:
                scores = built.centrality(measure)
                node = built.clusters.of(x.value) if isinstance(x, ox.NamedNode) else None
            if node not in scores:
                return None
            value = scores[node]
            if measure == "degree":
                return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
            return ox.Literal(repr(float(value)), datatype=ox.NamedNode(XSD + "double"))
        return call

    return {ox.NamedNode(str(FUNCTION) + "distance"): distance("entities"),
            ox.NamedNode(str(FUNCTION) + "separation"): distance("collaboration"),
            **{ox.NamedNode(str(FUNCTION) + m): centrality(m) for m in ("degree", "pagerank", "betweenness")}}
