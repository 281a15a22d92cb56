"""The ``tvkg`` command: a thin caller of graph/ (and of server/ for ``serve``).

Every error tvkg knows about is printed as one line (``error: ...``) on stderr with exit status 1
(a query's syntax error adds the line it points at, with a caret under the column); usage mistakes
exit 2 (click's convention). No command prints a traceback for bad input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import pyoxigraph as ox
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table

from tvkg.entities.description import exists as entity_exists
from tvkg.errors import TvkgError, ValidationError
from tvkg.identity import decisions, merge
from tvkg.importers import KINDS as importer_kinds
from tvkg.importers import manifest
from tvkg.importers.run import Origin, import_file
from tvkg.ingest import article, claims, extract, mentions
from tvkg.load import files as loader
from tvkg.load import validate as validation
from tvkg.query import execute
from tvkg.relations import compact, questions
from tvkg.relations.projections import build as build_projections
from tvkg.shared import functions as tvf
from tvkg.store import stats as statistics
from tvkg.store.formats import NAMES
from tvkg.store.generations import Store, default_store_path
from tvkg.store.generations import restore as restore_backup
from tvkg.store.remote import as_url

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)

store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path), envvar="TVKG_STORE", default=None,
    help="Store directory or SPARQL server URL (default: $TVKG_STORE, else var/store in a checkout, "
         "else the user's data directory, e.g. ~/.local/share/tvkg/store).")


@contextmanager
def opened(store_path: Path | None, read_only: bool = False) -> Iterator[Store]:
    """Open the store for one command and always close it."""
    store = Store.open(store_path or default_store_path(), read_only=read_only)
    store.prepare = compact.prepare  # a bulk load leaves the relationship graphs ready for the server
    try:
        yield store
    finally:
        store.close()


def animated() -> bool:
    """Whether stderr is a terminal a progress bar can redraw. Not rich's is_terminal, which
    FORCE_COLOR (set by Jupyter for its subprocesses) turns on: colour, not cursor movement."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[loader.Progress | None]:
    """A byte-based progress bar on stderr, or nothing when not wanted (quiet, not a terminal)."""
    if not enabled:
        yield None
        return
    columns = ("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
               TransferSpeedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: tvkg.__version__, the version of the installed distribution."""
    if value and not ctx.resilient_parsing:
        import tvkg
        click.echo(f"{ctx.find_root().info_name}, version {tvkg.__version__}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show_version,
              help="Show the version and exit.")
def cli() -> None:
    """tvkg: a knowledge graph of TV productions, served over SPARQL and entity pages."""


@cli.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--graph", "graph_iri", help="Named graph for Turtle/N-Triples/RDF-XML/JSON-LD files "
              "(default: one graph per file, tvg:file/<name>).")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the SHACL shapes before writing (skipped on bulk loads).")
@click.option("--infer/--no-infer", default=True, show_default=True,
              help="Materialise schema.org/Wikidata/BBC alignments, inverse and chain properties and date "
                   "bounds, as every write does (--no-infer: add them later with `tvkg infer`).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def load_command(files: tuple[Path, ...], store_path: Path | None, graph_iri: str | None,
                 validate: bool, infer: bool, quiet: bool) -> None:
    """Load RDF FILES (or directories of them) all-or-nothing.

    Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, N3; each may be gzip-compressed (.gz).
    """
    root = store_path or default_store_path()
    is_new = not root.exists()
    try:
        with opened(root) as store, progress_bar("loading", not quiet and animated()) as bar:
            report = loader.load(store, list(files), graph=graph_iri, check=validate, entail=infer,
                                 progress=bar)
            size = len(store)
    except BaseException:
        if is_new:  # a failed first load leaves no empty store behind
            shutil.rmtree(root, ignore_errors=True)
        raise
    if quiet:
        return
    how = "bulk load" if report.bulk else ("validated" if report.validated else "not validated")
    err.print(f"loaded {report.parsed:,} triples from {len(report.files)} file(s) in {report.seconds:.2f} s "
              f"({report.rate:,.0f} triples/s; {how}); inferred {report.inferred:,}; store holds {size:,} quads")
    if report.bulk and validate:
        err.print("note: SHACL validation is skipped on bulk loads; run `tvkg validate FILE` to check them")
    if not infer:
        err.print("note: inference was left out; run `tvkg infer` to add the schema.org, Wikidata and BBC "
                  "alignments")


@cli.command("init")
@click.option("--data", "data", type=click.Path(path_type=Path), default=None,
              help="A manifest of sources (sources.toml), or a folder holding one (default: the data "
                   "tvkg ships: the curated seed and the Netflix catalogue).")
@store_option
@click.option("--replace", is_flag=True,
              help="Rebuild an existing store from scratch; it is replaced only once the new one is complete.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary.")
def init_command(data: Path | None, store_path: Path | None, replace: bool, quiet: bool) -> None:
    """Build a new store from a manifest of sources: load, import, then resolve entities.

    The store is built beside its final place and moved there only when complete, so a failure
    leaves no half-built store (and, with --replace, the old one as it was).
    """
    root = store_path or default_store_path()
    if as_url(root) is not None:
        raise TvkgError("tvkg init builds a store directory; for a SPARQL server, use tvkg load and tvkg import")
    data = data or manifest.bundled_data()
    plan = manifest.read(data / manifest.MANIFEST if data.is_dir() else data)
    if root.exists() and not replace:
        raise TvkgError(f"a store already exists at {root}; `tvkg init --replace` rebuilds it from scratch")
    building = root.with_name(root.name + ".building")
    shutil.rmtree(building, ignore_errors=True)  # what a killed init left
    started = time.perf_counter()
    status = err.status("") if not quiet and animated() else contextlib.nullcontext()
    try:
        with status as shown, opened(building) as store:
            steps = manifest.build(store, plan, progress=(lambda title: shown.update(title)) if shown else None)
            size = len(store)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _swap_in(building, root)
    if quiet:
        return
    for step in steps:
        figure = f"{step.triples:,} triples, " if step.triples else ""
        err.print(f"{step.title}: {figure}{step.detail} ({step.seconds:.1f} s)")
    err.print(f"built {root}: {size:,} quads in {time.perf_counter() - started:.1f} s")


def _swap_in(built: Path, root: Path) -> None:
    """Move the built store to ``root``, replacing what is there only after the move is possible."""
    root.parent.mkdir(parents=True, exist_ok=True)
    if not root.exists():
        built.rename(root)
        return
    old = root.with_name(root.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    root.rename(old)
    built.rename(root)
    shutil.rmtree(old, ignore_errors=True)


@cli.command("import")
@click.argument("kind", type=click.Choice(sorted(importer_kinds)))
@click.argument("path", type=click.Path(path_type=Path))
@store_option
@click.option("--source", help="Short name of the source, used in the IRIs it mints (default: per kind; "
              "for csv, the file's name).")
@click.option("--map", "mapping", multiple=True, metavar="ROLE=COLUMN",
              help="csv: the column holding ROLE (id, title, type, director, cast, country, release_year, "
                   "seasons, genres, description).")
@click.option("--option", "extra", multiple=True, metavar="KEY=VALUE",
              help="Importer options, e.g. csv: delimiter=tab, types=any.")
@click.option("--title", help="What the file is, as its publisher names it (kept on the source document).")
@click.option("--license", "license_iri", metavar="IRI",
              help="The file's licence, e.g. https://creativecommons.org/publicdomain/zero/1.0/")
@click.option("--url", "origin_url", metavar="IRI", help="Where the file was published.")
@click.option("--infer/--no-infer", default=True, show_default=True,
              help="Add the ontology's entailments (schema.org, Wikidata, BBC terms; inverses, chains) as "
                   "every write does; --no-infer only to measure what they cost, then run `tvkg infer`.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def import_command(kind: str, path: Path, store_path: Path | None, source: str | None,
                   mapping: tuple[str, ...], extra: tuple[str, ...], title: str | None,
                   license_iri: str | None, origin_url: str | None, infer: bool, quiet: bool) -> None:
    """Import PATH, a KIND file of open data, into its own named graph (all-or-nothing, idempotent)."""
    options = {f"map.{k}": v for k, v in _pairs_option("--map", mapping).items()}
    options.update(_pairs_option("--option", extra))
    origin = Origin(title=title, license=_iri_option("--license", license_iri), url=_iri_option("--url", origin_url))
    with opened(store_path) as store, progress_bar(f"importing {path.name}", not quiet and animated()) as bar:
        report = import_file(store, kind, path, source=source, options=options, progress=bar, origin=origin,
                             entail=infer)
        size = len(store)
    if quiet:
        return
    made = ", ".join(f"{n:,} {cls}" for cls, n in report.entities.most_common())
    checked = "SHACL-checked" if report.validated else "not SHACL-checked (a large import)"
    err.print(f"imported {report.triples:,} triples ({made}) from {path} in {report.seconds:.2f} s "
              f"into <{report.graph}>; {checked}, {report.inferred:,} quads inferred; store holds {size:,} quads")
    if report.replaced:
        err.print(f"replaced the earlier import(s): {', '.join(report.replaced)}")
    for reason, n in report.skipped.most_common(SKIP_REASONS_SHOWN):
        err.print(f"skipped {n:,}: {reason} (e.g. {', '.join(report.examples[reason])})")
    if len(report.skipped) > SKIP_REASONS_SHOWN:
        rest = sum(n for _, n in report.skipped.most_common()[SKIP_REASONS_SHOWN:])
        err.print(f"skipped {rest:,} more (other reasons: {len(report.skipped) - SKIP_REASONS_SHOWN:,})")


SKIP_REASONS_SHOWN = 10


def _pairs_option(name: str, values: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint=name)
        found[key.strip()] = rest.strip()
    return found


def _iri_option(name: str, value: str | None) -> str | None:
    """An option that must be an absolute IRI (a licence, an address), checked before any work."""
    if value is None:
        return None
    try:
        ox.NamedNode(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an absolute IRI", param_hint=name) from None
    return value


@cli.command("ingest")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--published", required=True, metavar="YYYY-MM-DD", help="The article's publication date: relative "
              "dates (\"last summer\", \"next year\") are resolved against it.")
@click.option("--url", "url", metavar="IRI", help="The article's address (names its source document).")
@click.option("--outlet", help="Who published it; an outlet that is the makers' own (\"Netflix Korea (press "
              "release)\", a statement, a newsroom) states its unhedged claims officially.")
@click.option("--dry-run", is_flag=True, help="Print the claim graph as TriG on stdout; write nothing.")
@store_option
def ingest_command(path: Path, published: str, url: str | None, outlet: str | None, dry_run: bool,
                   store_path: Path | None) -> None:
    """Extract claims from a news article (plain text or saved HTML) into a claim graph marked as
    extracted and not yet reviewed: cast statements, announcements with dates and status, evidence."""
    day = _date_option("--published", published)
    url = _iri_option("--url", url)
    text = article.read(path)
    with opened(store_path, read_only=dry_run) as store:
        started = time.perf_counter()
        found = extract.extract(text, day, mentions.gazetteer(store), outlet=outlet)
        if not found.announcements and not found.cast:
            raise TvkgError(f"{path}: no TV claims found (no announcement or cast statement about a show the "
                            "graph knows); nothing was written")
        if dry_run:
            sys.stdout.buffer.write(claims.trig(found, url=url, outlet=outlet))
        else:
            graph = claims.write(store, found, url=url, outlet=outlet)
    swapped = sum(c.swapped for c in found.cast)
    err.print(f"{len(found.announcements)} announcement(s), {len(found.cast)} cast statement(s)"
              + (f" ({swapped} with actor and character the wrong way round, corrected)" if swapped else "")
              + f", {len(found.new_names)} new name(s) in {time.perf_counter() - started:.2f} s"
              + ("" if dry_run else f"; written to <{graph}> for review"))


def _date_option(name: str, value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None
    if not dt.date(1950, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=1):
        raise click.BadParameter(f"{value} is not a possible publication date", param_hint=name)
    return day


@cli.command("merge")
@store_option
@click.option("--dry-run", is_flag=True, help="List what would be merged; write nothing.")
@click.option("--candidates", "show_candidates", is_flag=True,
              help="Also list pairs that share only a name (never merged without evidence).")
def merge_command(store_path: Path | None, dry_run: bool, show_candidates: bool) -> None:
    """Find entities several sources describe and record each as owl:sameAs with its reason."""
    with opened(store_path, read_only=dry_run) as store:
        found, candidates = merge.find(store)
        for match in found:
            verb = "would merge" if dry_run else "merge"
            out.print(f"{verb} <{match.a}> = <{match.b}>: {match.reason}", soft_wrap=True)
        if show_candidates:
            for match in candidates:
                out.print(f"candidate <{match.a}> ? <{match.b}>: score {match.score:.2f}: {match.reason} (not merged)",
                          soft_wrap=True)
        written = 0 if dry_run else merge.apply(store, found)
    err.print(f"{len(found):,} match(es), {written:,} merged; {len(candidates):,} candidate(s) sharing only a name "
              "left apart" + ("" if show_candidates else " (--candidates lists them)"))


@cli.command("merges")
@store_option
def merges_command(store_path: Path | None) -> None:
    """List the recorded merges: graph, the two entities, why and when."""
    with opened(store_path, read_only=True) as store:
        recorded = merge.merges(store)
    for made in recorded:
        out.print(f"{made.graph}  <{made.a}> = <{made.b}>  {made.reason} ({made.date})", soft_wrap=True)
    err.print(f"{len(recorded):,} merge(s); undo one with `tvkg unmerge GRAPH-OR-ENTITY`")


@cli.command("unmerge")
@click.argument("which")
@store_option
def unmerge_command(which: str, store_path: Path | None) -> None:
    """Undo the merge recorded in graph WHICH, or every merge involving the entity WHICH."""
    with opened(store_path) as store:
        undone = merge.undo(store, which.strip("<>"))
    if not undone:
        raise TvkgError(f"no merge has the graph or involves the entity {which}; `tvkg merges` lists them")
    for made in undone:
        err.print(f"undone: <{made.a}> = <{made.b}> ({made.reason})")


@cli.command("review")
@click.argument("verdict", type=click.Choice(["accept", "reject", "withdraw"]))
@click.argument("a")
@click.argument("b")
@store_option
@click.option("--note", default="", help="Why: kept with the decision.")
@click.option("--curator", default="a curator", show_default=True, help="Who decides (kept with the decision).")
def review_command(verdict: str, a: str, b: str, store_path: Path | None, note: str, curator: str) -> None:
    """A curator's decision on two entities A and B (IRIs): accept (merge them), reject (they are
    different: undo merges joining them, and later runs never pair them), or withdraw a rejection."""
    a, b = a.strip("<>"), b.strip("<>")
    with opened(store_path) as store:
        for iri in (a, b):
            if not entity_exists(store, iri):
                raise TvkgError(f"no entity has the IRI <{iri}>")
        if verdict == "accept":
            merge.accept(store, a, b, note, curator)
            err.print(f"merged <{a}> = <{b}> (accepted by {curator})")
        elif verdict == "reject":
            undone = merge.reject(store, a, b, note, curator)
            err.print(f"recorded that <{a}> and <{b}> are different; {len(undone)} merge(s) undone")
        elif decisions.withdraw(store, a, b):
            err.print(f"withdrew the rejection of <{a}> and <{b}>; the next `tvkg merge` may pair them again")
        else:
            raise TvkgError(f"no rejection of <{a}> and <{b}> is recorded")


@cli.command("infer")
@store_option
def infer_command(store_path: Path | None) -> None:
    """Materialise the ontology's entailments over the whole store (atomically)."""
    with opened(store_path) as store:
        started = time.perf_counter()
        added = loader.infer_all(store)
    err.print(f"inferred {added:,} new quads in {time.perf_counter() - started:.2f} s")


@cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
def validate_command(files: tuple[Path, ...], store_path: Path | None) -> None:
    """Check FILES parse and satisfy the SHACL shapes, without loading them.

    IRIs the files point at are looked up in the store if one exists at --store.
    """
    paths = loader.expand(files)
    data = loader.parse_files(paths)
    root = store_path or default_store_path()
    existing = Store.open(root, read_only=True) if root.exists() else None
    try:
        violations = validation.check(data, existing.ox if existing else None)
    finally:
        if existing:
            existing.close()
    if violations:
        raise ValidationError(loader.explain(violations, paths))
    err.print(f"ok: {len(data):,} triples in {len(paths)} file(s) conform to the shapes")


@cli.command("query")
@click.argument("text", metavar="SPARQL")
@store_option
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "xml", *NAMES]),
              help="table, or a SPARQL results format (SELECT/ASK), or an RDF format (CONSTRUCT/DESCRIBE).")
@click.option("--merged", is_flag=True, help="Over the merged view: each entity entity resolution merged has "
              "one IRI instead of one per source.")
@click.option("--service-allow", "service_allow", envvar="TVKG_SERVICE_ALLOW", default=None, metavar="PREFIXES",
              help="Endpoints SERVICE may reach, as the server's setting: IRI prefixes, comma-separated "
                   "(default: $TVKG_SERVICE_ALLOW; unset, any). A SERVICE SILENT to another endpoint is left "
                   "out with a warning; a plain SERVICE to one is an error.")
