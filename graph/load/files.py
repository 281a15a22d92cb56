"""Load RDF files into the store: parse, validate, infer, and write all-or-nothing.

Two paths, one promise (a failed load leaves the store exactly as it was):

* **checked** (files up to ``bulk_bytes`` in total): everything is parsed into a scratch store,
  SHACL-validated, the ontology's entailments are added, and the result goes into the live store in
  one Oxigraph transaction.
* **bulk** (bigger loads): Oxigraph's bulk loader writes into the next store generation, which
  replaces the live one only when the whole load succeeded (see ``Store.writing``). SHACL
  validation is skipped there (pyshacl on millions of triples takes hours; ``tvkg validate``
  checks such files on demand); the entailments are added like on every write, for the graphs
  the load wrote (about three quads per quad loaded; ``entail=False`` leaves them to ``tvkg infer``).

Triples from graph-less syntaxes (Turtle, N-Triples, RDF/XML, JSON-LD) go into one named graph
per file, ``tvg:file/<file name>``, unless the caller names the graph; so do triples outside any
graph in TriG/N-Quads files (checked path).

Every load also writes each triple once into the store's default graph, which is therefore the
RDF merge of all named graphs: a *set*, so a fact stated by two sources is counted once. (Oxigraph's
own "default graph as union" option has bag semantics and would return it twice.)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import pyoxigraph as ox

from tvkg.errors import InputError, ValidationError
from tvkg.load import infer, validate
from tvkg.ontology import ONTOLOGY_FILE
from tvkg.ontology.namespaces import GRAPH, ONTOLOGY_GRAPH
from tvkg.store.formats import SUFFIXES, detect, into_graph, is_quad_format, open_checked, syntax_error
from tvkg.store.generations import Store, _Staging, is_disk_error, merged

_Term = TypeVar("_Term", bound=ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple)

BULK_BYTES = 32 * 1024 * 1024
TOO_LONG = "a single line or term is longer than the parser's 16 MB buffer (a huge literal?); nothing was loaded"
Progress = Callable[[int, int], None]  # (bytes read so far, total bytes)


@dataclass
class LoadReport:
    """What a load did, for the CLI to print and tests to check."""

    files: list[Path] = field(default_factory=list)
    parsed: int = 0          # quads read from the files
    inferred: int = 0        # quads added by inference
    seconds: float = 0.0
    bulk: bool = False
    validated: bool = False

    @property
    def rate(self) -> float:
        """Parsed triples per second."""
        return self.parsed / self.seconds if self.seconds else 0.0


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to load: each path itself, or the RDF files inside a directory (sorted, recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _looks_like_rdf(p))
            if not inside:
                raise InputError("directory holds no RDF files", path)
            files += inside
        else:
            files.append(path)
    return files


def _looks_like_rdf(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".gzip"):
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in SUFFIXES


def file_graph(path: Path) -> ox.NamedNode:
    """The named graph a graph-less file is loaded into by default."""
    return ox.NamedNode(str(GRAPH[f"file/{quote(path.name)}"]))


def load(store: Store, paths: Iterable[Path], *, graph: str | None = None, check: bool = True,
         entail: bool = True, bulk_bytes: int = BULK_BYTES, progress: Progress | None = None
         ) -> LoadReport:
    """Load ``paths`` (files or directories) into ``store`` all-or-nothing; see the module docstring.

    ``entail`` (default) materialises the ontology's entailments of what was loaded, as every
    write does (imports, merges, ingested articles); False leaves them to ``infer_all``.
    """
    files = expand(paths)
    for path in files:  # fail fast on unknown types before reading anything
        detect(path)
    total = sum(p.stat().st_size for p in files if p.is_file())
    report = LoadReport(files=files, bulk=total > bulk_bytes)
    started = time.perf_counter()
    if report.bulk:
        _load_bulk(store, files, graph, entail, report, _Bytes(total, progress))
    else:
        _load_checked(store, files, graph, check, entail, report, _Bytes(total, progress))
    report.seconds = time.perf_counter() - started
    return report


def parse_files(files: list[Path], graph: str | None = None, progress: Progress | None = None) -> ox.Store:
    """Parse ``files`` into a fresh in-memory store, raising InputError with file:line:column on bad syntax."""
    return _parse_all(files, graph, _Bytes(sum(p.stat().st_size for p in files if p.is_file()), progress))


def _parse_all(files: list[Path], graph: str | None, counter: _Bytes) -> ox.Store:
    scratch = ox.Store()
    for path in files:
        scratch.extend(_parse(path, graph, counter))
    return scratch


class _Bytes:
    """Sums bytes read across files and forwards the running total to a progress callback."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def __call__(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)


def _target_graph(path: Path, graph: str | None) -> ox.NamedNode:
    """The named graph for triples the file does not place in a graph itself."""
    if not graph:
        return file_graph(path)
    try:
        return ox.NamedNode(graph)
    except ValueError:
        raise InputError(f"--graph {graph!r} is not an absolute IRI (write it like https://example.org/my-graph)"
                         ) from None



def _parse(path: Path, graph: str | None, counter: _Bytes) -> list[ox.Quad]:
    stream, fmt, _ = open_checked(path, counter)
    target = _target_graph(path, graph)
    try:
        with stream:
            quads = list(ox.parse(stream, format=fmt))
    except SyntaxError as error:
        raise syntax_error(error, path) from None
    except MemoryError:
        raise InputError(TOO_LONG, path) from None
    except (OSError, EOFError, ValueError) as error:
        raise InputError(f"cannot read: {error}", path) from None
    if not quads:
        raise InputError("file holds no triples", path)
    return [into_graph(q, target) for q in quads]


