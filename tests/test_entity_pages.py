"""Entity pages over HTTP: 303 content negotiation, formats that parse back to the same triples,
conditional requests, a helpful 404, search, and data that tries to inject HTML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.conftest import DATA, run_cli
from tests.server_process import running_server

SHOW = "/id/show/all-of-us-are-dead"
FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
HOSTILE = """@prefix tv: <https://w3id.org/tvkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/tvkg/id/show/hostile> a tv:Show ;
    skos:prefLabel "<script>alert('label')</script>"@en ;
    skos:altLabel "\\"quoted\\" & <b>bold</b>"@en ;
    rdfs:comment "</script><script>alert(2)</script>"@en ;
    tv:relatedTo <javascript:alert(3)> .
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("pages")
    hostile = folder / "hostile.ttl"
    hostile.write_text(HOSTILE)
    store = folder / "store"
    assert run_cli("load", "--store", str(store), str(DATA)).returncode == 0
    result = run_cli("load", "--store", str(store), "--no-validate", str(hostile))
    assert result.returncode == 0, result.stderr
    with running_server(store) as base:
        yield base


def test_the_entity_iri_redirects_by_accept(url: str) -> None:
    for accept, suffix in [("text/html", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
                           ("application/n-triples", "nt"), ("application/rdf+xml", "rdf")]:
        response = requests.get(url + SHOW, headers={"Accept": accept}, allow_redirects=False, timeout=10)
        assert response.status_code == 303 and response.headers["Location"].endswith(f"{SHOW}.{suffix}")
        assert response.headers["Vary"] == "Accept"


def test_every_format_parses_back_into_the_same_triples(url: str) -> None:
    graphs = {}
    for suffix, rdflib_format in FORMATS.items():
        response = requests.get(f"{url}{SHOW}.{suffix}", timeout=10)
        assert response.status_code == 200
        graphs[suffix] = Graph().parse(data=response.text, format=rdflib_format)
    assert len(graphs["ttl"]) > 50
    for suffix, graph in graphs.items():
        assert isomorphic(graph, graphs["nt"]), suffix


def test_the_description_includes_cast_parts_and_labels_of_linked_entities(url: str) -> None:
    nt = requests.get(f"{url}{SHOW}.nt", timeout=10).text
    assert "<https://w3id.org/tvkg/id/role/all-of-us-are-dead-lomon> <https://w3id.org/tvkg/ontology#actor>" in nt
    assert '<https://w3id.org/tvkg/id/person/lomon> <http://www.w3.org/2004/02/skos/core#prefLabel> "Lomon"@en' in nt


def test_conditional_requests_get_304(url: str) -> None:
    first = requests.get(f"{url}{SHOW}.html", timeout=10)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = requests.get(f"{url}{SHOW}.html", headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and again.content == b""


def test_an_unknown_iri_gets_a_404_with_suggestions(url: str) -> None:
    response = requests.get(url + "/id/person/lomon-typo", timeout=10)
    assert response.status_code == 404
    assert 'href="/id/person/lomon"' in response.text and "Did you mean" in response.text


def test_external_iris_are_shown_at_page(url: str) -> None:
    response = requests.get(url + "/page", params={"iri": "http://www.wikidata.org/entity/Q95074"}, timeout=10)
    assert response.status_code == 200 and "What links here" in response.text
    assert requests.get(url + "/page", params={"iri": "not an iri"}, timeout=10).status_code == 400


def test_html_in_the_data_is_text_never_markup(url: str) -> None:
    page = requests.get(url + "/id/show/hostile.html", timeout=10).text
    assert "<script>alert" not in page and "</script><script>" not in page
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript:' not in page
    # The embedded JSON-LD cannot close its script element either.
    json_ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_ld


def test_search_api_ignores_case_accents_hyphens_and_spaces(url: str) -> None:
    for query in ("yoon chanyoung", "YOON CHAN-YOUNG", "Yoon Chan-yeong"):
        hits = requests.get(url + "/api/search", params={"q": query}, timeout=10).json()
        assert hits[0]["iri"] == "https://w3id.org/tvkg/id/person/yoon-chan-young", query
        assert hits[0]["url"] == "/id/person/yoon-chan-young"
    assert requests.get(url + "/api/search", params={"q": "x", "limit": "many"}, timeout=10).status_code == 400


def test_ontology_page_lists_every_class(url: str) -> None:
    page = requests.get(url + "/ontology", timeout=10).text
    for name in ("Show", "Season", "CastRole", "Announcement", "Webtoon"):
        assert f'id="{name}"' in page


def test_pages_embed_schema_org(url: str) -> None:
    page = requests.get(f"{url}{SHOW}.html", timeout=10).text
    json_ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert '"TVSeries"' in json_ld and '"name": "All of Us Are Dead"' in json_ld


def test_paths_outside_the_namespace_are_not_found(url: str) -> None:
    assert requests.get(url + "/id/../../etc/passwd", timeout=10).status_code == 404
