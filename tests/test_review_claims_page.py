"""The review page of claims from news, in headless Chromium: the article with each claim's evidence
marked, a claim rejected, one corrected and the rest accepted by a curator with the update token,
after which the season page counts them; the page passes the accessibility check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import Watched
from tests.conftest import DATA, run_cli
from tests.server_process import running_server
from tests.test_entity_pages_browser import serious_violations

TOKEN = "review-token-0123456789"
ARTICLE = Path(__file__).parent / "fixtures" / "news" / "03_statement_aoud_s2_cast.txt"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("claims") / "store"
    assert run_cli("load", "--quiet", "--store", str(store), str(DATA)).returncode == 0
    assert run_cli("ingest", str(ARTICLE), "--published", "2024-01-25", "--outlet", "Netflix Korea (press release)",
                   "--store", str(store)).returncode == 0
    with running_server(store, env={"TVKG_UPDATE_TOKEN": TOKEN, "TVKG_WARM_PROJECTIONS": "0"}) as base:
        yield base


def test_a_curator_reviews_the_claims_of_an_article(page: Watched, url: str) -> None:
    page.page.goto(url + "/review/claims")
    page.page.get_by_role("link", name="Season 2 Confirms Returning Cast").click()
    marks = page.page.locator(".article-text mark")
    expect(marks.first).to_be_visible()
    claims = page.page.locator("ol.claims li")
    count = claims.count()
    assert count >= 5 and marks.count() >= 3
    assert serious_violations(page.page) == []
    page.screenshot("review-claims")
    claims.first.get_by_role("checkbox").check()
    page.page.get_by_label("Update token").fill(TOKEN)
    page.page.get_by_role("button", name="Reject the chosen claims").click()
    expect(page.page.get_by_role("status")).to_have_text("Done: reject claims.")
    expect(page.page.locator("ol.claims li")).to_have_count(count - 1)
    claim_about_release = page.page.get_by_role("link", name=re.compile(r"^ReleaseDateNews"))
    release = page.page.locator("ol.claims li", has=claim_about_release)
    expect(release.locator(".source")).to_have_text("official")
    release.get_by_text("correct claim").click()
    release.get_by_label("status").select_option("Expected")
    release.get_by_label("date").fill("2025-06")
    page.page.get_by_label("Update token").fill(TOKEN)
    release.get_by_role("button", name="Save the correction").click()
    expect(page.page.get_by_role("status")).to_have_text("Done: correct.")
    corrected = page.page.locator("ol.claims li", has=claim_about_release)
    expect(corrected.locator(".source")).to_have_text("expected")
    expect(corrected.get_by_role("link")).to_contain_text("(2025-06)")
    page.page.get_by_label("Update token").fill(TOKEN)
    page.page.get_by_role("button", name="Accept the remaining claims").click()
    expect(page.page.get_by_role("status")).to_have_text("Done: accept.")
    page.page.goto(url + "/review/claims")
    expect(page.page.get_by_role("cell", name="No article waits for review.")).to_be_visible()
    page.page.goto(url + "/id/season/all-of-us-are-dead-s2.html")
    heading = page.page.get_by_role("heading", name="Release status and how it changed")
    history = page.page.locator("section", has=heading)
    expect(history).to_contain_text("Confirms Returning Cast")
    assert page.outside(url) == [] and page.errors == []


def test_without_the_token_nothing_changes(url: str) -> None:
    import requests

    listed = requests.get(url + "/review/claims", timeout=30).text
    refused = requests.post(url + "/review/claims", data={"verdict": "accept", "graph": "x", "token": "wrong"},
                            timeout=30)
    assert refused.status_code == 401
    assert requests.get(url + "/review/claims", timeout=30).text == listed
