"""Everything that writes: parsing files, SHACL validation, inference, SPARQL Update.

`files` loads RDF files all-or-nothing into a new generation; `validate` checks them against the
SHACL shapes; `infer` materialises the ontology's alignments; `update` applies SPARQL Update and
Graph Store writes while keeping the default graph the merge of the named graphs.

May import: `tvkg.store`, `tvkg.query` (syntax messages, SERVICE checks), `tvkg.errors`.
"""
