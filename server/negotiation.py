"""Which serialization to answer with: the ``format`` parameter first, then the Accept header.

SELECT/ASK results and CONSTRUCT/DESCRIBE graphs have different sets of formats; each format has
a short name (for ``format=``), its media type, and the pyoxigraph format that writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    """One way to write a result."""

    name: str
    media_type: str
    writer: ox.QueryResultsFormat | ox.RdfFormat | None  # None: HTML, written by a template
    aliases: tuple[str, ...] = ()
    label: str = ""  # how pages name it

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+xml", "/xml"))
        return f"{self.media_type}; charset=utf-8" if text or "json" in self.media_type else self.media_type


HTML = Format("html", "text/html", None, label="HTML table")

RESULTS = [  # SELECT and ASK; the first is the default
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("srj", "application/json"), "JSON"),
    Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, ("srx", "application/xml"), "XML"),
    Format("csv", "text/csv", ox.QueryResultsFormat.CSV, label="CSV"),
    Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV, label="TSV"),
    HTML,
]

GRAPHS = [  # CONSTRUCT and DESCRIBE; the first is the default
    # Turtle is valid N3, so clients asking for N3 (SPARQLWrapper) get Turtle.
    Format("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("ttl", "n3", "text/n3", "text/rdf+n3"), "Turtle"),
    Format("ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("nt", "text/plain"), "N-Triples"),
    Format("nquads", "application/n-quads", ox.RdfFormat.N_QUADS, ("nq",), "N-Quads"),
    Format("trig", "application/trig", ox.RdfFormat.TRIG, label="TriG"),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("json-ld", "json", "application/json"), "JSON-LD"),
    Format("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML,
           ("xml", "rdf", "rdf+xml", "rdf/xml", "application/xml"), "RDF/XML"),
    HTML,
]


class NotAcceptable(Exception):
    """No format the client accepts can carry this kind of result."""

    def __init__(self, offered: list[Format]) -> None:
        super().__init__("none of the requested formats can carry this result; available: "
                         + ", ".join(f"{f.media_type} (format={f.name})" for f in offered))


def choose(offered: list[Format], format_param: str | None, accept: MIMEAccept) -> Format:
    """Pick a format: an explicit ``format=`` (name, alias or media type) wins, then Accept, then the default."""
    if format_param:
        wanted = format_param.strip().lower()
        for fmt in offered:
            if wanted in (fmt.name, fmt.media_type, *fmt.aliases):
                return fmt
        raise NotAcceptable(offered)
    if not accept:
        return offered[0]
    best = accept.best_match([f.media_type for f in offered] + [a for f in offered for a in f.aliases if "/" in a])
    if best is None:
        raise NotAcceptable(offered)
    # Browsers send text/html first and */* last: give them the HTML table.
    for fmt in offered:
        if best == fmt.media_type or best in fmt.aliases:
            return fmt
    return offered[0]
