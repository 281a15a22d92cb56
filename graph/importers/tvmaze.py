"""TVmaze API JSON: shows with their embedded cast, seasons and episodes (https://www.tvmaze.com/api).

Three forms are read, told apart by the first non-blank line: one show document (as from
``/shows/{id}?embed[]=cast&embed[]=episodes&embed[]=seasons``), a JSON array of them, or
line-delimited JSON, one show per line. Arrays and line-delimited files are streamed, so a large
file is never held whole; a bad line is an InputError naming it.

Per show: its name, identifiers (``tvmaze:<id>``, and ``imdb:``/``thetvdb:``/``tvrage:`` from
``externals`` so entity resolution can join sources), genres, premiered and ended (tv:releaseDate,
tv:endDate), language (tv:originalLanguage, as a BCP 47 tag: TVmaze lists the original version of a
show), summary (HTML stripped, rdfs:comment), and its network or web channel (both tv:Network: a
streaming service is a network in the ontology) as tv:originalNetwork.

A show's ``network``/``webChannel`` is the one it airs on now, which for a show that moved is not the
one that first showed it; each season names its own. So with ``_embedded.seasons``, a season's
channel is its tv:originalNetwork and the show's is its first season's; without them (or when the
first season names none), the show's channel is taken as its original network. A channel's
``country`` is where the channel operates (TVmaze leaves it empty for Netflix), not where the show
comes from: it is not imported.

Seasons come from ``_embedded.seasons`` (premiereDate, endDate, episodeOrder as tv:numberOfEpisodes)
and from the episodes' season numbers (a season only the episodes mention is still made); episodes
need a number, so specials are skipped; an episode's airdate is its tv:releaseDate and its runtime
its tv:runtime. ``_embedded.cast`` is the show's main cast (TVmaze: "a person part of the show's main
cast"): every entry is one tv:CastRole with tv:billing tv:MainCast, the person, the character name
and the character (which appears in the show), except when ``self`` is true: a person playing
themselves is no fictional character, so only tv:characterName is kept.

Names are tagged with the language they are written in: TVmaze's records are English, so ``@en``,
or ``@ko`` for a name in Hangul. Not imported: type, status, schedule, rating, weight, image,
officialSite, dvdCountry, a show's runtime (an episode's, not the whole show's), the people's
country, birthday, deathday and gender, voice (the part is still the character), crew (creators and
producers: no tvkg property; TVmaze keeps directors and writers per episode, in guestcrew).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Generator, Iterable, Iterator
from html.parser import HTMLParser
from typing import Any, BinaryIO, TextIO

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.importers.common import COMMENT, IDENTIFIER, Context, Skip, date, entity, tv, typed
from tvkg.ontology.vocabulary import ALT_LABEL, RDF_TYPE

OPTIONS: dict[str, tuple[str, ...] | None] = {}  # takes no --option (checked by run)

SOURCE = "tvmaze"
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
CHUNK = 1 << 16  # characters read at a time from a JSON array
Item = ox.Triple | Skip
Json = dict[str, Any]

# TVmaze names languages in English; the ontology wants BCP 47 tags.
LANGUAGES = {
    "afrikaans": "af", "albanian": "sq", "arabic": "ar", "armenian": "hy", "basque": "eu", "bengali": "bn",
    "bosnian": "bs", "bulgarian": "bg", "catalan": "ca", "chinese": "zh", "croatian": "hr", "czech": "cs",
    "danish": "da", "dutch": "nl", "english": "en", "estonian": "et", "filipino": "fil", "finnish": "fi",
    "french": "fr", "galician": "gl", "georgian": "ka", "german": "de", "greek": "el", "gujarati": "gu",
    "hebrew": "he", "hindi": "hi", "hungarian": "hu", "icelandic": "is", "indonesian": "id", "irish": "ga",
    "italian": "it", "japanese": "ja", "kannada": "kn", "kazakh": "kk", "korean": "ko", "latvian": "lv",
    "lithuanian": "lt", "macedonian": "mk", "malay": "ms", "malayalam": "ml", "marathi": "mr",
    "mongolian": "mn", "norwegian": "no", "persian": "fa", "polish": "pl", "portuguese": "pt",
    "punjabi": "pa", "romanian": "ro", "russian": "ru", "serbian": "sr", "slovak": "sk", "slovenian": "sl",
    "spanish": "es", "swedish": "sv", "tagalog": "tl", "tamil": "ta", "telugu": "te", "thai": "th",
    "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi", "welsh": "cy",
}

# -- reading the three forms -------------------------------------------------------------------

def read(stream: BinaryIO, context: Context) -> Iterator[Item]:
    """The triples of every show in the file, and a Skip for every show or part left out."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline=None)
    try:
        yield from _documents(text, context)
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason})") from None


