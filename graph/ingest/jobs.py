"""A curator's review of claims extracted from news, as a write the server hands to its writer
process (tvkg.query.pool.WriteJob)."""

from __future__ import annotations

from dataclasses import dataclass

from tvkg.ingest import review
from tvkg.query.pool import WriteJob
from tvkg.store.generations import Store


@dataclass(frozen=True)
class ReviewClaims(WriteJob):
    """Accept or reject an article's claim graph, reject some of its claims, or correct one
    (``change``); what tvkg.ingest.review returns."""

    verdict: str  # accept, reject, reject-claims or correct
    graph: str
    claims: tuple[str, ...] = ()
    change: review.Change | None = None

    def run(self, store: Store) -> object:
        if self.verdict == "accept":
            review.accept(store, self.graph)
            return None
        if self.verdict == "reject":
            review.reject(store, self.graph)
            return None
        if self.verdict == "correct" and self.change is not None:
            return review.correct(store, self.graph, self.claims[0], self.change)
        return sum(review.reject_claim(store, self.graph, claim) for claim in self.claims)
