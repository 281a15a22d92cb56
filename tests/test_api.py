"""The Python API (``import tvkg``): every method on a local store (``tvkg.open``) and on a running
server (``tvkg.connect``), over the bundled data `tvkg init` builds; the two give equal answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pandas as pd
import polars as pl
import pytest
import rdflib

import tvkg
from tests.server_process import running_server
from tvkg.api import IRI, LangString, PartialDate, TypedLiteral
from tvkg.api.magic import run_cell
from tvkg.api.results import Results

AOUD = "https://w3id.org/tvkg/id/show/all-of-us-are-dead"
PARK = "https://w3id.org/tvkg/id/person/park-ji-hu"
TYPED = """SELECT ?i ?d ?f ?b ?y ?m ?day ?when ?ko ?iri ?odd WHERE {
  VALUES (?i ?d ?f ?b ?y ?m ?day ?when ?ko ?iri ?odd) {
    (2 1.50 1.0e0 true "2023"^^xsd:gYear "2022-06"^^xsd:gYearMonth "2024-02-29"^^xsd:date
     "2023-03-01T10:00:00Z"^^xsd:dateTime "지금 우리 학교는"@ko show:all-of-us-are-dead "soon"^^xsd:date)
    (UNDEF 0.25 2.5e0 false "2024"^^xsd:gYear UNDEF UNDEF UNDEF "All of Us Are Dead"@en UNDEF UNDEF) } }"""


@pytest.fixture(scope="module")
def server_url(bundled_store: Path) -> Iterator[str]:
    # The first query over the merged view copies the whole catalogue into memory: on a loaded
    # two-core machine that took past the default 30 s limit, which is not what is tested here.
    with running_server(bundled_store, env={"TVKG_QUERY_TIMEOUT": "600"}) as url:
        yield url


@pytest.fixture(scope="module")
def local(bundled_store: Path) -> Iterator[tvkg.api.Graph]:
    with tvkg.open(bundled_store) as graph:
        yield graph


@pytest.fixture(scope="module")
def remote(server_url: str) -> Iterator[tvkg.api.Graph]:
    with tvkg.connect(server_url) as graph:
        yield graph


@pytest.fixture(params=["local", "remote"])
def kg(request: pytest.FixtureRequest) -> tvkg.api.Graph:
    return request.getfixturevalue(request.param)


# -- sparql ------------------------------------------------------------------------------------------

def test_select_rows_are_python_values_of_every_kind(kg: tvkg.api.Graph) -> None:
    first, second = kg.sparql(TYPED)
    assert first["i"] == 2 and type(first["i"]) is int
    assert first["d"] == Decimal("1.50") and isinstance(first["d"], Decimal)
    assert first["f"] == 1.0 and first["b"] is True and second["b"] is False
    assert first["y"] == PartialDate(2023) and first["y"].precision == "year"
    assert (first["y"].start, first["y"].end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert first["m"].precision == "month" and first["m"].end == dt.date(2022, 6, 30) and str(first["m"]) == "2022-06"
    assert first["day"] == PartialDate(2024, 2, 29) and first["day"].precision == "day"
    assert first["when"] == dt.datetime(2023, 3, 1, 10, tzinfo=dt.UTC)
    assert isinstance(first["ko"], LangString) and first["ko"].language == "ko" and first["ko"] == "지금 우리 학교는"
    assert isinstance(first["iri"], IRI) and first["iri"] == AOUD and first["iri"].short == "show:all-of-us-are-dead"
    assert isinstance(first["odd"], TypedLiteral) and first["odd"].datatype.endswith("#date")  # kept, not guessed
    assert "i" not in second  # unbound


def test_to_pandas_types_each_column(kg: tvkg.api.Graph) -> None:
    frame = kg.sparql(TYPED).to_pandas()
    assert str(frame["i"].dtype) == "Int64" and frame["i"].isna().tolist() == [False, True]
    assert frame["f"].dtype == "float64" and str(frame["b"].dtype) == "boolean"
    assert frame["d"].tolist() == [Decimal("1.50"), Decimal("0.25")]
    assert frame["y"].dtype == pd.PeriodDtype("Y") and frame["y"][1] == pd.Period("2024", freq="Y")
    assert frame["m"].dtype == pd.PeriodDtype("M") and frame["day"].dtype == pd.PeriodDtype("D")
    assert str(frame["when"].dtype).startswith("datetime64") and frame["when"][0].tzinfo is not None
    assert [t.language for t in frame["ko"]] == ["ko", "en"]
    assert frame.attrs["tvkg"]["iri"] == "iri" and frame.attrs["tvkg"]["ko"] == "langstring"


def test_mixed_date_precisions_keep_a_period_each(kg: tvkg.api.Graph) -> None:
    frame = kg.sparql("""SELECT ?date WHERE { VALUES ?date { "2023"^^xsd:gYear "2022-06"^^xsd:gYearMonth
                                                          "2024-02-29"^^xsd:date } }""").to_pandas()
    assert [p.freqstr for p in frame["date"]] == ["Y-DEC", "M", "D"]
    assert frame.attrs["tvkg"]["date"] == "date"


def test_to_polars_types_each_column(kg: tvkg.api.Graph) -> None:
    frame = kg.sparql(TYPED).to_polars()
    schema = frame.schema
    assert schema["i"] == pl.Int64 and schema["f"] == pl.Float64 and schema["b"] == pl.Boolean
    assert isinstance(schema["d"], pl.Decimal) and frame["d"].to_list() == [Decimal("1.50"), Decimal("0.25")]
    assert schema["day"] == pl.Date and isinstance(schema["when"], pl.Datetime)
    assert frame["y"].to_list()[0] == {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31), "precision": "year"}
    assert frame["ko"].to_list() == [{"text": "지금 우리 학교는", "language": "ko"},
                                     {"text": "All of Us Are Dead", "language": "en"}]
    assert frame["iri"].to_list() == [AOUD, None]


def test_ask_and_construct(kg: tvkg.api.Graph) -> None:
    assert kg.sparql("ASK { show:all-of-us-are-dead a tv:Show }") is True
    assert kg.sparql("ASK { show:all-of-us-are-dead a tv:Person }") is False
    built = kg.sparql("CONSTRUCT { ?s a tv:Show } WHERE { ?s skos:prefLabel 'All of Us Are Dead'@en ; a tv:Show }")
    assert isinstance(built, rdflib.Graph)
    assert (rdflib.URIRef(AOUD), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/tvkg/ontology#Show")) in built


def test_the_bundled_data_is_there(kg: tvkg.api.Graph) -> None:
    [row] = kg.sparql("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a tv:Show }")
    assert row["n"] >= 2677  # the seed's show and the Netflix catalogue's


def test_a_bad_query_names_what_is_wrong(kg: tvkg.api.Graph) -> None:
    with pytest.raises(tvkg.QueryError, match=r"(?i)line 1"):
        kg.sparql("SELECT ?x WHERE { ?x a }")


def test_as_of_sees_only_the_claims_stated_by_then(kg: tvkg.api.Graph) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a tv:Announcement } }"
    assert kg.sparql(count)[0]["n"] == 10
    assert kg.sparql(count, as_of="2022-01-01")[0]["n"] == 0
    with pytest.raises(tvkg.TvkgError, match="YYYY-MM-DD"):
        kg.sparql(count, as_of="last spring")


def test_merged_view_counts_a_merged_person_once(kg: tvkg.api.Graph) -> None:
    count = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a tv:Person }"
    merges = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a owl:sameAs ?b } ?a a tv:Person }")[0]["n"]
    assert merges >= 15  # the catalogue's spellings of one name (Joaquín Cosío, Joaquin Cosio; Bae Doona, Doona Bae)
    assert kg.sparql(count, merged=True)[0]["n"] == kg.sparql(count)[0]["n"] - merges  # each merged person once


# -- entities ----------------------------------------------------------------------------------------

def test_entity_by_name_has_every_language_types_and_sourced_statements(kg: tvkg.api.Graph) -> None:
    show = kg.entity("All of Us Are Dead")
    assert show.iri == AOUD and show.label == "All of Us Are Dead"
    assert show.labels["ko"] == ["지금 우리 학교는"] and "All of Us Are Dead" in show.labels["en"]
    assert "tv:Show" in [t.short for t in show.types]
    based_on = [s for s in show.statements if s.property.short == "tv:basedOn"]
    assert based_on and based_on[0].text == "All of Us Are Dead (webtoon)"
    assert based_on[0].sources[0].status == "Reported" and based_on[0].sources[0].document
    assert show["tv:basedOn"] == [based_on[0].value]
    assert any(s.property.short == "tv:hasCastRole" or s.label for s in show.incoming)


def test_entity_of_a_merged_person_lists_the_merged_iri(kg: tvkg.api.Graph) -> None:
    spellings = {"https://w3id.org/tvkg/id/person/netflix-james-landry-hebert",
                 "https://w3id.org/tvkg/id/person/netflix-james-landry-hébert"}
    person = kg.entity("https://w3id.org/tvkg/id/person/netflix-james-landry-hebert")
    assert {person.iri, *person.merged} == spellings and len(person.merged) == 1
    assert kg.entity("https://w3id.org/tvkg/id/person/netflix-james-landry-hébert") == person
    assert kg.entity("person:netflix-james-landry-hebert") == person  # prefixed names work too


def test_resolution_says_what_was_merged_and_what_was_left_apart(kg: tvkg.api.Graph) -> None:
    found = kg.resolution(top=50)
    merges = {frozenset((m.a, m.b)): m for m in found.merges}
    merge = merges[frozenset(("https://w3id.org/tvkg/id/person/netflix-james-landry-hebert",
                              "https://w3id.org/tvkg/id/person/netflix-james-landry-hébert"))]
    assert "same name" in merge.reason and merge.graph.startswith("https://w3id.org/tvkg/graph/merge/")
    squid = merges[frozenset(("https://w3id.org/tvkg/id/show/netflix-s34", "https://w3id.org/tvkg/id/show/squid-game"))]
    assert "the same network or streaming service (netflix)" in squid.reason
    assert len(found.candidates) == 50 and found.candidates[0].score >= found.candidates[-1].score
    assert any("two romanisations" in c.reason for c in found.candidates)
    assert found.rejections == []


def test_unknown_and_ambiguous_names_raise_with_suggestions(kg: tvkg.api.Graph) -> None:
    with pytest.raises(tvkg.UnknownEntity) as unknown:
        kg.entity("Kim")
    suggested = [hit.label for hit in unknown.value.suggestions]  # names starting so, the most credited first
    assert len(suggested) == 10 and all(label.startswith("Kim") for label in suggested), suggested
    with pytest.raises(tvkg.AmbiguousName) as ambiguous:
        kg.entity("Dave Chappelle")
    assert len(ambiguous.value.candidates) >= 2


def test_search_finds_any_spelling(kg: tvkg.api.Graph) -> None:
    hits = kg.search("park jihu", limit=3)
    assert hits[0].iri == PARK and hits[0].kind == "Person"


# -- relationships -----------------------------------------------------------------------------------

def test_path_explains_each_hop(kg: tvkg.api.Graph) -> None:
    [first, *_] = kg.path("Park Ji-hu", "Yoon Chan-young", k=2)
    assert first.nodes[0].iri == PARK and first.length == len(first.steps) >= 1
    assert "Park Ji-hu played Nam On-jo in All of Us Are Dead" in first.steps[0].sentence


def test_separation_and_its_distribution(kg: tvkg.api.Graph) -> None:
    found = kg.separation("Park Ji-hu", "Yoon Chan-young")
    assert found is not None and found.degrees == 1
    assert found.people[0].iri == PARK and found.shared[0][0].iri == AOUD
    assert kg.separations("Park Ji-hu")[0] == 1 and kg.separations("Park Ji-hu")[1] >= 5


def test_rank_and_collaborators(kg: tvkg.api.Graph) -> None:
    ranked = kg.rank("degree", kind="Production", top=3)
    assert len(ranked) == 3 and all(r.kind == "Production" for r in ranked)
    assert ranked[0].score >= ranked[1].score >= ranked[2].score
    with pytest.raises(tvkg.TvkgError, match="unknown measure"):
        kg.rank("fame")
    together = kg.collaborators("Park Ji-hu", top=3)
    assert len(together) == 3 and all(c.productions[0].iri == AOUD for c in together)


def test_projection_is_a_networkx_graph(kg: tvkg.api.Graph) -> None:
    graph = kg.projection("collaboration")
    assert isinstance(graph, nx.Graph) and graph.number_of_nodes() > 10_000
    assert graph.has_edge(PARK, "https://w3id.org/tvkg/id/person/yoon-chan-young")
    assert graph.nodes[PARK]["label"] == "Park Ji-hu"
    assert AOUD in graph.edges[PARK, "https://w3id.org/tvkg/id/person/yoon-chan-young"]["productions"]
    credits = kg.projection("credits")
    assert credits.nodes[AOUD]["kind"] == "Production"
    assert any(c["role"] == "actor" for c in credits.edges[PARK, AOUD]["credits"])
    with pytest.raises(tvkg.TvkgError, match="unknown projection"):
        kg.projection("friends")


def test_a_server_sends_no_projection_past_its_row_limit(bundled_store: Path) -> None:
    with running_server(bundled_store, env={"TVKG_MAX_ROWS": "1000"}) as url, tvkg.connect(url) as small:
        with pytest.raises(tvkg.api.TooLarge, match=r"collaboration projection has [\d,]+ edges.*tvkg.open"):
            small.projection("collaboration")
        with pytest.raises(tvkg.api.TooLarge, match=r"works projection has [\d,]+ edges"):
            small.projection("works")  # the catalogue's seasons are works edges (show -> season) now


def test_local_and_remote_give_equal_answers(local: tvkg.api.Graph, remote: tvkg.api.Graph) -> None:
    assert local.entity("All of Us Are Dead") == remote.entity("All of Us Are Dead")
    assert local.path("Park Ji-hu", "Yoon Chan-young", k=3) == remote.path("Park Ji-hu", "Yoon Chan-young", k=3)
    assert local.rank("pagerank", top=5) == remote.rank("pagerank", top=5)
    assert local.collaborators("Park Ji-hu") == remote.collaborators("Park Ji-hu")
    assert local.search("Park Ji") == remote.search("Park Ji")
    assert local.resolution() == remote.resolution()
    assert local.sparql(TYPED).rows == remote.sparql(TYPED).rows
    a, b = local.projection("collaboration"), remote.projection("collaboration")
    assert nx.utils.graphs_equal(a, b)


def test_the_local_api_cannot_write(local: tvkg.api.Graph) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = local.sparql(count)[0]["n"]
    with pytest.raises(tvkg.QueryError):
        local.sparql("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    with pytest.raises(tvkg.QueryError):
        local.sparql("DROP ALL")
    assert local.sparql(count)[0]["n"] == before
    assert local.store.read_only


def test_a_server_that_is_not_there_is_a_clear_error() -> None:
    with tvkg.connect("http://127.0.0.1:9", timeout=5) as graph, \
            pytest.raises(tvkg.TvkgError, match=r"cannot reach the tvkg server at http://127\.0\.0\.1:9"):
        graph.entity("Park Ji-hu")


def test_open_without_a_store_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(tvkg.TvkgError, match="tvkg init"):
        tvkg.open(tmp_path / "nothing")


# -- notebooks ---------------------------------------------------------------------------------------

def test_results_display_as_an_escaped_html_table(remote: tvkg.api.Graph) -> None:
    shown = remote.sparql("""SELECT ?show ?note WHERE { VALUES (?show ?note) {
        (show:all-of-us-are-dead "<script>alert(1)</script>") } }""")._repr_html_()
    assert "&lt;script&gt;" in shown and "<script>" not in shown
    assert 'href="http://127.0.0.1' in shown and "/id/show/all-of-us-are-dead" in shown
    assert ">show:all-of-us-are-dead</a>" in shown and "1 row" in shown
    page = remote.entity("All of Us Are Dead")._repr_html_()
    assert "지금 우리 학교는" in page and "based on" in page


def test_many_rows_show_the_first_and_count_the_rest() -> None:
    rows = [{"n": {"type": "literal", "value": str(i), "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
            for i in range(120)]
    shown = Results(["n"], rows)._repr_html_()
    assert shown.count("<tr>") == 51 and "and 70 more rows" in shown


def test_sparql_cell_magic_in_ipython(local: tvkg.api.Graph) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "tvkg")
    shell.user_ns.update(kg=local, show="show:all-of-us-are-dead")
    cell = "SELECT ?t WHERE { {show} skos:prefLabel ?t FILTER(lang(?t) = 'ko') }"
    answer = shell.run_cell_magic("sparql", "kg -o titles", cell)
    assert isinstance(answer, Results) and answer[0]["t"] == "지금 우리 학교는"
    assert shell.user_ns["titles"] is answer
    assert shell.run_cell_magic("sparql", "kg --as-of 2022-01-01", "ASK { GRAPH ?g { ?a a tv:Announcement } }") is False
    tvkg.open(local.location)  # a cell that names no graph runs on the last one opened
    assert shell.run_cell_magic("sparql", "", "ASK { show:all-of-us-are-dead a tv:Show }") is True


def test_sparql_magic_refuses_what_is_not_a_graph() -> None:
    with pytest.raises(ValueError, match="not a tvkg graph"):
        run_cell("nothing", "ASK {}", {"nothing": 42})
    with pytest.raises(ValueError, match="--bogus"):
        run_cell("--bogus", "ASK {}", {})


# -- values the datatypes do not allow, and empty answers ------------------------------------------

@pytest.mark.parametrize(("text", "datatype", "expected"), [
    ("1", "boolean", True), ("0", "boolean", False), ("INF", "double", float("inf")), (" 7 ", "integer", 7),
    ("-5", "negativeInteger", -5), ("2023Z", "gYear", PartialDate(2023)),
    ("2024-02", "gYearMonth", PartialDate(2024, 2)),
])
def test_literals_become_python_values(text: str, datatype: str, expected: object) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert Results(["v"], [{"v": {"type": "literal", "value": text, "datatype": xsd + datatype}}])[0]["v"] == expected


@pytest.mark.parametrize(("text", "datatype"), [
    ("2023-02-30", "date"), ("-0044", "gYear"), ("2023-13", "gYearMonth"), ("1e3", "integer"), ("yes", "boolean"),
    ("soon", "dateTime"), ("x", "decimal"),
])
def test_a_value_its_datatype_does_not_allow_stays_text_with_its_datatype(text: str, datatype: str) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    [row] = Results(["v"], [{"v": {"type": "literal", "value": text, "datatype": xsd + datatype}}])
    assert isinstance(row["v"], TypedLiteral) and row["v"] == text and row["v"].datatype == xsd + datatype


def test_an_empty_answer_is_an_empty_frame_with_its_columns(kg: tvkg.api.Graph) -> None:
    answer = kg.sparql("SELECT ?a ?b WHERE { ?a tv:noSuchProperty ?b }")
    assert len(answer) == 0 and list(answer.to_pandas().columns) == ["a", "b"]
    assert answer.to_polars().shape == (0, 2)
    assert "0 rows" in answer._repr_html_()
