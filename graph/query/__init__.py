"""Running SPARQL: in this process, or in killable worker processes under limits.

`execute` runs one query on a store (formats, row limit, the extension functions it is given);
`pool` runs queries and writes in processes that can be stopped at their time limit (the writes
run themselves: tvkg.load.jobs and the like); `admission` and `long_queries` decide which query
starts when, keeping places for short ones; `shape` which queries are light enough for the
request's own thread; `services` the SERVICE allow-list (and SERVICE SILENT left out); `syntax`
what a syntax error means, in words a person can act on; `as_of` the claims stated by a date.

Layer (docs/architecture.md): may import `tvkg.store`, `tvkg.ontology`, `tvkg.errors`.
"""
