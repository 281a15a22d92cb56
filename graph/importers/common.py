"""What every importer shares: minting IRIs, writing the usual triples, and noting skipped rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from tvkg.ontology.dates import PartialDate
from tvkg.ontology.iris import slug
from tvkg.ontology.namespaces import ENTITY, TV
from tvkg.ontology.vocabulary import PREF_LABEL, RDF_TYPE, XSD

COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")  # "imdb:nm0000001", "wikidata:Q42", ...


@dataclass(frozen=True)
class Skip:
    """A row (or a field of one) the importer could not use, and why."""

    where: str   # "line 12", "record Q42", ...
    reason: str


@dataclass
class Context:
    """What an importer needs besides its input: the source's name and options from the command line."""

    source: str                      # short name of the source, in every IRI it mints: "netflix", "imdb"
    options: dict[str, str] = field(default_factory=dict)
    scheme: str = ""                 # the identifier scheme ("imdb", "wikidata"); default: the source

    def mint(self, kind: str, local: str) -> ox.NamedNode:
        """The IRI of an entity of ``kind`` that this source calls ``local`` (an id or a name)."""
        return ox.NamedNode(f"{ENTITY}{kind}/{slug(self.source)}-{slug(local)}")

    def identifier(self, local: str) -> ox.Literal:
        """The source's own id as a dcterms:identifier, "imdb:nm0000001": what entity resolution joins on.
        The scheme is the database's, whatever --source the import was given."""
        return ox.Literal(f"{self.scheme or slug(self.source)}:{local}")


def tv(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(TV) + name)


def entity(node: ox.NamedNode, cls: str, label: str, language: str | None = None) -> Iterator[ox.Triple]:
    """The type and name of an entity."""
    yield ox.Triple(node, RDF_TYPE, tv(cls))
    yield ox.Triple(node, PREF_LABEL, ox.Literal(label.strip(), language=language) if language
                    else ox.Literal(label.strip()))


def typed(value: str | int, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def year(text: str) -> ox.Literal | None:
    """An xsd:gYear from a four-digit year, else None."""
    found = date(text)
    return found if found is not None and found.datatype.value == XSD + "gYear" else None


def date(text: str) -> ox.Literal | None:
    """The xsd:date, xsd:gYearMonth or xsd:gYear that ``text`` (2024-06-14, 2024-06 or 2024) gives;
    None when it gives none, or a day or month that does not exist."""
    try:
        return PartialDate.parse(text.strip()).literal
    except ValueError:
        return None
