"""News articles to extracted claims: `tvkg ingest`.

`article` reads an article (plain text, or HTML saved from a page with its boilerplate removed)
into sentences with their character offsets; `dates` resolves date expressions, explicit and
relative to the publication date, with their precision; `mentions` finds the graph's entities in
the text by every name the graph knows (romanisations included); `extract` finds cast statements
and announcements with their subject, date and status; `claims` writes one claim graph per
article, marked as extracted and not yet reviewed, each claim with its evidence (the sentence and
its offsets, as a W3C Web Annotation TextQuoteSelector and TextPositionSelector).

Rules and the graph's own names only: no model, no network. Layer (docs/architecture.md): may
import `tvkg.identity` and what is below it, not `tvkg.importers`.
"""
