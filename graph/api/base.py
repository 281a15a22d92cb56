"""The methods ``tvkg.open`` and ``tvkg.connect`` share: one ``Graph``, two ways of reaching it."""

from __future__ import annotations

import abc
from typing import Any

import networkx as nx
import rdflib

from tvkg.api.records import Entity, Resolution
from tvkg.api.results import Results
from tvkg.entities.search import Hit
from tvkg.relations.questions import Collaborator, Connection, Ranked, Separation


class Graph(abc.ABC):
    """tvkg's knowledge graph, in a store on this machine (``tvkg.open``) or behind a running tvkg
    server (``tvkg.connect``). Both answer the same questions with the same Python objects.

    Entities are named by IRI or by any of their names, in any romanisation tvkg knows ("Park
    Ji-hu", "park jihu"); a name nothing has raises ``UnknownEntity`` (with ``.suggestions``), a
    name several entities share raises ``AmbiguousName`` (with ``.candidates``), never a guess.
    Use it in a ``with`` block, or call ``close()``."""

    @abc.abstractmethod
    def sparql(self, query: str, *, merged: bool = False, as_of: str | None = None) -> Results | bool | rdflib.Graph:
        """Run a SPARQL query: ``Results`` for SELECT, ``bool`` for ASK, an ``rdflib.Graph`` for
        CONSTRUCT and DESCRIBE. tvkg's prefixes (tv:, person:, show:, schema:, wd: ...) need no
        PREFIX lines.

        ``merged=True`` queries the merged view, where an entity several sources describe has one
        IRI. ``as_of="YYYY-MM-DD"`` sees only the claims stated by that day (announcements and
        their sources), the way a reader of the news saw them then."""

    @abc.abstractmethod
    def entity(self, name: str) -> Entity:
        """Everything the graph says about one entity: names in every language, types, statements
        each with the sources that state them, links pointing at it, the IRIs merged into it."""

    @abc.abstractmethod
    def search(self, text: str, limit: int = 10) -> list[Hit]:
        """Entities whose names match ``text`` (any spelling or romanisation), best first."""

    @abc.abstractmethod
    def path(self, a: str, b: str, k: int = 1, hubs: bool = False) -> list[Connection]:
        """The ``k`` shortest connections between two entities, each hop with its facts and a
        sentence saying it ("Park Ji-hu plays Nam On-jo in All of Us Are Dead"); [] if none.
        Through people, productions, characters and source works; ``hubs=True`` also through
        places, organisations and categories."""

    @abc.abstractmethod
    def separation(self, a: str, b: str) -> Separation | None:
        """Degrees of separation between two people over the productions they share, with the
        chain of people and the shared productions of each hop; None when they are unconnected."""

    @abc.abstractmethod
    def separations(self, person: str) -> dict[int, int]:
        """How many people are at each number of degrees from ``person`` (0: the person)."""

    @abc.abstractmethod
    def rank(self, measure: str = "degree", kind: str | None = None, top: int = 10) -> list[Ranked]:
        """Centrality over the credits graph: ``measure`` is degree, pagerank or betweenness (sampled
        on large graphs); ``kind`` is None, "Person" or "Production". Best first."""

    @abc.abstractmethod
    def collaborators(self, person: str, top: int = 10) -> list[Collaborator]:
        """The people ``person`` shares the most productions with, and which productions."""

    @abc.abstractmethod
    def projection(self, name: str = "collaboration") -> nx.Graph:
        """A copy of one of tvkg's networkx projections, for your own analysis:

        - "collaboration": people linked when they share a production (``weight``, ``productions``)
        - "credits": people and productions (``kind``), linked by ``credits`` (role, character)
        - "entities": every entity, linked by the object properties between them (``facts``)
        - "works": a directed graph of source works, adaptations, seasons, episodes, characters

        Nodes are IRIs, each with its ``label``; an entity several sources describe is one node, under
        its merged IRI."""

    @abc.abstractmethod
    def resolution(self, top: int = 300) -> Resolution:
        """Entity resolution's merges with their reasons, its ``top`` candidates (pairs sharing only
        a name, kept apart until a curator decides) and the curators' rejections."""

    @abc.abstractmethod
    def close(self) -> None:
        """Let go of the store or the connection."""

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
