"""The dataset of what was known on a date: "what did the sources say about season 2's release on
2024-03-01?" (``as_of=YYYY-MM-DD`` on /sparql).

Every claim graph is dated by the announcement that states it (``tv:statedBy``) or the source it
was derived from (``prov:wasDerivedFrom``), through their ``tv:date``. A graph counts as known on
a date when it was certainly stated by then: a date known only to its month or year counts from
that month's or year's last day (so an article dated "2023" is not yet known on 2023-08-01). A
graph with several dates counts from the earliest. Graphs with no date (the curated background
knowledge, imported catalogues) are known on every date. The query's default graph is then the
merge of the known graphs, and ``GRAPH ?g`` sees only them.
"""

from __future__ import annotations

import datetime
import functools

import pyoxigraph as ox

from tvkg.errors import QueryError
from tvkg.load.infer import date_bounds
from tvkg.ontology.namespaces import TV
from tvkg.store.generations import Store

PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
DATED = f"""SELECT ?g ?date WHERE {{
  {{ ?g <{TV.statedBy}> ?by . ?by <{TV.date}> ?date }}
  UNION {{ ?g <{PROV_DERIVED}> ?source . ?source <{TV.date}> ?date }}
}}"""


def parse_date(text: str) -> str:
    """``YYYY-MM-DD``, checked; QueryError naming what is wrong otherwise."""
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise QueryError(f"as_of={text!r} is not a date: give it as YYYY-MM-DD, for example 2024-03-01") from None


EMPTY_GRAPH = "https://w3id.org/tvkg/graph/none"  # a graph no store holds


def dataset(store: Store, date: str) -> list[str] | None:
    """The default (and named) graphs of a query as of ``date`` (YYYY-MM-DD, checked); None when
    every graph was known by then. With no graph known yet, one graph that does not exist, so the
    query sees nothing."""
    known = known_graphs(store, parse_date(date))
    return None if known is None else known or [EMPTY_GRAPH]


def known_graphs(store: Store, date: str) -> list[str] | None:
    """The named graphs known on ``date`` (see the module docstring); None when that is all of them."""
    return _known(store.generation_key, date, store)


@functools.lru_cache(maxsize=64)
def _known(generation: str, date: str, store: Store) -> list[str] | None:
    stated = _statement_dates(store)
    named = list(store.ox.named_graphs())
    graphs = [n.value for n in named if isinstance(n, ox.NamedNode) and stated.get(n.value, date) <= date]
    return None if len(graphs) == len(named) else sorted(graphs)


def _statement_dates(store: Store) -> dict[str, str]:
    """Each dated graph's day from which it is certainly known (the latest day its date allows)."""
    dates: dict[str, str] = {}
    for row in store.ox.query(DATED):
        graph, bounds = row["g"], date_bounds(row["date"])
        if isinstance(graph, ox.NamedNode) and bounds is not None:
            dates[graph.value] = min(bounds[1], dates.get(graph.value, bounds[1]))
    return dates
