"""Tabular catalogues (CSV or TSV): a streaming service's titles list, or any table of shows.

Columns are found through a mapping from what tvkg needs to the file's column names. The default
fits the public Netflix catalogue (``show_id, type, title, director, cast/casts, country,
date_added, release_year, rating, duration, listed_in, description``); ``--map role=column``
changes one entry. Multi-valued cells (director, cast, country, genres) are comma-separated.
Only rows whose type is a TV show are imported unless ``--option types=any``.

Per show: its title, identifier, release year, number of seasons ("2 Seasons"), genres, countries
(shared ``id/place/<country>`` entities), description, directors, and one cast part per cast member
(people get IRIs from their names: within one catalogue a name is one person).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from typing import BinaryIO

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.importers.common import COMMENT, IDENTIFIER, RDF_TYPE, Context, Skip, entity, slug, tv, typed, year
from tvkg.ontology.namespaces import ENTITY

SOURCE = None  # the file's name, unless --source says
ROLES = ("id", "title", "type", "director", "cast", "country", "release_year", "seasons", "genres",
         "description")
DEFAULT_MAPPING = {"id": "show_id|id", "title": "title", "type": "type", "director": "director", "cast": "cast|casts",
                   "country": "country", "release_year": "release_year", "seasons": "duration",
                   "genres": "listed_in", "description": "description"}
REQUIRED = ("id", "title")
TV_TYPES = {"tv show", "tv series", "series", "show", "tv"}


def read(stream: BinaryIO, context: Context) -> Iterator[ox.Triple | Skip]:
    """The triples of every TV show row, and a Skip for every row or cell left out."""
    text = codecs.getreader("utf-8-sig")(stream, errors="strict")
    delimiter = "\t" if context.options.get("delimiter") == "tab" else context.options.get("delimiter", ",")
    rows = csv.reader(text, delimiter=delimiter)
    try:
        header = next(rows)
    except StopIteration:
        raise InputError("the file has no header row") from None
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    columns = _columns(header, context)
    any_type = context.options.get("types") == "any"
    line = 1
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {role: row[i].strip() if i < len(row) else "" for role, i in columns.items()}
            yield from _show(cells, context, f"line {line}", any_type)
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text after line {line} ({error.reason})") from None
    except csv.Error as error:
        raise InputError(f"line {rows.line_num}: malformed CSV ({error})") from None


def _columns(header: list[str], context: Context) -> dict[str, int]:
    """Where each role's column is; an error naming the missing ones and the columns there are."""
    mapping = dict(DEFAULT_MAPPING)
    for key, value in context.options.items():
        if key.startswith("map."):
            role = key.removeprefix("map.")
            if role not in ROLES:
                raise InputError(f"--map {role}=...: unknown role; the roles are {', '.join(ROLES)}")
            mapping[role] = value
    names = [h.strip().lower() for h in header]
    found = {}
    for role, wanted in mapping.items():
        for name in wanted.lower().split("|"):
            if name in names:
                found[role] = names.index(name)
                break
    missing = [r for r in REQUIRED if r not in found]
    if missing:
        raise InputError(f"no column for {', '.join(missing)} (looked for "
                         f"{', '.join(repr(mapping[m]) for m in missing)}); the columns are {', '.join(header)}; "
                         "name them with --map ROLE=COLUMN")
    return found


def _show(cells: dict[str, str], context: Context, where: str, any_type: bool) -> Iterator[ox.Triple | Skip]:
    kind = cells.get("type", "")
    if kind and not any_type and kind.lower() not in TV_TYPES:
        yield Skip(where, f"not a TV show (type {kind!r})")
        return
    if not cells["id"] or not cells["title"]:
        yield Skip(where, "no id or no title")
        return
    show = context.mint("show", cells["id"])
    yield from entity(show, "Show", cells["title"])
    yield ox.Triple(show, IDENTIFIER, context.identifier(cells["id"]))
    if cells.get("description"):
        yield ox.Triple(show, COMMENT, ox.Literal(cells["description"], language="en"))
    if cells.get("release_year"):
        released = year(cells["release_year"])
        yield ox.Triple(show, tv("releaseDate"), released) if released else \
            Skip(where, "release year is not a four-digit year")
    yield from _seasons(show, cells.get("seasons", ""), where)
    for genre in _split(cells.get("genres", "")):
        yield ox.Triple(show, tv("genre"), ox.Literal(genre, language="en"))
    for country in _split(cells.get("country", "")):
        place = ox.NamedNode(f"{ENTITY}place/{slug(country)}")
        yield from entity(place, "Place", country, "en")
        yield ox.Triple(show, tv("countryOfOrigin"), place)
    for name in _split(cells.get("director", "")):
        person = context.mint("person", name)
        yield from entity(person, "Person", name)
        yield ox.Triple(show, tv("director"), person)
    for name in dict.fromkeys(_split(cells.get("cast", ""))):
        person = context.mint("person", name)
        role = context.mint("role", f"{cells['id']}-{name}")
        yield from entity(person, "Person", name)
        yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
        yield ox.Triple(show, tv("hasCastRole"), role)
        yield ox.Triple(role, tv("actor"), person)


def _seasons(show: ox.NamedNode, text: str, where: str) -> Iterator[ox.Triple | Skip]:
    if not text:
        return
    match = re.fullmatch(r"(\d+)\s+seasons?", text.strip(), flags=re.IGNORECASE)
    if match:
        yield ox.Triple(show, tv("numberOfSeasons"), typed(int(match.group(1)), "integer"))
    else:
        yield Skip(where, "duration is not a season count like '2 Seasons'")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]
