"""A curator's entity-resolution decisions, as a write the server hands to its writer process
(tvkg.query.pool.WriteJob)."""

from __future__ import annotations

from dataclasses import dataclass

from tvkg.identity import merge
from tvkg.query.pool import WriteJob
from tvkg.store.generations import Store


@dataclass(frozen=True)
class Decide(WriteJob):
    """Accept, reject or withdraw merges of ``pairs`` (tvkg.identity.merge.decide); returns how many were decided."""

    verdict: str
    pairs: tuple[tuple[str, str], ...]
    note: str = ""
    curator: str = "a curator"

    def run(self, store: Store) -> object:
        return merge.decide(store, self.verdict, list(self.pairs), self.note, self.curator)
