"""The query editor at /sparql, in headless Chromium: YASGUI from npm, examples, completion, downloads.

Every request the page makes must go to the server under test: the editor works with no internet.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Browser, expect

from tests.browser import Watched
from tests.test_entity_pages_browser import serious_violations
from tvkg.server.examples import EXAMPLES


@pytest.fixture(scope="module")
def url(seed_url: str) -> str:
    return seed_url


@pytest.fixture
def editor(browser: Browser, url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    watched.page.goto(url + "/sparql")
    watched.page.wait_for_selector(".CodeMirror")
    yield watched
    context.close()


def run_example(editor: Watched, title: str, view: str = "table") -> None:
    """Run an example; its results open in the view its #defaultView comment names; show ``view``."""
    editor.page.get_by_role("button", name=title, exact=True).click()
    editor.page.wait_for_selector(".yasr .select_table")
    editor.page.wait_for_selector(".yasr table tbody tr, .yasr svg.result-view")
    if not editor.page.locator(f".yasr .select_{view}.selected").count():
        editor.page.locator(f".yasr .select_{view}").click()


def table_text(editor: Watched) -> str:
    return editor.page.locator(".yasr table").inner_text()


def test_the_editor_loads_from_this_server_only(editor: Watched, url: str) -> None:
    expect(editor.page.locator(".CodeMirror .cm-keyword", has_text="SELECT").first).to_be_visible()  # highlighted
    assert editor.errors == []
    run_example(editor, "Cast of All of Us Are Dead")
    assert editor.outside(url) == [], "the page reached beyond the server"


def test_at_least_ten_examples_each_runs(editor: Watched) -> None:
    buttons = editor.page.locator("button.example")
    assert buttons.count() == len(EXAMPLES) >= 10
    assert [buttons.nth(i).inner_text() for i in range(buttons.count())] == [e.title for e in EXAMPLES]


def test_the_cast_example_shows_the_cast_table(editor: Watched) -> None:
    run_example(editor, "Cast of All of Us Are Dead")
    expect(editor.page.locator(".yasr table tbody tr")).to_have_count(8)
    assert editor.page.locator(".parseErrorIcon").count() == 0, "the example declares its prefixes"
    text = table_text(editor)
    assert "Lomon" in text and "Lee Su-hyeok" in text
    editor.screenshot("query-editor-cast")


def test_the_announcements_timeline_is_in_date_order(editor: Watched) -> None:
    run_example(editor, "Announcements timeline", view="table")
    rows = editor.page.locator(".yasr table tbody tr")
    expect(rows).to_have_count(10)
    assert "Netflix renews All of Us Are Dead for season 2" in table_text(editor)
    first_dates = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert first_dates == sorted(first_dates)
    editor.screenshot("query-editor-announcements")


def test_prefix_completion_offers_the_project_prefixes(editor: Watched) -> None:
    code = editor.page.locator(".CodeMirror textarea")
    editor.page.locator(".CodeMirror").click()
    editor.page.keyboard.press("Control+A")
    editor.page.keyboard.press("Delete")
    code.type("PREFIX show")
    editor.page.keyboard.press("Control+Space")
    hints = editor.page.locator(".CodeMirror-hints li")
    expect(hints.first).to_be_visible()
    assert "show: <https://w3id.org/tvkg/id/show/>" in hints.all_inner_texts()


def test_download_links_follow_the_query_and_work(editor: Watched, url: str) -> None:
    run_example(editor, "Episodes of season 1")
    links = editor.page.locator("a.download")
    assert links.count() == 10
    hrefs = {links.nth(i).get_attribute("data-format"): links.nth(i).get_attribute("href")
             for i in range(links.count())}
    assert "season%3Aall-of-us-are-dead-s1" in hrefs["csv"] or "season:all-of-us-are-dead-s1" in hrefs["csv"]
    csv = requests.get(hrefs["csv"], timeout=10)
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 13
    expect(editor.page.locator(".download-group").nth(1)).to_have_class("download-group inactive")
    run_example(editor, "Describe the show as RDF")  # a CONSTRUCT: the graph formats become the live ones
    expect(editor.page.locator(".download-group").nth(0)).to_have_class("download-group inactive")
    turtle = requests.get(editor.page.locator("a.download[data-format=turtle]").get_attribute("href"), timeout=10)
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")


def test_the_prefix_list_is_served_as_json(url: str) -> None:
    prefixes = requests.get(url + "/api/prefixes", timeout=10).json()
    assert prefixes["tv"] == "https://w3id.org/tvkg/ontology#" and "show" in prefixes


def clear(editor: Watched) -> None:
    editor.page.keyboard.press("Escape")  # (a completion popup open over the editor)
    editor.page.locator(".CodeMirror").click()
    editor.page.keyboard.press("Control+A")
    editor.page.keyboard.press("Delete")


