"""Typo tolerance and the season question: the same answers on SQLite and PostgreSQL.

These tests run on both databases (SQLite locally, PostgreSQL in CI): the expected
rankings below are written once, so they hold the two databases to the same results.
"""

import pytest
from django.db import connection

from series import search
from series.models import Person, Show
from tests.factories import CastCreditFactory, PersonFactory, ShowFactory

pytestmark = pytest.mark.django_db

TITLES = [
    "Spinning Out",
    "Spinning Out Again",
    "Spin City",
    "Pinning Down",
    "The Silent Harbor",
    "Harbor Lights",
    "Golden Ridge",
    "Ice Dancers",
    "Outer Banks",
]


@pytest.fixture
def shows():
    return {title: ShowFactory(title=title) for title in TITLES}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spinning out season 2", ("spinning out", 2)),
        ("Spinning Out Season 2", ("Spinning Out", 2)),
        ("spinning out series 2", ("spinning out", 2)),
        ("spinning out s2", ("spinning out", 2)),
        ("Spinning Out S02", ("Spinning Out", 2)),
        ("spinning out s 12", ("spinning out", 12)),
        ("  spinning   out  season  3 ", ("spinning out", 3)),
        ("spinning out season2", ("spinning out", 2)),
        # No season written, or nothing before it: a plain title search.
        ("spinning out", ("spinning out", None)),
        ("season 2", ("season 2", None)),
        ("s2", ("s2", None)),
        ("spinning out season 0", ("spinning out season 0", None)),
        ("spinning outs2", ("spinning outs2", None)),
        ("spinning out 2", ("spinning out 2", None)),
        ("mass 2", ("mass 2", None)),
    ],
)
def test_parse_reads_a_title_and_a_season(text, expected):
    question = search.parse(text)
    assert (question.title, question.season) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Values from PostgreSQL 15's pg_trgm (similarity() returns a real).
        ("spining out", "Spinning Out", 0.78571427),
        ("KAYA", "Kaya Scodelario", 0.3125),
        ("Ünder Dark", "under dark", 0.5714286),
        ("a-b c_d", "abcd", 0.083333336),
        ("", "Spinning Out", 0.0),
        ("!!", "!!", 0.0),
    ],
)
def test_similarity_is_pg_trgms(a, b, expected):
    assert search.similarity(a, b) == pytest.approx(expected, abs=1e-6)


def test_trigrams_are_pg_trgms():
    assert sorted(search.similar.trigrams("Spinning Out")) == sorted(
        ["  o", "  s", " ou", " sp", "ing", "inn", "ng ", "nin", "nni", "out", "pin", "spi", "ut "]
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm")
def test_similarity_agrees_with_pg_trgm_on_every_pair(shows):
    typed = ["spining out", "harbour", "silent harbr", "dancers on ice", "pining", "xyz"]
    with connection.cursor() as cursor:
        for text in typed:
            for title in TITLES:
                cursor.execute("SELECT similarity(%s, %s)", [text, title])
                assert search.similarity(text, title) == pytest.approx(cursor.fetchone()[0])


def ranked(text, limit=5):
    return [
        (row.text, round(row.score, 4))
        for row in search.nearest(Show.objects.all(), "title", text, limit)
    ]


def test_nearest_ranks_titles_by_similarity_the_same_on_both_databases(shows):
    assert ranked("spining out") == [
        ("Spinning Out", 0.7857),
        ("Spinning Out Again", 0.55),
    ]
    assert ranked("silent harbour") == [("The Silent Harbor", 0.5714)]
    assert ranked("gloden rigde") == []  # two typos in two short words: too far
    assert ranked("golden ridg") == [("Golden Ridge", 0.7857)]
    assert ranked("spinning") == [
        ("Spinning Out", 0.6923),
        ("Spinning Out Again", 0.4737),
        ("Pinning Down", 0.375),
    ]
    assert ranked("spinning", limit=1) == [("Spinning Out", 0.6923)]
    assert ranked("zzqx wobble") == []
    assert ranked("") == []
    assert ranked("!?") == []


def test_nearest_finds_titles_of_short_words_without_a_trigram_to_read():
    for title in ["Up", "Up North", "Upload", "Down"]:
        ShowFactory(title=title)
    assert ranked("up") == [("Up", 1.0), ("Up North", 0.3333)]


def test_nearest_ties_are_broken_by_key_and_respect_the_queryset(shows):
    twin = ShowFactory(title="Spinning Out")
    assert [row.pk for row in search.nearest(Show.objects.all(), "title", "spining out", 2)] == [
        shows["Spinning Out"].pk,
        twin.pk,
    ]
    Show.objects.filter(pk=shows["Spinning Out"].pk).update(is_published=False)
    published = search.nearest(Show.objects.published(), "title", "spining out", 1)
    assert [row.pk for row in published] == [twin.pk]


def test_nearest_finds_people_by_name_and_only_public_ones():
    CastCreditFactory(person__name="Kaya Scodelario", season__show__title="Spinning Out")
    PersonFactory(name="Kaya Unseen")  # credited nowhere: not public
    near = search.nearest(Person.objects.public(), "name", "kaya scodelaro")
    assert [(row.text, round(row.score, 4)) for row in near] == [("Kaya Scodelario", 0.7222)]


def test_nearest_follows_renames_through_the_index(shows):
    show = shows["Golden Ridge"]
    show.title = "Copper Canyon"
    show.save()
    assert ranked("coper canyon") == [("Copper Canyon", 0.7857)]
    assert ranked("golden ridg") == []


def test_best_match_names_one_show_or_none(shows):
    published = Show.objects.all()
    match = search.best_match(published, "title", "spinning out")
    assert (match.text, match.near) == ("Spinning Out", False)
    match = search.best_match(published, "title", "spining out")
    assert (match.text, match.near) == ("Spinning Out", True)
    assert search.best_match(published, "title", "zzqx") is None
    ShowFactory(title="Golden Ridge")  # two shows with one title: it names neither
    assert search.best_match(published, "title", "golden ridge") is None


def test_best_match_gives_up_past_the_titles_it_compares(shows, monkeypatch):
    monkeypatch.setattr(search.question, "MAX_COMPARED", 1)
    assert search.best_match(Show.objects.all(), "title", "harbor") is None
    assert search.best_match(Show.objects.all(), "title", "golden").text == "Golden Ridge"


def test_sqlite_reads_the_rarest_trigrams_and_scores_a_bounded_few(shows, monkeypatch):
    """SQLite prunes: with every trigram counted common, only the three rarest are read
    ("spi", "nin", "ing": 3 titles each; "pin" is in 4), and of the rows sharing the
    most of them only CANDIDATES are scored."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's candidate pruning")
    assert search.similar._probes("Spining out") == ["spi", "pin", "ini", "nin", "ing", "out"]
    monkeypatch.setattr(search.similar, "COMMON", 0)
    monkeypatch.setattr(search.similar, "CANDIDATES", 2)
    assert ranked("spining out") == [("Spinning Out", 0.7857), ("Spinning Out Again", 0.55)]
    # Both Spinning Outs share all three; the lower key is kept.
    monkeypatch.setattr(search.similar, "CANDIDATES", 1)
    assert ranked("spining out") == [("Spinning Out", 0.7857)]
