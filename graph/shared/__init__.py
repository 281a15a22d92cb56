"""What a server's processes share: one process holding the in-memory indexes (the networkx
projections and the name index) that every HTTP worker and query process asks (`process.py`).

`functions` are the tvf: SPARQL extension functions, answered from that process.

Layer (docs/architecture.md): may import `tvkg.relations`, `tvkg.entities` and what is below them;
only the server, the Python API and the CLI import it."""
