"""The bookkeeping behind the places for long queries (graph.long_queries); the server's behaviour
under explosive queries is tested in test_endpoint_limits."""

from __future__ import annotations

import time

from graph.long_queries import LongQueries


def test_places_are_limited_and_given_back() -> None:
    places = LongQueries(slots=2, after=1.0)
    assert places.claim() and places.claim()
    assert not places.claim()
    places.release()
    assert places.claim()


def test_a_query_that_ran_long_is_remembered_for_a_while() -> None:
    places = LongQueries(slots=1, after=1.0, remember_seconds=0.2)
    places.remember("explosive")
    assert places.known("explosive") and not places.known("quick")
    time.sleep(0.3)
    assert not places.known("explosive")


def test_only_the_most_recent_long_queries_are_remembered() -> None:
    places = LongQueries(slots=1, after=1.0, remember_count=3)
    for name in "abcd":
        places.remember(name)
    places.remember("b")  # noted again: now the most recent
    places.remember("e")
    assert [places.known(name) for name in "abcde"] == [False, True, False, True, True]
