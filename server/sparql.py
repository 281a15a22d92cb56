"""The SPARQL 1.1 Protocol endpoint at /sparql: query by GET, form POST or direct POST.

Thin over tvkg.query.pool: this module reads the protocol (parameters, media types, dataset),
picks a format by content negotiation, and streams what a query worker process serializes to the
client. Errors are plain-text bodies a person can read, with the status the protocol prescribes.

A query past the row limit is refused before its first byte (400, naming TVKG_MAX_ROWS; the
query process checks before it sends anything). An answer cut once it has begun (by the time or
size limit) ends with a line saying why and then without the chunked body's last chunk, which
every HTTP client reports as an incomplete answer; see ``_rest``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.http import parse_accept_header

from tvkg.errors import QueryError
from tvkg.load.jobs import Update
from tvkg.query import as_of, execute
from tvkg.query.cache import ResultCache
from tvkg.query.pool import Job, QueryTimeout, ResultTooLarge, WriteJob
from tvkg.query.shape import light
from tvkg.server import describe_service
from tvkg.server.auth import check_writer
from tvkg.server.config import Config
from tvkg.server.negotiation import GRAPHS, HTML, RESULTS, Format, NotAcceptable, choose
from tvkg.server.responses import REFUSALS, ProtocolError, refusal, skipped_services
from tvkg.server.services import Services, services
from tvkg.store.generations import Store

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML_ROW_LIMIT = 2000
ROW_LIMIT = "Tvkg-Row-Limit"  # on every query answer under the row limit, and on its refusal: the limit
CUT_NOTE = "# tvkg: this answer is incomplete: "  # the last line of a cut answer (tvkg.api.remote reads it)
LIGHT_ROWS = 100_000  # a light query with more solutions goes to a query process


@dataclass
class Operation:
    """What a request asks: a query or an update, and the dataset the protocol parameters describe
    (default-/named-graph-uri for a query, using-/using-named-graph-uri for an update)."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    update: str | None = None
    as_of: str | None = None  # YYYY-MM-DD: the claims stated by then, in place of a dataset


