"""What the home page says about the whole graph: where the data comes from, and where to start.

Sources are the documents and datasets that state a licence (``dcterms:license``): each curated
file describes itself, and `tvkg import --license` (or the manifest `tvkg init` reads) writes it
for an imported file. Entry points are the people credited on the most productions, the shows
with the most seasons, and the show the graph started from. Everything here is computed once per
store generation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox

from tvkg.entities.description import Labels
from tvkg.entities.sections import Cell
from tvkg.ontology.namespaces import ENTITY, PREFIXES
from tvkg.store.derived import derived
from tvkg.store.generations import Store

PROLOGUE = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("tv", "skos", "prov", "dcterms"))
SEED_SHOW = f"{ENTITY}show/all-of-us-are-dead"
LICENCES = {  # the licences data is commonly published under, by their short names
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://opendatacommons.org/licenses/odbl/1-0/": "ODbL 1.0",
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
}


@dataclass(frozen=True)
class DataSource:
    """One line of "where the data comes from"."""

    source: Cell
    licence: Cell
    date: str
    origin: str | None


@dataclass(frozen=True)
class Overview:
    sources: list[DataSource]
    connected_people: list[tuple[Cell, int]]   # person, productions credited on
    longest_shows: list[tuple[Cell, int]]      # show, seasons
    seed_show: Cell | None


@derived
def overview(store: Store, top: int = 5) -> Overview:
    """The home page's overview of ``store``, built once per generation."""
    labels = Labels(store)
    sources = _sources(store)
    people = _ranked(store, f"""SELECT ?x (COUNT(DISTINCT ?show) AS ?n) WHERE {{
        ?show tv:hasCastRole ?role . ?role tv:actor ?x }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT {int(top)}""")
    shows = _ranked(store, f"""SELECT ?x (MAX(?seasons) AS ?n) WHERE {{
        ?x tv:numberOfSeasons ?seasons }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT {int(top)}""")
    seed = ox.NamedNode(SEED_SHOW)
    has_seed = next(iter(store.ox.quads_for_pattern(seed, None, None, ox.DefaultGraph())), None) is not None
    labels.prefetch([term for term, _ in people + shows] + [s[0] for s in sources] + ([seed] if has_seed else []))

    def cell(term: ox.NamedNode) -> Cell:
        return Cell(labels.cache[term.value], term.value)

    return Overview(
        sources=[DataSource(Cell(title or labels.cache[doc.value], doc.value),
                            Cell(LICENCES.get(licence, licence), licence), date, origin)
                 for doc, title, licence, date, origin in sources],
        connected_people=[(cell(term), n) for term, n in people],
        longest_shows=[(cell(term), n) for term, n in shows],
        seed_show=cell(seed) if has_seed else None,
    )


def _ranked(store: Store, query: str) -> list[tuple[ox.NamedNode, int]]:
    return [(row["x"], int(row["n"].value)) for row in cast(ox.QuerySolutions, store.ox.query(PROLOGUE + query))
            if isinstance(row["x"], ox.NamedNode)]


def _sources(store: Store) -> list[tuple[ox.NamedNode, str | None, str, str, str | None]]:
    """Each licensed source document: its title, licence, date (imported, or last changed) and address."""
    rows = cast(ox.QuerySolutions, store.ox.query(PROLOGUE + """
        SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?licence) (MAX(STR(?d)) AS ?date) (SAMPLE(?u) AS ?url)
        WHERE {
          ?doc a tv:SourceDocument ; dcterms:license ?l .
          OPTIONAL { ?doc dcterms:title ?t FILTER(LANGMATCHES(LANG(?t), "en") || LANG(?t) = "") }
          OPTIONAL { ?doc dcterms:source ?u FILTER(isIRI(?u) && !STRSTARTS(STR(?u), "https://w3id.org/tvkg/")) }
          OPTIONAL { { ?g prov:wasDerivedFrom ?doc ; prov:generatedAtTime ?d } UNION { ?doc dcterms:modified ?d } }
        } GROUP BY ?doc ORDER BY ?title"""))
    return [(row["doc"], row["title"].value if row["title"] else None, row["licence"].value,
             row["date"].value[:10] if row["date"] else "", row["url"].value if row["url"] else None)
            for row in rows if row["doc"] is not None]  # rdflib gives one empty group when nothing matches
