"""Entity pages in headless Chromium: home, search by a variant spelling, following links, the timeline,
and an accessibility check with axe-core (from npm, injected into each page). Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import Watched
from tests.conftest import ROOT

AXE = ROOT / "server" / "static" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def url(seed_url: str) -> str:
    return seed_url


def serious_violations(page: Page, within: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical findings (labels, headings, contrast, ARIA, keyboard), on
    the whole page or only ``within`` these selectors (our parts of a page that embeds YASGUI)."""
    page.evaluate(AXE.read_text())  # through DevTools: the pages' CSP forbids injected <script> tags
    context = {"include": [[selector] for selector in within]} if within else None
    result = page.evaluate("(context) => axe.run(context || document, {resultTypes: ['violations']})", context)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_home_page(page: Watched, url: str) -> None:
    page.page.goto(url + "/")
    expect(page.page.get_by_role("heading", name="What the graph holds")).to_be_visible()
    expect(page.page.locator("table.timeline tbody tr").first).to_be_visible()
    assert page.page.locator("a", has_text="Announcements timeline").count() == 1  # example queries
    page.screenshot("home")
    assert serious_violations(page.page) == []
    assert page.outside(url) == [] and page.errors == []


def test_search_finds_a_character_by_a_variant_spelling(page: Watched, url: str) -> None:
    page.page.goto(url + "/")
    page.page.get_by_role("combobox").fill("cheongsan")
    suggestion = page.page.locator("#search-suggestions li").first
    expect(suggestion).to_contain_text("Lee Cheong-san")
    page.page.get_by_role("combobox").press("ArrowDown")
    page.page.get_by_role("combobox").press("Enter")
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Lee Cheong-san")
    assert "/id/character/lee-cheong-san" in page.page.url


def test_follow_links_show_season_actor_and_back(page: Watched, url: str) -> None:
    page.page.goto(url + "/id/show/all-of-us-are-dead")
    expect(page.page.get_by_role("heading", level=1)).to_have_text("All of Us Are Dead")
    page.screenshot("show")
    page.page.locator("section", has=page.page.get_by_role("heading", name="Seasons")).get_by_role(
        "link", name="All of Us Are Dead season 2").click()
    expect(page.page.get_by_role("heading", level=1)).to_have_text("All of Us Are Dead season 2")
    expect(page.page.locator(".note")).to_contain_text("As of today")
    page.screenshot("season")
    page.page.locator("section", has=page.page.get_by_role("heading", name="Cast in this season")).get_by_role(
        "link", name="Cho Yi-hyun").first.click()
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Cho Yi-hyun")
    page.screenshot("person")
    page.page.locator("section", has=page.page.get_by_role("heading", name="Credits")).get_by_role(
        "link", name="All of Us Are Dead").click()
    expect(page.page.get_by_role("heading", level=1)).to_have_text("All of Us Are Dead")
    assert page.errors == [] and page.outside(url) == []


def test_the_announcements_timeline(page: Watched, url: str) -> None:
    page.page.goto(url + "/id/season/all-of-us-are-dead-s2")
    timeline = page.page.locator("section", has=page.page.get_by_role("heading", name="Announcements timeline"))
    rows = timeline.locator("tbody tr")
    expect(rows.first).to_be_visible()
    dates = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert len(dates) >= 5 and dates == sorted(dates)
    assert "Netflix renews All of Us Are Dead for season 2" in timeline.inner_text()
    conflicting = page.page.locator("tr.conflict", has_text="expected release")
    expect(conflicting).to_contain_text("2023")
    expect(conflicting).to_contain_text("2024")
    assert serious_violations(page.page) == []


def test_keyboard_reaches_the_search_box_and_links(page: Watched, url: str) -> None:
    page.page.goto(url + "/id/person/lomon")
    page.page.keyboard.press("Tab")
    focused = page.page.evaluate("() => document.activeElement.textContent")
    assert focused == "tvkg"
    for _ in range(10):  # past the main navigation's links
        page.page.keyboard.press("Tab")
        if page.page.evaluate("() => document.activeElement.id") == "search-box":
            break
    assert page.page.evaluate("() => document.activeElement.id") == "search-box"


def test_clicking_a_node_in_the_neighbourhood_opens_its_page(page: Watched, url: str) -> None:
    page.page.goto(url + "/id/character/lee-cheong-san")
    node = page.page.locator("svg.neighbourhood a[href=\"/id/person/yoon-chan-young\"]")
    node.locator("circle").click()
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Yoon Chan-young")


def test_the_connection_panel_draws_the_path_and_links_its_nodes(page: Watched, url: str) -> None:
    page.page.goto(url + "/id/person/park-ji-hu")
    page.page.get_by_label("Another entity (a name or an IRI)").fill("yoon chanyoung")
    page.page.get_by_role("button", name="Find the connection").click()
    first = page.page.locator("figure.connection").first
    expect(first.locator("figcaption")).to_have_text("2 hops")
    expect(first.locator("ol.hops li").first).to_have_text(
        "Park Ji-hu played Nam On-jo in All of Us Are Dead (season 1; season 2 expected)")
    assert first.get_by_role("group").get_attribute("aria-label") == "Park Ji-hu → All of Us Are Dead → Yoon Chan-young"
    page.screenshot("connection-panel")
    assert serious_violations(page.page) == []
    first.locator("circle").nth(1).click()  # the show in the middle of the path
    expect(page.page.get_by_role("heading", level=1)).to_have_text("All of Us Are Dead")
    page.page.goto(url + "/id/person/park-ji-hu?connect=Now+at+Our+School")
    expect(page.page.locator("ul.choices li")).to_have_count(2)  # a shared name: a choice, not a guess
    assert page.outside(url) == [] and page.errors == []


def test_the_season_page_slider_shows_what_was_known_on_a_date(page: Watched, url: str) -> None:
    """Dragged to the start, later claims are set apart and the status line names what stood then."""
    page.page.goto(url + "/id/season/all-of-us-are-dead-s2")
    slider = page.page.get_by_label("What was known on")
    status = page.page.locator(".as-of-status")
    expect(status).to_contain_text("the latest official or reported claim was")  # today, at the end
    now = status.inner_text()
    slider.focus()
    page.page.keyboard.press("Home")
    expect(page.page.locator(".as-of-date")).to_have_text(re.compile(r"^2022-"))
    assert status.inner_text() != now
    rows = page.page.locator("table[id^=release] tbody tr")
    later = page.page.locator("table[id^=release] tbody tr.not-yet")
    assert 0 < later.count() < rows.count()
    page.page.keyboard.press("End")
    expect(later).to_have_count(0)
    expect(status).to_have_text(now)
    assert serious_violations(page.page) == [] and page.errors == []