def _refresh_ontology(store: _Staging) -> None:
    """Write ontology/tvkg.ttl into its graph (and the default graph), replacing what was there.

    Its blank nodes (the property-chain lists) get stable labels, so loading it again adds nothing.
    If the ontology changed, the write notes its terms as touched (see Store.writing).
    """
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    before = set(store.quads_for_pattern(None, None, None, graph))
    if before:
        store.clear_graph(graph)
    labels: dict[str, ox.BlankNode] = {}

    def stable(term: _Term) -> _Term | ox.BlankNode:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode(f"tvkg-ontology-{len(labels) + 1}"))
        return term

    quads = [ox.Quad(stable(q.subject), q.predicate, stable(q.object), graph)
             for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]
    store.extend(quads)
    if before != set(quads):
        store.note(before | set(quads))
    store.extend(merged(quads))


def _load_checked(store: Store, files: list[Path], graph: str | None, check: bool, entail: bool,
                  report: LoadReport, counter: _Bytes) -> None:
    scratch = _parse_all(files, graph, counter)
    report.parsed = len(scratch)
    if check:
        violations = validate.check(scratch, store.ox)
        if violations:
            raise ValidationError(explain(violations, files))
        report.validated = True
    if entail:
        report.inferred = infer.materialise(scratch)
    with store.writing() as staging:  # a new generation: the bulk writer's speed, all-or-nothing all the same
        _refresh_ontology(staging)
        staging.bulk_extend(scratch)
        staging.bulk_extend(merged(scratch))
        staging.note(scratch)


def _load_bulk(store: Store, files: list[Path], graph: str | None, entail: bool,
               report: LoadReport, counter: _Bytes) -> None:
    with store.writing() as staging:
        staging.changed_unknown()  # too many to list: derived views rebuild
        before = len(staging)
        for path in files:
            _bulk_load_file(staging, path, graph, counter)
        report.parsed = len(staging) - before
        for path in files:  # the default graph's copy; the files are known to be good by now
            _bulk_merge_file(staging, path)
        if report.parsed == 0:
            raise InputError("the files hold no new triples", files[0])
        if entail:
            report.inferred = infer.materialise(staging, bulk=True, graphs=_written_graphs(files, graph))
        _refresh_ontology(staging)


def _written_graphs(files: list[Path], graph: str | None) -> list[str] | None:
    """The named graphs a load of ``files`` wrote into, when known without reading them again: each
    graph-less file's target graph. None (every graph) when a file names its own graphs."""
    if any(is_quad_format(detect(path)[0]) for path in files):
        return None
    return sorted({_target_graph(path, graph).value for path in files})


def explain(violations: list[validate.Violation], files: list[Path]) -> list[str]:
    """Violation sentences, each prefixed with the file and line where its focus node first appears."""
    return [_locate(focus, sentence, files) for focus, sentence in violations]


def _bulk_load_file(staging: ox.Store, path: Path, graph: str | None, counter: _Bytes) -> None:
    stream, fmt, _ = open_checked(path, counter)
    to_graph = _target_graph(path, graph)  # (a quad file's triples outside any graph go there too)
    try:
        with stream:
            staging.bulk_load(stream, format=fmt, to_graph=to_graph)
    except SyntaxError as error:
        raise syntax_error(error, path) from None
    except MemoryError:
        raise InputError(TOO_LONG, path) from None
    except OSError as error:
        if is_disk_error(error):
            raise  # the store's fault, not the file's: Store.writing says so
        raise InputError(f"cannot read: {error}", path) from None
    except (EOFError, ValueError) as error:
        raise InputError(f"cannot read: {error}", path) from None


def _bulk_merge_file(staging: ox.Store, path: Path) -> None:
    stream, fmt, _ = open_checked(path)
    with stream:
        if is_quad_format(fmt):
            staging.bulk_extend(merged(ox.parse(stream, format=fmt)))
        else:
            staging.bulk_load(stream, format=fmt)  # graph-less syntax: straight into the default graph


def infer_all(store: Store) -> int:
    """Materialise the entailments of everything in the store, atomically (a new generation)."""
    with store.writing() as staging:
        staging.changed_unknown()
        return infer.materialise(staging, bulk=True)


def _locate(focus: str, sentence: str, files: list[Path]) -> str:
    for path in files:
        line = _first_line_mentioning(path, focus)
        if line is not None:
            return f"{path}:{line}: {sentence}"
    return sentence


def _first_line_mentioning(path: Path, iri: str) -> int | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.suffix != ".gz" else ""
    except OSError:
        return None
    needles = [f"<{iri}>"]
    for prefix, namespace in re.findall(r"@?prefix\s+([\w-]*):\s*<([^>]*)>", text, flags=re.IGNORECASE):
        if iri.startswith(namespace):
            needles.append(f"{prefix}:{iri[len(namespace):]}")
    lines = text.splitlines()
    for as_subject in (True, False):  # where the node is described, else where it is mentioned
        for number, line in enumerate(lines, start=1):
            candidate = line.lstrip() if as_subject else line
            if any(_mentions(candidate, needle, at_start=as_subject) for needle in needles):
                return number
    return None


def _mentions(line: str, needle: str, at_start: bool = False) -> bool:
    index = line.find(needle)
    if index < 0 or (at_start and index != 0):
        return False
    end = index + len(needle)
    return end == len(line) or not (line[end].isalnum() or line[end] in "-_/")
