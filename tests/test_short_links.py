"""Short links (server/short_links.py): a query kept with its generation and answer, run again
later, with what changed; in a real server and in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, expect

from tests.browser import Watched
from tests.conftest import run_cli
from tests.server_process import seeded_server
from tests.test_entity_pages_browser import serious_violations

CLAIMS = "PREFIX tv: <https://w3id.org/tvkg/ontology#> SELECT ?g WHERE { ?g a tv:ClaimGraph } ORDER BY ?g"
NEW_GRAPH = "https://example.org/graph/a-new-claim"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("links")
    with seeded_server(folder) as url:
        yield url, folder / "store"


def make(url: str, **fields: str) -> requests.Response:
    return requests.post(url + "/q", data=fields, timeout=60)


def test_a_link_is_kept_and_answers_the_same_until_the_data_changes(served: tuple[str, Path],
                                                                     tmp_path: Path) -> None:
    url, store = served
    made = make(url, query=CLAIMS, view="table")
    assert made.status_code == 201, made.text
    link = made.json()["url"]
    assert made.headers["Location"] == link and link.startswith(url + "/q/")
    assert make(url, query=CLAIMS, view="table").json()["id"] == made.json()["id"]  # the same link again
    assert make(url, query=CLAIMS, view="chart").json()["id"] != made.json()["id"]
    then = requests.get(link, headers={"Accept": "application/json"}, timeout=60).json()
    assert then["changed"] is False and then["query"] == CLAIMS and then["generation"] == then["now"]
    assert then["generation"].startswith("gen-")  # a generation's name, never a path on the server
    page = requests.get(link, timeout=60).text
    assert "the same answer as when the link was made" in page

    extra = tmp_path / "claim.trig"
    extra.write_text(f"<{NEW_GRAPH}> {{ <{NEW_GRAPH}> a <https://w3id.org/tvkg/ontology#ClaimGraph> . }}\n",
                     encoding="utf-8")
    assert run_cli("load", "--store", str(store), "--no-validate", str(extra)).returncode == 0
    now = requests.get(link, headers={"Accept": "application/json"}, timeout=60).json()
    assert now["changed"] is True and now["generation"] != now["now"]
    assert now["added"] == [[f"<{NEW_GRAPH}>"]] and now["removed"] == []
    diff = requests.get(link + "/diff", timeout=60).text
    assert "New in the answer (1)" in diff and NEW_GRAPH in diff


@pytest.mark.parametrize(("fields", "status", "says"), [
    ({"query": ""}, 400, "give the query"),
    ({"query": CLAIMS, "view": "pie"}, 400, "view is one of"),
    ({"query": "SELECT WHERE {"}, 400, "syntax"),
    ({"query": CLAIMS, "as_of": "someday"}, 400, "yyyy-mm-dd"),
    ({"query": "SELECT ?s ?p ?o ?x WHERE { ?s ?p ?o . ?x ?y ?z } LIMIT 50000"}, 413, "narrow the query"),
])
def test_a_bad_link_is_refused_clearly(served: tuple[str, Path], fields: dict[str, str], status: int,
                                       says: str) -> None:
    answer = make(served[0], **fields)
    assert answer.status_code == status and says in answer.text.lower(), answer.text


def test_an_unknown_link_is_404(served: tuple[str, Path]) -> None:
    answer = requests.get(served[0] + "/q/nosuchlink00", timeout=60)
    assert answer.status_code == 404 and "no short link" in answer.text


def test_the_editor_makes_a_link_that_opens(served: tuple[str, Path], browser: Browser) -> None:
    url, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    editor = Watched(context.new_page())
    editor.page.goto(url + "/sparql")
    editor.page.wait_for_selector(".CodeMirror")
    editor.page.get_by_role("button", name="Make a short link").click()
    shown = editor.page.locator("#short-link a")
    expect(shown).to_have_attribute("href", f"{url}/q/" + shown.inner_text().rsplit("/", 1)[-1])
    shown.click()
    expect(editor.page.locator(".link-status")).to_contain_text("the same answer")
    assert serious_violations(editor.page) == []
    assert editor.errors == [] and editor.outside(url) == []
    context.close()


def test_the_link_book_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Anyone may make links, so the book has a size: past it, 507 and nothing written."""
    from tvkg.server import short_links
    from tvkg.server.responses import ProtocolError

    monkeypatch.setattr(short_links, "MAX_LINKS", 2)
    book = short_links.LinkBook(tmp_path / "links.sqlite")
    for number in range(2):
        book.add(short_links.Link(f"id{number}", "ASK {}", "table", None, "gen-1", "now", "boolean", b"{}"))
    with pytest.raises(ProtocolError) as full:
        book.add(short_links.Link("id2", "ASK {}", "table", None, "gen-1", "now", "boolean", b"{}"))
    assert full.value.status == 507 and book.get("id2") is None and book.get("id1") is not None


def test_a_link_reopens_in_the_editor_in_its_view_and_date(served: tuple[str, Path], browser: Browser) -> None:
    url, _ = served
    timeline = ("PREFIX tv: <https://w3id.org/tvkg/ontology#> SELECT ?what ?date ?status WHERE { "
                "?a a tv:Announcement ; tv:date ?date ; tv:asserts/tv:status ?status ; tv:kind ?what } ORDER BY ?date")
    link = make(url, query=timeline, view="timeline", as_of="2030-01-01").json()["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = Watched(context.new_page())
    page.page.goto(link)
    page.page.get_by_role("link", name="Open it in the editor").click()
    expect(page.page.locator(".yasr svg.result-view rect.mark").first).to_be_visible()
    expect(page.page.locator("#as-of")).to_have_value("2030-01-01")
    expect(page.page.locator(".yasr .select_timeline")).to_have_class(re.compile("selected"))
    assert page.errors == [] and page.outside(url) == []
    context.close()
