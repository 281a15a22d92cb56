"""The words that say what a news sentence claims: the announcement kinds and their trigger
phrases, the cues of a claim's status (official, reported, expected, rumoured) and of a denial,
season references, and the shapes of cast statements. tvkg.ingest.extract applies them.

Each list is ordered: for kinds, the first that matches a sentence wins, so the more specific come
first. Patterns are matched case-insensitively unless they say otherwise ((?-i:...)).
"""

from __future__ import annotations

import re


def _any(*alternatives: str) -> str:
    """One regular expression matching any of the alternatives, each a whole word or phrase."""
    return "|".join(rf"\b(?:{a})" for a in alternatives)


ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
ORDINAL = r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|new|another)"
A_SEASON = rf"(?:(?:a|an|the) {ORDINAL} (?:season|run|instal+ment|chapter)" \
           r"|(?:a |another )?(?:season|part) (?:\d+|two|three|four))"
# Announcement kinds, the words that say them (the first that matches a sentence wins, so the more
# specific come first).
# The writer's own prediction: every part of the sentence is a forecast.
FORECAST = _any(r"(?:our|my) (?:bet|guess|prediction|two cents|money is on)\b",
                r"(?:is|are|was|were) (?:the )?(?:\d+/\d+ )?favourites? to\b", r"\bbookmakers?\b[^.]{0,60}\bodds\b",
                r"don[’']t expect (?:it|them|one|the)\b", r"(?:we|I) (?:predict|bet)\b")
