"""Answers to repeated queries, kept while the store does not change.

A published store generation never changes (tvkg.store.generations), so an answer keyed by the
generation, the query text, its dataset and its format stays right until the next write, which
publishes a new generation and so new keys. The cache is bounded in bytes (least recently used
answers go first) and keeps only answers up to a size; queries whose answer may differ from one run
to the next (NOW(), RAND(), UUIDs, blank nodes made by the query, SERVICE) are never kept.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable

VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b", re.IGNORECASE)


class ResultCache:
    """A thread-safe LRU of serialized answers, at most ``max_bytes`` in all and ``max_entry`` each."""

    def __init__(self, max_bytes: int = 64 << 20, max_entry: int = 1 << 20) -> None:
        self.max_bytes, self.max_entry = max_bytes, min(max_entry, max_bytes)
        self._entries: OrderedDict[Hashable, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = self.hits = 0

    @staticmethod
    def cacheable(query: str) -> bool:
        return VOLATILE.search(query) is None

    def get(self, key: Hashable) -> tuple[str, bytes] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, kind: str, body: bytes) -> None:
        if len(body) > self.max_entry or not self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.bytes -= len(old[1]) if old else 0
            self._entries[key] = (kind, body)
            self.bytes += len(body)
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)
