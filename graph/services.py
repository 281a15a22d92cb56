"""Which remote endpoints a query may reach through SERVICE: none, unless an allow-list names them.

Oxigraph evaluates SERVICE with its own HTTP client and has no switch to turn that off, so a
public endpoint would let anyone make the server fetch any URL (server-side request forgery).
tvkg therefore reads every SERVICE target from the query text before running it: a small lexer
skips strings, IRIs and comments, so "SERVICE" inside them is not mistaken for the keyword.
"""

from __future__ import annotations

import re

from graph.errors import QueryError
from ontology.namespaces import PREFIXES

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w]+)
  | (?P<pname>[A-Za-z][\w.-]*?:[\w.:%-]*|:[\w.:%-]*)
  | (?P<word>[A-Za-z_]+)
  | (?P<other>\S)
''', re.VERBOSE)


def service_targets(query: str) -> list[str]:
    """The endpoints a query names in SERVICE clauses, as full IRIs ('?var' for a variable)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(query) if m.lastgroup != "comment"]
    prefixes = dict(PREFIXES)
    for i, (kind, text) in enumerate(tokens[:-2]):
        if kind == "word" and text.upper() == "PREFIX" and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
    targets = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][1].upper() == "SILENT":
            j += 1
        if j >= len(tokens):
            break
        target_kind, target = tokens[j]
        if target_kind == "iri":
            targets.append(target[1:-1])
        elif target_kind == "pname":
            prefix, _, local = target.partition(":")
            targets.append(prefixes.get(prefix, f"{prefix}:") + local)
        else:
            targets.append(target)
    return targets


def check_services(query: str, allowed: tuple[str, ...]) -> None:
    """Refuse the query if it names a SERVICE that no allow-list entry (an IRI prefix) covers."""
    for target in service_targets(query):
        if not any(target.startswith(prefix) for prefix in allowed if prefix):
            allow = ", ".join(allowed) if allowed else "none are allowed on this endpoint"
            raise QueryError(f"SERVICE <{target}> is not allowed (allowed endpoints: {allow})")
