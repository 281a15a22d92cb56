"""Name normalisation shared by every lookup: case, accents, hyphens and spacing are ignored."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_'’.·]+")


def normalise(name: str) -> str:
    """'Yoon Chan-young', 'yoon chanyoung' and 'YOON  Chan–Young' all become 'yoonchanyoung'.

    Hangul is kept as it is (NFC), Latin letters lose their accents.

    >>> normalise("YOON  Chan–Young"), normalise("Joaquín Cosío")
    ('yoonchanyoung', 'joaquincosio')
    """
    if name.isascii():  # nothing to decompose (the search index normalises every name of the graph)
        return _SEPARATORS.sub("", name.lower())
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    recomposed = unicodedata.normalize("NFC", without_marks).casefold()
    return _SEPARATORS.sub("", recomposed)
