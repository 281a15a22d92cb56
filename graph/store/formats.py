"""Which RDF syntax a file is in, decided from its name, and how to open it (gzip included)."""

from __future__ import annotations

import bz2
import gzip
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import pyoxigraph as ox

from tvkg.errors import InputError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# File suffix -> syntax. Graph-aware syntaxes (TriG, N-Quads) keep their own named graphs;
# the others are loaded into one named graph chosen by the loader.
SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json-ld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}

# Names accepted by --format options and the query endpoint.
NAMES: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def detect(path: Path) -> tuple[ox.RdfFormat, bool]:
    """Return the syntax of ``path`` and whether it is gzip-compressed, from its suffixes."""
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] in (".gz", ".gzip")
    if gzipped:
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(f"unknown file type {''.join(path.suffixes) or '(no suffix)'!r}; "
                         f"expected one of {known} (optionally followed by .gz)", path)
    return SUFFIXES[suffixes[-1]], gzipped


def syntax_error(error: SyntaxError, source: Path | str) -> InputError:
    """Oxigraph's 'Parser error at line L column C: msg' as 'source:L:C: syntax error: msg'."""
    text = str(error.msg if getattr(error, "msg", None) else error)
    message = re.sub(r"^Parser error [^:]*: ", "", text)
    return InputError(f"syntax error: {message}", source, error.lineno, error.offset)


def into_graph(quad: ox.Quad, graph: ox.NamedNode) -> ox.Quad:
    """``quad`` placed in ``graph`` if it is in the default graph (triples from graph-less syntaxes)."""
    if isinstance(quad.graph_name, ox.DefaultGraph):
        return ox.Quad(quad.subject, quad.predicate, quad.object, graph)
    return quad


def is_quad_format(fmt: ox.RdfFormat) -> bool:
    """True for syntaxes that carry named graphs themselves."""
    return fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


class _CountingReader(io.RawIOBase):
    """A read-only stream that reports how many bytes of the file on disk have been read."""

    def __init__(self, raw: io.BufferedReader, on_read: Callable[[int], None]) -> None:
        self._raw, self._on_read = raw, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        n = self._raw.readinto(buffer)
        if n:
            self._on_read(n)
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_checked(path: Path, on_read: Callable[[int], None] | None = None
                 ) -> tuple[BinaryIO, ox.RdfFormat, int]:
    """Open ``path`` for parsing after checking it exists, is a file, is not empty.

    Returns the (decompressing, if gzip) binary stream, its syntax and its size on disk.
    ``on_read`` is called with the number of bytes read from disk, for progress bars.
    """
    fmt, gzipped = detect(path)
    stream, size = open_data(path, on_read, gzipped)
    if fmt == ox.RdfFormat.RDF_XML:
        head = stream.read(PROLOG_BYTES)
        refuse_entities(head, path)
        stream = io.BufferedReader(_Prepended(head, stream))
    return stream, fmt, size


PROLOG_BYTES = 64 * 1024  # how far into an XML file a DOCTYPE with entity declarations is looked for


def refuse_entities(head: bytes, source: Path | str) -> None:
    """RDF/XML may declare XML entities, which expand without bound ("billion laughs": a 1 KB file
    became a 1 GB literal and 8 GB of memory here) or name local files. No RDF needs them: refuse."""
    if b"<!ENTITY" in head.upper():
        raise InputError("XML entity declarations (<!ENTITY ...>) are refused: they can expand without "
                         "bound or read local files; write the values out", source)


class _Prepended(io.RawIOBase):
    """``head`` (already read) followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head, self._stream = memoryview(head), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        buffer = memoryview(buffer)  # (what BufferedReader hands over already)
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def open_data(path: Path, on_read: Callable[[int], None] | None = None, gzipped: bool | None = None
              ) -> tuple[BinaryIO, int]:
    """Open any data file (RDF, CSV, JSON, TSV) as a binary stream, decompressing gzip (``gzipped``
    None: when the name ends in .gz), after checking it exists, is a file and is not empty."""
    if gzipped is None:
        gzipped = path.suffix.lower() in (".gz", ".gzip")
    bzipped = path.suffix.lower() == ".bz2"  # Wikidata's dumps
    if not path.exists():
        raise InputError("no such file", path)
    if not path.is_file():
        raise InputError("not a regular file", path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("file is empty; there is nothing to load", path)
    try:
        raw = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path) from None
    if gzipped:
        magic = raw.read(2)
        raw.seek(0)
        if magic != b"\x1f\x8b":
            raw.close()
            raise InputError("the name ends in .gz but the file is not gzip-compressed", path)
    stream: BinaryIO = raw
    if on_read is not None:
        stream = io.BufferedReader(_CountingReader(raw, on_read), 1 << 20)
    if gzipped:
        stream = cast(BinaryIO, gzip.GzipFile(fileobj=stream))  # (typeshed's file classes are no typing.BinaryIO)
    elif bzipped:
        stream = cast(BinaryIO, bz2.BZ2File(stream))
    return stream, size