KINDS = [
    ("Cancellation", _any(r"cancel+(?:ed|s|ation)?\b", r"axed\b", r"scrapped\b",
                          r"(?:will|would) not (?:make|film|produce) any more\b", r"came to an end\b",
                          r"(?:which|it|that|series|show) ended in\b", r"ran (?:until|till)\b", r"was dropped\b")),
    ("Renewal", _any(r"renew(?:ed|s|al)?\b", r"recommission\w*", r"(?:is|are) to return\b",
                     r"(?:a|another) (?:new |second |third |fourth |fifth |sixth )?series of\b",
                     r"green-?lit\b", r"picked up for\b", r"ordered\b", r"commissioned\b",
                     rf"{A_SEASON}\b[^.,]{{0,30}}\b(?:likely|possible|probable|on the cards)\b",
                     rf"plans? for (?:a |an )?{ORDINAL} season", rf"{ORDINAL} season (?:has been|was|is)",
                     rf"return(?:s|ing)? for (?:a |an |its |their )?(?:{ORDINAL}|season)",
                     rf"confirmed (?:a |an )?{ORDINAL} season\b", rf"for a {ORDINAL} season\b",
                     r"(?:second|third|fourth)(?: and final)? season will\b",
                     r"(?:show|series|drama|season|it) (?:\w+ ){0,2}comes? back\b(?!\s+as\b)",
                     r"scrub in again\b",
                     r"season (?:two|three|2|3|4) (?:of [^.]{0,60})?is (?:coming|confirmed|happening)",
                     rf"{ORDINAL} season\b[^.,]{{0,60}}\b(?:is|was|has been) (?:planned|in the works|happening|"
                     r"confirmed|on the way)\b", rf"get (?:a|an) {ORDINAL} season\b",
                     rf"announced (?:a|an|the) {ORDINAL} season\b", r"(?:a|the) follow-up\b",
                     rf"pick up (?:a|an) {ORDINAL} season\b")),
    ("CastingNews", _any(r"join(?:s|ed|ing)? the cast\b", r"cast as\b",
                         r"(?:has|have) (?:also |reportedly |officially )?been cast\b",
                         r"will (?:not )?(?:(?:once )?again |also |still )?(?:play|return)\b", r"won[’']t return\b",
                         r"reprise", r"comeback\b", r"will play the same\b", r"casting\b", r"will see the return\b",
                         r"back as\b", r"(?:is|are) returning as\b", r"likely to return\b", r"will appear\b",
                         r"does not appear in the (?:new|next|upcoming) season\b", r"returning cast\b",
                         r"joining (?:him|her|them|the cast)\b", r"steps? in as\b", r"stays? on as\b",
                         r"replacing\b", r"in (?:final )?talks to\b", r"offer(?:ed|s)?\b", r"leads? the cast\b",
                         r"part of the (?:new |returning )?cast\b", r"new to the (?:series|cast)\b",
                         r"no (?:place|room) (?:in the (?:new|next) season )?for\b",
                         r"(?:come|comes|coming) back as\b", r"be back as\b",
                         r"(?:is|are) (?:also )?back\b(?!\s+for\b)",
                         r"will (?:not )?appear\b", r"not returning\b", r"returns? as\b", r"stars? again as\b",
                         r"evict\w*", r"voted (?:off|out)\b", r"nominated (?:for eviction|to leave)\b",
                         r"(?:ordered|asked) to leave\b", r"walked out\b", r"quit\b",
                         r"left the (?:show|house|jungle|programme|series)\b", r"(?:will|to) (?:host|present)\b",
                         r"(?:new|the) (?:host|presenter)\b", r"line-?up\b",
                         r"(?:is|are|were) among (?:the )?stars\b")),
    ("Trailer", _any(r"(?<!in the )(?<!from the )(?:teaser|trailer|first[- ]look|promo video|poster)s?\b")),
    ("ProductionStatusNews", _any(r"filming\b", r"shooting\b",
                                  r"cameras? (?:had )?(?:started )?(?:rolled|roll|rolling)\b",
                                  r"wrap", r"production (?:on|of|has|began|begins|started|wrapped|is)\b",
                                  r"in production\b", r"formal updates?\b", r"pre-production\b", r"script readings?\b",
                                  r"(?:early )?development\b", r"read-through\b", r"(?:was|were) shot\b",
                                  r"scripts? (?:are|were|is|was) (?:already )?being written\b",
                                  r"(?:started|begun|began|start) writing\b")),
    ("IndustryNews", _any(r"strikes?\b", r"labou?r disputes?\b", r"library of\b", r"subscribers\b", r"box office\b",
                          r"invest\w*\b", r"co-?financ\w*", r"co-?produc(?:e|es|ing|tion)\b",
                          # prizes, audiences and lawsuits, as news of the 2000s reports them
                          r"(?<!-)\b(?:won|wins?|scooped|picked up|collected) (?:the |a |an |two |three |four |"
                          r"its |their |his |her )?(?:\w+ ){0,3}(?:awards?|prizes?|baftas?|emmys?|troph(?:y|ies)|"
                          r"title|honours?|gongs?)\b", r"(?<!-)\bwon (?:best|outstanding)\b",
                          r"\bawards?\b(?! ceremony host)", r"nominat\w*", r"\bbaftas?\b", r"\bemmys?\b",
                          r"golden globes?\b", r"[\d.,]+\s*(?:m|million|bn|billion)? viewers\b",
                          r"\bratings\b", r"\baudiences? (?:of|peaked|fell|dropped|rose)\b", r"watched by\b",
                          r"shortlist\w*", r"\bsued\b", r"lawsuit\b", r"\d+ complaints\b",
                          r"complaints (?:from|about|over)\b")),
    ("Premiere", _any(r"premier(?:e|es|ed|ing)\b", r"debut(?:s|ed)?\b", r"made its debut\b",
                      r"first (?:broadcast|shown|screened|aired)\b", r"(?:began|launched|started) in \d{4}\b")),
    ("ReleaseDateNews", _any(r"release(?:d|s)?\b", r"releasing\b", r"set to (?:return|arrive|drop|stream)\b",
                             r"slated (?:for|to)\b", r"arriv(?:e|es|ing)\b", r"coming to netflix\b", r"hits? netflix\b",
                             r"streaming (?:on|from)\b", r"(?:drop|drops|land|lands|landed|due)\b",
                             r"(?:to|will) (?:again )?(?:broadcast|air|stream|launch)\b", r"pencil+ed in\b",
                             r"first episode\b",
                             r"target(?:s|ing|ed)? (?:a |an )?(?:broadcast|release|premiere|launch)",
                             r"follows? on\b", r"returns? on\b", r"dropping\b", r"back for (?:season|part)\b")),
    ("Forecast", FORECAST),
    ("InterviewStatement", _any(r"in an interview\b", r"interview with\b",
                                r"told (?:reporters|the|us|a|an|(?-i:[A-Z]))",
                                r"said in\b",
                                r"teased\b", r"stated that\b", r"[”\"],?\s+(?:said|says|added|explained)\b",
                                r"\b(?:said|says)\s+(?:the\s+)?(?:director|creator|writer|showrunner|producer|star)\b",
                                r"\b(?:he|she) said\b")),
]
NOT_NEWS = r"\bawait\w* the release\b|\blooking forward to\b|\bwhere (?:to|can we) watch\b|\bdeclined to comment\b"
RUMOURED = r"(?<!despite )\brumou?rs?\b|\brumou?red\b|\bspeculat\w*|\bchatter\b|\btalk\b" \
           r"|\bfans? (?:\w+ )?(?:hope|hoping|believe|theori[sz]e|think|campaign|speculate)\w*|\bunconfirmed\b" \
           r"|\bhave been hoping\b|\bword is\b|\bfans? (?:are|were|seem)(?: \w+)? (?:convinced|sure|certain)\b" \
           r"|\btheor(?:y|ies)\b|\bfan (?:forums?|campaign|petition)\b" \
           r"|\banonymous (?:post|poster|user|account|tip)"
