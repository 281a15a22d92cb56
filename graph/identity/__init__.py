"""Entity resolution: which entities that several sources describe are one.

`merge` finds candidates (shared identifiers, then names with evidence), records each merge as
owl:sameAs in a graph of its own, lists and undoes merges.

May import: `tvkg.store`, `tvkg.load` (dropping a merge's graph), `tvkg.entities` (names),
`tvkg.errors`.
"""
