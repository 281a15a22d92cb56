"""tvkg.ontology.dates.PartialDate, the one reading of xsd:date / gYearMonth / gYear, and the places
that read dates through it: the loader's date bounds, the Python API, ingestion, review, importers."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pyoxigraph as ox
import pytest

import tvkg
from tvkg.api.terms import TypedLiteral, python_value
from tvkg.errors import InputError
from tvkg.importers import common, mydramalist, wikidata
from tvkg.ingest import article, dates, extract, mentions, review
from tvkg.load.infer import date_bounds, with_entailments
from tvkg.ontology.dates import PartialDate, agree
from tvkg.ontology.namespaces import TV
from tvkg.store.generations import Store

XSD = "http://www.w3.org/2001/XMLSchema#"


def literal(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(("year", "month", "last"), [
    (2023, 1, 31), (2023, 2, 28), (2023, 4, 30), (2023, 6, 30), (2023, 9, 30), (2023, 11, 30), (2023, 12, 31),
    (2024, 2, 29),   # leap year
    (1900, 2, 28),   # a century is not a leap year ...
    (2000, 2, 29),   # ... unless it is a fourth one
])
def test_a_month_runs_to_its_real_last_day(year: int, month: int, last: int) -> None:
    date = PartialDate(year, month)
    assert (date.start, date.end) == (dt.date(year, month, 1), dt.date(year, month, last))
    assert date.precision == "month"


def test_a_year_runs_from_1_january_to_31_december_and_a_day_is_itself() -> None:
    assert (PartialDate(2024).start, PartialDate(2024).end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert PartialDate(2024, 2, 29).start == PartialDate(2024, 2, 29).end == dt.date(2024, 2, 29)


@pytest.mark.parametrize(("date", "text", "datatype", "precision", "concept"), [
    (PartialDate(2022), "2022", "gYear", "year", TV.YearPrecision),
    (PartialDate(2022, 1), "2022-01", "gYearMonth", "month", TV.MonthPrecision),
    (PartialDate(2022, 1, 28), "2022-01-28", "date", "day", TV.DayPrecision),
    (PartialDate(987, 6, 5), "0987-06-05", "date", "day", TV.DayPrecision),
])
def test_each_precision_has_its_datatype_concept_and_written_form(
        date: PartialDate, text: str, datatype: str, precision: str, concept: str) -> None:
    assert str(date) == text
    assert date.precision == precision
    assert date.datatype == XSD + datatype
    assert date.precision_concept == str(concept)
    assert date.literal == literal(text, datatype)
    assert PartialDate.parse(text) == date
    assert PartialDate.from_literal(date.literal) == date


@pytest.mark.parametrize(("year", "month", "day"), [
    (2023, 2, 29), (2024, 4, 31), (2024, 13, None), (2024, 0, None), (2024, 1, 0), (0, None, None),
    (10000, None, None), (2024, None, 5),  # a day without its month
])
def test_only_real_dates_are_made(year: int, month: int | None, day: int | None) -> None:
    with pytest.raises(ValueError, match=r"no date|needs a month"):
        PartialDate(year, month, day)


@pytest.mark.parametrize("text", [
    "24", "2024-6", "2024-06-1", "2024/06", "June 2024", "2024-13", "2023-02-29", "0000", " 2024", "2024\n",
    "2024Z", "2024-06-14T00:00:00", "２０２４", "",
])
def test_parse_takes_only_a_real_date_written_2024_2024_06_or_2024_06_14(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a date written|no date"):
        PartialDate.parse(text)


@pytest.mark.parametrize(("text", "datatype", "expected"), [
    ("2023Z", "gYear", PartialDate(2023)),
    (" 2024-02+09:00 ", "gYearMonth", PartialDate(2024, 2)),
    ("2024-02-29-05:00", "date", PartialDate(2024, 2, 29)),
])
def test_the_xsd_lexical_forms_allow_spaces_and_a_timezone(text: str, datatype: str, expected: PartialDate) -> None:
    assert PartialDate.from_lexical(text, XSD + datatype) == expected
    assert PartialDate.from_literal(literal(text, datatype)) == expected


@pytest.mark.parametrize(("text", "datatype"), [
    ("2024-06", "gYear"), ("2024", "gYearMonth"), ("2024-06", "date"), ("2023-02-29", "date"),
    ("2024-13", "gYearMonth"), ("-0044", "gYear"), ("soon", "date"), ("2024-06-14T10:00:00", "dateTime"),
    ("2024", "string"),
])
def test_anything_else_is_a_clear_error_or_none(text: str, datatype: str) -> None:
    with pytest.raises(ValueError, match=r"is not an|is none of|no date"):
        PartialDate.from_lexical(text, XSD + datatype)
    assert PartialDate.from_literal(literal(text, datatype)) is None


def test_a_term_that_is_no_literal_has_no_date() -> None:
    assert PartialDate.from_literal(ox.NamedNode("https://example.org/2024")) is None
    assert PartialDate.from_literal(ox.Literal("2024")) is None
    assert PartialDate.from_literal(ox.Literal("2024", language="en")) is None
    assert PartialDate.from_literal(None) is None


def test_dates_sort_by_first_day_the_less_precise_first_as_their_written_forms_do() -> None:
    mixed = [PartialDate(2024, 2), PartialDate(2024, 1, 2), PartialDate(2023, 12, 31), PartialDate(2024),
             PartialDate(2024, 1), PartialDate(2024, 1, 1), PartialDate(2023)]
    expected = ["2023", "2023-12-31", "2024", "2024-01", "2024-01-01", "2024-01-02", "2024-02"]
    assert [str(d) for d in sorted(mixed)] == expected == sorted(str(d) for d in mixed)
    assert PartialDate(2024) < PartialDate(2024, 1) < PartialDate(2024, 1, 1)  # no TypeError across precisions
    assert PartialDate(2024, 12, 31) < PartialDate(2025) and PartialDate(2025) > PartialDate(2024, 12, 31)
    assert PartialDate(2024, 5) <= PartialDate(2024, 5) >= PartialDate(2024, 5)
    assert max(mixed) == PartialDate(2024, 2) and min(mixed) == PartialDate(2023)


def test_equal_dates_are_one_value_and_other_types_do_not_compare() -> None:
    assert PartialDate(2024, 5) == PartialDate.parse("2024-05") and PartialDate(2024, 5) != PartialDate(2024)
    assert len({PartialDate(2024, 5), PartialDate.parse("2024-05"), PartialDate(2024)}) == 2
    assert PartialDate(2024) != "2024" and PartialDate(2024, 1, 1) != dt.date(2024, 1, 1)
    with pytest.raises(TypeError):
        _ = PartialDate(2024) < dt.date(2024, 1, 1)
    assert pickle.loads(pickle.dumps(PartialDate(2024, 2, 29))) == PartialDate(2024, 2, 29)
    with pytest.raises(AttributeError):
        PartialDate(2024).year = 2025  # type: ignore[misc]


def test_overlaps_and_before_compare_what_the_dates_may_mean() -> None:
    assert PartialDate(2022, 1).overlaps(PartialDate(2022, 1, 28)) and PartialDate(2022).overlaps(PartialDate(2022, 12))
    assert not PartialDate(2023).overlaps(PartialDate(2024))
    assert not PartialDate(2024, 1).overlaps(PartialDate(2024, 2, 1))
    assert PartialDate(2024, 1).before(PartialDate(2024, 2, 1))
    assert not PartialDate(2024).before(PartialDate(2024, 6))  # 2024 may be after June 2024
    assert not PartialDate(2024, 6).before(PartialDate(2024))
    assert PartialDate(2023).before(PartialDate(2024, 1, 1))


def test_the_python_api_reads_dates_as_this_type() -> None:
    assert tvkg.PartialDate is PartialDate
    value = python_value({"type": "literal", "value": "2024-02-29", "datatype": XSD + "date"})
    assert value == PartialDate(2024, 2, 29) and value.end == dt.date(2024, 2, 29)
    assert python_value({"type": "literal", "value": "2024-02", "datatype": XSD + "gYearMonth"}).end == \
        dt.date(2024, 2, 29)
    kept = python_value({"type": "literal", "value": "2023-02-29", "datatype": XSD + "date"})
    assert isinstance(kept, TypedLiteral) and kept == "2023-02-29"


@pytest.mark.parametrize(("text", "datatype", "bounds"), [
    ("2024-02", "gYearMonth", ("2024-02-01", "2024-02-29", TV.MonthPrecision)),
    ("2023", "gYear", ("2023-01-01", "2023-12-31", TV.YearPrecision)),
    ("2022-01-28Z", "date", ("2022-01-28", "2022-01-28", TV.DayPrecision)),
])
def test_the_loader_states_each_dates_first_and_last_day_and_precision(text: str, datatype: str,
                                                                        bounds: tuple[str, str, str]) -> None:
    assert date_bounds(literal(text, datatype)) == (bounds[0], bounds[1], str(bounds[2]))
    thing, graph = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/g")
    derived = with_entailments([ox.Quad(thing, ox.NamedNode(str(TV.date)), literal(text, datatype), graph)])
    stated = {q.predicate.value: q.object for q in derived if q.subject == thing}
    assert stated[str(TV.earliest)] == literal(bounds[0], "date")
    assert stated[str(TV.latest)] == literal(bounds[1], "date")
    assert stated[str(TV.datePrecision)] == ox.NamedNode(str(bounds[2]))


def test_the_loader_states_no_bounds_for_a_date_its_datatype_does_not_allow() -> None:
    assert date_bounds(literal("2023-02-29", "date")) is None
    assert date_bounds(ox.NamedNode("https://example.org/x")) is None


def test_importers_write_only_real_dates_at_their_precision() -> None:
    assert common.date(" 2024-02-29 ") == literal("2024-02-29", "date")
    assert common.date("2024-02") == literal("2024-02", "gYearMonth")
    assert common.date("2024") == literal("2024", "gYear")
    assert common.date("2023-02-29") is None and common.date("2024-13") is None and common.date("soon") is None
    assert common.year(" 1999 ") == literal("1999", "gYear")
    assert common.year("1999-05") is None and common.year("99") is None


def test_a_curator_types_a_date_at_its_precision() -> None:
    assert review._date_literal("2024-06") == literal("2024-06", "gYearMonth")
    assert review._date_literal("2024-02-29") == literal("2024-02-29", "date")
    for bad in ("2024-13", "2023-02-29", "June", "2024 "):
        with pytest.raises(InputError, match="is no date: write 2024, 2024-06 or 2024-06-14"):
            review.Change(date=bad).check()


def test_a_date_found_in_a_sentence_is_a_partial_date() -> None:
    (found,) = dates.find("Filming began in February 2024.", dt.date(2024, 3, 10))
    assert (found.value, found.precision, found.datatype) == ("2024-02", "month", "gYearMonth")
    assert found.partial == PartialDate(2024, 2) and found.partial.end == dt.date(2024, 2, 29)


@pytest.mark.parametrize(("said", "value", "published"), [
    ("in January 2023", "2023-01", "2023-07-30"),   # 180 days after 31 January
    ("in February 2024", "2024-02", "2024-08-27"),  # 180 days after 29 February, a leap day
    ("in 2022", "2022", "2023-06-29"),              # 180 days after 31 December
])
def test_a_release_in_a_month_or_year_is_news_until_180_days_after_its_last_day(said: str, value: str,
                                                                                 published: str) -> None:
    """The last day a month or year covers is its real one (it was day 28 of the month, or 28
    December, so a release at the end of the window was taken for background and dropped)."""
    text = f"The series premiered {said}, Netflix said."
    day = dt.date.fromisoformat(published)
    with Store.memory() as store:
        names = mentions.gazetteer(store)
        news, later = (extract.extract(article.Article(Path("a.txt"), text, "", article.split(text)), when, names)
                       for when in (day, day + dt.timedelta(days=1)))
    assert [(a.kind, a.date.value) for a in news.announcements] == [("ReleaseDateNews", value)]
    assert later.announcements == []  # a day later it is background


def test_dates_agree_when_some_day_lies_within_all_of_them() -> None:
    assert agree([PartialDate(2022, 1), PartialDate(2022, 1, 28), PartialDate(2022)])
    assert not agree([PartialDate(2023), PartialDate(2024)])
    assert not agree([PartialDate(2022, 1, 27), PartialDate(2022, 1, 28)])
    assert not agree([])


@pytest.mark.parametrize(("cell", "expected"), [
    ("2023-07-05", "2023-07-05"), ("Aug  2, 2023", "2023-08-02"), ("May, 2021", "2021-05"), ("2017", "2017"),
    ("Feb 29, 2023", None), ("2023-02-30", None), ("0000", None), ("2023-07", None), ("soon", None)])
def test_mydramalist_cells_become_partial_dates_at_their_precision(cell: str, expected: str | None) -> None:
    found = mydramalist.calendar_date(cell)
    assert (None if found is None else str(PartialDate.from_literal(found))) == expected


@pytest.mark.parametrize(("time", "precision", "expected"), [
    ("+2022-01-28T00:00:00Z", 11, "2022-01-28"), ("+2022-01-00T00:00:00Z", 10, "2022-01"),
    ("+2022-00-00T00:00:00Z", 9, "2022"), ("+2022-02-30T00:00:00Z", 11, None), ("+2022-01-28T00:00:00Z", 7, None)])
def test_wikidata_times_become_partial_dates_at_their_precision(time: str, precision: int,
                                                                expected: str | None) -> None:
    found = wikidata._time({"time": time, "precision": precision})
    assert (None if found is None else str(found)) == expected
