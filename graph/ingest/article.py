"""Read a news article: plain text or a saved HTML page (boilerplate removed), checked and split
into sentences that keep their character offsets in the article's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from tvkg.errors import InputError

MAX_BYTES = 2_000_000
SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "button",
                "iframe", "template", "figure"}
BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "blockquote",
              "main", "ul", "ol", "table"}
BOILERPLATE = re.compile(r"cookie|consent|subscribe|newsletter|advert|related|share|comment|menu|sidebar|promo",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of its first character in Article.text
    end: int


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    title: str
    sentences: list[Sentence]


def read(path: Path) -> Article:
    """The article at ``path``; an InputError says what is wrong with a file that is not one."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the article: {error.strerror or error}", path) from None
    if not raw.strip():
        raise InputError("the article is empty", path)
    if len(raw) > MAX_BYTES:
        raise InputError(f"the article is larger than {MAX_BYTES:,} bytes", path)
    if b"\x00" in raw[:8192]:
        raise InputError("this is a binary file, not an article (plain text or HTML)", path)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"the article is not UTF-8 text (byte {error.start})", path) from None
    is_html = path.suffix.lower() in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", decoded, re.I)
    title, text = _from_html(decoded) if is_html else _from_text(decoded)
    text = text.strip()
    if len(text.split()) < 5:
        raise InputError("the article has no text to read", path)
    return Article(path, text, title, split(text))


# A line that is a date ("Tuesday, January 9, 2024"), not a headline.
DATE_LINE = r"^\W*(?:\w+day,?\s+)?(?:\w+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\s+\d{4})\W*$"


def _from_text(text: str) -> tuple[str, str]:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    title = next((line for line in lines if len(line.split()) >= 4 and "|" not in line and not _shouting(line)
                  and not re.match(r"(?:by|compiled by|written by)\b", line, re.IGNORECASE)
                  and not re.search(DATE_LINE, line, re.IGNORECASE)), "")
    return title, text.replace("\r\n", "\n")


def _shouting(line: str) -> bool:
    """A line in capitals: a section label or a dateline ("PRESS RELEASE"), not the headline."""
    letters = [ch for ch in line if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


class _Text(HTMLParser):
    """The readable text of a page: the <article> (or <main>, or <body>) without navigation,
    scripts, asides, footers or elements whose class or id says they are boilerplate."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": [], "title": [], "h1": []}
        self.open: list[tuple[str, bool]] = []  # (tag, skipped)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            self._block()
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skipped = tag in SKIPPED_TAGS or bool(BOILERPLATE.search(marks)) or "navigation" in marks
        self.open.append((tag, skipped or (bool(self.open) and self.open[-1][1])))
        if tag in BLOCK_TAGS:
            self._block()

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            opened, _ = self.open.pop()
            if opened == tag:
                break
        if tag in BLOCK_TAGS:
            self._block()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][1]:
            return
        tags = {t for t, _ in self.open}
        for part in ("article", "main", "body", "title", "h1"):
            if part in tags:
                self.parts[part].append(data)

    def _block(self) -> None:
        for part in ("article", "main", "body"):
            if {t for t, _ in self.open} & {part}:
                self.parts[part].append("\n\n")


def _from_html(html: str) -> tuple[str, str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    body = next(("".join(parser.parts[p]) for p in ("article", "main", "body") if "".join(parser.parts[p]).strip()), "")
    body = re.sub(r"[ \t\xa0]+", " ", body)
    body = re.sub(r"\s*\n\s*(\n\s*)+", "\n\n", body)
    title = " ".join("".join(parser.parts["h1"] or parser.parts["title"]).split())
    return title, body


# A sentence ends after its stop and any closing quotes or brackets ("... survive again?" That's it.);
# the next may begin with a name in camel case ("tvN said").
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9‘“\"']|[a-z]+[A-Z])|\n\s*\n"
                          r"|\n(?=\s*\d+\.\s)")
ABBREVIATIONS = ("Mr.", "Ms.", "Mrs.", "Dr.", "No.", "St.", "vs.", "Jr.", "Sr.", "U.S.", "Ep.", "Vol.", "Jan.", "Feb.",
                 "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "D.P.")


def split(text: str) -> list[Sentence]:
    """Sentences (and headings, list items) with their offsets; abbreviations do not end one."""
    found, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if any(text[:match.start()].endswith(a) for a in ABBREVIATIONS):
            continue
        found += _sentence(text, start, match.start())
        start = match.end()
    found += _sentence(text, start, len(text))
    return found


def _sentence(text: str, start: int, end: int) -> list[Sentence]:
    """The stripped part of text[start:end], split at single line breaks (headings, list items)."""
    pieces = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        marker = re.match(r"\s*(?:[QA]:\s+)?", line.group())  # an interview's "Q:" and "A:" are not the sentence's
        assert marker is not None  # (the pattern matches any text)
        stripped = line.group()[marker.end():].strip()
        if stripped:
            begin = start + line.start() + marker.end()
            pieces.append(Sentence(stripped, begin, begin + len(stripped)))
    return pieces
