"""Titles of shows the graph does not know, found from how news writes them.

A journalist names a programme after words that say it is one ("the BBC drama Spooks", "a
one-off edition of Midsomer Murders", "Channel 4's Desperate Housewives", "the sitcom Friends")
or before them ("Little Britain, the BBC Three comedy"). A capitalised phrase in that position is
proposed as a new show, with the sentence as its evidence; once proposed, the article's other
mentions of the same title name it too. Without such a cue a capitalised phrase is a person, a
place or the start of a sentence, and nothing is proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A title's words: capitalised (or a number), with the small words titles keep inside them.
_WORD = r"(?:[A-Z0-9][\w'’!&.-]*|[A-Z]{2,}:\S*)"
_SMALL = r"(?:of|the|and|a|an|in|on|to|for|at|with|me|my|from|out|get|or|&|\.\.\.|…)"
TITLE = rf"{_WORD}(?:(?::|,)? (?:{_SMALL} (?:the )?)?{_WORD}){{0,7}}"  # one small word at a time: "out of" ends it
GENRE = (r"(?:drama|dramas|series|sitcom|comedy|comedies|show|soap|soap opera|programme|cartoon|documentary|"
         r"quiz|quiz show|serial|mini-?series|thriller|spin-?off|special|game show|chat show|talent show|"
         r"reality show|reality series|telethon|animation)")
CHANNEL = (r"(?:BBC(?: One| Two| Three| Four| 1| 2)?|ITV ?1?|Channel (?:4|Four|Five)|Five|Sky(?: One)?|E4|"
           r"Fox|NBC|CBS|ABC|HBO|MTV|VH1|Nickelodeon|PBS|UPN|WB)")
# Streamers and the Korean networks: never a title, but no cue either ("Netflix's Korean hit ..." names
# adjectives more often than titles: as a cue it cost the held-out articles a fifth of their recall).
SERVICES = r"(?:Netflix|Amazon|Hulu|Disney\+|Apple TV\+|tvN|JTBC|KBS2?|MBC|SBS)"
# A cue before the title, and one after it ("X, the BBC Three comedy").
BEFORE = re.compile(
    rf"(?:\b{GENRE}(?: programmes?)?|{CHANNEL}(?:'s|’s)(?: (?:hit|new|long-running|flagship|popular|"
    r"award-winning|acclaimed|cult|top-rated|US|UK))?"
    r"|\b(?:edition|episode|episodes|series|star|stars|creator|presenter|host|cast|writer|makers|producer|"
    r"producers|return|final|finale|set) of(?: the)?|\brivals?|\bsuch as"
    r"|(?:^|\s)(?:Drama|Animation|Factual|Comedy|Entertainment|International category|Pre-School [\w ]+|"
    r"Schools' Factual \(\w+\)|Soap|Sitcom) -) "
    rf"(?P<title>{TITLE})")
AFTER = re.compile(rf"(?P<title>{TITLE}),? (?:is |was )?(?:the |a |an )(?:(?!of\b)[\w-]+ ){{0,4}}{GENRE}\b(?!['’]s)"
                   rf"|(?P<named>{TITLE}) (?:TV )?(?:show|series|sitcom|soap|programme|drama|house|contestants?|"
                   r"housemates?|presenters?|hosts?|stars?|actors?|actress|creators?|writers?)\b")
# A programme's prize, or a part in one: "Little Britain was named best comedy", "starred in Brookside".
CATEGORY = r"(?:comedy|drama|soap|entertainment|programme|series|show|serial|sitcom|factual|documentary|animation)"
PRIZED = re.compile(rf"(?P<title>{TITLE}) (?:was|were|has been) named (?:the )?best {CATEGORY}\b"
                    rf"|(?P<winner>{TITLE}) (?:won|took|scooped|picked up|collected) (?:the )?(?:award for )?best "
                    rf"(?:[\w-]+ ){{0,2}}{CATEGORY}\b"
                    rf"|\bbest (?:[\w-]+ ){{0,2}}{CATEGORY}(?: award)?,? (?:for|went to|to) (?P<for>{TITLE})"
                    rf"|\b(?:starred|starring|appeared|appearing|roles?|cameo|regular) in (?P<part>{TITLE})")
QUOTED = re.compile(r"[‘'“\"](?P<title>[A-Z0-9][^‘'“\"”’]{1,60}?)[’'”\"]")
# Words a cued phrase must not start with: a sentence's or a person's, not a title's.
NOT_TITLES = {"the", "a", "an", "it", "this", "that", "he", "she", "they", "his", "her", "their", "its",
              "mr", "mrs", "ms", "dr", "sir", "in", "on", "at", "and", "but", "bbc", "itv", "channel", "uk", "us",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
              "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "last", "next", "new", "british", "american", "hit", "tv", "television",
              "radio", "film", "movie", "korean", "japanese", "chinese", "spanish", "french", "german", "indian",
              "italian", "australian", "canadian", "irish", "scottish", "welsh", "english", "european", "original",
              "latest", "upcoming", "popular", "beloved", "acclaimed", "global", "streaming", "hollywood", "oscar",
              "oscars", "bafta", "emmy", "golden", "former", "fellow"}


@dataclass(frozen=True)
class Title:
    start: int   # offsets in the sentence
    end: int
    text: str


def cued(sentence: str) -> list[Title]:
    """The titles a sentence names with a cue, not overlapping, in order."""
    found: list[Title] = []
    for pattern in (BEFORE, AFTER):
        for match in pattern.finditer(sentence):
            group = "named" if pattern is AFTER and match["named"] else "title"
            title = _trimmed(match[group])
            if title:
                start = match.start(group) + match[group].find(title)
                found.append(Title(start, start + len(title), title))
    for match in PRIZED.finditer(sentence):
        group = next(g for g in ("title", "winner", "for", "part") if match[g])
        title = _trimmed(match[group])
        if title:
            start = match.start(group) + match[group].find(title)
            found.append(Title(start, start + len(title), title))
    for match in QUOTED.finditer(sentence):  # a quoted title beside a cue word
        title = _trimmed(match["title"])
        near = sentence[max(0, match.start() - 30):match.start()] + sentence[match.end():match.end() + 30]
        if title and re.search(rf"\b{GENRE}\b|{CHANNEL}", near) and len(title.split()) <= 8:
            found.append(Title(match.start("title"), match.start("title") + len(title), title))
    return _apart(found + _listed(sentence, found))


LIST_ITEM = re.compile(rf"(?:,| and|, and|, or| or) (?:(?:{CHANNEL})(?:'s|’s) )?(?P<title>{TITLE})")


def _listed(sentence: str, cued: list[Title]) -> list[Title]:
    """The titles that follow a cued one in a list ("Channel 4's Supernanny and ITV1's Hell's
    Kitchen", "appeared in Brookside, My Family and A Touch of Frost"): each item a title."""
    found = []
    for title in cued:
        at = title.end
        while (match := LIST_ITEM.match(sentence, at)) is not None:
            text = _trimmed(match["title"])
            if not text:
                break
            start = match.start("title") + match["title"].find(text)
            found.append(Title(start, start + len(text), text))
            at = start + len(text)
    return found


LEADING = r"former|veteran|fellow|hit|top|star|singer|actor|actress|comedian|presenter|host|US|UK|British|American"
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Christmas|" \
         r"Easter|New Year)"


