"""Read SPARQL text just far enough to check or rewrite it safely.

Oxigraph parses and runs queries itself; tvkg only needs a few keywords at the top level of a query
or update: SERVICE targets (tvkg.query.services), LIMIT/OFFSET (the row limit), the ';' between update
operations and their WHERE (the Protocol's using-graph-uri). A small lexer skips strings, IRIs and
comments, so the same words inside them are never mistaken for keywords, and tracks the depth of
braces, so a subquery's LIMIT is not the query's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tvkg.errors import QueryError

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w]+)
  | (?P<pname>[A-Za-z][\w.-]*?:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z_]+)
  | (?P<number>\d+)
  | (?P<other>\S)
''', re.VERBOSE)

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


@dataclass(frozen=True)
class Token:
    kind: str    # comment, string, iri, var, pname, word, number or other
    text: str
    start: int   # offsets into the text
    end: int
    depth: int   # braces open before this token

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` without its comments."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=64)  # a request reads its query more than once (shape, cap, row limit)
def _tokens(text: str) -> tuple[Token, ...]:
    found, depth = [], 0
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match.group()
        if value == "}":
            depth = max(depth - 1, 0)
        if kind != "comment":
            found.append(Token(kind, value, match.start(), match.end(), depth))
        if value == "{":
            depth += 1
    return tuple(found)


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first of these words outside any braces."""
    for token in tokens(text):
        if token.depth == 0 and token.is_word(*FORMS):
            return token.text.upper()
    return None


def row_limit_probe(query: str, max_rows: int) -> str | None:
    """A query with a solution only if ``query`` has more than ``max_rows`` solutions.

    It is the query with its own top-level LIMIT/OFFSET replaced by ``LIMIT 1 OFFSET k+max_rows``.
    None when no probe is needed: an ASK, or a query whose own LIMIT is within the limit.
    """
    if query_form(query) in (None, "ASK"):
        return None
    found = _modifiers(query)
    if found.limit is not None and found.limit <= max_rows:
        return None
    return _replaced(query, found, ("LIMIT", "OFFSET"), f"\nLIMIT 1 OFFSET {found.offset + max_rows}\n")


def capped(query: str, rows: int) -> str:
    """The query asking for at most ``rows`` solutions: its own top-level LIMIT when that is smaller,
    else LIMIT ``rows`` (its OFFSET kept)."""
    found = _modifiers(query)
    if found.limit is not None and found.limit <= rows:
        return query
    return _replaced(query, found, ("LIMIT",), f"\nLIMIT {rows}\n")


@dataclass(frozen=True)
class _Modifiers:
    """A query's top-level LIMIT and OFFSET, where each is written, and where a new one goes."""

    limit: int | None
    offset: int
    spans: tuple[tuple[str, int, int], ...]  # ("LIMIT" or "OFFSET", start, end) as written
    insert_at: int  # before the trailing VALUES clause, or at the end


def _modifiers(query: str) -> _Modifiers:
    found = tokens(query)
    limit, offset, spans, values_at = None, 0, [], None
    for i, token in enumerate(found):
        if token.depth or token.kind != "word":
            continue
        following = found[i + 1] if i + 1 < len(found) else None
        if token.is_word("LIMIT", "OFFSET") and following is not None and following.kind == "number":
            if token.is_word("LIMIT"):
                limit = int(following.text)
            else:
                offset = int(following.text)
            spans.append((token.text.upper(), token.start, following.end))
        elif token.is_word("VALUES"):
            values_at = token.start  # the trailing VALUES clause comes after the solution modifiers
    return _Modifiers(limit, offset, tuple(spans), len(query) if values_at is None else values_at)


def _replaced(query: str, found: _Modifiers, dropped: tuple[str, ...], clause: str) -> str:
    """The query without its ``dropped`` modifiers, and ``clause`` where a modifier goes."""
    pieces, last = [], 0
    for word, start, end in found.spans:
        if word in dropped:
            pieces.append(query[last:start])
            last = end
    return "".join(pieces) + query[last:found.insert_at] + clause + query[found.insert_at:]


def split_update(update: str) -> list[str]:
    """The operations of a SPARQL Update request, each prefixed by the PREFIX/BASE lines before it.

    Prologue declarations carry over from one operation to the next, so each piece can be run alone.
    """
    found = tokens(update)
    operations, prologue, start = [], "", 0
    for token in found:
        if token.depth == 0 and token.text == ";":
            operations.append(prologue + update[start:token.start])
            prologue += _declarations(found, start, token.start, update)
            start = token.end
    rest = update[start:]
    if tokens(rest) or not operations:
        operations.append(prologue + rest)
    return operations


def _declarations(found: list[Token], start: int, end: int, text: str) -> str:
    """The PREFIX and BASE declarations between two offsets, as text."""
    out = []
    inside = [t for t in found if start <= t.start < end]
    for i, token in enumerate(inside):
        if token.is_word("PREFIX") and i + 2 < len(inside):
            out.append(f"PREFIX {inside[i + 1].text} {inside[i + 2].text}\n")
        elif token.is_word("BASE") and i + 1 < len(inside):
            out.append(f"BASE {inside[i + 1].text}\n")
    return "".join(out)


def with_using(operation: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """The operation with USING / USING NAMED clauses for the Protocol's using-(named-)graph-uri.

    The Protocol forbids combining them with USING or WITH in the text (400). ``DELETE WHERE {P}``
    takes no USING, so it is written out as its long form ``DELETE {P} USING ... WHERE {P}``.
    """
    if not default_graphs and not named_graphs:
        return operation
    found = [t for t in tokens(operation) if t.depth == 0]
    if any(t.is_word("USING", "WITH") for t in found):
        raise QueryError("using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH "
                         "in the update itself")
    using = "".join(f" USING <{g}>" for g in default_graphs) + "".join(f" USING NAMED <{g}>" for g in named_graphs)
    for i, token in enumerate(found):
        if not token.is_word("WHERE"):
            continue
        if i and found[i - 1].is_word("DELETE"):  # DELETE WHERE shorthand
            body, end = _braced(operation, token.end)
            return f"{operation[:found[i - 1].start]}DELETE {body}{using} WHERE {body}{operation[end:]}"
        return f"{operation[:token.start]}{using} {operation[token.start:]}"
    return operation  # INSERT DATA, CLEAR, LOAD ...: the dataset does not apply


def _braced(text: str, after: int) -> tuple[str, int]:
    """The first {...} group after ``after``, braces included, and the offset where it ends."""
    depth, begin = 0, None
    for token in tokens(text[after:]):
        if token.text == "{":
            begin = token.start if begin is None else begin
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0 and begin is not None:
                return text[after + begin:after + token.end], after + token.end
    raise QueryError("DELETE WHERE is not followed by a { } block")
