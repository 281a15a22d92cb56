"""What a reader sees is never firmer than the claims behind it: a season that rests on a forecast or
a rumour says so on the show page, the person page, the API record and the path sentence; dates at
different precisions that agree are not called conflicting."""

from __future__ import annotations

import requests

import tvkg
from tvkg.entities import description
from tvkg.entities.claims import firmest, seasons_phrase, seasons_text
from tvkg.store.generations import Store

SHOW = "https://w3id.org/tvkg/id/show/all-of-us-are-dead"
PARK = "https://w3id.org/tvkg/id/person/park-ji-hu"


def test_the_firmest_claim_wins_and_speculation_is_marked() -> None:
    assert firmest(["Rumoured", "Expected"]) == "Expected" and firmest(["Rumoured", "Official"]) == "Official"
    assert firmest(["Rumoured", None]) is None  # a graph that gives no status states it plainly
    assert seasons_text([(2, "Rumoured"), (1, None), (2, "Expected")]) == "1, 2 (expected)"
    assert seasons_phrase([(1, None), (2, "Rumoured")]) == "season 1; season 2 rumoured"
    assert seasons_phrase([(1, "Official"), (2, "Reported")]) == "seasons 1, 2"


def test_a_show_page_cannot_call_a_forecast_season_a_fact(seed_url: str) -> None:
    page = requests.get(f"{seed_url}/id/show/all-of-us-are-dead.html", timeout=60).text
    cast = page[page.index(">Cast<"):]
    row = cast[cast.index("Park Ji-hu"):cast.index("</tr>", cast.index("Park Ji-hu"))]
    assert "1, 2 (expected)" in row
    person = requests.get(f"{seed_url}/id/person/park-ji-hu.html", timeout=60).text
    assert "1, 2 (expected)" in person and "1, 2</td>" not in person
    # Cho Yi-hyun's own statement (reported) makes her season 2 plain
    cho = cast[cast.index("Cho Yi-hyun"):cast.index("</tr>", cast.index("Cho Yi-hyun"))]
    assert "1, 2" in cho and "expected" not in cho


def test_the_api_record_and_the_path_sentence_say_it_too(seed_url: str) -> None:
    kg = tvkg.connect(seed_url)
    [park] = [row for row in kg.entity(SHOW).sections["Cast"] if row["actor"] == "Park Ji-hu"]
    assert park["seasons"] == "1, 2 (expected)"
    [path] = kg.path("Park Ji-hu", "Yoon Chan-young")
    assert path.steps[0].sentence.endswith("(season 1; season 2 expected)")


def test_dates_that_agree_at_different_precisions_are_not_conflicts(seed: Store) -> None:
    season1 = description.describe(seed, "https://w3id.org/tvkg/id/season/all-of-us-are-dead-s1")
    assert season1 is not None
    [released] = [f for f in season1.facts if f.property.endswith("#releaseDate")]
    assert {v.text for v in released.values} == {"2022-01", "2022-01-28"} and not released.conflicting
    season2 = description.describe(seed, "https://w3id.org/tvkg/id/season/all-of-us-are-dead-s2")
    assert season2 is not None
    [expected] = [f for f in season2.facts if f.property.endswith("#expectedRelease")]
    assert {v.text for v in expected.values} == {"2023", "2024"} and expected.conflicting  # they exclude each other