def query_command(text: str, store_path: Path | None, fmt: str, merged: bool, service_allow: str | None) -> None:
    """Run a SPARQL query (or '-' to read it from stdin) over all graphs."""
    if text == "-":
        text = sys.stdin.read()
    allowed = None if service_allow is None else tuple(p.strip() for p in service_allow.split(",") if p.strip())
    if allowed is not None:
        prepared = execute.prepare(text, allowed)
        for skipped in prepared.skipped:
            err.print(f"warning: SERVICE SILENT {skipped.shown} was not contacted ({skipped.reason}, "
                      "--service-allow); the query went on as if it had answered one empty solution",
                      markup=False, emoji=False)
        text = prepared.text
    with opened(store_path, read_only=True) as store:
        result = execute.run(store, text, merged=merged, allowed_services=allowed, functions=tvf.functions(store))
        if fmt != "table" or isinstance(result, ox.QueryTriples):
            sys.stdout.buffer.write(execute.serialize(result, fmt))
            return
        if isinstance(result, ox.QueryBoolean):
            out.print("true" if bool(result) else "false")
            return
        names, body = execute.rows(result)
        table = Table(*names, show_lines=False)
        count = 0
        for row in body:
            table.add_row(*row)
            count += 1
        out.print(table)
        err.print(f"{count} row(s)")


