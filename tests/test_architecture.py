"""The architecture page describes the layers the import contract enforces, in the same order."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT


def test_the_architecture_page_lists_the_contracts_layers_in_order() -> None:
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    layers = [[name.strip().removeprefix("tvkg.") for name in layer.split("|")] for layer in contract["layers"]]
    page = (ROOT / "docs" / "architecture.md").read_text()
    table = [line for line in page.splitlines() if line.startswith("| `")]
    described = [re.findall(r"`([a-z_]+)`", row.split("|")[1] + row.split("|")[2]) for row in table]
    described = [[name for name in row if name in {n for layer in layers for n in layer}] for row in described]
    assert described == layers


def test_every_package_of_tvkg_is_in_a_layer() -> None:
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    named = {name.strip().removeprefix("tvkg.") for layer in contract["layers"] for name in layer.split("|")}
    packages = {path.parent.name for path in (ROOT / "graph").glob("*/__init__.py")}
    modules = {path.stem for path in (ROOT / "graph").glob("*.py") if path.stem != "__init__"}
    assert packages | modules | {"server", "ontology"} == named
