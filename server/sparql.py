"""The SPARQL 1.1 Protocol endpoint at /sparql: query by GET, form POST or direct POST.

Thin over graph.query: this module reads the protocol (parameters, media types, dataset), picks a
format by content negotiation, and streams Oxigraph's serializer output to the client. Errors are
plain-text bodies a person can read, with the status the protocol prescribes.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from graph import query as sparql
from graph.errors import QueryError
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
    """Run the query and stream the result in the negotiated format."""
    current, base = store(), request.base_url

    def run() -> sparql.Result:
        return sparql.run(current, operation.query or "", default_graphs=operation.default_graphs or None,
                          named_graphs=operation.named_graphs or None, base_iri=base)

    result = run()  # lazy: checks the syntax and tells the kind of result without evaluating it
    offered = GRAPHS if isinstance(result, ox.QueryTriples) else RESULTS
    fmt = choose(offered, request.values.get("format"), request.accept_mimetypes)
    if fmt is HTML:
        body: object = render_template("results.html", **html_table(result), query=operation.query)
    elif isinstance(result, ox.QueryBoolean):
        body = result.serialize(format=fmt.writer)
    else:
        del result  # pyoxigraph results cannot cross threads: the serializer thread runs the query again
        body = stream(run, fmt)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def stream(run: Callable[[], sparql.Result], fmt: Format) -> Iterator[bytes]:
    """Run and serialize in a thread, handing the bytes over as they come: big results never sit in memory."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=8)
    cancelled = threading.Event()

    class Sink(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:  # type: ignore[no-untyped-def]
            while not cancelled.is_set():
                try:
                    chunks.put(bytes(data), timeout=0.5)
                    return len(data)
                except queue.Full:
                    continue
            raise BrokenPipeError("client went away")

    def work() -> None:
        try:
            with io.BufferedWriter(Sink(), 64 * 1024) as sink:
                run().serialize(sink, format=fmt.writer)
        except BaseException as error:  # reported to the reader below
            chunks.put(error)
        finally:
            chunks.put(None)

    threading.Thread(target=work, daemon=True, name="sparql-serializer").start()
    try:
        while (item := chunks.get()) is not None:
            if isinstance(item, BaseException):
                if isinstance(item, BrokenPipeError):
                    return
                current_app.logger.error("query failed while streaming: %s", item)
                return
            yield item
    finally:
        cancelled.set()


def html_table(result: sparql.Result) -> dict:
    """Variables and display rows (at most HTML_ROW_LIMIT) for the browser's results table."""
    if isinstance(result, ox.QueryBoolean):
        return {"boolean": bool(result), "variables": [], "rows": [], "truncated": False}
    if isinstance(result, ox.QueryTriples):
        variables, rows = ["subject", "predicate", "object"], (
            [sparql.term_text(t.subject), sparql.term_text(t.predicate), sparql.term_text(t.object)]
            for t in result)
    else:
        variables, rows = sparql.rows(result)
    shown = []
    for row in rows:
        if len(shown) == HTML_ROW_LIMIT:
            return {"boolean": None, "variables": variables, "rows": shown, "truncated": True}
        shown.append(row)
    return {"boolean": None, "variables": variables, "rows": shown, "truncated": False}


def plain(status: int, message: str) -> Response:
    """An error body a person can read."""
    return Response(message.rstrip() + "\n", status, content_type="text/plain; charset=utf-8")
