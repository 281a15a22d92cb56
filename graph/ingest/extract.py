"""Claims in a news article, found with rules and the graph's names: cast statements (checked
against what the graph knows, so a line with actor and character the wrong way round is caught and
corrected) and announcements of the ontology's kinds, each with the season or show it is about, its
date as stated and resolved, its status from the wording, and the sentence it came from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from tvkg.ingest import dates, titles
from tvkg.ingest.article import Article, Sentence
from tvkg.ingest.lexicon import (
    ATTRIBUTED,
    CAST_SHAPES,
    CIRCUMSTANCE,
    COMMON,
    CURRENT_SEASON,
    DATELINE,
    DESCRIBED,
    EXPECTED,
    FORECAST,
    GENRE,
    ITS_OWN_WORD,
    KINDS,
    MAKERS,
    NEGATED,
    NO_CHARACTER_AFTER,
    NO_CHARACTER_BEFORE,
    NOT_DENIED,
    NOT_NEWS,
    OF_RECORD,
    OFFICIAL,
    ORDINALS,
    ORGANISATION,
    OTHERS_EXPECT,
    OWN_CHANNEL,
    OWN_MATERIAL,
    PARTS,
    POSSESSIVE,
    RELEASE_WINDOW,
    REPORTING,
    RUMOURED,
    SEASON,
    SHOW_TALK,
    SPEECH,
    SPIN_OFF,
)
from tvkg.ingest.mentions import Entity, Gazetteer, Mention
from tvkg.ontology.iris import slug
from tvkg.ontology.namespaces import ENTITY

# Told again without a date, these are the dated claim told again.
REPEATED = ("Renewal", "Trailer", "Forecast", "ReleaseDateNews", "Premiere", "InterviewStatement")
NEGATABLE = ("Renewal", "Cancellation", "CastingNews", "Trailer", "ProductionStatusNews", "Premiere", "ReleaseDateNews")
BACKGROUND_DAYS = 180  # a premiere or release this long before the article is background, not news
_Span = tuple[int, int, str, Mention | None]  # a name in a sentence: start, end, text, the mention it is


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int   # offsets of the sentence in the article's text
    end: int


@dataclass(frozen=True)
class CastClaim:
    actor: Entity | None
    actor_name: str
    character: Entity | None
    character_name: str
    show: Entity | None
    season: int | None
    swapped: bool           # the article had actor and character the wrong way round
    evidence: Evidence


@dataclass(frozen=True)
class Announcement:
    kind: str
    show: Entity | None
    season: int | None
    date: dates.DateMention | None
    status: str             # Official, Reported, Expected, Rumoured
    negated: bool
    by: Entity | None       # who made it, when the sentence says (a person or an organisation)
    evidence: Evidence
    people: frozenset[str] = frozenset()  # the actors of the sentence's cast statements (casting news)


@dataclass
class Extraction:
    article: Article
    published: dt.date
    announcements: list[Announcement] = field(default_factory=list)
    cast: list[CastClaim] = field(default_factory=list)
    mentions: dict[str, Entity] = field(default_factory=dict)      # every entity mentioned, by IRI
    new_names: list[tuple[str, Evidence]] = field(default_factory=list)
    seasons: dict[tuple[str, int], str] = field(default_factory=dict)  # (show IRI, number) -> season IRI


def extract(article: Article, published: dt.date, names: Gazetteer, outlet: str | None = None) -> Extraction:
    """Everything the rules find in the article. An article whose outlet is the makers' own
    (a press release, a statement, a newsroom) states its claims officially unless it hedges."""
    found = Extraction(article, published)
    official = bool(outlet and re.search(r"press release|statement|newsroom|official", outlet, re.IGNORECASE)) \
        or _press_release(article.text)
    found.seasons = {(show.iri, number): season for season, (show, number) in names.seasons.items()}
    cued = [(sentence, titles.cued(sentence.text)) for sentence in article.sentences]
    proposed = _proposed_shows(cued, names)
    plain = _OneWordTitles(_cued_shows(cued, names), set(re.findall(r"\b[a-z]+\b", article.text)))
    found_names = [_with_proposed(sentence.text, *names.find(sentence.text), proposed, plain)
                   for sentence in article.sentences]
    context = _Context(names, _topic([mentions for mentions, _ in found_names], names))
    for sentence, (mentions, unknown) in zip(article.sentences, found_names, strict=True):
        evidence = Evidence(sentence.text, sentence.start, sentence.end)
        for mention in mentions:
            for entity in mention.entities[:1]:
                found.mentions.setdefault(entity.iri, entity)
        show, season = context.subject(sentence.text, mentions, unknown)
        new_show = context.topic is None or (show is None and context.new_show)
        cast = _cast(sentence.text, mentions, unknown, show, season, evidence, names)
        found.cast += cast
        if _is_heading(sentence) or sentence.text == article.title:
            if not cast:
                context.heading(sentence.text, mentions)
            continue  # a headline restates the story's claims; its cast lines count
        people = frozenset(c.actor.iri if c.actor else c.actor_name for c in cast)
        answered = None  # "fans speculate a second season is planned, but the network said no decision ..."
        for clause in _clauses(sentence):
            claims = _announcements(clause, mentions, show, season, published, evidence, official, new_show,
                                    answered)
            claims += _for_each_listed(claims, mentions)
            found.announcements += [dataclasses.replace(a, people=people) for a in claims]
            answered = claims[0].kind if claims else None
        found.announcements += _premieres_of_record(sentence.text, show, published, evidence)
        known = {m.text for m in mentions}
        found.new_names += [(text, evidence) for _, _, text in unknown if text not in known]
    found.new_names += [(entity.label, evidence) for entity, evidence in proposed.values()
                        if entity.iri in found.mentions]
    found.new_names = list({name: (name, ev) for name, ev in found.new_names}.values())
    found.announcements = _merged_repeats(found.announcements, published)
    return found


Proposed = dict[str, tuple[Entity, "Evidence"]]  # a title the graph lacks, as written -> its new show, where cued


Cued = list[tuple[Sentence, list[titles.Title]]]  # each sentence of an article, with the titles it cues


def _proposed_shows(cued: Cued, names: Gazetteer) -> Proposed:
    """Titles the article names with a cue ("the BBC drama Spooks") that the graph has no show for,
    each proposed as a new show (an IRI of its own, its label as written) with the first sentence
    that cued it as evidence."""
    proposed: Proposed = {}
    for sentence, found in cued:
        for title in found:
            if title.text not in proposed and not any(e.kind in ("Show", "Season", "Person")
                                                      for e in names.lookup(title.text)):
                entity = Entity(f"{ENTITY}show/{slug(title.text)}", "Show", title.text, proposed=True)
                proposed[title.text] = (entity, Evidence(sentence.text, sentence.start, sentence.end))
    return proposed


def _cued_shows(cued: Cued, names: Gazetteer) -> set[str]:
    """The graph's shows the article names with a cue somewhere (a title of one word is a show only then)."""
    return {e.iri for _, found in cued for title in found for e in names.lookup(title.text) if e.kind == "Show"}


