"""The search index: the same matches as `icontains`, kept true by every way data is written."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from series import search
from series.filters import ShowFilterForm
from series.models import Announcement, Person, Season, Show
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db

TITLES = [
    "Spinning Out",
    "The Silent Harbor",
    "Harbor Lights",
    "Golden Ridge",
    "100% Pure",
    "under_score",
    'Say "When"',
    "Ünder Dark",
    "Ice Dancers",
]
# Ordinary words, fragments, phrases, and characters that mean something to LIKE or FTS5.
TERMS = [
    "harbor",
    "HARBOR",
    "arbo",
    "spinning out",
    "the",
    "ri",
    "g",
    "100%",
    "%",
    "_score",
    '"when"',
    "NEAR(",
    "harbor OR ridge",
    "ice*",
    "nothing",
]


def indexed_titles(term):
    return sorted(
        Show.objects.filter(search.contains(Show, term, ["title"])).values_list("title", flat=True)
    )


def like_titles(term):
    return sorted(Show.objects.filter(title__icontains=term).values_list("title", flat=True))


@pytest.fixture
def shows():
    return [ShowFactory(title=title) for title in TITLES]


@pytest.mark.parametrize("term", TERMS)
def test_index_finds_what_icontains_finds(shows, term):
    assert indexed_titles(term) == like_titles(term)


def test_index_follows_creates_renames_and_deletes(shows):
    show = Show.objects.get(title="Golden Ridge")
    show.title = "Copper Canyon"
    show.save()
    ShowFactory(title="Canyon Song")
    Show.objects.filter(title="Harbor Lights").delete()
    Show.objects.filter(title="Ice Dancers").update(title="Ice Canyon")
    assert indexed_titles("canyon") == ["Canyon Song", "Copper Canyon", "Ice Canyon"]
    assert indexed_titles("ridge") == []
    assert indexed_titles("harbor") == ["The Silent Harbor"]


def test_index_covers_rows_bulk_created_by_seed_demo():
    call_command("seed_demo", shows=30, no_progress=True, stdout=io.StringIO())
    for term in ["harbor", "silent", "the"]:
        assert indexed_titles(term) == like_titles(term)
    names = Person.objects.filter(search.contains(Person, "ava", ["name"]))
    assert set(names) == set(Person.objects.filter(name__icontains="ava"))


def test_index_finds_people_by_name_and_shows_by_external_id():
    PersonFactory(name="Kaya Scodelario")
    PersonFactory(name="Willow Shields")
    ShowFactory(title="Spinning Out", imdb_id="tt9000042")
    assert [p.name for p in Person.objects.filter(search.contains(Person, "scodel"))] == [
        "Kaya Scodelario"
    ]
    assert [s.title for s in Show.objects.filter(search.contains(Show, "9000042"))] == [
        "Spinning Out"
    ]
    # The public search reads titles only: an id is not a title.
    assert list(Show.objects.filter(search.contains(Show, "9000042", ["title"]))) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_migrate_repairs_triggers_a_table_rebuild_dropped(shows):
    """Django rebuilds a SQLite table for most column changes, which drops its triggers."""
    with connection.cursor() as cursor:
        for name in search.sqlite_triggers("series_show", search.INDEXED[("series", "show")]):
            cursor.execute(f"DROP TRIGGER {name}")
    ShowFactory(title="Harbor Added Meanwhile")  # not seen by the index: no trigger
    search.ensure_sqlite_index(using="default")
    ShowFactory(title="Harbor Added After")
    assert indexed_titles("harbor") == like_titles("harbor")
    assert len(indexed_titles("harbor")) == 4


def titles_found(params):
    form = ShowFilterForm(params)
    assert form.is_valid(), form.errors
    return sorted(show.title for show in form.filter(Show.objects.all()))


@pytest.mark.parametrize("term", ["harbor", "spinning", "scodelario", "kaya", "shields", "lo"])
def test_public_search_finds_titles_and_people_as_before(shows, term):
    CastCreditFactory(season__show__title="Spinning Out 2", person__name="Kaya Scodelario")
    CrewCreditFactory(show__title="Ridge Runners", person__name="Willow Shields")
    expected = sorted(
        {
            show.title
            for lookup in [
                "title",
                "seasons__cast_credits__person__name",
                "crew_credits__person__name",
            ]
            for show in Show.objects.filter(**{f"{lookup}__icontains": term})
        }
    )
    assert titles_found({"q": term}) == expected


def test_public_search_page_and_api_find_a_person_by_name(client):
    CastCreditFactory(season__show__title="Spinning Out", person__name="Kaya Scodelario")
    ShowFactory(title="Severance")
    page = client.get(reverse("series:show-list"), {"q": "scodelario"})
    assert "Spinning Out" in page.content.decode()
    assert "Severance" not in page.content.decode()
    api = client.get("/api/v1/shows", {"q": "scodel"}).json()
    assert [item["title"] for item in api["results"]] == ["Spinning Out"]


def changelist_results(client, model_name, term):
    response = client.get(reverse(f"admin:series_{model_name}_changelist"), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_admin_search_finds_shows_by_title_and_id(admin_client, shows):
    ShowFactory(title="Spinning Out Again", imdb_id="tt9000042")
    found = changelist_results(admin_client, "show", "spinning")
    assert sorted(s.title for s in found) == ["Spinning Out", "Spinning Out Again"]
    assert [s.title for s in changelist_results(admin_client, "show", "tt9000042")] == [
        "Spinning Out Again"
    ]
    # Every word must match, each in any field, as in Django's own search.
    assert [s.title for s in changelist_results(admin_client, "show", "silent harbor")] == [
        "The Silent Harbor"
    ]
    assert [s.title for s in changelist_results(admin_client, "show", '"harbor lights"')] == [
        "Harbor Lights"
    ]


def test_admin_search_follows_relations(admin_client):
    season = SeasonFactory(show__title="Spinning Out", number=2, title="The Last Jump")
    SeasonFactory(show__title="Severance", number=1)
    AnnouncementFactory(season=season, source_name="Variety", summary="Netflix cancels it.")
    AnnouncementFactory(source_name="Deadline", summary="Renewed.")
    CastCreditFactory(season=season, person__name="Kaya Scodelario", character_name="Kat Baker")
    assert changelist_results(admin_client, "season", "spinning") == [season]
    assert changelist_results(admin_client, "season", "last jump") == [season]
    found = changelist_results(admin_client, "announcement", "variety")
    assert [a.source_name for a in found] == ["Variety"]
    assert [a.season for a in changelist_results(admin_client, "announcement", "cancels")] == [
        season
    ]
    assert [a.season for a in changelist_results(admin_client, "announcement", "spinning")] == [
        season
    ]
    for term in ["scodelario", "kat baker", "spinning"]:
        [credit] = changelist_results(admin_client, "castcredit", term)
        assert credit.person.name == "Kaya Scodelario"
    assert [p.name for p in changelist_results(admin_client, "person", "kaya")] == [
        "Kaya Scodelario"
    ]


def test_season_autocomplete_finds_seasons_by_show_title(admin_client):
    season = SeasonFactory(show__title="Spinning Out", number=2)
    SeasonFactory(show__title="Severance", number=1)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "series",
            "model_name": "announcement",
            "field_name": "season",
            "term": "spin",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(season.pk)]


def test_index_is_kept_for_seasons_and_announcements():
    announcement = AnnouncementFactory(source_name="Variety")
    Announcement.objects.filter(pk=announcement.pk).update(source_name="Deadline")
    found = Announcement.objects.filter(search.contains(Announcement, "deadline"))
    assert list(found) == [announcement]
    season = SeasonFactory(title="Back to the Ice")
    assert list(Season.objects.filter(search.contains(Season, "the ice"))) == [season]


@pytest.fixture
def every_term_dense(monkeypatch):
    """Every term counts as common: found in more than 0 % and more than 1 row of a table."""
    monkeypatch.setattr(search.index, "DENSE", 0)
    monkeypatch.setattr(search.index, "MAX_LISTED_KEYS", 1)


def test_a_common_term_is_walked_and_finds_the_same_rows(admin_client, shows, monkeypatch):
    """A term in many rows is tested row by row in list order: same rows as the index."""
    ShowFactory(title="Harbor Nights")
    ShowFactory(title="Old Harbor", imdb_id="tt9000043")
    by_index = {s.pk for s in changelist_results(admin_client, "show", "harbor")}
    assert len(by_index) >= 3
    monkeypatch.setattr(search.index, "DENSE", 0)
    monkeypatch.setattr(search.index, "MAX_LISTED_KEYS", 1)
    response = admin_client.get(reverse("admin:series_show_changelist"), {"q": "harbor"})
    changelist = response.context["cl"]
    assert search.plan(changelist.queryset).walked
    assert {s.pk for s in changelist.result_list} == by_index


def test_walked_search_follows_relations(admin_client, every_term_dense):
    season = SeasonFactory(show__title="Spinning Out", number=2)
    other = SeasonFactory(show__title="Severance", number=1)
    first = AnnouncementFactory(season=season, source_name="Variety", summary="Cancelled.")
    second = AnnouncementFactory(season=other, source_name="Variety", summary="Renewed.")
    AnnouncementFactory(season=other, source_name="Deadline", summary="Renewed.")
    found = changelist_results(admin_client, "announcement", "variety")
    assert sorted(a.pk for a in found) == sorted([first.pk, second.pk])
    assert changelist_results(admin_client, "announcement", "spinning") == [first]


@pytest.fixture
def common_terms(monkeypatch, settings):
    """On the public list every term in more than 5 titles is common (and in more than
    -1 names, so also in none), and a page lists 2 shows, rendered each time."""
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(search.index, "MAX_LISTED_KEYS", 5)
    monkeypatch.setattr("series.filters.MAX_LISTED_PEOPLE", -1)
    monkeypatch.setattr("series.site.views.ShowListView.paginate_by", 2)


def listed_titles(response):
    return [show.title for show in response.context["shows"]]


def walked(response):
    plan = search.plan(response.context["shows"])
    return plan is not None and plan.walked


def every_page(client, query):
    titles, number = [], 1
    while (
        response := client.get(reverse("series:show-list"), {**query, "page": number})
    ).status_code == 200:
        titles += listed_titles(response)
        number += 1
    assert response.status_code == 404
    return titles


def test_a_common_term_is_walked_on_the_public_list_and_finds_the_same_shows(client, common_terms):
    for number in range(6):
        ShowFactory(title=f"Harbor {number}")
    CastCreditFactory(season__show__title="Golden Cove", person__name="Ann Harborne")
    CrewCreditFactory(show__title="Ridge Runners", person__name="Willow Harbor")
    CastCreditFactory(season__show__title="Quiet Bay", person__name="Someone Else")
    first = client.get(reverse("series:show-list"), {"q": "harbor"})
    assert walked(first)
    assert listed_titles(first) == ["Golden Cove", "Harbor 0"]
    # Six titles were read from the index: more than five shows match, said as known.
    html = first.content.decode()
    assert "More than 5 shows match" in html
    assert "Page 1 of more than 3" in html
    # Pages past the walked ones are read from the set of matches, counted exactly.
    third = client.get(reverse("series:show-list"), {"q": "harbor", "page": 3})
    assert not walked(third)
    assert "8 shows match" in third.content.decode()
    assert "Page 3 of 4" in third.content.decode()
    expected = ["Golden Cove", *(f"Harbor {n}" for n in range(6)), "Ridge Runners"]
    assert every_page(client, {"q": "harbor"}) == expected


def test_a_term_is_walked_only_in_many_titles_and_many_names(client, common_terms, monkeypatch):
    monkeypatch.setattr("series.filters.MAX_LISTED_PEOPLE", 1)  # common: in 2 names or more
    for number in range(6):
        ShowFactory(title=f"Harbor {number}")
    CastCreditFactory(person__name="Ann Harborne")
    in_titles_only = client.get(reverse("series:show-list"), {"q": "harbor"})
    assert not walked(in_titles_only)
    assert "7 shows match" in in_titles_only.content.decode()
    for number in range(3):
        CastCreditFactory(person__name=f"Cove Person {number}")
    in_names_only = client.get(reverse("series:show-list"), {"q": "cove person"})
    assert not walked(in_names_only)
    assert "3 shows match" in in_names_only.content.decode()
    CrewCreditFactory(person__name="Willow Harbor")
    in_both = client.get(reverse("series:show-list"), {"q": "harbor"})
    assert walked(in_both)
    assert "More than 5 shows match" in in_both.content.decode()


def test_a_common_term_with_a_filter_is_counted_exactly(client, common_terms):
    harbor_tv, other = NetworkFactory(slug="harbor-tv"), NetworkFactory()
    for number in range(6):
        ShowFactory(title=f"Harbor {number}", network=harbor_tv if number < 3 else other)
    narrowed = client.get(reverse("series:show-list"), {"q": "harbor", "network": "harbor-tv"})
    assert not walked(narrowed)
    assert "3 shows match" in narrowed.content.decode()
    assert every_page(client, {"q": "harbor", "network": "harbor-tv"}) == [
        "Harbor 0",
        "Harbor 1",
        "Harbor 2",
    ]


def test_the_api_never_walks_and_counts_exactly(client, common_terms):
    for number in range(6):
        ShowFactory(title=f"Harbor {number}")
    body = client.get("/api/v1/shows", {"q": "harbor"}).json()
    assert body["count"] == 6
