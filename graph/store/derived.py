"""What is derived from a store's data, built once per generation of it.

The search index, the claim sources behind descriptions, the home page's overview, the clusters of
merged entities and their merged view, the gazetteer of names for news: each is a function of the
data a Store reads now, and must follow it. They are all kept here, one way: beside the Store object
they were built from (weakly, so a closed store's structures go with it), under
``Store.generation_key``, the one name for "the data this object reads now", which every backend
(on-disk generations, memory, rdflib, a remote server written through tvkg) changes on every write.

    @derived
    def overview(store: Store, top: int = 5) -> Overview: ...

A structure is built on first use for a generation, by one thread while the others asking for it
wait; the previous generation's is dropped before the new one is built, so two never coexist.
One that can follow a write in place (the relationship projections) names how: ``@derived(patch=...)``.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeAlias, TypeVar, cast, overload

if TYPE_CHECKING:
    from tvkg.store.generations import Store

P = ParamSpec("P")
T = TypeVar("T")
Patch: TypeAlias = "Callable[[Store, T, str], T | None]"  # (store, value built for generation `since`, since)


@dataclass(eq=False)
class _Entry:
    """One structure of one store: the generation it was built for, and its value."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    key: str | None = None
    value: Any = None
    building: str | None = None  # the generation a background thread builds it for


_kept: weakref.WeakKeyDictionary[Store, dict[Hashable, _Entry]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()  # guards _kept; each entry's own lock guards its build


@overload
def derived(build: Callable[Concatenate[Store, P], T], /) -> Callable[Concatenate[Store, P], T]: ...


@overload
def derived(*, patch: Patch[T]
            ) -> Callable[[Callable[Concatenate[Store, P], T]], Callable[Concatenate[Store, P], T]]: ...


def derived(build: Callable[Concatenate[Store, P], T] | None = None, /, *, patch: Patch[T] | None = None) -> Any:
    """``build(store, *args)`` run once per generation of ``store`` and arguments (see the module).

    With ``patch``, a structure too costly to rebuild after every write follows it in place:
    ``patch(store, value, since)`` gets the value built for generation ``since`` and returns it
    brought up to date, or None when it cannot (then it is built anew)."""
    if build is None:
        return functools.partial(_derived, patch=patch)
    return _derived(build, patch=patch)


def _derived(build: Callable[Concatenate[Store, P], T], patch: Patch[T] | None) -> Callable[Concatenate[Store, P], T]:
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def get(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> T:  # positional, as Concatenate says
        entry = _entry(store, (name, args, tuple(sorted(kwargs.items()))))
        with entry.lock:
            key = store.generation_key  # read before the build: a write during it means a rebuild next time
            if entry.key is not None and entry.key != key and patch is not None:
                since, entry.key = entry.key, None
                entry.value = patch(store, entry.value, since)
                entry.key = key if entry.value is not None else None
            if entry.key != key:
                entry.key, entry.value = None, None  # the old one can go before the new one is built
                entry.value = build(store, *args, **kwargs)
                entry.key = key
            return cast(T, entry.value)  # (what build returned for this key)

    return get


def built(function: Callable[..., T], store: Store, *args: Hashable) -> T | None:
    """What ``function`` (a @derived one) holds for the store's current generation and ``args``,
    or None when it has not been built yet: for callers that would rather not wait for a build."""
    name = f"{function.__module__}.{function.__qualname__}"
    with _lock:
        entry = _kept.get(store, {}).get((name, args, ()))
    if entry is None:
        return None
    return entry.value if entry.key == store.generation_key else None


def build_in_background(function: Callable[[Store], object], store: Store) -> threading.Thread | None:
    """Start building what ``function`` (a @derived one, no arguments) holds for the store's current
    generation in a thread of its own; None when one was already started for that generation, so
    callers asking while it builds neither wait nor start another."""
    generation = store.generation_key
    entry = _entry(store, (f"{function.__module__}.{function.__qualname__}", (), ()))
    with _lock:
        if entry.building == generation:
            return None
        entry.building = generation
    thread = threading.Thread(target=function, args=(store,), name=function.__name__, daemon=True)
    thread.start()
    return thread


def _entry(store: Store, key: Hashable) -> _Entry:
    with _lock:
        entries = _kept.setdefault(store, {})
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _Entry()
        return entry
