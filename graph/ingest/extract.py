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
from dataclasses import dataclass, field

from graph.ingest import dates
from graph.ingest.article import Article, Sentence
from graph.ingest.mentions import Entity, Gazetteer, Mention

# Announcement kinds, the words that say them (the first that matches a sentence wins, so the more
# specific come first).
KINDS = [
    ("Cancellation", r"\bcancel+(?:ed|s|ation)?\b|\baxed\b|\bwill not return\b|\bwon[’']t return\b"),
    ("Renewal", r"\brenew(?:ed|al|s)?\b|\bgreen-?lit\b|\bpicked up for\b|\bordered (?:a )?(?:second|third|another)"
                r"|\breturn(?:s|ing)? for (?:a |an )?(?:second|third|fourth|another|season)"
                r"|\bseason (?:two|three|2|3|4) (?:of [^.]{0,60})?is (?:coming|confirmed|happening)"),
    ("CastingNews", r"\bjoin(?:s|ed|ing)? the cast\b|\b(?:has|have) been cast\b|\bcast as\b|\bwill (?:play|return as)\b"
                    r"|\breprise|\bcomeback\b|\bwill play the same\b|\bcasting\b|\bwill see the return\b"),
    ("Trailer", r"\b(?:teaser|trailer|first[- ]look|promo video|poster)s?\b"),
    ("IndustryNews", r"\bstrikes?\b|\blabou?r disputes?\b|\blibrary of\b|\bsubscribers\b|\bbox office\b"),
    ("ProductionStatusNews", r"\bfilming\b|\bshooting\b|\bcameras? (?:rolled|roll)\b|\bwrapped\b"
                             r"|\bproduction (?:on|of|has|began|begins|started|wrapped|is)\b|\bin production\b"
                             r"|\bformal updates?\b|\bpre-production\b"),
    ("Premiere", r"\bpremier(?:e|es|ed|ing)\b|\bdebut(?:s|ed)?\b|\bmade its debut\b"),
    ("ReleaseDateNews", r"\brelease(?:d|s)?\b|\breleasing\b|\bset to (?:return|arrive|drop|stream)\b|\bslated for\b"
                        r"|\barriv(?:e|es|ing) on\b|\bcoming to netflix\b|\bhits? netflix\b|\bstreaming (?:on|from)\b"),
    ("InterviewStatement", r"\bin an interview\b|\binterview with\b|\btold (?:reporters|the|us)\b|\bsaid in\b"
                           r"|\bteased\b|\bstated that\b"),
]
NOT_NEWS = r"\bawait\w* the release\b|\blooking forward to\b|\bwhere (?:to|can we) watch\b"
RUMOURED = r"(?<!despite )\brumou?rs?\b|\brumou?red\b|\bspeculat\w*|\bchatter\b|\btalk\b" \
           r"|\bfans? (?:hope|hoping|believe|theori[sz]e)\w*|\bunconfirmed\b|\bhave been hoping\b|\bword is\b"
EXPECTED = r"\bexpected\b|\banticipated\b|\blikely\b|\bslated\b|\bcould\b|\bmight\b|\bhopefully\b|\bprobably\b" \
           r"|\bpredict\w*|\bforecast\w*|\bshould (?:arrive|return|be)\b|\bwe (?:think|expect)\b|\bis set to\b"
ATTRIBUTED = r"\baccording to\b|\breported(?:ly)?\b|\breports?\b|\btold\b|\bsources?\b|\brevealed\b|\bclaim\w*"
OFFICIAL = r"\bofficially\b|\bconfirm(?:ed|s)\b|\bannounc(?:ed|es|ement)\b|\bstatement\b|\bpress release\b" \
           r"|\bunveiled\b|\brevealed the news\b|\bhas released\b|\breleased a\b"
MAKERS = r"\b(?:director|creator|writer|screenwriter|showrunner|producer|PD)\b"
ORGANISATION = r"\bthe (?:streamer|company|network|studio|agency|broadcaster|platform|channel|production company)\b"
ITS_OWN_WORD = r"[’']?s?\s*(?:has |have |had |today |on \w+ |also )?(?:said|says|announced|announces|confirmed|" \
               r"confirms|revealed|renewed|ordered|released|unveiled|dropped|shared|posted|stated)\b"
