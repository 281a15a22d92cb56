"""Partial dates: a day, a month or a year, the way sources and announcements give them.

The ontology's dates are xsd:date, xsd:gYearMonth and xsd:gYear, and the datatype is the precision
(tv:DayPrecision, tv:MonthPrecision, tv:YearPrecision). ``PartialDate`` is the one reading of them,
so the loader's tv:earliest / tv:latest, queries as of a date, entity pages, ingestion, review,
importers and the Python API agree on what a date covers and how dates sort.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import pyoxigraph as ox

from tvkg.ontology.namespaces import TV
from tvkg.ontology.vocabulary import XSD

DATATYPES = {"year": XSD + "gYear", "month": XSD + "gYearMonth", "day": XSD + "date"}
PRECISION_CONCEPTS = {"year": str(TV.YearPrecision), "month": str(TV.MonthPrecision), "day": str(TV.DayPrecision)}

_WRITTEN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_ZONE = r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"  # XSD allows one; a partial date is a calendar day, month or year
_LEXICAL = {DATATYPES["year"]: re.compile(r"(-?[0-9]{4,})" + _ZONE),
            DATATYPES["month"]: re.compile(r"(-?[0-9]{4,})-([0-9]{2})" + _ZONE),
            DATATYPES["day"]: re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})" + _ZONE)}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year (xsd:gYear), the month (xsd:gYearMonth) or the day (xsd:date).

    ``start`` and ``end`` are the first and last days it may mean: "2025" runs from 1 January to
    31 December. ``str()`` gives it back as written. Only real dates are made (years 1 to 9999, as
    ``datetime.date``): ``PartialDate(2023, 2, 29)`` is a ValueError.

    Dates sort by their first day, and of two with the same first day the less precise comes
    first: 2024 < 2024-01 < 2024-01-01 < 2024-01-02 < 2024-02, the order of their written forms.
    That order is total, for sorting (a year's heading before its months and days); whether two
    dates can be the same day, or one is certainly before the other, is ``overlaps`` and ``before``.

    >>> june = PartialDate.parse("2022-06")
    >>> june.precision, june.start, june.end
    ('month', datetime.date(2022, 6, 1), datetime.date(2022, 6, 30))
    >>> june.overlaps(PartialDate(2022, 6, 14)), june.before(PartialDate(2022))
    (True, False)
    >>> print(*sorted([PartialDate(2024, 1, 1), PartialDate(2024), PartialDate(2024, 1)]))
    2024 2024-01 2024-01-01
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError(f"a day ({self.day}) needs a month: {self.year}-??-{self.day}")
        try:
            dt.date(self.year, 1 if self.month is None else self.month, 1 if self.day is None else self.day)
        except ValueError as error:
            raise ValueError(f"PartialDate({self.year!r}, {self.month!r}, {self.day!r}) is no date: {error}") from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """``2024``, ``2024-06`` or ``2024-06-14`` exactly, as a person or tvkg writes one (the
        precision is the shape); ValueError for anything else, or for a day that does not exist."""
        found = _WRITTEN.fullmatch(text)
        if not found:
            raise ValueError(f"{text!r} is not a date written 2024, 2024-06 or 2024-06-14")
        return cls(*(int(part) for part in found.groups() if part is not None))

    @classmethod
    def from_lexical(cls, text: str, datatype: str) -> PartialDate:
        """A value of ``datatype`` (xsd:date, gYearMonth or gYear, as an IRI) in its XSD lexical
        form: surrounding spaces and a timezone are allowed, and the timezone is dropped. ValueError
        for another datatype or a value that is not a date of it."""
        shape = _LEXICAL.get(datatype)
        if shape is None:
            raise ValueError(f"<{datatype}> is none of xsd:date, xsd:gYearMonth, xsd:gYear")
        found = shape.fullmatch(text.strip())
        if not found:
            raise ValueError(f"{text!r} is not an <{datatype}>")
        return cls(*(int(part) for part in found.groups()))

    @classmethod
    def from_literal(cls, term: object) -> PartialDate | None:
        """The date of an xsd:date, gYearMonth or gYear literal; None for any other term or a value its
        datatype does not allow (what the graph holds need not be well formed)."""
        if not isinstance(term, ox.Literal) or term.datatype.value not in _LEXICAL:
            return None
        try:
            return cls.from_lexical(term.value, term.datatype.value)
        except ValueError:
            return None

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    @property
    def precision_concept(self) -> str:
        """The IRI of the ontology's concept for the precision (tv:DayPrecision, ...)."""
        return PRECISION_CONCEPTS[self.precision]

    @property
    def datatype(self) -> str:
        """The IRI of its XSD datatype: the precision, as the graph states it."""
        return DATATYPES[self.precision]

    @property
    def literal(self) -> ox.Literal:
        """As the graph holds it: its written form, typed with its datatype."""
        return ox.Literal(str(self), datatype=ox.NamedNode(self.datatype))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        if self.day is not None:
            return self.start
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def overlaps(self, other: PartialDate) -> bool:
        """Whether both can mean the same day (2022-01 and 2022-01-28 can; 2023 and 2024 cannot)."""
        return self.start <= other.end and other.start <= self.end

    def before(self, other: PartialDate) -> bool:
        """Whether every day this may mean comes before every day ``other`` may mean."""
        return self.end < other.start

    def __str__(self) -> str:
        month = "" if self.month is None else f"-{self.month:02d}"
        return f"{self.year:04d}{month}" + ("" if self.day is None else f"-{self.day:02d}")

    def _key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    def __lt__(self, other: object) -> bool:
        return self._key() < other._key() if isinstance(other, PartialDate) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self._key() <= other._key() if isinstance(other, PartialDate) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self._key() > other._key() if isinstance(other, PartialDate) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self._key() >= other._key() if isinstance(other, PartialDate) else NotImplemented


def agree(dates: list[PartialDate]) -> bool:
    """Whether dates given at different precisions can all be true at once (2022-01 and 2022-01-28
    can; 2023 and 2024 cannot): some day lies within every one of them.

    >>> agree([PartialDate(2022, 1), PartialDate(2022, 1, 28)]), agree([PartialDate(2023), PartialDate(2024)])
    (True, False)
    """
    return bool(dates) and max(d.start for d in dates) <= min(d.end for d in dates)