@cli.command("export")
@store_option
@click.option("--format", "fmt", default="nquads", show_default=True,
              type=click.Choice(["nquads", "trig", "turtle", "ntriples"]),
              help="nquads and trig keep named graphs; turtle and ntriples write their merge.")
def export_command(store_path: Path | None, fmt: str) -> None:
    """Write the whole dataset to stdout."""
    with opened(store_path, read_only=True) as store:
        statistics.export(store, sys.stdout.buffer, NAMES[fmt])


@cli.command("backup")
@click.argument("target", type=click.Path(path_type=Path))
@store_option
def backup_command(target: Path, store_path: Path | None) -> None:
    """Copy the store to the new directory TARGET while it stays in use (readers and writers too)."""
    with opened(store_path, read_only=True) as store:
        started = time.perf_counter()
        quads = store.backup(target)
    err.print(f"backed up {quads:,} quads to {target} in {time.perf_counter() - started:.2f} s")


@cli.command("restore")
@click.argument("source", type=click.Path(path_type=Path))
@store_option
def restore_command(source: Path, store_path: Path | None) -> None:
    """Replace the store's content with the backup in SOURCE (all-or-nothing)."""
    started = time.perf_counter()
    quads = restore_backup(store_path or default_store_path(), source)  # works on a damaged store too
    err.print(f"restored {quads:,} quads from {source} in {time.perf_counter() - started:.2f} s")


