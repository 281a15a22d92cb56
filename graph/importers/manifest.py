"""Build a store from a manifest of sources (`data/sources.toml`): what `tvkg init` does, and so the
first `make run`.

A manifest lists sources in order, each either RDF files to load or a file of open data to import,
then says whether entity resolution runs over the result::

    [[source]]
    title = "All of Us Are Dead season 2, curated"
    load = ["000_all_of_us_are_dead_s2_article.trig"]

    [[source]]
    title = "Netflix Movies and TV Shows"
    import = "csv"                      # an importer kind (tvkg.importers.KINDS)
    path = "netflix_titles.csv"
    source = "netflix"                  # optional: the short name in the IRIs it mints
    license = "https://creativecommons.org/publicdomain/zero/1.0/"
    url = "https://example.org/where-it-was-published"

    [resolve]
    merge = true

Paths are relative to the manifest. A mistake in it is reported with the manifest's path and the
entry's number before anything is written.
"""

from __future__ import annotations

import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tvkg.errors import InputError
from tvkg.identity import merge
from tvkg.importers import KINDS
from tvkg.importers.run import ImportReport, Origin, import_file
from tvkg.load import files as loader
from tvkg.store.generations import Store, checkout_root

MANIFEST = "sources.toml"
ENTRY_KEYS = {"title", "load", "import", "path", "source", "license", "url", "options"}


@dataclass(frozen=True)
class Source:
    """One entry of the manifest: files to load, or one file to import with ``kind``."""

    title: str
    files: tuple[Path, ...] = ()
    kind: str | None = None
    source: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    origin: Origin = field(default_factory=Origin)


@dataclass(frozen=True)
class Manifest:
    path: Path
    sources: tuple[Source, ...]
    merge: bool


@dataclass
class Step:
    """What one source (or the resolution) wrote, for `tvkg init` to print."""

    title: str
    triples: int
    seconds: float
    detail: str = ""


Progress = Callable[[str], None]


def bundled_data() -> Path:
    """The data tvkg ships: ``data/`` in a checkout, else ``share/tvkg/data`` in the installation."""
    checkout = checkout_root()
    if checkout is not None:
        return checkout / "data"
    return Path(sys.prefix) / "share" / "tvkg" / "data"


def read(path: Path) -> Manifest:
    """Parse and check a manifest; an InputError names the manifest and the entry at fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the manifest: {error.strerror or error}", path) from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not a TOML manifest: {error}", path) from None
    unknown = set(parsed) - {"source", "resolve"}
    if unknown:
        raise InputError(f"unknown table(s) {', '.join(sorted(unknown))}; a manifest has [[source]] and [resolve]",
                         path)
    entries = parsed.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise InputError("the manifest lists no [[source]]", path)
    sources = tuple(_source(path, number, entry) for number, entry in enumerate(entries, 1))
    resolve = parsed.get("resolve", {})
    return Manifest(path, sources, bool(resolve.get("merge", False)))


def _source(manifest: Path, number: int, entry: dict[str, Any]) -> Source:
    def fail(problem: str) -> InputError:
        return InputError(f"[[source]] number {number}: {problem}", manifest)

    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(entry.get("title"), str) or not entry["title"].strip():
        raise fail("needs a title")
    if ("load" in entry) == ("import" in entry):
        raise fail("needs either load = [files] or import = \"kind\" (with path)")
    base = manifest.parent
    if "load" in entry:
        files = entry["load"]
        if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
            raise fail("load must be a list of file names")
        paths = tuple(base / f for f in files)
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise fail(f"no such file: {', '.join(missing)}")
        return Source(entry["title"], files=paths)
    kind = entry["import"]
    if kind not in KINDS:
        raise fail(f"unknown importer {kind!r}; one of {', '.join(sorted(KINDS))}")
    if not isinstance(entry.get("path"), str):
        raise fail("an import needs path = \"file\"")
    path = base / entry["path"]
    if not path.exists():
        raise fail(f"no such file: {path}")
    for key in ("license", "url"):
        if key in entry:
            try:
                ox.NamedNode(entry[key])
            except (ValueError, TypeError):
                raise fail(f"{key} must be an absolute IRI, not {entry[key]!r}") from None
    options = entry.get("options", {})
    if not isinstance(options, dict):
        raise fail("options must be a table of strings")
    origin = Origin(title=entry["title"], license=entry.get("license"), url=entry.get("url"))
    return Source(entry["title"], files=(path,), kind=kind, source=entry.get("source"),
                  options={k: str(v) for k, v in options.items()}, origin=origin)


def build(store: Store, manifest: Manifest, progress: Progress | None = None) -> list[Step]:
    """Load and import every source in order, then resolve entities if the manifest says so."""
    steps: list[Step] = []
    for source in manifest.sources:
        if progress:
            progress(source.title)
        if source.kind is None:
            report = loader.load(store, list(source.files))
            steps.append(Step(source.title, report.parsed + report.inferred, report.seconds,
                              f"{len(report.files)} file(s), {report.inferred:,} inferred"))
        else:
            done = import_file(store, source.kind, source.files[0], source=source.source,
                               options=source.options, origin=source.origin)
            steps.append(Step(source.title, done.triples, done.seconds, _made(done)))
    if manifest.merge:
        if progress:
            progress("entity resolution")
        started = time.perf_counter()
        found, candidates = merge.find(store)
        merged = merge.apply(store, found)
        steps.append(Step("entity resolution", 0, time.perf_counter() - started,
                          f"{merged:,} merge(s), {len(candidates):,} candidate(s) left apart"))
    return steps


def _made(report: ImportReport) -> str:
    made = ", ".join(f"{n:,} {cls}" for cls, n in report.entities.most_common(4))
    skipped = sum(report.skipped.values())
    return made + (f"; {skipped:,} skipped" if skipped else "")
