"""The code names only terms the ontology defines, and names the common ones one way."""

from __future__ import annotations

import re

import pytest
import rdflib

from tests.conftest import ROOT
from tvkg.ontology import vocabulary
from tvkg.ontology.namespaces import TV

# The ways code writes a tv: term: in SPARQL or Turtle text, as an attribute or item of the
# namespace, in an f-string after it, or through the importers' tv() helper.
WRITTEN = [re.compile(r"\btv:([A-Za-z][A-Za-z0-9_]*)"), re.compile(r"\bTV\.([A-Za-z][A-Za-z0-9_]*)"),
           re.compile(r"\{TV\}([A-Za-z][A-Za-z0-9_]*)"), re.compile(r'TV\s*\+\s*"([A-Za-z][A-Za-z0-9_]*)'),
           re.compile(r'\btv\("([A-Za-z][A-Za-z0-9_]*)"\)'), re.compile(r'TV\["([A-Za-z][A-Za-z0-9_]*)"\]')]


def defined() -> set[str]:
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "tvkg.ttl")
    return {str(s).removeprefix(str(TV)) for s in ontology.subjects() if str(s).startswith(str(TV))}


def test_every_tv_term_the_code_names_is_in_the_ontology() -> None:
    known = defined()
    files = [*(ROOT / "graph").rglob("*.py"), *(ROOT / "server").glob("*.py"), *(ROOT / "ontology").glob("*.py"),
             *(ROOT / "server" / "templates").glob("*.html")]
    unknown = {f"tv:{name} ({path.relative_to(ROOT)})" for path in files for pattern in WRITTEN
               for name in pattern.findall(path.read_text(encoding="utf-8")) if name not in known}
    assert not unknown, sorted(unknown)


def test_the_check_sees_a_term_the_ontology_lacks() -> None:
    assert "premiereDate" not in defined()
    assert WRITTEN[0].findall("SELECT ?d WHERE { ?s tv:premiereDate ?d }") == ["premiereDate"]


@pytest.mark.parametrize("name", ["RDF_TYPE", "PREF_LABEL", "ALT_LABEL", "SAME_AS", "XSD"])
def test_common_terms_are_defined_once(name: str) -> None:
    """RDF_TYPE was defined in 14 modules, PREF_LABEL in four: now only the vocabulary defines them."""
    assert hasattr(vocabulary, name)
    definition = re.compile(rf"^{name}\s*[:=]", re.MULTILINE)
    code = [*(ROOT / "graph").rglob("*.py"), *(ROOT / "server").glob("*.py")]
    elsewhere = [str(path.relative_to(ROOT)) for path in code if definition.search(path.read_text(encoding="utf-8"))]
    assert elsewhere == []
