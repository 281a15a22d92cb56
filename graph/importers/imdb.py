"""IMDb's public datasets (https://developer.imdb.com/non-commercial-datasets/): a directory holding
``title.basics``, ``title.episode``, ``title.principals`` and ``name.basics``, each as ``.tsv.gz`` (as
downloaded) or ``.tsv`` (decompressed; the newer one wins when both are there). Files are UTF-8,
tab-separated, unquoted, with a header row; ``\\N`` is an empty cell.

What it maps (IRIs minted from IMDb's ids, ``id/show/imdb-tt0903747``, ``id/person/imdb-nm0000001``):

* title.basics: series (titleType tvSeries, tvMiniSeries) become a ``tv:Show``: primaryTitle as
  skos:prefLabel, originalTitle as skos:altLabel where it differs, startYear (IMDb: "in the case of TV
  Series, it is the series start year") as tv:releaseDate and endYear ("TV Series end year") as
  tv:endDate (xsd:gYear), each genre as tv:genre, "imdb:tt..." as dcterms:identifier.
* title.episode: an episode of an imported show becomes a ``tv:Episode`` (tv:episodeOf its season,
  tv:episodeNumber) of a ``tv:Season`` minted per show and season number (tv:seasonOf,
  tv:seasonNumber, labelled "<show> season N"). Its label and release year come from its own
  title.basics row, read in a second pass over that file so no title is held in memory, with its
  runtimeMinutes as tv:runtime (xsd:duration); an episode missing there is labelled "<show> S1E2".
* title.principals: actor, actress and self credits become a ``tv:CastRole`` (tv:hasCastRole,
  tv:actor), one per character of the ``characters`` list, playing a ``tv:Character`` shared by
  the whole show (tv:character, tv:characterName; the character tv:appearsIn the show); "self"
  parts name no character node (a person playing themselves is not a fictional character), only
  tv:characterName. director credits become tv:director; writer credits tv:writer, except those whose
  job names the work the show adapts ("webtoon", "novel", "based on the manga by", "characters"):
  IMDb files its source authors under "writer", but tv:writer is who wrote the screenplay.
* name.basics: the people those credits name become a ``tv:Person`` (primaryName, "imdb:nm...");
  one missing there is labelled with their IMDb id (tagged ``@zxx``: an id is no name in any
  language), so every credit points at a labelled person.

Names are tagged with the language they are written in: the files are English records, so titles,
people's and characters' names are ``@en``, or ``@ko`` when written in Hangul; originalTitle is
"in the original language", which the file does not name, so it is ``@ko`` (Hangul), ``@ja`` (kana)
or ``@und`` (undetermined: often a romanisation, "Gisaengchung").

What it skips, each row with a reason in the import report: titles of other types ("not a TV series
(movie)"), adult titles, episodes of titles not imported or without a season number, credits of
titles not imported, other credit categories (producer, composer, ...), writing credits for the
source work, rows with the wrong number of fields. Not mapped: a series' runtimeMinutes (a typical
episode's, which tv:runtime on a show would read as the whole show's), isAdult (a filter), ordering,
the people's birth and death years, professions and knownForTitles, and the files not read
(title.akas, title.crew, title.ratings).

Memory: every file is streamed row by row (title.principals has ~60 million rows). What the joins
need is kept per IMDb id in arrays indexed by the id's number: 1 byte of flags per title and per
person id (~35 and ~15 MB for today's ids), and with credits=episodes 4 bytes per title id for an
episode's show (~140 MB), instead of gigabytes of dicts; plus the titles of the imported shows and
their (show, season) pairs, for the season labels.

The runner names the import graph after the directory (``tvg:import/imdb-imdb-<directory>-<date>``):
importing from a directory of the same name again replaces the earlier import; a directory of
another name adds a second graph beside it.

Options (``--option KEY=VALUE``):

* ``types=tvSeries,tvMiniSeries``: the titleTypes imported as shows (e.g. add tvSpecial).
* ``credits=series`` (default) imports the credits of the shows themselves; ``credits=episodes``
  also those of their episodes, attached to each episode (its cast roles, directors, writers;
  characters still shared by the show). Episode credits are most of title.principals.
* ``adult=no`` (default) leaves out titles marked isAdult; ``adult=yes`` keeps them.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.importers.common import IDENTIFIER, Context, Skip, entity, tv, typed, year
from tvkg.ontology.vocabulary import ALT_LABEL, PREF_LABEL, RDF_TYPE
from tvkg.store.formats import open_data

SOURCE = "imdb"
NULL = "\\N"
FILES = ("title.basics", "title.episode", "title.principals", "name.basics")
COLUMNS = {
    "title.basics": ("tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear",
                     "runtimeMinutes", "genres"),
    "title.episode": ("tconst", "parentTconst", "seasonNumber", "episodeNumber"),
    "title.principals": ("tconst", "nconst", "category", "job", "characters"),
    "name.basics": ("nconst", "primaryName"),
}
TITLE_TYPES = ("tvSeries", "tvMiniSeries", "tvSpecial", "tvMovie", "tvShort", "tvPilot", "movie", "short",
               "video", "videoGame")
DEFAULT_TYPES = "tvSeries,tvMiniSeries"
OPTIONS = {"types": None, "credits": ("series", "episodes"), "adult": ("no", "yes")}
CAST = {"actor", "actress", "self"}
CREW = {"director": "director", "writer": "writer"}
NUMBER = re.compile(r"\d{1,9}")
# A writer credit whose job names the work adapted: the author of a source, not a screenwriter.
SOURCE_CREDIT = re.compile(r"\b(?:based on|webtoons?|web ?comics?|comics?|comic books?|manga|manhwa|manhua|novels?|"
                           r"web ?novels?|books?|short stor(?:y|ies)|play|characters?|original (?:story|work)|"
                           r"source material)\b", re.IGNORECASE)
SOURCE_CREDIT_SKIP = "writing credit for the source work (job names a novel, webtoon, ...), not the screenplay"
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
KANA = re.compile(r"[\u3040-\u30ff]")
MAX_DIGITS = 8  # of an IMDb id: up to 100 MB per 1-byte IdTable

# flags kept per episode id and per person id
TITLED = 1    # episode: title.basics has a row with its title
IMPORTED = 2  # episode: imported from title.episode
USED = 1      # person: credited in an imported title
NAMED = 2     # person: named from name.basics

Row = tuple[int, tuple[str, ...]]  # line number, the wanted cells


class IdTable:
    """A small number per IMDb id, stored at the id's number in an array: 1 or 4 bytes per possible
    id, where a dict would take ~100 bytes per entry (9 million episodes in the full files)."""

    def __init__(self, typecode: str) -> None:
        self.values = array(typecode)

    def __getitem__(self, number: int) -> int:
        return self.values[number] if number < len(self.values) else 0

    def __setitem__(self, number: int, value: int) -> None:
        if number >= len(self.values):
            grow = max(number + 1 - len(self.values), len(self.values) // 2, 1 << 16)
            self.values.extend(array(self.values.typecode, bytes(grow * self.values.itemsize)))
        self.values[number] = value

    def numbers_equal_to(self, value: int) -> Iterator[int]:
        """The ids whose value is ``value`` (1-byte tables only), found at C speed."""
        data, wanted = self.values.tobytes(), bytes([value])
        at = data.find(wanted)
        while at != -1:
            yield at
            at = data.find(wanted, at + 1)


def read_path(path: Path, context: Context, on_read: Callable[[int], None] | None = None
              ) -> Iterator[ox.Triple | Skip]:
    """The triples of the IMDb files in directory ``path``. Checks the files and options now, so a
    missing file is reported before anything is read."""
    files = _files(path)
    return _Import(files, context, on_read).triples()


def files(path: Path) -> list[Path]:
    """The files an import of directory ``path`` reads (for its progress)."""
    return list(_files(path).values())


def _files(directory: Path) -> dict[str, Path]:
    """Each required file's path; an error naming the missing ones and what the directory holds."""
    if not directory.exists():
        raise InputError("no such directory", directory)
    if not directory.is_dir():
        raise InputError(f"imdb imports a directory holding {_listing(FILES)} (.tsv.gz or .tsv), not a file",
                         directory)
    found, missing = {}, []
    for name in FILES:
        candidates = [p for p in (directory / f"{name}.tsv.gz", directory / f"{name}.tsv") if p.is_file()]
        if candidates:
            found[name] = max(candidates, key=lambda p: p.stat().st_mtime)
        else:
            missing.append(f"{name}.tsv.gz")
    if missing:
        held = sorted(p.name for p in directory.iterdir())
        shown = ", ".join(held[:20]) + (f" and {len(held) - 20} more" if len(held) > 20 else "") if held else "nothing"
        raise InputError(f"missing {_listing(missing)} (or the same as .tsv); the directory holds {shown}", directory)
    return found


