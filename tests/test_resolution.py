"""Entity resolution across romanisations (graph/entities/romanisation.py, graph/identity/merge.py):
names match through Revised Romanisation, McCune–Reischauer and informal spellings, never on a name
alone; merges propagate to seasons, episodes and characters; a curator's decisions are kept and
respected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_clean_failure, run_cli
from tvkg.entities.romanisation import keys
from tvkg.identity import decisions, merge
from tvkg.load.files import load
from tvkg.store.clusters import clusters
from tvkg.store.generations import Store

E = "https://w3id.org/tvkg/id/"


@pytest.mark.parametrize(("a", "b"), [
    ("Ju Ji-hoon", "Joo Ji Hoon"), ("Kim Sung-kyu", "Kim Sung Gyu"), ("Wi Ha-jun", "Wi Ha Joon"),
    ("Bae Doona", "Bae Doo Na"), ("Tripathi Anupam", "Anupam Tripathi"), ("Lee Su-hyeok", "Lee Soo Hyuk"),
    ("Lee Cheong-san", "Lee Chung San"), ("Lee Jae-kyoo", "Lee Jae Gyoo"), ("Jeon Seok-ho", "Jun Suk Ho"),
    ("Ji-hoon Ju", "Ju Ji-hoon"), ("Yi Sun-sin", "Lee Soon Shin"), ("Ch'oe Min-sik", "Choi Min Sik"),
])
def test_romanisations_of_one_name_share_a_key(a: str, b: str) -> None:
    assert keys(a) & keys(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Lee Jung-jae", "Lee Jung-jin"), ("Sweet Home", "Sweet Home, Sweet Honey"), ("Kim Ji-won", "Kim Ji-woon"),
    ("Park Ji-hu", "Park Ji-hoon"), ("Jo Jung-suk", "Joo Jung Suk"),
])
def test_near_names_keep_different_keys(a: str, b: str) -> None:
    assert not keys(a) & keys(b)


TWO_SOURCES = """
@prefix tv: <https://w3id.org/tvkg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix e: <https://w3id.org/tvkg/id/> .
@prefix g: <https://w3id.org/tvkg/graph/> .
g:one {
  e:show\\/a-kingdom a tv:Show ; skos:prefLabel "Kingdom"@en ; tv:releaseDate "2020"^^xsd:gYear ;
      tv:hasCastRole e:role\\/a1 , e:role\\/a2 , e:role\\/a3 .
  e:season\\/a-kingdom-2 a tv:Season ; tv:seasonOf e:show\\/a-kingdom ; tv:seasonNumber 2 .
  e:role\\/a1 a tv:CastRole ; tv:actor e:person\\/a-ju-ji-hoon ; tv:character e:character\\/a-lee-chang .
  e:role\\/a2 a tv:CastRole ; tv:actor e:person\\/a-bae-doona .
  e:role\\/a3 a tv:CastRole ; tv:actor e:person\\/a-lee-jung-jae .
  e:person\\/a-ju-ji-hoon a tv:Person ; skos:prefLabel "Ju Ji-hoon"@en .
  e:person\\/a-bae-doona a tv:Person ; skos:prefLabel "Bae Doona"@en .
  e:person\\/a-lee-jung-jae a tv:Person ; skos:prefLabel "Lee Jung-jae"@en .
  e:character\\/a-lee-chang a tv:Character ; skos:prefLabel "Lee Chang"@en .
  e:show\\/a-sweet-home a tv:Show ; skos:prefLabel "Sweet Home"@en ; tv:releaseDate "2020"^^xsd:gYear .
  e:person\\/a-kim-ji-won a tv:Person ; skos:prefLabel "Kim Ji-won"@en .
}
g:two {
  e:show\\/b-kingdom a tv:Show ; skos:prefLabel "Kingdom"@en ; tv:releaseDate "2019-01-25"^^xsd:date ;
      tv:hasCastRole e:role\\/b1 , e:role\\/b2 , e:role\\/b3 .
  e:season\\/b-kingdom-2 a tv:Season ; tv:seasonOf e:show\\/b-kingdom ; tv:seasonNumber 2 .
  e:season\\/b-kingdom-1 a tv:Season ; tv:seasonOf e:show\\/b-kingdom ; tv:seasonNumber 1 .
  e:role\\/b1 a tv:CastRole ; tv:actor e:person\\/b-joo-ji-hoon ; tv:character e:character\\/b-lee-chang .
  e:role\\/b2 a tv:CastRole ; tv:actor e:person\\/b-bae-doo-na .
  e:role\\/b3 a tv:CastRole ; tv:actor e:person\\/b-lee-jung-jin .
  e:person\\/b-joo-ji-hoon a tv:Person ; skos:prefLabel "Joo Ji Hoon"@en .
  e:person\\/b-bae-doo-na a tv:Person ; skos:prefLabel "Bae Doo Na"@en .
  e:person\\/b-lee-jung-jin a tv:Person ; skos:prefLabel "Lee Jung Jin"@en .
  e:character\\/b-lee-chang a tv:Character ; skos:prefLabel "Lee Chang"@en .
  e:show\\/b-sweet-home-sweet-honey a tv:Show ; skos:prefLabel "Sweet Home, Sweet Honey"@en ;
      tv:releaseDate "2020"^^xsd:gYear .
  e:person\\/b-kim-ji-won a tv:Person ; skos:prefLabel "Kim Ji Won"@en .
}
"""


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    data = tmp_path / "two.trig"
    data.write_text(TWO_SOURCES)
    opened = Store.open(tmp_path / "store")
    load(opened, [data], check=False)
    return opened


def pairs(matches: list[merge.Match]) -> set[frozenset[str]]:
    return {frozenset((m.a.removeprefix(E), m.b.removeprefix(E))) for m in matches}


def test_romanised_names_merge_with_evidence_and_propagate(store: Store) -> None:
    found, candidates = merge.find(store)
    assert pairs(found) == {
        frozenset(("show/a-kingdom", "show/b-kingdom")),                 # release years within one
        frozenset(("person/a-ju-ji-hoon", "person/b-joo-ji-hoon")),      # Kingdom, now one show
        frozenset(("person/a-bae-doona", "person/b-bae-doo-na")),
        frozenset(("season/a-kingdom-2", "season/b-kingdom-2")),         # same show, same number
        frozenset(("character/a-lee-chang", "character/b-lee-chang")),   # same show, one name
    }
    reasons = {m.reason for m in found}
    assert "same name and release years within one (2019, 2020)" in reasons
    assert "one name in two romanisations (Ju Ji-hoon / Joo Ji Hoon) and a production both are credited on " \
           "(Kingdom)" in reasons
    assert "season 2 of the same show (Kingdom)" in reasons
    # a name alone is never enough: Kim Ji-won of each source share no production or co-star
    assert pairs(candidates) == {frozenset(("person/a-kim-ji-won", "person/b-kim-ji-won"))}
    assert candidates[0].score == 1.0 and "no production or co-star in common" in candidates[0].reason


def test_a_rejection_undoes_the_merge_and_is_respected_later(store: Store) -> None:
    merge.apply(store, merge.find(store)[0])
    a, b = f"{E}person/a-bae-doona", f"{E}person/b-bae-doo-na"
    assert clusters(store).of(a) == clusters(store).of(b)
    undone = merge.reject(store, a, b, note="two actresses", curator="test")
    assert [(m.a, m.b) for m in undone] == [(a, b)]
    assert clusters(store).of(a) != clusters(store).of(b)
    assert decisions.rejected(store) == [(a, b)]
    assert frozenset(("person/a-bae-doona", "person/b-bae-doo-na")) not in pairs(merge.find(store)[0])
    assert decisions.withdraw(store, b, a)
    assert frozenset(("person/a-bae-doona", "person/b-bae-doo-na")) in pairs(merge.find(store)[0])


def test_an_accepted_candidate_is_merged_with_the_curators_name(store: Store) -> None:
    a, b = f"{E}person/a-kim-ji-won", f"{E}person/b-kim-ji-won"
    merge.accept(store, a, b, note="same agency", curator="Mina")
    assert clusters(store).of(a) == clusters(store).of(b)
    [accepted] = [m for m in merge.merges(store) if {m.a, m.b} == {a, b}]
    assert accepted.reason == "accepted by Mina: same agency"
    assert frozenset(("person/a-kim-ji-won", "person/b-kim-ji-won")) not in pairs(merge.find(store)[1])


def test_the_review_command(store: Store) -> None:
    root = str(store.root)
    store.close()
    a, b = f"{E}person/a-kim-ji-won", f"{E}person/b-kim-ji-won"
    listed = run_cli("merge", "--dry-run", "--candidates", "--store", root)
    assert f"candidate <{a}> ? <{b}>: score 1.00: same name only" in listed.stdout
    accepted = run_cli("review", "accept", a, b, "--note", "same agency", "--curator", "Mina", "--store", root)
    assert accepted.returncode == 0 and "accepted by Mina" in accepted.stderr
    assert "accepted by Mina: same agency" in run_cli("merges", "--store", root).stdout
    rejected = run_cli("review", "reject", a, b, "--store", root)
    assert rejected.returncode == 0 and "1 merge(s) undone" in rejected.stderr
    assert run_cli("review", "withdraw", a, b, "--store", root).returncode == 0
    assert_clean_failure(run_cli("review", "withdraw", a, b, "--store", root), "no rejection")
    assert_clean_failure(run_cli("review", "accept", a, f"{E}person/nobody", "--store", root), "no entity has the IRI")
