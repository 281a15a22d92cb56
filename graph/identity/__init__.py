"""Entity resolution: which entities that several sources describe are one.

`merge` finds candidates (shared identifiers, then names with evidence), records each merge as
owl:sameAs in a graph of its own, lists and undoes merges.

`decisions` keeps curators' verdicts; `facts` compares what two records state; `jobs` is a
curator's decision as a write for the writer process.

Layer (docs/architecture.md): may import `tvkg.relations`, `tvkg.entities` (names) and what is
below them, such as `tvkg.load` (dropping a merge's graph).
"""