def _listing(names: tuple[str, ...] | list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _options(context: Context) -> tuple[frozenset[str], bool, bool]:
    """(show title types, import episode credits?, keep adult titles?); an error for a bad option."""
    types = frozenset(t.strip() for t in context.options.get("types", DEFAULT_TYPES).split(",") if t.strip())
    unknown = sorted(types - set(TITLE_TYPES))
    if unknown or not types:
        raise InputError(f"--option types={context.options.get('types', '')}: unknown title type(s) "
                         f"{', '.join(unknown) or '(none given)'}; use some of {', '.join(TITLE_TYPES)}")
    return types, context.options.get("credits") == "episodes", context.options.get("adult") == "yes"


def _rows(file: Path, columns: tuple[str, ...], on_read: Callable[[int], None] | None) -> Iterator[Row | Skip]:
    """The cells of ``columns`` (found by the header's names) in each data row, streamed; a Skip for
    a row with the wrong number of fields. Unreadable files raise InputError naming the file (and line:
    each line is decoded on its own so that a bad byte's line is known)."""
    stream, _ = open_data(file, on_read)
    line = 1
    try:
        with stream:
            header = _text(stream.readline(), file, line).rstrip("\r\n").split("\t")
            pick, width = _picker(header, columns, file), len(header)
            for line, raw in enumerate(stream, start=2):
                cells = _text(raw, file, line).rstrip("\r\n").split("\t")
                if len(cells) == width:
                    yield line, pick(cells)
                elif raw.strip():
                    yield Skip(f"line {line} of {file.name}", f"malformed row: {len(cells)} fields, expected {width}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise InputError(f"the gzip data is truncated or corrupt after line {line} ({error})", file) from None


def _text(raw: bytes, file: Path, line: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start + 1} of the line)", file, line) from None


def _picker(header: list[str], columns: tuple[str, ...], file: Path) -> Callable[[list[str]], tuple[str, ...]]:
    """A function taking a row's cells to those of ``columns``, in that order."""
    if header == [""]:
        raise InputError("no header row", file)
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"the header has no column {', '.join(missing)}; its columns are {', '.join(header)}", file)
    return itemgetter(*(header.index(c) for c in columns))


