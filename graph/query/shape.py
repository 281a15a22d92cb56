"""Which queries are light enough to answer in the request's own thread.

pyoxigraph cannot stop a running query, so a query that might run long is sent to a killable
query process (tvkg.query.pool). A light query is one Oxigraph answers by index lookups from the
constants it names, so its cost follows the size of its answer: a SELECT or ASK whose WHERE is one
flat group of triple patterns (no FILTER, OPTIONAL, UNION, sub-queries, paths, aggregates, ORDER BY
or SERVICE), every pattern joined, through shared variables, to a pattern with an IRI or a literal
as its subject or object (a class is no anchor), at most eight patterns. "<x> ?p ?o", a show's
cast with labels, the works of one author are light; "?s ?p ?o", "?s a tv:Person", a pattern
that names only a predicate, or anything that sorts or groups is not.
The server also bounds the rows it takes in the thread and how many such queries run at once.
"""

from __future__ import annotations

from tvkg.query.text import Token, tokens

HEAVY_WORDS = {"FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "EXISTS", "GROUP", "ORDER", "HAVING",
               "BIND", "VALUES", "FROM", "NAMED", "COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT",
               "CONSTRUCT", "DESCRIBE", "LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE"}
# Inside the group only terms and the separators of triple patterns may appear: no paths
# (/ | ^ * + ?), no blank-node lists ([ ]), no collections or expressions (( )).
SEPARATORS = {".", ";", ","}
MOST_PATTERNS = 8
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def light(query: str) -> bool:
    """Whether ``query`` is light (see the module docstring)."""
    found = tokens(query)
    forms = [t for t in found if t.depth == 0 and t.is_word("SELECT", "ASK")]
    if len(forms) != 1 or any(t.kind == "word" and t.text.upper() in HEAVY_WORDS for t in found):
        return False
    if any(t.text == "(" for t in found) or sum(t.text == "{" for t in found) != 1:
        return False  # projected expressions, or more than one group
    group = [t for t in found if t.depth == 1 and t.text != "}"]
    triples = _triples(group)
    return triples is not None and _anchored(triples)  # "ASK {}" too: nothing to look up


def _triples(group: list[Token]) -> list[tuple[Token, Token, Token]] | None:
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
        elif expect == "object":
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


def _anchored(triples: list[tuple[Token, Token, Token]]) -> bool:
    """Whether every pattern is reached from a constant subject or object through shared variables.
    A class is no anchor ("?s a tv:Person" has the whole class behind it), and neither is an
    object behind rdf:type written out."""
    def constant(term: Token) -> bool:
        return term.kind != "var"

    def typing(predicate: Token) -> bool:
        return predicate.is_word("A") or predicate.text in ("rdf:type", f"<{RDF_TYPE}>")

    if len(triples) > MOST_PATTERNS:
        return False
    bound: set[str] = set()
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
    return not left
