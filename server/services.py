"""What the app's views share, as one typed object: the store, the query and writer pools, the
answer cache, the gate on queries answered in a request's thread, the short links' book. Built
once by create_app and handed to every view through ``services()`` (as Datasette hands
``datasette`` to its views), instead of untyped entries of ``app.extensions``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from flask import current_app

from tvkg.query.cache import ResultCache
from tvkg.query.pool import QueryPool
from tvkg.store.generations import Store

if TYPE_CHECKING:
    from tvkg.server.short_links import LinkBook


@dataclass
class Services:
    store: Store
    pool: QueryPool                   # query processes
    writer: QueryPool | None          # the writer process, when writes are enabled (TVKG_UPDATE_TOKEN)
    cache: ResultCache                # answers per store generation
    light: threading.BoundedSemaphore  # queries answered in a request's own thread at once
    links: LinkBook | None = None     # opened on first use, where the store has a directory
    links_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def root(self) -> Path | None:
        return self.store.root

    def close(self) -> None:
        """Stop the query and writer processes (tests that build an app of their own)."""
        self.pool.close()
        if self.writer is not None:
            self.writer.close()


KEY = "tvkg"


def services() -> Services:
    """The current app's services."""
    return cast(Services, current_app.extensions[KEY])
