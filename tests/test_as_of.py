"""Claims as of a date (graph/query/as_of.py, `as_of=` on /sparql): the default graph holds only
what sources had stated by then; undated background knowledge is always there."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import DATA
from tvkg.load.files import load
from tvkg.query import as_of
from tvkg.store.generations import Store

# Each claim graph describes itself (type, status, who stated it) inside itself.
CLAIMS = "PREFIX tv: <https://w3id.org/tvkg/ontology#> SELECT ?a WHERE { ?a a tv:ClaimGraph } ORDER BY ?a"
SEASON_2 = "https://w3id.org/tvkg/id/season/all-of-us-are-dead-s2"


def ask(url: str, query: str, **params: str) -> requests.Response:
    return requests.get(url + "/sparql", params={"query": query, **params}, timeout=60,
                        headers={"Accept": "application/sparql-results+json"})


def rows(answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [row["a"]["value"] for row in answer.json()["results"]["bindings"]]


def test_a_claim_dated_to_its_month_or_year_counts_from_its_last_day() -> None:
    store = Store.memory()
    load(store, [DATA])
    assert as_of.known_graphs(store, "2030-01-01") is None  # everything is known by then
    early = as_of.known_graphs(store, "2022-03-15")
    assert early is not None
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-director-interview-2022-02" in early
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-renewal-2022-06" not in early  # June: from the 30th
    assert "https://w3id.org/tvkg/graph/article-aoud-s2" not in as_of.known_graphs(store, "2023-08-01")


def test_the_endpoint_answers_as_of_a_date(seed_url: str) -> None:
    everything = rows(ask(seed_url, CLAIMS))
    then = rows(ask(seed_url, CLAIMS, as_of="2022-03-15"))
    later = rows(ask(seed_url, CLAIMS, as_of="2022-07-01"))
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-director-interview-2022-02" in then
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-renewal-2022-06" in set(later) - set(then)
    assert set(then) < set(later) < set(everything)
    assert rows(ask(seed_url, CLAIMS, as_of="2031-01-01")) == everything
    undated = rows(ask(seed_url, CLAIMS, as_of="1999-01-01"))  # background knowledge, corrections
    assert undated and not any("announcement-" in g or "article-" in g for g in undated)
    named = ask(seed_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", as_of="2022-03-15").json()
    graphs = {row["g"]["value"] for row in named["results"]["bindings"]}
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-renewal-2022-06" not in graphs


@pytest.mark.parametrize(("params", "says"), [
    ({"as_of": "2024-13-01"}, "is not a date"),
    ({"as_of": "yesterday"}, "YYYY-MM-DD"),
    ({"as_of": "2024-03-01", "default-graph-uri": "https://w3id.org/tvkg/graph/article-aoud-s2"}, "without"),
])
def test_a_bad_date_is_a_clear_400(seed_url: str, params: dict[str, str], says: str) -> None:
    answer = ask(seed_url, CLAIMS, **params)
    assert answer.status_code == 400 and says in answer.text
