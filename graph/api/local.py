"""``tvkg.open``: the graph in a store on this machine, read in this process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import networkx as nx
import pyoxigraph as ox
import rdflib

from tvkg.api.base import Graph
from tvkg.api.records import Entity, Resolution, entity_record
from tvkg.api.results import Results
from tvkg.entities import search
from tvkg.entities.search import Hit
from tvkg.identity import merge
from tvkg.query import execute
from tvkg.relations import questions
from tvkg.relations.export import node_link
from tvkg.relations.questions import Collaborator, Connection, Ranked, Separation
from tvkg.shared import functions as tvf
from tvkg.store.generations import Store, default_store_path


class LocalGraph(Graph):
    """A tvkg store opened read-only; a server may be serving it at the same time, and writes made
    meanwhile (by ``tvkg load`` or the server) are seen by the next call."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.location = Path(path) if path is not None else default_store_path()
        self.store = Store.open(self.location, read_only=True)

    def __repr__(self) -> str:
        return f"<tvkg.open({str(self.location)!r})>"

    def sparql(self, query: str, *, merged: bool = False, as_of: str | None = None) -> Results | bool | rdflib.Graph:
        result = execute.run(self.store, query, merged=merged, as_of=as_of, functions=tvf.functions(self.store))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            return Results.from_json(json.loads(cast(bytes, result.serialize(format=ox.QueryResultsFormat.JSON))))
        return rdflib.Graph().parse(data=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), format="nt")

    def entity(self, name: str) -> Entity:
        return Entity.from_document(entity_record(self.store, questions.resolve(self.store, name)))

    def search(self, text: str, limit: int = 10) -> list[Hit]:
        return search.search(self.store, text, limit=limit)

    def path(self, a: str, b: str, k: int = 1, hubs: bool = False) -> list[Connection]:
        return questions.connections(self.store, a, b, k, hubs=hubs)

    def separation(self, a: str, b: str) -> Separation | None:
        return questions.separation(self.store, a, b)

    def separations(self, person: str) -> dict[int, int]:
        return questions.separation_distribution(self.store, person)

    def rank(self, measure: str = "degree", kind: str | None = None, top: int = 10) -> list[Ranked]:
        return questions.rank(self.store, measure, kind, top)

    def collaborators(self, person: str, top: int = 10) -> list[Collaborator]:
        return questions.collaborators(self.store, person, top)

    def projection(self, name: str = "collaboration") -> nx.Graph:
        return nx.node_link_graph(node_link(self.store, name), edges="edges")

    def resolution(self, top: int = 300) -> Resolution:
        self.store.refresh()
        found = merge.resolution(self.store)
        return Resolution(found.merges, found.candidates[:top], found.rejections)

    def close(self) -> None:
        self.store.close()