@dataclass(frozen=True)
class _OneWordTitles:
    """When a one-word name of the graph's shows is a show: when the article cues it somewhere ("the
    thriller "Kingdom""), or else when it is neither a word the article also uses in lower case
    ("Last season, Fox's audience fell": last) nor said of something else ("Hollywood actors",
    "a Friends actor")."""

    cued: set[str]  # the graph's shows the article names with a cue
    words: set[str]  # the article's words in lower case

    def keep(self, show: Entity, mention: Mention, text: str) -> bool:
        if show.iri in self.cued:
            return True
        in_longer_name = (re.search(r"[A-Z][\w'’.-]*\s+$", text[:mention.start]) and mention.start > 0) \
            or re.match(r"\s+[A-Z]", text[mention.end:])  # "Million Dollar Baby" is not the series Baby
        return mention.text.lower() not in self.words and not re.match(ATTRIBUTIVE, text[mention.end:]) \
            and not in_longer_name


ATTRIBUTIVE = (r"\s+(?:actors?|actress(?:es)?|stars?|writers?|fans|directors?|producers?|creators?|strikes?|"
               r"audiences?|viewers|studios?|executives?|agents?|bosses|season|week|year|night|month|time|hit|"
               r"films?|movies?|legend|icon|veteran|version|remake|characters?|comedian|singer)\b")


def _with_proposed(text: str, mentions: list[Mention], unknown: list[tuple[int, int, str]], proposed: Proposed,
                   plain: _OneWordTitles) -> tuple[list[Mention], list[tuple[int, int, str]]]:
    """A sentence's mentions with the article's proposed shows added (over the shorter names they
    contain), and without the graph's one-word shows that are words here (see _OneWordTitles); the
    unknown names they cover, gone."""
    added = [Mention(t.start, t.end, t.text, (proposed[t.text][0],))
             for t in titles.occurrences(text, list(proposed))]
    kept = []
    for mention in mentions:
        if any(a.start < mention.end and mention.start < a.end for a in added):
            continue
        shows = [e for e in mention.entities if e.kind == "Show"]
        if shows and " " not in mention.text.strip() and not any(plain.keep(e, mention, text) for e in shows):
            rest = tuple(e for e in mention.entities if e.kind != "Show")
            if not rest:
                continue
            mention = Mention(mention.start, mention.end, mention.text, rest)
        kept.append(mention)
    unknown = [u for u in unknown if not any(a.start < u[1] and u[0] < a.end for a in added)]
    return sorted([*kept, *added], key=lambda m: m.start), unknown


