"""RDF terms as Python values a researcher can compute with, keeping what plain strings would lose.

A SPARQL answer's terms become: ``IRI`` and ``BlankNode`` (``str`` subclasses, so string methods
work and the kind is still known), ``LangString`` (the text with its language tag), ``int``,
``Decimal``, ``float``, ``bool``, ``datetime`` and ``PartialDate`` (a date known to the year, the
month or the day, as tvkg's announcements often are), plain ``str``, and ``TypedLiteral`` for any
other datatype (or a value its datatype does not allow), which keeps the datatype's IRI.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from tvkg.ontology.dates import DATATYPES
from tvkg.ontology.dates import PartialDate as PartialDate  # the API's PartialDate is the one tvkg reads dates with
from tvkg.ontology.namespaces import compact
from tvkg.ontology.vocabulary import XSD

INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
FLOATS = {XSD + "double", XSD + "float"}


class IRI(str):
    """An IRI: a ``str`` that knows it names something. ``.short`` is its prefixed name (tv:Show)."""

    __slots__ = ()

    @property
    def short(self) -> str:
        return compact(self)

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


class BlankNode(str):
    """A blank node's label, as the answer gave it (labels are local to one answer)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"BlankNode({str.__repr__(self)})"


class LangString(str):
    """Text with its language tag: ``LangString("지금 우리 학교는", "ko").language == "ko"``."""

    __slots__ = ("language",)
    language: str

    def __new__(cls, text: str, language: str) -> LangString:
        made = super().__new__(cls, text)
        made.language = language.lower()
        return made

    def __repr__(self) -> str:
        return f"LangString({str.__repr__(self)}, {self.language!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return LangString, (str(self), self.language)


class TypedLiteral(str):
    """A literal kept as text with its datatype IRI: a datatype tvkg does not convert, or a value
    its datatype does not allow (``"soon"^^xsd:date``)."""

    __slots__ = ("datatype",)
    datatype: str

    def __new__(cls, text: str, datatype: str) -> TypedLiteral:
        made = super().__new__(cls, text)
        made.datatype = datatype
        return made

    def __repr__(self) -> str:
        return f"TypedLiteral({str.__repr__(self)}, {compact(self.datatype)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return TypedLiteral, (str(self), self.datatype)


def python_value(term: dict[str, str] | None) -> Any:
    """The Python value of one term of a SPARQL JSON answer ({"type", "value", "datatype",
    "xml:lang"}); None for an unbound variable."""
    if term is None:
        return None
    kind, text = term["type"], term["value"]
    if kind == "uri":
        return IRI(text)
    if kind == "bnode":
        return BlankNode(text)
    if "xml:lang" in term:
        return LangString(text, term["xml:lang"])
    return _literal(text, term.get("datatype", XSD + "string"))


def _literal(text: str, datatype: str) -> Any:
    if datatype == XSD + "string":
        return text
    try:
        return _converted(text, datatype)
    except (ValueError, InvalidOperation, OverflowError):
        return TypedLiteral(text, datatype)


def _converted(text: str, datatype: str) -> Any:
    """``text`` as a value of ``datatype``; ValueError when the datatype does not allow it."""
    if datatype in INTEGERS:
        return int(text.strip())
    if datatype == XSD + "decimal":
        return Decimal(text.strip())
    if datatype in FLOATS:
        return float(text.strip().replace("INF", "inf"))
    if datatype == XSD + "boolean":
        if text.strip() not in ("true", "false", "1", "0"):
            raise ValueError(text)
        return text.strip() in ("true", "1")
    if datatype == XSD + "dateTime":
        return dt.datetime.fromisoformat(text.strip())
    if datatype in DATATYPES.values():
        return PartialDate.from_lexical(text, datatype)
    return TypedLiteral(text, datatype)
