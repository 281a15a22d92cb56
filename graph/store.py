"""The tvkg store: an Oxigraph dataset on disk (or in memory), seen through rdflib.

Programs use ``Store.dataset``, an rdflib Dataset whose default graph is the union of all named
graphs. Underneath, SPARQL runs in Oxigraph itself (through oxrdflib), and tvkg's own fast paths
(loading, the endpoint) use the pyoxigraph store ``Store.ox`` directly.

On disk a store is a directory of *generations*::

    var/store/
      tvkg-store.json     marker: this directory is a tvkg store
      current -> gen-3    symlink to the live Oxigraph directory
      gen-3/              Oxigraph (RocksDB) files

Small writes go into the live generation in one Oxigraph transaction. Bulk loads, which use
Oxigraph's fast but non-transactional bulk loader, go into a copy (an Oxigraph backup: hard links,
so it is cheap) that replaces the live generation by an atomic rename of ``current`` only once the
load has fully succeeded. Either way a failed or killed write leaves the store exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from graph.errors import StoreError
from ontology.namespaces import PREFIXES

MARKER = "tvkg-store.json"
CURRENT = "current"
FORMAT_VERSION = 1


def default_store_path() -> Path:
    """Where the store lives when neither --store nor TVKG_STORE says: ``var/store`` in the project."""
    env = os.environ.get("TVKG_STORE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "var" / "store"


class Store:
    """An open tvkg dataset. Use ``Store.open(path)`` for disk, ``Store.memory()`` for tests."""

    def __init__(self, ox_store: ox.Store, root: Path | None, read_only: bool) -> None:
        self._ox = ox_store
        self.root = root
        self.read_only = read_only
        self._dataset: Dataset | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def memory(cls) -> Store:
        """A fresh, empty in-memory store (nothing touches the disk)."""
        return cls(ox.Store(), None, read_only=False)

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False, create: bool = True) -> Store:
        """Open the store at ``path``, creating an empty one there if it does not exist.

        Read-only opens do not take Oxigraph's write lock, so a server can serve while a
        loader writes a new generation beside it.
        """
        root = Path(path)
        if not root.exists():
            if read_only or not create:
                raise StoreError(f"no store at {root}; create one with `tvkg load` first")
            _create(root)
        _check_is_store(root)
        live = _live_generation(root)
        if not read_only:
            _remove_stale_generations(root, live)
        return cls(_open_oxigraph(live, read_only), root, read_only)

    def close(self) -> None:
        """Release the Oxigraph files (and their lock)."""
        self._dataset = None
        if self._ox is not None:
            with contextlib.suppress(Exception):
                if not self.read_only:
                    self._ox.flush()
            self._ox = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- access ------------------------------------------------------------------------------

    @property
    def ox(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        if self._ox is None:
            raise StoreError("the store is closed")
        return self._ox

    @property
    def dataset(self) -> Dataset:
        """The rdflib view: a Dataset whose default graph is the union of all named graphs."""
        if self._dataset is None:
            self._dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
            for prefix, iri in PREFIXES.items():
                self._dataset.bind(prefix, iri, override=True)
        return self._dataset

    @property
    def generation(self) -> Path | None:
        """The live Oxigraph directory (None in memory)."""
        return None if self.root is None else _live_generation(self.root)

    def __len__(self) -> int:
        """Number of quads over all graphs."""
        return len(self.ox)

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def disk_size(self) -> int:
        """Bytes used by the live generation on disk (0 in memory)."""
        gen = self.generation
        if gen is None:
            return 0
        return sum(f.stat().st_size for f in gen.rglob("*") if f.is_file())

    # -- writing -----------------------------------------------------------------------------

    def add_atomically(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in a single Oxigraph transaction: all of them or, on failure, none."""
        self._require_writable()
        try:
            self.ox.extend(quads)
            if self.root is not None:
                self.ox.flush()
        except OSError as error:
            raise _store_error(error, self.root) from None

    def remove_graph(self, graph: str) -> None:
        """Drop one named graph with its triples."""
        self._require_writable()
        self.ox.remove_graph(ox.NamedNode(graph))

    @contextlib.contextmanager
    def next_generation(self) -> Iterator[ox.Store]:
        """Yield a writable copy of the live store; make it live only if the block succeeds.

        The copy is an Oxigraph backup (a RocksDB checkpoint of hard-linked files). If the block
        raises, or the process dies inside it, the copy is discarded and the live store is as it
        was. On success ``current`` is switched to the copy by an atomic rename.
        For an in-memory store the block gets a fresh in-memory store, copied in with one transaction.
        """
        self._require_writable()
        if self.root is None:
            scratch = ox.Store()
            scratch.extend(self.ox)
            yield scratch
            self._ox = scratch
            self._dataset = None
            return
        root = self.root
        target = root / f"gen-{_next_generation_number(root)}"
        try:
            self.ox.flush()
            self.ox.backup(str(target))
            fresh = _open_oxigraph(target, read_only=False)
        except OSError as error:
            shutil.rmtree(target, ignore_errors=True)
            raise _store_error(error, root) from None
        try:
            yield fresh
            fresh.flush()
        except BaseException:
            del fresh
            shutil.rmtree(target, ignore_errors=True)
            raise
        old = _live_generation(root)
        _point_current_at(root, target.name)
        self._ox = fresh
        self._dataset = None
        shutil.rmtree(old, ignore_errors=True)

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")


