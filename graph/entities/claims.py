"""How firmly the graph states something: the status of the claim graphs behind a statement.

A fact the reader sees (a cast part's season, a release) is as firm as the strongest claim graph
that states it: official, reported, expected or rumoured (``tv:status`` on the graph). Pages, API
records and path sentences say so, and never say more: "seasons 1, 2 (rumoured)" when season 2 rests
on talk the article passes on.
"""

from __future__ import annotations

from collections import defaultdict
from typing import cast

import pyoxigraph as ox

from tvkg.ontology.namespaces import PREFIXES, TV
from tvkg.store.generations import Store

FIRMEST_FIRST = ("Official", "Reported", "Expected", "Rumoured")
SPECULATIVE = ("Expected", "Rumoured")  # shown beside the statement; official and reported ones are not


def firmest(statuses: list[str | None]) -> str | None:
    """The strongest of some claims' statuses (a graph without one counts as stated: None)."""
    if not statuses or any(s is None or s not in FIRMEST_FIRST for s in statuses):
        return None
    return min(statuses, key=FIRMEST_FIRST.index)


def season_claims(store: Store, roles: list[str]) -> dict[str, list[tuple[int, str | None]]]:
    """For each cast part, its seasons (by number) and the firmest status any graph states each with."""
    if not roles:
        return {}
    found: dict[tuple[str, int], list[str | None]] = defaultdict(list)
    rows = cast(ox.QuerySolutions, store.ox.query(f"""PREFIX tv: <{TV}>
        SELECT ?role ?n ?status WHERE {{
          VALUES ?role {{ {" ".join(f"<{r}>" for r in sorted(set(roles)))} }}
          GRAPH ?g {{ ?role tv:inSeason ?season }} ?season tv:seasonNumber ?n
          OPTIONAL {{ ?g tv:status ?status }}
          FILTER(?g != <{PREFIXES["tvg"]}ontology>)
        }}"""))
    for row in rows:
        if row["n"].value.isdigit():
            status = row["status"].value.removeprefix(str(TV)) if row["status"] is not None else None
            found[(row["role"].value, int(row["n"].value))].append(status)
    claims: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for (role, number), statuses in sorted(found.items()):
        claims[role].append((number, firmest(statuses)))
    return claims


def _best(claims: list[tuple[int, str | None]]) -> dict[int, str | None]:
    """Each season once, with the firmest status any claim gives it."""
    best: dict[int, str | None] = {}
    for number, status in claims:
        if number not in best or firmest([best[number], status]) == status:
            best[number] = status
    return dict(sorted(best.items()))


def seasons_text(claims: list[tuple[int, str | None]]) -> str:
    """ "1, 2 (rumoured)": each season once, the speculative ones marked with how firm they are."""
    return ", ".join(f"{n} ({status.lower()})" if status in SPECULATIVE else str(n)
                     for n, status in _best(claims).items())


def seasons_phrase(claims: list[tuple[int, str | None]]) -> str:
    """For a sentence: "seasons 1, 2", or "season 1; season 2 expected" ("" without seasons)."""
    best = _best(claims)
    firm = [str(n) for n, status in best.items() if status not in SPECULATIVE]
    parts = [f"season{'s' if len(firm) > 1 else ''} {', '.join(firm)}"] if firm else []
    parts += [f"season {n} {status.lower()}" for n, status in best.items() if status in SPECULATIVE]
    return "; ".join(parts)


