"""/examples: every example query grouped by task, each runnable, the page accessible, and the
same examples published as SHACL executables other tools can read and run."""

from __future__ import annotations

import pytest
import rdflib
import requests
from playwright.sync_api import expect

from tests.browser import Watched
from tests.test_entity_pages_browser import serious_violations
from tvkg.server.examples import EXAMPLES, TASKS

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def url(seed_url: str) -> str:
    return seed_url


def test_every_example_is_on_the_page_under_its_task_and_runs(page: Watched, url: str) -> None:
    page.page.goto(url + "/examples")
    for task in {e.task for e in EXAMPLES}:
        expect(page.page.get_by_role("heading", name=task.capitalize(), exact=True)).to_be_visible()
    assert page.page.locator("article.example").count() == len(EXAMPLES)
    runs = page.page.locator("a.run")
    for i in range(runs.count()):
        link = runs.nth(i).get_attribute("href")
        answer = requests.get(url + link, timeout=60, headers={"Accept": "text/html"})  # as the browser asks
        assert answer.status_code == 200 and "Query results" in answer.text, link
    page.page.get_by_role("link", name="Announcements", exact=True).click()
    expect(page.page.locator("#announcements-timeline")).to_be_in_viewport()
    page.screenshot("examples")
    assert serious_violations(page.page) == [] and page.errors == [] and page.outside(url) == []


def test_the_examples_are_published_as_shacl_executables(url: str) -> None:
    answer = requests.get(url + "/examples", headers={"Accept": "text/turtle"}, timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    executables = set(graph.subjects(rdflib.RDF.type, SH.SPARQLExecutable))
    assert len(executables) == len(EXAMPLES)
    for node in executables:
        text = next(iter(graph.objects(node, SH.select)), None) or next(graph.objects(node, SH.construct))
        assert str(next(graph.objects(node, rdflib.DCTERMS.subject))) in TASKS
        ran = requests.post(url + "/sparql", data={"query": str(text)}, timeout=60,
                            headers={"Accept": "application/sparql-results+json, text/turtle"})
        assert ran.status_code == 200, (node, ran.text)
    timeline = rdflib.URIRef(url + "/examples#announcements-timeline")
    assert str(next(graph.objects(timeline, SH.select))).startswith("#defaultView:Timeline\n")
