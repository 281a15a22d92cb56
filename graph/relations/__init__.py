"""Relationship questions answered with networkx.

`projections` builds the four networkx projections of the graph (entities, credits,
collaboration, works) from the store and keeps them in step with writes; `questions` asks them:
paths, degrees of separation, rankings, collaborators, adaptations, shared casts, communities.

Layer (docs/architecture.md): may import `tvkg.entities` (labels, name lookup) and what is below it.
"""
