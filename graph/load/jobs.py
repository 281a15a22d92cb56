"""The writes a server hands to its writer process (tvkg.query.pool.WriteJob): a SPARQL Update, and
the Graph Store Protocol's PUT or POST (WriteGraph) and DELETE (DropGraph) of one graph. Each runs
itself there."""

from __future__ import annotations

from dataclasses import dataclass

from tvkg.load import update
from tvkg.query.pool import WriteJob
from tvkg.store.generations import Store


@dataclass(frozen=True)
class Update(WriteJob):
    """A SPARQL Update request; ``using``/``using_named`` are the Protocol's using-graph-uri and
    using-named-graph-uri. Returns the number of operations."""

    text: str
    base_iri: str | None = None
    using: list[str] | None = None
    using_named: list[str] | None = None
    allowed_sources: tuple[str, ...] = ()

    def run(self, store: Store) -> object:
        return update.update(store, self.text, base_iri=self.base_iri, using=self.using, using_named=self.using_named,
                             allowed_sources=self.allowed_sources)


@dataclass(frozen=True)
class WriteGraph(WriteJob):
    """Graph Store PUT (``replace``: ``graph`` holds exactly ``data``) or POST (``data`` added to it);
    ``graph`` None is the default graph's own triples. Returns whether the graph is new."""

    graph: str | None
    data: bytes
    media_type: str
    replace: bool

    def run(self, store: Store) -> object:
        write = update.replace_graph if self.replace else update.add_to_graph
        return write(store, _target(self.graph), self.data, self.media_type)


@dataclass(frozen=True)
class DropGraph(WriteJob):
    """Graph Store DELETE of ``graph`` (None: the default graph's own triples); False if there was none."""

    graph: str | None

    def run(self, store: Store) -> object:
        return update.drop_graph(store, _target(self.graph))


def _target(graph: str | None) -> str:
    """The graph a Graph Store write names; the default graph's own triples live in UPDATES_GRAPH."""
    return graph or str(update.UPDATES_GRAPH)
