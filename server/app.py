"""The Flask application factory: ``create_app(config)`` builds the app around one open store."""

from __future__ import annotations

from flask import Flask, Response, render_template, request

from graph import query as sparql
from graph import stats as statistics
from graph.errors import QueryError
from graph.store import Store
from server.config import Config


def create_app(config: Config | None = None, store: Store | None = None) -> Flask:
    """Build the app. Pass ``store`` to serve an already-open store (tests); else open config.store read-only."""
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config["TVKG"] = config
    app.extensions["tvkg_store"] = store or Store.open(config.store, read_only=True)

    @app.before_request
    def see_new_loads() -> None:
        """A load publishes a new store generation; pick it up (one readlink per request)."""
        app.extensions["tvkg_store"].refresh()

    @app.get("/")
    def home() -> str:
        figures = statistics.collect(app.extensions["tvkg_store"])
        return render_template("home.html", figures=figures)

    @app.route("/sparql", methods=["GET", "POST"])
    def endpoint() -> Response:
        text = request.values.get("query")
        if text is None:
            return Response("missing 'query' parameter\n", 400, mimetype="text/plain")
        if len(text.encode()) > config.max_query_bytes:
            return Response(f"query longer than {config.max_query_bytes} bytes\n", 413, mimetype="text/plain")
        fmt = request.values.get("format", "json")
        try:
            result = sparql.run(app.extensions["tvkg_store"], text)
            body = sparql.serialize(result, fmt)
        except QueryError as error:
            return Response(f"{error}\n", 400, mimetype="text/plain")
        types = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values"}
        return Response(body, mimetype=types.get(fmt, "text/turtle"))

    return app
