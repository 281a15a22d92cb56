"""The ontology is readable by people (labels, comments, Korean labels) and aligned for machines."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace

from tvkg.ontology import ONTOLOGY_FILE, SHAPES_FILE
from tvkg.ontology.namespaces import TV

SCHEMA = Namespace("https://schema.org/")
TV_SHAPES = Namespace("https://w3id.org/tvkg/shapes#")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def own_terms(onto: Graph, kind) -> list:  # type: ignore[no-untyped-def]
    return sorted(s for s in onto.subjects(RDF.type, kind) if str(s).startswith(str(TV)))


def test_every_class_and_property_has_an_english_label_and_comment(onto: Graph) -> None:
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for t in own_terms(onto, kind)]
    assert len(terms) > 60
    for term in terms:
        labels = {label.language for label in onto.objects(term, RDFS.label)}
        assert "en" in labels, term
        assert any(c.language == "en" for c in onto.objects(term, RDFS.comment)), term


def test_every_class_has_a_korean_label(onto: Graph) -> None:
    for cls in own_terms(onto, OWL.Class):
        assert any(label.language == "ko" for label in onto.objects(cls, RDFS.label)), cls


@pytest.mark.parametrize(("ours", "theirs"), [
    (TV.Show, SCHEMA.TVSeries), (TV.Season, SCHEMA.TVSeason), (TV.Episode, SCHEMA.TVEpisode),
    (TV.Person, SCHEMA.Person),
])
def test_core_classes_are_equivalent_to_schema_org(onto: Graph, ours, theirs) -> None:  # type: ignore[no-untyped-def]
    assert (ours, OWL.equivalentClass, theirs) in onto


def test_persons_and_characters_are_disjoint(onto: Graph) -> None:
    assert (TV.Person, OWL.disjointWith, TV.Character) in onto


def test_shapes_parse_and_every_constraint_speaks_in_words() -> None:
    shapes = Graph().parse(SHAPES_FILE)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    properties = list(shapes.objects(None, sh.property))
    assert len(properties) > 15
    for prop in properties:
        assert shapes.value(prop, sh.message) is not None, prop


def test_the_announcement_shape_allows_every_kind_the_ontology_has(onto: Graph) -> None:
    """An extracted Cancellation or Premiere must validate: the shape's list follows the scheme."""
    from rdflib import SH, SKOS
    from rdflib.collection import Collection

    shapes = Graph().parse(SHAPES_FILE)
    kinds = set(onto.subjects(SKOS.inScheme, TV.AnnouncementKinds))
    allowed = {node for prop in shapes.objects(TV_SHAPES.Announcement, SH.property)
               if (prop, SH.path, TV.kind) in shapes for node in Collection(shapes, shapes.value(prop, SH["in"]))}
    assert {TV.Premiere, TV.Cancellation} <= kinds
    assert allowed == kinds
