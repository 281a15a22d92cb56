"""Tabular catalogues (CSV or TSV): a streaming service's titles list, or any table of shows.

Columns are found through a mapping from what tvkg needs to the file's column names. The default
fits the public Netflix catalogue (``show_id, type, title, director, cast/casts, country,
date_added, release_year, rating, duration, listed_in, description``); ``--map role=column``
changes one entry. Multi-valued cells (director, cast, country, genres, categories) are comma-separated.
Only rows whose type is a TV show are imported unless ``--option types=any``.

Each column goes to the property that means what the column states, and no further
(``data/README.md`` has the table):

* ``release_year`` is the year the catalogue lists, for a series a later season's (Friends is 2003
  there), so it is ``tv:catalogueYear``, never ``tv:releaseDate`` (first released);
* ``date_added`` is a fact about the service: ``tv:addedToCatalogue``, beside ``tv:availableOn``
  the service (``--option platform=Netflix``);
* ``listed_in`` is the service's browse categories: ``tv:category``, concepts of a SKOS scheme of
  the catalogue's own (``id/category/<source>``), not genres;
* ``duration`` "2 Seasons" gives the show ``tv:Season`` entities numbered 1..2 (and the count);
* ``cast`` is in billing order: each part's ``tv:castOrder``.

Names carry the catalogue's language tag (``--option language=en``, the default). Within one
catalogue a name is one person (its first spelling the preferred label, others differing in case
alternatives). Names that differ by accents or spacing (Joaquín Cosío, Joaquin Cosio) may be two
people (the French Nicolas Martinez, the Chilean Nicolás Martínez): entity resolution decides.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.importers.common import COMMENT, IDENTIFIER, Context, Skip, entity, tv, typed, year
from tvkg.ontology.iris import slug
from tvkg.ontology.namespaces import ENTITY
from tvkg.ontology.vocabulary import ALT_LABEL, PREF_LABEL, RDF_TYPE

SOURCE = None  # the file's name, unless --source says
# --option KEY=VALUE: the values allowed, or None for any (checked by tvkg.importers.run)
OPTIONS = {"delimiter": None, "types": ("tv", "any"), "language": None, "platform": None}
ROLES = ("id", "title", "type", "director", "cast", "country", "date_added", "release_year", "rating", "seasons",
         "genres", "categories", "description")
DEFAULT_MAPPING = {"id": "show_id|id", "title": "title", "type": "type", "director": "director", "cast": "cast|casts",
                   "country": "country", "date_added": "date_added", "release_year": "release_year",
                   "rating": "rating", "seasons": "duration", "genres": "genres|genre",
                   "categories": "listed_in|categories",
                   "description": "description"}
REQUIRED = ("id", "title")
TV_TYPES = {"tv show", "tv series", "series", "show", "tv"}
# 2021-09-25, September 25, 2021, 25-Sep-21
DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d-%b-%y", "%d-%b-%Y", "%b %d, %Y")
SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass
class _People:
    """The people of one catalogue, by name (case aside), with every spelling seen; written at the end."""

    spellings: dict[ox.NamedNode, list[str]] = field(default_factory=dict)

    def person(self, context: Context, name: str) -> ox.NamedNode:
        node = context.mint("person", name)
        seen = self.spellings.setdefault(node, [])
        if name not in seen:
            seen.append(name)
        return node

    def triples(self, language: str) -> Iterator[ox.Triple]:
        for node, names in self.spellings.items():
            preferred = names[0]  # the first spelling; others differ only in case
            yield from entity(node, "Person", preferred, language)
            for other in names:
                if other != preferred:
                    yield ox.Triple(node, ALT_LABEL, ox.Literal(other, language=language))


def read(stream: BinaryIO, context: Context) -> Iterator[ox.Triple | Skip]:
    """The triples of every TV show row, and a Skip for every row or cell left out."""
    text = codecs.getreader("utf-8-sig")(stream, "strict")  # (errors: positional, in typeshed)
    delimiter = "\t" if context.options.get("delimiter") == "tab" else context.options.get("delimiter", ",")
    if len(delimiter) != 1:
        raise InputError(f"--option delimiter={delimiter}: give one character, or 'tab'")
    rows = csv.reader(text, delimiter=delimiter)
    try:
        header = next(rows)
    except StopIteration:
        raise InputError("the file has no header row") from None
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    columns = _columns(header, context)
    any_type = context.options.get("types") == "any"
    language = _language(context)
    people = _People()
    shows = 0  # triples of shows written: the catalogue's platform and categories scheme only with some
    line = 1
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {role: row[i].strip() if i < len(row) else "" for role, i in columns.items()}
            for item in _show(cells, context, f"line {line}", any_type, people, language):
                shows += not isinstance(item, Skip)
                yield item
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text after line {line} ({error.reason})") from None
    except csv.Error as error:
        raise InputError(f"line {rows.line_num}: malformed CSV ({error})") from None
    if people.spellings or shows:
        yield from _platform(context, language)
        yield from _scheme(context, language)
    yield from people.triples(language)


def _language(context: Context) -> str:
    language = context.options.get("language", "en")
    if not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", language):
        raise InputError(f"--option language={language}: not a language tag like 'en' or 'ko'")
    return language


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


def _platform_node(context: Context) -> ox.NamedNode | None:
    """The service the catalogue lists (``--option platform=Netflix``): one entity per name, shared
    by every source that names it, as places are."""
    name = context.options.get("platform", "").strip()
    return ox.NamedNode(f"{ENTITY}org/{slug(name)}") if name else None


def _platform(context: Context, language: str) -> Iterator[ox.Triple]:
    node = _platform_node(context)
    if node is not None:
        yield from entity(node, "Network", context.options["platform"].strip(), language)


def _scheme_node(context: Context) -> ox.NamedNode:
    return ox.NamedNode(f"{ENTITY}category/{slug(context.source)}")


def _scheme(context: Context, language: str) -> Iterator[ox.Triple]:
    """The catalogue's categories are a SKOS scheme of their own."""
    scheme = _scheme_node(context)
    owner = context.options.get("platform", "").strip() or context.source
    yield ox.Triple(scheme, RDF_TYPE, ox.NamedNode(SKOS + "ConceptScheme"))
    yield ox.Triple(scheme, PREF_LABEL, ox.Literal(f"{owner} categories", language=language))


