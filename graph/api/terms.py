"""RDF terms as Python values a researcher can compute with, keeping what plain strings would lose.

A SPARQL answer's terms become: ``IRI`` and ``BlankNode`` (``str`` subclasses, so string methods
work and the kind is still known), ``LangString`` (the text with its language tag), ``int``,
``Decimal``, ``float``, ``bool``, ``datetime`` and ``PartialDate`` (a date known to the year, the
month or the day, as tvkg's announcements often are), plain ``str``, and ``TypedLiteral`` for any
other datatype (or a value its datatype does not allow), which keeps the datatype's IRI.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from tvkg.ontology.namespaces import compact

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
FLOATS = {XSD + "double", XSD + "float"}
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


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


PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year (xsd:gYear), the month (xsd:gYearMonth) or the day (xsd:date).

    ``start`` and ``end`` are the first and last days it may mean: "2025" runs from 1 January to
    31 December. ``str()`` gives it back as written."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        if self.day:
            return self.start
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        month = f"-{self.month:02d}" if self.month else ""
        return f"{self.year:04d}{month}" + (f"-{self.day:02d}" if self.day else "")


DATE_SHAPES = {XSD + "gYear": re.compile(r"(-?\d{4,})(?:Z|[+-]\d\d:\d\d)?"),
               XSD + "gYearMonth": re.compile(r"(-?\d{4,})-(\d\d)(?:Z|[+-]\d\d:\d\d)?"),
               XSD + "date": re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(?:Z|[+-]\d\d:\d\d)?")}


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
    if datatype in DATE_SHAPES:
        found = DATE_SHAPES[datatype].fullmatch(text.strip())
        if not found:
            raise ValueError(text)
        parts = [int(p) for p in found.groups()]
        made = PartialDate(*parts)
        made.end  # noqa: B018 (a month 13 or a 30 February is not a date: ValueError)
        return made
    return TypedLiteral(text, datatype)
