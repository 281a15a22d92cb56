"""Every server setting in one place, with its default and the environment variable that sets it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import default_store_path


@dataclass(frozen=True)
class Config:
    """Server configuration. Each field can be set by the ``TVKG_<FIELD>`` environment variable."""

    store: Path = field(default_factory=default_store_path)  # TVKG_STORE: store directory
    max_query_bytes: int = 64 * 1024                          # TVKG_MAX_QUERY_BYTES: longest query text
    max_request_bytes: int = 1024 * 1024                      # TVKG_MAX_REQUEST_BYTES: largest request body

    @classmethod
    def from_env(cls, **overrides: object) -> Config:
        """Defaults, then TVKG_* environment variables, then explicit overrides."""
        values: dict[str, object] = {}
        for name, spec in cls.__dataclass_fields__.items():
            raw = os.environ.get(f"TVKG_{name.upper()}")
            if raw is not None:
                values[name] = Path(raw) if spec.type in ("Path", Path) else int(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
