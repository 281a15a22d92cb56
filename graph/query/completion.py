"""What the query editor completes from the data: entity names as IRIs, and the properties that
actually occur on things of a class, with how often.

Entity completion goes through the name index (tvkg.entities.search, in the server's shared
process: see tvkg.server.editor), so every spelling a source uses finds the entity. The class -> property table is one
aggregate query per store generation, computed in the background the first time it is asked for
(a full scan); until it is ready, the answer is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from tvkg.ontology.namespaces import compact
from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.store.derived import build_in_background, built, derived
from tvkg.store.generations import Store

TABLE = f"""SELECT ?class ?property (COUNT(*) AS ?uses) WHERE {{
  ?s <{RDF_TYPE.value}> ?class ; ?property ?o .
  FILTER(isIRI(?class))
}} GROUP BY ?class ?property"""


@dataclass(frozen=True)
class Suggestion:
    text: str  # what goes into the query: a prefixed name where a prefix fits, else <IRI>
    label: str
    detail: str  # the entity's class, or how many things of the class use the property


def properties(store: Store, cls: str | None, typed: str = "", limit: int = 50) -> list[Suggestion] | None:
    """The properties used on things of ``cls`` (an IRI; None: of anything) whose prefixed name
    starts with ``typed``, most used first; None while the table is being built."""
    table = _table(store)
    if table is None:
        return None
    if cls is not None:
        uses = table.get(cls, [])
    else:
        totals: dict[str, int] = {}
        for rows in table.values():
            for prop, count in rows:
                totals[prop] = max(totals.get(prop, 0), count)
        uses = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    uses = [(prop, count) for prop, count in uses if compact(prop).startswith(typed)]
    where = f"things of {compact(cls)}" if cls else "things"
    return [Suggestion(compact(prop), compact(prop), f"used {'once' if count == 1 else f'{count:,} times'} on {where}")
            for prop, count in uses[:limit]]


def _table(store: Store) -> dict[str, list[tuple[str, int]]] | None:
    """The table, or None while it is built in the background (a small store's is ready at once)."""
    if (table := built(_property_table, store)) is not None:
        return table
    if (thread := build_in_background(_property_table, store)) is not None:
        thread.join(2.0)  # a small store is done at once; a large one answers later
    return built(_property_table, store)


@derived
def _property_table(store: Store) -> dict[str, list[tuple[str, int]]]:
    """Class -> (property, uses), most used first: one aggregate query per generation."""
    table: dict[str, list[tuple[str, int]]] = {}
    for row in cast(ox.QuerySolutions, store.ox.query(TABLE)):
        table.setdefault(row["class"].value, []).append((row["property"].value, int(row["uses"].value)))
    for rows in table.values():
        rows.sort(key=lambda item: (-item[1], item[0]))
    return table
