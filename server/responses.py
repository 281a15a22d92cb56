"""How refusals look on the wire: a status, maybe headers, and a plain-text sentence a person can read.

A client whose Accept names ``application/json`` gets the same refusal as JSON instead, the way the
JSON API (/api/...) answers errors: ``{"error": sentence}``, and for a query that does not parse
``"detail"`` (the parser's own message, word for word), ``"line"`` and ``"column"`` too.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from flask import Response, current_app, has_request_context, request

from tvkg.errors import DiskFull, NotAQuery, QueryError, QuerySyntaxError
from tvkg.query.pool import PoolBusy, QueryTimeout, ResultTooLarge, StoreUnavailable
from tvkg.query.services import NOT_ALLOWED, Skipped
from tvkg.server.negotiation import NotAcceptable

SKIPPED_HEADER = "Tvkg-Skipped-Service"


class ProtocolError(Exception):
    """A request the protocol says to refuse, with its status code and any headers it needs."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}

    def response(self) -> Response:
        response = plain(self.status, str(self))
        response.headers.update(self.headers)
        return response


def plain(status: int, message: str, error: Exception | None = None) -> Response:
    """An error body a person can read: plain text, or JSON for a client that asks for it (with
    what ``error`` knows beyond its message)."""
    if _wants_json():
        document: dict[str, object] = {"error": message.rstrip()}
        if isinstance(error, QueryError) and error.detail is not None:
            document["detail"] = error.detail
        if isinstance(error, QuerySyntaxError) and error.line is not None:
            document.update(line=error.line, column=error.column)
        return Response(json.dumps(document, ensure_ascii=False) + "\n", status,
                        content_type="application/json; charset=utf-8")
    return Response(message.rstrip() + "\n", status, content_type="text/plain; charset=utf-8")


def _wants_json() -> bool:
    """Whether the request is to a JSON API (/api/...), or its Accept names JSON itself (not only
    through */*): the JSON APIs answer every error in JSON, the rate limit's and an unknown path's too."""
    if not has_request_context():
        return False
    return request.path.startswith("/api/") or any(
        value in ("application/json", "application/problem+json") and quality > 0
        for value, quality in request.accept_mimetypes)


def retry_later(message: str, seconds: int = 1, status: int = 503) -> Response:
    """503 (or 429, for a client with too many queries at once) with Retry-After: busy now, fine in a while."""
    response = plain(status, message)
    response.headers["Retry-After"] = str(seconds)
    return response


# What the endpoint views turn into an error response instead of a traceback.
REFUSALS = (ProtocolError, NotAcceptable, DiskFull, PoolBusy, StoreUnavailable, QueryTimeout, ResultTooLarge,
            QueryError)


def refusal(error: Exception) -> Response:
    """The response for one of REFUSALS: 4xx for the client's mistakes, 503 for the server's limits."""
    if isinstance(error, ProtocolError):
        return error.response()
    if isinstance(error, NotAcceptable):
        return plain(406, str(error))
    if isinstance(error, DiskFull):
        return plain(507, str(error))  # Insufficient Storage (RFC 4918): no point retrying soon
    if isinstance(error, PoolBusy):
        return retry_later(str(error), error.retry_after, error.status)
    if isinstance(error, StoreUnavailable):
        return retry_later(str(error))
    if isinstance(error, QueryTimeout | ResultTooLarge):
        return plain(503, str(error))
    if isinstance(error, NotAQuery):
        error = error.advised(_update_advice())
    return plain(400, str(error), error)


def _update_advice() -> str:
    """Where this endpoint takes updates, and whether it takes any (server/auth.py decides)."""
    advice = ("Send it to this endpoint as update= in a POST (form-encoded, or the update itself as the body "
              "with Content-Type: application/sparql-update), with the update token: "
              "'Authorization: Bearer <token>'.")
    if not current_app.config["TVKG"].updates_enabled:
        advice += " This endpoint is read-only, though: it takes updates only when started with TVKG_UPDATE_TOKEN."
    return advice


def skipped_services(response: Response, skipped: tuple[Skipped, ...]) -> Response:
    """``response`` with a Tvkg-Skipped-Service header for each SERVICE SILENT clause the query was
    run without: ``<endpoint> (why)``. The values hold no comma (one in an IRI is percent-encoded), so
    a client that joins the headers into one comma-separated list can split it again."""
    for left_out in skipped:
        why = f"{NOT_ALLOWED}: TVKG_SERVICE_ALLOW" if left_out.reason == NOT_ALLOWED else left_out.reason
        response.headers.add(SKIPPED_HEADER, f"{quote(left_out.shown, safe=_IRI_CHARACTERS)} ({why})")
    return response


# What stays as it is in a header value: printable ASCII but the comma. Other characters of an IRI are
# percent-encoded as UTF-8, as an IRI becomes a URI (RFC 3987, 3.1).
_IRI_CHARACTERS = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != ",")