def _documents(text: TextIO, context: Context) -> Iterator[Item]:
    """Pick the form from the first non-blank line, then map each show document it holds."""
    line, first = 0, ""
    for first in text:
        line += 1
        if first.strip():
            break
    start = first.lstrip()[:1]
    if start == "[":
        documents = _array(first, text, line)
    elif start == "{" and _parses(first):
        documents = _lines(first, text, line)
    elif start == "{":
        documents = _single(first + text.read(), line)
    elif not start:
        raise InputError("the file holds no JSON")
    else:
        raise InputError(f"line {line}: expected a TVmaze show object '{{' or an array '[', found {start!r}")
    for where, document in documents:
        yield from _show(document, context, where)


def _parses(line: str) -> bool:
    """True when one line is a whole JSON object: the file is line-delimited, not one pretty document."""
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _single(content: str, first_line: int) -> Iterator[tuple[str, Any]]:
    """One show document (a single record, so reading it whole is fine)."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        raise _invalid(error, first_line + error.lineno - 1, error.colno) from None
    yield f"line {first_line}", document


def _lines(first: str, text: TextIO, line: int) -> Iterator[tuple[str, Any]]:
    """Line-delimited JSON, one show per line, read a line at a time."""
    yield f"line {line}", json.loads(first)
    for content in text:
        line += 1
        if not content.strip():
            continue
        try:
            yield f"line {line}", json.loads(content)
        except json.JSONDecodeError as error:
            raise _invalid(error, line, error.colno) from None


def _array(first: str, text: TextIO, line: int) -> Iterator[tuple[str, Any]]:
    """The elements of a JSON array, decoded one at a time from a buffer refilled in chunks.

    An element that fails to decode may only be cut off by the buffer's end, so the buffer grows
    (doubling, to stay linear) until it decodes or the file ends; then the error is real and is
    reported with its line. ``line`` is always the line the buffer starts on.
    """
    decoder = json.JSONDecoder()
    buffer, at, index, expect_comma = first[first.index("[") + 1:], 0, 0, False

    def fill() -> bool:
        nonlocal buffer, at, line
        chunk = text.read(max(CHUNK, len(buffer) - at))
        if not chunk:
            return False
        line += buffer.count("\n", 0, at)
        buffer, at = buffer[at:] + chunk, 0
        return True

    def line_at(pos: int) -> int:
        return line + buffer.count("\n", 0, pos)

    while True:
        at = _skip_space(buffer, at)
        if at == len(buffer):
            if not fill():
                raise InputError(f"line {line_at(at)}: the JSON array is not closed")
            continue
        if buffer[at] == "]":
            return _check_rest(buffer[at + 1:], text, line_at(at))
        if expect_comma:
            if buffer[at] != ",":
                raise InputError(f"line {line_at(at)}: invalid JSON (expected ',' or ']' after an array element)")
            at, expect_comma = at + 1, False
            continue
        try:
            element, end = decoder.raw_decode(buffer, at)
        except json.JSONDecodeError as error:
            if fill():
                continue
            raise _invalid(error, line_at(error.pos), _column(buffer, error.pos)) from None
        index += 1
        yield f"line {line_at(at)} (show {index} of the array)", element
        at, expect_comma = end, True


def _skip_space(buffer: str, at: int) -> int:
    while at < len(buffer) and buffer[at] in " \t\r\n":
        at += 1
    return at


def _check_rest(rest: str, text: TextIO, line: int) -> None:
    """Only whitespace may follow the array's closing bracket."""
    while True:
        if rest.strip():
            raise InputError(f"line {line}: invalid JSON (text after the closing ']' of the array)")
        rest = text.read(CHUNK)
        if not rest:
            return