EXPECTED = r"\bfavourites? to\b|\bodds\b|" \
           r"\bexpect\w*\b|\banticipated\b|\blikely\b|\bslated\b|\bcould\b|\bmight\b|\bhopefully\b|\bprobably\b" \
           r"|\bpredict\w*|\bforecast\w*|\bshould (?:arrive|return|be)\b|\bwe (?:think|expect)\b|\bis set to\b"
OTHERS_EXPECT = r"\b(?:watchers|analysts|insiders|observers|experts)\b"  # a forecast, but not the writer's
ATTRIBUTED = _any(r"according to\b", r"reported(?:ly)?\b",
                  r"reports?\b", r"told\b", r"sources?\b", r"revealed\b", r"claim\w*",
                  r"(?:person|people|someone|insiders?) (?:close to|familiar with|briefed on)\b")
OFFICIAL = r"\bofficially\b|\bconfirm(?:ed|s)\b|\bannounc(?:ed|es|ement)\b|\bstatement\b|\bpress release\b" \
           r"|\bunveiled\b|\brevealed the news\b|\bhas released\b|\breleased a\b"
OWN_MATERIAL = r"\b(?:teaser|trailer|clip|poster|video|promo)\s+(?:shows|showed|features|featured|reveals|revealed)\b"
MAKERS = r"\b(?:director|creator|writer|screenwriter|showrunner|producer|PD)s?\b" \
         r"|\b(?:webtoon|original|novel[’']s|book[’']s) authors?\b" \
         r"|\bauthor of the (?:webtoon|novel|book|comic|original)\b"
ORGANISATION = r"\bthe (?:two |both )?(?:streamer|streaming service|compan(?:y|ies)|network|studio|agency|" \
               r"broadcaster|platform|channel|production company)\b" \
               r"|\b(?:a|an|the|its|her|his|their) (?:\w+ )?(?:spokes(?:person|man|woman)|representative)s?\b" \
               r"|\b(?:his|her|their|its)\s+(?:agency|label|management|producers)\b" \
               r"|[’']s (?:agency|label|management)\b" \
               r"|\b(?:Netflix|tvN|JTBC|SBS|KBS2?|MBC|OCN|ENA|TVING|Wavve|Coupang Play|Disney\+|Apple TV\+|HBO|" \
               r"Amazon)\b"
ITS_OWN_WORD = r"[’']?s?\s*(?:has |have |had |today |on \w+ |also |is )?(?:said|says|announced|announces|confirmed|" \
               r"confirms|revealed|renewed|ordered|released|unveiled|dropped|shared|posted|stated|added|" \
               r"plans|planning|targets|targeting|aims|aiming)\b"
