"""The tvkg store: an Oxigraph dataset on disk (or in memory), seen through rdflib.

Programs use ``Store.dataset``, an rdflib Dataset whose default graph is the merge of all named
graphs (every write puts each triple there once as well as in its source's named graph).
Underneath, SPARQL runs in Oxigraph itself (through oxrdflib), and tvkg's own fast paths (loading,
the endpoint) use the pyoxigraph store ``Store.ox`` directly.

On disk a store is a directory of immutable *generations*::

    var/store/
      tvkg-store.json     marker: this directory is a tvkg store
      write.lock          held by the one process allowed to write at a time
      current -> gen-3    symlink to the live generation
      gen-2/  gen-3/      Oxigraph (RocksDB) directories

A published generation is only ever opened read-only, so any number of processes (server workers,
CLI queries) can read it safely. Every write happens in ``Store.writing()``: under the write lock,
the live generation is copied (an Oxigraph backup: hard links, so it is cheap), the copy is written,
flushed and closed, and ``current`` is switched to it by an atomic rename. A write that fails, or a
process killed half-way, leaves ``current`` pointing at the old, complete generation. Readers notice
the switch with ``Store.refresh()``. The previous generation is kept for readers still using it and
removed at the next write.

A writer that knows what it changed says so (``note`` on the staging store): the IRIs of the
subjects and objects it added or removed are kept in ``changes/gen-N.json``. Views derived from
the store (tvkg.relations.projections) ask ``changes_since`` and update just those nodes instead of
rebuilding; a write that did not say (a bulk load, inference, a pattern update) makes them rebuild.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import importlib.metadata
import json
import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
import pyoxigraph
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from tvkg.errors import DiskFull, StoreError
from tvkg.ontology.namespaces import PREFIXES
from tvkg.store.remote import RemoteStore, as_url

MARKER = "tvkg-store.json"
BACKUP_MARKER = "tvkg-backup.json"
CURRENT = "current"
FORMAT_VERSION = 1
CHANGES = "changes"     # changes/gen-N.json: the IRIs the write that made gen-N touched
KEEP_CHANGES = 100      # change records kept (a few bytes each unless a write touched many IRIs)
MAX_TOUCHED = 50_000    # past this many IRIs a write counts as "changed everything"


def default_store_path() -> Path:
    """Where the store lives when neither --store nor TVKG_STORE says.

    Run from a checkout (an editable install), ``var/store`` in the project, where `make run` builds
    it; installed as a package, the user's data directory (``~/.local/share/tvkg/store`` on Linux,
    ``$XDG_DATA_HOME/tvkg/store`` when that is set), never a folder inside site-packages.
    """
    env = os.environ.get("TVKG_STORE")
    if env:
        return Path(env)
    checkout = checkout_root()
    if checkout is not None:
        return checkout / "var" / "store"
    return platformdirs.user_data_path("tvkg") / "store"


def checkout_root() -> Path | None:
    """The project's folder when this code runs from a checkout that is installed editable, else
    None: what the installer recorded (PEP 610's direct_url.json), not a guess from folder names."""
    here = Path(__file__).resolve()
    for found in importlib.metadata.distributions(name="tvkg"):
        try:
            origin = json.loads(found.read_text("direct_url.json") or "{}")
        except ValueError:
            continue
        url = urllib.parse.urlparse(origin.get("url", ""))
        if origin.get("dir_info", {}).get("editable") and url.scheme == "file":
            root = Path(urllib.request.url2pathname(url.path)).resolve()
            if here.is_relative_to(root):
                return root
    return None


class Store:
    """An open tvkg dataset. Use ``Store.open(path)`` for disk, ``Store.memory()`` for tests."""

    def __init__(self, ox_store: ox.Store, root: Path | None, read_only: bool,
                 generation: str | None = None) -> None:
        self._ox: ox.Store | None = ox_store
        self.root = root
        self.read_only = read_only
        self._generation = generation  # name of the generation self._ox reads (disk only)
        self._dataset: Dataset | None = None
        self._last_written = 0
        self.url: str | None = None  # set for a store kept in a remote SPARQL server
        self.direct = False  # written as it goes, without generations (a remote server, rdflib)
        self._version = 0  # in memory: bumped by each write, with what it touched in _changes
        self._changes: dict[int, set[str] | None] = {}
        # Derives files beside a generation (writable handle, its directory) before it is published,
        # after a write too large to list what it changed (a bulk load): the writer's handle reads
        # about four times faster than the read-only ones every reader opens (no block cache).
        self.prepare: Callable[[ox.Store, Path], None] | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def memory(cls) -> Store:
        """A fresh, empty in-memory store (nothing touches the disk)."""
        return cls(ox.Store(), None, read_only=False)

    @classmethod
    def remote(cls, url: str, read_only: bool = False) -> Store:
        """A store kept in another SPARQL 1.1 server (see tvkg.store.remote)."""
        store = cls(RemoteStore(url), None, read_only)  # type: ignore[arg-type]  # the part of ox.Store tvkg uses
        store.url, store.direct = url, True
        return store

    @classmethod
    def rdflib(cls) -> Store:
        """A fresh, empty store in rdflib's in-memory Dataset (see tvkg.store.rdflib_backend)."""
        from tvkg.store.rdflib_backend import RdflibStore

        store = cls(RdflibStore(), None, read_only=False)  # type: ignore[arg-type]  # the part of ox.Store tvkg uses
        store.direct = True
        return store

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False, create: bool = True) -> Store:
        """Open the store at ``path``, creating an empty one there if it does not exist.

        ``read_only`` only forbids writes through this object; reading never takes a lock.
        """
        url = as_url(path)
        if url is not None:
            return cls.remote(url, read_only)
        root = Path(path)
        if not root.exists():
            if read_only or not create:
                raise StoreError(f"no store at {root}; build one with `tvkg init` (the bundled data) "
                                 "or `tvkg load FILES`")
            _create(root)
        _check_is_store(root)
        live = _live_generation(root)
        return cls(_open_oxigraph(live, read_only=True), root, read_only, live.name)

    def close(self) -> None:
        """Let go of the Oxigraph files."""
        self._dataset = None
        self._ox = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> bool:
        """Switch to the newest published generation if another process wrote one; True if it did."""
        if self.root is None:
            return False
        live = _live_generation(self.root)
        if live.name == self._generation:
            return False
        self._ox, self._generation, self._dataset = _open_oxigraph(live, read_only=True), live.name, None
        return True

    # -- access ------------------------------------------------------------------------------

    @property
    def ox(self) -> ox.Store:
        """The underlying pyoxigraph store (read-only on disk; write through ``writing()``)."""
        if self._ox is None:
            raise StoreError("the store is closed")
        return self._ox

    @property
    def dataset(self) -> Dataset:
        """The rdflib view: a Dataset whose default graph is the merge of all named graphs."""
        if self._dataset is None:
            self._dataset = Dataset(store=OxigraphStore(store=self.ox))
            for prefix, iri in PREFIXES.items():
                self._dataset.bind(prefix, iri, override=True)
        return self._dataset

    @property
    def generation(self) -> Path | None:
        """The Oxigraph directory this object reads (None in memory)."""
        return None if self.root is None or self._generation is None else self.root / self._generation

    @property
    def generation_key(self) -> str:
        """A name for the data this object reads now: different after every write, and between
        stores (two directories both have a gen-3), so caches can key on it alone."""
        return self._key_prefix() + (self._generation if self._generation is not None else str(self._version))

    def _key_prefix(self) -> str:
        return f"{self.root}/" if self.root is not None else f"memory-{id(self)}-"

    def changes_since(self, key: str) -> set[str] | None:
        """The IRIs touched by the writes since generation ``key``, or None when that is unknown
        (a write did not record them, touched too many, or ``key`` is not an earlier generation
        of this store)."""
        prefix = self._key_prefix()
        if not key.startswith(prefix):
            return None
        since = key[len(prefix):]
        if self.root is not None:
            steps = _recorded_changes(self.root, since, self._generation)
        elif since.isdigit():
            steps = [self._changes.get(v) for v in range(int(since) + 1, self._version + 1)]
        else:
            return None
        if steps is None or any(step is None for step in steps):
            return None
        return set().union(*(step for step in steps if step is not None))

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

    def add_atomically(self, quads: Iterable[pyoxigraph.Quad]) -> None:  # (`ox`, in the class, is the property)
        """Add ``quads`` (and their copies in the default graph, the merge) all-or-nothing."""
        quads = list(quads)
        if self.root is None:
            self._require_writable()
            self.ox.extend([*quads, *merged(quads)])  # one Oxigraph transaction
            self._record(touched_iris(quads))
            return
        with self.writing() as staging:
            staging.extend(quads)
            staging.extend(merged(quads))
            staging.note(quads)

    @contextlib.contextmanager
    def writing(self) -> Iterator[_Staging]:
        """Yield a writable copy of the live store; publish it only if the block succeeds.

        On disk, the copy is the next generation (see the module docstring); on failure it is
        deleted and the live store is untouched. Inside the block ``self.ox`` still reads the
        generation that was copied, so a writer can compare before and after. In memory, the
        block gets a copy that replaces the live store on success.
        """
        self._require_writable()
        if self.direct:  # a remote server or rdflib: written as we go (see tvkg.store.remote)
            staging = _Staging(self.ox)
            yield staging
            self._dataset = None
            self._record(staging.changes())
            return
        if self.root is None:
            scratch = ox.Store()
            scratch.extend(self.ox)
            staging = _Staging(scratch)
            yield staging
            self._ox, self._dataset = scratch, None
            self._record(staging.changes())
            return
        root = self.root
        with _write_lock(root):
            self.refresh()  # so that self.ox, inside the block, is the generation being copied
            live = _live_generation(root)
            _remove_unused_generations(root, live)
            self._last_written = max(self._last_written, *_generation_numbers(root)) + 1
            target = root / f"gen-{self._last_written}"  # never reused, even after a failed write
            staging = _Staging(self._copy(live, target))
            try:
                yield staging
                staging.flush()
                _write_changes(root, target.name, live.name, staging.changes())
                if self.prepare is not None and staging.changes() is None:
                    self.prepare(staging.handle, target)
            except BaseException as error:
                staging.release()
                shutil.rmtree(target, ignore_errors=True)
                if isinstance(error, OSError):  # disk full, read-only: say so, without a traceback
                    raise _store_error(error, root) from None
                raise
            staging.release()  # the writable handle must be gone before anyone opens the generation
            _point_current_at(root, target.name)
            _remove_unused_generations(root, target)
        self.refresh()

    # -- backup ------------------------------------------------------------------------------

    def backup(self, target: Path) -> int:
        """Copy the live generation to ``target`` (a new directory) while the store stays in use:
        a published generation never changes, so the copy is consistent. Returns its quad count."""
        if self.root is None or self.generation is None:
            raise StoreError("only a store on disk can be backed up this way; a remote server has its own backups")
        if target.exists():
            raise StoreError(f"{target} already exists; give a new directory for the backup")
        self.refresh()
        try:
            target.mkdir(parents=True)
            # Oxigraph's backup hard-links the table files: copy them, so that damage to the
            # store's files (a disk error, a stray write) cannot reach the backup too.
            _open_oxigraph(self.generation, read_only=True).backup(str(target / ".linked"))
            shutil.copytree(target / ".linked", target / "data")
            shutil.rmtree(target / ".linked")
            copy = _open_oxigraph(target / "data", read_only=True)
            (target / BACKUP_MARKER).write_text(json.dumps({"tvkg_backup": FORMAT_VERSION, "quads": len(copy),
                                                            "generation": self.generation.name}) + "\n")
            return len(copy)
        except (OSError, StoreError) as error:
            shutil.rmtree(target, ignore_errors=True)
            raise error if isinstance(error, StoreError) else _store_error(error, target) from None

    def _record(self, touched: set[str] | None) -> None:
        """In memory: a write happened, touching ``touched`` (None: unknown)."""
        self._version += 1
        self._changes[self._version] = touched
        self._changes.pop(self._version - KEEP_CHANGES, None)

    def _copy(self, live: Path, target: Path) -> pyoxigraph.Store:
        try:
            _open_oxigraph(live, read_only=True).backup(str(target))
            return _open_oxigraph(target, read_only=False)
        except (OSError, StoreError) as error:
            shutil.rmtree(target, ignore_errors=True)
            raise error if isinstance(error, StoreError) else _store_error(error, self.root) from None

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")


