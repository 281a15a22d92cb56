"""Every example in the manual (docs/**/*.md) and the README runs, against the default store.

A fenced block is run by its language (docs/contributing.md, "Writing the manual"): ``sparql``
must answer something; the ``python`` blocks of a page run in order in one process and must not
raise; each ``sh`` command must exit 0; in a ``console`` block each ``$ command`` runs and the lines
shown after it must be in what it printed (``...`` stands for anything). The line before a block
that cannot run here says why: ``<!-- not run: reason -->``. Other languages (text, turtle,
json ...) are shown, not run.

Commands and Python run with the repository as working directory, ``TVKG_STORE`` on a copy of the
default store private to the page, and ``http://127.0.0.1:8080`` replaced by a live server on it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import ROOT
from tests.server_process import running_server
from tvkg.query.execute import run
from tvkg.shared import functions as tvf
from tvkg.store.generations import Store

PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
RUN = ("sparql", "python", "sh", "console")
ADDRESS = "http://127.0.0.1:8080"
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
NOT_RUN = re.compile(r"<!--\s*not run:\s*\S.*?-->\s*$")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    body: str
    not_run: bool

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a page, with their language and whether a comment excuses them."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        indent = len(match["indent"])
        body = "\n".join(line[indent:] for line in match["body"].split("\n"))
        found.append(Block(page, text.count("\n", 0, match.start()) + 1, match["lang"], body,
                           bool(NOT_RUN.search(before))))
    return found


ALL = [b for page in PAGES for b in blocks(page)]
RUNNABLE = [b for b in ALL if b.lang in RUN and not b.not_run]


def sessions(body: str) -> list[tuple[str, list[str]]]:
    """The (command, expected lines) pairs of a ``console`` block; a command continues on the next
    lines while its quotes are open or it ends in a backslash."""
    found: list[tuple[str, list[str]]] = []
    open_command = False
    for line in body.split("\n"):
        if open_command:
            found[-1] = (found[-1][0] + "\n" + line, [])
        elif line.startswith("$ "):
            found.append((line[2:], []))
        elif found and line.strip():
            found[-1][1].append(line.rstrip())
            continue
        else:
            continue
        open_command = _unfinished(found[-1][0])
    return found


def _unfinished(command: str) -> bool:
    if command.endswith("\\"):
        return True
    try:
        shlex.split(command)
    except ValueError:  # a quotation not closed yet
        return True
    return False


# -- the pages keep their own rules -----------------------------------------------------------------

def test_the_manual_has_examples_of_every_kind_and_most_run() -> None:
    kinds = {b.lang for b in RUNNABLE}
    assert kinds == set(RUN), f"no runnable example of {set(RUN) - kinds}"
    shown = [b for b in ALL if b.lang in RUN]
    assert len(RUNNABLE) >= 40 and len(RUNNABLE) >= 0.6 * len(shown), (len(RUNNABLE), len(shown))


def test_a_block_that_is_not_run_says_why_and_every_block_names_its_language() -> None:
    unnamed = [b.where for b in ALL if not b.lang]
    assert not unnamed, f"blocks with no language (use text, console, sparql ...): {unnamed}"
    for b in ALL:
        if b.not_run:
            assert b.lang in RUN, f"{b.where}: a {b.lang} block is never run; drop the 'not run' comment"


def test_the_readme_is_short_and_links_into_the_manual() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    for page in ("docs/getting-started.md", "docs/researchers/querying.md", "docs/reference/cli.md"):
        assert page in readme


# -- running them -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def default_store(bundled_store: Path) -> Iterator[Store]:
    with Store.open(bundled_store, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def server(bundled_store: Path) -> Iterator[str]:
    with running_server(bundled_store, env={"TVKG_QUERY_TIMEOUT": "120"}) as url:
        yield url


@pytest.fixture(scope="module")
def copies() -> dict[Path, Path]:
    """A copy of the default store per page, made when a page first needs it."""
    return {}


def _store_for(page: Path, bundled: Path, copies: dict[Path, Path], tmp: pytest.TempPathFactory) -> Path:
    """A copy of the default store for ``page``: its generations' files hard-linked (a published
    generation is never written again; a write makes a new one), the rest copied."""
    if page not in copies:
        target = tmp.mktemp("docs-store") / "store"

        def link_or_copy(source: str, destination: str) -> None:
            if "/gen-" in source:
                os.link(source, destination)
            else:
                shutil.copy2(source, destination)

        shutil.copytree(bundled, target, symlinks=True, copy_function=link_or_copy)
        copies[page] = target
    return copies[page]


def _env(store: Path, tmp: Path) -> dict[str, str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "TVKG_STORE": str(store), "PATH": path, "TMPDIR": str(tmp), "COLUMNS": "200"}


@pytest.mark.parametrize("block", [b for b in RUNNABLE if b.lang == "sparql"], ids=lambda b: b.where)
def test_sparql(block: Block, default_store: Store) -> None:
    answer = run(default_store, block.body, functions=tvf.functions(default_store))
    something = bool(answer) if isinstance(answer, ox.QueryBoolean) else next(iter(answer), None) is not None
    assert something, f"{block.where}: the query answers nothing on the default store"


PYTHON_PAGES = sorted({b.page for b in RUNNABLE if b.lang == "python"})
RUNNER = """
import json, sys, traceback
blocks = json.load(open(sys.argv[1]))
space = {"__name__": "__docs__"}
for where, code in blocks:
    try:
        exec(compile(code, where, "exec"), space)
    except Exception:
        print(f"FAILED {where}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
"""


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python(page: Path, server: str, bundled_store: Path, copies: dict[Path, Path],
                tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    store = _store_for(page, bundled_store, copies, tmp_path_factory)
    code = [(b.where, b.body.replace(ADDRESS, server)) for b in RUNNABLE if b.page == page and b.lang == "python"]
    (tmp_path / "blocks.json").write_text(json.dumps(code))
    done = subprocess.run([sys.executable, "-c", RUNNER, str(tmp_path / "blocks.json")], cwd=ROOT, text=True,
                          capture_output=True, env={**_env(store, tmp_path), "MPLBACKEND": "Agg"}, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def _shell(command: str, server: str, store: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-o", "pipefail", "-c", command.replace(ADDRESS, server)], cwd=ROOT, text=True,
                          capture_output=True, env=_env(store, tmp), timeout=600)


@pytest.mark.parametrize("block", [b for b in RUNNABLE if b.lang == "sh"], ids=lambda b: b.where)
def test_sh(block: Block, server: str, bundled_store: Path, copies: dict[Path, Path],
            tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    store = _store_for(block.page, bundled_store, copies, tmp_path_factory)
    done = _shell("set -e\n" + block.body, server, store, tmp_path)  # each command must succeed
    assert done.returncode == 0, f"{block.where}: exited {done.returncode}:\n{done.stderr[-2000:]}"


@pytest.mark.parametrize("block", [b for b in RUNNABLE if b.lang == "console"], ids=lambda b: b.where)
def test_console(block: Block, server: str, bundled_store: Path, copies: dict[Path, Path],
                 tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    store = _store_for(block.page, bundled_store, copies, tmp_path_factory)
    for command, expected in sessions(block.body):
        done = _shell(command, server, store, tmp_path)
        printed = done.stdout + done.stderr
        if done.returncode != 0:
            assert any(line.startswith("error:") for line in expected), \
                f"{block.where}: `{command}` exited {done.returncode}:\n{printed[-2000:]}"
        lines = [line.strip() for line in printed.replace(server, ADDRESS).split("\n")]
        for want in expected:
            if want.strip() == "...":
                continue
            assert any(want.strip() in line for line in lines), \
                f"{block.where}: `{command}` did not print {want.strip()!r}; it printed:\n{printed[-3000:]}"