# "according to a listing on Netflix's own press site": the makers' own channel.
OWN_CHANNEL = r"\b(?:its|their|[’']s) own (?:press|site|website|account|channel|listing|newsroom)"
RELEASE_WINDOW = r"\b(?:return|premiere|release|arrive|air|stream|launch|follow)\w*\b[^.]{0,40}\b(?:later this year|" \
                 r"next year|in \d{4}|in (?:early|late|mid)|this (?:spring|summer|autumn|fall|winter)|" \
                 r"first half|second half)"
# "didn't deny it", "would not confirm a date": no comment is no denial
NOT_DENIED = r"\b(?:didn[’']t|did not|does not|doesn[’']t|would not|wouldn[’']t|has not|hasn[’']t|have not) " \
             r"(?:deny|denied|rule out|ruled out)\b" \
             r"|\b(?:would not|wouldn[’']t|did not|didn[’']t|declined to) (?:confirm|comment)\b"
# Where a sentence divides into parts that may say news of their own.
PARTS = r",\s+and\s+(?:that\s+)?|;\s+|\s+and\s+that\s+|,\s+while\s+|,\s+whereas\s+|,?\s+but\s+"
SPEECH = r"\b(?:said|says|say|told|telling|tells|added|adds|explained|recalled|wrote|insisted|joked)\b"
NEGATED = r"\b(?:not|no|never|nothing|\w+n[’']t|has yet to|have yet to|yet to|denied|deny|denies|neither|nor|" \
          r"pushed back|postponed|delayed|on hold)\b"
CURRENT_SEASON = r"\b(?:the|its|their) (?:new|next|upcoming|latest|coming|forthcoming) (?:season|run|episodes|" \
                 r"instal+ment|chapter)\b"
NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
ORDINALS = {word: n for n, word in enumerate(ORDINAL_WORDS.split("|"), 1)} | \
    {word: n for n, word in enumerate(NUMBER_WORDS.split("|"), 1)}
# "season 2", "Part 3" (a season, where the show names its seasons so), "the second season", "S2"
SEASON = re.compile(rf"\b(?P<word>season|part)\s+(?P<number>\d+|{NUMBER_WORDS})\b"
                    rf"|\b(?P<ordinal>{ORDINAL_WORDS})(?:\s+and\s+(?:final|last))?\s+season\b"
                    r"|\bS(?P<short>\d+)\b", re.IGNORECASE)
# "as the physician Seo-bi", "as NIS operative Go Hae-ri"
DESCRIBED = r"(?:(?:the|a|an|his|her|their)\s+)?(?:(?!by\b)(?:[a-z][\w’'-]*|(?-i:[A-Z]{2,5})),?\s+){0,3}"
POSSESSIVE = r"[’']s\s+"
AGAIN = r"(?:(?:once\s+)?again\s+|also\s+|still\s+|now\s+)?"
WILL = rf"(?:(?:will|would|is set to|are set to|is expected to|are expected to|is likely to|are likely to|" \
       rf"is rumou?red to|are rumou?red to|is to|are to|is in (?:final )?talks to)\s+(?:not\s+)?{AGAIN})?"
CAST_SHAPES = [  # (regex between the two names, which name is the actor: 1 or 2)
    (rf"\s+(?:(?:is|are|will be)\s+)?{AGAIN}(?:back\s+|stars?\s+|starring\s+|steps?\s+in\s+|stays?\s+on\s+|"
     rf"returning\s+|coming\s+back\s+|leads?\s+the\s+cast\s+(?:again\s+)?|stars?\s+again\s+)?as\s+{DESCRIBED}", 1),
    (rf",?\s+(?:who\s+)?{AGAIN}{WILL}(?:return|returns|is returning|are returning|come back|comes back)\s+as\s+"
     rf"{DESCRIBED}", 1),
    (rf",?\s+(?:who\s+)?{AGAIN}{WILL}(?:plays|played|play|portrays|portrayed|portray)\s+{DESCRIBED}", 1),
    (POSSESSIVE, 1),  # "Song Joong-ki's Vincenzo Cassano"
    (r",?\s+whose\s+", 1),  # "Cho Jin-woong, whose Lee Jae-han spoke to ..."
    (rf",?\s+(?:(?:has been|was|is|have been|were|are)\s+)?cast\s+as\s+{DESCRIBED}", 1),
    (rf",?\s+(?:who\s+)?{AGAIN}{WILL}(?:reprises?|reprising)\s+(?:his|her|their)\s+roles?\s+as\s+{DESCRIBED}", 1),
    (rf",?\s+{WILL}(?:joins|joined|join|has joined)\s+the\s+cast\s+as\s+{DESCRIBED}", 1),
    (r",?\s+(?:played|portrayed|voiced)\s+by\s+", 2), (r"\s+\((?:played by\s+)?", 2),
]

