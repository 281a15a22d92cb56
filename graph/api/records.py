"""What ``entity()`` returns, and its JSON document: the same record from a store and from a server.

The server's ``/api/entity`` answers with ``entity_document``; a local store builds the same document
and both become an ``Entity`` through ``Entity.from_document``, so the two can never drift apart.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

from tvkg.api.terms import IRI, python_value
from tvkg.entities.description import Source
from tvkg.entities.records import entity_document, entity_record, term_json
from tvkg.identity.merge import Match, Merge, Resolution

__all__ = ["Entity", "Match", "Merge", "Resolution", "Source", "Statement", "entity_document", "entity_record",
           "term_json"]


@dataclass(frozen=True)
class Statement:
    """One value of one property, with every source that states it (a Wikidata-style reference)."""

    property: IRI
    label: str                    # the property's label ("release date")
    value: Any                    # the value as Python (see tvkg.api.terms)
    text: str                     # the value as a person reads it (an entity's label, not its IRI)
    sources: tuple[Source, ...]   # the named graphs stating it, with status, date and document


@dataclass(frozen=True)
class Entity:
    """What the graph says about one entity; merged entities are described whole."""

    iri: IRI
    label: str
    labels: dict[str, list[str]]     # language tag ("" for none) -> every name in it
    types: list[IRI]                 # its tvkg classes, then any other vocabulary's
    statements: list[Statement]      # in tvkg's own vocabulary
    alignments: list[Statement]      # the same facts in schema.org, Wikidata and BBC terms
    incoming: list[Statement]        # links pointing here: ``value`` is the entity that links
    sources: list[Source]            # every graph that says something about it, oldest first
    merged: list[IRI]                # other sources' IRIs entity resolution merged into this one
    summary: str = ""                # one sentence from the data ("Bae Doona is credited in 2 productions: ...")
    # the entity page's tables by title ("Cast", "Credits", "Seasons", ...): one dict per row, column ->
    # text, and column + "_iri" -> the IRI where the cell names an entity
    sections: dict[str, list[dict[str, str]]] = dataclasses.field(default_factory=dict)

    def __getitem__(self, name: str) -> list[Any]:
        """The values of a property, by IRI, prefixed name (``tv:releaseDate``) or label."""
        return [s.value for s in self.statements + self.alignments
                if name in (s.property, s.property.short, s.label)]

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Entity:
        """From ``entity_document``'s JSON form."""
        def statements(key: str) -> list[Statement]:
            return [Statement(IRI(s["property"]), s["label"], python_value(s["value"]), s["text"],
                              tuple(Source(**source) for source in s["sources"])) for s in document[key]]
        return cls(IRI(document["iri"]), document["label"], document["labels"], [IRI(t) for t in document["types"]],
                   statements("statements"), statements("alignments"), statements("incoming"),
                   [Source(**s) for s in document["sources"]], [IRI(m) for m in document["merged"]],
                   document.get("summary", ""), document.get("sections", {}))

    def _repr_html_(self) -> str:
        """Jupyter's view: the names, types and statements, each with how many sources state it."""
        names = "; ".join(html.escape(", ".join(v)) + (f" <small>@{html.escape(k)}</small>" if k else "")
                          for k, v in self.labels.items())
        rows = "".join(f"<tr><td>{html.escape(s.label)}</td><td>{html.escape(s.text)}</td>"
                       f"<td>{html.escape(', '.join(sorted({src.label for src in s.sources})))}</td></tr>"
                       for s in self.statements)
        return (f"<h4>{html.escape(self.label)} <small><code>{html.escape(self.iri)}</code></small></h4>"
                f"<p>{html.escape(', '.join(t.short for t in self.types))}</p><p>{names}</p>"
                f'<table class="tvkg-entity"><thead><tr><th>property</th><th>value</th><th>stated by</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>")