def _press_release(text: str) -> bool:
    """Whether the article is the makers' own release: it says so at its head, or ends with the
    boilerplate of one (a media contact)."""
    marks = r"\bpress release\b|\bfor immediate release\b|\bmedia (?:contacts?|enquiries|inquiries)\b|\bnewsroom\b"
    return bool(re.search(marks, text[:400], re.IGNORECASE) or re.search(marks, text[-600:], re.IGNORECASE))


def _clauses(sentence: Sentence) -> list[Sentence]:
    """A sentence, or its two halves when it sets one claim against another with ", but"."""
    parts = re.split(r",\s+but\s+", sentence.text, maxsplit=1)
    if len(parts) < 2 or min(len(p.split()) for p in parts) < 5:
        return [sentence]
    second = sentence.text.index(parts[1])
    return [Sentence(parts[0], sentence.start, sentence.start + len(parts[0])),
            Sentence(parts[1], sentence.start + second, sentence.end)]


@dataclass
class _Context:
    """What the article is talking about as it goes: its topic (the show it names most), the show of
    the current section (a listicle's heading), and the season last named for each show ("the new
    season" means it; an older season named in passing does not change it)."""

    names: Gazetteer
    topic: Entity | None
    section: Entity | None = None
    heading_season: int | None = None
    last_season: dict[str, int] = field(default_factory=dict)
    new_show: bool = False  # the last show named is one the graph lacks ("The series was shot ...")

    def heading(self, text: str, mentions: list[Mention]) -> None:
        """A heading that is a show's name (a listicle's "4. Extracurricular") starts its section."""
        shown = _show(mentions, self.names)
        if shown is None:
            return
        self.heading_season = _season(text, mentions, self.names)
        named = sum(len(m.text) for m in mentions if m.of("Show", "Season"))
        if named >= 0.5 * len(re.sub(r"^\W*\d+\W*|\W+", "", text)):
            self.section = shown

    def subject(self, text: str, mentions: list[Mention], unknown: list[tuple[int, int, str]]
                ) -> tuple[Entity | None, int | None]:
        named = _show(mentions, self.names, self.topic, text)
        show = named or self.section or self.topic
        season = _season(text, mentions, self.names)
        if (named is None or re.search(SPIN_OFF, text, re.IGNORECASE)) and _names_new_show(text, unknown):
            self.new_show = True
            return None, season
        if named is None and self.new_show and re.match(r"(?:The|This) (?:\w+ ){0,2}(?:series|show|drama)\b|It\b",
                                                        text):
            return None, season  # the show just named, which the graph lacks
        self.new_show = self.new_show and named is None and not self.section
        if show is None:
            return None, season
        current = self.last_season.get(show.iri)
        future = re.search(r"\bwill\b|\bset to\b|\bgoing to\b", text, re.IGNORECASE)
        background = re.search(r"\b(?:premiered|aired|debuted|ended|released)\b", text, re.IGNORECASE)
        if season is None or re.search(CURRENT_SEASON, text, re.IGNORECASE) or \
                (current is not None and season < current and (future or not background)):
            return show, current or (self.heading_season if show in (self.topic, self.section) else None) or season
        if current is None or season > current:
            self.last_season[show.iri] = season
        return show, season


def _names_new_show(text: str, unknown: list[tuple[int, int, str]]) -> bool:
    """Whether the sentence is about a show the graph lacks: "Sweet Home season 2", "a new series,
    The Paper Crane", "“Glass Harbor,” an eight-episode Korean thriller", a quoted title, a
    spin-off, a slate's "3 Body Problem: March 21"."""
    if re.search(rf"\bnew (?:series|drama|show),|{SPIN_OFF}", text, re.IGNORECASE):
        return True
    for start, end, _ in unknown:
        after = text[end:]
        if re.match(r"\s+season\s+\d", after, re.IGNORECASE) \
                or re.match(rf"[,”\"]*\s+(?:a|an)\s+[^,.]{{0,40}}\b{GENRE}\b", after) \
                or (start and text[start - 1] in "“\"" and re.match(r",?[”\"]", after)
                    and not re.search(r"\b(?:sub)?titled\s*[“\"]$", text[:start])) \
                or (start == 0 and re.match(r"\s*:\s*\S", after)):
            return True
    return False