# "whose second season premiered on March 13, 2020", "The first season, released on Sept. 17, 2021":
# a premiere of record, told as background to other news.
OF_RECORD = re.compile(rf"(?:\b(?:(?P<ordinal>{ORDINAL_WORDS}) season|season (?P<number>\d+)"
                       r"|(?P<original>the original(?: series| season)?))\b[^.;:]{0,80}?)?"
                       r"\b(?:premiered|was released|released|debuted|first aired|aired|ran)"
                       r"(?:\s+(?:on|in)\s+(?-i:[A-Z][\w+]*|[a-z]+[A-Z][\w+]*))?\s+(?:on|from)\s+", re.IGNORECASE)

# Cast statements that name no character: "X joins the cast", "X has reportedly been cast as the
# heir ...", "Joining them are X and Y".
NO_CHARACTER_AFTER = r",?\s+(?:joins|join|joined|will join|has joined|have joined)\s+the\s+cast\b(?!\s+as)" \
                     r"|,?\s+(?:have|has) been added to the line-?up\b|\s+(?:are|is) (?:also )?among the (?:new )?" \
                     r"(?:names|stars|contestants|presenters)\b|,?\s+will (?:also )?(?:host|present|take part)\b" \
                     r"|,?\s+(?:has|have)\s+(?:also\s+|reportedly\s+|officially\s+)?been\s+cast\b(?!\s+as\s+(?-i:[A-Z]))"
NO_CHARACTER_BEFORE = r"\b(?:joining (?:him|her|them|the cast)(?: again)?|also joining)\s+(?:are|is|will be)\s+$" \
                      r"|\b(?:newcomer|newcomers)\s+$" \
                      r"|\b(?:presenters?|hosts?|co-hosts?|contestants?|housemates?)\s+$"  # a show's own people
# Capitalised words that are no character's name when they follow "as" or "plays".
COMMON = {"the", "a", "an", "netflix", "season", "part", "episode", "he", "she", "they", "it", "we", "i"}
# What a new show is called in apposition: "“Glass Harbor,” an eight-episode Korean thriller".
GENRE = r"(?:drama|series|show|thriller|comedy|romance|sitcom|anime|docuseries|miniseries|k-drama)"
# A wire story's dateline: "ATLANTA, Jan. 9 (CPS) --", "SEOUL, May 20 (Korea Newswire) --".
DATELINE = r"^(?-i:[A-Z][A-Z .'-]+),\s+(?:\w+\.?\s+\d{1,2}|\d{1,2}\s+\w+)\s*(?:\([^)]*\))?\s*(?:--|—|–)\s*"
# Verbs that report what someone else did: the date after "that" is the event's.
REPORTING = r"\b(?:said|says|told|reported|reports|announced|confirmed|revealed|claimed|wrote)\b"
# A strike as the circumstance of other news ("pushed back during the writers' strike") is no industry news.
CIRCUMSTANCE = r"\b(?:during|amid|because of|due to|after|by) the [^.,]{0,40}\bstrikes?\b"
# What a quoted speaker says about a show and its future, beyond naming it.
SHOW_TALK = r"\b(?:season|series|episodes?|show|drama|sequel|script|shoot\w*|film\w*|next|future|return\w*|plans?|" \
            r"fans|characters?|story|ending|finale|cast)\b"
# A new show named in the sentence: a spin-off, or a quoted title the graph lacks.
SPIN_OFF = r"\bspin-?off\b"
