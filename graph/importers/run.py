"""Run an importer: stream its triples into one named graph per source and import date, all-or-nothing.

The graph is ``tvg:import/<kind>-<source>-<file name>-<date>``. Importing a file of the same name
from the same source again replaces its earlier import graphs (their triples leave the merge
unless another graph states them too), so importing the same file twice changes nothing and a
newer copy replaces what an older one said; files of other names add to the source (Wikidata comes
as many partial files). Every import then goes the way of a `tvkg load`: SHACL-checked (up to
CHECKED_TRIPLES) and aligned (tvkg.load.infer: schema.org, Wikidata and BBC terms, inverse and
chain properties), in the import's graph and the merge. The whole
import is one store write (tvkg.store.generations.Store.writing): a failure, or a kill, leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import cast

import pyoxigraph as ox

from tvkg.errors import InputError, ValidationError
from tvkg.importers import importer
from tvkg.importers.common import Context, Skip, tv, typed
from tvkg.load import infer, validate
from tvkg.ontology.iris import slug
from tvkg.ontology.namespaces import ENTITY, GRAPH
from tvkg.ontology.vocabulary import PREF_LABEL, RDF_TYPE
from tvkg.store.formats import open_data
from tvkg.store.generations import Store, _Staging

BATCH = 50_000
# Imports up to this many triples are SHACL-checked, as `tvkg load` checks files up to 32 MB;
# pyshacl takes about 18 s on the Netflix catalogue's 115,000 triples, so bigger imports are not.
CHECKED_TRIPLES = 50_000
EXAMPLES = 5  # skipped rows shown per reason
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Origin:
    """What a researcher should know of the imported file: its title, licence (an IRI) and where it
    was published; each optional, each written on the source document when given."""

    title: str | None = None
    license: str | None = None
    url: str | None = None


@dataclass
class ImportReport:
    """What an import wrote and what it left out, for the CLI to print and tests to check."""

    kind: str
    path: Path
    graph: str
    triples: int = 0
    inferred: int = 0                                             # quads the ontology's rules added
    validated: bool = False                                       # SHACL-checked (small imports)
    entities: Counter[str] = field(default_factory=Counter)       # class name -> how many
    skipped: Counter[str] = field(default_factory=Counter)        # reason -> how many
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> where, the first few
    replaced: list[str] = field(default_factory=list)             # earlier import graphs of the source
    seconds: float = 0.0


def import_file(store: Store, kind: str, path: Path, *, source: str | None = None,
                options: dict[str, str] | None = None, today: dt.date | None = None,
                progress: Progress | None = None, origin: Origin | None = None, entail: bool = True
                ) -> ImportReport:
    """Import ``path`` as ``kind`` into ``store``; see the module docstring. ``entail`` False leaves
    the entailments out (only to measure what they cost; `tvkg infer` adds them later)."""
    module = importer(kind)
    _check_options(kind, module, options or {})
    scheme = getattr(module, "SOURCE", None)
    context = Context(source=source or scheme or slug(path.stem), options=options or {}, scheme=scheme or "")
    day = (today or dt.date.today()).isoformat()
    prefix = f"{GRAPH}import/{kind}-{slug(context.source)}-{slug(path.name)}-"
    graph = ox.NamedNode(prefix + day)
    report = ImportReport(kind, path, graph.value)
    started = time.perf_counter()
    done = [0]

    def counted(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(done[0], size)

    size = _size(module, path)
    with _naming(path), _records(module, path, context, counted) as records, store.writing() as staging:
        report.replaced = [g for g in store.named_graphs() if g.startswith(prefix)]
        before = _before(store, report.replaced)
        _remove_earlier(staging, before, report.replaced)
        header = _provenance(graph, context, path, day, origin or Origin())
        for batch in _batches(header, records, report):
            _write(staging, batch, graph)
        if report.triples == 0:
            raise InputError(f"no {kind} records could be imported ({_why(report)})", path)
        report.entities = _entities(staging, graph, {t.subject for t in header}, by_query=not store.direct)
        report.validated = _validate(staging, store, graph, report.triples)
        if entail:
            report.inferred = infer.materialise(staging, bulk=not store.direct, graphs=[graph.value])
        _forget_unstated(staging, before, report.replaced)
    report.seconds = time.perf_counter() - started
    return report


def _check_options(kind: str, module: ModuleType, options: dict[str, str]) -> None:
    """Each --option KEY=VALUE is one the importer declares (its OPTIONS), with a value it allows;
    --map ROLE=COLUMN (``map.ROLE``) only for an importer of tables (it has ROLES, and checks them)."""
    allowed: dict[str, tuple[str, ...] | None] = getattr(module, "OPTIONS", {})
    for key, value in options.items():
        if key.startswith("map."):
            if not hasattr(module, "ROLES"):
                raise InputError(f"--map {key.removeprefix('map.')}={value}: the {kind} importer maps no columns")
            continue
        if key not in allowed:
            takes = f"its options are {', '.join(allowed)}" if allowed else "it takes none"
            raise InputError(f"--option {key}={value}: the {kind} importer has no option {key!r} ({takes})")
        values = allowed[key]
        if values and value not in values:
            raise InputError(f"--option {key}={value}: use one of {', '.join(values)}")


@contextlib.contextmanager
def _records(module: ModuleType, path: Path, context: Context, counted: Callable[[int], None]
             ) -> Iterator[Iterator[ox.Triple | Skip]]:
    """The importer's output: ``read(stream, context)`` over one file, or, for importers of a set of
    files (a directory), ``read_path(path, context, on_read)``, which opens them with open_data
    (such an importer also has ``files(path)``, the files it reads)."""
    if hasattr(module, "read_path"):
        yield module.read_path(path, context, counted)
        return
    stream, _ = open_data(path, counted)
    with stream:
        yield module.read(stream, context)


def _size(module: ModuleType, path: Path) -> int:
    """The bytes the import will read, for its progress: an importer of a directory names its files."""
    if hasattr(module, "files"):
        return sum(p.stat().st_size for p in module.files(path))
    return path.stat().st_size if path.is_file() else 0


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Importers report bad input without knowing the file's path; prefix it."""
    try:
        yield
    except InputError as error:
        if error.path is None:
            raise InputError(error.message, path, error.line, error.column) from None
        raise


