"""Everything that writes: parsing files, SHACL validation, inference, SPARQL Update.

`files` loads RDF files all-or-nothing into a new generation; `validate` checks them against the
SHACL shapes; `infer` materialises the ontology's alignments; `update` applies SPARQL Update and
Graph Store writes while keeping the default graph the merge of the named graphs.

`jobs` are the writes a server hands to its writer process.

Layer (docs/architecture.md): may import `tvkg.query` (syntax messages, SERVICE checks),
`tvkg.store`, `tvkg.ontology`, `tvkg.errors`.
"""
