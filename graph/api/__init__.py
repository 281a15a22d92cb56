"""tvkg's Python API, for notebooks and scripts: ``import tvkg``.

```python
import tvkg

kg = tvkg.open()                        # the store `make run` built (or tvkg.open("path/to/store"))
kg = tvkg.connect("http://127.0.0.1:8080")  # or a running tvkg server: the same methods

shows = kg.sparql("SELECT ?show ?title WHERE { ?show a tv:Show ; skos:prefLabel ?title }")
shows.to_pandas()                       # typed columns: IRIs, language tags, dates with their precision
kg.entity("All of Us Are Dead")         # names in every language, statements with their sources
kg.path("Park Ji-hu", "Yoon Chan-young", k=3)
kg.projection("collaboration")          # a networkx graph for your own analysis
```

In Jupyter, ``%load_ext tvkg`` adds the ``%%sparql`` cell magic (see ``tvkg.api.magic``).
"""

from __future__ import annotations

from pathlib import Path

from tvkg.api.base import Graph
from tvkg.api.local import LocalGraph
from tvkg.api.magic import remember
from tvkg.api.records import Entity, Match, Merge, Resolution, Source, Statement
from tvkg.api.remote import RemoteGraph
from tvkg.api.results import Results
from tvkg.api.terms import IRI, BlankNode, LangString, PartialDate, TypedLiteral
from tvkg.entities.search import AmbiguousName, Hit, UnknownEntity
from tvkg.errors import QueryError, TvkgError
from tvkg.relations.centrality import NotReady
from tvkg.relations.projections import TooLarge
from tvkg.relations.questions import Collaborator, Connection, Node, Ranked, Separation, Step

__all__ = ["IRI", "AmbiguousName", "BlankNode", "Collaborator", "Connection", "Entity", "Graph", "Hit", "LangString",
           "LocalGraph", "Match", "Merge", "Node", "NotReady", "PartialDate", "QueryError", "Ranked", "RemoteGraph",
           "Resolution", "Results", "Separation", "Source", "Statement", "Step", "TooLarge", "TvkgError",
           "TypedLiteral", "UnknownEntity", "connect", "open"]


def open(path: Path | str | None = None) -> LocalGraph:
    """The graph in a tvkg store on this machine, read-only. Without ``path``, the store tvkg uses
    by default (``TVKG_STORE``, else the checkout's ``var/store`` that `make run` builds, else the
    user's data directory that ``tvkg init`` fills)."""
    graph = LocalGraph(path)
    remember(graph)
    return graph


def connect(url: str, timeout: float = 120.0) -> RemoteGraph:
    """The graph behind a running tvkg server (``tvkg serve``, ``make run``) at ``url``."""
    graph = RemoteGraph(url, timeout)
    remember(graph)
    return graph
