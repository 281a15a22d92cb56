"""How tvkg mints the local part of an IRI from a name or an identifier (``id/person/<slug>``),
the same way in importers and in claims extracted from news."""

from __future__ import annotations

import hashlib
import re


def slug(text: str) -> str:
    """Lower case, runs of anything but letters and digits as one '-' (letters of any script kept);
    a short hash of the text when nothing is left.

    >>> slug("All of Us Are Dead"), slug("Narcos: Mexico"), slug("지금 우리 학교는")
    ('all-of-us-are-dead', 'narcos-mexico', '지금-우리-학교는')
    """
    made = re.sub(r"[^\w]+|_", "-", text.strip().lower()).strip("-")
    return made or hashlib.sha1(text.encode()).hexdigest()[:12]
