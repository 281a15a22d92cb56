"""tvkg: a knowledge graph of TV productions. ``tvkg.open(path)`` and ``tvkg.connect(url)`` are its
Python API (``tvkg.api``); ``%load_ext tvkg`` adds the ``%%sparql`` cell magic to Jupyter.

This package is the repository's graph/ folder, the knowledge-graph core (server/ is installed as
``tvkg.server``, ontology/ as ``tvkg.ontology``); nothing in it serves HTTP.

The CLI (`graph/cli.py`) and the Flask app (`server/`) are thin callers of it. Its subpackages,
each named for what it does:

- `store`: the store and its backends (Oxigraph generations, remote SPARQL server, rdflib), formats
- `load`: parsing, SHACL validation, inference, updates: everything that writes
- `query`: running SPARQL, in killable processes under limits; tvf: functions
- `entities`: what a page says about one entity; search and name normalisation
- `relations`: networkx projections and the questions asked of them
- `identity`: entity resolution (merges)
- `importers`: one module per open-data source format
- `errors`: one exception type per kind of failure, shared by all
- `api`: the Python API for notebooks and scripts, over a store or a running server
"""

from typing import Any

# tvkg.api's __all__, repeated so that ``tvkg.X`` imports nothing until used (a test keeps the two equal)
API = ("IRI", "AmbiguousName", "BlankNode", "Collaborator", "Connection", "Entity", "Graph", "Hit", "LangString",
       "LocalGraph", "Match", "Merge", "Node", "NotReady", "PartialDate", "QueryError", "Ranked", "RemoteGraph",
       "Resolution", "Results", "Separation", "Source", "Statement", "Step", "TooLarge", "TvkgError", "TypedLiteral",
       "UnknownEntity", "connect", "open")


def __getattr__(name: str) -> Any:
    """``tvkg.open`` and the rest of ``tvkg.api``, imported on first use: the CLI and the server,
    which import this package too, do not pay for the API's imports. ``tvkg.__version__`` is the
    installed distribution's version (what ``tvkg --version`` prints), read when asked for."""
    if name in API:
        from tvkg import api
        return getattr(api, name)
    if name == "__version__":
        from importlib.metadata import version
        return version("tvkg")
    raise AttributeError(f"module 'tvkg' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext tvkg``: the ``%%sparql`` cell magic."""
    from tvkg.api.magic import load_ipython_extension as load
    load(ipython)
