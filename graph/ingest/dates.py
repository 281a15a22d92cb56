"""Date expressions in a sentence, resolved against the article's publication date, with their
precision and the words as stated.

Explicit dates ("January 28, 2022", "2022-01-28", "March 2023", "2024") keep the precision they
are written with. Relative ones are resolved from the publication date: "last year", "next year",
"this year", "later this year", "earlier this month", "last month", "June of last year", "last
summer" (the year only: a season of the year is no month), "in March" (the nearest March, before
the publication when the sentence speaks of the past), "on Friday" (the nearest Friday, likewise).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tvkg.ontology.dates import DATATYPES, PartialDate
from tvkg.ontology.vocabulary import XSD

MONTHS = {name: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
RELATIVE_YEAR = r"(?P<which>last|this|next|the following|the previous) year"
PAST = re.compile(r"\b(was|were|had|did|ed|released|announced|began|started|wrapped|revealed|confirmed|said|told|"
                  r"premiered|debuted|dropped|unveiled|renewed|shared|posted)\b|\w+ed\b", re.IGNORECASE)
PAST_VERB = r"(?:\w+ed|said|began|told|wrapped|shot)\s+(?:on\s+|in\s+)?$"  # "confirmed in", "said on"
FUTURE = re.compile(r"\b(will|would|is set|are set|slated|expect\w*|upcoming|coming|scheduled|plans?|due)\b",
                    re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str       # "2022", "2022-06" or "2022-06-14"
    precision: str   # "year", "month" or "day"
    stated: str      # the words as the article has them

    @property
    def datatype(self) -> str:
        """The XSD datatype's local name ("gYear", "gYearMonth", "date"): the precision, in the graph."""
        return DATATYPES[self.precision].removeprefix(XSD)

    @property
    def partial(self) -> PartialDate:
        """The value as a PartialDate: the first and last day it may mean."""
        return PartialDate.parse(self.value)


