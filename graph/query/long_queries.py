"""Keep query workers free for short queries: long queries may hold only some of them.

Nothing tells an explosive query from a quick one before it runs, so a pool that admits queries
first come, first served is soon full of explosive ones, and every short query is turned away.
Instead, a query becomes *long* once it has run ``after`` seconds, and must then take one of
``slots`` places (fewer than the pool's workers). When they are all taken it is stopped and its
client asked to retry. The rest of the workers are only ever held by young queries, so a short
query waits at most about ``after`` seconds for one.

The text of a query that ran long is remembered for a while. When it comes again it must take
its place before it takes a worker, and is turned away at once when there is none: resubmitting an
explosive query over and over costs the server nothing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable


class LongQueries:
    """The places for long queries in one pool, and the queries known to run long. Thread-safe."""

    def __init__(self, slots: int, after: float, remember_seconds: float = 600.0, remember_count: int = 1024) -> None:
        self.slots, self.after = slots, after
        self.remember_seconds, self.remember_count = remember_seconds, remember_count
        self.taken = 0
        self._known: OrderedDict[Hashable, float] = OrderedDict()  # key -> when it last ran long
        self._lock = threading.Lock()

    def claim(self) -> bool:
        """Take a place for a long query; False when they are all taken."""
        with self._lock:
            if self.taken >= self.slots:
                return False
            self.taken += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.taken -= 1

    def remember(self, key: Hashable) -> None:
        """Note that this query ran long (the oldest notes are forgotten past ``remember_count``)."""
        with self._lock:
            self._known[key] = time.monotonic()
            self._known.move_to_end(key)
            while len(self._known) > self.remember_count:
                self._known.popitem(last=False)

    def known(self, key: Hashable) -> bool:
        """Did this query run long in the last ``remember_seconds``?"""
        with self._lock:
            when = self._known.get(key)
            if when is not None and time.monotonic() - when > self.remember_seconds:
                del self._known[key]
                return False
            return when is not None
