"""The dataset of what was known on a date: "what did the sources say about season 2's release on
2024-03-01?" (``as_of=YYYY-MM-DD`` on /sparql, ``sparql(query, as_of=...)`` in the Python API).

Every claim graph is dated by the announcement that states it (``tv:statedBy``, or the announcement
that ``tv:asserts`` it) or the source it was derived from (``prov:wasDerivedFrom``), through their
``tv:date``. A graph counts as known on a date when it was certainly stated by then: a date known
only to its month or year counts from that month's or year's last day (so an article dated "2023"
is not yet known on 2023-08-01). A graph with several dates counts from the earliest. Graphs with
no date (the curated background knowledge, imported catalogues) are known on every date. The
query's default graph is then the merge of the known graphs, and ``GRAPH ?g`` sees only them. An
announcement describes itself in the graph it asserts (data/README.md), so it is there from its
own date on, with its kind, date, subject and, through that graph, its status.

How a query sees only those graphs (``target``): on a store on disk, in a *view*, a copy of the
store's generation without the graphs not yet known, and without the triples of the merge that only
they stated. The copy is an Oxigraph backup, which hard-links the table files, so a view costs the
removals and the table files RocksDB then rewrites: 0.1 s and 2 MB on the default data, 2 s and
180 MB (40% of the generation) on 1M generated triples with 1,700 graphs not yet known. It is made
once per generation and set of unknown graphs, by the first process that needs it, under
``<store>/as-of/``, and removed once its generation is gone; when the views take as much disk as
their generation, no more are made until the next write. A query runs there as fast as on the store
itself (benchmarks/as_of.py).

Listing the known graphs as the query's dataset instead (FROM / FROM NAMED, the protocol's
default-graph-uri) gives the same answer, but Oxigraph then looks each triple pattern up in every
listed graph in turn, and a triple two listed graphs state comes twice: over the ~100 graphs of the
default data a join took 70 times as long, over 8,000 generated graphs minutes. That list is still
what a store in a remote server gets, and the merged view, and a store tvkg cannot write beside. In
memory the view is an in-memory copy.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import NamedTuple, cast

import pyoxigraph as ox

from tvkg.errors import QueryError
from tvkg.ontology.dates import PartialDate
from tvkg.ontology.namespaces import TV
from tvkg.store.generations import Store

PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
DATED = f"""SELECT ?g ?date WHERE {{
  {{ ?g <{TV.statedBy}> ?by . ?by <{TV.date}> ?date }}
  UNION {{ ?by <{TV.asserts}> ?g . ?by <{TV.date}> ?date }}
  UNION {{ ?g <{PROV_DERIVED}> ?source . ?source <{TV.date}> ?date }}
}}"""
VIEWS = "as-of"               # <store>/as-of/<generation>-<digest of the unknown graphs>/
BUILDING = ".building-"       # a view being made; renamed into place when complete
ABANDONED_AFTER = 3600        # seconds after which a view left half-made (its process killed) is removed


def parse_date(text: str) -> str:
    """``YYYY-MM-DD``, checked; QueryError naming what is wrong otherwise."""
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise QueryError(f"as_of={text!r} is not a date: give it as YYYY-MM-DD, for example 2024-03-01") from None


EMPTY_GRAPH = "https://w3id.org/tvkg/graph/none"  # a graph no store holds


class Target(NamedTuple):
    """What a query as of a date runs on: ``view`` with no dataset of its own, or the store with
    ``graphs`` as its default and named graphs; both None when every graph was known by then."""

    view: ox.Store | None
    graphs: list[str] | None


def target(store: Store, date: str, merged: bool = False) -> Target:
    """Where to run a query as of ``date`` (YYYY-MM-DD, checked), in the store's own or, with
    ``merged``, the merged view (tvkg.store.clusters). See the module docstring."""
    known, unknown = _known(store.generation_key, parse_date(date), store)
    if known is None:
        return Target(None, None)
    if not merged and not store.direct and store.url is None:
        copy = _memory_view(store.generation_key, unknown, store) if store.root is None else \
            _disk_view(str(store.generation), unknown)
        if copy is not None:
            return Target(copy, None)
    return Target(None, known or [EMPTY_GRAPH])


def view(store: Store, date: str) -> ox.Store | None:
    """The store as of ``date`` (the known graphs and their merge) where one can be made; None
    when every graph was known by then, or no copy can be made (then use ``dataset``)."""
    return target(store, date).view


def dataset(store: Store, date: str) -> list[str] | None:
    """The default (and named) graphs of a query as of ``date`` (YYYY-MM-DD, checked); None when
    every graph was known by then. With no graph known yet, one graph that does not exist, so the
    query sees nothing. (Slow over many graphs: ``target`` prefers a view.)"""
    known = known_graphs(store, parse_date(date))
    return None if known is None else known or [EMPTY_GRAPH]


def known_graphs(store: Store, date: str) -> list[str] | None:
    """The named graphs known on ``date`` (see the module docstring); None when that is all of them."""
    return _known(store.generation_key, date, store)[0]


@functools.lru_cache(maxsize=64)
def _known(generation: str, date: str, store: Store) -> tuple[list[str] | None, tuple[str, ...]]:
    """(the graphs known on ``date``, None if all are; the graphs not yet known), once per generation
    and date: a query as of a date costs no more than one without, even over thousands of graphs."""
    stated = _statement_dates(generation, store)
    named = [n.value for n in store.ox.named_graphs() if isinstance(n, ox.NamedNode)]
    unknown = tuple(sorted(g for g in named if stated.get(g, date) > date))
    return (None if not unknown else sorted(set(named) - set(unknown))), unknown


@functools.lru_cache(maxsize=4)
def _statement_dates(generation: str, store: Store) -> dict[str, str]:
    """Each dated graph's day from which it is certainly known (the latest day its date allows)."""
    dates: dict[str, str] = {}
    for row in cast(ox.QuerySolutions, store.ox.query(DATED)):
        graph, date = row["g"], PartialDate.from_literal(row["date"])
        if isinstance(graph, ox.NamedNode) and date is not None:
            latest = date.end.isoformat()
            dates[graph.value] = min(latest, dates.get(graph.value, latest))
    return dates


