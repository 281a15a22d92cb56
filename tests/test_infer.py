"""Inference writes the quads its rules derive as N-Quads text made by Oxigraph (tvkg.load.infer):
the same quads as the rules evaluated one solution at a time, blank nodes and bare numbers included."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tvkg.load import infer
from tvkg.ontology.namespaces import TV
from tvkg.store.generations import merged

DATA = Path(__file__).resolve().parents[1] / "data"
XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = ox.NamedNode("https://example.org/graph/edge-cases")

EDGE_CASES = f"""
PREFIX tv: <{TV}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <{XSD}>
GRAPH <{GRAPH.value}> {{
  <https://example.org/show> a tv:Show ; tv:hasCastRole _:role ; tv:numberOfSeasons 2 ;
      tv:numberOfEpisodes "12"^^xsd:integer ; skos:prefLabel "Tab\\there and _:not a node"@en .
  _:role tv:actor <https://example.org/actor> ; tv:character _:character .
  _:character skos:prefLabel "Someone" .
  <https://example.org/season> tv:seasonOf <https://example.org/show> ; tv:seasonNumber 1 .
  <https://example.org/episode> tv:episodeNumber "3"^^xsd:integer .
}}
"""


def reference(store: ox.Store) -> set[ox.Quad]:
    """What materialise must add: each rule's solutions as quads, and their default-graph copies."""
    derived = list(infer.entailments(store))
    return set(derived) | set(merged(derived))


def curated() -> ox.Store:
    store = ox.Store()
    for path in sorted(DATA.glob("*.trig")):
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    store.load(EDGE_CASES, format=ox.RdfFormat.TRIG)
    return store


@pytest.mark.parametrize("bulk", [False, True])
def test_materialise_adds_exactly_what_the_rules_derive(bulk: bool) -> None:
    store = curated()
    before = set(store)
    expected = reference(store)
    added = infer.materialise(store, bulk=bulk)
    assert set(store) == before | expected
    assert added == len(expected - before) > 1000


def test_blank_nodes_keep_their_identity() -> None:
    """A parser would give the blank nodes of the N-Quads text new names; they go in as objects."""
    store = curated()
    character = next(store.quads_for_pattern(None, ox.NamedNode(str(TV.character)), None)).object
    assert isinstance(character, ox.BlankNode)
    infer.materialise(store, bulk=True)
    show, actor = ox.NamedNode("https://example.org/show"), ox.NamedNode("https://example.org/actor")
    assert ox.Quad(show, ox.NamedNode(str(TV.castMember)), actor, GRAPH) in store
    assert ox.Quad(show, ox.NamedNode(str(TV.hasCharacter)), character, GRAPH) in store
    assert ox.Quad(character, ox.NamedNode(str(TV.playedBy)), actor, GRAPH) in store
    assert ox.Quad(character, ox.NamedNode(str(TV.playedBy)), actor, ox.DefaultGraph()) in store


def test_numbers_and_odd_literals_come_back_typed() -> None:
    """Oxigraph's TSV writes numbers bare; the N-Quads text must type them again, and a literal that
    holds a tab or "_:" must pass through as it was."""
    store = curated()
    infer.materialise(store, bulk=True)
    show = ox.NamedNode("https://example.org/show")
    seasons = ox.NamedNode("https://schema.org/numberOfSeasons")
    assert {q.object for q in store.quads_for_pattern(show, seasons, None, GRAPH)} == \
        {ox.Literal("2", datatype=ox.NamedNode(XSD + "integer"))}
    names = {q.object for q in store.quads_for_pattern(show, ox.NamedNode("https://schema.org/name"), None, GRAPH)}
    assert names == {ox.Literal("Tab\there and _:not a node", language="en")}
    assert ox.Quad(ox.NamedNode("https://example.org/season"), ox.NamedNode("https://schema.org/seasonNumber"),
                   ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")), ox.DefaultGraph()) in store
