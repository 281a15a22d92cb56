"""A query that does not parse is answered with what to do about it, the same through the endpoint,
`tvkg query` and the Python API: the undeclared prefix named, the keyword a query begins with, an
update sent as a query sent where updates go; the line quoted with a caret under the column. The
parser's own message is kept: ``error.detail``, and ``"detail"`` in a JSON refusal."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import tvkg
from tests.conftest import DATA, assert_clean_failure, run_cli
from tests.server_process import running_server
from tvkg.errors import NotAQuery, QuerySyntaxError

UNDECLARED = "SELECT * WHERE { ?s foo:bar ?o }"
MISSPELT = "SELEC ?x WHERE {}"
UPDATE = "INSERT DATA { <urn:t:a> <urn:t:b> <urn:t:c> }"

# What a person sees for each, after the "SPARQL syntax error at line L, column C: " that starts it.
PREFIX_SAYS = ('the prefix "foo:" is not declared; declare it with PREFIX foo: <...>, or use one of the known '
               "prefixes, which every query has: tv, tvkg, tvg, tvf, show, season, episode, person")
PREFIX_QUOTED = "\n  SELECT * WHERE { ?s foo:bar ?o }\n                      ^"
KEYWORD_SAYS = ('expected SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE), not "SELEC"; '
                "did you mean SELECT?\n  SELEC ?x WHERE {}\n  ^")
UPDATE_SAYS = "this is a SPARQL Update (INSERT DATA), not a query: a query begins with SELECT, CONSTRUCT, ASK or " \
              "DESCRIBE, and only reads."


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query-errors") / "store"
    result = run_cli("load", "--quiet", "--store", str(path), str(DATA))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def graph(store: Path) -> Iterator[tvkg.Graph]:
    with tvkg.open(store) as opened:
        yield opened


@pytest.fixture(scope="module")
def url(store: Path) -> Iterator[str]:
    with running_server(store) as base:
        yield base


def sparql(url: str, query: str, accept: str = "application/sparql-results+json") -> requests.Response:
    return requests.get(url + "/sparql", params={"query": query}, headers={"Accept": accept}, timeout=30)


# -- through the endpoint --------------------------------------------------------------------------

def test_the_endpoint_names_an_undeclared_prefix(url: str) -> None:
    answer = sparql(url, UNDECLARED)
    assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("text/plain")
    assert answer.text.startswith(f"SPARQL syntax error at line 1, column 21: {PREFIX_SAYS}")
    assert answer.text.rstrip().endswith(", pq, sh" + PREFIX_QUOTED)
    assert "Prefix not found" not in answer.text and "u{00B7}" not in answer.text


def test_the_endpoint_says_which_keyword_a_query_begins_with(url: str) -> None:
    answer = sparql(url, MISSPELT)
    assert answer.status_code == 400
    assert answer.text == f"SPARQL syntax error at line 1, column 1: {KEYWORD_SAYS}\n"


def test_an_update_sent_as_a_query_is_told_where_updates_go(url: str) -> None:
    answer = sparql(url, UPDATE)
    assert answer.status_code == 400
    assert answer.text.startswith(f"SPARQL syntax error at line 1, column 1: {UPDATE_SAYS} Send it to this endpoint "
                                  "as update= in a POST (form-encoded, or the update itself as the body with "
                                  "Content-Type: application/sparql-update), with the update token: "
                                  "'Authorization: Bearer <token>'. This endpoint is read-only, though: it takes "
                                  "updates only when started with TVKG_UPDATE_TOKEN.\n  INSERT DATA")
    assert "expected CONSTRUCT" not in answer.text


def test_a_json_refusal_keeps_the_parsers_message_as_detail(url: str) -> None:
    query = "SELECT ?o WHERE { show:all-of-us-are-dead foo:bar ?o }"  # light: answered in the server's thread
    answer = sparql(url, query, accept="application/json")
    assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("application/json")
    refusal = answer.json()
    assert refusal["error"].startswith('SPARQL syntax error at line 1, column 43: the prefix "foo:" is not declared')
    assert refusal["detail"].startswith("error at 1:50: expected one of Prefix not found, ['%']")
    assert (refusal["line"], refusal["column"]) == (1, 43)


def test_a_json_refusal_from_a_query_process_keeps_the_detail_too(url: str) -> None:
    refusal = sparql(url, UNDECLARED, accept="application/json").json()
    assert refusal["detail"].startswith("error at 1:28: expected one of Prefix not found")


def test_json_only_for_a_client_that_asks_for_it(url: str) -> None:
    for accept in ("*/*", "application/sparql-results+json,*/*;q=0.9", "text/html"):
        answer = sparql(url, MISSPELT, accept=accept)
        assert answer.status_code == 400 and answer.headers["Content-Type"].startswith("text/plain"), accept


def test_the_remote_api_keeps_the_detail(url: str) -> None:
    with pytest.raises(tvkg.QueryError) as caught:
        tvkg.connect(url).sparql("SELECT ?o WHERE { show:all-of-us-are-dead foo:bar ?o }")
    assert str(caught.value).startswith('SPARQL syntax error at line 1, column 43: the prefix "foo:"')
    assert caught.value.detail is not None and "Prefix not found" in caught.value.detail


# -- through tvkg query ----------------------------------------------------------------------------

def test_tvkg_query_names_an_undeclared_prefix(store: Path) -> None:
    result = run_cli("query", "--store", str(store), UNDECLARED)
    assert_clean_failure(result, f"error: SPARQL syntax error at line 1, column 21: {PREFIX_SAYS}", PREFIX_QUOTED)
    assert "Prefix not found" not in result.stderr


def test_tvkg_query_says_which_keyword_a_query_begins_with(store: Path) -> None:
    result = run_cli("query", "--store", str(store), MISSPELT)
    assert_clean_failure(result, f"error: SPARQL syntax error at line 1, column 1: {KEYWORD_SAYS}")


def test_tvkg_query_tells_an_update_where_updates_go(store: Path) -> None:
    result = run_cli("query", "--store", str(store), UPDATE)
    assert_clean_failure(result, f"error: SPARQL syntax error at line 1, column 1: {UPDATE_SAYS} Updates go to a "
                                 "tvkg server: POST them as update=, with the server's update token (tvkg query "
                                 "and tvkg.open() only read).")


def test_the_line_quoted_is_the_one_at_fault(store: Path) -> None:
    query = "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n\t?s a shw:Show .\n}"
    result = run_cli("query", "--store", str(store), query)
    assert_clean_failure(result, 'at line 3, column 7: the prefix "shw:" is not declared (did you mean show:?)')
    quoted, caret = result.stderr.splitlines()[-2:]  # the terminal shows tabs as spaces, the same in both
    assert quoted.strip() == "?s a shw:Show ." and caret.index("^") == quoted.index("shw:")


# -- through the Python API ------------------------------------------------------------------------

def test_the_python_api_raises_with_the_parsers_message_as_detail(graph: tvkg.Graph) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        graph.sparql(UNDECLARED)
    error = caught.value
    assert isinstance(error, tvkg.QueryError) and (error.line, error.column) == (1, 21)
    assert str(error).startswith(f"SPARQL syntax error at line 1, column 21: {PREFIX_SAYS}")
    assert error.detail is not None and error.detail.startswith("error at 1:28: expected one of Prefix not found")
    with pytest.raises(NotAQuery) as update:
        graph.sparql(UPDATE)
    assert update.value.operation == "INSERT DATA" and update.value.detail == "error at 1:10: expected CONSTRUCT"


def test_the_error_crosses_a_process_boundary_whole() -> None:
    error = NotAQuery("CLEAR", "Ask elsewhere.", line=1, column=1, text="CLEAR ALL", detail="expected CONSTRUCT")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.detail, copy.operation, copy.line) == \
        (NotAQuery, str(error), "expected CONSTRUCT", "CLEAR", 1)
    assert str(copy.advised("Send it as update=.")).startswith(str(error).split(" Ask elsewhere.")[0])


@pytest.mark.parametrize(("query", "says"), [
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY", 'at line 1, column 38: expected one of "$", "(", ":", "<", "?"\n'),
    ("SELECT * WHERE { ?s ?p ?o } }", "at line 1, column 29: this } closes no {\n"),
    ("SELECT * WHERE { ?s ?p _:b . ?s ?p ?o FILTER(?o = 'x:y') }", None),  # valid: a blank node, a string
    ("", "SPARQL syntax error: there is no query: it begins with SELECT, CONSTRUCT, ASK or DESCRIBE"),
    ("SELECT * WHERE { ?s ?p <http://a b> }", "expected a valid IRI"),
])
def test_other_errors_keep_the_parsers_words_without_its_character_classes(graph: tvkg.Graph, query: str,
                                                                           says: str | None) -> None:
    if says is None:
        graph.sparql(query)
        return
    with pytest.raises(QuerySyntaxError) as caught:
        graph.sparql(query)
    assert says in str(caught.value) and "['A' ..= 'Z'" not in str(caught.value)
