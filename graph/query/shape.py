"""Which queries are light enough to answer in the request's own thread.

pyoxigraph cannot stop a running query, so a query that might run long is sent to a killable
query process (tvkg.query.pool). A light query is one Oxigraph answers by index lookups from the
constants it names, so its cost follows the size of its answer: a SELECT or ASK whose WHERE holds
groups of triple patterns in which every pattern is joined, through shared variables, to a pattern
with an IRI or a literal as its subject or object (a class is no anchor), at most eight patterns a
group. Besides the flat group, two shapes that entity pages and lookups ask are light: a UNION of
such groups, each anchored on its own ("both directions": ``{ <x> ?p ?o } UNION { ?s ?p <x> }``),
and an OPTIONAL group anchored by the variables the required patterns bind (``<x> ?p ?o OPTIONAL
{ ?o skos:prefLabel ?label }``). DISTINCT, LIMIT and OFFSET are allowed; FILTER, sub-queries,
property paths of any length, aggregates, ORDER BY, BIND, VALUES and SERVICE are not. "<x> ?p ?o",
a show's cast with labels, the works of one author are light; "?s ?p ?o", "?s a tv:Person", a
pattern that names only a predicate, or anything that sorts or groups is not.
The server also bounds the rows it takes in the thread and how many such queries run at once.
"""

from __future__ import annotations

from tvkg.ontology.vocabulary import RDF_TYPE
from tvkg.store.sparql_text import Token, tokens

HEAVY_WORDS = {"FILTER", "MINUS", "GRAPH", "SERVICE", "EXISTS", "GROUP", "ORDER", "HAVING",
               "BIND", "VALUES", "FROM", "NAMED", "COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT",
               "CONSTRUCT", "DESCRIBE", "LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE"}
# Inside a group only terms and the separators of triple patterns may appear: no paths
# (/ | ^ * + ?), no blank-node lists ([ ]), no collections or expressions (( )).
SEPARATORS = {".", ";", ","}
MOST_PATTERNS = 8  # in one group

Triple = tuple[Token, Token, Token]


def light(query: str) -> bool:
    """Whether ``query`` is light (see the module docstring)."""
    found = tokens(query)
    forms = [t for t in found if t.depth == 0 and t.is_word("SELECT", "ASK")]
    if len(forms) != 1 or any(t.kind == "word" and t.text.upper() in HEAVY_WORDS for t in found):
        return False
    if any(t.text == "(" or t.depth > 2 for t in found) or sum(t.text == "{" and t.depth == 0 for t in found) != 1:
        return False  # projected expressions, groups within groups, or more than one WHERE
    parts = _parts([t for t in found if t.depth >= 1])
    if parts is None:
        return False
    required, unions, optionals = parts
    branches = [branch for union in unions for branch in union]
    if _anchored(required, set()) is None or any(_anchored(branch, set()) is None for branch in branches):
        return False
    # An OPTIONAL group is joined to what comes before it: only those patterns' variables anchor it.
    return all(_anchored(group, _anchored(required[:before], set()) or set()) is not None
               for before, group in optionals)


def _parts(where: list[Token]) -> tuple[list[Triple], list[list[list[Triple]]], list[tuple[int, list[Triple]]]] | None:
    """The WHERE group as (required patterns, UNIONs of groups, OPTIONAL groups with the number of
    required patterns written before each); None if it holds anything else. ``where`` is the
    tokens inside its braces."""
    required: list[Triple] = []
    unions: list[list[list[Triple]]] = []
    optionals: list[tuple[int, list[Triple]]] = []  # (required patterns before it, the group)
    run: list[Token] = []
    i = 0
    while i < len(where):
        token = where[i]
        if token.is_word("OPTIONAL") or token.text == "{":
            if not _flush(run, required):
                return None
            optional = token.is_word("OPTIONAL")
            group, i = _group(where, i + optional)
            branches = [group]
            while not optional and i < len(where) and where[i].is_word("UNION"):
                group, i = _group(where, i + 1)
                branches.append(group)
            if any(branch is None for branch in branches):
                return None
            groups = [branch for branch in branches if branch is not None]
            if optional:
                optionals.append((len(required), groups[0]))
            elif len(groups) == 1:
                required += groups[0]  # a group of its own is a join like any other
            else:
                unions.append(groups)
            continue
        if token.is_word("UNION", "OPTIONAL"):
            return None
        run.append(token)
        i += 1
    return (required, unions, optionals) if _flush(run, required) else None


