"""Where the test and benchmark data is, for the benchmarks and the tests alike.

What licences allow is in the repository: the W3C SPARQL 1.1 test suites (W3C test suite licence,
BSD-style: `tests/w3c-sparql11/LICENSE.md`) and the Netflix catalogue (CC0: `data/`). What may not
be redistributed (the seed article's text, the MyDramaList-derived K-drama corpus) stays in the
workplace's shared folder, and the tests that need it say so when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
W3C_SUITE = ROOT / "tests" / "w3c-sparql11"
NETFLIX = ROOT / "data" / "netflix_titles.csv"


def shared_dir() -> Path | None:
    """The shared folder holding what the repository may not carry: $TVKG_SHARED or ../shared, the
    first that holds seed/ or data/; None when there is none (a contributor's own clone)."""
    candidates = [Path(p) for p in (os.environ.get("TVKG_SHARED"),) if p]
    candidates.append(ROOT.parent / "shared")
    return next((c for c in candidates if (c / "seed").is_dir() or (c / "data").is_dir()), None)