def _merged_repeats(found: list[Announcement], published: dt.date) -> list[Announcement]:
    """One claim per (kind, subject, date, status): an article says the same thing several times. A
    renewal, trailer, release or forecast told again without a date is the dated one told again,
    unless it disagrees (a denial, a rumour of an official claim) or is firmer.
    Claims the article does not date are dated by the article itself, at the year."""
    kept: dict[tuple[Hashable, ...], Announcement] = {}
    for claim in sorted(found, key=lambda a: (a.date is None, not a.people)):
        subject = (claim.show.iri if claim.show else None, claim.season)
        if claim.date is None:
            if claim.kind in REPEATED and any(k[:2] == (claim.kind, subject) and k[4] == claim.negated
                                              and claim.status in (k[3], "Reported")
                                              and (claim.kind != "InterviewStatement" or claim.by in (None, kept[k].by))
                                              for k in kept):
                continue  # (an interview statement by someone else is another statement)
            claim = dataclasses.replace(claim, date=dates.DateMention(0, 0, str(published.year), "year",
                                                                      "undated; as of the article"))
        if claim.kind == "CastingNews" and not claim.people and \
                any(k[:2] == (claim.kind, subject) and k[3:5] == (claim.status, claim.negated) for k in kept):
            continue  # "the core gang returns" after named casting news: the same news
        kept.setdefault((claim.kind, subject, claim.date.value if claim.date else None, claim.status, claim.negated,
                         claim.people), claim)
    return sorted(kept.values(), key=lambda a: a.evidence.start)


def _topic(mentions_by_sentence: list[list[Mention]], names: Gazetteer) -> Entity | None:
    """The show the article is mostly about: the one mentioned most."""
    counts: Counter[Entity] = Counter()
    for mentions in mentions_by_sentence:
        shows = [_show([m], names) for m in mentions]
        counts.update(s for s in shows if s is not None)
    return counts.most_common(1)[0][0] if counts else None


def _show(mentions: list[Mention], names: Gazetteer, topic: Entity | None = None, text: str = "") -> Entity | None:
    """The show a sentence names (the article's topic when it names several; a season's show); not
    a one-word title used as a word ("the Hollywood writers' strike")."""
    shows = [e for m in mentions if (e := m.of("Show")) is not None
             and not (e != topic and " " not in m.text and re.search(r"\bthe $", text[:m.start])
                      and re.match(r" [a-z]", text[m.end:]))]
    shows += [names.seasons[e.iri][0] for m in mentions
              if (e := m.of("Season")) is not None and e.iri in names.seasons]
    if topic is not None and topic in shows:
        return topic
    return shows[0] if shows else None


def _is_heading(sentence: Sentence) -> bool:
    text = sentence.text
    return not re.search(r"[.!?,:”\"]$", text) and len(text.split()) <= 16 and text[:1].isupper() and \
        sum(w[:1].isupper() for w in text.split()) >= len(text.split()) / 2


def _season(text: str, mentions: list[Mention], names: Gazetteer) -> int | None:
    """The season a sentence is about: the latest it names (as an entity, "season 2", "the second
    season", "Stranger Things 5"); a "Part 2" only where no season is named beside it."""
    bare = re.sub(r"[“\"][^”\"]*[”\"]", lambda m: " " * len(m.group()), text)  # not in a quotation
    numbers = [names.seasons[e.iri][1] for m in mentions
               if (e := m.of("Season")) is not None and e.iri in names.seasons]
    numbers += [int(n.group(1)) for m in mentions if m.of("Show")
                and (n := re.match(r"\s+(\d{1,2})\b(?![\d,.:]|\s*(?:episodes?|years?|%|million|minutes?|hours?))",
                                   text[m.end:]))]
    parts: list[int] = []
    for match in SEASON.finditer(bare):
        word = match["number"] or match["ordinal"] or match["short"]
        number = int(word) if word.isdigit() else ORDINALS[word.lower()]
        (parts if (match["word"] or "").lower() == "part" else numbers).append(number)
    return max(numbers or parts) if numbers or parts else None


