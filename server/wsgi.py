"""The WSGI application for granian: one app per server worker, configured from the environment
(``tvkg serve`` sets TVKG_STORE and the rest comes from TVKG_* variables, as in tvkg.server.config)."""

from __future__ import annotations

from flask import Flask

from tvkg.server.app import create_app


def app() -> Flask:
    """Granian calls this factory once in each worker process."""
    return create_app()