def _number(text: str, prefix: str) -> int | None:
    """The number in an IMDb id ("tt0903747" -> 903747), None if it is not one of ``prefix``.
    IMDb's ids have 7 or 8 digits; longer ones are refused, as they would make the IdTables huge.
    (String methods, not a regex: this runs for every row of every file.)"""
    digits = text[2:]
    if text.startswith(prefix) and 0 < len(digits) <= MAX_DIGITS and digits.isascii() and digits.isdigit():
        return int(digits)
    return None


def _count(text: str) -> int | None:
    """A season or episode number, None if the cell is empty or not a whole number."""
    return int(text) if NUMBER.fullmatch(text) else None


def _cell(text: str) -> str:
    """The cell's text, empty for IMDb's null."""
    return "" if text == NULL else text.strip()


def language(text: str) -> str:
    """The language tag of a name in the files, which are English records: ``ko`` if it is written
    in Hangul, else ``en``."""
    return "ko" if HANGUL.search(text) else "en"


def named(text: str) -> ox.Literal:
    """A name from the files, tagged with the language it is written in."""
    return ox.Literal(text.strip(), language=language(text))


def original_title(text: str) -> ox.Literal:
    """originalTitle is "in the original language", which title.basics does not name: ``@ko`` for
    Hangul, ``@ja`` for kana, else ``@und`` (undetermined; IMDb often romanises: "Gisaengchung")."""
    language = "ko" if HANGUL.search(text) else "ja" if KANA.search(text) else "und"
    return ox.Literal(text.strip(), language=language)


