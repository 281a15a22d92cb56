"""Admission to a query pool: a query that cannot start waits its turn, and is refused only when
the queue says it would wait too long.

A query needs one of the pool's workers; a query known to run long (tvkg.query.long_queries) also
needs one of the places for long queries, fewer than the workers, so the others are kept for short
queries. Queries that cannot start wait in one line, in arrival order: whenever a worker frees, it
goes to the first waiting query that can take it (a long query with no place free is passed over,
so short queries never wait behind it).

How long a newcomer would wait is worked out from the queue: when each running query should end
(its text's estimate, or, past that, as long again as it has run, and never past its deadline),
then the waiting queries ahead of it taking the workers (and places) as they free, by the rule
above, each for as long as its own estimate. A query whose expected wait is past its bound
(``short_wait``, or ``long_wait`` for a long one) is refused at once; a query that waits its whole
bound without starting is refused then. Retry-After is how much longer than its bound the queue
says it would wait (at least a second): once that has passed, with no one else coming, it would be
let wait its turn. (Telling the whole expected wait sent clients away for longer than needed:
small queries under explosive load were answered a third less often.)

One client (its address) may have at most ``client_max`` queries waiting or running at once; past
that it is refused with 429, and asked to retry when its first one should end. At most
``max_waiting`` queries wait at once, whoever sent them: each holds one of the server's threads
(8 per process under granian), which pages need too.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from tvkg.errors import TvkgError
from tvkg.query.long_queries import LongQueries

SHORTEST = 0.005  # seconds a query is assumed to take at the least
WEIGHT = 0.2  # the newest query's share of the typical durations


class PoolBusy(TvkgError):
    """A query cannot start soon enough (every worker, or every place for long queries, is taken),
    or its client has too many queries at once (``status`` 429); retry after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = 1, status: int = 503) -> None:
        super().__init__(message)
        self.retry_after, self.status = retry_after, status


@dataclass(eq=False)
class Ticket:
    """One query's passage through admission: waiting, then running until ``leave``."""

    key: Hashable
    client: str | None
    long: bool  # holds (or waits for) a place for long queries
    expected: float  # seconds it should run
    limit: float  # its time limit: it cannot run longer
    arrived: float = field(default_factory=time.monotonic)
    started: float | None = None
    granted: threading.Event = field(default_factory=threading.Event)

    def ends(self, now: float) -> float:
        """When it should end: at its estimate, past that after as long again as it has run, never
        past its time limit."""
        if self.started is None:
            return now + self.expected
        ran = now - self.started
        left = self.expected - ran if ran < self.expected else ran
        return now + max(SHORTEST, min(left, self.started + self.limit - now))


