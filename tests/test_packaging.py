"""What gets installed is one package, `tvkg`, mapped from the repository's folders (pyproject.toml):
graph/ is `tvkg`, server/ is `tvkg.server`, ontology/ is `tvkg.ontology`. No generic top-level name
(`graph`, `server`, `ontology`) is installed or imported, so a module never loads under two names."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"graph": "tvkg", "server": "tvkg.server", "ontology": "tvkg.ontology"}


def setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_python_folder_is_an_installed_package():
    config = setuptools_config()
    found = set()
    for folder, name in FOLDERS.items():
        assert config["package-dir"][name] == folder
        for init in (ROOT / folder).rglob("__init__.py"):
            if "node_modules" in init.parts:
                continue
            parts = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *parts)))
    missing = found - set(config["packages"])
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_no_module_imports_a_generic_top_level_name():
    offenders = []
    for folder in (*FOLDERS, "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
                offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names
                              if name.split(".")[0] in FOLDERS]
    assert not offenders, "import tvkg, tvkg.server or tvkg.ontology instead: " + ", ".join(offenders)


def test_the_console_script_and_subprocesses_name_tvkg():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["tvkg"] == "tvkg.cli:main"
    import tvkg
    assert Path(tvkg.__file__).parent == ROOT / "graph"


def test_a_checkout_is_known_by_its_editable_install_not_by_its_folder_names():
    """`make install` installs the checkout editable; the installer's record (PEP 610) says where
    it is, wherever the command runs from (a tvkg.egg-info in the working folder once hid it)."""
    import os

    from tvkg.store.generations import checkout_root

    root = Path(__file__).resolve().parent.parent
    assert checkout_root() == root
    here = os.getcwd()
    try:
        os.chdir(root / "tests")
        assert checkout_root() == root
    finally:
        os.chdir(here)
