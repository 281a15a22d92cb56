"""tvkg's knowledge-graph core: the store, loading, validation, inference and queries.

Nothing in this package knows about HTTP; the CLI (graph/cli.py) and the Flask app (server/)
are thin callers of it.
"""
