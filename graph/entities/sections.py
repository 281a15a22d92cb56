"""The per-type parts of an entity page: a show's seasons, cast and announcements, a season's episodes
and release history, a person's roles, a character's actors, an announcement's claims.

Each section is a titled table of cells; a cell is a text and, for a resource, the IRI to link.
Which sections an entity gets depends on its tvkg classes (tvkg.entities.description.Entity.type_names).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import pyoxigraph as ox

from tvkg.entities.claims import season_claims, seasons_text
from tvkg.entities.description import Labels, Source
from tvkg.ontology.namespaces import PREFIXES, TV
from tvkg.store.clusters import Clusters, clusters
from tvkg.store.generations import Store

PROLOGUE = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("tv", "skos", "rdfs", "prov"))


@dataclass(frozen=True)
class Cell:
    text: str
    link: str | None = None


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    sort_by: str | None = None  # a column the rows are in the order of, also once members are joined


def sections(store: Store, iri: str, kinds: set[str], sources: dict[str, Source],
             unreviewed: bool = False) -> list[Section]:
    """The sections for an entity of these kinds, in reading order; empty ones are left out. Claims
    extracted from news and not yet reviewed count only when ``unreviewed`` asks for them."""
    makers: dict[str, list[Callable[[Store, str, dict[str, Source]], Section]]] = {
        "Show": [_seasons, _show_cast, _crew, _timeline],
        "Season": [functools.partial(_release_history, unreviewed=unreviewed), _episodes, _season_cast, _timeline],
        "Person": [_credits, _costars],
        "Character": [_played_by],
        "SourceWork": [_adaptations],
        "Announcement": [_asserted],
    }
    merged = clusters(store)
    members = merged.cluster(iri)  # a merged entity: every member's rows, once each
    labels = Labels(store)
    found = []
    for kind, functions in makers.items():
        if kind in kinds:
            for make in functions:
                section = _joined([make(store, member, sources) for member in members], merged, labels)
                if section.rows:
                    found.append(section)
    return found


def _joined(parts: list[Section], merged: Clusters, labels: Labels) -> Section:
    """One section from the same section of several members of a merged entity: each linked cell
    names the merged entity it links to, and rows about the same entities are one row (their
    other cells' values joined, e.g. the seasons each source knows)."""
    first = parts[0]
    rows: dict[tuple[str | None, ...], list[Cell]] = {}
    for row in (r for part in parts for r in part.rows):
        cells = [_one(cell, merged, labels) for cell in row]
        key = tuple(c.link or (None if len(parts) > 1 and i else c.text) for i, c in enumerate(cells))
        if key in rows:
            rows[key] = [a if a.link else _union(a, b) for a, b in zip(rows[key], cells, strict=True)]
        else:
            rows[key] = cells
    joined = list(rows.values())
    if first.sort_by is not None:
        at = first.columns.index(first.sort_by)
        joined.sort(key=lambda row: (row[at].text or "~", [cell.text for cell in row]))
    return Section(first.title, first.columns, joined, first.note, first.sort_by)


def _one(cell: Cell, merged: Clusters, labels: Labels) -> Cell:
    if cell.link is None or merged.of(cell.link) == cell.link:
        return cell
    canonical = merged.of(cell.link)
    labels.prefetch([ox.NamedNode(canonical)])
    return Cell(labels.text(ox.NamedNode(canonical)), canonical)


def _union(a: Cell, b: Cell) -> Cell:
    """Two plain values of one row (seasons "1, 2" and "1"): every part once, in order."""
    parts = list(dict.fromkeys([p for text in (a.text, b.text) for p in text.split(", ") if p]))
    parts.sort(key=lambda p: (not p.isdigit(), int(p) if p.isdigit() else 0, p))
    return Cell(", ".join(parts))


def _rows(store: Store, query: str) -> list[ox.QuerySolution]:
    return list(cast(ox.QuerySolutions, store.ox.query(PROLOGUE + query)))


def _cell(labels: Labels, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, ox.NamedNode):
        return Cell(labels.text(term), term.value)
    return Cell(str(term) if isinstance(term, ox.Triple) else term.value)  # (an RDF 1.2 triple term: as text)


def _table(store: Store, title: str, columns: list[str], query: str, variables: list[str]) -> Section:
    """A section from a query. A "roles" variable (the cast parts of the row, a GROUP_CONCAT of
    IRIs) becomes the seasons they are in, each as firm as the claims that say so ("1, 2 (rumoured)")."""
    rows = _rows(store, query)
    labels = Labels(store)
    labels.prefetch([r[v] for r in rows for v in variables if isinstance(r[v], ox.NamedNode)])
    cells = [[_cell(labels, r[v]) for v in variables] for r in rows]
    if "roles" in variables:
        at = variables.index("roles")
        parts = [row[at].text.split() for row in cells]
        claims = season_claims(store, [role for roles in parts for role in roles])
        for row, roles in zip(cells, parts, strict=True):
            row[at] = Cell(seasons_text([c for role in roles for c in claims.get(role, [])]))
    return Section(title, columns, cells)


def _seasons(store: Store, iri: str, _: dict[str, Source]) -> Section:
    return _table(store, "Seasons", ["season", "number", "release status"], f"""
        SELECT ?season ?n (SAMPLE(?st) AS ?status) WHERE {{
          <{iri}> tv:season ?season . OPTIONAL {{ ?season tv:seasonNumber ?n }}
          OPTIONAL {{ ?season tv:releaseStatus ?st }}
        }} GROUP BY ?season ?n ORDER BY ?n""", ["season", "n", "status"])


def _show_cast(store: Store, iri: str, _: dict[str, Source]) -> Section:
    """Every part, in the source's billing order where it gives one (a cast list's order, else main
    before supporting before guest parts), with its character if known."""
    return _table(store, "Cast", ["#", "actor", "character", "seasons"], f"""
        SELECT (MIN(?o) AS ?order) ?actor ?character (GROUP_CONCAT(DISTINCT STR(?role); separator=" ") AS ?roles)
               (MIN(?rank) AS ?billing)
        WHERE {{
          <{iri}> tv:hasCastRole ?role . ?role tv:actor ?actor .
          OPTIONAL {{ ?role tv:character ?character }} OPTIONAL {{ ?role tv:castOrder ?o }}
          OPTIONAL {{ ?role tv:billing ?b
                      VALUES (?b ?rank) {{ (tv:MainCast 1) (tv:SupportingCast 2) (tv:GuestCast 3) (tv:BitPart 4) }} }}
        }} GROUP BY ?actor ?character ORDER BY (!BOUND(?order)) ?order (!BOUND(?billing)) ?billing ?actor""",
                  ["order", "actor", "character", "roles"])


def _crew(store: Store, iri: str, _: dict[str, Source]) -> Section:
    return _table(store, "Crew", ["person", "credit"], f"""
        SELECT ?person ?credit WHERE {{
          VALUES (?p ?credit) {{ (tv:director "director") (tv:writer "writer") }} <{iri}> ?p ?person .
        }} ORDER BY ?credit ?person""", ["person", "credit"])


def _timeline(store: Store, iri: str, sources: dict[str, Source]) -> Section:
    rows = _rows(store, f"""
        SELECT ?a ?date ?kind ?by (SAMPLE(?g) AS ?claims) WHERE {{
          ?a tv:about <{iri}> ; tv:date ?date .
          OPTIONAL {{ ?a tv:kind ?kind }} OPTIONAL {{ ?a tv:announcedBy ?by }} OPTIONAL {{ ?a tv:asserts ?g }}
        }} GROUP BY ?a ?date ?kind ?by ORDER BY ?date ?a""")
    labels = Labels(store)
    labels.prefetch([r[v] for r in rows for v in ("a", "kind", "by") if r[v] is not None])
    section = Section("Announcements timeline", ["date", "announcement", "kind", "by", "status"])
    for r in rows:
        source = sources.get(r["claims"].value) if r["claims"] is not None else None
        section.rows.append([Cell(r["date"].value), _cell(labels, r["a"]), _cell(labels, r["kind"]),
                             _cell(labels, r["by"]), Cell((source.status or "") if source else "")])
    return section


def _release_history(store: Store, iri: str, sources: dict[str, Source], unreviewed: bool = False) -> Section:
    """Every claim about the season's release, oldest first, and which one stands as of today
    (claims extracted from news count once a curator has reviewed them, or when asked for)."""
    reviewed = "" if unreviewed else "FILTER NOT EXISTS { ?g tv:reviewStatus tv:Extracted }"
    rows = _rows(store, f"""
        SELECT ?p ?value ?g WHERE {{
          VALUES ?p {{ tv:releaseStatus tv:expectedRelease tv:releaseDate }}
          GRAPH ?g {{ <{iri}> ?p ?value }} FILTER(?g != <https://w3id.org/tvkg/graph/ontology>) {reviewed}
        }}""")
    labels = Labels(store)
    labels.prefetch([r["value"] for r in rows] + [r["p"] for r in rows])
    claims = sorted(((sources.get(r["g"].value) or Source(r["g"].value, r["g"].value), r) for r in rows),
                    key=lambda c: (c[0].date or "", c[0].label))
    section = Section("Release status and how it changed", ["as of", "claim", "value", "status", "stated in"])
    standing = [c for c in claims if c[0].status in ("Official", "Reported")]
    for source, r in claims:
        section.rows.append([Cell(source.date or ""), _cell(labels, r["p"]), _cell(labels, r["value"]),
                             Cell(source.status or ""), Cell(source.label, source.graph)])
    if standing:
        latest, row = standing[-1]
        section.note = (f"As of today the latest official or reported claim is “{labels.text(row['value'])}” "
                        f"({latest.label}, {latest.date or 'undated'}).")
    return section


def _episodes(store: Store, iri: str, _: dict[str, Source]) -> Section:
    return _table(store, "Episodes", ["number", "episode"], f"""
        SELECT ?n ?e WHERE {{ ?e tv:episodeOf <{iri}> OPTIONAL {{ ?e tv:episodeNumber ?n }} }} ORDER BY ?n""",
                  ["n", "e"])


def _season_cast(store: Store, iri: str, sources: dict[str, Source]) -> Section:
    rows = _rows(store, f"""
        SELECT ?actor ?character ?g WHERE {{
          GRAPH ?g {{ ?role tv:inSeason <{iri}> }} ?role tv:actor ?actor .
          OPTIONAL {{ ?role tv:character ?character }} OPTIONAL {{ ?role tv:castOrder ?o }}
        }} ORDER BY (!BOUND(?o)) ?o ?actor""")
    labels = Labels(store)
    labels.prefetch([r[v] for r in rows for v in ("actor", "character") if r[v] is not None])
    section = Section("Cast in this season", ["actor", "character", "status", "stated in"])
    for r in rows:
        source = sources.get(r["g"].value) or Source(r["g"].value, r["g"].value)
        section.rows.append([_cell(labels, r["actor"]), _cell(labels, r["character"]), Cell(source.status or ""),
                             Cell(source.label, source.graph)])
    return section


def _credited(iri: str) -> str:
    """The graph pattern of a person's credits: ?show, ?as (actor, director, writer), ?role (the
    cast part), ?character, ?first (first release) and ?listed (a catalogue's year)."""
    return f"""
    {{ ?role tv:actor <{iri}> . ?show tv:hasCastRole ?role . BIND("actor" AS ?as)
       OPTIONAL {{ ?role tv:character ?character }} }}
    UNION {{ VALUES (?p ?as) {{ (tv:director "director") (tv:writer "writer") }} ?show ?p <{iri}> }}
    OPTIONAL {{ ?show tv:releaseDate ?first }} OPTIONAL {{ ?show tv:catalogueYear ?listed }}"""


def _credits(store: Store, iri: str, _: dict[str, Source]) -> Section:
    """Every production the person is credited on: as what, which character, seasons, and the year
    (of first release, else the year a catalogue lists)."""
    section = _table(store, "Credits", ["production", "credit", "character", "seasons", "year"], f"""
        SELECT ?show ?as ?character (GROUP_CONCAT(DISTINCT STR(?role); separator=" ") AS ?roles)
               (MIN(STR(?first)) AS ?released) (MIN(STR(?listed)) AS ?year)
        WHERE {{ {_credited(iri)} }}
        GROUP BY ?show ?as ?character""", ["show", "as", "character", "roles", "released", "year"])
    for row in section.rows:  # the year of first release, else the catalogue's (YEAR() of nothing fails in Virtuoso)
        released, listed = row.pop(4), row.pop(4)
        row.append(Cell((released.text or listed.text)[:4]))
    section.sort_by = "year"
    return section


def _costars(store: Store, iri: str, _: dict[str, Source], top: int = 20) -> Section:
    """The people credited in the cast of the most productions with this one."""
    return _table(store, "Co-stars", ["person", "productions together"], f"""
        SELECT ?other (COUNT(DISTINCT ?show) AS ?n) WHERE {{
          ?role tv:actor <{iri}> . ?show tv:hasCastRole ?role , ?part . ?part tv:actor ?other
          FILTER(?other != <{iri}>)
        }} GROUP BY ?other ORDER BY DESC(?n) ?other LIMIT {int(top)}""", ["other", "n"])


def credit_summary(label: str, found: list[Section]) -> str | None:
    """ "Bae Doona is credited in 2 productions: Kingdom and Persona.", from the person's Credits
    section among ``found`` (what ``sections`` made: merged members joined, productions by their
    merged entity); None without credits."""
    credits = next((s for s in found if s.title == "Credits"), None)
    if credits is None:
        return None
    names = sorted({row[0].link: row[0].text for row in credits.rows}.values())
    shown = names if len(names) <= 4 else [*names[:3], f"{len(names) - 3} more"]
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    noun = "production" if len(names) == 1 else "productions"
    return f"{label} is credited in {len(names)} {noun}: {listed}."


def _played_by(store: Store, iri: str, _: dict[str, Source]) -> Section:
    return _table(store, "Played by", ["actor", "in", "source work"], f"""
        SELECT ?actor ?show (SAMPLE(?w) AS ?work) WHERE {{
          ?role tv:character <{iri}> ; tv:actor ?actor . ?show tv:hasCastRole ?role .
          OPTIONAL {{ ?show tv:basedOn ?w }}
        }} GROUP BY ?actor ?show ORDER BY ?actor""", ["actor", "show", "work"])


def _adaptations(store: Store, iri: str, _: dict[str, Source]) -> Section:
    return _table(store, "Adaptations", ["adaptation", "seasons", "characters in both"], f"""
        SELECT ?show (COUNT(DISTINCT ?season) AS ?seasons) (COUNT(DISTINCT ?c) AS ?shared) WHERE {{
          {{ <{iri}> tv:adaptedAs ?show }} UNION {{ ?show tv:basedOn <{iri}> }}
          OPTIONAL {{ ?show tv:season ?season }}
          OPTIONAL {{ ?c tv:appearsIn ?show , <{iri}> }}
        }} GROUP BY ?show""", ["show", "seasons", "shared"])


def _asserted(store: Store, iri: str, _: dict[str, Source]) -> Section:
    return _table(store, "What it asserted", ["subject", "property", "value"], f"""
        SELECT ?s ?p ?o WHERE {{
          <{iri}> tv:asserts ?g . GRAPH ?g {{ ?s ?p ?o }}
          FILTER(?s != ?g && ?s != <{iri}> && STRSTARTS(STR(?p), "{TV}") && ?p != tv:statedBy)
        }} ORDER BY ?s ?p""", ["s", "p", "o"])


def newest_announcements(store: Store, limit: int = 8) -> list[list[Cell]]:
    """The latest announcements in the graph, newest first: date, announcement, kind."""
    rows = _rows(store, f"""
        SELECT ?a ?date (SAMPLE(?k) AS ?kind) WHERE {{ ?a a tv:Announcement ; tv:date ?date ; tv:earliest ?day .
          OPTIONAL {{ ?a tv:kind ?k }} }} GROUP BY ?a ?date ORDER BY DESC(MAX(?day)) ?a LIMIT {int(limit)}""")
    labels = Labels(store)
    labels.prefetch([r[v] for r in rows for v in ("a", "kind") if r[v] is not None])
    return [[Cell(r["date"].value), _cell(labels, r["a"]), _cell(labels, r["kind"])] for r in rows]