def find(sentence: str, published: dt.date) -> list[DateMention]:
    """Every date expression of ``sentence``, in order, overlapping ones resolved longest first."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    past = bool(PAST.search(sentence)) and not FUTURE.search(sentence)
    for pattern, resolve in _RULES:
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = resolve(match, published, past)
            if value is None:
                continue
            text, precision = value
            found.append(DateMention(match.start(), match.end(), text, precision, match.group().strip()))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _relative_year(which: str, published: dt.date) -> int:
    return published.year + {"last": -1, "the previous": -1, "this": 0, "next": 1, "the following": 1}[which.lower()]


def _full(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str] | None:
    try:
        day = dt.date(int(match["year"]), _month(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return day.isoformat(), "day"


def _iso(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str] | None:
    try:
        return dt.date(int(match["year"]), int(match["m"]), int(match["day"])).isoformat(), "day"
    except ValueError:
        return None


def _month_day(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str] | None:
    """"January 14" with no year: the such day nearest the publication, after it when the sentence
    speaks of the future ("will premiere", "arrives")."""
    days = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            days.append(dt.date(year, _month(match["month"]), int(match["day"])))
        except ValueError:
            return None
    if FUTURE.search(match.string) or re.search(r"\b(?:arrives|premieres|drops|returns|lands|debuts|airs|launches|"
                                                r"follows|opens)\b", match.string, re.IGNORECASE):
        days = [d for d in days if d >= published] or days
    nearest = min(days, key=lambda d: (abs((d - published).days), (d > published) == past))
    return nearest.isoformat(), "day"


def _month_year(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    year = int(match["year"]) if match["year"] else _relative_year(match["which"], published)
    return f"{year:04d}-{_month(match['month']):02d}", "month"


def _month_alone(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    """A month without a year: "last"/"next" say which; a past verb just before it ("confirmed in
    December") or a future in the sentence points the way; otherwise the one nearest the publication."""
    month, which = _month(match["month"]), (match["which"] or "").lower()
    before = match.string[max(0, match.start() - 30):match.start()]
    candidates = [dt.date(published.year + shift, month, 1) for shift in (-1, 0, 1)]
    this_month = published.replace(day=1)
    if which == "last" or re.search(PAST_VERB, before, re.IGNORECASE):
        chosen = max(d for d in candidates if d <= this_month) if which != "last" else \
            max(d for d in candidates if d < this_month)
    elif which == "next" or FUTURE.search(match.string):
        chosen = min(d for d in candidates if d >= this_month) if which != "next" else \
            min(d for d in candidates if d > this_month)
    elif which == "this":
        chosen = dt.date(published.year, month, 1)
    else:
        chosen = min(candidates, key=lambda d: abs((d - this_month).days))
    return chosen.strftime("%Y-%m"), "month"


def _weekday(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    """The nearest such weekday up to the publication ("confirmed on Monday" in a Monday story is
    that day), or after it for "next" or when the verb just before it is not in the past."""
    target = WEEKDAYS.index((match["weekday"] or match["bare"]).lower())
    which = (match["which"] or "").lower()
    before = match.string[max(0, match.start() - 30):match.start()]
    past = past or bool(re.search(PAST_VERB, before, re.IGNORECASE))
    if which == "next" or (which != "last" and not past):
        delta = (target - published.weekday()) % 7 or 7
    else:
        delta = -((published.weekday() - target) % 7)
    return (published + dt.timedelta(days=delta)).isoformat(), "day"


def _season_of_year(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    if match["year"]:
        return match["year"], "year"
    which = (match["which"] or "this").lower()
    return str(published.year + {"last": -1, "this": 0, "next": 1}[which]), "year"


def _relative(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    words = " ".join(match.group().lower().split())
    if "month" in words:
        first = published.replace(day=1)
        if words.startswith("last"):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        elif words.startswith("next"):
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return first.strftime("%Y-%m"), "month"
    if "yesterday" in words:
        return (published - dt.timedelta(days=1)).isoformat(), "day"
    if "week" in words:
        return _week(words, published)
    if words == "today":
        return published.isoformat(), "day"
    return str(_relative_year(match["which"], published)), "year"


def _week(words: str, published: dt.date) -> tuple[str, str]:
    """A week as the month it lies in, or the year when it crosses a month's end ("earlier this
    week" in a Friday 2 June story: 29 May to 1 June, so 2023)."""
    monday = published - dt.timedelta(days=published.weekday())
    first, last = {"last week": (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)),
                   "next week": (monday + dt.timedelta(days=7), monday + dt.timedelta(days=13)),
                   "earlier this week": (monday, max(monday, published - dt.timedelta(days=1))),
                   }.get(words, (monday, monday + dt.timedelta(days=6)))
    if (first.year, first.month) == (last.year, last.month):
        return first.strftime("%Y-%m"), "month"
    return str(published.year if first.year != last.year else first.year), "year"


def _in_weeks(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    """"in two weeks", "within three weeks": the month that many weeks after the publication."""
    count = match["count"].lower()
    weeks = int(count) if count.isdigit() else {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4,
                                                "a few": 3, "a couple of": 2}[" ".join(count.split())]
    return (published + dt.timedelta(weeks=weeks)).strftime("%Y-%m"), "month"


def _end_of_year(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str]:
    """"by the end of the year", "at the end of next year", "the end of 2023": that year."""
    if match["year"]:
        return match["year"], "year"
    return str(_relative_year(match["which"] or "this", published)), "year"


def _year(match: re.Match[str], published: dt.date, past: bool) -> tuple[str, str] | None:
    """A year; not one that describes a thing ("the 2021 drama"), which dates no event."""
    if re.search(r"\b(?:the|a|its|their|his|her)\s+$", match.string[:match.start()], re.IGNORECASE) \
            and re.match(r"\s+[a-z]", match.string[match.end():]):
        return None
    year = int(match["year"])
    return (str(year), "year") if 1950 <= year <= published.year + 10 else None


ANY_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_RULES = [
    # "from January 31 to March 21, 2020": the range begins on the first day, in the year at its end
    (rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|through|until)\s*(?:{ANY_MONTH}\s+)?"
     rf"\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", _full),
    (rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", _full),
    (rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+(?P<year>\d{{4}})\b", _full),
    (r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b", _iso),
    (rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})", _month_day),
    (rf"\b{MONTH}\s+(?:of\s+)?(?:(?P<year>\d{{4}})|{RELATIVE_YEAR})\b", _month_year),
    (r"\b(?:(?P<which>last|this|next)\s+)?(?P<season>" + "|".join(SEASONS) + r")(?:\s+(?:of\s+)?(?P<year>\d{4}))?\b",
     _season_of_year),
    (rf"\b(?:(?P<which>last|this|next)\s+|(?:in|on|by|since|until|from|early|late|mid-?|a)\s+){MONTH}(?!\s*\d)\b",
     _month_alone),
    (r"\b(?:(?:(?P<which>last|this|next)\s+|on\s+)(?P<weekday>" + "|".join(WEEKDAYS) + r")"
     r"|(?-i:(?P<bare>" + "|".join(d.title() for d in WEEKDAYS) + r")))\b"
     rf"(?!,?\s+(?:the\s+)?(?:\d|{ANY_MONTH}))", _weekday),  # "began Monday"; not "Thursday, May 16"
    (r"\b(?:in|within)\s+(?:(?P<count>\d+|a|one|two|three|four|a few|a couple of)\s+)weeks?\b", _in_weeks),
    (r"\b(?:the\s+)?end\s+of\s+(?:the\s+year|(?P<which>this|next|last)\s+year|(?P<year>\d{4}))\b", _end_of_year),
    (r"\b(?:earlier|later)\s+this\s+month\b|\b(?:last|next|this)\s+month\b|\b(?:earlier\s+)?(?:last|next|this)\s+week\b"
     r"|\byesterday\b"
     r"|\btoday\b(?![’']s)", _relative),
    (rf"\b(?:(?:earlier|later)\s+)?{RELATIVE_YEAR}\b", _relative),
    (r"(?<![\d-])(?P<year>(?:19|20)\d{2})(?![\d-])", _year),
]
