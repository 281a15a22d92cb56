"""What a query may reach through SERVICE, or an update through LOAD: nothing unless an allow-list names it.

Oxigraph evaluates SERVICE with its own HTTP client and has no switch to turn that off, so a
public endpoint would let anyone make the server fetch any URL (server-side request forgery).
tvkg therefore reads every SERVICE target from the query text before running it: a small lexer
(tvkg.store.sparql_text) skips strings, IRIs and comments, so "SERVICE" inside them is not mistaken for the keyword.

A plain SERVICE or a LOAD to an endpoint not on the list is refused. A SERVICE SILENT one is left out
instead (``skip_silent``): SPARQL 1.1 Federated Query (section 4, "SERVICE SILENT") answers a
failing silent service with one solution binding nothing, the identity of join, and the empty group
``{}`` that replaces the clause is exactly that. The endpoint is never contacted, and the caller is
told which ones were skipped and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from tvkg.errors import QueryError
from tvkg.ontology.namespaces import PREFIXES
from tvkg.store.sparql_text import Token, tokens

NOT_ALLOWED = "not on the allow-list"
VARIABLE = "its endpoint is a variable the allow-list cannot check"


@dataclass(frozen=True)
class Skipped:
    """A SERVICE SILENT clause a query was run without: its endpoint (an IRI, or the variable
    naming it) and why it was not contacted."""

    target: str
    reason: str

    @property
    def shown(self) -> str:
        """The endpoint as SPARQL writes it: <IRI>, or the variable."""
        return self.target if self.target.startswith(("?", "$")) else f"<{self.target}>"


def service_targets(query: str) -> list[tuple[str, str]]:
    """What a query or update would fetch: (SERVICE or LOAD, full IRI or '?var') for each such clause."""
    return [(keyword, target) for keyword, _, target, _ in _clauses(tokens(query))]


def check_services(query: str, allowed: tuple[str, ...]) -> None:
    """Refuse a query or update that names a SERVICE or LOAD source no allow-list entry (an IRI prefix) covers."""
    for keyword, target in service_targets(query):
        if not _allowed(target, allowed):
            allow = ", ".join(allowed) if allowed else "none are allowed on this endpoint"
            raise QueryError(f"{keyword} <{target}> is not allowed (allowed endpoints: {allow})")


def skip_silent(query: str, allowed: tuple[str, ...]) -> tuple[str, tuple[Skipped, ...]]:
    """``query`` with each SERVICE SILENT clause whose endpoint ``allowed`` does not cover replaced by
    the empty group (a clause inside one left out goes with it), and those left out. The text
    keeps its length and its line breaks, so the parser's lines and columns still point at what the
    client wrote."""
    found = tokens(query)
    pieces, skipped, done = [], [], 0
    for keyword, silent, target, index in _clauses(found):
        if keyword != "SERVICE" or not silent or _allowed(target, allowed) or found[index].start < done:
            continue
        end = _group_end(found, index + 1)
        if end is None:
            continue  # no { } after the endpoint: the parser says what is wrong
        start = found[index - 2].start  # the SERVICE keyword
        pieces += [query[done:start], "{}", "".join(c if c in "\r\n" else " " for c in query[start + 2:end])]
        skipped.append(Skipped(target, VARIABLE if target.startswith(("?", "$")) else NOT_ALLOWED))
        done = end
    return "".join(pieces) + query[done:], tuple(skipped)


def _allowed(target: str, allowed: tuple[str, ...]) -> bool:
    return any(target.startswith(prefix) for prefix in allowed if prefix)


def _clauses(found: list[Token]) -> list[tuple[str, bool, str, int]]:
    """(SERVICE or LOAD, SILENT or not, full IRI or '?var', index of the target's token) for each clause."""
    prefixes = dict(PREFIXES)
    for i, token in enumerate(found[:-2]):
        if token.is_word("PREFIX") and found[i + 2].kind == "iri":
            prefixes[found[i + 1].text.rstrip(":")] = found[i + 2].text[1:-1]
    clauses = []
    for i, token in enumerate(found):
        if not token.is_word("SERVICE", "LOAD"):
            continue
        j = i + 1
        silent = j < len(found) and found[j].is_word("SILENT")
        j += silent
        if j >= len(found):
            break
        target = found[j]
        if target.kind == "iri":
            iri = target.text[1:-1]
        elif target.kind == "pname":
            prefix, _, local = target.text.partition(":")
            iri = prefixes.get(prefix, f"{prefix}:") + local
        else:
            iri = target.text
        clauses.append((token.text.upper(), silent, iri, j))
    return clauses


def _group_end(found: list[Token], index: int) -> int | None:
    """The offset just after the { } group that begins at token ``index``; None if there is none."""
    if index >= len(found) or found[index].text != "{":
        return None
    depth = found[index].depth
    for token in found[index + 1:]:
        if token.text == "}" and token.depth == depth:
            return token.end
    return None
