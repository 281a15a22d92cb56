"""Entity resolution (graph/identity/merge.py): merges on shared identifiers, or on a name with evidence,
never on a name alone; each merge recorded with its reason and undoable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import assert_clean_failure, run_cli
from tests.test_import_catalogue import FIXTURE, MAPPING
from tvkg.identity import merge
from tvkg.importers.run import import_file
from tvkg.ontology.namespaces import ENTITY
from tvkg.relations import questions
from tvkg.store.generations import Store

OTHER = Path(__file__).parent / "fixtures" / "csv" / "other.csv"
SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")


@pytest.fixture()
def two_sources(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store")
    import_file(store, "csv", FIXTURE, source="kflix", options=MAPPING)
    import_file(store, "csv", OTHER, source="otherflix")
    return store


def pairs(matches: list[merge.Match]) -> set[tuple[str, str]]:
    return {tuple(sorted((m.a.rsplit("/", 1)[-1], m.b.rsplit("/", 1)[-1]))) for m in matches}  # type: ignore[misc]


def test_a_reference_of_no_class_joins_the_entity_with_its_identifier(tmp_path: Path) -> None:
    """A Wikidata remake "based on" an item that another file describes as a show: the reference
    (work/…, no class) and the description (show/…) carry the same identifier and become one. A
    reference whose identifier two entities of different classes carry is left alone."""
    store = Store.memory()
    graph = ox.NamedNode(f"{ENTITY}graph/test")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    show, reference = ox.NamedNode(f"{ENTITY}show/wikidata-q1"), ox.NamedNode(f"{ENTITY}work/wikidata-q1")
    person, other_show, unclear = (ox.NamedNode(f"{ENTITY}{x}") for x in ("person/a", "show/b", "work/wikidata-q2"))
    store.add_atomically([
        ox.Quad(show, rdf_type, ox.NamedNode("https://w3id.org/tvkg/ontology#Show"), graph),
        ox.Quad(show, IDENTIFIER, ox.Literal("wikidata:Q1"), graph),
        ox.Quad(reference, IDENTIFIER, ox.Literal("wikidata:Q1"), graph),
        ox.Quad(person, rdf_type, ox.NamedNode("https://w3id.org/tvkg/ontology#Person"), graph),
        ox.Quad(other_show, rdf_type, ox.NamedNode("https://w3id.org/tvkg/ontology#Show"), graph),
        *(ox.Quad(x, IDENTIFIER, ox.Literal("wikidata:Q2"), graph) for x in (person, other_show, unclear))])
    found, _ = merge.find(store)
    assert [(m.a, m.b, m.reason) for m in found] == [
        (show.value, reference.value, "both have the identifier wikidata:Q1")]


def test_names_merge_only_with_evidence(two_sources: Store) -> None:
    found, candidates = merge.find(two_sources)
    assert pairs(found) == {("kflix-k3", "otherflix-x1"),            # Kingdom, both 2020
                            ("kflix-bae-doona", "otherflix-bae-doona"),  # both in Kingdom, now one show
                            ("kflix-k3-1", "otherflix-x1-1"), ("kflix-k3-2", "otherflix-x1-2")}  # its seasons
    reasons = {m.reason for m in found}
    assert reasons == {"same name and the same release year (2020)",
                       "same name and a production both are credited on (Kingdom)",
                       "season 1 of the same show (Kingdom)", "season 2 of the same show (Kingdom)"}
    # Kim Hyun-joo shares only a name (no production in common), the 2007 Kingdom only a title
    assert pairs(candidates) == {("kflix-kim-hyun-joo", "otherflix-kim-hyun-joo"), ("kflix-k3", "otherflix-x3")}


def test_a_shared_identifier_merges_and_a_different_one_keeps_apart(two_sources: Store) -> None:
    wikidata = ox.NamedNode(f"{ENTITY}graph/wikidata-ids")
    a, b, c = (ox.NamedNode(f"{ENTITY}person/{x}") for x in ("kflix-ju-ji-hoon", "otherflix-ryu-seung-ryong",
                                                             "otherflix-kim-hyun-joo"))
    two_sources.add_atomically([ox.Quad(a, IDENTIFIER, ox.Literal("wikidata:Q483118"), wikidata),
                                ox.Quad(b, IDENTIFIER, ox.Literal("wikidata:Q483118"), wikidata),
                                ox.Quad(c, IDENTIFIER, ox.Literal("wikidata:Q1"), wikidata),
                                ox.Quad(ox.NamedNode(f"{ENTITY}person/kflix-kim-hyun-joo"), IDENTIFIER,
                                        ox.Literal("wikidata:Q2"), wikidata)])
    found, candidates = merge.find(two_sources)
    assert ("kflix-ju-ji-hoon", "otherflix-ryu-seung-ryong") in pairs(found)
    assert next(m for m in found if "ju-ji-hoon" in m.a).reason == "both have the identifier wikidata:Q483118"
    assert ("kflix-kim-hyun-joo", "otherflix-kim-hyun-joo") not in pairs(candidates)  # Q1 and Q2: two people


def test_merges_are_recorded_used_by_questions_and_undone(two_sources: Store) -> None:
    found, _ = merge.find(two_sources)
    assert merge.apply(two_sources, found, today=dt.date(2026, 11, 25)) == 4
    recorded = merge.merges(two_sources)
    assert {(m.reason, m.date) for m in recorded} == {(m.reason, "2026-11-25") for m in found}
    assert merge.find(two_sources)[0] == []  # nothing left to merge: running again adds nothing
    kflix, other = ox.NamedNode(f"{ENTITY}show/kflix-k3"), ox.NamedNode(f"{ENTITY}show/otherflix-x1")
    assert ox.Quad(kflix, SAME_AS, other, ox.DefaultGraph()) in two_sources.ox
    # a question crosses sources through the merge: Yoo Ah-in (kflix only) to Ryu Seung-ryong (otherflix only)
    [path] = questions.connections(two_sources, f"{ENTITY}person/kflix-yoo-ah-in",
                                   f"{ENTITY}person/otherflix-ryu-seung-ryong")
    # the merged show is one node: Yoo Ah-in → Kingdom → Ryu Seung-ryong, no hop spent on "the same as"
    assert [n.label for n in path.nodes] == ["Yoo Ah-in", "Hellbound", "Kim Hyun-joo", "Kingdom", "Ryu Seung-ryong"]
    assert not any("same" in step.sentence.lower() for step in path.steps)
    undone = merge.undo(two_sources, kflix.value)
    assert [m.a for m in undone] == [kflix.value]
    assert ox.Quad(kflix, SAME_AS, other, ox.DefaultGraph()) not in two_sources.ox
    assert len(merge.merges(two_sources)) == 3  # Bae Doona's merge still joins the two sources, and seasons
    assert questions.connections(two_sources, f"{ENTITY}person/kflix-yoo-ah-in",
                                 f"{ENTITY}person/otherflix-ryu-seung-ryong")
    for which in ("person/otherflix-bae-doona", "season/kflix-k3-1", "season/kflix-k3-2"):
        merge.undo(two_sources, f"{ENTITY}{which}")
    assert merge.merges(two_sources) == []
    assert questions.connections(two_sources, f"{ENTITY}person/kflix-yoo-ah-in",
                                 f"{ENTITY}person/otherflix-ryu-seung-ryong") == []


def test_the_merge_commands(two_sources: Store) -> None:
    root = str(two_sources.root)
    two_sources.close()
    dry = run_cli("merge", "--store", root, "--dry-run", "--candidates")
    assert dry.returncode == 0 and dry.stdout.count("would merge") == 4 and dry.stdout.count("candidate") == 2
    assert run_cli("merges", "--store", root).stdout == ""
    assert run_cli("merge", "--store", root).returncode == 0
    listed = run_cli("merges", "--store", root).stdout.splitlines()
    assert len(listed) == 4
    assert run_cli("unmerge", listed[0].split()[0], "--store", root).returncode == 0
    assert len(run_cli("merges", "--store", root).stdout.splitlines()) == 3
    assert_clean_failure(run_cli("unmerge", "nothing", "--store", root), "no merge has the graph")
