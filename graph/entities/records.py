"""An entity's record as JSON: what ``/api/entity`` serves and what the Python API's ``entity()``
reads (tvkg.api.records.Entity.from_document), so the two can never drift apart."""

from __future__ import annotations

import dataclasses
from typing import Any

import pyoxigraph as ox

from tvkg.entities import description, sections
from tvkg.entities.search import UnknownEntity
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, str]:
    """A pyoxigraph term in the SPARQL 1.1 Query Results JSON form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": str(term)}  # (a quoted triple: as text)


def entity_record(store: Store, iri: str) -> dict[str, Any]:
    """``entity_document`` of the entity ``iri`` names (a merged entity under its one IRI)."""
    described = description.describe(store, clusters(store).of(iri))
    if described is None:  # (only a write between naming it and describing it gets here)
        raise UnknownEntity(f"the graph says nothing about {iri}", [])
    tables = sections.sections(store, described.iri, described.type_names, description.sources(store))
    summary = sections.credit_summary(described.label, tables)
    return {**entity_document(described), "summary": summary or "",
            "sections": {table.title: [_row(table.columns, cells) for cells in table.rows] for table in tables}}


def _row(columns: list[str], cells: list[sections.Cell]) -> dict[str, str]:
    row = {}
    for column, cell in zip(columns, cells, strict=True):
        row[column] = cell.text
        if cell.link:
            row[f"{column}_iri"] = cell.link
    return row


def entity_document(described: description.Entity) -> dict[str, Any]:
    """A JSON-ready record of ``description.describe``'s answer (what ``/api/entity`` serves)."""
    labels: dict[str, list[str]] = {}
    for name in described.names:
        labels.setdefault(name.language or "", []).append(name.text)

    def statements(facts: list[description.Fact]) -> list[dict[str, Any]]:
        return [{"property": fact.property, "label": fact.label, "value": term_json(value.term), "text": value.text,
                 "sources": [dataclasses.asdict(s) for s in value.sources]}
                for fact in facts for value in fact.values]

    return {"iri": described.iri, "label": described.label, "labels": labels,
            "types": [t.link for t in described.types if t.link] + described.other_types,
            "statements": statements(described.facts), "alignments": statements(described.alignments),
            "incoming": statements(described.incoming),
            "sources": [dataclasses.asdict(s) for s in described.sources],
            "merged": [iri for iri, _ in described.merged]}
