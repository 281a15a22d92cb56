"""Which queries are answered in the request's thread (tvkg.query.shape), and the LIMIT that keeps
them bounded (tvkg.store.sparql_text.capped)."""

from __future__ import annotations

import pytest

from tvkg.query.shape import light
from tvkg.store.sparql_text import capped

P = "PREFIX tv: <https://w3id.org/tvkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


@pytest.mark.parametrize("query", [
    "SELECT ?p ?o WHERE { <https://w3id.org/tvkg/id/show/squid-game> ?p ?o }",
    P + "SELECT ?actor ?character WHERE { <urn:s> tv:hasCastRole ?role . "
        "?role tv:actor/skos:prefLabel ?actor ; tv:character/skos:prefLabel ?character }",
    P + "SELECT ?s WHERE { ?s skos:prefLabel \"Kingdom\"@en }",
    P + "SELECT ?w WHERE { ?w tv:writtenBy <urn:a> . ?show tv:basedOn ?w } LIMIT 10",
    "ASK {}",
    "select ?s where { <urn:x> a ?class }",
    # both directions around one entity, as entity pages and lookups ask
    "SELECT ?s ?p ?o WHERE { { <urn:e> ?p ?o } UNION { ?s ?p <urn:e> } }",
    "SELECT DISTINCT ?p WHERE { { <urn:e> ?p ?o } UNION { ?s ?p <urn:e> } UNION { <urn:f> ?p ?o } } LIMIT 5",
    # a label where there is one: the OPTIONAL is anchored by what the patterns before it bind
    P + "SELECT ?o ?label WHERE { <urn:x> ?p ?o OPTIONAL { ?o skos:prefLabel ?label } }",
    P + "SELECT ?o ?label WHERE { <urn:x> ?p ?o . OPTIONAL { ?o skos:prefLabel ?label } . OPTIONAL { ?o a ?c } }",
])
def test_anchored_flat_patterns_are_light(query: str) -> None:
    assert light(query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",  # nothing to look up
    "SELECT ?s WHERE { ?s a <urn:Class> }",  # a whole class
    "SELECT ?a WHERE { ?a a tv:Person . ?b rdf:type tv:Person . ?a <urn:knows> ?b }",  # two classes joined
    P + "SELECT ?s WHERE { ?s tv:actor ?o }",  # a predicate alone: a scan
    "SELECT ?s WHERE { <urn:x> ?p ?o . ?a ?b ?c }",  # a cross product with an unanchored pattern
    "SELECT (COUNT(*) AS ?n) WHERE { <urn:x> ?p ?o }",
    "SELECT ?o WHERE { <urn:x> ?p ?o } ORDER BY ?o",
    "SELECT ?o WHERE { <urn:x> ?p ?o FILTER(isIRI(?o)) }",
    "SELECT ?o WHERE { <urn:x> ?p ?o OPTIONAL { ?a ?q ?r } }",  # an OPTIONAL anchored by nothing
    # anchored only by a pattern written after it: it is joined to what comes before
    "SELECT ?o WHERE { <urn:x> ?p ?o OPTIONAL { ?z ?q ?r } ?z <urn:f> <urn:x> }",
    "SELECT * WHERE { { <urn:e> ?p ?o } UNION { ?s ?p ?o } }",  # one branch reads everything
    "SELECT * WHERE { { <urn:e> ?p ?o } UNION { { ?s ?p <urn:e> } } }",  # groups within groups
    "SELECT * WHERE { { <urn:e> ?p ?o } UNION }",
    "SELECT * WHERE { <urn:e> ?p ?o OPTIONAL }",
    "SELECT ?o WHERE { <urn:x> <urn:p>* ?o }",  # a path of any length
    "SELECT ?o WHERE { <urn:x> <urn:p>|<urn:q> ?o }",
    "SELECT ?o WHERE { <urn:x> ?p [ ?q ?o ] }",
    "SELECT ?o WHERE { { SELECT ?o WHERE { <urn:x> ?p ?o } } }",
    "SELECT ?o WHERE { SERVICE <http://example.org/sparql> { <urn:x> ?p ?o } }",
    "CONSTRUCT { <urn:x> ?p ?o } WHERE { <urn:x> ?p ?o }",
    "SELECT ?o FROM <urn:g> WHERE { <urn:x> ?p ?o }",
    "SELECT ?o WHERE { GRAPH ?g { <urn:x> ?p ?o } }",
    "SELECT ?o WHERE { <urn:x> ?p ?o BIND(?o AS ?z) }",
    "# SELECT ?o WHERE { <urn:x> ?p ?o }\nSELECT * WHERE { ?s ?p ?o }",  # a comment is not the query
])
def test_anything_that_may_run_long_is_not(query: str) -> None:
    assert not light(query)


@pytest.mark.parametrize(("query", "capped_to"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 11\n"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", "SELECT * WHERE { ?s ?p ?o } LIMIT 5"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 500 OFFSET 3", "SELECT * WHERE { ?s ?p ?o }  OFFSET 3\nLIMIT 11\n"),
    ("SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 99 } }",
     "SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 99 } }\nLIMIT 11\n"),
])
def test_a_light_query_asks_for_at_most_one_row_past_its_bound(query: str, capped_to: str) -> None:
    assert capped(query, 11) == capped_to


def test_the_row_limit_needs_one_evaluation_unless_the_answer_reaches_it() -> None:
    """A query process runs the query capped at the row limit and asks whether there is more only
    when the answer may have reached the cap (tvkg.query.execute.past_row_limit)."""
    from tests.conftest import DATA
    from tvkg.load.files import load
    from tvkg.query import execute
    from tvkg.store.generations import Store

    with Store.memory() as store:
        load(store, [DATA])
        people = "SELECT ?p WHERE { ?p a tv:Person }"
        total = len(list(execute.run(store, people)))
        capped_result = execute.run(store, people, max_rows=total - 1, probe_first=False)
        assert len(list(capped_result)) == total - 1  # the cap, not an error, until the caller asks
        assert execute.past_row_limit(store, people, total - 1) is not None
        assert execute.past_row_limit(store, people, total) is None
        assert len(list(execute.run(store, people, max_rows=total, probe_first=False))) == total
