"""One exception type per kind of failure, so callers can turn each into a clear message.

The CLI prints ``str(error)`` and exits non-zero; the server maps each type to an HTTP status.
Messages name what is wrong and where (file, line, column), never a traceback.
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
    """A SPARQL query or update is malformed, or failed while running."""


class ConfigError(TvkgError):
    """A setting cannot be used: a port already taken, a value out of range."""
