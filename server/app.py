"""The Flask application factory: ``create_app(config)`` builds the app around one open store."""

from __future__ import annotations

import gc
import math
import os
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template, request, send_file

from tvkg.entities import description, search
from tvkg.entities.overview import overview
from tvkg.entities.sections import newest_announcements
from tvkg.query.cache import ResultCache
from tvkg.query.pool import QueryPool
from tvkg.relations import compact
from tvkg.server import describe_service, editor, graph_store, manual, pages, relations_api, review, short_links, sparql
from tvkg.server.config import Config
from tvkg.server.examples import EXAMPLES
from tvkg.server.rate_limit import RateLimiter
from tvkg.server.responses import plain
from tvkg.server.services import KEY, Services
from tvkg.shared import functions as tvf
from tvkg.shared import process as shared
from tvkg.store.generations import Store

OPENAPI = Path(__file__).with_name("openapi.json")
# Pages run only this server's own scripts (no inline script, nothing from elsewhere) and cannot be
# framed. Inline styles stay allowed: the query editor's components set them.
HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
    "Access-Control-Max-Age": "86400",
    # which SERVICE SILENT a query was run without; the row limit an answer is held to
    # what a browser script on another origin may read: tvkg's own headers, when to retry, the
    # validator for conditional requests, and where a new graph or short link was made
    "Access-Control-Expose-Headers": "Tvkg-Skipped-Service, Tvkg-Row-Limit, Retry-After, ETag, Location",
}


def create_app(config: Config | None = None, store: Store | None = None) -> Flask:
    """Build the app. Pass ``store`` to serve an already-open store (tests); else open config.store read-only."""
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config["TVKG"] = config
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    opened = store or Store.open(config.store, read_only=True)
    pool = QueryPool(opened.root or config.store,
                     workers=config.query_workers, timeout=config.query_timeout, wait=config.queue_wait,
                     max_bytes=config.max_result_bytes, reserved=config.reserved_workers,
                     long_after=config.long_query_seconds, long_wait=config.long_queue_wait,
                     client_max=config.client_max_queries, max_waiting=config.max_waiting, extensions=tvf.functions)
    writer = None
    if config.updates_enabled:  # one writer process; writes wait for the store's write lock
        writer = QueryPool(opened.root or config.store, workers=1, timeout=config.update_timeout,
                           wait=config.queue_wait, writer=True, reserved=0, long_after=math.inf)
    app.extensions[KEY] = Services(opened, pool, writer, ResultCache(config.cache_bytes),
                                   threading.BoundedSemaphore(config.query_workers))  # light queries in threads
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(graph_store.blueprint)
    app.register_blueprint(editor.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(relations_api.blueprint)
    app.register_blueprint(review.blueprint)
    app.register_blueprint(short_links.blueprint)
    app.register_blueprint(manual.blueprint)

    _warm(opened, config)

    limiter = RateLimiter(config.rate_limit) if config.rate_limit else None

    @app.before_request
    def limit_rate() -> Response | None:
        """At most TVKG_RATE_LIMIT requests a minute per client (static files are free)."""
        if limiter is None or request.path.startswith("/static/"):
            return None
        wait = limiter.wait(request.remote_addr or "-")
        if not wait:
            return None
        response = plain(429, f"too many requests from {request.remote_addr}: at most {config.rate_limit} "
                              f"a minute; try again in {wait} s")
        response.headers["Retry-After"] = str(wait)
        return response

    @app.before_request
    def see_new_loads() -> Response | None:
        """A load publishes a new store generation; pick it up (one readlink per request)."""
        if opened.refresh():
            _warm(opened, config)
        if request.method == "OPTIONS":  # CORS preflight
            return Response(status=204)
        return None

    @app.after_request
    def allow_other_origins(response: Response) -> Response:
        """Browser tools on other origins (YASGUI, notebooks) may query the endpoint; writes need the token."""
        response.headers.update(CORS_HEADERS)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if response.mimetype == "text/html":  # (the manual's pages set a policy of their own)
            response.headers.update({k: v for k, v in HTML_HEADERS.items() if k not in response.headers})
        return response

    @app.get("/")
    def home() -> str:
        # Counting the store is a full scan: reuse the figures cached per store generation.
        store = opened
        figures, summary = _home_figures(store)
        return render_template("home.html", figures=figures, examples=EXAMPLES,
                               announcements=newest_announcements(store), overview=summary,
                               page_url=pages.page_url)

    @app.get("/.well-known/void")
    def void() -> Response:
        store = opened
        triples = describe_service.void_triples(store, request.host_url + "sparql", request.base_url)
        return describe_service.rdf_response(triples, request)

    @app.get("/api/openapi.json")
    def openapi() -> Response:
        """The OpenAPI 3.1 description of the JSON API (schemas of every answer and error)."""
        return send_file(OPENAPI, mimetype="application/json", max_age=3600)

    @app.errorhandler(405)
    def method_not_allowed(error: Exception) -> Response:
        allowed = sorted(getattr(error, "valid_methods", None) or ["GET", "POST"])
        response = plain(405, f"{request.method} is not allowed here; use {' or '.join(allowed)}")
        response.headers["Allow"] = ", ".join(allowed)  # RFC 9110 asks for it
        return response

    @app.errorhandler(413)
    def too_large(error: Exception) -> Response:
        return plain(413, f"the request body is larger than {config.max_request_bytes:,} bytes")

    @app.errorhandler(shared.Unavailable)
    def shared_process_gone(error: shared.Unavailable) -> Response:
        return plain(503, str(error))

    @app.errorhandler(404)
    def not_found(error: Exception) -> Response:
        return plain(404, f"nothing at {request.path}; the SPARQL endpoint is /sparql")

    return app


_HOME = threading.Lock()


def _home_figures(store: Store) -> tuple[dict[str, Any], object]:
    """The home page's figures and overview, cached per store generation; one thread computes them
    while the others wait for its answer (the first visitor, arriving while the server warms them,
    computed them a second time beside it, and both took twice as long)."""
    with _HOME:
        return describe_service.figures(store), overview(store)


def _warm(store: Store, config: Config) -> None:
    """Build, in the background, what pages and questions read once per store generation: the home
    page's figures and overview (4 s on the default store, which the first visitor waited for), the
    claim graphs' provenance (every entity page shows it; 0.5 s at 1M triples, and the first show
    page waited 23 s for it at 10M), and, without a shared process, the name index and the networkx
    projections (under `tvkg serve` the shared process holds those)."""
    shared_process = bool(os.environ.get(shared.ADDRESS))

    def work() -> None:
        gc.unfreeze()  # what the last generation built may now be garbage: let the collector see it
        _home_figures(store)
        description.sources(store)
        if not shared_process:
            search.warm(store)
            if config.warm_projections:
                compact.layer(store)
        _freeze_heap()

    threading.Thread(target=work, name="warm", daemon=True).start()


def _freeze_heap() -> None:
    """Keep the collector out of what warming built: millions of long-lived objects (the name index,
    the projections) that every full collection would walk again. Measured: 10% of the server's CPU
    per request went to the collector before (perf, granian, ASK {})."""
    gc.collect()
    gc.freeze()
