"""The load test's users (run by benchmarks/load.py through locust): researchers browsing pages,
searching, querying and asking relationship questions, and a few users sending explosive queries.

The entity IRIs come from the file named by TVKG_LOAD_ENTITIES (one "kind iri" per line).
"""

from __future__ import annotations

import os
import random
import time

from locust import HttpUser, between, constant, task

PREFIX = "PREFIX tv: <https://w3id.org/tvkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RESULTS = {"Accept": "application/sparql-results+json"}


def _entities() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"person": [], "show": []}
    with open(os.environ["TVKG_LOAD_ENTITIES"], encoding="utf-8") as lines:
        for line in lines:
            kind, iri = line.split()
            found[kind].append(iri)
    return found


ENTITIES = _entities()


def _path(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/tvkg") + ".html"


class Researcher(HttpUser):
    """Browses pages, searches, runs small queries and asks how two people are connected."""

    weight = 30
    wait_time = between(0.2, 1.0)

    @task(5)
    def page(self) -> None:
        kind = random.choice(["person", "show"])
        self.client.get(_path(random.choice(ENTITIES[kind])), name=f"page: {kind}")

    @task(2)
    def search(self) -> None:
        self.client.get("/api/search", params={"q": random.choice(["kim", "park", "lee", "night", "school"])},
                        name="search")

    @task(3)
    def lookup(self) -> None:
        person = random.choice(ENTITIES["person"])
        self.client.get("/sparql", params={"query": f"SELECT ?p ?o WHERE {{ <{person}> ?p ?o }}"}, headers=RESULTS,
                        name="sparql: lookup")

    @task(1)
    def cast(self) -> None:
        show = random.choice(ENTITIES["show"])
        query = PREFIX + (f"SELECT ?actor ?name WHERE {{ <{show}> tv:hasCastRole/tv:actor ?actor . "
                          "?actor skos:prefLabel ?name }")
        self.client.get("/sparql", params={"query": query}, headers=RESULTS, name="sparql: cast of a show")

    @task(1)
    def path(self) -> None:
        a, b = random.sample(ENTITIES["person"], 2)
        self.client.get("/api/path", params={"from": a, "to": b}, name="relationship: path")


class Explosive(HttpUser):
    """Sends a cross product of the whole graph with itself, again and again (stopped at the time
    limit). Turned away, it waits as long as Retry-After says, unless TVKG_LOAD_IGNORE_RETRY is set:
    then it resubmits at once, like a client that ignores the header."""

    fixed_count = 10
    wait_time = constant(0)

    @task
    def explode(self) -> None:
        with self.client.get("/sparql", params={"query": EXPLOSIVE}, headers=RESULTS, name="explosive query",
                             catch_response=True, timeout=120) as response:
            if response.status_code in (503, 504, 500):  # stopped or turned away, as it should be
                response.success()
            retry = response.headers.get("Retry-After")
        if retry and not os.environ.get("TVKG_LOAD_IGNORE_RETRY"):
            time.sleep(float(retry))  # gevent makes this a cooperative sleep