@cli.command("stats")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--projections", "with_projections", is_flag=True,
              help="Also build the networkx projections and report their size, build time and memory.")
def stats_command(store_path: Path | None, as_json: bool, with_projections: bool) -> None:
    """Counts: quads, triples, named graphs, entities per class, size on disk."""
    with opened(store_path, read_only=True) as store:
        figures = statistics.collect(store)
        if with_projections:
            built = build_projections(store, measure_memory=True)
            figures["projections"] = {**built.stats(), "peak_memory_bytes": built.peak_bytes}
    if as_json:
        import json
        click.echo(json.dumps(figures, indent=2))
        return
    out.print(f"store      {figures['store']}")
    out.print(f"triples    {figures['triples']:,} (distinct: the merge of all graphs)")
    out.print(f"quads      {figures['quads']:,} (in named graphs)")
    out.print(f"graphs     {figures['graphs']:,}")
    out.print(f"disk       {figures['disk_bytes'] / 1e6:,.1f} MB")
    table = Table("class", "entities")
    for cls, count in figures["classes"].items():
        table.add_row(cls, f"{count:,}")
    out.print(table)
    if with_projections:
        table = Table("projection", "nodes", "edges", "build s")
        for name, row in figures["projections"].items():
            if isinstance(row, dict):
                table.add_row(name, f"{row['nodes']:,}", f"{row['edges']:,}", f"{row['seconds']:.2f}")
        out.print(table)
        peak = figures["projections"]["peak_memory_bytes"]
        out.print(f"projections' peak memory while building: {peak / 1e6:,.1f} MB")