def _announcements(sentence: Sentence, mentions: list[Mention], show: Entity | None, season: int | None,
                   published: dt.date, evidence: Evidence, official: bool = False,
                   new_show: bool = False, answered: str | None = None) -> list[Announcement]:
    """The sentence's announcements: one for each part of it that says a kind of news ("JTBC
    confirmed the renewal last week, and the cast met for a script reading on Monday"), and a
    release window it gives besides ("renewed in December, to return later this year"). The status
    is the whole sentence's (", tvN said" covers every part), the date and denial each part's own.
    A clause that denies what the clause before claimed ("..., but the studio said no decision has
    been made") is a claim of the same kind."""
    text = sentence.text
    if (show is None and not new_show) or text.endswith("?") or re.search(NOT_NEWS, text, re.I):
        return []
    found: list[Announcement] = []
    forecast = re.search(FORECAST, text, re.IGNORECASE)  # "My prediction: cameras roll in March, and ..."
    for start, part in _parts(text):
        kind = _kind(part, text) or (answered if answered in NEGATABLE and _negated(part, mentions) else None)
        contrast = re.search(r"\bbut\s+$", text[:start])
        if kind is None and contrast and found and found[-1].kind in NEGATABLE and _negated(part, mentions):
            found[-1] = dataclasses.replace(found[-1], negated=True)  # "... meant to start in 2023 but was pushed back"
            continue
        if kind is None or (kind == "InterviewStatement" and not _about_the_show(text, mentions)):
            continue
        claim = _announcement(part, text, "Forecast" if forecast else kind, mentions, show, season, published,
                              evidence, official)
        if claim is not None and not any((c.kind, c.negated, c.date) == (claim.kind, claim.negated, claim.date)
                                         for c in found):
            found.append(claim)
    if found and found[0].kind in ("Renewal", "Trailer", "CastingNews", "ProductionStatusNews") \
            and len({d.value for d in dates.find(text, published)}) > 1 \
            and re.search(RELEASE_WINDOW, text, re.IGNORECASE) and not any(c.kind == "ReleaseDateNews" for c in found):
        window = _announcement(text, text, "ReleaseDateNews", mentions, show, season, published, evidence, official)
        found += [window] if window is not None else []
    return found


ODDS = r"\bfavourites? to\b|\bodds\b|\bbookmakers?\b"
LISTED = {"IndustryNews": 2, "Premiere": 3, "ReleaseDateNews": 3}  # kind -> shows a sentence names to list them


def _for_each_listed(claims: list[Announcement], mentions: list[Mention]) -> list[Announcement]:
    """The same news for every other show a sentence lists: the nominees of a prize ("beat fellow
    ITV1 show Filthy Love and Channel 4's Shameless"), the titles of a schedule. A sentence names two
    shows for a prize, three for the rest, before the news is taken to be each one's."""
    shows = list(dict.fromkeys(e for m in mentions if (e := m.of("Show")) is not None))
    return [dataclasses.replace(claim, show=other, season=None) for claim in claims
            if len(shows) >= LISTED.get(claim.kind, len(shows) + 1)
            for other in shows if other != claim.show]


def _about_the_show(text: str, mentions: list[Mention]) -> bool:
    """Whether what someone says is news of a show: it names one or a person the graph knows (its cast
    and makers on the record), or speaks of a show's future. A bookmaker's spokesman on the odds, or
    an agent on a star's health, is not."""
    return any(m.of("Show", "Season", "Person") for m in mentions) or bool(re.search(SHOW_TALK, text, re.I))


