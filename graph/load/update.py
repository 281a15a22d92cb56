"""Change the store through SPARQL Update and the Graph Store Protocol, keeping its one invariant.

The store's default graph is the merge of its named graphs (see tvkg.store). Oxigraph runs an
update as if the default graph were a graph of its own, so after each operation tvkg reconciles:

- a triple the operation put in the default graph, and in no named graph, is kept in the named
  graph ``tvg:updates``: every fact lives in some source graph;
- a triple the operation deleted from the default graph is deleted from every named graph that
  holds it: deleting from the merge deletes the fact;
- a triple added to, or removed from, a named graph is added to, or removed from, the merge.

"Added" and "deleted" are told apart by comparing with the store as it was before the operation.
Each request is one write (tvkg.store.generations.Store.writing): all of it is published, or none of it.
Updates are stored as given: SHACL validation and inference run only in ``tvkg load`` / ``tvkg infer``.
"""

from __future__ import annotations

import shutil
from typing import cast

import pyoxigraph as ox

from tvkg.errors import InputError, QueryError, StoreError
from tvkg.ontology.namespaces import GRAPH, PREFIXES
from tvkg.query.services import check_services
from tvkg.query.syntax import UPDATE, explain
from tvkg.store.formats import PROLOG_BYTES, refuse_entities, syntax_error
from tvkg.store.generations import Store
from tvkg.store.sparql_text import split_update, tokens, with_using

UPDATES_GRAPH = ox.NamedNode(f"{GRAPH}updates")  # where triples written to the default graph are kept
DEFAULT = ox.DefaultGraph()

# Triples of the default graph that no named graph holds, and named-graph triples the default graph lacks.
_ONLY_IN_DEFAULT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
_NOT_IN_DEFAULT = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"


def update(store: Store, text: str, *, base_iri: str | None = None, using: list[str] | None = None,
           using_named: list[str] | None = None, allowed_sources: tuple[str, ...] | None = None) -> int:
    """Run a SPARQL Update request all-or-nothing; returns the number of operations.

    ``using`` / ``using_named`` are the Protocol's using-graph-uri / using-named-graph-uri.
    ``allowed_sources``, when given, lists the IRI prefixes LOAD may fetch (see tvkg.query.services).
    """
    if store.url is not None:
        raise StoreError(f"this store is kept in the SPARQL server at {store.url}: send SPARQL Update to the "
                         "server itself (tvkg keeps its default graph the merge only for its own loads and imports)")
    if store.direct:
        raise StoreError("SPARQL Update needs a store with generations (Oxigraph, on disk or in memory)")
    if allowed_sources is not None:
        check_services(text, allowed_sources)
    operations = [with_using(op, using or [], using_named or []) for op in split_update(text)]
    with store.writing() as staging, _Before(store, staging) as before:
        for i, operation in enumerate(operations):
            previous = store.ox if i == 0 else before.snapshot()
            _run(staging, operation, base_iri)
            written = data_quads(operation, base_iri)
            reconcile(staging, previous, written)
            if written is None:  # a pattern operation (DELETE/INSERT WHERE, CLEAR, LOAD, ...)
                staging.changed_unknown()
            else:
                staging.note(written)
    return len(operations)


def data_quads(operation: str, base_iri: str | None = None) -> list[ox.Quad] | None:
    """The quads written out in an INSERT DATA or DELETE DATA operation; None for any other.

    The braces of a DATA operation hold TriG (SPARQL's PREFIX lines are TriG too), so Oxigraph's
    TriG parser reads them.
    """
    found = tokens(operation)
    for i, token in enumerate(found):
        if token.depth == 0 and token.is_word("INSERT", "DELETE"):
            if i + 2 >= len(found) or not found[i + 1].is_word("DATA") or found[i + 2].text != "{" \
                    or found[-1].text != "}":
                return None
            declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
            body = declared + operation[:token.start] + "\n" + operation[found[i + 2].end:found[-1].start]
            for text in (body, body + " ."):  # SPARQL lets the last triple go without its '.'; TriG not
                try:
                    return list(ox.parse(text, format=ox.RdfFormat.TRIG, base_iri=base_iri))
                except (SyntaxError, ValueError):
                    continue
            return None
    return None


def replace_graph(store: Store, graph: str, data: bytes, media_type: str) -> bool:
    """Graph Store PUT: ``graph`` holds exactly the triples in ``data``; True if it is new."""
    return _write_graph(store, graph, parse_body(data, media_type, graph), replace=True)


def add_to_graph(store: Store, graph: str, data: bytes, media_type: str) -> bool:
    """Graph Store POST: add the triples in ``data`` to ``graph``; True if the graph is new."""
    return _write_graph(store, graph, parse_body(data, media_type, graph), replace=False)


def replace_quads(store: Store, graph: str, quads: list[ox.Quad]) -> bool:
    """``graph`` holds exactly ``quads`` (already parsed), all-or-nothing; True if it is new."""
    return _write_graph(store, graph, quads, replace=True)


