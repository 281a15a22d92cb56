"""MyDramaList K-drama tables (the Kaggle "Korean Drama from 2015-2023" corpus): a directory holding
``kdrama_dramas.csv`` (one row per drama, a later season being its own row "X Season 2"),
``kdrama_cast.csv`` (actor, drama, character, billing) and ``kdrama_list.csv`` (genres, tags and
streaming platforms per drama), each UTF-8 CSV with a header row, plain or gzipped (``.csv.gz``).

What it maps (``Context.mint``: ``id/<kind>/mydramalist-<slug>``):

* a drama row is a ``tv:Season`` of a ``tv:Show``. The show is the title without a trailing season
  marker ("Kingdom Season 2", "Voice Season 4: Judgment Hour", "The Glory Part 2", "Decoy: Part 1",
  "Money Heist: Korea - Joint Economic Area - Part 2"); a title without one is season 1 of itself,
  except "X: Subtitle" when another row is "X Season N: Subtitle" (The Penthouse: War in Life is
  season 1 of The Penthouse). IRIs: ``show/mydramalist-<base>``, ``season/mydramalist-<base>-s<N>``
  (labelled "<base> season N"; a marked title such as "D.P. Season 2" is its altLabel),
  "mydramalist:<kdrama_id>" as dcterms:identifier of the season only. "Season 1.5" is ``-s1-5``,
  without a tv:seasonNumber. Two show titles that slug alike but differ ("Bravo My Life", 2017;
  "Bravo, My Life", 2022) are two shows, each minted with its first year
  (``show/mydramalist-bravo-my-life-2017``).
* per season: start and end of the first run (tv:releaseDate, tv:endDate; ``2023-07-05``, ``Aug  2,
  2023``, ``May, 2021``, ``2017`` and ranges ``Aug, 2016 - Oct, 2016`` become xsd:date, gYearMonth or
  gYear: the datatype is the precision; without a start date the year column is the gYear), episode
  count, runtime per episode (seconds -> xsd:duration), content rating ("Not Yet Rated" is none),
  synopsis (rdfs:comment, without its "(Source: ...)" credit and the source-work sentence), the
  directors and screenwriters (Python-style lists, ``['Lee Jae Gyoo']``) and original networks
  (``org_net``, MyDramaList's "Original Network", names joined by spaces: "Netflix tvN", "Naver TV
  Cast vLive"; tv:Network).
* per show: the same directors and screenwriters (a show's are its seasons' together), the country,
  and the season 1 row's release date, synopsis and original networks: the network that first
  showed a later season did not first show the show (a show whose season 1 is not in the table gets
  none of the three); and from kdrama_list.csv (joined on the title with case, spaces and
  punctuation ignored, and the year checked) genres (tv:genre), tags (tv:keyword) and platforms
  (MyDramaList's "where to watch": tv:availableOn). A platform is a tv:Organization, and a
  tv:Network only if some org_net names it as an original network: that Viki or a YouTube channel
  streams a show says nothing of who first showed it (Netflix, in both columns, is one entity).
* the synopsis's source sentence (after ``~~``: ``Adapted from the webtoon "All of Us Are Dead" (지금
  우리 학교는) by Joo Dong Geun (주동근).``) becomes a work, ``work/mydramalist-<title>``: tv:Webtoon
  (webtoon, webcomic), tv:WebNovel, tv:Novel, tv:Comic (manhwa, manga, comic), tv:Film, else
  tv:SourceWork (short story, essay, game, a TV series remade); its title @en, the original-script
  title @ko (Hangul), @ja (kana, or a manga's kanji) or @zh, a Latin original as altLabel @und (its
  language is not given: "La Casa de Papel"); a year in brackets as tv:releaseDate; its authors
  (written by, illustrated by) tv:Person with their original-script names; and ``show tv:basedOn
  work``. A sentence that says more than the parser
  reads (", which in turn is adapted from ...") stays in the synopsis; one without a title is skipped.
* a cast row is one ``tv:CastRole`` per character it names ("A (Ep. 1) | B (Ep. 6)" is two):
  ``role/mydramalist-<base>-s<N>-<actor>`` (``-2``, ... for further parts of one row), show
  tv:hasCastRole it, tv:actor (the person, "mydramalist:<actor_id>"), tv:inSeason, tv:billing
  (tv:MainCast, tv:SupportingCast, tv:GuestCast, tv:BitPart), tv:inEpisodeNumber per episode of
  "(Ep. 1-2)", "(Eps. 3, 5)", and the character: ``character/mydramalist-<base>-<name>``, shared by
  the show's seasons, labelled with the name alone. Annotations never stay in the name: "[Royal
  guard]", "{segment}" and other "(...)" are the part's rdfs:comment; '/ "No. 218"', "/ Seung Yoon",
  "→ Liu Bei" and a quoted nickname are the character's altLabels. "Himself"/"Herself" parts and
  parts known only by a description ("[Doctor]") name no character node, only tv:characterName;
  a part whose character shares the actor's name still gets one (web dramas name parts so).

People are minted from names (``person/mydramalist-park-ji-hu``: within this corpus a name is one
person). Names are tagged with the language they are written in: the English columns (titles,
romanised people's and characters' names, networks, platforms) @en, a name in Hangul (a platform
such as "옛드 : 옛날 드라마 [드라맛집]") @ko; entities named twice with different spellings of one
slug keep the first as prefLabel and the others as altLabel. Not mapped: type (always "Drama"),
aired_on (weekdays), rank and pop; of the list, its episodes, dates, network, duration, rating and
top actors (kdrama_dramas.csv gives them), its scores, ranks, watchers and IMDb columns.

Skipped with a reason: rows with the wrong number of fields or without a title or id, cast rows of
dramas not in kdrama_dramas.csv, list rows matching no drama (or one of another year), cells that
cannot be read (a bad date, a count that is not a number, a billing that is none of the four).
Memory: the list's genres, tags and platforms by title, each drama's show and season, and the
names written so far (to keep one prefLabel per language); every file is streamed.
"""

