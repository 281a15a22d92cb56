"""One exception type per kind of failure, so callers can turn each into a clear message.

The CLI prints ``str(error)`` and exits non-zero; the server maps each type to an HTTP status.
Messages name what is wrong and where (file, line, column), never a traceback.

This module holds the errors any layer may raise (bad input, a store that cannot be written, a
query that is malformed or failed, a bad setting). An error that belongs to one package's work is
a subclass of TvkgError beside the code that raises it, with the fields its callers read: a busy
pool (tvkg.query.admission.PoolBusy: retry_after, status), a query stopped or refused by a limit
(tvkg.query.pool, tvkg.query.execute.TooManyRows), a name nothing or several things have
(tvkg.entities.search.UnknownEntity, AmbiguousName: the hits), a projection not ready or too large
(tvkg.relations.projections), the shared process gone (tvkg.shared.process.Unavailable).
"""

from __future__ import annotations

from pathlib import Path


class TvkgError(Exception):
    """Base class of every error tvkg reports to a person."""


class InputError(TvkgError):
    """A file or argument cannot be read: missing, empty, unknown type, bad syntax."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.path, self.line, self.column, self.message = path, line, column, message
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(where + message)


class ValidationError(TvkgError):
    """Data parsed but breaks the SHACL shapes; ``violations`` holds one sentence per problem."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        shown = violations[:20]
        more = len(violations) - len(shown)
        text = f"{len(violations)} SHACL violation(s); nothing was loaded:\n  " + "\n  ".join(shown)
        if more:
            text += f"\n  ... and {more} more"
        super().__init__(text)


class StoreError(TvkgError):
    """The store directory cannot be opened or written: locked, corrupt, read-only, disk full."""


class DiskFull(StoreError):
    """The disk holding the store is full (the server answers 507 Insufficient Storage)."""


class QueryError(TvkgError):
    """A SPARQL query or update is malformed, or failed while running.

    ``detail`` is what the query engine said, word for word, when the message says it in other
    words (a syntax error: Oxigraph's parser message); None otherwise.
    """

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with every attribute, whatever the subclass's arguments: a query process sends
        its errors to the server this way."""
        return _restored, (type(self), self.args, self.__dict__)


def _restored(kind: type[QueryError], args: tuple[object, ...], state: dict[str, object]) -> QueryError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class QuerySyntaxError(QueryError):
    """A query or update that does not parse. ``reason`` says what is wrong; ``line`` and ``column``
    (from 1) where; the message quotes that line of ``text`` with a caret under the column.

    """

    def __init__(self, reason: str, *, language: str = "SPARQL", line: int | None = None,
                 column: int | None = None, text: str = "", detail: str | None = None) -> None:
        self.reason, self.language, self.line, self.column = reason, language, line, column
        self.quoted = _quoted(text, line, column)
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        super().__init__(f"{language} syntax error{where}: {reason}{self.quoted}", detail=detail)


class NotAQuery(QuerySyntaxError):
    """A SPARQL Update where a query was expected; ``operation`` names it (INSERT DATA, CLEAR, ...).
    ``advice`` says where updates go; a caller that knows better (the endpoint) gives its own with
    ``advised``."""

    def __init__(self, operation: str, advice: str, *, line: int | None = None, column: int | None = None,
                 text: str = "", detail: str | None = None) -> None:
        self.operation, self.advice = operation, advice
        self.text = text
        super().__init__(f"this is a SPARQL Update ({operation}), not a query: a query begins with SELECT, "
                         f"CONSTRUCT, ASK or DESCRIBE, and only reads. {advice}",
                         line=line, column=column, text=text, detail=detail)

    def advised(self, advice: str) -> NotAQuery:
        """The same refusal with other advice."""
        return NotAQuery(self.operation, advice, line=self.line, column=self.column, text=self.text,
                         detail=self.detail)


QUOTED_WIDTH = 100  # characters of a long line quoted around the column


def _quoted(text: str, line: int | None, column: int | None) -> str:
    """Line ``line`` of ``text`` on its own line, with a caret under ``column`` (after a line break
    each; "" when there is no such line). A long line is cut to the part around the column."""
    lines = text.replace("\r\n", "\n").split("\n")
    if line is None or column is None or not 1 <= line <= len(lines):
        return ""
    shown, at = lines[line - 1], min(max(column - 1, 0), len(lines[line - 1]))
    if len(shown) > QUOTED_WIDTH:
        start = max(0, min(at - QUOTED_WIDTH // 2, len(shown) - QUOTED_WIDTH))
        before, after = ("..." if start else ""), ("..." if start + QUOTED_WIDTH < len(shown) else "")
        shown, at = before + shown[start:start + QUOTED_WIDTH] + after, at - start + len(before)
    if not shown.strip():
        return ""
    pad = "".join("\t" if c == "\t" else " " for c in shown[:at])  # tabs kept, so the caret lines up
    return f"\n  {shown}\n  {pad}^"


class ConfigError(TvkgError):
    """A setting cannot be used: a port already taken, a value out of range."""
