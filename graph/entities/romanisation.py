"""Korean names in several romanisations as one key: "Ju Ji-hoon" and "Joo Ji Hoon", "Kim Sung-kyu"
and "Kim Sung Gyu", "Lee Su-hyeok" and "Lee Soo Hyuk" all have the same key.

Revised Romanisation (RR), McCune–Reischauer (MR) and the informal spellings people and catalogues
use differ in regular ways, which the key folds together:

* vowels: RR "eo" is MR "ŏ" and informally "u" or "o" (Jeong/Jung, Hyeok/Hyuk, Seo/Suh); "oo"
  and "ou" are "u" (Soo/Su, Young/Yung); "eu" is MR "ŭ"; "ee" is "i";
* consonants: RR writes plain stops voiced where MR writes them voiceless (Gyu/Kyu, Dong/Tong,
  Bae/Pae), "j"/"ch", "r"/"l" and "s"/"sh" alternate;
* family names have conventional spellings (Lee/Yi/Rhee, Park/Pak/Bak, Choi/Choe, Oh/O, Ryu/Yu);
* hyphens, spaces, case and accents never matter; a name given family name last ("Anupam
  Tripathi", "Ji-hoon Ju") matches through a second key, with its last word moved to the front.

Keys that are equal are a reason to compare, never to merge: entity resolution asks for
evidence besides (tvkg.identity.merge), because different people share names and near names
("Lee Jung-jae" and "Lee Jung-jin" keep different keys; "Kim Ji-won" is several actresses).
Search (tvkg.entities.search) finds people and characters by these keys too, which is why this
module lives with the names rather than with entity resolution.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from tvkg.entities.names import normalise

# Conventional spellings of common family names, to one form.
SURNAMES = {
    "yi": "lee", "rhee": "lee", "ri": "lee", "i": "lee", "rhie": "lee", "lee": "lee", "li": "lee",
    "pak": "park", "bak": "park", "bark": "park", "pack": "park", "park": "park",
    "choe": "choi", "chey": "choi", "choi": "choi", "chwe": "choi",
    "o": "oh", "oh": "oh", "ryu": "ryu", "yu": "ryu", "yoo": "ryu", "you": "ryu", "rew": "ryu",
    "rim": "lim", "im": "lim", "yim": "lim", "lim": "lim",
    "no": "roh", "noh": "roh", "rho": "roh", "roh": "roh", "ro": "roh",
    "kang": "kang", "gang": "kang", "ko": "ko", "go": "ko", "koh": "ko",
    "shin": "shin", "sin": "shin", "jeon": "jeon", "jun": "jeon", "chun": "jeon", "chon": "jeon",
    "jung": "jeong", "jeong": "jeong", "chung": "jeong", "cheong": "jeong", "joung": "jeong",
    "cho": "jo", "jo": "jo", "joe": "jo", "ju": "ju", "joo": "ju", "chu": "ju",
    "kim": "kim", "gim": "kim", "han": "han", "hahn": "han", "yoon": "yun", "yun": "yun", "youn": "yun",
    "seo": "seo", "suh": "seo", "so": "seo", "sung": "seong", "seong": "seong", "song": "song",
    "bae": "bae", "pae": "bae", "bea": "bae", "hwang": "hwang", "whang": "hwang",
    "baek": "baek", "baik": "baek", "paik": "baek", "paek": "baek", "back": "baek",
}
# Spelling alternations, applied in order to the joined, lower-case name (after family names).
FOLDS = [
    (r"([aeiou])h(?![aeiouyw])", r"\1"),  # a silent h after a vowel: Ahn/An, Yoon Ah/Yoona, Suh/Seo
    (r"eo|ŏ", "u"), (r"oo|ou", "u"), (r"eu|ŭ", "u"), (r"ee", "i"), (r"ea|ae", "e"),  # Ye/Yea, Sae/Se
    (r"uy", "wi"), (r"ui", "i"), (r"wu", "u"), (r"oi", "oe"),  # Gwi/Guy, Hui/Hee, Wook/Uk, Hoi/Hoe
    (r"ch|j", "j"), (r"sh", "s"), (r"k", "g"), (r"t", "d"), (r"p|v|f", "b"), (r"r", "l"),  # Ok-vin/Ok Bin
    (r"(.)\1+", r"\1"),  # doubled letters (Doona/Duna, Sseu/Su) once
]


def _step(pattern: str, replacement: str) -> Callable[[str], str]:
    """One fold as the cheapest equivalent operation: the search index keys every person's name."""
    letters = pattern.split("|")
    if all(len(letter) == 1 and letter.isalpha() for letter in [*letters, replacement]):  # one letter for others
        def replace(text: str) -> str:
            for letter in letters:
                text = text.replace(letter, replacement)
            return text
        return replace
    if re.escape(pattern) == pattern and "\\" not in replacement:  # a literal: str.replace
        return lambda text: text.replace(pattern, replacement)
    compiled = re.compile(pattern)
    if group := re.fullmatch(r"\\(\d)", replacement):  # "\1": a function is quicker than the template
        number = int(group[1])
        return lambda text: compiled.sub(lambda match: match[number] or "", text)
    return lambda text: compiled.sub(replacement, text)


_STEPS = [_step(pattern, replacement) for pattern, replacement in FOLDS]


def keys(name: str) -> set[str]:
    """The romanisation keys of a name: family name first as written, and family name last.

    >>> bool(keys("Anupam Tripathi") & keys("Tripathi Anupam"))
    True
    """
    return set(ordered_keys(name))


def ordered_keys(name: str) -> tuple[str, str] | tuple[()]:
    """The keys of ``keys``, in order: the name as written, then with its last word moved to the front
    (search ranks a match in the order written first); () for a name with no letters."""
    words = _words(name)
    if not words:
        return ()
    return _key(words), _key([words[-1], *words[:-1]])


def given_name_key(name: str) -> str | None:
    """The key of a Korean name's given name ("Kim Seol-hyun": "Seol-hyun"), to meet the stage name
    a catalogue credits instead ("Seolhyun"); None for a name of one word."""
    words = _words(name)
    return _fold("".join(words[1:])) if len(words) > 1 and is_latin(name) else None


def key(name: str) -> str:
    """The key of a name as written ("" for a name with no letters): spellings of one Korean name
    share it, names a syllable apart do not.

    >>> key("Lee Soo Hyuk") == key("Lee Su-hyeok"), key("Lee Jung-jae") == key("Lee Jung-jin")
    (True, False)
    """
    words = _words(name)
    return _key(words) if words else ""


def is_latin(name: str) -> bool:
    """Whether a name is written in Latin letters (the keys are for romanised names; Hangul and
    other scripts are compared as they are, after normalise)."""
    if name.isascii():  # the common case, without a lookup per letter
        return any(ch.isalpha() for ch in name)
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def _words(name: str) -> list[str]:
    if name.isascii():  # nothing to decompose
        text = name.lower().replace("'", "")
    else:
        text = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
        text = text.replace("ŏ", "eo").replace("ŭ", "eu").casefold().replace("'", "").replace("’", "")
    words = [w for w in re.split(r"[^\w]+|_", text) if w]
    return [w[:-1] if len(w) > 3 and w.endswith("une") else w for w in words]  # June/Jun: a silent final e


def _key(words: list[str]) -> str:
    first, *rest = words
    joined = SURNAMES.get(first, first) + "".join(rest)
    return _fold(joined) if is_latin(joined) else normalise(joined)


def _fold(text: str) -> str:
    for step in _STEPS:
        text = step(text)
    return text