from __future__ import annotations

import ast
import csv
import gzip
import re
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.importers.common import COMMENT, IDENTIFIER, Context, Skip, tv, typed, year
from tvkg.ontology.dates import PartialDate
from tvkg.ontology.iris import slug
from tvkg.ontology.namespaces import ENTITY
from tvkg.ontology.vocabulary import ALT_LABEL, PREF_LABEL, RDF_TYPE
from tvkg.store.formats import open_data

OPTIONS: dict[str, tuple[str, ...] | None] = {}  # takes no --option (checked by run)

SOURCE = "mydramalist"
Item = ox.Triple | Skip
FILES = {"dramas": "kdrama_dramas.csv", "cast": "kdrama_cast.csv", "list": "kdrama_list.csv"}
COLUMNS = {
    "dramas": ("kdrama_id", "drama_name", "year", "director", "screenwriter", "country", "tot_eps", "duration",
               "start_dt", "end_dt", "org_net", "content_rt", "synopsis"),
    "cast": ("actor_id", "actor_name", "drama_name", "character_name", "role"),
    "list": ("drama_name", "Genres", "Tags", "start airing", "platforms"),
}
BILLING = {"main role": "MainCast", "support role": "SupportingCast", "supporting role": "SupportingCast",
           "guest role": "GuestCast", "guest": "GuestCast", "bit part": "BitPart"}
NOT_RATED = "not yet rated"
MAX_EPISODES = 2000  # a range wider than this in "(Ep. a-b)" is a typo, not a part
# Network names with spaces, found in org_net (which joins names with spaces), longest first.
NETWORKS = ("Naver TV Cast", "Daum Kakao TV", "BS TV Tokyo", "Amazon Prime", "Genie TV", "TV Chosun",
            "MBC every1", "MBC Dramanet", "SBS Plus", "LINE TV", "Tencent Video", "Sohu TV", "On Style",
            "Channel A", "Coupang Play", "Apple TV", "Prime Video")
SELF = {"himself", "herself", "themselves", "self"}
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}

# -- titles ----------------------------------------------------------------------------------------

MARKER = re.compile(r"^(?P<base>.+?)[\s:,\-–]+(?:Season|Part)\s+(?P<n>\d{1,3}(?:\.\d)?)(?:\s*:\s*(?P<sub>.+))?$",
                    re.IGNORECASE)


