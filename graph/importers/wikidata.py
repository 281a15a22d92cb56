"""Wikidata: entity JSON or SPARQL JSON results, mapped to tvkg (``tvkg import wikidata FILE``).

The form of the file is told from its first non-blank line:

* ``[`` alone: the JSON dump (``latest-all.json[.gz]``): one entity per line, each ending in ``,``,
  then ``]``. Read one line at a time, so a dump of any size streams.
* ``{`` and the line is a whole entity object: line-delimited JSON, one entity per line, streamed too.
* otherwise one JSON document, read whole: a ``Special:EntityData/Qnnn.json`` document
  (``{"entities": {"Qnnn": {...}}}``, also what the ``wbgetentities`` API answers for many ids), a
  single entity, an array of entities, or SPARQL 1.1 JSON results from the Wikidata Query Service
  (``{"head": ..., "results": {"bindings": [...]}}``).

Entities
--------
The class comes from instance of (P31), see ``CLASSES``: human -> tv:Person; television series,
miniseries, web or animated series -> tv:Show; television series season -> tv:Season; episode ->
tv:Episode; fictional, television, film, literary or comics character -> tv:Character; webtoon,
webcomic -> tv:Webtoon; comics, manga, manhwa, manhua -> tv:Comic; novel, novel series, or a literary
or written work whose form of creative work (P7937) is novel -> tv:Novel. Anything else is skipped
("not a TV entity (instance of Qxxx)"), as are records without an id, properties and lexemes, a
season without its series (P179) and an episode without its season (P4908): the shapes require both.

Every entity is minted ``context.mint(kind, "Qnnn")`` (kind: show, season, episode, person,
character, work) and gets ``dcterms:identifier "wikidata:Qnnn"``; labels become skos:prefLabel,
aliases skos:altLabel and descriptions rdfs:comment, each with Wikidata's own language tag (all
languages, unless ``--option languages=en,ko`` keeps only those), ``mul`` included: Wikidata's label
for a name that is the same in every language. An entity with a ``mul`` label and no ``en`` one also
gets the ``mul`` label as its ``@en`` prefLabel, so that ``FILTER(lang(?name) = "en")`` still finds
it. Deprecated statements are ignored; where one value is wanted (series, season, dates, counts) the
best-ranked statements are used, as Wikidata's ``wdt:`` properties do.

Statements: P179 part of the series (of a season) -> tv:seasonOf, its P1545 series ordinal ->
tv:seasonNumber; P4908 season (of an episode) -> tv:episodeOf, its P1545 -> tv:episodeNumber;
P161 cast member -> a tv:CastRole ``role/wikidata-<production>-<actor>`` (one per character when
the actor plays several: ``...-<actor>-<character>``) with tv:actor, its P453 character role ->
tv:character, P4633 name of the character role -> tv:characterName, P4908 season -> tv:inSeason;
P57 director -> tv:director; P58 screenwriter -> tv:writer; P144 based on -> tv:basedOn; P50
author -> tv:author; P449 original broadcaster -> tv:originalNetwork; P495 country of origin ->
tv:countryOfOrigin; P1441 present in work (of a character) -> tv:appearsIn; P577 publication date
("first published or released"), else P580 start time (of a series' or season's run, a work's
serialisation) -> tv:releaseDate: the first release, so of several values (releases in several
countries) the one that surely comes first (the earliest last day it can mean: 2021 before
2022-01-28; a day within a year, its month within the month), as xsd:date, gYearMonth or gYear for
precision 11, 10, 9; P582 end time (of a production's run) -> tv:endDate, the one that surely ends
last; P2437 number of seasons, P1113 number of episodes -> tv:numberOfSeasons, tv:numberOfEpisodes
(the largest); P345 IMDb ID -> dcterms:identifier "imdb:tt..." / "imdb:nm...".
Genres (P136) are items, and tv:genre is text: they are left out (SPARQL's ?genreLabel gives them).

Entities a statement points at but the file does not describe are minted with the kind the
property implies (P179 -> show, P4908 -> season, P453 -> character, P144 -> work, P1441 -> show,
P449 -> org, P495 -> place, people -> person) and get their identifier, but no type, except where a
shape needs one: the actor of a cast role (tv:Person), its character (tv:Character), the series of
a season (tv:Show) and the season of an episode or a cast role (tv:Season, typed only when the
series it belongs to is known too). Those need a skos:prefLabel, and the file has none for them:
they get their QID as a stand-in label, tagged ``@zxx`` (no linguistic content: it is no name in
any language), as does a described entity left without a usable label. To have their names, import
them in the same file (a dump or line-delimited extract holding them, or SPARQL results with
?actorLabel ...): an import replaces the source's earlier ones (tvkg.importers.run).

SPARQL results
--------------
Variables are mapped by name (any others are ignored; a row binding none of these is skipped):

* entities (Wikidata item IRIs): ``?show`` (tv:Show, the production the other variables describe:
  a row binding them without ?show is skipped),
  ``?season`` (tv:Season of ?show), ``?episode`` (tv:Episode of ?season), ``?actor`` (tv:Person,
  a cast role of ?show), ``?character`` (tv:Character: the actor's part, or without ?actor
  tv:appearsIn ?show), ``?director`` and ``?writer`` (tv:Person), ``?basedOn`` (tv:SourceWork),
  ``?author`` (tv:Person, author of ?basedOn), ``?network`` (tv:Network), ``?country`` (tv:Place);
* for each entity variable X: ``?XLabel`` (skos:prefLabel, with its language; a ``mul`` label also
  as ``@en``; a label without a language ``@und``), ``?XDescription``
  (rdfs:comment) and ``?XImdb`` (IMDb ID), as the label service and ``wdt:P345`` give them;
* values: ``?seasonNumber``, ``?episodeNumber``, ``?characterName``; for ?show ``?releaseDate``
  (at ``?releaseDatePrecision`` 9/10/11 if the query selects ``wikibase:timePrecision``; else at the
  literal's own: the service gives xsd:dateTime, so a day),
  ``?numberOfSeasons``, ``?numberOfEpisodes`` and ``?genreLabel`` (tv:genre).

Show, season, episode, actor and character are typed even without a label (with the QID as
stand-in label, as above); director, writer, basedOn, author, network and country only when their
label is bound. A label equal to the QID (the label service's answer when there is none) counts as
no label.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.importers.common import COMMENT, IDENTIFIER, Context, Skip, tv, typed
from tvkg.ontology.dates import PartialDate
from tvkg.ontology.vocabulary import ALT_LABEL, PREF_LABEL, RDF_TYPE

OPTIONS = {"languages": None}  # --option languages=en,ko: the label languages kept (checked by run)

SOURCE = "wikidata"
Output = ox.Triple | Skip

# instance of (P31) -> tvkg class. An entity with several takes the first class of PRIORITY it has.
CLASSES = {
    "Q21191270": "Episode",    # television series episode
    "Q3464665": "Season",      # television series season
    "Q5398426": "Show",        # television series
    "Q1259759": "Show",        # miniseries
    "Q526877": "Show",         # web series
    "Q581714": "Show",         # animated series
    "Q63952888": "Show",       # anime television series
    "Q117467246": "Show",      # animated television series
    "Q5": "Person",            # human
    "Q95074": "Character",     # fictional character
    "Q15632617": "Character",  # fictional human
    "Q15773317": "Character",  # television character
    "Q15773347": "Character",  # film character
    "Q3658341": "Character",   # literary character
    "Q1114461": "Character",   # comics character
    "Q74262765": "Webtoon",    # webtoon
    "Q213369": "Webtoon",      # webcomic
    "Q1004": "Comic",          # comics
    "Q14406742": "Comic",      # comic book series
    "Q8274": "Comic",          # manga
    "Q21198342": "Comic",      # manga series
    "Q562214": "Comic",        # manhwa
    "Q754669": "Comic",        # manhua
    "Q725377": "Comic",        # graphic novel
    "Q8261": "Novel",          # novel
    "Q1667921": "Novel",       # novel series
}
WRITTEN_WORKS = {"Q7725634", "Q47461344"}  # literary work, written work: a novel if P7937 (form) says so
NOVEL = "Q8261"
PRIORITY = ("Episode", "Season", "Show", "Person", "Character", "Webtoon", "Comic", "Novel")
KIND = {"Show": "show", "Season": "season", "Episode": "episode", "Person": "person", "Character": "character",
        "Webtoon": "work", "Comic": "work", "Novel": "work"}
PRODUCTIONS = {"Show", "Season", "Episode"}
WORKS = {"Webtoon", "Comic", "Novel"}

# property -> (tvkg property, kind of the entity it points at); these are plain links, any number of them
PRODUCTION_LINKS = {"P57": ("director", "person"), "P58": ("writer", "person"), "P144": ("basedOn", "work"),
                    "P449": ("originalNetwork", "org"), "P495": ("countryOfOrigin", "place")}
WORK_LINKS = {"P50": ("author", "person"), "P495": ("countryOfOrigin", "place")}
CHARACTER_LINKS = {"P1441": ("appearsIn", "show")}
COUNTS = {"P2437": "numberOfSeasons", "P1113": "numberOfEpisodes"}

QID = re.compile(r"Q[1-9]\d*")
ENTITY_IRI = re.compile(r"https?://www\.wikidata\.org/entity/(Q[1-9]\d*)")
IMDB = re.compile(r"(tt|nm|ch|co|ev)\d+")
RANKS = ("preferred", "normal")  # deprecated statements are left out
BAD_LANGUAGE = "a language code that is not a BCP 47 tag"

# SPARQL: entity variable -> (kind, tvkg class, typed even without a label because a shape needs the class)
ENTITY_VARIABLES = {
    "show": ("show", "Show", True), "season": ("season", "Season", True), "episode": ("episode", "Episode", True),
    "actor": ("person", "Person", True), "character": ("character", "Character", True),
    "director": ("person", "Person", False), "writer": ("person", "Person", False),
    "basedOn": ("work", "SourceWork", False), "author": ("person", "Person", False),
    "network": ("org", "Network", False), "country": ("place", "Place", False),
}
ENTITY_SUFFIXES = ("Label", "Description", "Imdb")
VALUE_VARIABLES = ("seasonNumber", "episodeNumber", "characterName", "releaseDate", "releaseDatePrecision",
                   "numberOfSeasons", "numberOfEpisodes", "genreLabel")
VARIABLES = {*ENTITY_VARIABLES, *VALUE_VARIABLES,
             *(variable + suffix for variable in ENTITY_VARIABLES for suffix in ENTITY_SUFFIXES)}
SHOW_LINKS = {"director": "director", "writer": "writer", "basedOn": "basedOn", "network": "originalNetwork",
              "country": "countryOfOrigin"}


def read(stream: BinaryIO, context: Context) -> Iterator[Output]:
    """The triples of every TV entity (or result row) in the file, and a Skip for each one left out."""
    lines = _numbered(stream)
    head: list[tuple[int, str]] = []
    for number, text in lines:
        head.append((number, text))
        if text.strip():
            break
    else:
        raise InputError("the file holds only blank lines")
    number, first = head[-1][0], head[-1][1].strip()
    mentions = _Mentions(context)
    if first == "[":
        records = _line_records(lines, dump=True)
    elif first.startswith("{") and (record := _entity_line(first)) is not None:
        records = itertools.chain([(f"line {number}", record)], _line_records(lines, dump=False))
    elif first.startswith(("{", "[")):
        document = _parse("".join(text for _, text in itertools.chain(head, lines)))
        if isinstance(document, dict) and "head" in document:
            yield from _Results(mentions).read(document)
            return
        records = _document_records(document)
    else:
        raise InputError(f"line {number}: not JSON; expected Wikidata entity JSON (a Special:EntityData document, "
                         "the JSON dump or one entity per line) or SPARQL JSON results")
    entities = _Entities(mentions)
    for where, record in records:
        yield from entities.record(record, where)
    yield from mentions.finish()


# -- reading the file ----------------------------------------------------------------------------

def _numbered(stream: BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number, text) one line at a time: a dump never has to fit in memory."""
    number = 0
    while True:
        try:
            raw = stream.readline()
        except (OSError, EOFError) as error:  # a truncated or corrupt .gz
            raise InputError(f"line {number + 1}: cannot read the file ({error})") from None
        if not raw:
            return
        number += 1
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"line {number}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def _parse(text: str, number: int | None = None) -> Any:
    """JSON, or an InputError naming the line (``number`` for one line of a dump, else the document's)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        line = number if number is not None else error.lineno
        raise InputError(f"line {line}: invalid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise InputError(f"line {number or 1}: invalid JSON (nested too deeply)") from None


def _entity_line(text: str) -> dict[str, Any] | None:
    """The entity a first line holds when the file is one entity per line; None when it starts a document."""
    try:
        found = json.loads(text.removesuffix(","))
    except (json.JSONDecodeError, RecursionError):
        return None
    is_document = isinstance(found, dict) and ("entities" in found or "head" in found)
    return found if isinstance(found, dict) and not is_document else None


def _line_records(lines: Iterable[tuple[int, str]], dump: bool) -> Iterator[tuple[str, Any]]:
    """(where, record) for each line of a dump (up to its closing ``]``) or a line-delimited file."""
    closed = False
    for number, text in lines:
        text = text.strip()
        if not text:
            continue
        if closed:
            raise InputError(f"line {number}: text after the dump's closing ]")
        if dump and text == "]":
            closed = True
            continue
        yield f"line {number}", _parse(text.removesuffix(","), number)


def _document_records(document: Any) -> Iterator[tuple[str, Any]]:
    """(where, record) for the entities of a whole document: EntityData, an array, or one entity."""
    if isinstance(document, dict) and "entities" in document:
        entities = document["entities"]
        if isinstance(entities, dict):
            yield from ((f"record {key}", record) for key, record in entities.items())
            return
        document = entities
    if isinstance(document, list):
        yield from ((f"entity {n}", record) for n, record in enumerate(document, 1))
    elif isinstance(document, dict) and ("id" in document or "claims" in document):
        yield "entity 1", document
    else:
        raise InputError('not Wikidata JSON: expected {"entities": {...}}, entity objects, or SPARQL JSON results '
                         '({"head": ..., "results": ...})')


# -- what one file says about entities it only points at -----------------------------------------

class _Mentions:
    """Remembers, across one file, the entities it describes and the ones its statements point at.

    A referenced entity gets its identifier once, at the end, unless the file describes it; one a
    shape needs typed (an actor, a character, a season's show, an episode's season) gets its type and
    its QID as stand-in label then too. Deciding at the end keeps the result independent of the order
    of the records, and lets a dump describe an entity after the statement pointing at it.
    """

    def __init__(self, context: Context) -> None:
        self.context = context
        self.described: set[str] = set()
        self.referenced: dict[str, str] = {}         # IRI -> QID
        self.needed: dict[str, str] = {}             # IRI -> the tvkg class a shape needs it to have
        self.shows: dict[str, ox.NamedNode] = {}     # IRI of a needed season -> its show

    def ref(self, kind: str, qid: str, needs: str | None = None, show: ox.NamedNode | None = None) -> ox.NamedNode:
        """The IRI of entity ``qid``, noting that the file points at it (and what it must be)."""
        node = self.context.mint(kind, qid)
        self.referenced.setdefault(node.value, qid)
        if needs:
            self.needed.setdefault(node.value, needs)
        if show is not None:
            self.shows.setdefault(node.value, show)
        return node

    def describe(self, node: ox.NamedNode) -> None:
        """The file gives this entity its type, labels and identifier itself."""
        self.described.add(node.value)

    def finish(self) -> Iterator[ox.Triple]:
        """Identifiers of the entities only referenced; types and stand-in labels of those a shape needs typed."""
        for iri, cls in list(self.needed.items()):
            if cls == "Season" and iri not in self.described:
                show = self.shows.get(iri)
                if show is None:  # a tv:Season needs its show; without one, leave it for another import to type
                    del self.needed[iri]
                else:
                    self.needed.setdefault(show.value, "Show")
        for iri, qid in self.referenced.items():
            if iri in self.described:
                continue
            node = ox.NamedNode(iri)
            yield ox.Triple(node, IDENTIFIER, self.context.identifier(qid))
            needs = self.needed.get(iri)
            if needs:
                yield ox.Triple(node, RDF_TYPE, tv(needs))
                yield ox.Triple(node, PREF_LABEL, stand_in(qid))
                if needs == "Season":
                    yield ox.Triple(node, tv("seasonOf"), self.shows[iri])


# -- entity JSON -------------------------------------------------------------------------------

class _Entities:
    """Entity records (EntityData, dump or line-delimited) to triples."""

    def __init__(self, mentions: _Mentions) -> None:
        self.mentions = mentions
        self.context = mentions.context
        languages = self.context.options.get("languages", "")
        self.languages = {code.strip().lower() for code in languages.split(",") if code.strip()}

    def record(self, record: Any, where: str) -> Iterator[Output]:
        """One record's triples, or a Skip saying why it is left out."""
        qid = _get(record, "id")
        if not isinstance(record, dict):
            yield Skip(where, "not an entity object")
            return
        if not isinstance(qid, str) or not qid.strip():
            yield Skip(where, "record without an id")
            return
        where = f"record {qid}"
        found = record.get("claims")
        claims: dict[str, Any] = found if isinstance(found, dict) else {}
        cls = _class(claims)
        reason = _unusable(record, qid, cls, claims)
        if reason:
            yield Skip(where, reason)
            return
        assert cls is not None
        node = self.context.mint(KIND[cls], qid)
        self.mentions.describe(node)
        yield ox.Triple(node, RDF_TYPE, tv(cls))
        yield ox.Triple(node, IDENTIFIER, self.context.identifier(qid))
        yield from self._terms(node, qid, record, where)
        yield from _imdb(node, claims)
        yield from self._statements(node, cls, qid, claims, where)

    def _terms(self, node: ox.NamedNode, qid: str, record: dict[str, Any], where: str) -> Iterator[Output]:
        """Labels (a ``mul`` one also as ``en`` where there is no ``en``), aliases and descriptions; the
        QID as label if none is left, since the shapes need one."""
        terms = _values(record.get("labels"))
        languages = {_get(term, "language") for term in terms if _text_value(term)}
        if "mul" in languages and "en" not in languages:
            terms += [{"language": "en", "value": _get(term, "value")} for term in terms
                      if _get(term, "language") == "mul" and _text_value(term)]
        labels = [made for term in terms if (made := self._text(node, PREF_LABEL, term, where))]
        yield from labels
        if not any(isinstance(made, ox.Triple) for made in labels):
            yield ox.Triple(node, PREF_LABEL, stand_in(qid))
        for term in _values(record.get("descriptions")):
            if made := self._text(node, COMMENT, term, where):
                yield made
        for terms in _values(record.get("aliases")):
            for term in terms if isinstance(terms, list) else []:
                if made := self._text(node, ALT_LABEL, term, where):
                    yield made

    def _text(self, node: ox.NamedNode, predicate: ox.NamedNode, term: Any, where: str) -> Output | None:
        """One language-tagged text; None if empty or in a language not asked for."""
        value, language = _get(term, "value"), _get(term, "language")
        if not isinstance(value, str) or not value.strip() or not isinstance(language, str):
            return None
        if self.languages and not any(language.lower() == code or language.lower().startswith(code + "-")
                                      for code in self.languages):
            return None
        literal = _tagged(value, language)
        if literal is None:
            return Skip(f"{where} ({language})", BAD_LANGUAGE)
        return ox.Triple(node, predicate, literal)

    def _statements(self, node: ox.NamedNode, cls: str, qid: str, claims: dict[str, Any],
                    where: str) -> Iterator[Output]:
        """What the statements say, by class: a production's links and cast, a work's author, ..."""
        if cls == "Season":
            yield from self._season(node, claims, where)
        elif cls == "Episode":
            yield from self._episode(node, claims, where)
        if cls in PRODUCTIONS:
            yield from self._cast(node, cls, qid, claims)
            yield from self._links(node, claims, PRODUCTION_LINKS)
            yield from _release(node, claims, where)
            yield from _end(node, claims, where)
            yield from _counts(node, cls, claims, where)
        elif cls in WORKS:
            yield from self._links(node, claims, WORK_LINKS)
            yield from _release(node, claims, where)
        elif cls == "Character":
            yield from self._links(node, claims, CHARACTER_LINKS)

    def _season(self, node: ox.NamedNode, claims: dict[str, Any], where: str) -> Iterator[Output]:
        """tv:seasonOf the series (P179), numbered by the statement's series ordinal (P1545)."""
        show, statement = _items(_truthy(claims, "P179"))[0]
        yield ox.Triple(node, tv("seasonOf"), self.mentions.ref("show", show, needs="Show"))
        yield from _ordinal(node, "seasonNumber", statement, where)

    def _episode(self, node: ox.NamedNode, claims: dict[str, Any], where: str) -> Iterator[Output]:
        """tv:episodeOf the season (P4908), numbered by its P1545; the series (P179) says whose season it is."""
        season, statement = _items(_truthy(claims, "P4908"))[0]
        series = _items(_truthy(claims, "P179"))
        show = self.mentions.ref("show", series[0][0]) if series else None
        yield ox.Triple(node, tv("episodeOf"), self.mentions.ref("season", season, needs="Season", show=show))
        yield from _ordinal(node, "episodeNumber", statement, where)

    def _cast(self, production: ox.NamedNode, cls: str, qid: str, claims: dict[str, Any]) -> Iterator[Output]:
        """One cast role per actor (P161), or per actor and character when one actor plays several (P453);
        its billing order from the statement's series ordinal (P1545), where Wikidata gives one."""
        cast = _items(_statements(claims, "P161"))
        characters: dict[str, set[str]] = defaultdict(set)
        for actor, statement in cast:
            characters[actor].update(_qualifier_items(statement, "P453"))
        for actor, statement in cast:
            parts = tuple(_qualifier_items(statement, "P453")) or (None,)
            for character in parts:
                several = character is not None and len(characters[actor]) > 1
                role = self.context.mint("role", f"{qid}-{actor}-{character}" if several else f"{qid}-{actor}")
                yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
                yield ox.Triple(production, tv("hasCastRole"), role)
                yield ox.Triple(role, tv("actor"), self.mentions.ref("person", actor, needs="Person"))
                if character is not None:
                    yield ox.Triple(role, tv("character"), self.mentions.ref("character", character, needs="Character"))
                for name in _qualifiers(statement, "P4633"):
                    if isinstance(name, str) and name.strip():
                        yield ox.Triple(role, tv("characterName"), ox.Literal(name.strip()))
                for season in _qualifier_items(statement, "P4908"):
                    show = production if cls == "Show" else None
                    yield ox.Triple(role, tv("inSeason"), self.mentions.ref("season", season, "Season", show))
                yield from _ordinal(role, "castOrder", statement, f"cast of {qid}")

    def _links(self, node: ox.NamedNode, claims: dict[str, Any],
               links: dict[str, tuple[str, str]]) -> Iterator[ox.Triple]:
        """Statements that point at another entity, any number of them (directors, countries, ...)."""
        for pid, (prop, kind) in links.items():
            for qid, _ in _items(_statements(claims, pid)):
                yield ox.Triple(node, tv(prop), self.mentions.ref(kind, qid))


