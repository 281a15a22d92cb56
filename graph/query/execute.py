"""Run SPARQL over the store and write results in the standard formats.

Queries see the store's default graph, which the loader keeps as the merge of all named graphs
(each triple once, whatever number of sources state it), and may use every prefix in
``tvkg.ontology.namespaces.PREFIXES`` without declaring it. Syntax errors become QuerySyntaxError,
said in words a person can act on by tvkg.query.syntax. ``prepare`` is what an endpoint does to a
query before a query process runs it: refuse an update, leave out SERVICE SILENT clauses to
endpoints it may not reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypedDict, cast

import pyoxigraph as ox

from tvkg.errors import QueryError
from tvkg.ontology.namespaces import PREFIXES, compact
from tvkg.query import as_of as dated
from tvkg.query.services import Skipped, check_services, skip_silent
from tvkg.query.syntax import explain, not_a_query
from tvkg.store.clusters import merged_view
from tvkg.store.formats import NAMES
from tvkg.store.generations import Store
from tvkg.store.sparql_text import FORMS, capped, query_form, row_limit_probe, tokens

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
# extension functions by IRI (what they may return as pyoxigraph types it: the tvf: ones return literals)
Functions = dict[ox.NamedNode, Callable[..., ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]]


class _Options(TypedDict, total=False):
    """A query's keyword arguments besides its text and prefixes (those of pyoxigraph's Store.query)."""

    base_iri: str
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
    named_graphs: list[ox.NamedNode | ox.BlankNode]
    custom_functions: Functions

# Names of the SPARQL results formats (SELECT/ASK) and RDF formats (CONSTRUCT/DESCRIBE).
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


class TooManyRows(QueryError):
    """The query has more solutions than the row limit allows."""


def run(store: Store, sparql: str, *, default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None, base_iri: str | None = None,
        allowed_services: tuple[str, ...] | None = None, max_rows: int = 0, merged: bool = False,
        probe_first: bool = True, as_of: str | None = None, functions: Functions | None = None) -> Result:
    """Evaluate ``sparql``; results are lazy iterators straight from Oxigraph.

    ``default_graphs`` / ``named_graphs`` describe the dataset as the SPARQL Protocol's
    default-graph-uri / named-graph-uri do; they override FROM / FROM NAMED in the query. If only
    one of the two is given, the other is empty, as the protocol says. ``base_iri`` resolves
    relative IRIs (the endpoint gives its own URL). ``allowed_services``, when given, lists the IRI
    prefixes of the endpoints SERVICE may call (see tvkg.query.services); None means no check (the CLI).
    ``max_rows`` (0: none) refuses a SELECT, CONSTRUCT or DESCRIBE with more solutions than that,
    found by a probe query that asks for the solution after the last one allowed. ``merged`` runs
    the query over the merged view, where each entity entity resolution merged has one IRI
    (tvkg.store.clusters.merged_view) instead of one per source. With ``probe_first`` False
    the query is only capped at ``max_rows`` solutions, and the caller asks ``past_row_limit``
    afterwards, when the answer is large enough to have reached the cap: one evaluation for
    the answers under the limit, which are nearly all. ``as_of`` (YYYY-MM-DD) runs it over the
    claims stated by that day (tvkg.query.as_of), in place of a dataset. ``functions`` are the
    extension functions the query may call (tvkg.shared.functions: the tvf: functions over the
    relationship projections), by IRI.
    """
    if allowed_services is not None:
        check_services(sparql, allowed_services)
    target, default_graphs, named_graphs = _target(store, merged, as_of, default_graphs, named_graphs)
    options = _dataset(default_graphs, named_graphs, base_iri)
    try:
        if functions:
            options["custom_functions"] = functions
        if max_rows and not probe_first and query_form(sparql) not in (None, "ASK"):
            return _capped_query(target, sparql, max_rows, options)
        result = target.query(sparql, prefixes=PREFIXES, **options)
        if max_rows and not isinstance(result, ox.QueryBoolean) and _past(target, sparql, max_rows, options):
            raise TooManyRows(_too_many(max_rows))
        return result
    except ValueError as error:
        raise QueryError(f"invalid dataset: {error}") from None
    except SyntaxError as error:
        raise explain(error, sparql) from None
    except (OSError, RuntimeError) as error:  # RuntimeError: e.g. an unsupported extension function
        raise QueryError(f"query failed: {error}") from None


# The fewest bytes one solution takes in each results format: a result shorter than rows x this
# cannot hold that many rows.
MIN_ROW_BYTES = {"json": 2, "xml": 17, "csv": 2, "tsv": 1}
MIN_TRIPLE_BYTES = 2  # any RDF format (Turtle's ", <x>" lists are the tightest)


def run_light(store: Store, sparql: str, formats: dict[str, str | None], rows: int,
              base_iri: str | None = None) -> tuple[str, bytes] | None:
    """Answer a light query (tvkg.query.shape) here and now: (kind, serialized answer), or None
    when its answer may hold more than ``rows`` solutions (the caller then sends it to a query
    process, which applies the endpoint's limits). The query is run with LIMIT ``rows`` + 1, so it
    never evaluates much past that."""
    try:
        result = _capped_query(store.ox, sparql, rows + 1, _dataset(None, None, base_iri))
    except SyntaxError as error:
        raise explain(error, sparql) from None
    except (ValueError, OSError, RuntimeError) as error:
        raise QueryError(f"query failed: {error}") from None
    if isinstance(result, ox.QueryTriples):
        return None  # (never: a light query is a SELECT or an ASK)
    kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
    fmt = formats.get(kind)
    if fmt not in RESULT_FORMATS:
        return None  # no format the client takes, or one this path does not write: the usual path says so
    body = cast(bytes, result.serialize(format=RESULT_FORMATS[fmt]))  # (bytes: no output given)
    if kind == "solutions" and len(body) >= (rows + 1) * MIN_ROW_BYTES[fmt]:
        return None
    return kind, body


def past_row_limit(store: Store, sparql: str, max_rows: int, *, default_graphs: list[str] | None = None,
                   named_graphs: list[str] | None = None, base_iri: str | None = None,
                   merged: bool = False, as_of: str | None = None,
                   functions: Functions | None = None) -> TooManyRows | None:
    """The row limit's refusal if the query has more than ``max_rows`` solutions (a probe asking for
    the solution after the last one allowed), else None."""
    target, default_graphs, named_graphs = _target(store, merged, as_of, default_graphs, named_graphs)
    options = _dataset(default_graphs, named_graphs, base_iri)
    if functions:
        options["custom_functions"] = functions
    return TooManyRows(_too_many(max_rows)) if _past(target, sparql, max_rows, options) else None


def _target(store: Store, merged: bool, as_of: str | None, default_graphs: list[str] | None,
            named_graphs: list[str] | None) -> tuple[ox.Store, list[str] | None, list[str] | None]:
    """The store a query runs on (the store, the merged view, or a view as of a date) and its dataset."""
    if as_of is not None:
        view, graphs = dated.target(store, as_of, merged)
        if view is not None:
            return view, None, None
        default_graphs, named_graphs = (graphs, graphs) if graphs is not None else (default_graphs, named_graphs)
    return (merged_view(store) if merged else store.ox), default_graphs, named_graphs


def _capped_query(target: ox.Store, sparql: str, rows: int, options: _Options) -> Result:
    """The query run with LIMIT ``rows``; a syntax error is reported at its place in the text as sent."""
    try:
        return target.query(capped(sparql, rows), prefixes=PREFIXES, **options)
    except SyntaxError:
        return target.query(sparql, prefixes=PREFIXES, **options)  # raises the error where the client put it


def _past(target: ox.Store, sparql: str, max_rows: int, options: _Options) -> bool:
    probe = row_limit_probe(sparql, max_rows)
    if probe is None:
        return False
    try:
        found = target.query(_every_solution_counts(probe), prefixes=PREFIXES, **options)
    except SyntaxError:  # a rewriting this reading of the text got wrong: the probe as it is
        found = target.query(probe, prefixes=PREFIXES, **options)
    return next(iter(cast(ox.QuerySolutions | ox.QueryTriples, found)), None) is not None  # (a probe asks no ASK)


SOLUTION = "<urn:tvkg:solution>"


def _every_solution_counts(probe: str) -> str:
    """A CONSTRUCT or DESCRIBE probe whose every solution makes a triple: its template (or what it
    describes) replaced by one constant triple. A template triple with a variable the solution
    leaves unbound makes nothing, and a described resource may have no triples, so the probe as
    written could miss the solution past the limit."""
    found = [t for t in tokens(probe) if t.depth == 0]
    form = next((i for i, t in enumerate(found) if t.is_word(*FORMS)), None)
    if form is None or not found[form].is_word("CONSTRUCT", "DESCRIBE"):
        return probe
    template = f"CONSTRUCT {{ {SOLUTION} {SOLUTION} {SOLUTION} }} "
    rest = found[form + 1:]
    if found[form].is_word("CONSTRUCT"):
        if not rest or rest[0].text != "{":
            return probe  # CONSTRUCT WHERE { ... }: its pattern is its template, every triple bound
        close = next((t for t in rest[1:] if t.text == "}"), None)
        return probe if close is None else probe[:found[form].start] + template + probe[close.end:]
    where = next((t for t in rest if t.text == "{" or t.is_word("WHERE", "FROM")), None)
    return probe if where is None else probe[:found[form].start] + template + probe[where.start:]


def _too_many(max_rows: int) -> str:
    return (f"the query has more than {max_rows:,} results, the row limit of this endpoint (TVKG_MAX_ROWS); "
            "use LIMIT and OFFSET to page through them")


def _dataset(default_graphs: list[str] | None, named_graphs: list[str] | None,
             base_iri: str | None) -> _Options:
    """Query options for the Protocol's dataset and base IRI."""
    options: _Options = {"base_iri": base_iri} if base_iri else {}
    if default_graphs is not None or named_graphs is not None:
        # An unused graph name stands for the empty default graph when only named graphs are given.
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ["urn:tvkg:empty-graph"]]
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
    return options


