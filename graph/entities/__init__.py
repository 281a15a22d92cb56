"""What a page says about one entity, and finding entities by name.

`description` reads an entity's concise bounded description and labels; `sections` the views per
type (cast, seasons, announcements, release status); `neighbourhood` the picture of its
neighbours; `search` the name index behind completion; `names` how names are normalised (case,
accents, hyphens, spaces); `ontology_terms` the ontology's classes and properties for /ontology.

`records` is an entity's JSON record (the /api/entity document).

Layer (docs/architecture.md): may import `tvkg.load`, `tvkg.query`, `tvkg.store`, `tvkg.ontology`,
`tvkg.errors`.
"""
