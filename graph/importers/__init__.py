"""Importers: open data people already have, mapped to the tvkg ontology (``tvkg import KIND PATH``).

Each importer module reads one kind of file as a stream and yields triples (and ``Skip`` notes for
rows it cannot use); tvkg.importers.run writes them all-or-nothing into one named graph per
source and import date, replacing that source's earlier imports, so importing twice changes
nothing. Entities get IRIs minted from the source's own identifiers
(``id/person/imdb-nm0000001``), or from names where a source has none (``id/person/netflix-ama-qamata``:
within one catalogue a name is one person); tvkg.identity later merges entities that several
sources describe.

``run`` writes an import; ``manifest`` builds a whole store from a list of sources to load and
import (``data/sources.toml``: ``tvkg init``, the first ``make run``). Layer (docs/architecture.md):
may import ``tvkg.identity`` (the manifest's resolution step) and what is below it, not ``tvkg.ingest``.

Kinds: ``csv`` (tabular catalogues, e.g. a streaming service's titles), ``wikidata`` (entity JSON
or SPARQL JSON results), ``imdb`` (the public TSV files), ``tvmaze`` (show JSON with embedded cast
and episodes), ``mydramalist`` (the K-drama corpus's three CSV files: seasons, cast parts with
characters and billing, source works from the synopses).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

KINDS = {
    "csv": "tvkg.importers.catalogue",
    "wikidata": "tvkg.importers.wikidata",
    "imdb": "tvkg.importers.imdb",
    "tvmaze": "tvkg.importers.tvmaze",
    "mydramalist": "tvkg.importers.mydramalist",
}


def importer(kind: str) -> ModuleType:
    """The module that reads files of ``kind`` (it has ``read(stream, context)``)."""
    from tvkg.errors import InputError

    if kind not in KINDS:
        raise InputError(f"unknown import kind {kind!r}; use one of {', '.join(KINDS)}")
    return import_module(KINDS[kind])