def _class(claims: dict[str, Any]) -> str | None:
    """The tvkg class of an entity from its instance-of (P31) values, or None if it is not a TV entity."""
    kinds = {qid for qid, _ in _items(_statements(claims, "P31"))}
    found = {CLASSES[qid] for qid in kinds if qid in CLASSES}
    if kinds & WRITTEN_WORKS and NOVEL in {qid for qid, _ in _items(_statements(claims, "P7937"))}:
        found.add("Novel")
    return next((cls for cls in PRIORITY if cls in found), None)


def _unusable(record: dict[str, Any], qid: str, cls: str | None, claims: dict[str, Any]) -> str | None:
    """Why a record with an id cannot be imported, or None if it can."""
    if "missing" in record:
        return "no such entity (marked missing)"
    if not QID.fullmatch(qid):
        return "not an item (properties and lexemes are not TV entities)"
    if cls is None:
        kinds = _items(_truthy(claims, "P31"))
        return f"not a TV entity (instance of {kinds[0][0]})" if kinds else "not a TV entity (no instance of, P31)"
    if cls == "Season" and not _items(_truthy(claims, "P179")):
        return "a season without its series (no P179 part of the series)"
    if cls == "Episode" and not _items(_truthy(claims, "P4908")):
        return "an episode without its season (no P4908 season)"
    return None


