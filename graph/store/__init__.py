"""The store and its backends: where the quads live and how they are read and written.

`generations` is the embedded Oxigraph store (immutable generations on disk, or memory) and the
`Store` front every other package uses; `remote` keeps the store in another SPARQL 1.1 server,
`rdflib_backend` in rdflib's Dataset, `foreign` is what those two share; `formats` names the RDF
and result formats; `stats` counts what a store holds; `derived` keeps what is built from a
generation (indexes, overviews) beside the store; `clusters` reads the merges (owl:sameAs) and
gives the merged view every layer above reads; `sparql_text` is a lexer for what SPARQL text must
be checked for (SERVICE and LOAD targets, LIMIT, update operations).

Layer (docs/architecture.md): may import `tvkg.ontology`, `tvkg.errors`.
"""