class Admission:
    """The waiting line and the places of one pool. Thread-safe."""

    def __init__(self, workers: int, long_slots: int, long: LongQueries, short_wait: float, long_wait: float,
                 client_max: int = 0, max_waiting: int = 0) -> None:
        self.workers, self.slots, self.long = workers, long_slots, long
        self.short_wait, self.long_wait, self.client_max = short_wait, long_wait, client_max
        self.max_waiting = max_waiting  # 0: any number
        self.free, self.long_taken = workers, 0
        self.line: list[Ticket] = []
        self.running: set[Ticket] = set()
        self.clients: Counter[str] = Counter()
        self.typical = {False: 0.05, True: 2 * long.after}  # a short or long query's duration, for unknown texts
        self._lock = threading.Lock()

    def enter(self, key: Hashable, client: str | None, limit: float) -> Ticket:
        """Wait for a worker (and a place, for a query known to run long), in turn; PoolBusy when the
        queue says the wait would pass the bound, or when it does, or when ``client`` has too many."""
        estimate = self.long.estimate(key)
        is_long = estimate is not None and estimate >= self.long.after
        ticket = Ticket(key, client, is_long, estimate if estimate is not None else self.typical[is_long], limit)
        bound = self.long_wait if is_long else self.short_wait
        with self._lock:
            if client is not None and self.client_max and self.clients[client] >= self.client_max:
                raise PoolBusy(f"too many queries at once from {client}: at most {self.client_max} may wait or run "
                               f"at a time (TVKG_CLIENT_MAX_QUERIES); retry when one has ended",
                               self._client_retry(client), status=429)
            if self._can_start(ticket):  # then no one waits for what it needs: they would have been started
                self._start(ticket)
                if client is not None:
                    self.clients[client] += 1
                return ticket
            wait = self._expected_wait(ticket)
            if wait > bound:
                raise PoolBusy(self._busy(ticket, f"the queue says it would wait {wait:.1f} s, more than "
                                                  f"{bound:g} s"), _seconds(wait - bound))
            if self.max_waiting and len(self.line) >= self.max_waiting:
                raise PoolBusy(self._busy(ticket, f"{len(self.line)} queries wait already, the most that may "
                                                  "(TVKG_MAX_WAITING)"), _seconds(wait))
            self.line.append(ticket)
            if client is not None:
                self.clients[client] += 1
            self._grant()
        if ticket.granted.wait(max(0.0, ticket.arrived + bound - time.monotonic())):
            return ticket
        with self._lock:
            if ticket.granted.is_set():  # granted just as its wait ran out
                return ticket
            self.line.remove(ticket)
            if client is not None:
                self._forget(client)
            wait = self._expected_wait(ticket)
        raise PoolBusy(self._busy(ticket, f"it waited {bound:g} s without starting"), _seconds(wait - bound))

    def turned_long(self, ticket: Ticket) -> bool:
        """A running query has just run long: take a place for long queries; False when none is free."""
        with self._lock:
            if ticket.long:
                return True
            if self.long_taken >= self.slots:
                return False
            self.long_taken += 1
            ticket.long = True
            return True

    def leave(self, ticket: Ticket) -> None:
        """A query has ended (its worker is back in the pool): give its worker and place to the next."""
        with self._lock:
            self.running.discard(ticket)
            self.free += 1
            if ticket.long:
                self.long_taken -= 1
            if ticket.client is not None:
                self._forget(ticket.client)
            if ticket.started is not None:
                ran = time.monotonic() - ticket.started
                self.typical[ticket.long] += WEIGHT * (ran - self.typical[ticket.long])
            self._grant()

    def long_retry(self) -> int:
        """Seconds a query that ran long and found no place is asked to wait before it is sent again:
        then, known long, it could wait its turn for a place."""
        with self._lock:
            wait = self._expected_wait(Ticket(None, None, True, self.typical[True], math.inf))
        return _seconds(wait - self.long_wait)

    def _busy(self, ticket: Ticket, why: str) -> str:
        if ticket.long:
            return (f"this query ran longer than {self.long.after:g} s recently, and all {self.slots} places for "
                    f"long queries are taken: {why} (TVKG_LONG_QUEUE_WAIT); retry later")
        return f"all query workers are busy: {why} (TVKG_QUEUE_WAIT); retry in a moment"

    def _can_start(self, ticket: Ticket) -> bool:
        return self.free > 0 and (not ticket.long or self.long_taken < self.slots)

    def _start(self, ticket: Ticket) -> None:
        self.free -= 1
        if ticket.long:
            self.long_taken += 1
        ticket.started = time.monotonic()
        self.running.add(ticket)

    def _grant(self) -> None:
        """Start the waiting queries that can start, in turn (a long one with no place is passed over)."""
        for ticket in list(self.line):
            if self.free == 0:
                return
            if self._can_start(ticket):
                self.line.remove(ticket)
                self._start(ticket)
                ticket.granted.set()

    def _forget(self, client: str) -> None:
        self.clients[client] -= 1
        if self.clients[client] <= 0:
            del self.clients[client]

    def _expected_wait(self, newcomer: Ticket) -> float:
        """Seconds until ``newcomer`` would start behind the running queries and the waiting line, by
        the rule ``_grant`` follows: as each worker frees, the first waiting query that can start
        takes it (a long one only when a place has freed by then)."""
        now = time.monotonic()
        workers = [now] * self.free + [t.ends(now) for t in self.running]
        places = [now] * max(0, self.slots - self.long_taken) + [t.ends(now) for t in self.running if t.long]
        heapq.heapify(workers)
        heapq.heapify(places)
        ahead = [*(t for t in self.line if t is not newcomer), newcomer]
        while workers:
            at = heapq.heappop(workers)
            chosen = next((t for t in ahead if not t.long or (places and places[0] <= at)), None)
            if chosen is None:  # only long queries wait, and no place frees before this worker
                if not places:
                    break
                at, chosen = places[0], ahead[0]
            ahead.remove(chosen)
            if chosen.long:
                heapq.heapreplace(places, at + chosen.expected)
            if chosen is newcomer:
                return max(0.0, at - now)
            heapq.heappush(workers, at + chosen.expected)
        return math.inf

    def _client_retry(self, client: str) -> int:
        now = time.monotonic()
        ends = [t.ends(now) for t in self.running if t.client == client]
        return _seconds(min(ends) - now) if ends else _seconds(self.short_wait)


def _seconds(wait: float) -> int:
    """A wait as Retry-After: whole seconds, at least one (at most an hour: a queue that would never
    let the query start says infinity)."""
    return max(1, math.ceil(min(wait, 3600.0)))