def _imdb(node: ox.NamedNode, claims: dict[str, Any]) -> Iterator[ox.Triple]:
    """IMDb IDs (P345) as "imdb:tt..." identifiers: what lets entity resolution join IMDb and Wikidata."""
    for statement in _statements(claims, "P345"):
        value = _value(_get(statement, "mainsnak"))
        if isinstance(value, str) and IMDB.fullmatch(value.strip()):
            yield ox.Triple(node, IDENTIFIER, ox.Literal(f"imdb:{value.strip()}"))


def _ordinal(node: ox.NamedNode, prop: str, statement: dict[str, Any], where: str) -> Iterator[Output]:
    """A season or episode number from a series ordinal (P1545) qualifier, a string in Wikidata."""
    values = [v.strip() for v in _qualifiers(statement, "P1545") if isinstance(v, str)]
    if not values:
        return
    if re.fullmatch(r"\d+", values[0]):
        yield ox.Triple(node, tv(prop), typed(int(values[0]), "integer"))
    else:
        yield Skip(f"{where} ({values[0]!r})", "a series ordinal (P1545) that is not a whole number")


def _release(node: ox.NamedNode, claims: dict[str, Any], where: str) -> Iterator[Output]:
    """tv:releaseDate, the first release: from publication date (P577), else start time (P580), the
    value that surely comes first."""
    for pid in ("P577", "P580"):
        values = [v for s in _truthy(claims, pid) if isinstance(v := _value(_get(s, "mainsnak")), dict)]
        if values:
            dated = [date for v in values if (date := _time(v))]
            if dated:  # the earliest last day, then the most precise (the shortest span)
                first = min(dated, key=lambda d: (d.end, -d.start.toordinal()))
                yield ox.Triple(node, tv("releaseDate"), first.literal)
            else:
                yield Skip(where, f"a date ({pid}) that is not a day, month or year of the common era")
            return


