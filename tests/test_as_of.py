"""Claims as of a date (graph/query/as_of.py, `as_of=` on /sparql, `sparql(..., as_of=)` in the
Python API): the query sees only what sources had stated by then, announcements included (each
describes itself in the claim graph it asserts); undated background knowledge is always there."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

import tvkg
from tests.conftest import DATA
from tvkg.load.files import load
from tvkg.load.infer import date_bounds
from tvkg.query import as_of, execute
from tvkg.store.generations import Store

# Each claim graph describes itself (type, status, who stated it) inside itself.
CLAIMS = "PREFIX tv: <https://w3id.org/tvkg/ontology#> SELECT ?a WHERE { ?a a tv:ClaimGraph } ORDER BY ?a"
# An announcement with its kind, date, subject and (through the graph it asserts) status.
ANNOUNCEMENTS = """PREFIX tv: <https://w3id.org/tvkg/ontology#>
SELECT ?a ?kind ?date ?subject ?status WHERE {
  ?a a tv:Announcement ; tv:kind ?kind ; tv:date ?date ; tv:about ?subject ; tv:asserts/tv:status ?status }"""
TV = "https://w3id.org/tvkg/ontology#"
ID = "https://w3id.org/tvkg/id/"
SEASON_2 = f"{ID}season/all-of-us-are-dead-s2"
DIRECTOR = f"{ID}announcement/aoud-s2-director-interview-2022-02"
JUNE = {f"{ID}announcement/aoud-s2-{name}-2022-06" for name in ("renewal", "teaser", "cast-video")}


def ask(url: str, query: str, **params: str) -> requests.Response:
    return requests.get(url + "/sparql", params={"query": query, **params}, timeout=60,
                        headers={"Accept": "application/sparql-results+json"})


def rows(answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [row["a"]["value"] for row in answer.json()["results"]["bindings"]]


def announced(bindings: list[dict[str, object]]) -> dict[str, tuple[str, str, frozenset[str], str]]:
    """Each announcement: (kind, date, subjects, status), from the Python API's rows of ANNOUNCEMENTS
    (its dates are PartialDate, "2022-02" as text)."""
    found: dict[str, tuple[str, str, frozenset[str], str]] = {}
    for row in bindings:
        kind, date, subjects, status = found.get(str(row["a"]), (str(row["kind"]), str(row["date"]), frozenset(),
                                                                  str(row["status"])))
        found[str(row["a"])] = (kind, date, subjects | {str(row["subject"])}, status)
    return found


@pytest.fixture(scope="module")
def seed_on_disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("as-of") / "store"
    with Store.open(path) as store:
        load(store, [DATA])
    return path


def test_a_claim_dated_to_its_month_or_year_counts_from_its_last_day() -> None:
    store = Store.memory()
    load(store, [DATA])
    assert as_of.known_graphs(store, "2030-01-01") is None  # everything is known by then
    early = as_of.known_graphs(store, "2022-03-15")
    assert early is not None
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-director-interview-2022-02" in early
    assert "https://w3id.org/tvkg/graph/announcement-aoud-s2-renewal-2022-06" not in early  # June: from the 30th
    assert "https://w3id.org/tvkg/graph/article-aoud-s2" not in as_of.known_graphs(store, "2023-08-01")


def test_announcements_as_of_a_date_through_the_python_api(seed_on_disk: Path) -> None:
    kg = tvkg.open(seed_on_disk)

    def on(date: str | None) -> dict[str, tuple[str, str, frozenset[str], str]]:
        return announced(list(kg.sparql(ANNOUNCEMENTS, as_of=date)))

    assert on("2022-03-15") == {DIRECTOR: (f"{TV}InterviewStatement", "2022-02",
                                           frozenset({f"{ID}show/all-of-us-are-dead", SEASON_2}), f"{TV}Official")}
    july = on("2022-07-01")
    assert set(july) == {DIRECTOR} | JUNE
    renewal = july[f"{ID}announcement/aoud-s2-renewal-2022-06"]
    assert renewal[0] == f"{TV}Renewal" and renewal[1] == "2022-06" and renewal[3] == f"{TV}Official"
    assert july[f"{ID}announcement/aoud-s2-teaser-2022-06"][0] == f"{TV}Trailer"
    assert on("2022-02-27") == {}  # the day before the first announcement's month ends
    everything = on(None)
    assert len(everything) == 10 and set(july) < set(everything)
    assert on("2031-01-01") == everything
    # the merged view has no copy of its own as of a date: it lists the graphs instead, same answer
    assert set(announced(list(kg.sparql(ANNOUNCEMENTS, as_of="2022-07-01", merged=True)))) == set(july)


def test_announcements_as_of_a_date_through_the_endpoint(seed_url: str) -> None:
    def on(date: str | None) -> set[str]:
        answer = ask(seed_url, ANNOUNCEMENTS, **({"as_of": date} if date else {}))
        assert answer.status_code == 200, answer.text
        return {row["a"]["value"] for row in answer.json()["results"]["bindings"]}

    assert on("2022-03-15") == {DIRECTOR}
    assert on("2022-07-01") == {DIRECTOR} | JUNE
    assert on("2022-01-01") == set()
    assert len(on(None)) == 10


def test_every_announcement_answers_from_the_day_it_was_certainly_made(seed: Store) -> None:
    """Whatever the date's precision: from the last day it allows, with its kind, date, subject
    and status; not on the day before the first day it allows."""
    made = {row["a"]["value"]: row["date"] for row in _bindings(seed, ANNOUNCEMENTS, None)}
    assert len(made) == 10
    for announcement, date in made.items():
        earliest, latest, _ = date_bounds(ox.Literal(date["value"], datatype=ox.NamedNode(date["datatype"])))
        check = ANNOUNCEMENTS.replace("?a a tv:", f"BIND(<{announcement}> AS ?a) ?a a tv:")
        assert _bindings(seed, check, latest), (announcement, latest)
        before = (datetime.date.fromisoformat(earliest) - datetime.timedelta(days=1)).isoformat()
        assert not _bindings(seed, check, before), (announcement, before)


def test_an_announcement_is_stated_in_the_graph_it_asserts(seed: Store) -> None:
    """Its own statements sit in its claim graph, so that graph's date dates them; the article only
    reports it. Its forecast and the talk it passes on are the article's own announcements: they
    stay in the article's graph (a graph's status, expected or rumoured, qualifies all it holds)."""
    found = {(row["a"]["value"], row["g"]["value"]) for row in _bindings(seed, """
        PREFIX tv: <https://w3id.org/tvkg/ontology#>
        SELECT ?a ?g WHERE { GRAPH ?g { ?a a tv:Announcement ; tv:kind ?k ; tv:date ?d ; tv:about ?s } }""", None)}
    graph = "https://w3id.org/tvkg/graph/"
    article_own = {f"{ID}announcement/aoud-s2-release-forecast-2023", f"{ID}announcement/aoud-s2-rumours-2023"}
    assert len(found) == 10
    for announcement, where in found:
        expected = f"{graph}article-aoud-s2" if announcement in article_own else \
            announcement.replace(f"{ID}announcement/", f"{graph}announcement-")
        assert where == expected, announcement


def test_a_triple_several_graphs_state_comes_once(seed_on_disk: Path, seed: Store) -> None:
    """The default graph as of a date is the merge of the graphs known then: the renewal, the teaser
    and the cast video all say season 2 is renewed, and the answer says it once."""
    query = f"SELECT ?s WHERE {{ <{SEASON_2}> <{TV}releaseStatus> ?s }}"
    assert [str(row["s"]) for row in tvkg.open(seed_on_disk).sparql(query, as_of="2022-07-01")] == [
        f"{TV}StatusRenewed"]
    assert [b["s"]["value"] for b in _bindings(seed, query, "2022-07-01")] == [f"{TV}StatusRenewed"]


def test_a_view_is_made_once_per_generation_and_goes_with_it(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store.open(path) as store:
        load(store, [DATA])
        generation = store.generation.name
        execute.run(store, CLAIMS, as_of="2022-07-01")
        execute.run(store, CLAIMS, as_of="2022-06-30")  # the same graphs known: the same view
        execute.run(store, CLAIMS, as_of="2022-03-15")
        views = sorted(p.name for p in (path / as_of.VIEWS).iterdir())
        assert len(views) == 2 and all(v.startswith(generation + "-") for v in views), views
        for n in range(2):  # two writes: the generation the views were made of is removed
            store.add_atomically([ox.Quad(ox.NamedNode(f"urn:t:{n}"), ox.NamedNode("urn:t:p"), ox.Literal("x"),
                                          ox.NamedNode("urn:t:g"))])
        assert not (path / generation).exists()
        assert len(list(execute.run(store, CLAIMS, as_of="2022-07-01"))) > 0
        assert not any(p.name.startswith(generation + "-") for p in (path / as_of.VIEWS).iterdir())


def test_without_anywhere_to_write_a_view_the_graphs_are_listed(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only file system, say: the same answer, from the known graphs listed as the dataset."""
    def refused(*_: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(as_of, "_make", refused)
    with Store.open(tmp_path / "store") as store:
        load(store, [DATA])
        assert as_of.target(store, "2022-07-01") == (None, as_of.dataset(store, "2022-07-01"))
        assert {row["a"]["value"] for row in _bindings(store, ANNOUNCEMENTS, "2022-07-01")} == {DIRECTOR} | JUNE
        assert not any((tmp_path / "store" / as_of.VIEWS).iterdir())


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


def _bindings(store: Store, query: str, date: str | None) -> list[dict]:
    """SPARQL JSON bindings of ``query`` over ``store`` as of ``date`` (None: everything)."""
    import json

    result = execute.run(store, query, as_of=date)
    return json.loads(result.serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]
