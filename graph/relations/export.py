"""A projection handed to a researcher whole, as networkx node-link data: the public face of the
relationship layer (tvkg.open().projection(), /api/projection/<name>), with every fact and credit on
its edges. Built from the networkx projections; a size limit is checked on the compact graphs first,
so a server refuses a projection too large to send without building it."""

from __future__ import annotations

import dataclasses
from typing import Any

import networkx as nx
import pyoxigraph as ox

from tvkg.entities.description import Labels
from tvkg.errors import TvkgError
from tvkg.relations import compact
from tvkg.relations.projections import PROJECTIONS, Credit, TooLarge, reading
from tvkg.store.generations import Store


def node_link(store: Store, name: str, most_edges: int = 0) -> dict[str, Any]:
    """One projection as networkx node-link data with plain JSON values (Credit as a dict, lists for
    tuples and sets) and each node's ``label``: what a researcher's own analysis starts from, the same
    from a store or a server. TooLarge past ``most_edges`` edges (0: any number)."""
    if name not in PROJECTIONS:
        raise TvkgError(f"unknown projection {name!r}; use one of {', '.join(PROJECTIONS)}")
    if most_edges and name in compact.GRAPHS:  # known too large before a networkx graph is built
        _within(name, getattr(compact.layer(store), name).edges, most_edges)
    with reading(store) as built:
        graph = getattr(built, name)
        if most_edges:
            _within(name, graph.number_of_edges(), most_edges)
        data: dict[str, Any] = _plain(nx.node_link_data(graph, edges="edges"))
    labels = Labels(store)
    labels.prefetch([ox.NamedNode(node["id"]) for node in data["nodes"]])
    for node in data["nodes"]:  # a label on every node: what a plot or a table of results shows
        node["label"] = labels.text(ox.NamedNode(node["id"]))
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, Credit):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in (sorted(value) if isinstance(value, set | frozenset) else value)]
    return value


def _within(name: str, edges: int, most_edges: int) -> None:
    if edges > most_edges:
        raise TooLarge(f"the {name} projection has {edges:,} edges, more than this server "
                       f"sends ({most_edges:,}, TVKG_MAX_ROWS); open the store itself with tvkg.open()")
