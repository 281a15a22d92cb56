"""How refusals look on the wire: a status, maybe headers, and a plain-text sentence a person can read."""

from __future__ import annotations

from flask import Response

from tvkg.errors import DiskFull, QueryError
from tvkg.query.pool import PoolBusy, QueryTimeout, ResultTooLarge, StoreUnavailable
from tvkg.server.negotiation import NotAcceptable


class ProtocolError(Exception):
    """A request the protocol says to refuse, with its status code and any headers it needs."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}

    def response(self) -> Response:
        response = plain(self.status, str(self))
        response.headers.update(self.headers)
        return response


def plain(status: int, message: str) -> Response:
    """An error body a person can read."""
    return Response(message.rstrip() + "\n", status, content_type="text/plain; charset=utf-8")


def retry_later(message: str, seconds: int = 1) -> Response:
    """503 with Retry-After: busy now, fine in a while."""
    response = plain(503, message)
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
        return retry_later(str(error), error.retry_after)
    if isinstance(error, StoreUnavailable):
        return retry_later(str(error))
    if isinstance(error, QueryTimeout | ResultTooLarge):
        return plain(503, str(error))
    return plain(400, str(error))
