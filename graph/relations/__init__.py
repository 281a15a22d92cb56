"""Relationship questions answered with networkx.

`projections` builds the four networkx projections of the graph (entities, credits,
collaboration, works) from the store and keeps them in step with writes; `questions` asks them:
paths, degrees of separation, rankings, collaborators, adaptations, shared casts, communities.

May import: `tvkg.store`, `tvkg.entities` (labels, name lookup), `tvkg.errors`.
"""
