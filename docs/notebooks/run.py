"""Execute the example notebooks headless against a tvkg store: `make notebooks` (in place, with their
figures written beside them for the README) and the test suite (copies, into a folder of its own).

    python docs/notebooks/run.py [--store PATH] [--out DIR] [--figures DIR] [NOTEBOOK ...]

Without notebooks, every *.ipynb beside this file. The kernel gets TVKG_STORE, so ``tvkg.open()``
in a notebook opens that store. A cell that raises stops the run with the notebook's name and the
error, exit status 1.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
CELL_SECONDS = 600


def execute(path: Path, store: Path | None) -> nbformat.NotebookNode:
    """The notebook at ``path``, every cell run in a fresh kernel started in its folder."""
    notebook = nbformat.read(path, as_version=4)
    if store is not None:
        os.environ["TVKG_STORE"] = str(store.resolve())  # the kernel inherits it
    NotebookClient(notebook, timeout=CELL_SECONDS, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def figures(notebook: nbformat.NotebookNode, stem: str, folder: Path) -> list[Path]:
    """Write each PNG the notebook drew to ``folder/stem-N.png``."""
    written = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                target = folder / f"{stem}-{len(written) + 1}.png"
                target.write_bytes(base64.b64decode(data["image/png"]))
                written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--store", type=Path, help="the store the notebooks open (default: tvkg's own)")
    parser.add_argument("--out", type=Path, help="write the executed notebooks here (default: in place)")
    parser.add_argument("--figures", type=Path, help="also write their PNG figures here")
    options = parser.parse_args()
    for path in options.notebooks or sorted(HERE.glob("*.ipynb")):
        try:
            notebook = execute(path, options.store)
        except CellExecutionError as error:
            print(f"{path.name}: a cell failed\n{error}", file=sys.stderr)
            return 1
        target = (options.out / path.name) if options.out else path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        drawn = figures(notebook, path.stem, options.figures) if options.figures else []
        print(f"{path.name}: ran {sum(c.cell_type == 'code' for c in notebook.cells)} cells -> {target}"
              + (f", {len(drawn)} figure(s)" if drawn else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
