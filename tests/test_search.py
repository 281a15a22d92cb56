"""Search that knows every spelling (graph/entities/search.py): case, accents, hyphens and spacing,
the romanisations entity resolution folds (graph/entities/romanisation.py), small typos in longer
names; exact before romanised before prefix before contained before fuzzy, the most connected
entity first within each; an index that follows every write, even in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tvkg.entities import romanisation
from tvkg.entities.names import normalise
from tvkg.entities.search import Hit, search
from tvkg.ontology.namespaces import ENTITY, GRAPH, PREFIXES, TV
from tvkg.store.generations import Store

LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")
TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


@pytest.fixture(scope="module")
def catalogue(bundled_store: Path) -> Iterator[Store]:
    """The store `tvkg init` builds: the curated seed and the whole Netflix catalogue, resolved."""
    with Store.open(bundled_store, read_only=True) as store:
        yield store


def first(store: Store, query: str) -> Hit:
    hits = search(store, query)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


# -- every spelling, on the real catalogue --------------------------------------------------------

def test_another_romanisation_finds_the_person_first(catalogue: Store) -> None:
    ju = first(catalogue, "Ju Ji-hoon")
    assert (ju.label, ju.kind) == ("Ju Ji-hoon", "Person")
    joo = first(catalogue, "Joo Ji Hoon")
    assert joo.iri == ju.iri and joo.matched == "Ju Ji-hoon"
    assert first(catalogue, "Ji-hoon Ju").iri == ju.iri  # family name last


def test_revised_romanization_finds_the_catalogues_spelling(catalogue: Store) -> None:
    doona = first(catalogue, "Bae Du-na")  # 배두나 in Revised Romanization
    assert (doona.label, doona.kind) == ("Bae Doona", "Person")


def test_informal_spelling_finds_the_seeds(catalogue: Store) -> None:
    hit = first(catalogue, "Lee Soo Hyuk")  # the seed says Lee Su-hyeok (All of Us Are Dead)
    assert hit.label == "Lee Su-hyeok" and romanisation.keys("Lee Soo Hyuk") & romanisation.keys(hit.matched)


@pytest.mark.parametrize(("query", "label"), [
    ("kingdon", "Kingdom"), ("Ju Ji-hon", "Ju Ji-hoon"), ("Stranger Thing", "Stranger Things"),
    ("abysz", "Abyss"),
])
def test_a_small_typo_in_a_longer_name_is_forgiven(catalogue: Store, query: str, label: str) -> None:
    assert first(catalogue, query).label == label


def test_accents_case_and_spacing_do_not_matter(catalogue: Store) -> None:
    hit = first(catalogue, "joaquin cosio")  # the catalogue spells him Joaquín Cosío (and Joaquin Cosio)
    assert hit.kind == "Person" and normalise(hit.matched) == "joaquincosio"
    assert first(catalogue, "JOAQUIN  COSIO").iri == first(catalogue, "Joaquín Cosío").iri == hit.iri


def test_a_title_finds_the_show(catalogue: Store) -> None:
    hit = first(catalogue, "squid game")
    assert (hit.label, hit.kind) == ("Squid Game", "Show")


def test_hangul_finds_the_show(catalogue: Store) -> None:
    hit = first(catalogue, "지금 우리 학교는")
    assert (hit.label, hit.kind, hit.matched) == ("All of Us Are Dead", "Show", "지금 우리 학교는")


def test_exact_beats_prefix_beats_contains(catalogue: Store) -> None:
    hits = search(catalogue, "Kingdom", limit=10)
    assert hits[0].label == "Kingdom" and normalise(hits[0].matched) == "kingdom"
    keys = [normalise(h.matched) for h in hits]
    starting = [k.startswith("kingdom") for k in keys]
    assert all("kingdom" in k for k in keys)
    assert starting == sorted(starting, reverse=True)  # every name starting so before any containing it


def test_a_short_query_guesses_nothing(catalogue: Store) -> None:
    assert search(catalogue, "abyz") == []  # "abysz" finds Abyss; four letters are too few to guess
    for hit in search(catalogue, "ab", limit=30):
        assert "ab" in normalise(hit.matched) or romanisation.key(hit.matched) == romanisation.key("ab"), hit


def test_one_hit_per_entity(catalogue: Store) -> None:
    for query in ("Ju Ji-hoon", "kim", "squid game", "park ji"):
        iris = [h.iri for h in search(catalogue, query, limit=30)]
        assert len(iris) == len(set(iris)), query


# -- ranking and freshness, on a store of our own ---------------------------------------------------

def entity(kind: str, slug: str, name: str, credits: int = 0) -> list[ox.Quad]:
    node = ox.NamedNode(f"{ENTITY}{kind}/{slug}")
    graph = ox.NamedNode(f"{GRAPH}test")
    quads = [ox.Quad(node, TYPE, ox.NamedNode(f"{TV}{kind.title()}"), graph),
             ox.Quad(node, LABEL, ox.Literal(name, language="en"), graph)]
    for n in range(credits):
        role = ox.NamedNode(f"{ENTITY}role/{slug}-{n}")
        quads.append(ox.Quad(role, ox.NamedNode(f"{TV}actor"), node, graph))
    return quads


def test_tiers_come_before_connections() -> None:
    store = Store.memory()
    store.add_atomically([
        *entity("show", "kingdom", "Kingdom"),
        *entity("show", "kingdom-come", "Kingdom Come"),
        *entity("show", "the-kingdom", "The Kingdom"),
        *entity("person", "kingdon", "Kingdon", credits=50),   # well connected, yet only a near name
        *entity("person", "kingston", "Kingston", credits=50),  # two edits away: too far for seven letters
    ])
    hits = search(store, "kingdom")
    assert [h.label for h in hits] == ["Kingdom", "Kingdom Come", "The Kingdom", "Kingdon"]
    assert [h.kind for h in hits] == ["Show", "Show", "Show", "Person"]


def test_within_a_tier_the_most_connected_comes_first() -> None:
    store = Store.memory()
    store.add_atomically([*entity("person", "kim-min-ji-a", "Kim Min-ji", credits=1),
                          *entity("person", "kim-min-ji-b", "Kim Min-ji", credits=12),
                          *entity("person", "kim-min-jiwoo", "Kim Min-jiwoo", credits=30)])
    assert [h.iri.rsplit("/", 1)[1] for h in search(store, "kim min ji")] == \
        ["kim-min-ji-b", "kim-min-ji-a", "kim-min-jiwoo"]  # exact (by credits), then prefix


def test_romanised_in_the_order_written_before_turned_around() -> None:
    store = Store.memory()
    store.add_atomically([*entity("person", "su-hyeok-lee", "Su Hyeok-lee", credits=20),
                          *entity("person", "lee-su-hyeok", "Lee Su-hyeok")])
    assert [h.label for h in search(store, "Lee Soo Hyuk")] == ["Lee Su-hyeok", "Su Hyeok-lee"]


def test_titles_are_not_romanised() -> None:
    store = Store.memory()
    store.add_atomically(entity("show", "live", "Live"))
    assert search(store, "Life") == []  # f and v fold together in people's names only


def test_the_index_follows_writes_to_a_store_in_memory() -> None:
    store = Store.memory()
    store.add_atomically(entity("person", "alice-kim", "Alice Kim"))
    assert [h.label for h in search(store, "kim")] == ["Alice Kim"]
    store.add_atomically(entity("person", "bora-kim", "Bora Kim"))
    assert sorted(h.label for h in search(store, "kim")) == ["Alice Kim", "Bora Kim"]
    with store.writing() as staging:
        staging.update(f'DELETE WHERE {{ GRAPH ?g {{ <{ENTITY}person/alice-kim> ?p ?o }} }}')
        staging.update(f'DELETE WHERE {{ <{ENTITY}person/alice-kim> ?p ?o }}')
    assert [h.label for h in search(store, "kim")] == ["Bora Kim"]
