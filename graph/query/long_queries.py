"""Which queries run long: a decaying estimate of each query text's duration, measured every time it runs.

Nothing tells an explosive query from a quick one before it runs, so a query becomes *long* once
it has run ``after`` seconds, and must then hold one of the pool's places for long queries (fewer
than its workers; see tvkg.query.admission): the other workers are only ever held by young
queries, so a short query waits at most about ``after`` seconds for one.

Each run of a query text updates its estimate (an exponentially weighted mean, half the weight on
the newest run), so being long is re-measured, not a lasting mark: a query that ran long under a
burst and then runs quickly again is short after a run or two. A query text is *known long* while
its estimate is at least ``after``: it then waits for a place for long queries before it takes a
worker. Estimates not refreshed for ``remember_seconds`` are forgotten, and only the
``remember_count`` most recently measured texts are kept.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

WEIGHT = 0.5  # the newest run's share of a query text's estimate


class LongQueries:
    """Per-text duration estimates for one pool. Thread-safe."""

    def __init__(self, after: float, remember_seconds: float = 600.0, remember_count: int = 1024) -> None:
        self.after = after
        self.remember_seconds, self.remember_count = remember_seconds, remember_count
        self._known: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()  # key -> (estimate, when)
        self._lock = threading.Lock()

    def observe(self, key: Hashable, seconds: float, at_least: bool = False) -> None:
        """Note one run of this query text that took ``seconds``. ``at_least``: the run was stopped or
        abandoned, so ``seconds`` is only a lower bound and lowers no estimate."""
        now = time.monotonic()
        with self._lock:
            old = self._estimate(key, now)
            if old is None:
                new = seconds
            elif at_least:
                new = max(old, seconds)
            else:
                new = WEIGHT * seconds + (1 - WEIGHT) * old
            self._known[key] = (new, now)
            self._known.move_to_end(key)
            while len(self._known) > self.remember_count:
                self._known.popitem(last=False)

    def remember(self, key: Hashable) -> None:
        """Note that this query text has just run ``after`` seconds (and goes on running)."""
        self.observe(key, self.after, at_least=True)

    def estimate(self, key: Hashable) -> float | None:
        """Seconds this query text is expected to take, or None when it has not run lately."""
        with self._lock:
            return self._estimate(key, time.monotonic())

    def known(self, key: Hashable) -> bool:
        """Is this query text expected to run long (its estimate at least ``after``)?"""
        estimate = self.estimate(key)
        return estimate is not None and estimate >= self.after

    def _estimate(self, key: Hashable, now: float) -> float | None:
        found = self._known.get(key)
        if found is None:
            return None
        if now - found[1] > self.remember_seconds:
            del self._known[key]
            return None
        return found[0]
