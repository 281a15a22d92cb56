"""The SPARQL 1.1 Protocol endpoint at /sparql: query by GET, form POST or direct POST.

Thin over graph.query_pool: this module reads the protocol (parameters, media types, dataset),
picks a format by content negotiation, and streams what a query worker process serializes to the
client. Errors are plain-text bodies a person can read, with the status the protocol prescribes.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from graph import query as sparql
from graph.errors import QueryError
from graph.query_pool import Job, PoolBusy, QueryPool, QueryTimeout, ResultTooLarge
from graph.store import Store
from server import describe_service
from server.negotiation import GRAPHS, HTML, RESULTS, Format, NotAcceptable, choose

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML_ROW_LIMIT = 2000


class ProtocolError(Exception):
    """A request the protocol says to refuse, with its status code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Operation:
    """What a request asks: the query text and the dataset the protocol parameters describe."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def store() -> Store:
    return current_app.extensions["tvkg_store"]


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query, or describe the service when there is none."""
    try:
        operation = read_operation()
        if operation.query is None:
            return describe_service.response(store(), request)
        return answer(operation)
    except ProtocolError as error:
        return plain(error.status, str(error))
    except NotAcceptable as error:
        return plain(406, str(error))
    except PoolBusy as error:
        response = plain(503, str(error))
        response.headers["Retry-After"] = "1"
        return response
    except (QueryTimeout, ResultTooLarge) as error:
        return plain(503, str(error))
    except QueryError as error:
        return plain(400, str(error))


def read_operation() -> Operation:
    """Read the operation from the request, refusing what the protocol does not allow."""
    config = current_app.config["TVKG"]
    if request.method == "POST":
        media_type = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"only UTF-8 is accepted, not charset={charset}")
        if media_type == UPDATE or (media_type == FORM and "update" in request.form):
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is disabled")
        if media_type == FORM:
            params = request.form
        elif media_type == QUERY:
            try:
                text = request.get_data(cache=False).decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(415, "the query body is not valid UTF-8") from None
            return _checked(Operation(text, request.args.getlist("default-graph-uri"),
                                      request.args.getlist("named-graph-uri")), config.max_query_bytes)
        else:
            raise ProtocolError(415, f"POST a query as {FORM} or {QUERY}, not {media_type or 'no media type'}")
    else:
        params = request.args
        if "update" in params:
            raise ProtocolError(405 if "query" not in params else 400,
                                "SPARQL Update is only accepted by POST (and is disabled on this endpoint)")
    queries = params.getlist("query")
    if len(queries) > 1:
        raise ProtocolError(400, f"give exactly one 'query' parameter, not {len(queries)}")
    return _checked(Operation(queries[0] if queries else None, params.getlist("default-graph-uri"),
                              params.getlist("named-graph-uri")), config.max_query_bytes)


def _checked(operation: Operation, limit: int) -> Operation:
    if operation.query is not None and len(operation.query.encode()) > limit:
        raise ProtocolError(413, f"the query is {len(operation.query.encode()):,} bytes; the limit is {limit:,}")
    return operation


def answer(operation: Operation) -> Response:
    """Run the query in a pooled worker process and stream the result in the negotiated format."""
    pool: QueryPool = current_app.extensions["tvkg_pool"]
    results = _negotiate(RESULTS)  # SELECT and ASK share the results formats
    chosen = {"boolean": results, "solutions": results, "graph": _negotiate(GRAPHS)}
    job = Job(operation.query or "", operation.default_graphs or None, operation.named_graphs or None,
              request.base_url, current_app.config["TVKG"].service_allow,
              tuple((kind, _worker_format(kind, fmt)) for kind, fmt in chosen.items()))
    with contextlib.ExitStack() as stack:
        session = stack.enter_context(pool.session(job))
        kind = session.kind()
        fmt = chosen[kind]
        if isinstance(fmt, NotAcceptable):
            raise fmt
        if fmt is HTML:
            body = b"".join(session.chunks())
            return Response(render_template("results.html", **html_table(kind, body), query=operation.query),
                            mimetype="text/html")
        chunks = session.chunks()
        first = next(chunks, b"")  # a query that times out before its first byte gets a clean error
        response = Response(_rest(first, chunks, stack.pop_all()), content_type=fmt.content_type)
        response.headers["Vary"] = "Accept"
        return response


def _negotiate(offered: list[Format]) -> Format | NotAcceptable:
    try:
        return choose(offered, request.values.get("format"), request.accept_mimetypes)
    except NotAcceptable as refusal:
        return refusal


def _worker_format(kind: str, fmt: Format | NotAcceptable) -> str | None:
    """What the worker writes: the format's name, or for the HTML table a format this module reads."""
    if isinstance(fmt, NotAcceptable):
        return None
    if fmt is HTML:
        return "ntriples" if kind == "graph" else "json"
    return fmt.name


def _rest(first: bytes, chunks: Iterator[bytes], stack: contextlib.ExitStack) -> Iterator[bytes]:
    """The response body: the first chunk, then the rest; the worker is released when it ends."""
    with stack:
        yield first
        try:
            yield from chunks
        except (QueryTimeout, ResultTooLarge, QueryError) as error:
            # The status line has gone out; ending the chunked body early tells the client it is cut.
            current_app.logger.warning("result cut short: %s", error)


def html_table(kind: str, body: bytes) -> dict:
    """Variables and display rows (at most HTML_ROW_LIMIT) for the browser's results table."""
    if kind == "graph":
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        rows = [[sparql.term_text(q.subject), sparql.term_text(q.predicate), sparql.term_text(q.object)]
                for q in triples[:HTML_ROW_LIMIT]]
        return {"boolean": None, "variables": ["subject", "predicate", "object"], "rows": rows,
                "truncated": len(triples) > HTML_ROW_LIMIT}
    doc = json.loads(body)
    if "boolean" in doc:
        return {"boolean": doc["boolean"], "variables": [], "rows": [], "truncated": False}
    variables = doc["head"]["vars"]
    bindings = doc["results"]["bindings"]
    rows = [[_cell(b.get(v)) for v in variables] for b in bindings[:HTML_ROW_LIMIT]]
    return {"boolean": None, "variables": variables, "rows": rows, "truncated": len(bindings) > HTML_ROW_LIMIT}


def _cell(binding: dict | None) -> str:
    """A SPARQL JSON binding as display text, written the way graph.query.term_text writes terms."""
    if binding is None:
        return ""
    if binding["type"] == "uri":
        term: ox.NamedNode | ox.BlankNode | ox.Literal = ox.NamedNode(binding["value"])
    elif binding["type"] == "bnode":
        term = ox.BlankNode(binding["value"])
    else:
        term = ox.Literal(binding["value"], language=binding.get("xml:lang"))
    return sparql.term_text(term)


def plain(status: int, message: str) -> Response:
    """An error body a person can read."""
    return Response(message.rstrip() + "\n", status, content_type="text/plain; charset=utf-8")