def store() -> Store:
    return services().store


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query or an update, or describe the service when there is neither."""
    try:
        operation = read_operation()
        if operation.update is not None:
            return apply_update(operation)
        if operation.query is None:
            return describe_service.response(store(), request)
        prepared = execute.prepare(operation.query, current_app.config["TVKG"].service_allow)
        operation.query = prepared.text  # an update refused, SERVICE SILENT to an endpoint not allowed left out
        return skipped_services(answer(_as_of(operation, request.values.get("as_of"))), prepared.skipped)
    except REFUSALS as error:
        response = refusal(error)
        if isinstance(error, execute.TooManyRows):
            response.headers[ROW_LIMIT] = str(current_app.config["TVKG"].max_rows)
        return response


def read_operation() -> Operation:
    """Read the operation from the request, refusing what the protocol does not allow."""
    config = current_app.config["TVKG"]
    if request.method == "POST":
        media_type = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"only UTF-8 is accepted, not charset={charset}")
        if media_type == UPDATE:
            check_writer(config, request)
            return _checked(Operation(None, request.args.getlist("using-graph-uri"),
                                      request.args.getlist("using-named-graph-uri"), update=_body_text()),
                            config.max_query_bytes)
        if media_type == FORM and "update" in request.form:
            return _form_update(request.values, config)
        if media_type == FORM:
            params: MultiDict[str, str] = request.values  # the form, and any parameters in the URL too
        elif media_type == QUERY:
            return _checked(Operation(_body_text(), request.args.getlist("default-graph-uri"),
                                      request.args.getlist("named-graph-uri")), config.max_query_bytes)
        else:
            raise ProtocolError(415, f"POST a query as {FORM} or {QUERY}, not {media_type or 'no media type'}")
    else:
        params = request.args
        if "update" in params:
            raise ProtocolError(405 if "query" not in params else 400,
                                "SPARQL Update is only accepted by POST", {"Allow": "GET, POST"})
    queries = params.getlist("query")
    if len(queries) > 1:
        raise ProtocolError(400, f"give exactly one 'query' parameter, not {len(queries)}")
    return _checked(Operation(queries[0] if queries else None, params.getlist("default-graph-uri"),
                              params.getlist("named-graph-uri")), config.max_query_bytes)


def _as_of(operation: Operation, date: str | None) -> Operation:
    """With ``as_of=YYYY-MM-DD``, the dataset of the claims stated by then (tvkg.query.as_of)."""
    if date is None:
        return operation
    if operation.default_graphs or operation.named_graphs:
        raise ProtocolError(400, "as_of chooses the dataset itself: give it without default-graph-uri "
                                 "or named-graph-uri")
    try:
        return Operation(operation.query, as_of=as_of.parse_date(date))
    except QueryError as error:
        raise ProtocolError(400, str(error)) from None


def _form_update(form: MultiDict[str, str], config: Config) -> Operation:
    if "query" in form:
        raise ProtocolError(400, "give either a 'query' or an 'update' parameter, not both")
    check_writer(config, request)
    updates = form.getlist("update")
    if len(updates) > 1:
        raise ProtocolError(400, f"give exactly one 'update' parameter, not {len(updates)}")
    return _checked(Operation(None, form.getlist("using-graph-uri"), form.getlist("using-named-graph-uri"),
                              update=updates[0]), config.max_query_bytes)


def _body_text() -> str:
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(415, "the request body is not valid UTF-8") from None


def _checked(operation: Operation, limit: int) -> Operation:
    text = operation.query if operation.update is None else operation.update
    if text is not None and len(text.encode()) > limit:
        what = "query" if operation.update is None else "update"
        raise ProtocolError(413, f"the {what} is {len(text.encode()):,} bytes; the limit is {limit:,}")
    names = ("default-graph-uri", "named-graph-uri") if operation.update is None else (
        "using-graph-uri", "using-named-graph-uri")
    for name, iris in zip(names, (operation.default_graphs, operation.named_graphs), strict=True):
        for iri in iris:
            graph_iri(name, iri)
    return operation


def graph_iri(parameter: str, value: str) -> str:
    """The value of a parameter naming a graph, refused with 400 unless it is an absolute IRI."""
    try:
        return ox.NamedNode(value).value
    except ValueError:
        raise ProtocolError(400, f"{parameter}={value!r} is not an absolute IRI") from None


def apply_update(operation: Operation) -> Response:
    """Run an update in the writer process; 204 once the new store generation is published."""
    write(Update(operation.update or "", request.base_url, operation.default_graphs or None,
                 operation.named_graphs or None, current_app.config["TVKG"].service_allow))
    return Response(status=204)


def write(job: WriteJob) -> object:
    """Hand a write job to the writer pool and wait for it (see tvkg.load.jobs)."""
    writer = services().writer
    if writer is None:
        raise ProtocolError(403, "writes are not enabled on this server (TVKG_UPDATE_TOKEN)")
    try:
        with writer.session(job) as session:
            return session.written()
    except QueryTimeout:
        limit = current_app.config["TVKG"].update_timeout
        raise ProtocolError(503, f"the write was stopped after {limit:g} s, the time limit for writes; "
                                 "nothing was written") from None


def _merged_view() -> bool:
    """``view=merged`` asks for the merged view (one IRI per entity entity resolution merged);
    ``view=sources`` (the default) for every source's own IRIs."""
    view = request.values.get("view", "sources")
    if view not in ("sources", "merged"):
        raise ProtocolError(400, f"view is 'sources' (each source's own IRIs, the default) or 'merged' "
                                 f"(one IRI per merged entity), not {view!r}")
    return view == "merged"


def answer(operation: Operation, row_limit: bool = True) -> Response:
    """Answer from the cache or in this thread when the query is light; else run it in a pooled
    query process and stream the result in the negotiated format."""
    pool = services().pool
    config = current_app.config["TVKG"]
    chosen = _formats(request.values.get("format"), request.headers.get("Accept"))
    job = _query_job(operation, tuple((kind, _worker_format(kind, fmt)) for kind, fmt in chosen.items()),
                     config.max_rows if row_limit else 0, _merged_view())
    cache = services().cache
    key = _cache_key(store(), cache, job, chosen)
    if (quick := _quick_answer(services(), job, chosen, key)) is not None:
        kind, body, cached = quick
        return _answer(Response(body, content_type=_content_type(chosen, kind)), cached, job.max_rows)
    with contextlib.ExitStack() as stack:
        session = stack.enter_context(pool.session(job, request.remote_addr))
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
        rest = stack.pop_all()
        kept = (lambda body: cache.put(key, kind, body)) if key is not None else None
        stream = _rest(first, chunks, rest, fmt.name, current_app.logger, kept, cache.max_entry)
        response = Response(stream, content_type=fmt.content_type)
        response.call_on_close(rest.close)  # also when the body is never read (HEAD)
        return _answer(response, "miss" if key is not None else "off", job.max_rows)


def _query_job(operation: Operation, formats: tuple[tuple[str, str | None], ...], max_rows: int,
               merged: bool = False) -> Job:
    """The job for a query process: the operation's query and dataset, this request's base IRI and
    the endpoint's SERVICE allow-list."""
    return Job(operation.query or "", operation.default_graphs or None, operation.named_graphs or None,
               request.base_url, current_app.config["TVKG"].service_allow, formats, max_rows=max_rows, merged=merged,
               as_of=operation.as_of)