RELEASE_WINDOW = r"\b(?:return|premiere|release|arrive|air|stream|launch)\w*\b[^.]{0,40}\b(?:later this year|" \
                 r"next year|in \d{4}|in (?:early|late|mid)|this (?:spring|summer|autumn|fall|winter)|" \
                 r"first half|second half)"
NEGATED = r"\b(?:not|no|never|hasn[’']t|haven[’']t|isn[’']t|wasn[’']t|won[’']t|has yet to|have yet to|yet to|denied|" \
          r"deny|denies|neither|nor)\b"
# Told again without a date, these are the dated claim told again.
REPEATED = ("Renewal", "Trailer", "Forecast", "ReleaseDateNews", "Premiere", "InterviewStatement")
NEGATABLE = ("Renewal", "Cancellation", "CastingNews", "Trailer", "ProductionStatusNews", "Premiere", "ReleaseDateNews")
BACKGROUND_DAYS = 180  # a premiere or release this long before the article is background, not news
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "one": 1, "two": 2, "three": 3, "four": 4,
            "five": 5}
SEASON = re.compile(r"\bseason\s+(\d+|one|two|three|four|five)\b|\b(first|second|third|fourth|fifth)\s+season\b"
                    r"|\bS(\d+)\b", re.IGNORECASE)
CAST_SHAPES = [  # (regex between the two names, which name is the actor: 1 or 2)
    (r"\s+as\s+", 1), (r",?\s+(?:will\s+)?(?:return|returns|is returning)\s+as\s+", 1),
    (r",?\s+(?:who\s+)?(?:plays|played|will play|portrays|portrayed)\s+", 1),
    (r",?\s+(?:has been|was|is)\s+cast\s+as\s+", 1),
    (r",?\s+(?:reprises?|reprising)\s+(?:his|her|their)\s+role\s+as\s+", 1),
    (r",?\s+(?:joins|joined|will join)\s+the\s+cast\s+as\s+", 1),
    (r",?\s+(?:played|portrayed|voiced)\s+by\s+", 2), (r"\s+\((?:played by\s+)?", 2),
]


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


@dataclass
class Extraction:
    article: Article
    published: dt.date
    announcements: list[Announcement] = field(default_factory=list)
    cast: list[CastClaim] = field(default_factory=list)
    mentions: dict[str, Entity] = field(default_factory=dict)      # every entity mentioned, by IRI
    new_names: list[tuple[str, Evidence]] = field(default_factory=list)
    seasons: dict[tuple[str, int], str] = field(default_factory=dict)  # (show IRI, number) -> season IRI


def extract(article: Article, published: dt.date, names: Gazetteer) -> Extraction:
    """Everything the rules find in the article."""
    found = Extraction(article, published)
    found.seasons = {(show.iri, number): season for season, (show, number) in names.seasons.items()}
    topic = _topic(article, names)
    heading_season: int | None = None
    last_season: dict[str, int] = {}  # the season last named for each show: "the new season" means it
    for sentence in article.sentences:
        mentions, unknown = names.find(sentence.text)
        evidence = Evidence(sentence.text, sentence.start, sentence.end)
        for mention in mentions:
            for entity in mention.entities[:1]:
                found.mentions.setdefault(entity.iri, entity)
        show = _show(mentions, names, topic) or topic
        season = _season(sentence.text, mentions, names)
        if season is None and show is not None:
            season = last_season.get(show.iri) or (heading_season if show == topic else None)
        elif show is not None and season is not None and not re.search(r"\b(?:first|previous|last) season\b|"
                                                                      r"season (?:1|one)\b", sentence.text, re.I):
            last_season[show.iri] = season
        cast = _cast(sentence.text, mentions, unknown, show, season, evidence)
        found.cast += cast
        if _is_heading(sentence) and not cast:
            heading_season = _season(sentence.text, mentions, names) if _show(mentions, names) else heading_season
            continue
        found.announcements += _announcements(sentence, mentions, show, season, published, evidence)
        known = {m.text for m in mentions}
        found.new_names += [(text, evidence) for _, _, text in unknown if text not in known]
    found.new_names = list({name: (name, ev) for name, ev in found.new_names}.values())
    found.announcements = _merged_repeats(found.announcements, published)
    return found


