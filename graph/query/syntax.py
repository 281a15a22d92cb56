"""What a SPARQL syntax error means, said so that a person can act on it: the one place where the
parser's messages become tvkg's.

Oxigraph's parser says where it gave up and what its grammar could have taken there: an undeclared
prefix comes out as "expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}' ...",
a misspelt SELECT as "expected CONSTRUCT" (the last form it tried), an update sent as a query the
same. ``explain`` reads the text itself (with the lexer of tvkg.store.sparql_text, so strings, IRIs and
comments are never mistaken for words) and names the mistake, in this order: an update where a query
was expected (NotAQuery) or the reverse; a first word that is not what a query or an update begins
with (a close spelling is suggested); a prefix that is neither declared nor one of
tvkg.ontology.namespaces.PREFIXES, which every query has. Anything else keeps the parser's words,
without its character classes. The message quotes the line with a caret under the column; the
parser's own message stays in the error's ``detail``.
"""

from __future__ import annotations

import difflib
import re
from typing import TypedDict

from tvkg.errors import NotAQuery, QuerySyntaxError
from tvkg.ontology.namespaces import PREFIXES
from tvkg.store.sparql_text import FORMS, Token, tokens

QUERY, UPDATE = "SPARQL", "SPARQL Update"
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
UPDATE_ADVICE = ("Updates go to a tvkg server: POST them as update=, with the server's update token "
                 "(tvkg query and tvkg.open() only read).")
KNOWN_PREFIXES = ", ".join(PREFIXES)
# What the parser lists among what it expected that means nothing to a person: its character classes,
# "any character", and what it could not name.
_NOISE = re.compile(r"^\[.*\]$|^<unreported>$|^Prefix not found$", re.DOTALL)
_READABLE = {"IRI parsing failed": "a valid IRI"}


def explain(error: SyntaxError, text: str, language: str = QUERY) -> QuerySyntaxError:
    """The tvkg error for Oxigraph's ``error`` on ``text`` (a query, or with ``language`` UPDATE
    one update operation as it was parsed)."""
    raw = str(error.msg if getattr(error, "msg", None) else error)
    match = re.match(r"error at (\d+):(\d+): (.*)", raw, flags=re.DOTALL)
    line, column, said = (int(match[1]), int(match[2]), match[3]) if match else (None, None, raw)
    stop = _offset(text, line, column) if line is not None and column is not None else len(text)
    found = tokens(text)
    known = _opening(found, text, language, raw) or _undeclared(found, text, stop, language, raw)
    if known is not None:
        return known
    reason = _readable(said)
    if reason is None and (closing := _unopened(found)) is not None:
        line, column = _line_column(text, closing.start)
        reason = "this } closes no {"
    return QuerySyntaxError(reason or "the parser stopped here without naming what it expected",
                            language=language, line=line, column=column, text=text, detail=raw)


def not_a_query(text: str) -> NotAQuery | None:
    """The refusal of ``text`` as a query when it is an update, decided from its first word (no
    parser runs, so the error has no ``detail``); None for anything else."""
    problem = _opening(tokens(text), text, QUERY, None)
    return problem if isinstance(problem, NotAQuery) else None


class _Where(TypedDict):
    """Where a syntax error is, as QuerySyntaxError's keyword arguments."""

    language: str
    line: int
    column: int
    text: str
    detail: str | None


def _opening(found: list[Token], text: str, language: str, raw: str | None) -> QuerySyntaxError | None:
    """The error when the first word after the prologue is not what ``language`` begins with."""
    start = _after_prologue(found)
    if start is None:
        return None  # the prologue itself is wrong: the parser says where
    if start == len(found):
        if language == UPDATE:
            return None
        return QuerySyntaxError("there is no query: it begins with SELECT, CONSTRUCT, ASK or DESCRIBE",
                                language=language, detail=raw)
    first = found[start]
    line, column = _line_column(text, first.start)
    where: _Where = {"language": language, "line": line, "column": column, "text": text, "detail": raw}
    if language == QUERY:
        if first.is_word(*UPDATE_WORDS):
            following = found[start + 1] if start + 1 < len(found) else None
            operation = first.text.upper()
            if following is not None and following.is_word("DATA", "WHERE"):
                operation += " " + following.text.upper()
            return NotAQuery(operation, UPDATE_ADVICE, line=line, column=column, text=text, detail=raw)
        if not first.is_word(*FORMS):
            return QuerySyntaxError(f"expected SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE), "
                                    f"not {_shown(first)}{_guess(first, FORMS)}", **where)
        return None
    if first.is_word(*FORMS):
        return QuerySyntaxError(f"this is a query ({first.text.upper()}), not an update: send it as a query",
                                **where)
    if not first.is_word(*UPDATE_WORDS):
        return QuerySyntaxError(f"expected an update operation ({', '.join(UPDATE_WORDS)}), "
                                f"not {_shown(first)}{_guess(first, UPDATE_WORDS)}", **where)
    return None