@dataclass(frozen=True)
class Prepared:
    """A query as an endpoint has a query process run it: ``text``, and the SERVICE SILENT clauses
    left out of it (tvkg.query.services.skip_silent)."""

    text: str
    skipped: tuple[Skipped, ...] = ()


def prepare(sparql: str, allowed_services: tuple[str, ...]) -> Prepared:
    """What an endpoint whose SERVICE allow-list is ``allowed_services`` runs for ``sparql``, decided
    from the text alone (no parser runs, so this is safe in a server's own thread): an update is
    refused (NotAQuery), each SERVICE SILENT to an endpoint not on the list is left out and reported,
    and a plain SERVICE to one is refused. ``run`` checks the allow-list again where the query runs."""
    refused = not_a_query(sparql)
    if refused is not None:
        raise refused
    text, skipped = skip_silent(sparql, allowed_services)
    check_services(text, allowed_services)
    return Prepared(text, skipped)


def serialize(result: Result, fmt: str) -> bytes:
    """Serialize a result: SELECT/ASK as json, xml, csv or tsv; CONSTRUCT as an RDF format name."""
    if isinstance(result, ox.QueryTriples):
        rdf_format = NAMES.get(fmt, ox.RdfFormat.TURTLE if fmt in ("table", "json") else None)
        if rdf_format is None:
            raise QueryError(f"unknown format {fmt!r} for CONSTRUCT/DESCRIBE; use one of {', '.join(NAMES)}")
        return cast(bytes, result.serialize(format=rdf_format))  # (bytes: no output given)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown results format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    return cast(bytes, result.serialize(format=RESULT_FORMATS[fmt]))


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as a person reads it: prefixed IRI, _:blank, or the literal's text with @lang."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal) and term.language:
        return f"{term.value}@{term.language}"
    return term.value


def rows(result: ox.QuerySolutions) -> tuple[list[str], Iterator[list[str]]]:
    """Column names and an iterator of rows of display strings, for tables."""
    names = [v.value for v in result.variables]
    return names, ([term_text(s[name]) for name in names] for s in result)