def _column(buffer: str, pos: int) -> int:
    return pos - buffer.rfind("\n", 0, pos)


def _invalid(error: json.JSONDecodeError, line: int, column: int) -> InputError:
    return InputError(f"line {line}: invalid JSON ({error.msg}, column {column})")


# -- one show document ---------------------------------------------------------------------------

def _show(document: Any, context: Context, where: str) -> Iterator[Item]:
    """All of one show, each triple once (a person playing two parts is described once)."""
    if isinstance(document, dict) and "id" not in document and isinstance(document.get("show"), dict):
        document = document["show"]  # a /search/shows result: {"score": ..., "show": {...}}
    if not isinstance(document, dict):
        yield Skip(where, "not a show object")
        return
    show_id, name = document.get("id"), _text(document.get("name"))
    if show_id is None or not name:
        yield Skip(where, "show without id or name")
        return
    yield from _unique(_show_items(document, str(show_id), name, context))


def _unique(items: Iterable[Item]) -> Iterator[Item]:
    seen: set[ox.Triple] = set()
    for item in items:
        if isinstance(item, Skip) or item not in seen:
            if isinstance(item, ox.Triple):
                seen.add(item)
            yield item


def _show_items(document: Json, show_id: str, name: str, context: Context) -> Iterator[Item]:
    where = f"show {show_id}"
    show = context.mint("show", show_id)
    yield from entity(show, "Show", name, language(name))
    yield ox.Triple(show, IDENTIFIER, context.identifier(show_id))
    yield from _externals(show, document.get("externals"), where)
    yield from _facts(show, document, where)
    embedded = document.get("_embedded") or {}
    first = _first_season_channels(_list(embedded.get("seasons")))
    for org in first if first is not None else _channels(document):
        yield from _network(show, org, context)
    seasons = yield from _seasons(show, show_id, name, _list(embedded.get("seasons")), context, where)
    yield from _episodes(show, show_id, name, _list(embedded.get("episodes")), seasons, context, where)
    for entry in _list(embedded.get("cast")):
        yield from _cast(show, show_id, entry, context, where)


def _externals(show: ox.NamedNode, externals: Any, where: str) -> Iterator[Item]:
    """Other databases' ids as identifiers, the keys entity resolution joins sources on."""
    if not isinstance(externals, dict):
        return
    imdb = externals.get("imdb")
    if imdb:
        yield ox.Triple(show, IDENTIFIER, ox.Literal(f"imdb:{imdb}")) if re.fullmatch(r"tt\d+", str(imdb)) \
            else Skip(where, "externals.imdb is not an IMDb title id (tt...)")
    for key in ("thetvdb", "tvrage"):
        if isinstance(externals.get(key), int):
            yield ox.Triple(show, IDENTIFIER, ox.Literal(f"{key}:{externals[key]}"))


def _facts(show: ox.NamedNode, document: Json, where: str) -> Iterator[Item]:
    """Genres, premiere and end dates, language and summary."""
    for genre in _list(document.get("genres")):
        if _text(genre):
            yield ox.Triple(show, tv("genre"), ox.Literal(_text(genre), language="en"))
    yield from _date(show, tv("releaseDate"), document.get("premiered"), where, "premiere date")
    yield from _date(show, tv("endDate"), document.get("ended"), where, "end date")
    language = _text(document.get("language"))
    if language:
        tag = LANGUAGES.get(language.lower())
        yield ox.Triple(show, tv("originalLanguage"), ox.Literal(tag)) if tag \
            else Skip(where, f"language {language!r} has no known BCP 47 tag")
    yield from _summary(show, document.get("summary"))


def _channels(record: Json) -> list[tuple[str, Json]]:
    """The network and web channel of a show or season, as (kind, channel) for those named with an id."""
    found = []
    for key, kind in (("network", "network"), ("webChannel", "webchannel")):
        channel = record.get(key)
        if isinstance(channel, dict) and channel.get("id") is not None and _text(channel.get("name")):
            found.append((kind, channel))
    return found


