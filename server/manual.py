"""The manual at /docs: the site `make docs` builds from docs/ (MkDocs), served from its folder so a
reader of a running server needs no network. Static files only, looked up inside the folder."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, send_from_directory

from tvkg.server.responses import plain

blueprint = Blueprint("manual", __name__)

# The theme's pages set their colour scheme and search with small inline scripts of its own.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")


@blueprint.get("/docs/", defaults={"page": "index.html"})  # (/docs redirects here)
@blueprint.get("/docs/<path:page>")
def manual(page: str) -> Response:
    folder = current_app.config["TVKG"].docs
    if not (folder / "index.html").is_file():
        return plain(404, f"the manual has not been built in {folder}: run `make docs` (or set TVKG_DOCS "
                          "to the folder `mkdocs build` wrote)")
    response = send_from_directory(folder.resolve(), page)  # 404 for a page outside it or not there
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CSP
    return response
