"""Requests per client, limited: a token bucket per client address, in each server process.

``TVKG_RATE_LIMIT`` requests per minute (0: no limit), with bursts up to that many. Past it a client
gets 429 Too Many Requests with Retry-After. The client is the connection's address: behind a
reverse proxy, limit there instead (tvkg does not trust X-Forwarded-For).
"""

from __future__ import annotations

import math
import threading
import time

IDLE_SECONDS = 600  # a client idle this long is forgotten (its bucket is full again anyway)


class RateLimiter:
    """Token buckets, one per client, refilled continuously at ``per_minute`` / 60 per second."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()
        self._pruned = time.monotonic()

    def wait(self, client: str) -> int:
        """0 if the client may go ahead now (and take a token), else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            tokens, when = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - when) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                self._prune(now)
                return 0
            self._buckets[client] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))

    def _prune(self, now: float) -> None:
        if now - self._pruned > IDLE_SECONDS:
            self._buckets = {c: b for c, b in self._buckets.items() if now - b[1] < IDLE_SECONDS}
            self._pruned = now
