"""Where the workplace's shared folder is (W3C test suites, the seed article, the Netflix catalogue),
for the benchmarks and the tests alike."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The shared folder: $TVKG_SHARED, ../shared, /work/shared (the first that holds w3c-sparql11/)."""
    candidates = [Path(p) for p in (os.environ.get("TVKG_SHARED"),) if p]
    candidates += [ROOT.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "w3c-sparql11").is_dir():
            return candidate
    raise FileNotFoundError("the shared folder with w3c-sparql11/ was not found; set TVKG_SHARED "
                            f"(looked in {', '.join(map(str, candidates))})")
