"""Who may write: the holder of the configured bearer token, and nobody when none is configured."""

from __future__ import annotations

import hmac

from flask import Request

from server.config import Config
from server.responses import ProtocolError


def check_writer(config: Config, request: Request) -> None:
    """Refuse unless writes are enabled and the request carries the token (compared in constant time)."""
    if not config.updates_enabled:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update and Graph Store writes are disabled "
                           "(a server started with TVKG_UPDATE_TOKEN accepts them)")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.update_token.encode()):
        raise ProtocolError(401, "writing needs the update token: send 'Authorization: Bearer <token>'",
                      {"WWW-Authenticate": 'Bearer realm="tvkg"'})