def _formats(format_param: str | None, accept: str | None) -> dict[str, Format | NotAcceptable]:
    """The format chosen for each kind of result (SELECT and ASK share the results formats)."""
    results = _negotiated(tuple(RESULTS), format_param, accept)
    return {"boolean": results, "solutions": results, "graph": _negotiated(tuple(GRAPHS), format_param, accept)}


def _cache_key(current: Store, cache: ResultCache, job: Job, chosen: dict[str, Format | NotAcceptable]
               ) -> tuple[Hashable, ...] | None:
    """The key of the job's answer in the cache: store generation, query, dataset, base, formats."""
    if HTML in chosen.values() or not cache.cacheable(job.query):
        return None
    return current.generation_key, job.key(), job.base_iri, job.formats, job.max_rows


def _quick_answer(shared: Services, job: Job, chosen: dict[str, Format | NotAcceptable],
                 key: tuple[Hashable, ...] | None) -> tuple[str, bytes, str] | None:
    """(kind, body, cache state) from the cache, or for a light query from this thread; None when
    the query must go to a query process."""
    cache = shared.cache
    if key is not None and (hit := cache.get(key)) is not None:
        return hit[0], hit[1], "hit"
    answered = _in_thread(shared, job, chosen)
    if answered is None:
        return None
    if key is not None:
        cache.put(key, *answered)
    return *answered, "miss" if key is not None else "off"


def _in_thread(shared: Services, job: Job, chosen: dict[str, Format | NotAcceptable]
               ) -> tuple[str, bytes] | None:
    """A light query (tvkg.query.shape) answered in this thread, without the round trip to a query
    process: when its shape is light, it asks the default dataset, it has not run long before, and
    fewer than TVKG_QUERY_WORKERS such queries run at the moment. None: send it to a process."""
    pool = shared.pool
    if job.default_graphs or job.named_graphs or job.merged or job.as_of or HTML in chosen.values() \
            or not light(job.query) or pool.long.known(job.key()):
        return None
    gate = shared.light
    if not gate.acquire(blocking=False):
        return None
    started = time.monotonic()
    try:
        rows = min(LIGHT_ROWS, job.max_rows or LIGHT_ROWS)
        return execute.run_light(shared.store, job.query, dict(job.formats), rows, job.base_iri)
    finally:
        gate.release()
        if (took := time.monotonic() - started) > pool.long.after:
            pool.long.observe(job.key(), took)  # it took long after all: a query process next time


def _answer(response: Response, cached: str, max_rows: int = 0) -> Response:
    response.headers["Vary"] = "Accept"
    response.headers["X-TVKG-Cache"] = cached  # hit, miss (kept for next time if small) or off
    if max_rows:
        response.headers[ROW_LIMIT] = str(max_rows)
    return response


def _content_type(chosen: dict[str, Format | NotAcceptable], kind: str) -> str:
    fmt = chosen[kind]
    if isinstance(fmt, NotAcceptable):
        raise fmt
    return fmt.content_type


@functools.lru_cache(maxsize=256)  # clients send the same few headers; parsing them costs more than a light query
def _negotiated(offered: tuple[Format, ...], format_param: str | None, accept: str | None) -> Format | NotAcceptable:
    try:
        return choose(list(offered), format_param, parse_accept_header(accept, MIMEAccept))
    except NotAcceptable as refusal:
        return refusal


def _worker_format(kind: str, fmt: Format | NotAcceptable) -> str | None:
    """What the worker writes: the format's name, or for the HTML table a format this module reads."""
    if isinstance(fmt, NotAcceptable):
        return None
    if fmt is HTML:
        return "ntriples" if kind == "graph" else "json"
    return fmt.name


class AnswerCut(Exception):
    """Raised out of a streamed body after its last line: the WSGI server then drops the connection
    without the chunked body's closing chunk, which every HTTP client reports as an incomplete
    answer (curl: exit 18; requests: ChunkedEncodingError; urllib: IncompleteRead)."""