def _end(node: ox.NamedNode, claims: dict[str, Any], where: str) -> Iterator[Output]:
    """tv:endDate from end time (P582), the end of a production's run: the value that surely ends last."""
    values = [v for s in _truthy(claims, "P582") if isinstance(v := _value(_get(s, "mainsnak")), dict)]
    dated = [date for v in values if (date := _time(v))]
    if dated:  # the latest first day, then the most precise (the shortest span)
        yield ox.Triple(node, tv("endDate"), max(dated, key=lambda d: (d.start, -d.end.toordinal())).literal)
    elif values:
        yield Skip(where, "a date (P582) that is not a day, month or year of the common era")



def _counts(node: ox.NamedNode, cls: str, claims: dict[str, Any], where: str) -> Iterator[Output]:
    """Number of seasons (of a show) and of episodes; the largest, as counts only grow."""
    for pid, prop in COUNTS.items():
        if prop == "numberOfSeasons" and cls != "Show":
            continue
        amounts = [_amount(_value(_get(s, "mainsnak"))) for s in _truthy(claims, pid)]
        numbers = [a for a in amounts if a is not None]
        if numbers:
            yield ox.Triple(node, tv(prop), typed(max(numbers), "integer"))
        elif amounts:
            yield Skip(where, f"a count ({pid}) that is not a whole number")


