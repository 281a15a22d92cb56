"""What a query may reach through SERVICE, or an update through LOAD: nothing unless an allow-list names it.

Oxigraph evaluates SERVICE with its own HTTP client and has no switch to turn that off, so a
public endpoint would let anyone make the server fetch any URL (server-side request forgery).
tvkg therefore reads every SERVICE target from the query text before running it: a small lexer
(graph.sparql_text) skips strings, IRIs and comments, so "SERVICE" inside them is not mistaken for the keyword.
"""

from __future__ import annotations

from tvkg.errors import QueryError
from tvkg.ontology.namespaces import PREFIXES
from tvkg.query.text import tokens


def service_targets(query: str) -> list[tuple[str, str]]:
    """What a query or update would fetch: (SERVICE or LOAD, full IRI or '?var') for each such clause."""
    found = [(t.kind, t.text) for t in tokens(query)]
    prefixes = dict(PREFIXES)
    for i, (kind, text) in enumerate(found[:-2]):
        if kind == "word" and text.upper() == "PREFIX" and found[i + 2][0] == "iri":
            prefixes[found[i + 1][1].rstrip(":")] = found[i + 2][1][1:-1]
    targets = []
    for i, (kind, text) in enumerate(found):
        keyword = text.upper()
        if kind != "word" or keyword not in ("SERVICE", "LOAD"):
            continue
        j = i + 1
        if j < len(found) and found[j][1].upper() == "SILENT":
            j += 1
        if j >= len(found):
            break
        target_kind, target = found[j]
        if target_kind == "iri":
            targets.append((keyword, target[1:-1]))
        elif target_kind == "pname":
            prefix, _, local = target.partition(":")
            targets.append((keyword, prefixes.get(prefix, f"{prefix}:") + local))
        else:
            targets.append((keyword, target))
    return targets


def check_services(query: str, allowed: tuple[str, ...]) -> None:
    """Refuse a query or update that names a SERVICE or LOAD source no allow-list entry (an IRI prefix) covers."""
    for keyword, target in service_targets(query):
        if not any(target.startswith(prefix) for prefix in allowed if prefix):
            allow = ", ".join(allowed) if allowed else "none are allowed on this endpoint"
            raise QueryError(f"{keyword} <{target}> is not allowed (allowed endpoints: {allow})")
