"""The ontology's classes and properties, read from the store's ontology graph, for the ontology page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import pyoxigraph as ox

from tvkg.ontology.namespaces import ONTOLOGY_GRAPH, TV
from tvkg.store.generations import Store


@dataclass
class Term:
    iri: str
    name: str                      # local name, the page anchor
    label: str = ""
    comment: str = ""
    korean: str = ""
    parents: list[str] = field(default_factory=list)   # superclasses / superproperties (IRIs)
    domain: str = ""
    range: str = ""


def terms(store: Store) -> tuple[list[Term], list[Term]]:
    """(classes, properties) of the tvkg vocabulary, sorted by name."""
    rows = cast(ox.QuerySolutions, store.ox.query(f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?t ?kind ?p ?v WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{
          ?t a ?kind . VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }}
          FILTER(STRSTARTS(STR(?t), "{TV}"))
          OPTIONAL {{ ?t ?p ?v VALUES ?p {{ rdfs:label rdfs:comment rdfs:subClassOf rdfs:subPropertyOf
                                               rdfs:domain rdfs:range }} }}
        }} }}"""))
    found: dict[str, tuple[str, Term]] = {}
    for row in rows:
        iri = row["t"].value
        _, term = found.setdefault(iri, (row["kind"].value.rsplit("#", 1)[1], Term(iri, iri.removeprefix(str(TV)))))
        if row["p"] is None:
            continue
        prop, value = row["p"].value.rsplit("#", 1)[1], row["v"]
        language = getattr(value, "language", None)
        if prop == "label" and language == "ko":
            term.korean = value.value
        elif prop == "label" and language in ("en", None):
            term.label = value.value
        elif prop == "comment" and language in ("en", None):
            term.comment = value.value
        elif prop in ("subClassOf", "subPropertyOf") and value.value not in term.parents:
            term.parents.append(value.value)
        elif prop in ("domain", "range"):
            setattr(term, prop, value.value)
    classes = sorted((t for k, t in found.values() if k == "Class"), key=lambda t: t.name)
    properties = sorted((t for k, t in found.values() if k != "Class"), key=lambda t: t.name)
    return classes, properties
