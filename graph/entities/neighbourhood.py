"""An entity's neighbourhood as a small networkx graph laid out for drawing: nodes are entities,
edges are the properties linking them (one hop, both directions, in the project's vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from tvkg.entities.description import Labels
from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.store.generations import Store

MAX_NEIGHBOURS = 24


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    nodes: list[dict[str, object]]  # iri, label, x, y, centre
    edges: list[dict[str, object]]  # x1, y1, x2, y2, label


def neighbourhood(store: Store, iri: str) -> nx.MultiDiGraph:
    """The entity and the entities one property away, edges labelled with the property IRI."""
    graph = nx.MultiDiGraph()
    centre = ox.NamedNode(iri)
    graph.add_node(iri)
    default = ox.DefaultGraph()
    links = [(iri, q.predicate.value, q.object.value) for q in store.ox.quads_for_pattern(centre, None, None, default)
             if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(str(ENTITY))]
    links += [(q.subject.value, q.predicate.value, iri) for q in store.ox.quads_for_pattern(None, None, centre, default)
              if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(ENTITY))]
    for subject, prop, obj in links:
        if not prop.startswith(str(TV)):
            continue
        other = obj if subject == iri else subject
        if other not in graph and graph.number_of_nodes() > MAX_NEIGHBOURS:
            continue
        if not graph.has_edge(subject, obj):
            graph.add_edge(subject, obj, property=prop)
    return graph


def draw(store: Store, iri: str, width: int = 640, height: int = 420) -> Drawing:
    """Positions for an SVG picture: the entity in the middle, its neighbours around it."""
    graph = neighbourhood(store, iri)
    labels = Labels(store)
    labels.prefetch([ox.NamedNode(n) for n in graph.nodes] +
                    [ox.NamedNode(d["property"]) for _, _, d in graph.edges(data=True)])
    others = sorted((n for n in graph.nodes if n != iri), key=lambda n: labels.text(ox.NamedNode(n)))
    layout = nx.shell_layout(graph, nlist=[[iri], others]) if others else {iri: (0.0, 0.0)}
    span = max((max(abs(x), abs(y)) for x, y in layout.values()), default=1.0) or 1.0
    margin = 70

    def place(node: str) -> tuple[float, float]:
        x, y = layout[node]
        return (round(float(width / 2 + x / span * (width / 2 - margin)), 1),
                round(float(height / 2 + y / span * (height / 2 - 30)), 1))

    nodes = [{"iri": n, "label": labels.text(ox.NamedNode(n)), "short": _short(labels.text(ox.NamedNode(n))),
              "x": place(n)[0], "y": place(n)[1], "centre": n == iri} for n in graph.nodes]
    edges = [{"x1": place(a)[0], "y1": place(a)[1], "x2": place(b)[0], "y2": place(b)[1],
              "label": labels.property(d["property"])} for a, b, d in graph.edges(data=True)]
    return Drawing(width, height, nodes, edges)


def _short(label: str, most: int = 26) -> str:
    return label if len(label) <= most else label[:most - 1].rstrip() + "…"
