"""The store and its backends: where the quads live and how they are read and written.

`generations` is the embedded Oxigraph store (immutable generations on disk, or memory) and the
`Store` front every other package uses; `remote` keeps the store in another SPARQL 1.1 server,
`rdflib_backend` in rdflib's Dataset, `foreign` is what those two share; `formats` names the RDF
and result formats; `stats` counts what a store holds.

May import: `tvkg.errors` only (and `tvkg.query.text`, the SPARQL lexer the foreign backends need).
"""