def _merged_repeats(found: list[Announcement], published: dt.date) -> list[Announcement]:
    """One claim per (kind, subject, date, status): an article says the same thing several times. A
    renewal, trailer, release or forecast told again without a date is the dated one told again.
    Claims the article does not date are dated by the article itself, at the year."""
    kept: dict[tuple, Announcement] = {}
    for claim in sorted(found, key=lambda a: a.date is None):
        subject = (claim.show.iri if claim.show else None, claim.season)
        if claim.date is None:
            if claim.kind in REPEATED and any(k[:2] == (claim.kind, subject) for k in kept):
                continue
            claim = dataclasses.replace(claim, date=dates.DateMention(0, 0, str(published.year), "year",
                                                                      "undated; as of the article"))
        kept.setdefault((claim.kind, subject, claim.date.value if claim.date else None, claim.status), claim)
    return sorted(kept.values(), key=lambda a: a.evidence.start)


def _topic(article: Article, names: Gazetteer) -> Entity | None:
    """The show the article is mostly about: the one mentioned most."""
    counts: Counter[Entity] = Counter()
    for sentence in article.sentences:
        shows = [_show([m], names) for m in names.find(sentence.text)[0]]
        counts.update(s for s in shows if s is not None)
    return counts.most_common(1)[0][0] if counts else None


def _show(mentions: list[Mention], names: Gazetteer, topic: Entity | None = None) -> Entity | None:
    """The show a sentence names (the article's topic when it names several; a season's show)."""
    shows = [e for m in mentions if (e := m.of("Show")) is not None]
    shows += [names.seasons[e.iri][0] for m in mentions
              if (e := m.of("Season")) is not None and e.iri in names.seasons]
    if topic is not None and topic in shows:
        return topic
    return shows[0] if shows else None


def _is_heading(sentence: Sentence) -> bool:
    text = sentence.text
    return not re.search(r"[.!?,:;”\"]$", text) and len(text.split()) <= 12 and text[:1].isupper() and \
        sum(w[:1].isupper() for w in text.split()) >= len(text.split()) / 2


def _season(text: str, mentions: list[Mention], names: Gazetteer) -> int | None:
    """The season a sentence is about: the latest it names (as an entity, or "season 2", "the
    second season")."""
    numbers = [names.seasons[e.iri][1] for m in mentions
               if (e := m.of("Season")) is not None and e.iri in names.seasons]
    for match in SEASON.finditer(re.sub(r"[“\"][^”\"]*[”\"]", "", text)):  # not in a quotation
        word = next(g for g in match.groups() if g)
        numbers.append(int(word) if word.isdigit() else ORDINALS[word.lower()])
    return max(numbers) if numbers else None


def _announcements(sentence: Sentence, mentions: list[Mention], show: Entity | None, season: int | None,
                   published: dt.date, evidence: Evidence) -> list[Announcement]:
    """The sentence's announcement, and a release window it gives besides ("renewed in December,
    to return later this year")."""
    text = sentence.text
    kinds = [k for k, pattern in KINDS if re.search(pattern, text, re.IGNORECASE)]
    if not kinds or show is None or text.endswith("?") or re.search(NOT_NEWS, text, re.IGNORECASE):
        return []
    found = [_announcement(text, kinds[0], mentions, show, season, published, evidence)]
    found_dates = dates.find(text, published)
    if kinds[0] in ("Renewal", "Trailer", "CastingNews") and len({d.value for d in found_dates}) > 1 \
            and re.search(RELEASE_WINDOW, text, re.IGNORECASE):
        found.append(_announcement(text, "ReleaseDateNews", mentions, show, season, published, evidence))
    return [a for a in found if a is not None]


def _announcement(text: str, kind: str, mentions: list[Mention], show: Entity | None, season: int | None,
                  published: dt.date, evidence: Evidence) -> Announcement | None:
    date = _date_for(dates.find(text, published), kind)
    if kind in ("Premiere", "ReleaseDateNews") and date is not None and _latest(date) < \
            published - dt.timedelta(days=BACKGROUND_DAYS):
        return None  # "the show, which made its debut in January 2022": background, not news
    status = _status(text, kind, mentions)
    if kind == "ReleaseDateNews" and status == "Expected" and not re.search(ATTRIBUTED, text, re.IGNORECASE):
        kind = "Forecast"  # the writer's own prediction
    negated = kind in NEGATABLE and bool(re.search(NEGATED, text, re.IGNORECASE))
    by = next((e for m in mentions if (e := m.of("Person", "Organization", "Network")) is not None), None)
    return Announcement(kind, show, season, date, status, negated, by, evidence)


