"""The query editor page (GET /sparql from a browser) and the prefix list its completion reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from ontology.namespaces import PREFIXES
from server.examples import EXAMPLES
from server.negotiation import GRAPHS, HTML, RESULTS

blueprint = Blueprint("editor", __name__)
VENDORED = "vendor/yasgui/yasgui.min.js"


@dataclass(frozen=True)
class DownloadGroup:
    label: str
    kinds: str  # the query forms whose results come in these formats, space-separated


DOWNLOAD_GROUPS = [
    (DownloadGroup("SELECT and ASK results", "SELECT ASK"), [f for f in RESULTS if f is not HTML]),
    (DownloadGroup("CONSTRUCT and DESCRIBE graphs", "CONSTRUCT DESCRIBE"), [f for f in GRAPHS if f is not HTML]),
]


def page() -> str:
    """The editor: YASGUI with the example queries, prefix completion and download links."""
    endpoint = request.base_url
    config = {"endpoint": endpoint, "prefixesUrl": url_for("editor.prefixes"), "linksUrl": url_for("short_links.make"),
              "examples": [{"title": e.title, "query": e.query} for e in EXAMPLES]}
    return render_template("sparql.html", endpoint=endpoint, prefixes=PREFIXES, examples=EXAMPLES,
                           download_groups=DOWNLOAD_GROUPS, editor_config=config, editor_installed=_installed())


def _installed() -> bool:
    """Whether YASGUI is in static/vendor (`make assets` puts it there); without it the page offers a
    plain form instead of a broken editor."""
    return (Path(current_app.static_folder or "") / VENDORED).is_file()


@blueprint.get("/api/prefixes")
def prefixes() -> Response:
    """The prefixes every query may use undeclared, as {prefix: namespace IRI}."""
    return jsonify(PREFIXES)
