"""Headless Debian Chromium driven by Playwright, for the page tests (never a downloaded browser).

The flags keep Chromium from reaching for Google's services, which this machine's closed network
refuses; a page under test must not reach anything but the server on loopback anyway.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ROOT
from tests.server_process import seeded_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions"]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Chromium with a fresh, empty profile (Playwright makes one per launch)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page with every request URL and every script error recorded, to assert on afterwards;
    a Content-Security-Policy violation counts as an error."""

    def __init__(self, page: Page) -> None:
        self.page, self.requests, self.errors = page, [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text)
                if m.type == "error" and "Content Security Policy" in m.text else None)

    def outside(self, base: str) -> list[str]:
        """Requests that went anywhere but ``base`` (the server under test)."""
        return [u for u in self.requests if not u.startswith((base, "data:", "blob:", "about:"))]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="module")
def seed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running server over the curated data/ (read-only), for page tests."""
    with seeded_server(tmp_path_factory.mktemp("seed-server")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Watched]:
    """A fresh page (its own context, 1280 x 900) whose requests and script errors are watched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()