def _emit_json(value: dict[str, object]) -> None:
    """A relationship answer as JSON; the dataclasses inside it become objects."""
    import dataclasses
    import json
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=dataclasses.asdict))


@cli.command("path")
@click.argument("source")
@click.argument("target")
@store_option
@click.option("-k", "k", default=1, show_default=True, type=click.IntRange(1, 20), help="How many shortest paths.")
@click.option("--hubs", is_flag=True, help="Also go through places, organisations and categories.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def path_command(source: str, target: str, store_path: Path | None, k: int, hubs: bool, as_json: bool) -> None:
    """How SOURCE is connected to TARGET (IRIs or any name), every hop explained: through people,
    productions, characters and source works (--hubs: also places, organisations, categories)."""
    with opened(store_path, read_only=True) as store:
        found = questions.connections(store, source, target, k, hubs=hubs)
    if as_json:
        _emit_json({"connections": found})
        return
    if not found:
        raise TvkgError(f"{source!r} and {target!r} are not connected in the graph")
    for number, connection in enumerate(found, start=1):
        out.print(f"{number}. {connection.length} hop(s): " + " → ".join(n.label for n in connection.nodes),
                  markup=False)
        for step in connection.steps:
            out.print(f"   {step.sentence}", markup=False)


@cli.command("separation")
@click.argument("source")
@click.argument("target", required=False)
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def separation_command(source: str, target: str | None, store_path: Path | None, as_json: bool) -> None:
    """Degrees of separation between two people; with one person, how many people at each degree."""
    with opened(store_path, read_only=True) as store:
        if target is None:
            distribution = questions.separation_distribution(store, source)
            if as_json:
                _emit_json({"distribution": distribution})
                return
            for degrees, count in distribution.items():
                out.print(f"{degrees}  {count:,} people")
            return
        found = questions.separation(store, source, target)
    if as_json:
        _emit_json({"separation": found, "degrees": found.degrees if found else None})
        return
    if found is None:
        raise TvkgError(f"{source!r} and {target!r} share no chain of productions")
    out.print(f"{found.degrees} degree(s): " + " → ".join(p.label for p in found.people), markup=False)
    for (a, b), shared in zip(itertools.pairwise(found.people), found.shared, strict=True):
        out.print(f"   {a.label} and {b.label}: {', '.join(s.label for s in shared)}", markup=False)


@cli.command("rank")
@store_option
@click.option("--measure", default="degree", show_default=True, type=click.Choice(questions.MEASURES))
@click.option("--kind", type=click.Choice(["Person", "Production"]), help="Only people, or only productions.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def rank_command(store_path: Path | None, measure: str, kind: str | None, top: int, as_json: bool) -> None:
    """The most central people and productions of the credits graph."""
    with opened(store_path, read_only=True) as store:
        ranked = questions.rank(store, measure, kind, top)
    if as_json:
        _emit_json({"measure": measure, "ranking": ranked})
        return
    table = Table("#", "entity", "kind", measure)
    for number, item in enumerate(ranked, start=1):
        table.add_row(str(number), item.node.label, item.kind, f"{item.score:g}")
    out.print(table)


@cli.command("collaborators")
@click.argument("person")
@store_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def collaborators_command(person: str, store_path: Path | None, top: int, as_json: bool) -> None:
    """A person's most frequent collaborators and the productions they share."""
    with opened(store_path, read_only=True) as store:
        found = questions.collaborators(store, person, top)
    if as_json:
        _emit_json({"collaborators": found})
        return
    table = Table("collaborator", "shared", "productions")
    for item in found:
        table.add_row(item.person.label, str(len(item.productions)), ", ".join(p.label for p in item.productions))
    out.print(table)


@cli.command("derived")
@click.argument("work")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def derived_command(work: str, store_path: Path | None, as_json: bool) -> None:
    """Everything adapted from a source work: productions, seasons, episodes, shared characters."""
    with opened(store_path, read_only=True) as store:
        found = questions.derived(store, work)
    if as_json:
        _emit_json({"adaptations": found})
        return
    if not found:
        raise TvkgError(f"nothing in the graph is adapted from {work!r}")
    for item in found:
        out.print(f"{item.production.label}: {len(item.seasons)} season(s), {item.episodes} episode(s); "
                  f"characters from the work: {', '.join(c.label for c in item.shared_characters) or 'none'}",
                  markup=False)


@cli.command("shared-cast")
@store_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def shared_cast_command(store_path: Path | None, top: int, as_json: bool) -> None:
    """The pairs of productions that share the most people."""
    with opened(store_path, read_only=True) as store:
        found = questions.shared_cast(store, top)
    if as_json:
        _emit_json({"pairs": found})
        return
    table = Table("production", "production", "shared", "people")
    for item in found:
        table.add_row(item.productions[0].label, item.productions[1].label, str(len(item.people)),
                      ", ".join(p.label for p in item.people))
    out.print(table)


@cli.command("communities")
@store_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def communities_command(store_path: Path | None, top: int, as_json: bool) -> None:
    """Communities of collaborators (Louvain), largest first."""
    with opened(store_path, read_only=True) as store:
        found = questions.communities(store, top)
    if as_json:
        _emit_json({"communities": found})
        return
    for number, group in enumerate(found, start=1):
        out.print(f"{number}. {len(group)} people: {', '.join(p.label for p in group[:12])}"
                  f"{' ...' if len(group) > 12 else ''}", markup=False)


@cli.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, envvar="TVKG_HOST")
@click.option("--port", default=8080, show_default=True, type=int, envvar="TVKG_PORT")
@click.option("--workers", default=1, show_default=True, type=int, envvar="TVKG_WORKERS",
              help="Server worker processes.")
@click.option("--threads", default=None, type=int, envvar="TVKG_THREADS",
              help="Threads per worker [default: 16 under granian, 32 under gunicorn]. Too few, and slow queries "
                   "hold every thread while pages wait; too many, and under granian pages wait for the GIL.")
@click.option("--server", "server_name", default="granian", show_default=True, envvar="TVKG_SERVER",
              type=click.Choice(["granian", "gunicorn"]),
              help="The WSGI server: granian (its HTTP side is Rust: 1.6-2x gunicorn's light queries a "
                   "second), or gunicorn.")
def serve_command(store_path: Path | None, host: str, port: int, workers: int, threads: int | None,
                  server_name: str) -> None:
    """Serve SPARQL and entity pages with a production WSGI server (granian by default)."""
    from tvkg.server.run import DEFAULT_THREADS, serve
    serve(store_path or default_store_path(), host=host, port=port, workers=workers,
          threads=threads or DEFAULT_THREADS[server_name], server=server_name)


def main() -> None:
    """Entry point: run the CLI, turning tvkg errors into one clear line and exit status 1."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except TvkgError as error:
        err.print(f"error: {error}", markup=False, emoji=False)  # a quoted query may hold :name: text
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        sys.exit(130)


if __name__ == "__main__":
    main()
