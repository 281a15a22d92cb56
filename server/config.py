"""Every server setting in one place, with its default and the environment variable that sets it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tvkg.errors import ConfigError
from tvkg.store.generations import checkout_root, default_store_path


def default_docs_path() -> Path:
    """Where `make docs` writes the manual: build/docs in the checkout (or the working directory)."""
    return (checkout_root() or Path.cwd()) / "build" / "docs"


@dataclass(frozen=True)
class Config:
    """Server configuration. Each field can be set by the ``TVKG_<FIELD>`` environment variable."""

    store: Path = field(default_factory=default_store_path)  # TVKG_STORE: store directory
    max_query_bytes: int = 64 * 1024                          # TVKG_MAX_QUERY_BYTES: longest query text
    max_request_bytes: int = 1024 * 1024                      # TVKG_MAX_REQUEST_BYTES: largest request body
    query_timeout: float = 30.0                               # TVKG_QUERY_TIMEOUT: seconds before a query is stopped
    query_workers: int = 4                                    # TVKG_QUERY_WORKERS: queries at once, per process
    queue_wait: float = 1.0                                   # TVKG_QUEUE_WAIT: most seconds a query waits for a worker
    long_queue_wait: float = 10.0                             # TVKG_LONG_QUEUE_WAIT: the same, for a query known long
    client_max_queries: int = 4                               # TVKG_CLIENT_MAX_QUERIES: per client address (0: any)
    max_waiting: int = 8                                      # TVKG_MAX_WAITING: queries waiting at once (0: any)
    reserved_workers: int = 1                                 # TVKG_RESERVED_WORKERS: kept for short queries
    long_query_seconds: float = 1.0                           # TVKG_LONG_QUERY_SECONDS: a query this old is long
    max_result_bytes: int = 1 << 30                           # TVKG_MAX_RESULT_BYTES: largest result sent
    max_rows: int = 1_000_000                                 # TVKG_MAX_ROWS: most results a query may have (0: any)
    service_allow: tuple[str, ...] = ()                       # TVKG_SERVICE_ALLOW: IRI prefixes, comma-separated
    update_token: str = field(default="", repr=False)         # TVKG_UPDATE_TOKEN: enables writes for this bearer
    update_timeout: float = 120.0                             # TVKG_UPDATE_TIMEOUT: seconds before a write is stopped
    rate_limit: int = 0                                       # TVKG_RATE_LIMIT: requests a minute per client (0: any)
    warm_projections: bool = True                             # TVKG_WARM_PROJECTIONS: build networkx views at start
    cache_bytes: int = 64 << 20                               # TVKG_CACHE_BYTES: answers kept for repeats (0: none)
    docs: Path = field(default_factory=default_docs_path)     # TVKG_DOCS: the built manual, served at /docs

    @property
    def updates_enabled(self) -> bool:
        """SPARQL Update and Graph Store writes are on only when a token is configured."""
        return bool(self.update_token)

    @classmethod
    def from_env(cls, **overrides: object) -> Config:
        """Defaults, then TVKG_* environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        for name, spec in cls.__dataclass_fields__.items():
            raw = os.environ.get(f"TVKG_{name.upper()}")
            if raw is not None:
                kinds: dict[str, Callable[[str], object]] = {"Path": Path, "int": int, "float": float,
                                                             "tuple[str, ...]": _comma_list, "bool": _flag}
                kind = kinds.get(str(spec.type), str)
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise ConfigError(f"TVKG_{name.upper()}={raw!r} is not a valid {kind.__name__}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(**values)  # type: ignore[arg-type]  # each value parsed for its field's type above
        _check_ranges(config)
        if config.update_token and len(config.update_token) < 16:
            raise ConfigError("TVKG_UPDATE_TOKEN is too short: use at least 16 random characters "
                              "(for example from `python -c 'import secrets; print(secrets.token_urlsafe())'`)")
        return config


# The smallest sensible value of each numeric setting: 0 would stop every query, or mean "none" where
# the setting allows that (rate_limit, max_rows).
MINIMUM = {"max_query_bytes": 1, "max_request_bytes": 1, "query_workers": 1, "max_result_bytes": 1,
           "reserved_workers": 0, "queue_wait": 0, "long_queue_wait": 0, "max_rows": 0, "rate_limit": 0,
           "cache_bytes": 0, "client_max_queries": 0, "max_waiting": 0}
ABOVE_ZERO = ("query_timeout", "long_query_seconds", "update_timeout")


def _check_ranges(config: Config) -> None:
    for name, minimum in MINIMUM.items():
        if not getattr(config, name) >= minimum:
            raise ConfigError(f"TVKG_{name.upper()}={getattr(config, name)} is too small: use {minimum} or more")
    for name in ABOVE_ZERO:
        if not getattr(config, name) > 0:
            raise ConfigError(f"TVKG_{name.upper()}={getattr(config, name)} must be more than 0 seconds")


def _flag(raw: str) -> bool:
    if raw.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if raw.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


_flag.__name__ = "flag (1/0, true/false, yes/no, on/off)"


def _comma_list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())