def _batches(header: list[ox.Triple], items: Iterable[ox.Triple | Skip], report: ImportReport
             ) -> Iterator[list[ox.Triple]]:
    """Triples in batches (the header first), counting them and recording the skips on the way."""
    batch = list(header)
    for item in items:
        if isinstance(item, Skip):
            report.skipped[item.reason] += 1
            report.examples.setdefault(item.reason, [])
            if len(report.examples[item.reason]) < EXAMPLES:
                report.examples[item.reason].append(item.where)
            continue
        batch.append(item)
        report.triples += 1
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(staging: _Staging, batch: list[ox.Triple], graph: ox.NamedNode) -> None:
    """Write a batch into the import's graph and into the default graph (the merge). Serialized once
    to N-Triples and bulk-loaded twice: a third faster than building two Quads per triple in Python."""
    data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
    for target in (graph, ox.DefaultGraph()):
        staging.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
    staging.note(batch)


def _validate(staging: ox.Store, store: Store, graph: ox.NamedNode, triples: int) -> bool:
    """SHACL-check what a small import wrote (see CHECKED_TRIPLES); a violation undoes the import."""
    if triples > CHECKED_TRIPLES:
        return False
    written = ox.Store()
    written.extend(staging.quads_for_pattern(None, None, None, graph))
    violations = validate.check(written, store.ox)
    if violations:
        raise ValidationError([f"{graph.value}: {sentence}" for _, sentence in violations])
    return True


def _entities(staging: ox.Store, graph: ox.NamedNode, leave_out: set[ox.NamedNode | ox.BlankNode | ox.Triple],
              by_query: bool) -> Counter[str]:
    """Entities written, per class (``leave_out``: the graph and its source document). A store holds
    each quad once, so counting rdf:type quads counts distinct entities without remembering them.
    ``by_query``: let the query engine count (a Python object per quad took 5 s for 1M entities);
    not on a remote store, since Virtuoso answers GRAPH patterns wrongly under tvkg's settings."""
    if by_query:
        rows = cast(ox.QuerySolutions, staging.query(
            f"""SELECT ?class (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s a ?class }}
                  FILTER(?s NOT IN ({", ".join(map(str, leave_out))})) }} GROUP BY ?class"""))
        return Counter({row["class"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in rows})
    return Counter(q.object.value.rsplit("#", 1)[-1] for q in staging.quads_for_pattern(None, RDF_TYPE, None, graph)
                   if q.subject not in leave_out and not isinstance(q.object, ox.Triple))


def _provenance(graph: ox.NamedNode, context: Context, path: Path, day: str, origin: Origin) -> list[ox.Triple]:
    """The import graph describes itself: a claim graph derived from the file, dated; the file is a
    source document with, when given, its title, licence and address."""
    document = ox.NamedNode(f"{ENTITY}source/{slug(context.source)}-{slug(path.name)}")
    described = [ox.Triple(document, ox.NamedNode(DCTERMS + prop), value) for prop, value in (
        ("title", origin.title and ox.Literal(origin.title, language="en")),
        ("license", origin.license and ox.NamedNode(origin.license)),
        ("source", origin.url and ox.NamedNode(origin.url))) if value]
    return [
        *described,
        ox.Triple(graph, RDF_TYPE, tv("ClaimGraph")),
        ox.Triple(graph, tv("status"), tv("Reported")),
        ox.Triple(graph, ox.NamedNode(PROV + "wasDerivedFrom"), document),
        ox.Triple(graph, ox.NamedNode(PROV + "generatedAtTime"), typed(day, "date")),
        ox.Triple(document, RDF_TYPE, tv("SourceDocument")),
        ox.Triple(document, PREF_LABEL, ox.Literal(f"{path.name} ({context.source})")),
    ]


def _before(store: Store, earlier: list[str]) -> ox.Store:
    """Where the earlier import graphs can still be read after the write drops them: the live
    generation of a store with generations; a copy for one written as it goes (remote, rdflib)."""
    if not store.direct:
        return store.ox
    copy = ox.Store()
    for name in earlier:
        copy.extend(store.ox.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    return copy


def _remove_earlier(staging: _Staging, before: ox.Store, earlier: list[str]) -> None:
    """Drop the file's earlier import graphs (their triples are re-checked by _forget_unstated)."""
    for name in earlier:
        node = ox.NamedNode(name)
        staging.note(before.quads_for_pattern(None, None, None, node))
        staging.remove_graph(node)


def _forget_unstated(staging: ox.Store, before: ox.Store, replaced: list[str]) -> None:
    """Keep the default graph the merge: a triple of a replaced graph that no graph states now leaves it."""
    default = ox.DefaultGraph()
    for name in replaced:
        for q in before.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            if not any(not isinstance(h.graph_name, ox.DefaultGraph)
                       for h in staging.quads_for_pattern(q.subject, q.predicate, q.object)):
                staging.remove(ox.Quad(q.subject, q.predicate, q.object, default))


def _why(report: ImportReport) -> str:
    if not report.skipped:
        return "the file holds no records"
    return "; ".join(f"{n:,} skipped: {reason}" for reason, n in report.skipped.most_common(3))