def season_of(title: str, subtitled: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(the show's title, the season number as written) of a drama title: "Kingdom Season 2" ->
    ("Kingdom", "2"); a title without a marker is season 1 of itself, unless it is "X: Subtitle" and
    ``subtitled`` (from the other titles) says "X Season N: Subtitle" exists."""
    title = _clean(title)
    match = MARKER.match(title)
    if match:
        return match["base"].strip(), match["n"]
    for known in subtitled:
        if title.casefold() == known.casefold():
            return title.split(":", 1)[0].strip(), "1"
    return title, "1"


def subtitle_of(title: str) -> str | None:
    """"X: Subtitle" for a title "X Season N: Subtitle", the form its season 1 may have."""
    match = MARKER.match(_clean(title))
    return f"{match['base'].strip()}: {match['sub'].strip()}" if match and match["sub"] else None


# -- character annotations -------------------------------------------------------------------------

@dataclass
class Part:
    """One part a cast row names: the character's name, other names, notes, episodes."""

    name: str = ""
    alternatives: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    episodes: list[int] = field(default_factory=list)
    bad_episodes: bool = False

    @property
    def is_self(self) -> bool:
        """The actor as themselves: not a fictional character."""
        said = self.name or (self.notes[0] if len(self.notes) == 1 else "")
        return said.casefold() in SELF

    @property
    def credited(self) -> str:
        """The part as the source credits it, for tv:characterName."""
        return self.name or "; ".join(self.notes)


EPISODES = re.compile(r"\(\s*Eps?\s*\.?\s*(?P<spec>\d[\d\s,&\-–]*)\)", re.IGNORECASE)
BRACKETS = re.compile(r"[\[{](?P<text>[^\]}]*)(?:[\]}]|$)")
PARENS = re.compile(r"\((?P<text>[^()]*)\)")
QUOTED = re.compile(r"[\"“”]+(?P<text>[^\"“”]*)[\"“”]+|(?:(?<=\s)|^)[‘'](?P<single>[^'’]+)['’](?=\W|$)")
ALTERNATIVE = re.compile(r"\s*(?:/|→|->)\s*")


def character_parts(cell: str) -> list[Part]:
    """The parts one character cell names, each with its annotations taken out of the name."""
    cell = _clean(cell)
    return [_part(text) for text in cell.split("|") if text.strip()] if cell else []


def _part(text: str) -> Part:
    """Episodes first (they are parentheses too), then notes, then the names in what is left."""
    part = Part()
    for match in EPISODES.finditer(text):
        numbers = episode_numbers(match["spec"])
        part.episodes.extend(numbers or [])
        part.bad_episodes |= numbers is None
    text = EPISODES.sub(" ", text)
    for pattern in (BRACKETS, PARENS):
        part.notes.extend(_clean(m["text"]) for m in pattern.finditer(text) if _clean(m["text"]))
        text = pattern.sub(" ", text)
    names = [n for chunk in ALTERNATIVE.split(text) for n in _names(chunk)]
    if names:
        part.name, part.alternatives = names[0], [n for n in dict.fromkeys(names[1:]) if n != names[0]]
    part.episodes = sorted(set(part.episodes))
    return part


def _names(chunk: str) -> list[str]:
    """The name in one '/'-separated chunk, then its quoted nickname: 'Angma "Devil"', '"K"'."""
    quoted = [_clean(m["text"] or m["single"] or "") for m in QUOTED.finditer(chunk)]
    plain = _clean(QUOTED.sub(" ", chunk)).strip(" ,;:-\"“”'‘’")
    return [n for n in ([plain] if plain else []) + quoted if n]


def episode_numbers(spec: str) -> list[int] | None:
    """"1", "1-2", "3, 5", "1,3 & 7" -> the episode numbers; None if a range cannot be right."""
    numbers: set[int] = set()
    for piece in re.split(r"\s*(?:,|&|\band\b)\s*", spec.strip()):
        bounds = [int(b) for b in re.split(r"\s*[-–]\s*", piece) if b.strip().isdigit()]
        if not bounds:
            continue
        low, high = bounds[0], bounds[-1]
        if high < low or high - low > MAX_EPISODES:
            return None
        numbers.update(range(low, high + 1))
    return sorted(numbers)


# -- the source-work sentence ----------------------------------------------------------------------

KINDS = {"web novel": "WebNovel", "webnovel": "WebNovel", "webtoon": "Webtoon", "weboon": "Webtoon",
         "webcomic": "Webtoon", "web comic": "Webtoon", "manhwa": "Comic", "manga": "Comic", "comics": "Comic",
         "comic": "Comic", "novel": "Novel", "animated film": "Film", "film": "Film", "movie": "Film"}
OTHER_KINDS = ("short story", "essay", "autobiography", "book", "game", "animated series", "animation", "web drama",
               "tv series", "telenovela", "series")
KIND_WORDS = "|".join(re.escape(k) for k in sorted((*KINDS, *OTHER_KINDS), key=len, reverse=True))
SENTENCE = re.compile(
    r"^(?:(?:Partially|Loosely)\s+)?(?:Adapted|Based|Inspired|Remade|Remake)(?:\s+loosely)?\s+(?:from|on|by|of)\s+"
    r"(?:(?:the|a|an)\s+)*(?:[\w\-]+\s+){0,3}?(?P<kind>" + KIND_WORDS + r")(?:\s+series)?\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL)
TITLE = re.compile(r"\s*(?:[\"“”](?P<double>[^\"“”]+)[\"“”]|[‘'](?P<single>.+?)['’](?=\W|$)"
                   r"|(?P<same>(?:of|with)\s+the\s+same\s+(?:name|title)))", re.IGNORECASE)
ORIGINAL = re.compile(r"\s*\((?P<text>[^()]*)\)")
YEAR = re.compile(r"\s*[\[(](?P<year>\d{4})[\])]")
BY = re.compile(r"\s*,?\s*(?:(?:written\s+and\s+illustrated|co-written|written|created|drawn)\s+)?by\s+",
                re.IGNORECASE)
AUTHOR = re.compile(r"\s*(?P<role>(?:[a-z][\w'’\-]*\s+)*)(?P<name>[^\W_][\w'’.\-]*(?:\s+(?:[A-Z0-9][\w'’.\-]*"
                    r"|(?:von|van|de|der|da|di|du|la|le)(?=\s+[A-Z])))*)"
                    r"(?:\s*\((?!\s*Sources?\s*:)(?P<original>[^()]*)\))?")
SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|&\s*|/\s*|\s+and\s+)")
END = re.compile(r"\s*\.?\s*(?:\(\s*Sources?\s*:[^)]*\)\s*\.?)?\s*$", re.IGNORECASE)
CLAUSE = re.compile(r"\s*,?\s*(?:which|that|who|based|depicting)\b", re.IGNORECASE)
CREDIT = re.compile(r"\s*\(\s*Sources?\s*:[^)]*\)|(?<=[.!?])\s*Sources?\s*:[^.()]*$", re.IGNORECASE)


@dataclass
class Author:
    name: str
    original: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass
class Work:
    """What a source sentence says: the kind and title of the work, its original-script title, year
    and authors; ``whole`` is False when the sentence says more than this (it stays in the synopsis)."""

    cls: str
    kind: str
    title: str
    original: str = ""
    year: str = ""
    authors: list[Author] = field(default_factory=list)
    whole: bool = True


def source_work(sentence: str, show_title: str) -> Work | str | None:
    """The work a note like 'Adapted from the webtoon "X" (原題) by A (가).' names; a reason (str) if
    it names a kind of work but no title; None if it is not such a sentence."""
    match = SENTENCE.match(sentence.strip())
    if not match:
        return None
    kind = _clean(match["kind"]).casefold()
    title_match = TITLE.match(match["rest"])
    if not title_match:
        return "source sentence names no title (kept in the synopsis)"
    title = show_title if title_match["same"] else _clean(title_match["double"] or title_match["single"] or "")
    work = Work(KINDS.get(kind, "SourceWork"), kind, title.strip(" ,.;:"))
    rest = _original(work, match["rest"][title_match.end():])
    if " / " in work.title and _script(work.title.split(" / ", 1)[1]):
        work.title, work.original = (part.strip() for part in work.title.split(" / ", 1))
    by = BY.match(rest)
    if by:
        work.authors, rest = _authors(rest[by.end():])
    work.whole = bool(END.fullmatch(rest))
    if not work.whole and not CLAUSE.match(rest) and by:
        work.authors = []  # the byline ran into words that are not names: trust none of them
    return work


def _original(work: Work, rest: str) -> str:
    """Take the "(original title)" and "[year]" after the title into ``work``; what follows them."""
    original = ORIGINAL.match(rest)
    if original and re.fullmatch(r"\d{4}", original["text"].strip()):
        work.year, rest = original["text"].strip(), rest[original.end():]
    elif original:
        work.original, rest = _clean(original["text"]), rest[original.end():]
    year = YEAR.match(rest)
    if year:
        work.year, rest = year["year"], rest[year.end():]
    return rest


def _authors(text: str) -> tuple[list[Author], str]:
    """The names in a byline ("A (가) and B", "writer A and illustrator B", "A / alias") and the text
    after them."""
    found: list[Author] = []
    position, alias = 0, False
    while not CLAUSE.match(text, position):
        match = AUTHOR.match(text, position)
        if not match or (match["role"] and match["name"][0].islower()):
            break  # "writer A" names A; "based on a true story" names nobody
        name = _clean(match["name"].rstrip("."))
        if alias and found:
            found[-1].aliases.append(name)
        elif all(a.name != name for a in found):
            found.append(Author(name, _clean(match["original"] or "")))
        position = match.end()
        if not match["original"]:  # a name's final '.' ends the sentence
            position -= len(match["name"]) - len(match["name"].rstrip("."))
        separator = SEPARATOR.match(text, position)
        if not separator or CLAUSE.match(text, position):
            break
        alias, position = "/" in separator.group(), separator.end()
    _share_originals(found)
    return found, text[position:]


def _share_originals(authors: list[Author]) -> None:
    """"Jeongjae & Shim Gun (정작가&심군)": one bracket for several names is split among them."""
    if not authors or not authors[-1].original:
        return
    pieces = [p.strip() for p in re.split(r"\s*[&,]\s*", authors[-1].original) if p.strip()]
    bare = [a for a in authors[:-1] if not a.original]
    if len(pieces) > 1 and len(pieces) == len(bare) + 1:
        for author, piece in zip([*bare, authors[-1]], pieces, strict=True):
            author.original = piece


def synopsis(text: str, show_title: str) -> tuple[str, list[Work | str]]:
    """The synopsis to keep (without its source credit and the source sentences read whole) and what
    the notes after ``~~`` name: works, or reasons a note naming one could not be used."""
    body, *notes = text.split("~~")
    kept, found = [CREDIT.sub("", body).strip()], []
    for note in notes:
        work = source_work(note, show_title)
        if work is not None:
            found.append(work)
        if not isinstance(work, Work) or not work.whole:
            kept.append(note.strip())
    return "\n\n".join(k for k in kept if k), found


def _script(text: str) -> str | None:
    """The script of a name: "ko" (Hangul), "ja" (kana), "han" (Chinese characters only), else None."""
    if re.search(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]", text):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text):
        return "han"
    return None


def name_language(text: str) -> str:
    """The tag of a name from the corpus's English columns: ``ko`` if written in Hangul, else ``en``."""
    return "ko" if _script(text) == "ko" else "en"


def author_language(text: str, context: str | None) -> str | None:
    """The language tag of an author's original-script name; Chinese characters alone read as the
    language of the work they belong to (Japanese kanji, Korean hanja, else Chinese)."""
    script = _script(text)
    if script != "han":
        return script
    return {"ja": "ja", "ko": "ko-Hani"}.get(context or "", "zh")


def work_language(work: Work) -> str | None:
    """The language tag of a work's original title: Chinese characters alone are Japanese in a manga
    ("重版出来!"), else Chinese."""
    script = _script(work.original)
    if script == "han":
        return "ja" if work.kind.startswith("manga") else "zh"
    return script


# -- cells -------------------------------------------------------------------------------------------

def calendar_date(text: str) -> ox.Literal | None:
    """``2023-07-05``, ``Aug  2, 2023``, ``May, 2021`` or ``2017`` as xsd:date, gYearMonth or gYear."""
    text = _clean(text)
    named = re.fullmatch(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    month = re.fullmatch(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})", text)
    try:
        if named and named[1][:3].lower() in MONTHS:
            return PartialDate(int(named[3]), MONTHS[named[1][:3].lower()], int(named[2])).literal
        if month and month[1][:3].lower() in MONTHS:
            return PartialDate(int(month[2]), MONTHS[month[1][:3].lower()]).literal
        return PartialDate.parse(text).literal if re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", text) else None
    except ValueError:
        return None


def air_dates(start: str, end: str) -> tuple[ox.Literal | None, ox.Literal | None, list[str]]:
    """First and last day of the run, and what could not be read. A range in one cell ("Aug, 2016 -
    Oct, 2016", copied into both cells) gives both ends."""
    first = re.split(r"\s+-\s+", _clean(start))[0] if start.strip() else ""
    last = re.split(r"\s+-\s+", _clean(end))[-1] if end.strip() else ""
    dates, problems = [], []
    for text, what in ((first, "start"), (last, "end")):
        literal = calendar_date(text) if text else None
        dates.append(literal)
        if text and literal is None:
            problems.append(f"{what} date is not a date (2023-07-05, Aug 2, 2023, May, 2021 or 2017)")
    return dates[0], dates[1], problems


def runtime(seconds: str) -> ox.Literal | None:
    """Seconds per episode as a canonical xsd:duration (4200 -> PT1H10M)."""
    if not seconds.strip().isdigit():
        return None
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return typed(f"PT{text or '0S'}", "duration")


def name_list(cell: str) -> list[str] | None:
    """A Python-style list of names (``['Lee Jae Gyoo']``); [] for an empty cell; None if it is not one."""
    if not cell.strip():
        return []
    try:
        value = ast.literal_eval(cell.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return None
    return [n for n in dict.fromkeys(_clean(v) for v in value) if n]


def networks(cell: str) -> list[str]:
    """The names in org_net, which joins them with spaces ("Netflix tvN", "Naver TV Cast vLive")."""
    words, found, at = cell.replace(",", " ").split(), [], 0
    while at < len(words):
        for name in NETWORKS:
            size = len(name.split())
            if [w.casefold() for w in words[at:at + size]] == [w.casefold() for w in name.split()]:
                found.append(" ".join(words[at:at + size]))
                at += size
                break
        else:
            found.append(words[at])
            at += 1
    return list(dict.fromkeys(found))


def title_key(title: str) -> str:
    """A title with case, spaces and punctuation ignored: how kdrama_list.csv's titles meet the
    dramas' ("Tale of the Nine Tailed" / "Tale of the Nine-Tailed", "Soundtrack 1" / "Soundtrack #1")."""
    return re.sub(r"[\W_]+", "", title.casefold())


def _clean(text: str) -> str:
    """Runs of whitespace (tabs, no-break spaces) as one space, trimmed."""
    return " ".join(text.split())


# -- reading the files -------------------------------------------------------------------------------

def files(path: Path) -> list[Path]:
    """The files an import of directory ``path`` reads (for its progress)."""
    return list(_files(path).values())


def read_path(path: Path, context: Context, on_read: Callable[[int], None] | None = None) -> Iterator[Item]:
    """The triples of the three tables in directory ``path``; checks the files now, so a missing one
    is reported before anything is read."""
    return _Import(_files(path), context, on_read).triples()


def _files(directory: Path) -> dict[str, Path]:
    """Each table's file (``.csv`` or ``.csv.gz``); an error naming the missing ones."""
    if not directory.exists():
        raise InputError("no such directory", directory)
    if not directory.is_dir():
        raise InputError(f"mydramalist imports a directory holding {', '.join(FILES.values())}, not a file", directory)
    found, missing = {}, []
    for key, name in FILES.items():
        candidates = [p for p in (directory / name, directory / f"{name}.gz") if p.is_file()]
        if candidates:
            found[key] = max(candidates, key=lambda p: p.stat().st_mtime)
        else:
            missing.append(name)
    if missing:
        held = sorted(p.name for p in directory.iterdir())
        shown = ", ".join(held[:20]) + (f" and {len(held) - 20} more" if len(held) > 20 else "") if held else "nothing"
        raise InputError(f"missing {', '.join(missing)} (or the same as .csv.gz); the directory holds {shown}",
                         directory)
    return found


Row = tuple[int, dict[str, str]]


def _rows(file: Path, columns: tuple[str, ...], on_read: Callable[[int], None] | None) -> Iterator[Row | Skip]:
    """Each data row's wanted cells by column name, with the line it starts on; a Skip for a row of
    the wrong width. Unreadable files raise InputError naming the file and line."""
    stream, _ = open_data(file, on_read)
    line = 1
    with stream:
        reader = csv.reader(_lines(stream, file))
        try:
            header = [h.strip() for h in next(reader, [])]
            index, line = _header(header, columns, file), reader.line_num
            for cells in reader:
                start, line = line + 1, reader.line_num
                if len(cells) == len(header):
                    yield start, {c: cells[i] for c, i in index.items()}
                elif any(cell.strip() for cell in cells):
                    yield Skip(f"line {start} of {file.name}",
                               f"malformed row: {len(cells)} fields, expected {len(header)}")
        except csv.Error as error:
            raise InputError(f"malformed CSV ({error})", file, line + 1) from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise InputError(f"the gzip data is truncated or corrupt after line {line} ({error})", file) from None


def _lines(stream: BinaryIO, file: Path) -> Iterator[str]:
    """The file's lines as text, each decoded on its own so that a bad byte's line is known."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start + 1} of the line)",
                             file, number) from None


def _header(header: list[str], columns: tuple[str, ...], file: Path) -> dict[str, int]:
    """Where each wanted column is; an error naming the missing ones and the columns there are."""
    if not header or header == [""]:
        raise InputError("no header row", file)
    missing = [c for c in columns if c not in header]
    if missing:
        shown = ", ".join(h[:40] for h in header[:20])
        raise InputError(f"the header has no column {', '.join(missing)}; its columns are {shown}", file)
    return {c: header.index(c) for c in columns}


@dataclass
class _Listing:
    """What kdrama_list.csv says of one title, kept until the dramas are read."""

    line: int
    year: str
    genres: list[str]
    tags: list[str]
    platforms: list[str]
    used: bool = False


@dataclass(frozen=True)
class _Drama:
    """Where a drama title's facts go: its show and season, the show's title and the season's number
    as written, and ``local``, what the show's IRIs are minted from (the title, or the title and year
    when two shows' titles slug alike)."""

    show: ox.NamedNode
    season: ox.NamedNode
    base: str
    number: str
    local: str


@dataclass(frozen=True)
class _Titles:
    """What the drama titles say about each other, read before the dramas: the "X: Subtitle" forms
    of seasons 1, and the show titles whose slug another show's title shares ("Bravo My Life" of 2017
    and "Bravo, My Life" of 2022), each with the year of its first season, which tells them apart."""

    subtitled: frozenset[str]
    ambiguous: dict[str, str]  # show title (casefolded) -> its first year


class _Labels:
    """Entities described so far: each is typed once, and has one prefLabel per language (a second
    spelling that slugs to the same IRI becomes an altLabel)."""

    def __init__(self) -> None:
        self.typed: set[str] = set()
        self.first: dict[tuple[str, str], str] = {}

    def entity(self, node: ox.NamedNode, cls: str, label: str, language: str | None = None) -> Iterator[ox.Triple]:
        """The type (once) and a label of an entity (``language`` None: the script tells, see name_language)."""
        if node.value not in self.typed:
            self.typed.add(node.value)
            yield ox.Triple(node, RDF_TYPE, tv(cls))
        yield from self.label(node, label, language)

    def label(self, node: ox.NamedNode, text: str, language: str | None = None) -> Iterator[ox.Triple]:
        """The first name in a language is the prefLabel; any other spelling an altLabel."""
        text = _clean(text)
        language = language or name_language(text)
        known = self.first.setdefault((node.value, language), text)
        yield ox.Triple(node, PREF_LABEL if known == text else ALT_LABEL, ox.Literal(text, language=language))


class _Import:
    """One import of the three tables: the list as a lookup, then the dramas, then the cast."""

    def __init__(self, files: dict[str, Path], context: Context, on_read: Callable[[int], None] | None) -> None:
        self.files, self.context, self.on_read = files, context, on_read
        self.labels = _Labels()
        self.listing: dict[str, list[_Listing]] = {}  # title_key -> the list's rows of that title
        self.dramas: dict[str, _Drama] = {}
        self.seasons: dict[str, str] = {}  # season IRI -> the drama title that made it
        self.actors: set[str] = set()  # actor ids given their identifier
        self.platforms: set[str] = set()  # the list's platforms, typed once the networks are known
        self.titles = _Titles(frozenset(), {})

    def triples(self) -> Iterator[Item]:
        """The list first, since the dramas pick up its genres; the cast last, since it needs the dramas."""
        yield from self.list_pass()
        self.titles = self.read_titles()
        yield from self.drama_pass()
        for platform in sorted(self.platforms - self.labels.typed):  # no original network: an organisation
            yield ox.Triple(ox.NamedNode(platform), RDF_TYPE, tv("Organization"))
        yield from self.cast_pass()
        for listing in (listing for same in self.listing.values() for listing in same):
            if not listing.used:
                yield Skip(f"line {listing.line} of {self.files['list'].name}",
                           "no drama of this title (and year) in kdrama_dramas.csv")

    def rows(self, key: str, counted: bool = True) -> Iterator[Row | Skip]:
        return _rows(self.files[key], COLUMNS[key], self.on_read if counted else None)

    def where(self, key: str, line: int) -> str:
        return f"line {line} of {self.files[key].name}"

    # -- kdrama_list.csv: genres, tags, platforms by title --------------------------------------------

    def list_pass(self) -> Iterator[Skip]:
        """Keep each listed title's genres, tags and platforms for the dramas to pick up."""
        for row in self.rows("list"):
            if isinstance(row, Skip):
                yield row
                continue
            line, cells = row
            key = title_key(cells["drama_name"])
            if not key:
                yield Skip(self.where("list", line), "no title")
                continue
            lists = {c: name_list(cells[c]) for c in ("Genres", "Tags", "platforms")}
            for column, value in lists.items():
                if value is None and cells[column].strip() not in ("", "N/A"):
                    yield Skip(self.where("list", line), f"{column} is not a list of names")
            listing = _Listing(line, _list_year(cells["start airing"]), lists["Genres"] or [], lists["Tags"] or [],
                               lists["platforms"] or [])
            same = self.listing.setdefault(key, [])
            if any(other.year == listing.year for other in same):
                yield Skip(self.where("list", line), "title and year listed twice (the first is used)")
                continue
            same.append(listing)

    # -- kdrama_dramas.csv: shows and seasons ---------------------------------------------------------

    def read_titles(self) -> _Titles:
        """A first read of the drama titles and years only (their Skips are reported by the second)."""
        titles = [(_clean(row[1]["drama_name"]), row[1]["year"].strip())
                  for row in self.rows("dramas", counted=False) if not isinstance(row, Skip)]
        subtitled = frozenset(filter(None, (subtitle_of(title) for title, _ in titles)))
        first: dict[str, str] = {}  # show title (casefolded) -> its first year
        for title, aired in titles:
            base = season_of(title, subtitled)[0].casefold()
            first[base] = min(first.get(base, aired), aired)
        slugs = Counter(slug(base) for base in first)
        return _Titles(subtitled, {base: year for base, year in first.items() if slugs[slug(base)] > 1})

    def drama_pass(self) -> Iterator[Item]:
        """Each drama row as a season of its show, remembered for the cast rows."""
        for row in self.rows("dramas"):
            if isinstance(row, Skip):
                yield row
                continue
            line, cells = row
            title, drama_id = _clean(cells["drama_name"]), cells["kdrama_id"].strip()
            if not title or not drama_id:
                yield Skip(self.where("dramas", line), "no kdrama_id or no drama_name")
                continue
            if title in self.dramas:
                yield Skip(self.where("dramas", line), "drama title listed twice (the first is used)")
                continue
            drama = yield from self.place(title, drama_id, line)
            yield from self.drama_triples(drama, title, drama_id, cells, line)

    def place(self, title: str, drama_id: str, line: int) -> Generator[Skip, None, _Drama]:
        """The show and season a drama title is. A show title that slugs like another show's is minted
        with its first year; a season already taken by another title makes this one a show of its own."""
        base, number = season_of(title, self.titles.subtitled)
        year = self.titles.ambiguous.get(base.casefold())
        local = f"{base} {year}" if year else base
        season = self.context.mint("season", f"{local} s{number}")
        if season.value in self.seasons:
            yield Skip(self.where("dramas", line),
                       "season already made by another title; imported as a show of its own")
            base, local, number = title, f"{title} {drama_id}", "1"
            season = self.context.mint("season", f"{local} s{number}")
        self.seasons[season.value] = title
        drama = _Drama(self.context.mint("show", local), season, base, number, local)
        self.dramas[title] = drama
        return drama

    def drama_triples(self, drama: _Drama, title: str, drama_id: str, cells: dict[str, str], line: int
                      ) -> Iterator[Item]:
        """Everything one drama row says."""
        where = self.where("dramas", line)
        yield from self.show_and_season(drama, title, drama_id, where)
        yield from self.dates(drama, cells, where)
        yield from self.counts(drama.season, cells, where)
        yield from self.description(drama, cells["synopsis"], where)
        yield from self.credits(drama, cells, where)
        yield from self.listed(drama, title, cells["year"], where)

    def show_and_season(self, drama: _Drama, title: str, drama_id: str, where: str) -> Iterator[Item]:
        """Names and numbers; the drama's id on the season alone, since the row is the season."""
        show, season = drama.show, drama.season
        yield from self.labels.entity(show, "Show", drama.base)
        yield from self.labels.entity(season, "Season", f"{drama.base} season {drama.number}")
        if title != drama.base:
            yield ox.Triple(season, ALT_LABEL, ox.Literal(title, language=name_language(title)))
        yield ox.Triple(season, tv("seasonOf"), show)
        yield ox.Triple(season, IDENTIFIER, self.context.identifier(drama_id))
        if drama.number.isdigit():
            yield ox.Triple(season, tv("seasonNumber"), typed(int(drama.number), "integer"))
        else:
            yield Skip(where, "season number is not a whole number (the season is not numbered)")

    def dates(self, drama: _Drama, cells: dict[str, str], where: str) -> Iterator[Item]:
        """Start and end of the run on the season; the season 1 start is the show's release date."""
        start, end, problems = air_dates(cells["start_dt"], cells["end_dt"])
        yield from (Skip(where, problem) for problem in problems)
        if start is None and cells["year"].strip():
            start = year(cells["year"])
            if start is None:
                yield Skip(where, "year is not a four-digit year")
        for node in (drama.season, drama.show) if drama.number == "1" else (drama.season,):
            if start is not None:
                yield ox.Triple(node, tv("releaseDate"), start)
        if end is not None:
            yield ox.Triple(drama.season, tv("endDate"), end)

    def counts(self, season: ox.NamedNode, cells: dict[str, str], where: str) -> Iterator[Item]:
        """Episodes, runtime and content rating of the season."""
        episodes, seconds, rating = cells["tot_eps"].strip(), cells["duration"].strip(), _clean(cells["content_rt"])
        if episodes.isdigit():
            yield ox.Triple(season, tv("numberOfEpisodes"), typed(int(episodes), "integer"))
        elif episodes:
            yield Skip(where, "tot_eps is not a whole number")
        duration = runtime(seconds)
        if duration is not None:
            yield ox.Triple(season, tv("runtime"), duration)
        elif seconds:
            yield Skip(where, "duration is not a number of seconds")
        if rating and rating.casefold() != NOT_RATED:
            yield ox.Triple(season, tv("contentRating"), ox.Literal(rating))

    def description(self, drama: _Drama, text: str, where: str) -> Iterator[Item]:
        """The synopsis on the season (and the show, for season 1) and the works it says the show adapts."""
        kept, works = synopsis(text, drama.base)
        if kept:
            for node in (drama.season, drama.show) if drama.number == "1" else (drama.season,):
                yield ox.Triple(node, COMMENT, ox.Literal(kept, language="en"))
        for work in works:
            if isinstance(work, str):
                yield Skip(where, work)
            else:
                yield from self.work(drama.show, work)

    def work(self, show: ox.NamedNode, work: Work) -> Iterator[Item]:
        """The work by its title (two dramas adapting it meet there), its authors, and the show's link."""
        node = self.context.mint("work", work.title)
        language = work_language(work)
        yield from self.labels.entity(node, work.cls, work.title)
        if work.original:  # a Latin original's language is not given ("La Casa de Papel"): undetermined
            yield from (self.labels.label(node, work.original, language) if language
                        else [ox.Triple(node, ALT_LABEL, ox.Literal(work.original, language="und"))])
        if work.year:
            yield ox.Triple(node, tv("releaseDate"), typed(work.year, "gYear"))
        yield ox.Triple(show, tv("basedOn"), node)
        for author in work.authors:
            person = self.context.mint("person", author.name)
            yield from self.labels.entity(person, "Person", author.name)
            named = author_language(author.original, language)
            if named:
                yield from self.labels.label(person, author.original, named)
            for alias in author.aliases:
                yield ox.Triple(person, ALT_LABEL, ox.Literal(alias, language=name_language(alias)))
            yield ox.Triple(node, tv("author"), person)

    def credits(self, drama: _Drama, cells: dict[str, str], where: str) -> Iterator[Item]:
        """Directors, screenwriters and the country, on the season and the show; the original networks
        on the season, and on the show for season 1."""
        for column, prop in (("director", "director"), ("screenwriter", "writer")):
            names = name_list(cells[column])
            if names is None:
                yield Skip(where, f"{column} is not a list of names like ['Lee Jae Gyoo']")
            for name in names or []:
                person = self.context.mint("person", name)
                yield from self.labels.entity(person, "Person", name)
                yield from (ox.Triple(node, tv(prop), person) for node in (drama.season, drama.show))
        for name in networks(cells["org_net"]):  # who first showed season 1 first showed the show
            org = self.context.mint("org", name)
            yield from self.labels.entity(org, "Network", name)
            for node in (drama.season, drama.show) if drama.number == "1" else (drama.season,):
                yield ox.Triple(node, tv("originalNetwork"), org)
        country = _clean(cells["country"])
        if country:
            place = ox.NamedNode(f"{ENTITY}place/{slug(country)}")
            yield from self.labels.entity(place, "Place", country)
            yield ox.Triple(drama.show, tv("countryOfOrigin"), place)

    def listed(self, drama: _Drama, title: str, year: str, where: str) -> Iterator[Item]:
        """Genres, tags and platforms kdrama_list.csv gives this title, on the show."""
        listing = next((listing for listing in self.listing.get(title_key(title), [])
                        if not (listing.year and year.strip().isdigit() and abs(int(listing.year) - int(year)) > 1)),
                       None)  # one of another year is another drama of the same title
        if listing is None:
            return
        listing.used = True
        yield from (ox.Triple(drama.show, tv("genre"), ox.Literal(g, language="en")) for g in listing.genres)
        yield from (ox.Triple(drama.show, tv("keyword"), ox.Literal(t, language="en")) for t in listing.tags)
        for name in listing.platforms:  # where to watch it: typed at the end, a tv:Network only if one
            org = self.context.mint("org", name)
            self.platforms.add(org.value)
            yield from self.labels.label(org, name)
            yield ox.Triple(drama.show, tv("availableOn"), org)

    # -- kdrama_cast.csv: cast parts ------------------------------------------------------------------

    def cast_pass(self) -> Iterator[Item]:
        """Each cast row as parts of the drama's season; rows of unknown dramas or actors are skipped."""
        for row in self.rows("cast"):
            if isinstance(row, Skip):
                yield row
                continue
            line, cells = row
            where = self.where("cast", line)
            drama = self.dramas.get(_clean(cells["drama_name"]))
            actor_id, actor = cells["actor_id"].strip(), _clean(cells["actor_name"])
            if drama is None:
                yield Skip(where, "drama not in kdrama_dramas.csv")
            elif not actor_id or not actor:
                yield Skip(where, "no actor_id or no actor_name")
            else:
                yield from self.cast_row(drama, actor_id, actor, cells, where)

    def cast_row(self, drama: _Drama, actor_id: str, actor: str, cells: dict[str, str], where: str
                 ) -> Iterator[Item]:
        """The actor, and one cast role per part the character cell names (one without a character
        if it names none)."""
        person = self.context.mint("person", actor)
        yield from self.labels.entity(person, "Person", actor)
        if actor_id not in self.actors:
            self.actors.add(actor_id)
            yield ox.Triple(person, IDENTIFIER, self.context.identifier(actor_id))
        billing = BILLING.get(_clean(cells["role"]).casefold())
        if billing is None and cells["role"].strip():
            yield Skip(where, f"billing {_clean(cells['role'])!r} is not main, support or guest (imported without)")
        parts = character_parts(cells["character_name"]) or [Part()]
        for index, part in enumerate(parts, start=1):
            local = f"{drama.local} s{drama.number} {actor}" + (f" {index}" if index > 1 else "")
            yield from self.role(drama, self.context.mint("role", local), person, billing, part, where)

    def role(self, drama: _Drama, role: ox.NamedNode, person: ox.NamedNode, billing: str | None, part: Part,
             where: str) -> Iterator[Item]:
        """A cast role hangs from the show (as in the other importers) and names its season."""
        yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
        yield ox.Triple(drama.show, tv("hasCastRole"), role)
        yield ox.Triple(role, tv("actor"), person)
        yield ox.Triple(role, tv("inSeason"), drama.season)
        if billing:
            yield ox.Triple(role, tv("billing"), tv(billing))
        if part.bad_episodes:
            yield Skip(where, "an episode range is backwards or too wide (its episodes are left out)")
        yield from (ox.Triple(role, tv("inEpisodeNumber"), typed(n, "integer")) for n in part.episodes)
        if part.credited:
            yield ox.Triple(role, tv("characterName"), ox.Literal(part.credited))
        if part.name and not part.is_self:
            yield from self.character(drama, role, part)

    def character(self, drama: _Drama, role: ox.NamedNode, part: Part) -> Iterator[ox.Triple]:
        """The named character, shared by the show's seasons; the part's notes stay on the part."""
        character = self.context.mint("character", f"{drama.local} {part.name}")
        yield from self.labels.entity(character, "Character", part.name)
        for other in part.alternatives:
            yield ox.Triple(character, ALT_LABEL, ox.Literal(other, language=name_language(other)))
        yield ox.Triple(character, tv("appearsIn"), drama.show)
        yield ox.Triple(role, tv("character"), character)
        if part.notes:
            yield ox.Triple(role, COMMENT, ox.Literal("; ".join(part.notes), language="en"))


def _list_year(text: str) -> str:
    """The year of kdrama_list.csv's "start airing" ("10-Sep-18" -> "2018"); "" when not given."""
    match = re.fullmatch(r"\d{1,2}-[A-Za-z]{3}-(\d{2})", text.strip())
    if not match:
        return ""
    short = int(match[1])
    return str(2000 + short if short < 50 else 1900 + short)