def _trimmed(title: str) -> str:
    """A cued phrase without what follows a title: where and when it is shown ("on BBC Three in
    October"), a second title ("Early Doors and The Alan Clark Diaries"), a possessive, a trailing
    small word or stop."""
    title = re.split(rf" (?:on|in|at|from|for|since|until) (?:the )?(?:{CHANNEL}\b|{MONTHS}|\d)| and (?=The )",
                     title)[0]
    title = re.sub(rf"^(?:(?:{LEADING})\s+)+", "", title, flags=re.IGNORECASE)
    title = re.sub(r"(?:['’]s)$", "", title.strip())
    title = re.sub(rf"(?:[ ,:]+{_SMALL})+$", "", title).rstrip(" ,:;.")
    words = title.split()
    bare = re.sub(r"^(?:The|A|An) ", "", title)
    if re.fullmatch(CHANNEL, bare) or re.fullmatch(SERVICES, bare) or bare.lower() in NOT_TITLES:
        return ""
    if not words or (words[0].lower().strip("'’") in NOT_TITLES and len(words) == 1):
        return ""
    if words[0].lower() in NOT_TITLES - {"the", "a", "an", "last", "next", "new", "this", "that"}:
        return ""
    return title


def _apart(found: list[Title]) -> list[Title]:
    """The longest of overlapping titles, in order of their start."""
    kept: list[Title] = []
    for title in sorted(found, key=lambda t: (-(t.end - t.start), t.start)):
        if all(title.end <= k.start or title.start >= k.end for k in kept):
            kept.append(title)
    return sorted(kept, key=lambda t: t.start)


def occurrences(sentence: str, titles: list[str]) -> list[Title]:
    """Where titles already proposed in the article occur in a sentence (whole words), longest first."""
    found = []
    for text in sorted(titles, key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w]){re.escape(text)}(?![\w])", sentence):
            found.append(Title(match.start(), match.end(), text))
    return _apart(found)
