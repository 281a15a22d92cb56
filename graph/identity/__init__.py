"""Entity resolution: which entities that several sources describe are one.

`merge` finds candidates (shared identifiers, then names with evidence), records each merge as
owl:sameAs in a graph of its own, lists and undoes merges.

May import: `graph.store`, `graph.load` (dropping a merge's graph), `graph.entities` (names),
`graph.errors`.
"""