def _first_season_channels(seasons: list[Any]) -> list[tuple[str, Json]] | None:
    """The channels of the first embedded season (the lowest number): those that first showed the show.
    None without seasons, or when the first names no channel (then the show's own is all there is)."""
    numbered = [(number, entry) for entry in seasons
                if isinstance(entry, dict) and (number := _number(entry.get("number"))) is not None]
    if not numbered:
        return None
    return _channels(min(numbered, key=lambda pair: pair[0])[1]) or None


def _network(production: ox.NamedNode, found: tuple[str, Json], context: Context) -> Iterator[ox.Triple]:
    """A network or web channel (both tv:Network: Netflix is one in the ontology) that first showed
    ``production``."""
    kind, channel = found
    org = context.mint("org", f"{kind}-{channel['id']}")
    yield from entity(org, "Network", _text(channel["name"]), language(_text(channel["name"])))
    yield ox.Triple(org, IDENTIFIER, context.identifier(f"{kind}s/{channel['id']}"))
    yield ox.Triple(production, tv("originalNetwork"), org)


def _summary(node: ox.NamedNode, html: Any) -> Iterator[ox.Triple]:
    text = _plain(html) if isinstance(html, str) else ""
    if text:
        yield ox.Triple(node, COMMENT, ox.Literal(text, language="en"))


# -- seasons and episodes ------------------------------------------------------------------------

def _season_node(show_id: str, number: int, context: Context) -> ox.NamedNode:
    """Seasons are minted from show and number, because that is all an episode says of its season."""
    return context.mint("season", f"{show_id}-s{number}")


def _season(show: ox.NamedNode, show_id: str, name: str, number: int, context: Context) -> Iterator[ox.Triple]:
    season, label = _season_node(show_id, number, context), f"{name} season {number}"
    yield from entity(season, "Season", label, language(label))
    yield ox.Triple(season, tv("seasonOf"), show)
    yield ox.Triple(season, tv("seasonNumber"), typed(number, "integer"))


def _seasons(show: ox.NamedNode, show_id: str, name: str, entries: list[Any], context: Context, where: str
             ) -> Generator[Item, None, set[int]]:
    """The embedded seasons; returns the numbers made, so episodes add only the missing ones."""
    made: set[int] = set()
    for entry in entries:
        number = _number(entry.get("number")) if isinstance(entry, dict) else None
        if number is None:
            yield Skip(where, "season without a number")
            continue
        made.add(number)
        season = _season_node(show_id, number, context)
        yield from _season(show, show_id, name, number, context)
        if entry.get("id") is not None:
            yield ox.Triple(season, IDENTIFIER, context.identifier(f"seasons/{entry['id']}"))
        if _number(entry.get("episodeOrder")) is not None:
            yield ox.Triple(season, tv("numberOfEpisodes"), typed(entry["episodeOrder"], "integer"))
        yield from _date(season, tv("releaseDate"), entry.get("premiereDate"), where, "season premiere date")
        yield from _date(season, tv("endDate"), entry.get("endDate"), where, "season end date")
        for channel in _channels(entry):
            yield from _network(season, channel, context)
        yield from _summary(season, entry.get("summary"))
    return made


def _episodes(show: ox.NamedNode, show_id: str, name: str, entries: list[Any], seasons: set[int],
              context: Context, where: str) -> Iterator[Item]:
    """Numbered episodes, each in its season (made here if the seasons list lacked it)."""
    for entry in entries:
        if not isinstance(entry, dict):
            yield Skip(where, "episode is not an object")
            continue
        here = f"{where} episode {entry.get('id', '?')}"
        season_number, number = _number(entry.get("season")), _number(entry.get("number"))
        if season_number is None:
            yield Skip(here, "episode without a season number")
            continue
        if number is None:
            yield Skip(here, "special episode without an episode number")
            continue
        if season_number not in seasons:
            seasons.add(season_number)
            yield from _season(show, show_id, name, season_number, context)
        local = str(entry["id"]) if entry.get("id") is not None else f"{show_id}-s{season_number}e{number}"
        yield from _episode(entry, context.mint("episode", local), _season_node(show_id, season_number, context),
                            f"{name} S{season_number:02d}E{number:02d}", context, here)