def _undeclared(found: list[Token], text: str, stop: int, language: str, raw: str) -> QuerySyntaxError | None:
    """The error naming the first prefix used before ``stop`` that is neither declared nor known."""
    declared = set(PREFIXES) | {found[i + 1].text[:-1] for i, t in enumerate(found[:-2])
                                if t.is_word("PREFIX") and found[i + 1].kind == "pname" and found[i + 2].kind == "iri"}
    for token in found:
        if token.kind != "pname" or token.start >= stop:
            continue
        start = token.start
        while start > 0 and text[start - 1].isalpha() and not text[start - 1].isascii():
            start -= 1  # the lexer's pname begins with an ASCII letter: the rest of the name is before it
        prefix = text[start:token.start] + token.text.split(":", 1)[0]
        if prefix in declared or (not prefix and text[start - 1:start] == "_") or text[start - 1:start] == "<":
            continue  # known, a blank node (_:b), or in an IRI the lexer could not read (<http://a b>)
        line, column = _line_column(text, start)
        guess = difflib.get_close_matches(prefix, PREFIXES, n=1, cutoff=0.6)
        return QuerySyntaxError(
            f'the prefix "{prefix}:" is not declared{f" (did you mean {guess[0]}:?)" if guess else ""}; declare it '
            f"with PREFIX {prefix}: <...>, or use one of the known prefixes, which every query has: {KNOWN_PREFIXES}",
            language=language, line=line, column=column, text=text, detail=raw)
    return None


def _after_prologue(found: list[Token]) -> int | None:
    """Index of the first token after the BASE and PREFIX declarations; None if they are malformed."""
    i = 0
    while i < len(found):
        if found[i].is_word("BASE") and i + 1 < len(found) and found[i + 1].kind == "iri":
            i += 2
        elif (found[i].is_word("PREFIX") and i + 2 < len(found) and found[i + 1].kind == "pname"
              and found[i + 1].text.endswith(":") and found[i + 2].kind == "iri"):
            i += 3
        elif found[i].is_word("BASE", "PREFIX"):
            return None
        else:
            return i
    return i


def _readable(said: str) -> str | None:
    """The parser's "expected one of ..." without the items that mean nothing to a person; a
    sentence among them (Oxigraph's own checks: "Variables and blank nodes are not allowed in
    DELETE DATA") is said alone. None when nothing is left."""
    match = re.match(r"expected (?:one of )?(.*)", said, flags=re.DOTALL)
    if not match:
        return said
    items = list(dict.fromkeys(_READABLE.get(item, item) for item in _items(match[1]) if not _NOISE.match(item)))
    sentences = [item for item in items if " " in item and item not in _READABLE.values()]
    if sentences:
        return "; ".join(sentences)
    if not items:
        return None
    return "expected " + (items[0] if len(items) == 1 else "one of " + ", ".join(items))


def _unopened(found: list[Token]) -> Token | None:
    """The first } that closes no {."""
    depth = 0
    for token in found:
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            if depth == 0:
                return token
            depth -= 1
    return None


def _items(listed: str) -> list[str]:
    """The comma-separated items of the parser's list; commas in quotes or brackets do not count."""
    items: list[str] = []
    current: list[str] = []
    depth, quote, escaped = 0, "", False
    for char in listed:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def _shown(token: Token) -> str:
    return f'"{token.text}"' if len(token.text) <= 40 else f'"{token.text[:40]}..."'


def _guess(token: Token, words: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(token.text.upper(), words, n=1, cutoff=0.6) if token.kind == "word" else []
    return f"; did you mean {close[0]}?" if close else ""


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1, in characters, as Oxigraph counts) of ``offset``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    """The offset of Oxigraph's line and column in ``text``."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return min(start + column - 1, len(text))