class _LoggedCut(logging.Filter):
    """gunicorn logs a body that raises as an error with a traceback; a cut answer is logged once,
    as a warning with its reason (``_rest``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], AnswerCut))


logging.getLogger("gunicorn.error").addFilter(_LoggedCut())


def _rest(first: bytes, chunks: Iterator[bytes], stack: contextlib.ExitStack, fmt: str, logger: logging.Logger,
          keep: Callable[[bytes], None] | None = None, keep_up_to: int = 0) -> Iterator[bytes]:
    """The response body: the first chunk, then the rest; the worker is released when it ends. A
    whole answer no larger than ``keep_up_to`` is given to ``keep`` (the cache).

    An answer cut once begun (the status line has gone out) ends with ``cut_note`` and then
    AnswerCut. CSV and TSV go out a whole row at a time, so a cut one ends after a whole row."""
    kept: list[bytes] | None = [] if keep is not None else None
    rows = WholeRows(quoted=fmt == "csv") if fmt in ("csv", "tsv") else None
    size = sent = 0
    with stack:
        try:
            for chunk in itertools.chain([first], chunks):
                size += len(chunk)
                if kept is not None and size <= keep_up_to:
                    kept.append(chunk)
                else:
                    kept = None
                if rows is not None:
                    chunk = rows.take(chunk)
                sent += len(chunk)
                if chunk:
                    yield chunk
        except (QueryTimeout, ResultTooLarge, QueryError) as error:
            logger.warning("answer cut after %s bytes, and its connection closed: %s", f"{sent:,}", error)
            yield cut_note(error, fmt, after_row=rows is not None)
            raise AnswerCut(str(error)) from None
    if rows is not None and rows.pending:
        yield rows.pending  # a last row without a line break
    if kept is not None and keep is not None:
        keep(b"".join(kept))


def cut_note(error: Exception, fmt: str, after_row: bool) -> bytes:
    """The last line of a cut answer, for a person: that it is incomplete and why (a limit's
    message ends with its setting in brackets). It opens a quoted string it never closes, so that
    no CSV, TSV, JSON, XML or RDF parser takes it for data (a CSV reader fails: "EOF inside string")."""
    reason = " ".join(str(error).split()).replace('"', "'")
    line = f'"{CUT_NOTE}{reason}'.encode()
    return (b"" if after_row else b"\n") + line + (b"\r\n" if fmt == "csv" else b"\n")


class WholeRows:
    """Cuts a CSV or TSV answer's chunks after their last whole row, holding the rest for the next
    chunk. In SPARQL TSV a line break always ends a row (values escape theirs); in CSV one inside
    quotes belongs to its value, so a row ends at a line break after an even number of quotes."""

    def __init__(self, quoted: bool) -> None:
        self.quoted, self.pending = quoted, b""

    def take(self, chunk: bytes) -> bytes:
        data = self.pending + chunk
        end = data.rfind(b"\n")
        while self.quoted and end >= 0 and data.count(b'"', 0, end) % 2:
            end = data.rfind(b"\n", 0, end)
        whole, self.pending = data[:end + 1], data[end + 1:]
        return whole


def evaluate(query: str, as_of_date: str | None, max_bytes: int) -> tuple[str, bytes]:
    """(kind, body) of a query, as SPARQL JSON results or N-Triples, in a query process: for short
    links, which keep what a query answered. ResultTooLarge past ``max_bytes``."""
    config = current_app.config["TVKG"]
    operation = _as_of(_checked(Operation(query), config.max_query_bytes), as_of_date)
    job = _query_job(operation, (("boolean", "json"), ("solutions", "json"), ("graph", "ntriples")), config.max_rows)
    pool = services().pool
    with pool.session(job, request.remote_addr) as session:
        kind, body = session.kind(), bytearray()
        for chunk in session.chunks():
            body += chunk
            if len(body) > max_bytes:
                raise ResultTooLarge(f"the result passed {max_bytes:,} bytes, the most a short link keeps")
    return kind, bytes(body)


def html_table(kind: str, body: bytes) -> dict[str, Any]:
    """Variables and display rows (at most HTML_ROW_LIMIT) for the browser's results table."""
    if kind == "graph":
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        rows = [[execute.term_text(q.subject), execute.term_text(q.predicate), execute.term_text(q.object)]
                for q in triples[:HTML_ROW_LIMIT]]
        return {"boolean": None, "variables": ["subject", "predicate", "object"], "rows": rows,
                "truncated": len(triples) > HTML_ROW_LIMIT}
    doc = json.loads(body)
    if "boolean" in doc:
        return {"boolean": doc["boolean"], "variables": [], "rows": [], "truncated": False}
    variables = doc["head"]["vars"]
    bindings = doc["results"]["bindings"]
    rows = [[binding_text(b.get(v)) for v in variables] for b in bindings[:HTML_ROW_LIMIT]]
    return {"boolean": None, "variables": variables, "rows": rows, "truncated": len(bindings) > HTML_ROW_LIMIT}


def binding_text(binding: dict[str, str] | None) -> str:
    """A SPARQL JSON binding as display text, written the way tvkg.query.execute.term_text writes terms."""
    if binding is None:
        return ""
    if binding["type"] == "uri":
        term: ox.NamedNode | ox.BlankNode | ox.Literal = ox.NamedNode(binding["value"])
    elif binding["type"] == "bnode":
        term = ox.BlankNode(binding["value"])
    else:
        term = ox.Literal(binding["value"], language=binding.get("xml:lang"))
    return execute.term_text(term)


