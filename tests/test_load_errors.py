"""Bad input gets a clear error naming the file, line and problem, exits non-zero, and loads nothing."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import assert_clean_failure, run_cli
from tvkg.errors import InputError, ValidationError
from tvkg.load.files import BULK_BYTES, load
from tvkg.store.generations import Store

PREFIXES = """@prefix tv: <https://w3id.org/tvkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix show: <https://w3id.org/tvkg/id/show/> .
@prefix role: <https://w3id.org/tvkg/id/role/> .
@prefix person: <https://w3id.org/tvkg/id/person/> .
"""
GOOD = PREFIXES + 'person:a a tv:Person ; skos:prefLabel "A"@en .\n'


def fingerprint(store: Store) -> str:
    """A hash of every quad, to prove a store did not change."""
    lines = sorted(str(q) for q in store.ox)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture
def disk_store(tmp_path: Path) -> Store:
    path = tmp_path / "good.ttl"
    path.write_text(GOOD)
    store = Store.open(tmp_path / "store")
    load(store, [path])
    yield store
    store.close()


def test_syntax_error_names_file_line_and_column(disk_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + 'person:b a tv:Person ;\n  skos:prefLabel "B"@en\nperson:c a tv:Person .\n')
    before = fingerprint(disk_store)
    with pytest.raises(InputError) as caught:
        load(disk_store, [bad])
    assert caught.value.line == 8 and caught.value.column is not None
    assert str(caught.value).startswith(f"{bad}:8:")
    assert "syntax error" in str(caught.value)
    assert fingerprint(disk_store) == before


def test_shape_violation_is_explained_in_words_with_its_line(disk_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "role.ttl"
    bad.write_text(PREFIXES + "\n\nshow:s a tv:Show ; skos:prefLabel \"S\"@en ; tv:hasCastRole role:r .\n"
                   "role:r a tv:CastRole ; tv:actor show:s .\n")
    before = fingerprint(disk_store)
    with pytest.raises(ValidationError) as caught:
        load(disk_store, [bad])
    message = str(caught.value)
    assert f"{bad}:9: role:r: a cast role names exactly one actor, a tv:Person" in message
    assert "nothing was loaded" in message
    assert fingerprint(disk_store) == before


def test_a_good_file_and_a_bad_file_together_load_nothing(disk_store: Store, tmp_path: Path) -> None:
    good = tmp_path / "more.ttl"
    good.write_text(PREFIXES + 'person:z a tv:Person ; skos:prefLabel "Z"@en .\n')
    bad = tmp_path / "worse.nt"
    bad.write_text("<http://a> <http://b> .\n")
    before = fingerprint(disk_store)
    with pytest.raises(InputError):
        load(disk_store, [good, bad])
    assert fingerprint(disk_store) == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.csv", "a,b\n", "unknown file type '.csv'"),
    ("noext", "x", "unknown file type '(no suffix)'"),
    ("empty.ttl", "", "file is empty"),
    ("comments.ttl", "# only a comment\n", "file holds no triples"),
    ("fake.ttl.gz", "not gzip", "not gzip-compressed"),
])
def test_unusable_files_are_refused(disk_store: Store, tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    before = fingerprint(disk_store)
    with pytest.raises(InputError, match=re.escape(message)):
        load(disk_store, [path])
    assert fingerprint(disk_store) == before


def test_missing_file_is_named(disk_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as caught:
        load(disk_store, [tmp_path / "nowhere.ttl"])
    assert str(tmp_path / "nowhere.ttl") in str(caught.value)


def test_cli_reports_each_problem_without_traceback(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> \"open .\n")
    assert_clean_failure(run_cli("load", "--store", str(store), str(bad)), f"error: {bad}:2:", "syntax error")
    assert not store.exists(), "a failed first load must not leave an empty store behind"
    assert_clean_failure(run_cli("load", "--store", str(store), str(tmp_path / "missing.ttl")), "no such file")
    (tmp_path / "x.docx").write_text("x")
    assert_clean_failure(run_cli("load", "--store", str(store), str(tmp_path / "x.docx")), "unknown file type")
    (tmp_path / "e.ttl").write_text("")
    assert_clean_failure(run_cli("load", "--store", str(store), str(tmp_path / "e.ttl")), "file is empty")
    usage = run_cli("load")
    assert usage.returncode == 2 and "Missing argument" in usage.stderr


@pytest.mark.slow
def test_a_file_past_the_bulk_threshold_loads_and_one_bad_line_at_its_end_loads_nothing(disk_store: Store,
                                                                                       tmp_path: Path) -> None:
    """The bulk path on a file larger than the size that chooses it (BULK_BYTES, 32 MiB; it was
    100 MB, which took 108 s of the suite and tests nothing more): a broken copy changes nothing;
    the good file then loads in full."""
    good, bad = tmp_path / "big.nt.gz", tmp_path / "big-broken.nt.gz"
    line = ('<https://w3id.org/tvkg/id/person/p{0}> <http://www.w3.org/2004/02/skos/core#prefLabel> '
            '"Person number {0}"@en .\n')
    written, n = 0, 0
    with gzip.open(good, "wt", compresslevel=1) as out:
        while written < BULK_BYTES + 8 * 1024 * 1024:
            chunk = "".join(line.format(i) for i in range(n, n + 10_000))
            out.write(chunk)
            written += len(chunk)
            n += 10_000
    # gzip allows concatenated members: the broken file is the good one plus one bad line.
    bad.write_bytes(good.read_bytes() + gzip.compress(b"<https://w3id.org/tvkg/id/person/x> <http://b> .\n"))

    before, generation = fingerprint(disk_store), disk_store.generation
    generations = sorted(p.name for p in disk_store.root.glob("gen-*"))
    with pytest.raises(InputError) as caught:
        load(disk_store, [bad], bulk_bytes=1)
    assert caught.value.line == n + 1, caught.value
    assert fingerprint(disk_store) == before
    assert disk_store.generation == generation
    assert sorted(p.name for p in disk_store.root.glob("gen-*")) == generations, "staging copy left behind"

    quads_before = len(disk_store)
    report = load(disk_store, [good], bulk_bytes=1)
    assert report.bulk and report.parsed == n
    assert len(disk_store) >= quads_before + n


PREFIXES_TTL = """@prefix tv: <https://w3id.org/tvkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix show: <https://w3id.org/tvkg/id/show/> .
@prefix season: <https://w3id.org/tvkg/id/season/> .
@prefix person: <https://w3id.org/tvkg/id/person/> .
"""


def test_a_file_that_adds_to_entities_already_in_the_store_is_judged_with_what_the_store_knows(
        tmp_path: Path) -> None:
    """A new season of a show loaded earlier, and one more name for that show: the show's label and
    type are in the store, not in the file, and the file conforms (it was refused for the show's
    missing label before the check read the descriptions of the entities a file adds to)."""
    (tmp_path / "show.ttl").write_text(PREFIXES_TTL + 'show:s a tv:Show ; skos:prefLabel "S"@en .\n'
                                       'person:p a tv:Person ; skos:prefLabel "P"@en .\n')
    (tmp_path / "more.ttl").write_text(PREFIXES_TTL + 'season:s-2 a tv:Season ; skos:prefLabel "S season 2"@en ;'
                                       ' tv:seasonOf show:s ; tv:seasonNumber 2 .\nshow:s skos:altLabel "Ess"@en .\n')
    (tmp_path / "wrong.ttl").write_text(PREFIXES_TTL + 'season:s-3 a tv:Season ; skos:prefLabel "S season 3"@en ;'
                                        ' tv:seasonOf person:p ; tv:seasonNumber 3 .\n')
    with Store.open(tmp_path / "store") as store:
        load(store, [tmp_path / "show.ttl"])
        load(store, [tmp_path / "more.ttl"])
        assert store.ox.query("ASK { <https://w3id.org/tvkg/id/season/s-2> ?p ?o }")
        with pytest.raises(ValidationError, match="a season belongs to exactly one show"):
            load(store, [tmp_path / "wrong.ttl"])


def test_a_graph_that_is_not_an_absolute_iri_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text(PREFIXES_TTL + 'show:s a tv:Show ; skos:prefLabel "S"@en .\n')
    result = run_cli("load", str(tmp_path / "one.ttl"), "--graph", "my-notes", "--store", str(tmp_path / "store"))
    assert_clean_failure(result, "--graph 'my-notes' is not an absolute IRI")


def test_a_bulk_load_places_a_quad_files_triples_outside_any_graph_as_a_checked_load_does(tmp_path: Path) -> None:
    """A TriG or N-Quads file's triples outside any named graph go into the file's graph
    (tvg:file/<name>, or --graph), not only into the merge, whichever way the file is loaded."""
    (tmp_path / "mixed.nq").write_text(
        '<https://w3id.org/tvkg/id/show/s> <http://www.w3.org/2000/01/rdf-schema#comment> "outside" .\n'
        '<https://w3id.org/tvkg/id/show/s> <http://www.w3.org/2000/01/rdf-schema#comment> "inside" '
        '<https://example.org/g> .\n')
    stored = {}
    for how, threshold in (("checked", BULK_BYTES), ("bulk", 1)):
        with Store.open(tmp_path / how) as store:
            load(store, [tmp_path / "mixed.nq"], check=False, entail=False, bulk_bytes=threshold)
            stored[how] = {(q.object.value, str(q.graph_name)) for q in store.ox.quads_for_pattern(None, None, None)
                           if q.predicate.value.endswith("#comment") and "tvkg" in q.subject.value}
    assert stored["bulk"] == stored["checked"]
    outside = {graph for text, graph in stored["bulk"] if text == "outside"}
    assert "DEFAULT" in outside and any(graph.startswith("<https://w3id.org/tvkg/graph/file/") for graph in outside), \
        stored
