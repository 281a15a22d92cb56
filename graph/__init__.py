"""tvkg's knowledge-graph core; nothing in this package knows about HTTP.

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
"""