def _parts(text: str) -> list[tuple[int, str]]:
    """A sentence's parts that may each say their own news, with their offsets: split at ", and",
    "; ", "and that", ", while", "but" (and not inside a quotation)."""
    bare = _unquoted(text)
    cuts = [0, *(m.end() for m in re.finditer(PARTS, bare, re.IGNORECASE)), len(text)]
    return [(a, text[a:b]) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def _unquoted(text: str) -> str:
    """The text with its quotations blanked out (same length, so offsets still hold)."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group()), text)


def _kind(part: str, sentence: str) -> str | None:
    """The kind of news a part of a sentence says. A quotation someone is said to have spoken is an
    interview statement, unless the words around it say news of their own, or the speaker is an
    organisation (its quoted word is its statement: "“She has received the offer,” a representative
    said")."""
    kinds = [k for k, pattern in KINDS if re.search(pattern, _unquoted(part), re.IGNORECASE)
             and not (k == "IndustryNews" and re.search(CIRCUMSTANCE, part, re.IGNORECASE))]
    outside = _unquoted(sentence)
    if outside != sentence and re.search(SPEECH, outside, re.IGNORECASE) and not kinds:
        if re.search(ORGANISATION, outside, re.IGNORECASE):
            kinds = [k for k, pattern in KINDS if re.search(pattern, part, re.IGNORECASE)]
        else:
            kinds = ["InterviewStatement"]
    return kinds[0] if kinds else None


def _negated(text: str, mentions: Sequence[Mention] = ()) -> bool:
    """Whether the text denies what it says ("has not begun"); "didn't deny it" is no denial, and
    a name is no denial ("It's Okay to Not Be Okay")."""
    for mention in mentions:
        text = text.replace(mention.text, " ")
    return bool(re.search(NEGATED, re.sub(NOT_DENIED, "", text, flags=re.IGNORECASE), re.IGNORECASE))


def _announcement(part: str, text: str, kind: str, mentions: list[Mention], show: Entity | None,
                  season: int | None, published: dt.date, evidence: Evidence, official: bool = False
                  ) -> Announcement | None:
    date = _date_for(_dates(part, published), kind, part)
    if kind in ("Premiere", "ReleaseDateNews", "Forecast") and date is None \
            and not (kind == "Forecast" and re.search(ODDS, text, re.IGNORECASE)):
        return None  # "following its incredible premiere": a release with no date says nothing of when
        # (a bookmaker's favourite to win or leave is a forecast of what happens next)
    # (a premiere's or a release's date is not None from here on: without one it was not news)
    if kind in ("Premiere", "ReleaseDateNews") and date is not None \
            and date.partial.end < published - dt.timedelta(days=BACKGROUND_DAYS):
        return None  # "the show, which made its debut in January 2022": background, not news
    # a premiere is on a day; a season's later part is a release
    if kind in ("Premiere", "ReleaseDateNews") and date is not None:
        later_part = re.search(r"\bpart\s+(?:[2-9]|two|three|four)\b|\bfollows?\b", part, re.IGNORECASE)
        kind = "Premiere" if date.precision == "day" and not later_part else "ReleaseDateNews"
    status = _status(text, kind, mentions, official)
    if kind == "Forecast" and status != "Rumoured":
        status = "Expected"
    if kind in ("Premiere", "ReleaseDateNews") and date is not None and date.value < published.isoformat() \
            and status == "Reported" \
            and re.search(r"\b(?:premiered|debuted|was released|aired|landed)\b", part, re.IGNORECASE):
        status = "Official"  # "the series, which premiered in April": a fact of record
    if kind == "ReleaseDateNews" and status == "Expected" and not re.search(ATTRIBUTED, text, re.IGNORECASE) \
            and not re.search(OTHERS_EXPECT, text, re.IGNORECASE):
        kind = "Forecast"  # the writer's own prediction
    negated = kind in NEGATABLE and _negated(part, mentions)
    speakers = ("Person",) if kind == "InterviewStatement" else ("Person", "Organization", "Network")
    by = next((e for m in mentions if (e := m.of(*speakers)) is not None), None)
    return Announcement(kind, show, season, date, status, negated, by, evidence)


def _premieres_of_record(text: str, show: Entity | None, published: dt.date, evidence: Evidence
                         ) -> list[Announcement]:
    """Past premieres on a day that a sentence gives as background: facts of record, so official."""
    found = []
    for match in OF_RECORD.finditer(text):
        day = next((d for d in dates.find(text[match.end():], published) if d.start == 0), None)
        if show is None or day is None or day.precision != "day" or dt.date.fromisoformat(day.value) >= published:
            continue
        word = match.group("ordinal") or match.group("number") or "first"  # a show's premiere is its first season's
        season = int(word) if word.isdigit() else ORDINALS[word.lower()]
        day = dataclasses.replace(day, start=day.start + match.end(), end=day.end + match.end())
        found.append(Announcement("Premiere", show, season, day, "Official", False, None, evidence))
    return found


def _dates(part: str, published: dt.date) -> list[dates.DateMention]:
    """The dates a part of a sentence gives, without a wire story's dateline ("ATLANTA, Jan. 9 (CPS) --")."""
    return dates.find(re.sub(DATELINE, lambda m: " " * len(m.group()), part), published)


def _date_for(found: list[dates.DateMention], kind: str, part: str = "") -> dates.DateMention | None:
    """The date the claim gives: for a release, premiere or forecast the latest of the sentence's
    dates (the event announced), for anything else the earliest (when it was announced or done).
    A date inside what was reported ("reported on Monday that tvN had renewed it last week") is the
    event's, and comes before the report's."""
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    said = re.search(rf"{REPORTING}[^.;]*?\bthat\b(?=[^.;]*\bhad\b)", part, re.IGNORECASE) if part else None
    if said and kind not in ("ReleaseDateNews", "Premiere", "Forecast"):
        found = [d for d in found if d.start > said.end()] or found
    if kind in ("ReleaseDateNews", "Premiere", "Forecast"):
        return max(found, key=lambda d: d.value)
    rank = {"day": 3, "month": 2, "year": 1}  # when it was said or done: the most precise, then the earliest
    return min(found, key=lambda d: (-rank[d.precision], d.value))


def _status(text: str, kind: str, mentions: list[Mention], official: bool = False) -> str:
    """Rumoured (talk, speculation), Official (the network's, studio's or agency's own word; a
    person's own words in an interview), Reported (an outlet or a source says), Expected (a
    forecast)."""
    if re.search(RUMOURED, text, re.IGNORECASE):
        return "Rumoured"
    if kind == "InterviewStatement":  # the makers' own word is official; an actor's is reported
        return "Official" if re.search(MAKERS, text, re.IGNORECASE) else "Reported"
    speakers = [m for m in mentions if m.of("Organization", "Network")] + \
        [Mention(m.start(), m.end(), m.group(), ()) for m in re.finditer(ORGANISATION, text, re.IGNORECASE)]
    if re.search(rf"\baccording to (?:{ORGANISATION})|\b(?:released|announced|confirmed|unveiled|posted) by "
                 rf"(?:{ORGANISATION})", text, re.IGNORECASE):
        return "Official"
    if re.search(OWN_MATERIAL, text, re.IGNORECASE) or \
            re.search(rf"\b(?:posted|shared|published|uploaded) (?:on|to|via) (?:{ORGANISATION})(?:\s+\w+)?[’']s\b",
                      text, re.IGNORECASE):
        return "Official"  # what the network's own teaser shows; what it posted on its own account
    if any(re.match(ITS_OWN_WORD, text[m.end:], re.IGNORECASE) for m in speakers) \
            or re.search(r"\b(?:in a|said in a|according to a) (?:press )?statement\b|\bofficially\b", text, re.I) \
            or re.search(OWN_CHANNEL, text, re.IGNORECASE) \
            or re.search(rf"(?:{ORGANISATION})[^.;:“\"]{{0,80}}\b(?:telling|told|said|says|denied|added)\b", text,
                         re.IGNORECASE):
        return "Official"  # the makers' own word, on their own channel, or an organisation speaking
    if re.search(rf"(?:{MAKERS})[^.;“\"]{{0,80}}\b(?:said|says|told|added)\b", text, re.IGNORECASE):
        return "Official"  # the director, writer or creator on the record
    if re.search(ATTRIBUTED, text, re.IGNORECASE) and not re.search(r"\bofficially\b|\bstatement\b", text, re.I):
        return "Reported"
    if re.search(EXPECTED, text, re.IGNORECASE) and not (official and re.search(r"\bset to\b|\bwill\b", text)):
        return "Expected"
    if re.search(OFFICIAL, text, re.IGNORECASE) or official:
        return "Official"
    if kind in OF_RECORD_KINDS and re.search(DONE, text) and not re.search(UNDONE, text, re.IGNORECASE):
        return "Official"  # what has happened, told without attribution: a fact of record
    return "Reported"


OF_RECORD_KINDS = ("IndustryNews", "Premiere", "Cancellation", "CastingNews")
DONE = (r"\b(?:won|scooped|collected|was named|were named|drew|attracted|was watched|were watched|topped|beat|"
        r"was evicted|were evicted|left|quit|walked out|began|launched|ended|ran|was first|were first|died|"
        r"was nominated|were nominated|has been nominated|have been nominated|was sued|peaked)\b")
UNDONE = r"\b(?:will|would|could|may|might|set to|expected|likely|reportedly|rumou?r\w*)\b"


def _cast(text: str, mentions: list[Mention], unknown: list[tuple[int, int, str]], show: Entity | None,
          season: int | None, evidence: Evidence, names: Gazetteer) -> list[CastClaim]:
    """"X as Y", "Y, played by X", "X will return as Y", "X joins the cast as Y", "X's Y", lists
    ("A, B and C will return as X, Y and Z", "A as X, B as Y and C as Z"), a cheat sheet's
    "Y: X": checked against the graph, which knows who is a person and who a character. A
    character the graph does not know is kept by name."""
    known: list[_Span] = [(m.start, m.end, _untitled(m.text), m) for m in mentions]
    spans = sorted(known + [(s, e, _untitled(name), None) for s, e, name in unknown])
    spans = sorted(spans + _one_word_characters(text, spans))

    def claim(actor: _Span, character: _Span) -> CastClaim:
        return _cast_claim((actor[2], actor[3]), (character[2], character[3]), show, season, evidence, names)

    people = [span[3] is not None and span[3].of("Person") is not None for span in spans]
    if len(spans) == 2 and any(people) and re.fullmatch(r"\s*[:–—]\s*", text[spans[0][1]:spans[1][0]]) \
            and spans[0][0] == 0 and spans[1][1] == len(text.rstrip(".")):  # "Park Sae-ro-yi: Park Seo-joon"
        return [claim(spans[0], spans[1]) if people[0] else claim(spans[1], spans[0])]
    groups = _name_lists(text, spans)
    claims = []
    characters: set[int] = set()  # names already taken as a character ("A as B, C as D": B is no actor)
    for first, second in itertools.pairwise(groups):
        first = [span for span in first if span[0] not in characters] or first
        between = text[first[-1][1]:second[0][0]]
        for pattern, actor_first in CAST_SHAPES:
            if pattern == POSSESSIVE and not (first[-1][3] and first[-1][3].of("Person")):
                continue  # "Netflix Korea's Instagram" is no cast line; "Song Joong-ki's Vincenzo Cassano" is
            if re.fullmatch(pattern, between, re.IGNORECASE) and (len(first) == len(second) or len(first) == 1
                                                                  or len(second) == 1):
                pairs = zip(first, second, strict=True) if len(first) == len(second) else \
                    [(first[-1], second[0])] if actor_first == 1 and len(first) > 1 else [(first[0], second[0])]
                claims += [claim(a, b) if actor_first == 1 else claim(b, a) for a, b in pairs]
                characters |= {(b if actor_first == 1 else a)[0] for a, b in pairs}
                break
    cast = {c.actor_name for c in claims}
    for group in groups:  # "Holby City actor Jeremy Edwards": a show's own people, named after it
        own = next((m for m in mentions if m.end <= group[0][0] and m.of("Show") is not None
                    and re.fullmatch(SHOWS_PEOPLE, text[m.end:group[0][0]])), None)
        if own is not None:
            claims += [CastClaim(names.person(mention, own.of("Show")) if mention else None, name, None, "",
                                 own.of("Show"), None, False, evidence)
                       for _, _, name, mention in group[:1]
                       if name not in cast and (mention is None or mention.of("Person"))]
    cast = {c.actor_name for c in claims}
    for group in groups:  # "X joins the cast", "Joining them are X and Y", "X has been cast": no character
        if re.match(NO_CHARACTER_AFTER, text[group[-1][1]:], re.IGNORECASE) or \
                re.search(NO_CHARACTER_BEFORE, text[:group[0][0]], re.IGNORECASE):
            claims += [CastClaim(names.person(mention, show) if mention else None, name, None, "", show, season,
                                 False, evidence)
                       for _, _, name, mention in group
                       if name not in cast and (mention is None or mention.of("Person"))]
    return claims


SHOWS_PEOPLE = r"(?:['’]s)?\s+(?:star|actor|actress|presenter|host|regular)\s+"


def _one_word_characters(text: str, spans: list[_Span]) -> list[_Span]:
    """Characters known by one name ("as his former partner Claire"), after the words that cast
    someone as them; a single capitalised word is not otherwise taken for a name."""
    found: list[_Span] = []
    for match in re.finditer(r"\b(?-i:[A-Z])[a-z][\w’'-]*\b", text):
        if any(s <= match.start() < e for s, e, _, _ in spans) or match.group().lower() in COMMON:
            continue
        if re.search(rf"\b(?:as|plays?|played|portrays?|portrayed)\s+{DESCRIBED}$", text[:match.start()], re.I):
            found.append((match.start(), match.end(), match.group(), None))
    return found


TITLES = re.compile(r"^(?:(?:Crown |the )?Prince(?:ss)?|King|Queen|Dr\.?|Detective|Captain|Officer|Private|"
                    r"Sergeant|Chief State Councillor|General|Lord|Lady|Professor|Teacher|President|Agent|"
                    r"Inspector|Judge|Chief|Mr\.?|Mrs\.?|Ms\.?|Miss|Sir|Father|Sister|Doctor|Lieutenant|Colonel)\s+")


def _untitled(name: str) -> str:
    """A character's name without the title an article puts before it ("Crown Prince Lee Chang")."""
    return TITLES.sub("", name)


def _name_lists(text: str, spans: list[_Span]) -> list[list[_Span]]:
    """Names next to each other in a list ("A, B and C") as one group; every other name alone."""
    groups: list[list[_Span]] = []
    for span in spans:
        if groups and re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?\s*", text[groups[-1][-1][1]:span[0]]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _cast_claim(actor: tuple[str, Mention | None], character: tuple[str, Mention | None], show: Entity | None,
                season: int | None, evidence: Evidence, names: Gazetteer) -> CastClaim:
    person = names.person(actor[1], show) if actor[1] else None
    role = character[1].of("Character") if character[1] else None
    swapped_person = names.person(character[1], show) if character[1] else None
    swapped_role = actor[1].of("Character") if actor[1] else None
    if (person is None or role is None) and swapped_person is not None and swapped_role is not None:
        return CastClaim(swapped_person, character[0], swapped_role, actor[0], show, season, True, evidence)
    return CastClaim(person, actor[0], role, character[0], show, season, False, evidence)