# -- the directory layout ----------------------------------------------------------------------

def _create(root: Path) -> None:
    try:
        root.mkdir(parents=True)
    except OSError as error:
        raise _store_error(error, root) from None
    _create_in_empty(root)


def _check_is_store(root: Path) -> None:
    if not root.is_dir():
        raise StoreError(f"{root} is not a directory, so it cannot be a tvkg store")
    marker = root / MARKER
    if not marker.exists():
        if any(root.iterdir()):
            raise StoreError(f"{root} is not a tvkg store (no {MARKER}); "
                             "refusing to touch a directory tvkg did not create")
        _create_in_empty(root)
        return
    try:
        version = json.loads(marker.read_text()).get("tvkg_store")
    except (OSError, ValueError, AttributeError):
        raise StoreError(f"{marker} is unreadable or corrupt") from None
    if version != FORMAT_VERSION:
        raise StoreError(f"{root} has store format {version!r}; this tvkg reads format {FORMAT_VERSION}")


def _create_in_empty(root: Path) -> None:
    try:
        (root / "gen-1").mkdir()
        _point_current_at(root, "gen-1")
        (root / MARKER).write_text(json.dumps({"tvkg_store": FORMAT_VERSION}) + "\n")
    except OSError as error:
        raise _store_error(error, root) from None


def _live_generation(root: Path) -> Path:
    link = root / CURRENT
    if not link.is_symlink():
        raise StoreError(f"{root} is corrupt: {CURRENT} is missing; restore from a backup")
    target = root / os.readlink(link)
    if not target.is_dir():
        raise StoreError(f"{root} is corrupt: {CURRENT} points at missing {target.name}")
    return target


def _point_current_at(root: Path, name: str) -> None:
    """Switch ``current`` to ``name`` atomically (a new symlink renamed over the old one)."""
    tmp = root / f".{CURRENT}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(name)
    os.replace(tmp, root / CURRENT)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _generation_numbers(root: Path) -> list[int]:
    numbers = []
    for child in root.glob("gen-*"):
        with contextlib.suppress(ValueError):
            numbers.append(int(child.name.removeprefix("gen-")))
    return numbers


def _next_generation_number(root: Path) -> int:
    return max(_generation_numbers(root), default=0) + 1


def _remove_stale_generations(root: Path, live: Path) -> None:
    """Delete generations left by a load that died before switching over."""
    for child in root.glob("gen-*"):
        if child.resolve() != live.resolve():
            shutil.rmtree(child, ignore_errors=True)


def _open_oxigraph(path: Path, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise _store_error(error, path) from None


def _store_error(error: OSError, where: Path | None) -> StoreError:
    """Turn Oxigraph's and the OS's errors into one sentence a person can act on."""
    text = str(error)
    if "lock" in text.lower():
        return StoreError(f"the store at {where} is in use by another process "
                          "(is `tvkg serve` or another load running?)")
    if error.errno == errno.ENOSPC or "No space left" in text:
        return StoreError(f"the disk holding {where} is full; nothing was written")
    if error.errno in (errno.EACCES, errno.EROFS, errno.EPERM) or "Permission denied" in text \
            or "Read-only file system" in text:
        return StoreError(f"cannot write to {where}: permission denied or read-only file system")
    return StoreError(f"cannot use the store at {where}: {text}")