def _flush(run: list[Token], required: list[Triple]) -> bool:
    """Move the triple patterns of ``run`` (tokens between groups) into ``required``."""
    while run and run[0].text == ".":
        run.pop(0)  # the dot that may follow a group
    triples = _triples(run) if run else []
    run.clear()
    if triples is None:
        return False
    required += triples
    return True


def _group(where: list[Token], i: int) -> tuple[list[Triple] | None, int]:
    """The triple patterns of the group opening at ``where[i]``, and the index after it."""
    if i >= len(where) or where[i].text != "{" or where[i].depth != 1:
        return None, len(where)
    end = next((j for j in range(i + 1, len(where)) if where[j].text == "}" and where[j].depth == 1), None)
    if end is None:
        return None, len(where)
    inside = where[i + 1:end]
    return (_triples(inside) if inside else []), end + 1


def _triples(group: list[Token]) -> list[Triple] | None:
    """The group's triple patterns, or None if it holds anything else."""
    terms: list[Token] = []
    for token in _terms(group):
        if token is None:
            return None
        terms.append(token)
    triples = []
    subject = predicate = None
    expect = "subject"
    for token in terms:
        if token.text in SEPARATORS:
            if expect != "separator":
                return None
            expect = {".": "subject", ";": "predicate", ",": "object"}[token.text]
            continue
        if expect == "subject":
            subject, expect = token, "predicate"
        elif expect == "predicate":
            predicate, expect = token, "object"
        elif expect == "object" and subject is not None and predicate is not None:  # (both are, by now)
            triples.append((subject, predicate, token))
            expect = "separator"
        else:
            return None
    return triples if expect in ("separator", "subject") else None


def _terms(group: list[Token]) -> list[Token | None]:
    """Terms and separators; a literal's language tag or datatype joins the literal; None for
    anything a triple pattern cannot hold."""
    out: list[Token | None] = []
    skip = 0
    for i, token in enumerate(group):
        if skip:
            skip -= 1
            continue
        if token.text == "/" and out and out[-1] is not None and out[-1].kind in ("iri", "pname") \
                and i + 1 < len(group) and group[i + 1].kind in ("iri", "pname"):
            skip = 1  # a sequence of predicates, "tv:actor/skos:prefLabel": a join through a hidden variable
            continue
        if token.kind in ("var", "iri", "pname", "number") or token.text in SEPARATORS or token.is_word("A", "TRUE",
                                                                                                      "FALSE"):
            out.append(token)
        elif token.kind == "string":
            following = group[i + 1:i + 3]
            if following and following[0].text == "@" and len(following) > 1 and following[1].kind == "word":
                skip = 2  # "text"@en
            elif len(following) > 1 and following[0].text == "^" and following[1].text == "^":
                skip = 3  # "1"^^xsd:integer
            out.append(token)
        else:
            out.append(None)
    return out


def _anchored(triples: list[Triple], bound: set[str]) -> set[str] | None:
    """The variables bound once every pattern is reached from a constant subject or object, or a
    variable already in ``bound``, through shared variables; None if some pattern is not (or the
    group is too big). A class is no anchor ("?s a tv:Person" has the whole class behind it), and
    neither is an object behind rdf:type written out."""
    def constant(term: Token) -> bool:
        return term.kind != "var"

    def typing(predicate: Token) -> bool:
        return predicate.is_word("A") or predicate.text in ("rdf:type", f"<{RDF_TYPE.value}>")

    if len(triples) > MOST_PATTERNS:
        return None
    bound = set(bound)
    left = list(triples)
    progress = True
    while left and progress:
        progress = False
        for triple in list(left):
            subject, predicate, obj = triple
            if constant(subject) or (constant(obj) and not typing(predicate)) \
                    or subject.text in bound or obj.text in bound:
                bound |= {t.text for t in triple if t.kind == "var"}
                left.remove(triple)
                progress = True
    return None if left else bound
