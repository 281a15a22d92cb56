"""The review page in headless Chromium: a curator with the update token merges a candidate, then
undoes it; without the token nothing is written; the page passes the accessibility check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import expect

from tests.browser import Watched
from tests.conftest import run_cli
from tests.server_process import running_server
from tests.test_entity_pages_browser import serious_violations
from tests.test_resolution import TWO_SOURCES

TOKEN = "review-token-0123456789"
E = "https://w3id.org/tvkg/id/"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("review")
    (folder / "two.trig").write_text(TWO_SOURCES)
    store = folder / "store"
    assert run_cli("load", "--no-validate", "--store", str(store), str(folder / "two.trig")).returncode == 0
    assert run_cli("merge", "--store", str(store)).returncode == 0
    with running_server(store, env={"TVKG_UPDATE_TOKEN": TOKEN, "TVKG_WARM_PROJECTIONS": "0"}) as base:
        yield base


def test_a_curator_merges_a_candidate_and_undoes_it(page: Watched, url: str) -> None:
    pair = f"{E}person/a-kim-ji-won {E}person/b-kim-ji-won"
    page.page.goto(url + "/review")
    candidates = page.page.locator("section", has=page.page.get_by_role("heading", name="Candidates left apart"))
    expect(candidates.locator("tbody tr")).to_have_count(1)
    expect(candidates).to_contain_text("no production or co-star in common")
    assert serious_violations(page.page) == []
    page.screenshot("review")
    candidates.locator(f'input[value="{pair}"]').check()
    candidates.get_by_label("Update token").fill(TOKEN)
    candidates.get_by_label("Your name").fill("Mina")
    candidates.get_by_role("button", name="Merge the chosen pairs").click()
    expect(page.page.get_by_role("status")).to_have_text("Done: 1 accept.")
    merges = page.page.locator("section", has=page.page.get_by_role("heading", name="Merges"))
    expect(merges).to_contain_text("accepted by Mina")
    assert requests.get(url + "/api/search", params={"q": "kim ji won"}, timeout=30).json()[0]["iri"] in pair.split()
    assert len([h for h in requests.get(url + "/api/search", params={"q": "kim ji won"}, timeout=30).json()]) == 1
    # undo it: they are different, and the next run of tvkg merge will not pair them again
    merges.locator(f'input[value="{pair}"]').check()
    merges.get_by_label("Update token").fill(TOKEN)
    merges.get_by_role("button", name="Undo: they are different").click()
    expect(page.page.get_by_role("status")).to_have_text("Done: 1 reject.")
    rejections = page.page.locator("section", has=page.page.get_by_role("heading", name="Rejected pairs"))
    expect(rejections.locator("tbody tr")).to_have_count(1)
    assert page.outside(url) == [] and page.errors == []


def test_without_the_token_nothing_is_written(url: str) -> None:
    pair = f"{E}person/a-bae-doona {E}person/b-bae-doo-na"
    before = requests.get(url + "/api/review", timeout=30).json()
    refused = requests.post(url + "/review", data={"verdict": "reject", "pair": pair, "token": "wrong"}, timeout=30)
    assert refused.status_code == 401
    assert requests.get(url + "/api/review", timeout=30).json() == before
    bad = requests.post(url + "/review", data={"verdict": "maybe", "pair": pair, "token": TOKEN}, timeout=30)
    assert bad.status_code == 400 and "verdict is one of" in bad.text