# -- views -------------------------------------------------------------------------------------


def forget(copy: ox.Store, unknown: tuple[str, ...]) -> None:
    """Remove the ``unknown`` graphs from ``copy``, and from its default graph (the merge) the
    triples no other named graph states."""
    default = ox.DefaultGraph()
    for iri in unknown:
        graph = ox.NamedNode(iri)
        stated = list(copy.quads_for_pattern(None, None, None, graph))
        copy.remove_graph(graph)
        for q in stated:
            if not any(not isinstance(other.graph_name, ox.DefaultGraph)
                       for other in copy.quads_for_pattern(q.subject, q.predicate, q.object)):
                copy.remove(ox.Quad(q.subject, q.predicate, q.object, default))


@functools.lru_cache(maxsize=4)
def _memory_view(generation: str, unknown: tuple[str, ...], store: Store) -> ox.Store:
    copy = ox.Store()
    copy.bulk_extend(store.ox)
    forget(copy, unknown)
    return copy


@functools.lru_cache(maxsize=8)
def _disk_view(generation: str, unknown: tuple[str, ...]) -> ox.Store | None:
    """The view of the generation at ``generation`` (a directory) without the ``unknown`` graphs,
    made if no process has made it yet; None when it cannot be (nowhere to write it)."""
    live = Path(generation)
    folder = live.parent / VIEWS
    digest = hashlib.sha256("\n".join(unknown).encode()).hexdigest()[:16]
    final = folder / f"{live.name}-{digest}"
    if not final.is_dir():
        try:
            folder.mkdir(exist_ok=True)
            _tidy(folder, live.parent)
            if _own_bytes(folder) > _own_bytes(live, linked=True):
                return None  # the views already take as much disk as the store: list the graphs
            _make(live, final, unknown)
        except (OSError, RuntimeError):  # read-only or full disk, a generation already removed
            return None
    try:
        return ox.Store.read_only(str(final))
    except (OSError, RuntimeError):
        return None


def _make(live: Path, final: Path, unknown: tuple[str, ...]) -> None:
    """Copy ``live``, forget the unknown graphs, and move the copy to ``final`` in one rename, so a
    view is there complete or not at all; when another process got there first, theirs stays."""
    scratch = final.parent / f"{BUILDING}{final.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        ox.Store.read_only(str(live)).backup(str(scratch))
        copy = ox.Store(str(scratch))
        forget(copy, unknown)
        copy.flush()
        del copy  # the writable handle must be gone before the copy is opened read-only
        try:
            scratch.rename(final)
        except OSError:
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _own_bytes(folder: Path, linked: bool = False) -> int:
    """Bytes of the files under ``folder`` (only those no other directory links to, unless ``linked``)."""
    sizes = (f.stat() for f in folder.rglob("*") if f.is_file())
    return sum(st.st_size for st in sizes if linked or st.st_nlink == 1)


def _tidy(folder: Path, root: Path) -> None:
    """Remove the views of generations that are gone, and views left half-made long ago."""
    generations = {p.name for p in root.glob("gen-*")}
    for child in folder.iterdir():
        if child.name.startswith(BUILDING):
            with contextlib.suppress(OSError):
                if time.time() - child.stat().st_mtime > ABANDONED_AFTER:
                    shutil.rmtree(child, ignore_errors=True)
        elif child.name.rsplit("-", 1)[0] not in generations:
            shutil.rmtree(child, ignore_errors=True)