def restore(root: Path, source: Path) -> int:
    """Make a backup made by ``Store.backup`` the store at ``root``, as one new generation published
    like any write (all-or-nothing). The live generation is never opened, so a damaged store can
    be restored; a missing store is created. Returns the restored quad count."""
    try:
        expected: int = json.loads((source / BACKUP_MARKER).read_text())["quads"]
    except (OSError, ValueError, KeyError, TypeError):
        raise StoreError(f"{source} is not a tvkg backup (no readable {BACKUP_MARKER})") from None
    if not root.exists():
        _create(root)
    _check_is_store(root)
    with _write_lock(root):
        target = root / f"gen-{max(_generation_numbers(root)) + 1}"
        try:
            _open_oxigraph(source / "data", read_only=True).backup(str(target))
            found = len(_open_oxigraph(target, read_only=True))
        except OSError as error:
            shutil.rmtree(target, ignore_errors=True)
            raise _store_error(error, root) from None
        except StoreError:
            shutil.rmtree(target, ignore_errors=True)
            raise
        if found != expected:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"{source} is damaged: it holds {found:,} quads, its marker says {expected:,}")
        _point_current_at(root, target.name)
        _remove_unused_generations(root, target)
    return expected


def merged(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The default-graph copy of each quad. Every write adds these, so the default graph is the RDF
    merge of the named graphs: a set, one triple however many sources state it."""
    default = ox.DefaultGraph()
    for q in quads:
        yield ox.Quad(q.subject, q.predicate, q.object, default)


def touched_iris(quads: Iterable[ox.Quad | ox.Triple]) -> set[str]:
    """The IRIs in subject or object position of ``quads``: the nodes a change to them concerns."""
    found = set()
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found


if TYPE_CHECKING:
    _Forwarding = ox.Store  # to the type checker a _Staging is the store it forwards to
else:
    _Forwarding = object


class _Staging(_Forwarding):  # type: ignore[misc]  # pyoxigraph's Store is final (no subclass is meant)
    """The writable Oxigraph store of a generation being written, handed out by ``Store.writing``.

    Forwards everything to the store, and lets ``writing`` drop the one reference to it when the
    block ends: RocksDB may still compact a directory while a writable handle is open, which would
    break the read-only handles opened on the published generation. (pyoxigraph has no close().)
    It also collects what the writer says it changed (``note``, ``changed_unknown``).
    """

    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store
        self._touched: set[str] = set()
        self._noted = False
        self._unknown = False

    @property
    def handle(self) -> ox.Store:
        """The writable store itself (for reading it the fast way before it is published)."""
        if self._store is None:
            raise StoreError("the generation has been published; read it through the Store")
        return self._store

    def note(self, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        """Record that this write added or removed ``quads`` (an over-estimate is fine)."""
        self._noted = True
        if not self._unknown:
            self._touched |= touched_iris(quads)
            if len(self._touched) > MAX_TOUCHED:
                self.changed_unknown()

    def changed_unknown(self) -> None:
        """Record that this write changed things it cannot list (derived views must rebuild)."""
        self._unknown, self._touched = True, set()

    def changes(self) -> set[str] | None:
        """The IRIs this write touched, or None when it did not say or could not."""
        return None if self._unknown or not self._noted else self._touched

    @property
    def backend(self) -> ox.Store:
        """The store being written: an Oxigraph store, or a tvkg.store.foreign one."""
        return self._require()

    def _require(self) -> ox.Store:
        if self._store is None:
            raise StoreError("this staging store is closed; write inside the `with store.writing()` block")
        return self._store

    def __getattr__(self, name: str) -> object:
        return getattr(self._require(), name)

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self._require())

    def __len__(self) -> int:
        return len(self._require())

    def __contains__(self, quad: object) -> bool:  # without it, `in` would iterate every quad
        return quad in self._require()

    def release(self) -> None:
        """Drop the reference; CPython then closes the RocksDB handle at once."""
        self._store = None


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
        ox.Store(str(root / "gen-1")).flush()  # an empty but valid Oxigraph directory
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


def _write_changes(root: Path, name: str, previous: str, touched: set[str] | None) -> None:
    """Record what the write making generation ``name`` (from ``previous``) touched; nothing if unknown."""
    folder = root / CHANGES
    folder.mkdir(exist_ok=True)
    numbers = sorted(int(p.stem.removeprefix("gen-")) for p in folder.glob("gen-*.json")
                     if p.stem.removeprefix("gen-").isdigit())
    for n in numbers[:-KEEP_CHANGES]:
        (folder / f"gen-{n}.json").unlink(missing_ok=True)
    if touched is None:
        return
    tmp = folder / f".{name}.tmp"
    tmp.write_text(json.dumps({"previous": previous, "touched": sorted(touched)}))
    os.replace(tmp, folder / f"{name}.json")


def _recorded_changes(root: Path, since: str, current: str | None) -> list[set[str] | None] | None:
    """The touched sets of the writes from generation ``since`` to ``current``, newest first; None
    when the chain back to ``since`` is broken (a write recorded nothing, or records were pruned)."""
    steps: list[set[str] | None] = []
    name = current
    while name != since:
        if name is None or len(steps) > KEEP_CHANGES:
            return None
        try:
            record = json.loads((root / CHANGES / f"{name}.json").read_text())
        except (OSError, ValueError):
            return None
        steps.append(set(record["touched"]))
        name = record.get("previous")
    return steps


def _generation_numbers(root: Path) -> list[int]:
    numbers = [0]
    for child in root.glob("gen-*"):
        with contextlib.suppress(ValueError):
            numbers.append(int(child.name.removeprefix("gen-")))
    return numbers


def _remove_unused_generations(root: Path, live: Path) -> None:
    """Under the write lock: delete generations left by a killed write (newer than the live one)
    and all but the one before the live one (kept for readers that have not refreshed yet), with
    what was derived beside each (a folder of its name one level down: ``compact/gen-N``)."""
    current = int(live.name.removeprefix("gen-"))
    older = sorted(n for n in _generation_numbers(root) if 0 < n < current)
    keep = {current, *older[-1:]}
    for n in _generation_numbers(root):
        if n and n not in keep:
            shutil.rmtree(root / f"gen-{n}", ignore_errors=True)
            for derived in root.glob(f"*/gen-{n}"):
                if derived.is_dir() and not derived.is_symlink():
                    shutil.rmtree(derived, ignore_errors=True)


@contextlib.contextmanager
def _write_lock(root: Path) -> Iterator[None]:
    """One writer at a time per store; a second one gets a clear error instead of waiting."""
    try:
        handle = (root / "write.lock").open("a")
    except OSError as error:
        raise _store_error(error, root) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another tvkg process is writing to {root}; "
                             "try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_oxigraph(path: Path, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise _store_error(error, path) from None
    except RuntimeError as error:  # RocksDB's "Corruption: ..."
        raise StoreError(f"the store at {path} is damaged ({error}); restore it from a backup with "
                         "`tvkg restore`") from None


def _is(error: OSError, code: int, message: str) -> bool:
    """Does ``error`` carry this errno or, as RocksDB's errors do (no errno), the system's message?"""
    return error.errno == code or message in str(error)


def _disk_full(error: OSError) -> bool:
    return _is(error, errno.ENOSPC, "No space left")


def _read_only(error: OSError) -> bool:
    return _is(error, errno.EROFS, "Read-only file system")


def is_disk_error(error: OSError) -> bool:
    """Is this a write the disk refused (full, or read-only), rather than a file that cannot be read?"""
    return _disk_full(error) or _read_only(error)


def _store_error(error: OSError, where: Path | None) -> StoreError:
    """Turn Oxigraph's and the OS's errors into one sentence a person can act on."""
    text = str(error)
    if _disk_full(error):
        return DiskFull(f"the disk holding {where} is full; nothing was written")
    if _read_only(error):
        return StoreError(f"cannot write to {where}: it is on a read-only file system")
    if error.errno in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return StoreError(f"cannot write to {where}: permission denied")
    if "lock" in text.lower():  # RocksDB's "While lock file: ... Resource temporarily unavailable"
        return StoreError(f"the store at {where} is in use by another process")
    return StoreError(f"cannot use the store at {where}: {text}")
