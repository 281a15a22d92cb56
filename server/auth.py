"""Who may write: the holder of the configured bearer token, and nobody when none is configured."""

from __future__ import annotations

import hmac

from flask import Request

from tvkg.server.config import Config
from tvkg.server.responses import ProtocolError


def check_writer(config: Config, request: Request, form_token: bool = False) -> None:
    """Refuse unless writes are enabled and the request carries the token (compared in constant time):
    as a bearer token, or, where ``form_token`` allows (a page's form, typed by a person; no cookie
    keeps it, so no other site can send it), as the form field ``token``."""
    if not config.updates_enabled:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update and Graph Store writes are disabled "
                           "(a server started with TVKG_UPDATE_TOKEN accepts them)")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if form_token and not scheme and "token" in request.form:
        scheme, token = "bearer", request.form["token"]
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.update_token.encode()):
        raise ProtocolError(401, "writing needs the update token: send 'Authorization: Bearer <token>'",
                      {"WWW-Authenticate": 'Bearer realm="tvkg"'})