def minutes(text: str) -> ox.Literal | None:
    """runtimeMinutes as a canonical xsd:duration (58 -> PT58M, 90 -> PT1H30M); None if not a number."""
    if not NUMBER.fullmatch(text) or int(text) == 0:
        return None
    hours, rest = divmod(int(text), 60)
    return typed("PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else ""), "duration")


def _characters(cell: str) -> list[str] | None:
    """The names in a characters cell (a JSON list), [] if null, None if it is not a list of names."""
    if cell == NULL or not cell.strip():
        return []
    try:
        names = json.loads(cell)
    except ValueError:
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def tt(number: int) -> str:
    """The canonical title id: seven digits at least, as IMDb writes them."""
    return f"tt{number:07d}"


def nm(number: int) -> str:
    return f"nm{number:07d}"


class _Import:
    """One import of the four files: the passes over them and the per-id state that joins them."""

    def __init__(self, files: dict[str, Path], context: Context, on_read: Callable[[int], None] | None) -> None:
        self.files, self.context, self.on_read = files, context, on_read
        self.names = {name: file.name for name, file in files.items()}
        self.types, self.episode_credits, self.adult = _options(context)
        self.shows: dict[int, str] = {}          # show number -> title
        self.seasons: set[tuple[int, int]] = set()
        self.episodes = IdTable("B")             # episode number -> TITLED | IMPORTED
        self.parents = IdTable("I")              # episode number -> show number (credits=episodes only)
        self.people = IdTable("B")               # person number -> USED | NAMED

    def triples(self) -> Iterator[ox.Triple | Skip]:
        """All passes, in the order the joins need."""
        yield from self.shows_pass()
        yield from self.episodes_pass()
        yield from self.episode_titles_pass()
        yield from self.credits_pass()
        yield from self.people_pass()

    def rows(self, name: str, counted: bool = True) -> Iterator[Row | Skip]:
        """The rows of file ``name``; ``counted`` False for a second read, so progress stays within 100%."""
        return _rows(self.files[name], COLUMNS[name], self.on_read if counted else None)

    def where(self, name: str, line: int) -> str:
        return f"line {line} of {self.names[name]}"

    # -- IRIs -------------------------------------------------------------------------------------

    def show(self, number: int) -> ox.NamedNode:
        return self.context.mint("show", tt(number))

    def season(self, show: int, season: int) -> ox.NamedNode:
        return self.context.mint("season", f"{tt(show)}-s{season}")

    def episode(self, number: int) -> ox.NamedNode:
        return self.context.mint("episode", tt(number))

    def person(self, number: int) -> ox.NamedNode:
        return self.context.mint("person", nm(number))

    # -- pass 1: title.basics, the shows ------------------------------------------------------------

    def shows_pass(self) -> Iterator[ox.Triple | Skip]:
        """Shows from their title.basics rows; notes which episodes have a title there (for pass 3)."""
        for row in self.rows("title.basics"):
            if isinstance(row, Skip):
                yield row
                continue
            line, (tconst, kind, primary, original, adult, start, end, _minutes, genres) = row
            number = _number(tconst, "tt")
            if kind == "tvEpisode":
                if number is not None and _cell(primary):
                    self.episodes[number] |= TITLED
                continue
            reason = self.unwanted(number, kind, adult, primary)
            if reason:
                yield Skip(self.where("title.basics", line), reason)
                continue
            assert number is not None
            self.shows[number] = _cell(primary)
            yield from self.show_triples(number, _cell(primary), _cell(original), (_cell(start), _cell(end)),
                                         _cell(genres), line)

    def unwanted(self, number: int | None, kind: str, adult: str, primary: str) -> str | None:
        """Why a title.basics row is not imported as a show, or None."""
        if number is None:
            return "malformed title id"
        if kind not in self.types:
            return f"not a TV series ({kind})"
        if adult == "1" and not self.adult:
            return "adult title (--option adult=yes imports them)"
        if not _cell(primary):
            return "no title"
        return None

    def show_triples(self, number: int, title: str, original: str, years: tuple[str, str], genres: str, line: int
                     ) -> Iterator[ox.Triple | Skip]:
        show = self.show(number)
        yield from entity(show, "Show", title, language(title))
        yield ox.Triple(show, IDENTIFIER, self.context.identifier(tt(number)))
        if original and original != title:
            yield ox.Triple(show, ALT_LABEL, original_title(original))
        for text, prop, what in ((years[0], "releaseDate", "start year"), (years[1], "endDate", "end year")):
            if text:
                found = year(text)
                yield ox.Triple(show, tv(prop), found) if found else \
                    Skip(self.where("title.basics", line), f"{what} is not a four-digit year")
        for genre in genres.split(","):
            if genre.strip():
                yield ox.Triple(show, tv("genre"), ox.Literal(genre.strip(), language="en"))

    # -- pass 2: title.episode, seasons and episodes ---------------------------------------------------

    def episodes_pass(self) -> Iterator[ox.Triple | Skip]:
        """Seasons and episodes of the imported shows, without the episodes' titles (pass 3)."""
        for row in self.rows("title.episode"):
            if isinstance(row, Skip):
                yield row
                continue
            line, (tconst, parent, season, episode) = row
            number, show = _number(tconst, "tt"), _number(parent, "tt")
            reason = self.unplaced(number, show, season, episode)
            if reason:
                yield Skip(self.where("title.episode", line), reason)
                continue
            assert number is not None and show is not None
            yield from self.episode_triples(number, show, int(season), _count(episode))

    def unplaced(self, number: int | None, show: int | None, season: str, episode: str) -> str | None:
        """Why a title.episode row is not imported, or None."""
        if number is None or show is None:
            return "malformed title id"
        if show not in self.shows:
            return "episode of a title that is not imported"
        if number in self.shows:
            return "an imported series listed as an episode"
        if self.episodes[number] & IMPORTED:
            return "episode listed twice"
        if season == NULL:
            return "episode without a season number"
        if _count(season) is None:
            return "season number is not a whole number"
        if episode != NULL and _count(episode) is None:
            return "episode number is not a whole number"
        return None

    def episode_triples(self, number: int, show: int, season: int, episode: int | None) -> Iterator[ox.Triple]:
        node, season_node = self.episode(number), self.season(show, season)
        if (show, season) not in self.seasons:
            self.seasons.add((show, season))
            label = f"{self.shows[show]} season {season}"
            yield from entity(season_node, "Season", label, language(label))
            yield ox.Triple(season_node, tv("seasonOf"), self.show(show))
            yield ox.Triple(season_node, tv("seasonNumber"), typed(season, "integer"))
        yield ox.Triple(node, RDF_TYPE, tv("Episode"))
        yield ox.Triple(node, tv("episodeOf"), season_node)
        yield ox.Triple(node, IDENTIFIER, self.context.identifier(tt(number)))
        if episode is not None:
            yield ox.Triple(node, tv("episodeNumber"), typed(episode, "integer"))
        if not self.episodes[number] & TITLED:
            label = f"{self.shows[show]} S{season}" + (f"E{episode}" if episode is not None else "")
            yield ox.Triple(node, PREF_LABEL, named(label))
        self.episodes[number] |= IMPORTED
        if self.episode_credits:
            self.parents[number] = show

    # -- pass 3: title.basics again, the episodes' titles ----------------------------------------------

    def episode_titles_pass(self) -> Iterator[ox.Triple | Skip]:
        """Label and date the imported episodes from their own title.basics rows."""
        if not self.seasons:
            return
        for row in self.rows("title.basics", counted=False):
            if isinstance(row, Skip):
                continue  # reported in pass 1
            _, (tconst, kind, primary, original, _adult, start, _end, runtime, _genres) = row
            if kind != "tvEpisode":
                continue
            number = _number(tconst, "tt")
            if number is None or self.episodes[number] != TITLED | IMPORTED:
                continue
            node, title, original = self.episode(number), _cell(primary), _cell(original)
            yield ox.Triple(node, PREF_LABEL, named(title))
            if original and original != title:
                yield ox.Triple(node, ALT_LABEL, original_title(original))
            released, duration = year(_cell(start)), minutes(_cell(runtime))
            if released:
                yield ox.Triple(node, tv("releaseDate"), released)
            if duration:
                yield ox.Triple(node, tv("runtime"), duration)

    # -- pass 4: title.principals, the credits -----------------------------------------------------------

    def credits_pass(self) -> Iterator[ox.Triple | Skip]:
        """Cast roles, directors and writers of the imported shows (and episodes, if asked)."""
        title, parts = -1, Counter[int]()  # the title being read, and how many parts each person has in it
        for row in self.rows("title.principals"):
            if isinstance(row, Skip):
                yield row
                continue
            line, (tconst, nconst, category, job, characters) = row
            number = _number(tconst, "tt")
            production, show, reason = self.credited(number)
            person = _number(nconst, "nm")
            if not reason and person is None:
                reason = "malformed person id"
            if not reason and category not in CAST and category not in CREW:
                reason = f"credit category not imported ({category})"
            if not reason and category == "writer" and SOURCE_CREDIT.search(_cell(job)):
                reason = SOURCE_CREDIT_SKIP
            if reason:
                yield Skip(self.where("title.principals", line), reason)
                continue
            assert production is not None and show is not None and person is not None and number is not None
            if number != title:
                title, parts = number, Counter()
            self.people[person] |= USED
            if category in CREW:
                yield ox.Triple(production, tv(CREW[category]), self.person(person))
            else:
                yield from self.cast_triples(production, number, show, person, category, characters, parts,
                                             self.where("title.principals", line))

    def credited(self, number: int | None) -> tuple[ox.NamedNode | None, int | None, str | None]:
        """(the production a credit of title ``number`` is attached to, its show, None) or why not."""
        if number is None:
            return None, None, "malformed title id"
        if number in self.shows:
            return self.show(number), number, None
        if self.episodes[number] & IMPORTED:
            if self.episode_credits:
                return self.episode(number), self.parents[number], None
            return None, None, "credit of an episode (--option credits=episodes imports them)"
        return None, None, "credit of a title that is not imported"

    def cast_triples(self, production: ox.NamedNode, title: int, show: int, person: int, category: str,
                     cell: str, parts: Counter[int], where: str) -> Iterator[ox.Triple | Skip]:
        """One cast role per character played (one without a character if none is named)."""
        names = _characters(cell)
        if names is None:
            yield Skip(where, "characters cell is not a JSON list of names; the part is imported without one")
            names = []
        for part in tuple(names) or (None,):
            parts[person] += 1
            local = f"{tt(title)}-{nm(person)}" + (f"-{parts[person]}" if parts[person] > 1 else "")
            role = self.context.mint("role", local)
            yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
            yield ox.Triple(production, tv("hasCastRole"), role)
            yield ox.Triple(role, tv("actor"), self.person(person))
            if part is None:
                continue
            yield ox.Triple(role, tv("characterName"), ox.Literal(part))
            if category != "self":
                character = self.context.mint("character", f"{tt(show)}-{part}")
                yield from entity(character, "Character", part, language(part))
                yield ox.Triple(character, tv("appearsIn"), self.show(show))
                yield ox.Triple(role, tv("character"), character)

    # -- pass 5: name.basics, the people -----------------------------------------------------------------

    def people_pass(self) -> Iterator[ox.Triple | Skip]:
        """Name the credited people; the rest of name.basics is only a lookup table, so not reported."""
        for row in self.rows("name.basics"):
            if isinstance(row, Skip):
                yield row
                continue
            _, (nconst, name) = row
            number = _number(nconst, "nm")
            if number is None or self.people[number] != USED or not _cell(name):
                continue
            self.people[number] |= NAMED
            yield from self.person_triples(number, _cell(name))
        for number in self.people.numbers_equal_to(USED):
            yield Skip(nm(number), "credited person not in name.basics (labelled with their IMDb id)")
            yield from self.person_triples(number, None)

    def person_triples(self, number: int, name: str | None) -> Iterator[ox.Triple]:
        """A credited person, named from name.basics; ``None`` when missing there: their id stands in."""
        person = self.person(number)
        if name is None:
            yield from entity(person, "Person", nm(number), "zxx")
        else:
            yield from entity(person, "Person", name, language(name))
        yield ox.Triple(person, IDENTIFIER, self.context.identifier(nm(number)))