def _latest(date: dates.DateMention) -> dt.date:
    """The last day a date of its precision covers."""
    year, month, day = (int(p) for p in [*date.value.split("-"), "12", "31"][:3])
    if date.precision == "month":
        day = 28
    return dt.date(year, month, min(day, 28) if date.precision != "day" else day)


def _date_for(found: list[dates.DateMention], kind: str) -> dates.DateMention | None:
    """The date the claim gives: for a release, premiere or forecast the latest of the sentence's
    dates (the event announced), for anything else the earliest (when it was announced or done)."""
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    pick = max if kind in ("ReleaseDateNews", "Premiere", "Forecast") else min
    return pick(found, key=lambda d: d.value)


def _status(text: str, kind: str, mentions: list[Mention]) -> str:
    """Rumoured (talk, speculation), Official (the network's, studio's or agency's own word; a
    person's own words in an interview), Reported (an outlet or a source says), Expected (a
    forecast)."""
    if re.search(RUMOURED, text, re.IGNORECASE):
        return "Rumoured"
    if kind == "InterviewStatement":  # the makers' own word is official; an actor's is reported
        return "Official" if re.search(MAKERS, text, re.IGNORECASE) else "Reported"
    speakers = [m for m in mentions if m.of("Organization", "Network")] + \
        [Mention(m.start(), m.end(), m.group(), ()) for m in re.finditer(ORGANISATION, text, re.IGNORECASE)]
    if any(re.match(ITS_OWN_WORD, text[m.end:], re.IGNORECASE) for m in speakers) \
            or re.search(r"\b(?:in a|said in a|according to a) (?:press )?statement\b|\bofficially\b", text, re.I):
        return "Official"
    if re.search(ATTRIBUTED, text, re.IGNORECASE) and not re.search(r"\bofficially\b|\bstatement\b", text, re.I):
        return "Reported"
    if re.search(EXPECTED, text, re.IGNORECASE):
        return "Expected"
    if re.search(OFFICIAL, text, re.IGNORECASE):
        return "Official"
    return "Reported"


def _cast(text: str, mentions: list[Mention], unknown: list[tuple[int, int, str]], show: Entity | None,
          season: int | None, evidence: Evidence) -> list[CastClaim]:
    """"X as Y", "Y, played by X", "X will return as Y", "X joins the cast as Y": checked against the
    graph, which knows who is a person and who a character."""
    spans = sorted([(m.start, m.end, m.text, m) for m in mentions] + [(s, e, t, None) for s, e, t in unknown])
    claims = []
    for (_, e1, t1, m1), (s2, _, t2, m2) in itertools.pairwise(spans):
        between = text[e1:s2]
        for pattern, actor_first in CAST_SHAPES:
            if re.fullmatch(pattern, between, re.IGNORECASE):
                claims.append(_cast_claim((t1, m1), (t2, m2), actor_first == 1, show, season, evidence))
                break
    for mention in mentions:
        person = mention.of("Person")
        if person and re.match(r",?\s+(?:joins|joined|will join|has joined)\s+the\s+cast\b(?!\s+as)",
                               text[mention.end:], re.IGNORECASE):
            claims.append(CastClaim(person, mention.text, None, "", show, season, False, evidence))
    return claims


def _cast_claim(first: tuple[str, Mention | None], second: tuple[str, Mention | None], first_is_actor: bool,
                show: Entity | None, season: int | None, evidence: Evidence) -> CastClaim:
    actor, character = (first, second) if first_is_actor else (second, first)
    person = actor[1].of("Person") if actor[1] else None
    role = character[1].of("Character") if character[1] else None
    swapped_person = character[1].of("Person") if character[1] else None
    swapped_role = actor[1].of("Character") if actor[1] else None
    if (person is None or role is None) and swapped_person is not None and swapped_role is not None:
        return CastClaim(swapped_person, character[0], swapped_role, actor[0], show, season, True, evidence)
    return CastClaim(person, actor[0], role, character[0], show, season, False, evidence)
