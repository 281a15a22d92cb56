"""Details of the per-type sections of entity pages (graph/entities/sections.py) not seen through the server."""

from __future__ import annotations

import pyoxigraph as ox

from tvkg.entities.claims import seasons_text
from tvkg.entities.sections import sections
from tvkg.store.generations import Store

TV = "https://w3id.org/tvkg/ontology#"


def test_season_lists_are_in_numeric_order() -> None:
    assert seasons_text([(3, None), (1, None), (2, None)]) == "1, 2, 3"
    assert seasons_text([(10, None), (9, None)]) == "9, 10"
    assert seasons_text([]) == ""


def test_a_persons_credits_list_seasons_in_order_as_firm_as_their_claims() -> None:
    store = Store.memory()
    n = ox.NamedNode
    person, role, show, character = (n(f"urn:tvkg:test:{x}") for x in ("person", "role", "show", "character"))
    stated, rumour = n("urn:tvkg:test:stated"), n("urn:tvkg:test:rumour")
    quads = [ox.Quad(role, n(TV + "actor"), person, stated), ox.Quad(role, n(TV + "character"), character, stated),
             ox.Quad(show, n(TV + "hasCastRole"), role, stated),
             ox.Quad(rumour, n(TV + "status"), n(TV + "Rumoured"), rumour)]
    for number in (10, 2, 1):
        season = n(f"urn:tvkg:test:season{number}")
        quads += [ox.Quad(role, n(TV + "inSeason"), season, rumour if number == 10 else stated),
                  ox.Quad(season, n(TV + "seasonNumber"), ox.Literal(str(number), datatype=n(
                      "http://www.w3.org/2001/XMLSchema#integer")), stated)]
    store.add_atomically(quads)
    credits = next(s for s in sections(store, person.value, {"Person"}, {}) if s.title == "Credits")
    assert credits.columns[3] == "seasons" and credits.rows[0][3].text == "1, 2, 10 (rumoured)"