def _show(cells: dict[str, str], context: Context, where: str, any_type: bool, people: _People, language: str
          ) -> Iterator[ox.Triple | Skip]:
    kind = cells.get("type", "")
    if kind and not any_type and kind.lower() not in TV_TYPES:
        yield Skip(where, f"not a TV show (type {kind!r})")
        return
    if not cells["id"] or not cells["title"]:
        yield Skip(where, "no id or no title")
        return
    show = context.mint("show", cells["id"])
    yield from entity(show, "Show", cells["title"], language)
    yield ox.Triple(show, IDENTIFIER, context.identifier(cells["id"]))
    if cells.get("description"):
        yield ox.Triple(show, COMMENT, ox.Literal(cells["description"], language=language))
    if cells.get("release_year"):
        listed = year(cells["release_year"])
        yield ox.Triple(show, tv("catalogueYear"), listed) if listed else \
            Skip(where, "release year is not a four-digit year")
    yield from _availability(show, cells.get("date_added", ""), context, where)
    if cells.get("rating"):
        yield ox.Triple(show, tv("contentRating"), ox.Literal(cells["rating"]))
    yield from _seasons(show, cells, context, where, language)
    yield from _categories(show, cells.get("categories", ""), context, language)
    for genre in _split(cells.get("genres", "")):
        yield ox.Triple(show, tv("genre"), ox.Literal(genre, language=language))
    for country in _split(cells.get("country", "")):
        place = ox.NamedNode(f"{ENTITY}place/{slug(country)}")
        yield from entity(place, "Place", country, "en")
        yield ox.Triple(show, tv("countryOfOrigin"), place)
    for name in _split(cells.get("director", "")):
        yield ox.Triple(show, tv("director"), people.person(context, name))
    credited: dict[str, str] = {}  # one part per person, where the list first names them
    for name in _split(cells.get("cast", "")):
        credited.setdefault(slug(name), name)
    for order, name in enumerate(credited.values(), start=1):
        person = people.person(context, name)
        role = context.mint("role", f"{cells['id']}-{name}")
        yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
        yield ox.Triple(show, tv("hasCastRole"), role)
        yield ox.Triple(role, tv("actor"), person)
        yield ox.Triple(role, tv("castOrder"), typed(order, "integer"))


def _availability(show: ox.NamedNode, added: str, context: Context, where: str) -> Iterator[ox.Triple | Skip]:
    """On the service the catalogue lists, and since when, as far as the catalogue says."""
    platform = _platform_node(context)
    if platform is not None:
        yield ox.Triple(show, tv("availableOn"), platform)
    if not added:
        return
    day = _date(added)
    yield ox.Triple(show, tv("addedToCatalogue"), typed(day.isoformat(), "date")) if day else \
        Skip(where, "date added is not a date like 'September 25, 2021' or '2021-09-25'")


def _date(text: str) -> dt.date | None:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _seasons(show: ox.NamedNode, cells: dict[str, str], context: Context, where: str, language: str
             ) -> Iterator[ox.Triple | Skip]:
    """ "2 Seasons": the count, and seasons 1 and 2 as entities of their own."""
    text = cells.get("seasons", "")
    if not text:
        return
    match = re.fullmatch(r"(\d+)\s+seasons?", text.strip(), flags=re.IGNORECASE)
    if not match:
        yield Skip(where, "duration is not a season count like '2 Seasons'")
        return
    count = int(match.group(1))
    yield ox.Triple(show, tv("numberOfSeasons"), typed(count, "integer"))
    for number in range(1, count + 1):
        season = context.mint("season", f"{cells['id']}-{number}")
        yield from entity(season, "Season", f"{cells['title']} season {number}", language)
        yield ox.Triple(season, tv("seasonOf"), show)
        yield ox.Triple(season, tv("seasonNumber"), typed(number, "integer"))


def _categories(show: ox.NamedNode, cell: str, context: Context, language: str) -> Iterator[ox.Triple]:
    scheme = _scheme_node(context)
    for name in _split(cell):
        concept = ox.NamedNode(f"{scheme.value}-{slug(name)}")
        yield ox.Triple(concept, RDF_TYPE, ox.NamedNode(SKOS + "Concept"))
        yield ox.Triple(concept, PREF_LABEL, ox.Literal(name, language=language))
        yield ox.Triple(concept, ox.NamedNode(SKOS + "inScheme"), scheme)
        yield ox.Triple(show, tv("category"), concept)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]