def test_entity_names_complete_to_iris_with_label_and_class(editor: Watched) -> None:
    """Typing a name offers the entity's IRI, found through every spelling the name index holds."""
    clear(editor)
    editor.page.keyboard.type("SELECT * WHERE { ?role tv:actor Park Ji")
    hints = editor.page.locator(".CodeMirror-hints li")
    expect(hints.first).to_contain_text("person:park-ji-hu")
    expect(hints.first).to_contain_text("Park Ji-hu · Person")
    hints.first.click()
    assert "tv:actor person:park-ji-hu" in editor.page.locator(".CodeMirror").inner_text()
    clear(editor)
    editor.page.keyboard.type("SELECT * WHERE { ?x ?p show:all-of")  # a prefixed name's local part
    expect(editor.page.locator(".CodeMirror-hints li").first).to_contain_text("show:all-of-us-are-dead")


def properties(url: str, **params: str) -> list[dict[str, str]]:
    """/api/complete/properties once the server has built its table: 503 with Retry-After until
    then (a busy machine may take longer than the 2 s the first request waits for it)."""
    deadline = time.monotonic() + 120
    while True:
        answer = requests.get(url + "/api/complete/properties", params=params, timeout=30)
        if answer.status_code != 503 or time.monotonic() > deadline:
            assert answer.status_code == 200, answer.text
            return answer.json()
        time.sleep(int(answer.headers["Retry-After"]))


def test_properties_complete_from_what_the_subjects_class_uses(editor: Watched, url: str) -> None:
    properties(url)  # the table is ready
    clear(editor)
    editor.page.keyboard.type("SELECT * WHERE { ?s a tv:Show ; tv:")
    hints = editor.page.locator(".CodeMirror-hints li")
    expect(hints.first).to_contain_text("on things of tv:Show")
    texts = hints.all_inner_texts()
    assert any(t.startswith("tv:hasCastRole ") for t in texts) and all(t.startswith("tv:") for t in texts)
    clear(editor)
    editor.page.keyboard.type("SELECT * WHERE { ?s a tv:Person ; skos:")  # a person's, not a show's
    expect(editor.page.locator(".CodeMirror-hints li").first).to_contain_text("on things of tv:Person")


def test_the_completion_apis_answer_json(url: str) -> None:
    found = requests.get(url + "/api/complete/entities", params={"q": "yoon chanyoung"}, timeout=30).json()
    assert found[0] == {"text": "person:yoon-chan-young", "label": "Yoon Chan-young", "detail": "Person"}
    used = properties(url, **{"class": "tv:Show"})
    assert {"tv:hasCastRole", "skos:prefLabel"} <= {p["text"] for p in used}
    counts = [1 if p["detail"].startswith("used once") else int(p["detail"].split()[1].replace(",", "")) for p in used]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1


def test_the_timeline_draws_dates_at_their_precision_coloured_by_status(editor: Watched) -> None:
    """#defaultView:Timeline opens the timeline: a year or a month is a band, a day a narrow mark."""
    editor.page.get_by_role("button", name="Announcements timeline", exact=True).click()
    marks = editor.page.locator(".yasr svg.result-view rect.mark")
    expect(marks).to_have_count(10)
    expect(editor.page.locator(".yasr .select_timeline")).to_have_class(re.compile("selected"))
    widths = {m.get_attribute("data-precision"): float(m.get_attribute("width")) for m in marks.all()}
    assert widths["year"] > 6 * widths["month"] > 0, widths  # the seed dates announcements to a month or a year
    assert len({m.get_attribute("fill") for m in marks.all()}) >= 2  # several claim statuses
    assert editor.page.locator(".yasr svg.result-view .view-legend text").count() >= 2
    editor.screenshot("query-editor-timeline")
    # our parts: the timeline, the date field and link button (YASGUI's own tab list, endpoint field
    # and CodeMirror colours fail axe, and are not ours to change)
    assert serious_violations(editor.page, within=[".yasr_results", "section.cite", "aside.examples"]) == []
    assert editor.errors == []


def test_a_count_opens_as_a_chart_and_a_construct_as_a_graph(editor: Watched) -> None:
    editor.page.get_by_role("button", name="Entities per class", exact=True).click()
    bars = editor.page.locator(".yasr svg.result-view rect.bar")
    expect(bars.first).to_be_visible()
    heights = [float(b.get_attribute("width")) for b in bars.all()]
    assert heights == sorted(heights, reverse=True) and len(heights) > 3
    editor.page.get_by_role("button", name="Describe the show as RDF", exact=True).click()
    expect(editor.page.locator(".yasr svg.result-view circle.node").first).to_be_visible()
    assert editor.page.locator(".yasr svg.result-view line.edge").count() >= 5
    editor.screenshot("query-editor-graph")
    assert editor.errors == []