def _write_graph(store: Store, graph: str, quads: list[ox.Quad], replace: bool) -> bool:
    target = ox.NamedNode(graph)
    with store.writing() as staging:
        created = not staging.contains_named_graph(target)
        staging.note(quads)
        if replace:
            staging.note(staging.quads_for_pattern(None, None, None, target))
            staging.remove_graph(target)
        staging.add_graph(target)
        staging.extend(quads)
        reconcile(staging, store.ox)
    return created


def drop_graph(store: Store, graph: str) -> bool:
    """Graph Store DELETE: remove ``graph`` and what only it stated; False if there was no such graph."""
    target = ox.NamedNode(graph)
    if not store.ox.contains_named_graph(target):
        return False
    with store.writing() as staging:
        staging.note(staging.quads_for_pattern(None, None, None, target))
        staging.remove_graph(target)
        reconcile(staging, store.ox)
    return True


def parse_body(data: bytes, media_type: str, graph: str) -> list[ox.Quad]:
    """The triples of a request body in ``media_type``, placed in ``graph``."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None or fmt.supports_datasets:
        raise InputError(f"cannot read {media_type or 'a body without Content-Type'} here; send Turtle, "
                         "N-Triples, RDF/XML or JSON-LD with a matching Content-Type")
    target = ox.NamedNode(graph)
    if fmt == ox.RdfFormat.RDF_XML:
        refuse_entities(data[:PROLOG_BYTES], f"request body ({media_type})")
    try:
        return [ox.Quad(t.subject, t.predicate, t.object, target) for t in ox.parse(data, format=fmt)]
    except SyntaxError as error:
        raise syntax_error(error, f"request body ({media_type})") from None
    except MemoryError:
        raise InputError("a single term in the request body is longer than the parser's 16 MB buffer") from None


def reconcile(staging: ox.Store, before: ox.Store, written: list[ox.Quad] | None = None) -> None:
    """Make the default graph the merge of the named graphs again (see the module docstring).

    When the operation wrote only ``written`` (INSERT/DELETE DATA without blank nodes), only those
    triples are checked; otherwise the whole store (two scans: seconds on a large store).
    """
    if written is not None and not any(isinstance(t, ox.BlankNode) for q in written for t in q):
        candidates = {(q.subject, q.predicate, q.object) for q in written}
        only_in_default = [t for t in candidates if ox.Quad(*t, DEFAULT) in staging and not _in_named(staging, t)]
        not_in_default = [t for t in candidates if ox.Quad(*t, DEFAULT) not in staging and _in_named(staging, t)]
    else:
        only_in_default = [tuple(row) for row in cast(ox.QuerySolutions, staging.query(_ONLY_IN_DEFAULT))]
        not_in_default = [tuple(row) for row in cast(ox.QuerySolutions, staging.query(_NOT_IN_DEFAULT))]
    for s, p, o in only_in_default:
        if ox.Quad(s, p, o, DEFAULT) in before:
            staging.remove(ox.Quad(s, p, o, DEFAULT))  # its last named graph lost it
        else:
            staging.add(ox.Quad(s, p, o, UPDATES_GRAPH))  # written to the default graph
    for s, p, o in not_in_default:
        if ox.Quad(s, p, o, DEFAULT) in before:  # deleted from the merge: delete the fact everywhere
            for quad in list(staging.quads_for_pattern(s, p, o)):
                staging.remove(quad)
        else:
            staging.add(ox.Quad(s, p, o, DEFAULT))


def _in_named(store: ox.Store, triple: tuple[ox.NamedNode | ox.BlankNode | ox.Triple, ox.NamedNode,
                                            ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in store.quads_for_pattern(*triple))


def _run(staging: ox.Store, operation: str, base_iri: str | None) -> None:
    try:
        staging.update(operation, base_iri=base_iri, prefixes=PREFIXES)
    except SyntaxError as error:
        raise explain(error, operation, UPDATE) from None
    except (OSError, ValueError) as error:
        raise QueryError(f"the update failed: {error}") from None


class _Before:
    """Snapshots of a staging store between the operations of one request (the first needs none:
    the live generation is the store before it). On disk a snapshot is an Oxigraph backup."""

    def __init__(self, store: Store, staging: ox.Store) -> None:
        self.staging = staging
        self.folder = None if store.root is None else store.root / "snapshots"
        self.taken = 0

    def __enter__(self) -> _Before:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def snapshot(self) -> ox.Store:
        if self.folder is None:
            copy = ox.Store()
            copy.extend(self.staging)
            return copy
        if self.taken == 0:
            shutil.rmtree(self.folder, ignore_errors=True)  # left by a killed writer
        self.taken += 1
        self.folder.mkdir(exist_ok=True)
        path = self.folder / str(self.taken)
        self.staging.flush()
        self.staging.backup(str(path))
        return ox.Store.read_only(str(path))


def graph_exists(store: Store, graph: str) -> bool:
    return store.ox.contains_named_graph(ox.NamedNode(graph))