# -- Wikidata's JSON, read defensively: a malformed record is skipped, never a traceback ------------

def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else []


def _statements(claims: dict[str, Any], pid: str) -> list[dict[str, Any]]:
    """The statements for ``pid`` that are not deprecated, preferred ones first."""
    found = claims.get(pid)
    usable = [s for s in found if isinstance(s, dict) and _rank(s) in RANKS] if isinstance(found, list) else []
    return sorted(usable, key=lambda s: RANKS.index(_rank(s)))


def _truthy(claims: dict[str, Any], pid: str) -> list[dict[str, Any]]:
    """The statements of the best rank present: the ones Wikidata's ``wdt:`` properties give."""
    found = _statements(claims, pid)
    return [s for s in found if _rank(s) == _rank(found[0])] if found else []


def _rank(statement: dict[str, Any]) -> Any:
    return statement.get("rank", "normal")


def _value(snak: Any) -> Any:
    """A snak's value; None for 'unknown value' and 'no value' snaks."""
    if _get(snak, "snaktype") not in (None, "value"):
        return None
    return _get(_get(snak, "datavalue"), "value")


def _qid(value: Any) -> str | None:
    """The item id of an entity value (``{"id": "Q5"}``, or only ``numeric-id`` in old dumps)."""
    qid = _get(value, "id")
    number = _get(value, "numeric-id")
    if qid is None and isinstance(number, int) and _get(value, "entity-type") in (None, "item"):
        qid = f"Q{number}"
    return qid if isinstance(qid, str) and QID.fullmatch(qid) else None


