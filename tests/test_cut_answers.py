"""A cut answer says it was cut (SECURITY.md, "Limits"), to every kind of client.

A query past the row limit is refused before its first byte: 400 naming TVKG_MAX_ROWS, whatever
the size of its rows or the form of the query (a SELECT whose 50 rows pass 64 KiB, and a
CONSTRUCT whose template makes no triple of its first 50 solutions, were both answered 200 before:
the first cut mid-body, the second silently empty). An answer cut once begun (by the size or the
time limit) ends with a line saying why, then without the chunked body's last chunk: curl exits
18, SPARQLWrapper and rdflib's SPARQLStore raise IncompleteRead, and the Python API raises
TooLarge or a TvkgError naming the limit's setting.

The server runs with TVKG_MAX_ROWS=50, TVKG_MAX_RESULT_BYTES=300000 and TVKG_QUERY_TIMEOUT=3.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import subprocess
import urllib.error
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import tvkg
from tests.server_process import seeded_server
from tvkg.query import execute
from tvkg.server.sparql import WholeRows
from tvkg.store.generations import Store

ROWS, RESULT_BYTES, SECONDS = 50, 300_000, 3
# ?pad: 8,192 x's, built by doubling (the query text stays short)
PAD = ('BIND(CONCAT("x","x","x","x","x","x","x","x") AS ?a) BIND(CONCAT(?a,?a,?a,?a,?a,?a,?a,?a) AS ?b) '
       'BIND(CONCAT(?b,?b,?b,?b,?b,?b,?b,?b) AS ?c) '
       'BIND(CONCAT(?c,?c,?c,?c,?c,?c,?c,?c,?c,?c,?c,?c,?c,?c,?c,?c) AS ?pad)')
# Every triple of the store with 8 KiB each: far past 50 rows, and past 64 KiB within them.
PAST_THE_ROW_LIMIT = f"SELECT ?s ?pad WHERE {{ ?s ?p ?o {PAD} }}"
# 50 rows (its own LIMIT is within the row limit, so no probe holds it back) of 8 KiB: past 300,000 bytes.
PAST_THE_SIZE_LIMIT = PAST_THE_ROW_LIMIT + f" LIMIT {ROWS}"
GRAPH_PAST_THE_SIZE_LIMIT = (f"CONSTRUCT {{ ?s ?p ?padded }} WHERE {{ ?s ?p ?o {PAD} "
                             f"BIND(CONCAT(STR(?o), ?pad) AS ?padded) }} LIMIT {ROWS}")
# A predicate with 10 to 30 triples: its padded rows pass one 64 KiB chunk, not the size limit.
FEW_TRIPLES = ("SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) >= 10 && COUNT(*) <= 30) "
               "ORDER BY ?p LIMIT 1")
CSV_TYPE, TSV_TYPE, SRJ, SRX, NT = ("text/csv", "text/tab-separated-values", "application/sparql-results+json",
                                    "application/sparql-results+xml", "application/n-triples")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"TVKG_MAX_ROWS": str(ROWS), "TVKG_MAX_RESULT_BYTES": str(RESULT_BYTES),
           "TVKG_QUERY_TIMEOUT": str(SECONDS)}
    with seeded_server(tmp_path_factory.mktemp("cut"), env=env) as base:
        yield base + "/sparql"


def post(url: str, query: str, accept: str) -> requests.Response:
    return requests.post(url, data={"query": query}, headers={"Accept": accept}, timeout=30)


def curl(url: str, query: str, accept: str, output: Path) -> subprocess.CompletedProcess[str]:
    """curl -sS as a person runs it: the body to a file, the status code on stdout, errors on stderr."""
    return subprocess.run(["curl", "-sS", "-o", str(output), "-w", "%{http_code}", "-H", f"Accept: {accept}",
                           "--data-urlencode", f"query={query}", url],
                          capture_output=True, text=True, timeout=60, check=False)


def ask(url: str, query: str, fmt: str) -> object:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setMethod("POST")
    client.setReturnFormat(fmt)
    return client.query().convert()


def last_line(body: bytes) -> str:
    return body.decode().rstrip("\r\n").rsplit("\n", 1)[-1]


def past_the_time_limit(url: str) -> str:
    """A query whose first rows go out at once (a predicate's 10 to 30 padded triples), followed by
    a four-way cross product that finds nothing for far longer than the time limit."""
    predicate = post(url, FEW_TRIPLES, SRJ).json()["results"]["bindings"][0]["p"]["value"]
    return (f"SELECT ?s ?pad WHERE {{ {{ ?s <{predicate}> ?o {PAD} }} UNION "
            "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
            "FILTER(CONCAT(STR(?a), STR(?d), STR(?g), STR(?j)) = 'none') } } "
            f"LIMIT {ROWS}")


# -- past the row limit: a 400 before the first byte ----------------------------------------------


@pytest.mark.parametrize("accept", [CSV_TYPE, TSV_TYPE, SRJ, SRX])
def test_a_query_past_the_row_limit_gets_400_naming_tvkg_max_rows_not_a_cut_body(url: str, accept: str) -> None:
    """Its rows pass 64 KiB long before the 51st: it was cut mid-body before (curl: "transfer
    closed"). The query process now checks the limit before it sends anything."""
    refused = post(url, PAST_THE_ROW_LIMIT, accept)
    assert refused.status_code == 400
    assert "more than 50 results" in refused.text and "TVKG_MAX_ROWS" in refused.text
    assert refused.headers["Tvkg-Row-Limit"] == "50"


def test_a_construct_past_the_row_limit_gets_400_not_a_silently_empty_graph(url: str) -> None:
    """The template makes a triple only of solutions about one subject, which the evaluation
    reaches after the 50th solution: the answer capped at 50 solutions was empty, too small for
    the probe to run, and went out as a complete empty graph."""
    late = post(url, "SELECT ?s WHERE { ?s ?p ?o } OFFSET 500 LIMIT 1", SRJ).json()["results"]["bindings"]
    subject = late[0]["s"]["value"]
    query = f"CONSTRUCT {{ <urn:x:a> <urn:x:b> ?y }} WHERE {{ ?s ?p ?o BIND(IF(?s = <{subject}>, ?o, ?no) AS ?y) }}"
    refused = post(url, query, NT)
    assert refused.status_code == 400 and "TVKG_MAX_ROWS" in refused.text
    within = post(url, query + " LIMIT 50", NT)  # the same 50 solutions asked for: an empty graph is right
    assert within.status_code == 200 and within.text == ""


def test_curl_shows_the_row_limit_refusal_and_its_status(url: str, tmp_path: Path) -> None:
    done = curl(url, PAST_THE_ROW_LIMIT, CSV_TYPE, tmp_path / "answer.csv")
    assert done.returncode == 0 and done.stdout == "400"
    assert "the row limit of this endpoint (TVKG_MAX_ROWS)" in (tmp_path / "answer.csv").read_text()


def test_sparqlwrapper_raises_query_bad_formed_with_the_row_limit_sentence(url: str) -> None:
    with pytest.raises(QueryBadFormed, match="TVKG_MAX_ROWS"):
        ask(url, PAST_THE_ROW_LIMIT, JSON)


def test_rdflib_sparqlstore_raises_on_the_row_limit_refusal(url: str) -> None:
    """rdflib says "You did something wrong formulating either the URI or your SPARQL query" for
    any 400 and keeps the body in the HTTPError it was raised from."""
    with pytest.raises(ValueError) as raised:
        list(rdflib.Graph(store=SPARQLStore(url, returnFormat="json")).query(PAST_THE_ROW_LIMIT))
    cause = raised.value.__cause__ or raised.value.__context__
    assert isinstance(cause, urllib.error.HTTPError) and cause.code == 400


def test_the_python_api_raises_too_large_naming_tvkg_max_rows(url: str) -> None:
    with tvkg.connect(url.removesuffix("/sparql")) as graph, \
            pytest.raises(tvkg.TooLarge, match=r"more than 50 results.*\(TVKG_MAX_ROWS\)"):
        graph.sparql(PAST_THE_ROW_LIMIT)


def test_every_answer_under_the_row_limit_says_the_limit(url: str) -> None:
    """Tvkg-Row-Limit on answers from a query process, from the request's own thread (a light
    query) and from the cache, so that a client knows the most rows an answer may have."""
    for query in ("SELECT ?p WHERE { ?p a tv:Person } LIMIT 5",  # light
                  "SELECT ?s WHERE { ?s ?p ?o FILTER(isIRI(?o)) } LIMIT 5",  # a query process, then the cache
                  "SELECT ?s WHERE { ?s ?p ?o FILTER(isIRI(?o)) } LIMIT 5", "ASK { ?s ?p ?o }"):
        answer = post(url, query, SRJ)
        assert answer.status_code == 200 and answer.headers["Tvkg-Row-Limit"] == "50", query


# -- cut once begun: a last line saying why, and a body every client reports incomplete -----------


def test_curl_exits_18_on_a_cut_csv_whose_last_line_names_the_size_limit(url: str, tmp_path: Path) -> None:
    """Every line before the note is a whole row; the note opens a quoted value it never closes,
    so a CSV reader cannot take it for a row (Python's strict reader, pandas: "EOF inside string")."""
    done = curl(url, PAST_THE_SIZE_LIMIT, CSV_TYPE, tmp_path / "answer.csv")
    assert done.returncode == 18 and "transfer closed" in done.stderr
    body = (tmp_path / "answer.csv").read_bytes()
    assert last_line(body) == ('"# tvkg: this answer is incomplete: the result passed 300,000 bytes, '
                               'the size limit of this endpoint (TVKG_MAX_RESULT_BYTES)')
    text = body.decode()
    rows = list(csv.reader(io.StringIO(text[:text.rindex('"# tvkg:')], newline="")))
    assert rows[0] == ["s", "pad"] and len(rows) > 2
    assert all(len(row) == 2 and row[1] == "x" * 8192 for row in rows[1:]), "a partial row before the note"
    with pytest.raises(csv.Error):
        list(csv.reader(io.StringIO(text, newline=""), strict=True))


@pytest.mark.parametrize("accept", [TSV_TYPE, SRJ, SRX])
def test_a_cut_answer_in_any_results_format_ends_with_the_note_and_does_not_parse(url: str, accept: str) -> None:
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        post(url, PAST_THE_SIZE_LIMIT, accept)
    with requests.post(url, data={"query": PAST_THE_SIZE_LIMIT}, headers={"Accept": accept}, timeout=30,
                       stream=True) as answer:
        body = bytearray()
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for chunk in answer.iter_content(None):
                body += chunk
    assert last_line(bytes(body)).startswith('"# tvkg: this answer is incomplete: the result passed 300,000 bytes')
    if accept == TSV_TYPE:
        lines = bytes(body).decode().split("\n")
        assert all(line.count("\t") == 1 for line in lines[:-2]), "a partial row before the note"
    elif accept == SRJ:
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)
    else:
        with pytest.raises(ET.ParseError):
            ET.fromstring(bytes(body))


def test_a_cut_graph_ends_with_the_note_and_does_not_parse(url: str) -> None:
    with requests.post(url, data={"query": GRAPH_PAST_THE_SIZE_LIMIT}, headers={"Accept": NT}, timeout=30,
                       stream=True) as answer:
        assert answer.status_code == 200
        body = bytearray()
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for chunk in answer.iter_content(None):
                body += chunk
    assert "(TVKG_MAX_RESULT_BYTES)" in last_line(bytes(body))
    with pytest.raises(Exception):  # noqa: B017 -- whatever rdflib's parser raises, it must not give a graph
        rdflib.Graph().parse(data=bytes(body).decode(), format="nt")


@pytest.mark.parametrize("fmt", [JSON, CSV])
def test_sparqlwrapper_raises_incomplete_read_on_a_cut_answer(url: str, fmt: str) -> None:
    with pytest.raises(http.client.IncompleteRead):
        ask(url, PAST_THE_SIZE_LIMIT, fmt)


def test_rdflib_sparqlstore_raises_incomplete_read_on_a_cut_answer(url: str) -> None:
    with pytest.raises(http.client.IncompleteRead):
        list(rdflib.Graph(store=SPARQLStore(url, returnFormat="json")).query(PAST_THE_SIZE_LIMIT))


def test_the_python_api_raises_too_large_naming_the_size_limit_on_a_cut_answer(url: str) -> None:
    """Not "cannot reach the tvkg server ... Response ended prematurely": the API reads the note."""
    with tvkg.connect(url.removesuffix("/sparql")) as graph, \
            pytest.raises(tvkg.TooLarge, match=r"was cut after [\d,]+ bytes: the result passed 300,000 bytes, "
                                               r"the size limit of this endpoint \(TVKG_MAX_RESULT_BYTES\)"):
        graph.sparql(PAST_THE_SIZE_LIMIT)


def test_an_answer_cut_by_the_time_limit_names_it_to_curl_and_to_the_python_api(url: str, tmp_path: Path) -> None:
    """The first rows go out at once; the query is stopped at its time limit, mid-answer. The API
    raises a TvkgError (not TooLarge: asking less would not help) naming TVKG_QUERY_TIMEOUT."""
    query = past_the_time_limit(url)
    done = curl(url, query, SRJ, tmp_path / "answer.json")
    assert done.returncode == 18
    assert last_line((tmp_path / "answer.json").read_bytes()) == (
        f'"# tvkg: this answer is incomplete: the query was stopped after {SECONDS} s, '
        'the time limit of this endpoint (TVKG_QUERY_TIMEOUT)')
    with tvkg.connect(url.removesuffix("/sparql")) as graph, \
            pytest.raises(tvkg.TvkgError, match=r"was cut after .*\(TVKG_QUERY_TIMEOUT\)") as raised:
        graph.sparql(query)
    assert not isinstance(raised.value, tvkg.TooLarge)


def test_whole_answers_with_quoted_line_breaks_are_unchanged_by_row_at_a_time_sending(url: str) -> None:
    """CSV values with line breaks and quotes, over several chunks: every byte arrives, in order."""
    query = (f'SELECT ?s ?v WHERE {{ ?s ?p ?o {PAD} BIND(CONCAT(SUBSTR(?pad, 1, 3000), "\\n\\"q\\",\\r\\n", STR(?o)) '
             f"AS ?v) }} LIMIT {ROWS}")
    answer = post(url, query, CSV_TYPE)
    assert answer.status_code == 200 and len(answer.content) > 64 * 1024
    rows = list(csv.reader(io.StringIO(answer.content.decode(), newline="")))
    assert len(rows) == ROWS + 1 and all(row[1].startswith("x" * 3000 + '\n"q",\r\n') for row in rows[1:])


@pytest.mark.parametrize("quoted", [True, False])
def test_whole_rows_splits_chunks_only_after_a_row(quoted: bool) -> None:
    """However the chunks fall, each piece sent ends a row, and together they are the answer."""
    rows = ['s,v\r\n', '<a>,"one\r\ntwo ""quoted"", three"\r\n', "<b>,plain\r\n", '<c>,"\n\n"\r\n', "<d>,last\r\n"]
    if not quoted:
        rows = ["?s\t?v\n", '<a>\t"one\\ntwo"\n', "<b>\t1\n", "<c>\t\n"]
    answer = "".join(rows).encode()
    for size in range(1, len(answer) + 1):
        whole = WholeRows(quoted)
        pieces = [whole.take(answer[i:i + size]) for i in range(0, len(answer), size)]
        assert b"".join(pieces) + whole.pending == answer
        ends = {len("".join(rows[:n]).encode()) for n in range(len(rows) + 1)}
        sent = 0
        for piece in pieces:
            sent += len(piece)
            assert sent in ends, (size, piece)


@pytest.mark.parametrize("query", [
    "CONSTRUCT { <urn:x:a> <urn:x:b> ?unbound } WHERE { ?s ?p ?o }",  # the template makes nothing
    "CONSTRUCT { <urn:x:a> <urn:x:b> <urn:x:c> } WHERE { ?s ?p ?o }",  # one triple, however many solutions
    "DESCRIBE ?x WHERE { VALUES ?x { <urn:x:1> <urn:x:2> <urn:x:3> <urn:x:4> <urn:x:5> <urn:x:6> } }",  # no triples
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o }",
])
def test_the_row_limit_counts_solutions_whatever_triples_a_template_makes(query: str) -> None:
    """The probe of a CONSTRUCT or DESCRIBE asks with a template that makes a triple of every
    solution: as written, it found nothing past the limit for these."""
    with Store.memory() as store:
        for i in range(6):
            store.ox.add(ox.Quad(ox.NamedNode(f"urn:x:s{i}"), ox.NamedNode("urn:x:p"), ox.Literal(str(i))))
        assert isinstance(execute.past_row_limit(store, query, 5), execute.TooManyRows)
        assert execute.past_row_limit(store, query, 6) is None