def _episode(entry: Json, episode: ox.NamedNode, season: ox.NamedNode, code: str, context: Context, where: str
             ) -> Iterator[Item]:
    """An episode: its name (else its code, which is also an alternative label), number and airdate."""
    number, label = entry["number"], _text(entry.get("name")) or code
    yield from entity(episode, "Episode", label, language(label))
    yield ox.Triple(episode, ALT_LABEL, ox.Literal(code, language=language(code)))
    if entry.get("id") is not None:
        yield ox.Triple(episode, IDENTIFIER, context.identifier(f"episodes/{entry['id']}"))
    yield ox.Triple(episode, tv("episodeOf"), season)
    yield ox.Triple(episode, tv("episodeNumber"), typed(number, "integer"))
    yield from _date(episode, tv("releaseDate"), entry.get("airdate"), where, "airdate")
    minutes = _number(entry.get("runtime"))
    if minutes:
        yield ox.Triple(episode, tv("runtime"), _duration(minutes))
    yield from _summary(episode, entry.get("summary"))


# -- cast ------------------------------------------------------------------------------------------

def _cast(show: ox.NamedNode, show_id: str, entry: Any, context: Context, where: str) -> Iterator[Item]:
    """One part of the main cast: who (a person) played whom (a character of this show, unless the
    person plays themselves)."""
    person = entry.get("person") if isinstance(entry, dict) else None
    if not isinstance(person, dict) or person.get("id") is None or not _text(person.get("name")):
        yield Skip(where, "cast entry without a person id and name")
        return
    character = entry.get("character")
    if not isinstance(character, dict) or character.get("id") is None or not _text(character.get("name")):
        character = None
    actor, who = context.mint("person", str(person["id"])), _text(person["name"])
    yield from entity(actor, "Person", who, language(who))
    yield ox.Triple(actor, IDENTIFIER, context.identifier(f"people/{person['id']}"))
    role = context.mint("role", f"{show_id}-{person['id']}" + (f"-{character['id']}" if character else ""))
    yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
    yield ox.Triple(show, tv("hasCastRole"), role)
    yield ox.Triple(role, tv("actor"), actor)
    yield ox.Triple(role, tv("billing"), tv("MainCast"))
    if not character:
        return
    yield ox.Triple(role, tv("characterName"), ox.Literal(_text(character["name"])))
    if entry.get("self") is True:
        return
    part, played = context.mint("character", str(character["id"])), _text(character["name"])
    yield from entity(part, "Character", played, language(played))
    yield ox.Triple(part, IDENTIFIER, context.identifier(f"characters/{character['id']}"))
    yield ox.Triple(part, tv("appearsIn"), show)
    yield ox.Triple(role, tv("character"), part)


# -- values ----------------------------------------------------------------------------------------

def _date(node: ox.NamedNode, prop: ox.NamedNode, value: Any, where: str, what: str) -> Iterator[Item]:
    """A dated fact, or a Skip when TVmaze's date is not ISO 8601 (empty means unknown: nothing)."""
    if not isinstance(value, str) or not value.strip():
        return
    literal = date(value)
    yield ox.Triple(node, prop, literal) if literal else Skip(where, f"{what} is not an ISO 8601 date")


def _duration(minutes: int) -> ox.Literal:
    """Minutes as a canonical xsd:duration (70 -> PT1H10M)."""
    hours, rest = divmod(minutes, 60)
    return typed("PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else ""), "duration")


def language(name: str) -> str:
    """The language tag of a name in TVmaze's English records: ``ko`` if written in Hangul, else ``en``."""
    return "ko" if HANGUL.search(name) else "en"


def _number(value: Any) -> int | None:
    """A non-negative integer, else None (TVmaze gives null for specials' numbers)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment (entities decoded), dropping the tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "li", "div"):
            self.parts.append(" ")  # block breaks separate words


def _plain(html: str) -> str:
    """TVmaze summaries are HTML (``<p><b>Show</b> is ...</p>``); the comment is plain text."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()
