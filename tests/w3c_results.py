"""Compare SPARQL results the way the W3C test suites mean: rows as a multiset, blank nodes up to renaming.

Used by the query-evaluation runner. Literals compare as RDF 1.1 terms (a plain literal is an
xsd:string), except that numbers of the same datatype compare by value: Oxigraph stores numbers in
canonical form ("1.0"^^xsd:decimal is read as "1"), which the expected files do not. Graphs
compare by isomorphism (rdflib.compare). Expected results written as RDF (the rs: result-set
vocabulary) are read into solutions too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, Namespace, Variable
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.query import Result
from rdflib.term import Node

Row = Mapping[Variable, Node]
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt}


def term(node: Node) -> Node:
    """The form ``node`` is compared in: "a"^^xsd:string is "a"; numbers in canonical lexical form."""
    if not isinstance(node, Literal) or node.language:
        return node
    if node.datatype == XSD.string:
        return Literal(str(node))
    try:
        if node.datatype == XSD.decimal:
            return Literal(format(Decimal(str(node)).normalize(), "f"), datatype=XSD.decimal)
        if node.datatype in INTEGERS:
            return Literal(str(int(str(node))), datatype=node.datatype)
        if node.datatype in (XSD.double, XSD.float):
            return Literal(repr(float(str(node))), datatype=node.datatype)
    except (ValueError, InvalidOperation):  # an ill-typed literal stays as it is
        pass
    return node


def rows(result: Result) -> list[dict[Variable, Node]]:
    """The solutions of a SELECT result as dicts of bound variables only."""
    variables = list(result.vars or [])
    out = []
    for solution in result.bindings:
        out.append({Variable(v): term(value) for v, value in solution.items()
                    if value is not None and (not variables or Variable(v) in variables)})
    return out


def result_set(graph: Graph) -> tuple[set[str], list[dict[Variable, Node]]] | bool | None:
    """Solutions (variables, rows) or a boolean from a result written in the rs: vocabulary; None if not one."""
    results = graph.value(predicate=RDF.type, object=RS.ResultSet)
    if results is None:
        return None
    boolean = graph.value(results, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())
    variables = {str(v) for v in graph.objects(results, RS.resultVariable)}
    solutions = []
    for solution in graph.objects(results, RS.solution):
        solutions.append({Variable(str(graph.value(b, RS.variable))): term(graph.value(b, RS.value))
                          for b in graph.objects(solution, RS.binding)})
    return variables, solutions


def same_solutions(expected: list[dict[Variable, Node]], actual: list[dict[Variable, Node]]) -> bool:
    """True when the two multisets of solutions are equal up to a consistent renaming of blank nodes."""
    if len(expected) != len(actual):
        return False
    ground_e = Counter(_frozen(r) for r in expected if not _has_bnode(r))
    ground_a = Counter(_frozen(r) for r in actual if not _has_bnode(r))
    if ground_e != ground_a:
        return False
    return _match([r for r in expected if _has_bnode(r)], [r for r in actual if _has_bnode(r)], {})


def _has_bnode(row: Row) -> bool:
    return any(isinstance(v, BNode) for v in row.values())


def _frozen(row: Row) -> frozenset[tuple[Variable, Node]]:
    return frozenset(row.items())


def _match(expected: list[Row], actual: list[Row], names: dict[BNode, BNode]) -> bool:
    """Backtracking search for a bijection of blank nodes under which the rows pair up."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    for i, candidate in enumerate(actual):
        extended = _unify(first, candidate, names)
        if extended is not None and _match(rest, actual[:i] + actual[i + 1:], extended):
            return True
    return False


def _unify(expected: Row, actual: Row, names: dict[BNode, BNode]) -> dict[BNode, BNode] | None:
    if expected.keys() != actual.keys():
        return None
    names = dict(names)
    taken = set(names.values())
    for var, value in expected.items():
        other = actual[var]
        if isinstance(value, BNode) and isinstance(other, BNode):
            if value in names:
                if names[value] != other:
                    return None
            elif other in taken:
                return None
            else:
                names[value] = other
                taken.add(other)
        elif value != other:
            return None
    return names


def same_graph(expected: Graph, actual: Graph) -> bool:
    """Graph results compare by isomorphism, after folding xsd:string literals to plain ones."""
    return isomorphic(_plain(expected), _plain(actual))


def _plain(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, term(o)))
    return out


def describe(solutions: Iterable[Row]) -> str:
    """A short listing for assertion messages."""
    lines = [" ".join(f"?{k}={v.n3()}" for k, v in sorted(r.items())) for r in solutions]
    return "\n".join(sorted(lines)[:20]) or "(no rows)"
