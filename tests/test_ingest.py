"""`tvkg ingest`: news articles to claims marked as extracted (graph/ingest/), their review, and
what bad input gets. The seed article is read from the workplace's shared folder (its text may not
be redistributed; those tests are skipped where it is absent); the other articles were written for
these tests (tests/fixtures/news/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks import ingest as evaluation
from tests.conftest import DATA, assert_clean_failure, run_cli, shared_dir
from tvkg.entities.names import normalise
from tvkg.entities.sections import sections
from tvkg.errors import InputError
from tvkg.ingest import article, dates, extract, mentions, review
from tvkg.load.files import load
from tvkg.ontology.namespaces import TV
from tvkg.store.generations import Store

NEWS = Path(__file__).parent / "fixtures" / "news"
STATEMENT = NEWS / "03_statement_aoud_s2_cast.txt"
E = "https://w3id.org/tvkg/id/"


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("It was renewed last summer.", "2023-08-10", [("2022", "year", "last summer")]),
    ("In June of last year, Netflix released a teaser.", "2023-08-10", [("2022-06", "month", "June of last year")]),
    ("Park Ji-hu told Teen Vogue in March 2023.", "2023-08-10", [("2023-03", "month", "March 2023")]),
    ("It premieres on January 14, the network said.", "2022-12-08", [("2023-01-14", "day", "January 14")]),
    ("Filming wrapped on Friday, Netflix said Monday.", "2024-05-20",
     [("2024-05-17", "day", "on Friday"), ("2024-05-20", "day", "Monday")]),
    ("Earlier this week, Netflix cancelled it.", "2023-06-02", [("2023", "year", "Earlier this week")]),
    ("It happened last week; cameras roll in two weeks.", "2022-10-19",
     [("2022-10", "month", "last week"), ("2022-11", "month", "in two weeks")]),
    ("The original ran from January 31 to March 21, 2020, and wraps by the end of the year.", "2022-07-14",
     [("2020-01-31", "day", "January 31 to March 21, 2020"), ("2022", "year", "the end of the year")]),
    ("Part 1 premieres Thursday, May 16.", "2024-02-22", [("2024-05-16", "day", "May 16")]),
    ("The series premiered on January 28, 2022.", "2023-08-10", [("2022-01-28", "day", "January 28, 2022")]),
    ("Filming began earlier this month and ends next year.", "2023-08-10",
     [("2023-08", "month", "earlier this month"), ("2024", "year", "next year")]),
    ("Fans may love it, and we march on.", "2023-08-10", []),
])
def test_dates_are_resolved_against_the_publication_date(text: str, published: str,
                                                          expected: list[tuple[str, str, str]]) -> None:
    found = dates.find(text, dt.date.fromisoformat(published))
    assert [(d.value, d.precision, d.stated) for d in found] == expected


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    assert run_cli("load", "--quiet", "--store", str(path), str(DATA)).returncode == 0
    return path


def quads(store: Path) -> int:
    result = run_cli("query", "--store", str(store), "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(result.stdout.split()[-1])


def test_dry_run_prints_a_claim_graph_that_loads_on_its_own_and_writes_nothing(
        store_path: Path, tmp_path: Path) -> None:
    before = quads(store_path)
    result = run_cli("ingest", str(STATEMENT), "--published", "2024-01-25", "--dry-run", "--store", str(store_path))
    assert result.returncode == 0, result.stderr
    assert "cast statement(s)" in result.stderr and "for review" not in result.stderr
    assert quads(store_path) == before
    trig = tmp_path / "claims.trig"
    trig.write_text(result.stdout)
    assert run_cli("validate", str(trig)).returncode == 0
    claims = ox.Store()
    claims.load(trig.read_bytes(), format=ox.RdfFormat.TRIG)
    status = ox.NamedNode("https://w3id.org/tvkg/ontology#reviewStatus")
    assert any(q.object.value.endswith("#Extracted") for q in claims.quads_for_pattern(None, status, None))


def test_ingest_writes_one_claim_graph_and_replaces_it_when_run_again(store_path: Path) -> None:
    before = quads(store_path)
    first = run_cli("ingest", str(STATEMENT), "--published", "2024-01-25", "--store", str(store_path))
    assert first.returncode == 0, first.stderr
    assert "for review" in first.stderr
    after = quads(store_path)
    assert after > before
    again = run_cli("ingest", str(STATEMENT), "--published", "2024-01-25", "--store", str(store_path))
    assert again.returncode == 0 and quads(store_path) == after
    with Store.open(store_path, read_only=True) as store:
        [waiting] = review.waiting(store)
        text, claims = review.article(store, waiting.graph)
    assert waiting.claims == len(claims) >= 5
    assert all(text[c.start:c.end] and c.end > c.start for c in claims)


@pytest.mark.parametrize(("content", "needle"), [
    (b"\x00\x01\x02binary\x00", "binary file"),
    (b"   \n ", "the article is empty"),
    (b"Kimchi needs salt, garlic and time. Leave the cabbage overnight before you rinse it well.",
     "no TV claims found"),
    (b"\xff\xfe not utf-8 at all", "not UTF-8"),
])
def test_bad_input_gets_a_clear_message_and_writes_nothing(store_path: Path, tmp_path: Path, content: bytes,
                                                            needle: str) -> None:
    before = quads(store_path)
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    assert_clean_failure(run_cli("ingest", str(path), "--published", "2024-01-25", "--store", str(store_path)),
                         needle)
    assert quads(store_path) == before


@pytest.mark.parametrize("date", ["2023-02-30", "25/01/2024", "2999-01-01"])
def test_an_impossible_publication_date_is_refused(store_path: Path, date: str) -> None:
    result = run_cli("ingest", str(STATEMENT), "--published", date, "--store", str(store_path))
    assert result.returncode == 2 and "--published" in result.stderr and "Traceback" not in result.stderr


def test_html_is_read_without_its_boilerplate() -> None:
    page = article.read(NEWS / "07_teaser_uncanny_counter_s2.html")
    assert "tvN released the first teaser" in page.text
    for boilerplate in ("cookie", "Cookie", "Subscribe", "function(", "Related"):
        assert boilerplate not in page.text, boilerplate
    assert all(page.text[s.start:s.end] == s.text for s in page.sentences)


def test_a_swapped_cast_line_is_corrected_against_the_graph(store_path: Path) -> None:
    with Store.open(store_path, read_only=True) as store:
        found = extract.extract(article.read(NEWS / "02_fanblog_aoud_s2_rumours.txt"), dt.date(2023, 8, 10),
                                mentions.gazetteer(store))
    [swapped] = [c for c in found.cast if c.swapped]
    assert (swapped.actor.iri, swapped.character.iri) == (f"{E}person/im-jae-hyuk", f"{E}character/yang-dae-su")


def test_a_season_page_counts_claims_from_news_once_reviewed(store_path: Path) -> None:
    assert run_cli("ingest", str(NEWS / "03_statement_aoud_s2_cast.txt"), "--published", "2024-01-25",
                   "--store", str(store_path)).returncode == 0
    season = f"{E}season/all-of-us-are-dead-s2"

    def release_claims(store: Store, unreviewed: bool = False) -> list[str]:
        shown = sections(store, season, {"Season"}, {}, unreviewed=unreviewed)
        history = next(s for s in shown if s.title.startswith("Release status"))
        return [row[-1].text for row in history.rows]

    with Store.open(store_path) as store:
        reviewed = release_claims(store)
        with_news = release_claims(store, unreviewed=True)
        assert len(with_news) > len(reviewed)
        [waiting] = review.waiting(store)
        _, claims = review.article(store, waiting.graph)
        review.reject_claim(store, waiting.graph, claims[0].iri)
        assert len(review.article(store, waiting.graph)[1]) == len(claims) - 1
        review.accept(store, waiting.graph)
        assert review.waiting(store) == []
        assert len(release_claims(store)) > len(reviewed)


def test_a_rejected_article_leaves_nothing(store_path: Path) -> None:
    before = quads(store_path)
    assert run_cli("ingest", str(STATEMENT), "--published", "2024-01-25", "--store", str(store_path)).returncode == 0
    with Store.open(store_path) as store:
        [waiting] = review.waiting(store)
        review.reject(store, waiting.graph)
    assert quads(store_path) == before


def test_the_seed_article_gives_the_curated_announcements_and_cast(tmp_path: Path) -> None:
    shared = shared_dir()
    if shared is None or not (shared / "seed").is_dir():
        pytest.skip("the seed article is read from ../shared/seed (its text may not be redistributed)")
    seed = shared / "seed" / "000_cfe175a65edc26c3.txt"
    expected = json.loads((NEWS / "seed.expected.json").read_text())
    with Store.memory() as store:
        load(store, [DATA])
        found = extract.extract(article.read(seed), dt.date(2023, 8, 10), mentions.gazetteer(store))
    announcements = evaluation.score_announcements(found, expected["announcements"])
    cast = evaluation.score_cast(found, expected["cast"])
    corrections = evaluation.score_cast(found, expected["cast"], corrections=True)
    assert announcements.precision >= 0.9 and announcements.recall >= 0.9, announcements.misses
    assert cast.precision >= 0.9 and cast.recall >= 0.9, cast.misses
    assert corrections.precision == corrections.recall == 1.0


def test_the_written_articles_do_not_fall_below_what_the_rules_reach_today(bundled_store: Path) -> None:
    """A floor against regressions, a little below what the rules reach on these articles (the
    performance page's table; the held-out articles measure what they reach on text they were not fitted to)."""
    with Store.open(bundled_store, read_only=True) as opened:
        results = [r for r in evaluation.run(opened) if r[0] != "000_cfe175a65edc26c3.txt"]
    total_a, total_c = evaluation.Score(), evaluation.Score()
    for _, a, c, _, _ in results:
        total_a.add(a)
        total_c.add(c)
    assert len(results) == len(list(NEWS.glob("*.expected.json"))) - 1  # all but the seed's
    assert total_a.precision >= 0.9 and total_a.recall >= 0.88, (total_a.precision, total_a.recall)
    assert total_c.precision >= 0.95 and total_c.recall >= 0.88, (total_c.precision, total_c.recall)


def test_sentences_keep_their_closing_quotes_and_lose_interview_markers() -> None:
    text = 'Q: Is it back?\n\nA: A teaser was captioned "Can we survive again?" That\'s it.'
    assert [s.text for s in article.split(text)] == ["Is it back?", 'A teaser was captioned "Can we survive again?"',
                                                     "That's it."]
    assert all(text[s.start:s.end] == s.text for s in article.split(text))


def _names(**kinds: str) -> mentions.Gazetteer:
    """A gazetteer of a few names, each of the given class."""
    entities = {name: mentions.Entity(f"{E}x/{normalise(name)}", kind, name.replace("_", " "))
                for name, kind in kinds.items()}
    return mentions.Gazetteer({normalise(e.label): {e} for e in entities.values()}, 3)


@pytest.mark.parametrize(("sentence", "found", "new"), [
    ("Fans would follow Song Joong-ki's Vincenzo Cassano anywhere.", ["Song Joong-ki"], ["Vincenzo Cassano"]),
    ("I start shooting a new series, The Paper Crane, in August.", [], ["The Paper Crane"]),
    ("Kim Dong-hee is likely to return as Oh Ji-soo, the student.", ["Kim Dong-hee"], ["Oh Ji-soo"]),
    ("Ryu Seung-ryong, who played Cho Hak-ju, will not return.", ["Ryu Seung-ryong"], ["Cho Hak-ju"]),
    ("Vincenzo returns on Saturday with Song Joong-ki.", ["Vincenzo", "Song Joong-ki"], []),
    ("Vincenzo Returns", ["Vincenzo"], []),
])
def test_a_known_name_inside_a_longer_unknown_one_is_not_taken_for_it(sentence: str, found: list[str],
                                                                       new: list[str]) -> None:
    names = _names(Song_Joong_ki="Person", Vincenzo="Show", The_Paper="Show", Ji_soo="Person", Cho="Person",
                   Kim_Dong_hee="Person", Ryu_Seung_ryong="Person")
    known, unknown = names.find(sentence)
    assert [m.text for m in known] == found
    assert [name for _, _, name in unknown] == new


def _extract(text: str, published: str) -> extract.Extraction:
    with Store.memory() as store:
        load(store, [DATA])
        return extract.extract(article.Article(Path("a.txt"), text, "", article.split(text)),
                               dt.date.fromisoformat(published), mentions.gazetteer(store))


def _claims(found: extract.Extraction) -> list[tuple]:
    return [(a.kind, a.show.label if a.show else None, a.season, a.date.value if a.date else None, a.status,
             a.negated) for a in found.announcements]


AOUAD = "All of Us Are Dead"


def test_a_denial_in_the_same_sentence_is_a_second_claim_of_the_same_kind() -> None:
    found = _extract(f"Fans speculate that a second season of {AOUAD} is planned, but the studio said no decision "
                     "has been made.", "2024-09-12")
    assert _claims(found) == [("Renewal", AOUAD, 2, "2024", "Rumoured", False),
                              ("Renewal", AOUAD, 2, "2024", "Official", True)]


def test_a_past_premiere_told_as_background_is_a_premiere_of_record() -> None:
    found = _extract(f"The new season of {AOUAD} will premiere next year, Netflix said, ending a long wait for fans "
                     "of the series, whose first season premiered on January 28, 2022.", "2024-03-15")
    assert ("Premiere", AOUAD, 1, "2022-01-28", "Official", False) in _claims(found)
    assert [c[0] for c in _claims(found)] == ["ReleaseDateNews", "Premiere"]


def test_claims_about_a_show_the_graph_lacks_are_kept_without_a_show() -> None:
    found = _extract(f"{AOUAD} season 2 is coming. While you wait: Sweet Home season 2 is reportedly due in "
                     "December.", "2023-08-10")
    assert ("ReleaseDateNews", None, 2, "2023-12", "Reported", False) in _claims(found)
    assert "Sweet Home" in [name for name, _ in found.new_names]


def test_a_possessive_gives_a_cast_line_only_for_a_person() -> None:
    found = _extract(f"Fans of {AOUAD} would follow Park Ji-hu's Nam On-jo anywhere, says a post on Netflix "
                     "Korea's Instagram.", "2023-08-10")
    assert [(c.actor_name, c.character_name) for c in found.cast] == [("Park Ji-hu", "Nam On-jo")]


def test_a_curator_corrects_an_announcement_and_the_release_facts_follow(store_path: Path) -> None:
    assert run_cli("ingest", str(STATEMENT), "--published", "2024-01-25", "--store", str(store_path)).returncode == 0
    season = ox.NamedNode(f"{E}season/all-of-us-are-dead-s2")
    expected_release = ox.NamedNode(f"{TV}expectedRelease")
    with Store.open(store_path) as store:
        [waiting] = review.waiting(store)
        g = ox.NamedNode(waiting.graph)

        def window() -> list[str]:
            return [q.object.value for q in store.ox.quads_for_pattern(season, expected_release, None, g)]

        _, claims = review.article(store, waiting.graph)
        [release] = [c for c in claims if c.kind == "ReleaseDateNews"]  # a press release: its own word
        assert (release.status, release.date, window()) == ("Official", "2025", ["2025"])
        change = review.Change(kind="Forecast", status="Expected", date="2025-06")
        assert review.correct(store, waiting.graph, release.iri, change) > 0
        [corrected] = [c for c in review.article(store, waiting.graph)[1] if c.iri == release.iri]
        assert (corrected.kind, corrected.status, corrected.date, window()) == \
            ("Forecast", "Expected", "2025-06", ["2025-06"])
        assert corrected.label == "Forecast: All of Us Are Dead season 2 (2025-06)"
        [note] = store.ox.query(f"SELECT ?was ?is WHERE {{ GRAPH <{g.value}> {{ ?c a <{TV}Correction> ; "
                                f"<{TV}concerns> <{release.iri}> ; <{TV}originalText> ?was ; "
                                f"<{TV}correctedText> ?is }} }}")
        assert (note["was"].value, note["is"].value) == ("extracted: kind ReleaseDateNews; claimStatus Official; "
                                                         "date 2025", "reviewed: kind Forecast; claimStatus Expected; "
                                                         "date 2025-06")
        review.correct(store, waiting.graph, release.iri, review.Change(negated=True))
        assert window() == []  # a denied release window says nothing of when the season comes
        assert review.correct(store, waiting.graph, release.iri, review.Change(negated=True)) == 0  # nothing to do
        for change, message in [(review.Change(date="2025-13"), "is no date"), (review.Change(kind="Gossip"), "kind"),
                                (review.Change(status="Sure"), "status")]:
            with pytest.raises(InputError, match=message):
                review.correct(store, waiting.graph, release.iri, change)
        cast = next(c for c in claims if not c.announcement)
        with pytest.raises(InputError, match="cast statement"):
            review.correct(store, waiting.graph, cast.iri, review.Change(status="Rumoured"))


def test_the_held_out_articles_do_not_fall_below_what_the_rules_reached_blind(bundled_store: Path) -> None:
    """A floor against regressions on articles the rules were never tuned on (docs/performance.md: about two
    thirds of their claims found, a third entirely right). Not a target to tune towards."""
    with Store.open(bundled_store, read_only=True) as opened:
        results = evaluation.run(opened, evaluation.HELD_OUT)
    total_a, total_c = evaluation.Score(), evaluation.Score()
    for _, a, c, _, _ in results:
        total_a.add(a)
        total_c.add(c)
    assert len(results) == 6
    assert total_a.found_recall >= 0.6 and total_a.precision >= 0.4, (total_a.found_recall, total_a.precision)
    assert total_c.precision >= 0.7 and total_c.recall >= 0.3, (total_c.precision, total_c.recall)
