"""What a server's processes share: one process holding the in-memory indexes (the networkx
projections and the name index) that every HTTP worker and query process asks (`process.py`).

May import tvkg.relations, tvkg.entities and tvkg.store; nothing imports it but the server,
tvkg.query.functions and the CLI's serve command."""
