"""The writes a server hands to its writer process (tvkg.query.pool.WriteJob): a SPARQL Update, and
the Graph Store Protocol's PUT, POST and DELETE of one graph. Each runs itself there."""

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
class PutGraph(WriteJob):
    """Graph Store PUT: ``graph`` (None: the default graph's own triples) holds exactly ``data``."""

    graph: str | None
    data: bytes
    media_type: str

    def run(self, store: Store) -> object:
        return update.replace_graph(store, self.graph or str(update.UPDATES_GRAPH), self.data, self.media_type)


@dataclass(frozen=True)
class PostGraph(WriteJob):
    """Graph Store POST: add ``data`` to ``graph`` (None: the default graph's own triples)."""

    graph: str | None
    data: bytes
    media_type: str

    def run(self, store: Store) -> object:
        return update.add_to_graph(store, self.graph or str(update.UPDATES_GRAPH), self.data, self.media_type)


@dataclass(frozen=True)
class DropGraph(WriteJob):
    """Graph Store DELETE of ``graph`` (None: the default graph's own triples); False if there was none."""

    graph: str | None

    def run(self, store: Store) -> object:
        return update.drop_graph(store, self.graph or str(update.UPDATES_GRAPH))