def _items(statements: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(item id, statement) for the statements whose main value is an item."""
    return [(qid, s) for s in statements if (qid := _qid(_value(s.get("mainsnak"))))]


def _qualifiers(statement: dict[str, Any], pid: str) -> list[Any]:
    found = _get(_get(statement, "qualifiers"), pid)
    return [_value(snak) for snak in found] if isinstance(found, list) else []


def _qualifier_items(statement: dict[str, Any], pid: str) -> list[str]:
    return list(dict.fromkeys(qid for value in _qualifiers(statement, pid) if (qid := _qid(value))))


def _precision(value: dict[str, Any]) -> int:
    precision = value.get("precision")
    return precision if isinstance(precision, int) else 0


def _time(value: dict[str, Any]) -> PartialDate | None:
    """A time value (``+2022-01-28T00:00:00Z``) by its precision: 11 day, 10 month, 9 year; else None."""
    match = re.match(r"\+(\d{4})-(\d{2})-(\d{2})T", str(value.get("time", "")))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    return _calendar(year, month, day, _precision(value))


def _calendar(year: int, month: int, day: int, precision: int) -> PartialDate | None:
    """xsd:date, xsd:gYearMonth or xsd:gYear for precision 11, 10, 9 if the parts make a real date."""
    parts = {11: (year, month, day), 10: (year, month), 9: (year,)}.get(precision)
    try:
        return PartialDate(*parts) if parts and year > 0 else None
    except ValueError:
        return None


def _amount(value: Any) -> int | None:
    """A quantity's amount (``"+16"``) as a non-negative whole number, else None."""
    match = re.fullmatch(r"\+?(\d+)(?:\.0*)?", str(_get(value, "amount") or ""))
    return int(match.group(1)) if match else None


def stand_in(qid: str) -> ox.Literal:
    """The QID standing in for a label the file does not give: ``@zxx``, no linguistic content."""
    return ox.Literal(qid, language="zxx")


def _text_value(term: Any) -> bool:
    """True if a label term has a non-empty text."""
    value = _get(term, "value")
    return isinstance(value, str) and bool(value.strip())


def _tagged(value: str, language: str) -> ox.Literal | None:
    """A language-tagged literal; None if Wikidata's language code is not a BCP 47 tag."""
    try:
        return ox.Literal(value.strip(), language=language)
    except ValueError:
        return None


# -- SPARQL JSON results -----------------------------------------------------------------------

class _Results:
    """Rows of SPARQL JSON results from the Wikidata Query Service, mapped by variable name."""

    def __init__(self, mentions: _Mentions) -> None:
        self.mentions = mentions
        self.context = mentions.context
        self.characters: dict[tuple[str, str], set[str]] = {}

    def read(self, document: dict[str, Any]) -> Iterator[Output]:
        """Each row's triples, each triple once (rows repeat what they share), then the stand-ins."""
        bindings = _get(document.get("results"), "bindings")
        if not isinstance(bindings, list):
            raise InputError("SPARQL results without results.bindings (an ASK answer?); use a SELECT query")
        self.characters = self._characters(bindings)
        seen: set[ox.Triple] = set()
        rows = (self._row(row, f"result {n}") for n, row in enumerate(bindings, 1))
        for item in itertools.chain(itertools.chain.from_iterable(rows), self.mentions.finish()):
            if isinstance(item, Skip):
                yield item
            elif item not in seen:
                seen.add(item)
                yield item

    def _characters(self, bindings: list[Any]) -> dict[tuple[str, str], set[str]]:
        """The characters each actor plays in each show, over all rows: an actor with several gets a role each."""
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in bindings:
            show, actor, character = (_entity(_get(row, v)) for v in ("show", "actor", "character"))
            if show and actor and character:
                found[(show, actor)].add(character)
        return found

    def _row(self, row: Any, where: str) -> Iterator[Output]:
        """One row: its entities (each needing the one it belongs to: a season its show, ...) and their links."""
        pairs = row.items() if isinstance(row, dict) else ()
        bound = {k: v for k, v in pairs if k in VARIABLES and isinstance(v, dict)}
        if not bound:
            yield Skip(where, f"binds none of the supported variables ({', '.join(ENTITY_VARIABLES)}, ...)")
            return
        qids = {}
        for variable in ENTITY_VARIABLES:
            if variable in bound:
                qid = _entity(bound[variable])
                if qid is None:
                    yield Skip(where, f"?{variable} is not a Wikidata item")
                else:
                    qids[variable] = qid
        for variable, needs in (("season", "show"), ("episode", "season"), ("actor", "show"), ("character", "show"),
                                *((v, "show") for v in SHOW_LINKS), ("author", "basedOn")):
            if variable in qids and needs not in qids:
                yield Skip(where, f"?{variable} without ?{needs}")
                del qids[variable]
        if not qids:
            yield Skip(where, "no entity variable (?show, ?actor, ...) is bound to a Wikidata item")
            return
        nodes = self._nodes(qids)
        for variable, node in nodes.items():
            yield from self._describe(variable, node, qids[variable], bound, where)
        yield from self._links(nodes, qids, bound, where)

    def _nodes(self, qids: dict[str, str]) -> dict[str, ox.NamedNode]:
        """The IRI of each entity variable, noting those a shape needs typed (with a season's show)."""
        nodes: dict[str, ox.NamedNode] = {}
        for variable, (kind, cls, needed) in ENTITY_VARIABLES.items():
            if variable in qids:
                show = nodes.get("show") if variable == "season" else None
                nodes[variable] = self.mentions.ref(kind, qids[variable], cls if needed else None, show)
        return nodes

    def _describe(self, variable: str, node: ox.NamedNode, qid: str, bound: dict[str, Any],
                  where: str) -> Iterator[Output]:
        """Type, label, description and IMDb ID of one entity variable, from its ?xLabel, ?xDescription, ?xImdb.
        Without a label only the entities a shape needs typed get their type (the label comes at the end)."""
        _, cls, needed = ENTITY_VARIABLES[variable]
        label = _literal(bound.get(variable + "Label"), qid)
        if isinstance(label, str):
            yield Skip(where, label)
        if needed or isinstance(label, ox.Literal):
            yield ox.Triple(node, RDF_TYPE, tv(cls))
        if not isinstance(label, ox.Literal):
            return
        self.mentions.describe(node)
        if not label.language:
            label = ox.Literal(label.value, language="und")  # a name in no language the results say
        yield ox.Triple(node, PREF_LABEL, label)
        if label.language == "mul":
            yield ox.Triple(node, PREF_LABEL, ox.Literal(label.value, language="en"))
        yield ox.Triple(node, IDENTIFIER, self.context.identifier(qid))
        description = _literal(bound.get(variable + "Description"), qid)
        if isinstance(description, ox.Literal):
            yield ox.Triple(node, COMMENT, description)
        imdb = _text(bound.get(variable + "Imdb"))
        if imdb and IMDB.fullmatch(imdb):
            yield ox.Triple(node, IDENTIFIER, ox.Literal(f"imdb:{imdb}"))

    def _links(self, nodes: dict[str, ox.NamedNode], qids: dict[str, str], bound: dict[str, Any],
               where: str) -> Iterator[Output]:
        """The row's relations: season of the show, episode of the season, cast role, directors, ..."""
        show = nodes.get("show")
        if "season" in nodes and show is not None:  # (a row with a season has a show: see _row)
            yield ox.Triple(nodes["season"], tv("seasonOf"), show)
            yield from _number(nodes["season"], "seasonNumber", bound, where)
        if "episode" in nodes:
            yield ox.Triple(nodes["episode"], tv("episodeOf"), nodes["season"])
            yield from _number(nodes["episode"], "episodeNumber", bound, where)
        if show is None:
            return
        if "actor" in nodes:
            yield from self._role(show, nodes, qids, bound)
        elif "character" in nodes:
            yield ox.Triple(nodes["character"], tv("appearsIn"), show)
        for variable, prop in SHOW_LINKS.items():
            if variable in nodes:
                yield ox.Triple(show, tv(prop), nodes[variable])
        if "author" in nodes:
            yield ox.Triple(nodes["basedOn"], tv("author"), nodes["author"])
        yield from _show_values(show, bound, where)

    def _role(self, show: ox.NamedNode, nodes: dict[str, ox.NamedNode], qids: dict[str, str],
              bound: dict[str, Any]) -> Iterator[ox.Triple]:
        """The actor's cast role, minted as the entity JSON mints it, so both forms give the same IRI."""
        character = qids.get("character")
        several = character is not None and len(self.characters[(qids["show"], qids["actor"])]) > 1
        key = f"{qids['show']}-{qids['actor']}" + (f"-{character}" if several else "")
        role = self.context.mint("role", key)
        yield ox.Triple(role, RDF_TYPE, tv("CastRole"))
        yield ox.Triple(show, tv("hasCastRole"), role)
        yield ox.Triple(role, tv("actor"), nodes["actor"])
        if "character" in nodes:
            yield ox.Triple(role, tv("character"), nodes["character"])
        name = _text(bound.get("characterName"))
        if name:
            yield ox.Triple(role, tv("characterName"), ox.Literal(name))


def _show_values(show: ox.NamedNode, bound: dict[str, Any], where: str) -> Iterator[Output]:
    """?releaseDate (and its precision), ?numberOfSeasons, ?numberOfEpisodes and ?genreLabel of the show."""
    if "releaseDate" in bound:
        released = _sparql_date(bound["releaseDate"], bound.get("releaseDatePrecision"))
        yield ox.Triple(show, tv("releaseDate"), released) if released else \
            Skip(where, "?releaseDate is not a day, month or year of the common era")
    for variable in ("numberOfSeasons", "numberOfEpisodes"):
        if variable in bound:
            yield from _number(show, variable, bound, where)
    genre = _literal(bound.get("genreLabel"), None)
    if isinstance(genre, ox.Literal):
        yield ox.Triple(show, tv("genre"), genre)


def _number(node: ox.NamedNode, variable: str, bound: dict[str, Any], where: str) -> Iterator[Output]:
    """A whole-number variable (``"2"``, ``"2.0"`` or ``2`` typed) as xsd:integer on the same-named property."""
    text = _text(bound.get(variable))
    if text is None:
        return
    match = re.fullmatch(r"\+?(\d+)(?:\.0*)?", text)
    if match:
        yield ox.Triple(node, tv(variable), typed(int(match.group(1)), "integer"))
    else:
        yield Skip(where, f"?{variable} is not a whole number")


def _entity(binding: Any) -> str | None:
    """The QID of a Wikidata item IRI binding, else None."""
    match = ENTITY_IRI.fullmatch(str(_get(binding, "value") or "")) if _get(binding, "type") == "uri" else None
    return match.group(1) if match else None


def _text(binding: Any) -> str | None:
    """The stripped text of a literal binding, None if unbound or empty."""
    value = _get(binding, "value") if _get(binding, "type") in ("literal", "typed-literal") else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _literal(binding: Any, qid: str | None) -> ox.Literal | str | None:
    """A label-like binding with its language; None if absent or just the QID (the label service's
    answer for an item without a label); the reason, if its language tag is not BCP 47."""
    text, language = _text(binding), _get(binding, "xml:lang")
    if text is None or (text == qid and not language):
        return None
    if not language:
        return ox.Literal(text)
    return _tagged(text, str(language)) or BAD_LANGUAGE


def _sparql_date(binding: Any, precision_binding: Any) -> ox.Literal | None:
    """An xsd:dateTime, date, gYearMonth or gYear binding at ``?releaseDatePrecision`` (9-11), if given,
    else at the precision its own form shows."""
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", _text(binding) or "")
    if not match:
        return None
    year, month, day = match.groups()
    precision_text = _text(precision_binding) or ""
    precision = int(precision_text) if precision_text.isdigit() else 11 if day else 10 if month else 9
    date = _calendar(int(year), int(month or 1), int(day or 1), precision)
    return date.literal if date else None
