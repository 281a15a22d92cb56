"""SPARQL extension functions over the networkx projections, usable in FILTER, BIND and ORDER BY.

    PREFIX tvf: <https://w3id.org/tvkg/function#>   (declared for every query)

* ``tvf:distance(?a, ?b)``: hops between two entities in the entity graph (xsd:integer), through
  people, productions, characters and source works; ``tvf:distance(?a, ?b, true)`` also through
  places, organisations and categories (hubs that connect everything);
* ``tvf:separation(?a, ?b)``: degrees of separation between two people over shared productions;
* ``tvf:degree(?x)``, ``tvf:pagerank(?x)``, ``tvf:betweenness(?x)``: centrality of a person or a
  production in the credits graph (xsd:integer / xsd:double).

A function whose arguments are not entities of the right projection, or which are not connected,
returns nothing, which leaves the variable unbound (BIND) or the row out (FILTER), as SPARQL does
with an expression error. Any IRI of a merged entity stands for the whole entity (one node).
Under ``tvkg serve`` the shared process answers them (tvkg.shared.process): one copy of the
projections per server; a query process fetches each measure's scores once per store generation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tvkg.ontology.namespaces import FUNCTION
from tvkg.ontology.vocabulary import XSD
from tvkg.shared import process
from tvkg.store.generations import Store

if TYPE_CHECKING:
    from tvkg.query.execute import Functions

Function = Callable[..., ox.Literal | None]
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # an argument (pyoxigraph names no such union)


_known: dict[tuple[str, str], tuple[dict[str, float], dict[str, str]]] = {}  # this process's copy, per generation


def functions(store: Store) -> Functions:
    """The extension functions, bound to ``store``: answered by the server's shared process, or
    (without one) from projections built here on their first call."""
    def distance(graph_name: str) -> Function:
        def call(a: _Term, b: _Term, hubs: _Term | None = None) -> ox.Literal | None:
            if not (isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)):
                return None
            through = isinstance(hubs, ox.Literal) and hubs.value in ("true", "1")
            hops = process.ask(process.distance, store, graph_name, a.value, b.value, through)
            return None if hops is None else ox.Literal(str(hops), datatype=ox.NamedNode(XSD + "integer"))
        return call

    def centrality(measure: str) -> Function:
        def call(x: _Term) -> ox.Literal | None:
            key = (store.generation_key, measure)
            if key not in _known:  # every node's scores: fetched once per generation and measure
                if len(_known) > 8:  # older generations' scores
                    _known.clear()
                _known[key] = process.ask(process.scores, store, measure)
            scores, merged = _known[key]
            node = merged.get(x.value, x.value) if isinstance(x, ox.NamedNode) else None
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
