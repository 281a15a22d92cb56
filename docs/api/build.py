"""Generate the Python API's reference (docs/api/*.html) from its docstrings with pdoc: `make docs`.

    python docs/api/build.py [OUTPUT_DIR]

The suite builds it again into a folder of its own and compares, so the pages kept here never
drift from the code. Only ``tvkg.api`` is documented: the rest of the package is tvkg's inside.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Python puts this script's folder first on sys.path, and the pages written here include a tvkg/
# folder, which would then shadow the tvkg package itself.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

import pdoc  # noqa: E402
import pdoc.render  # noqa: E402


def build(output: Path) -> list[Path]:
    """Write the reference into ``output``; the HTML files written."""
    pdoc.render.configure(docformat="markdown", footer_text="tvkg", search=True, show_source=False)
    pdoc.pdoc("tvkg.api", "tvkg.api.magic", output_directory=output)
    return sorted(output.rglob("*.html"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    pages = build(target)
    print(f"wrote {len(pages)} pages to {target}")
