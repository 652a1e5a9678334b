"""The editors' admin: every page renders and saves, with query counts that do not grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from series.models import Announcement, CastCredit, Season, Show
from tests.admin_helpers import admin_post, season_form
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.queries import counted_get

pytestmark = pytest.mark.django_db

FACTORIES = {
    "network": NetworkFactory,
    "genre": GenreFactory,
    "person": PersonFactory,
    "show": ShowFactory,
    "season": SeasonFactory,
    "announcement": AnnouncementFactory,
    "castcredit": CastCreditFactory,
    "crewcredit": CrewCreditFactory,
    "criticscore": CriticScoreFactory,
}


def changelist_queries(client, model_name):
    return counted_get(client, reverse(f"admin:series_{model_name}_changelist"))


@pytest.mark.parametrize("model_name", FACTORIES)
def test_changelist_query_count_does_not_grow(editor_client, model_name):
    FACTORIES[model_name].create_batch(2)
    small, _ = changelist_queries(editor_client, model_name)
    FACTORIES[model_name].create_batch(20)
    large, response = changelist_queries(editor_client, model_name)
    assert large == small
    assert response.context["cl"].result_count == 22


@pytest.mark.parametrize("model_name", FACTORIES)
def test_add_and_change_pages_render(editor_client, model_name):
    obj = FACTORIES[model_name]()
    assert editor_client.get(reverse(f"admin:series_{model_name}_add")).status_code == 200
    url = reverse(f"admin:series_{model_name}_change", args=[obj.pk])
    assert editor_client.get(url).status_code == 200


def number_input(html, name):
    """The attributes of the one <input> whose name is (or ends with) `name`."""
    tags = re.findall(rf'<input[^>]*name="(?:[\w-]+-)?{name}"[^>]*>', html)
    assert len(tags) == 1, tags
    return dict(re.findall(r'(\w+)="([^"]*)"', tags[0]))


def test_number_inputs_refuse_what_the_database_refuses(editor_client):
    """The browser itself stops a season number below 1 or a score above 100."""
    add = editor_client.get(reverse("admin:series_season_add")).content.decode()
    number = number_input(add, "number")
    assert (number["type"], number["min"], number["max"]) == ("number", "1", "999")
    assert number_input(add, "episode_count")["min"] == "0"
    # The same in a show's inline season rows and a season's inline score rows.
    season = SeasonFactory()
    CriticScoreFactory(season=season)
    show_page = editor_client.get(
        reverse("admin:series_show_change", args=[season.show_id])
    ).content.decode()
    assert number_input(show_page, "0-number")["min"] == "1"
    season_page = editor_client.get(
        reverse("admin:series_season_change", args=[season.pk])
    ).content.decode()
    assert number_input(season_page, "0-score")["max"] == "100"


def test_season_changelist_shows_show_number_decision_release_and_premiere(editor_client, seed):
    response = editor_client.get(reverse("admin:series_season_changelist"))
    text = response.content.decode()
    for heading in ["Show", "Season number", "Decision", "Release", "Premiere"]:
        assert heading in text
    assert "Spinning Out" in text
    assert "Cancelled" in text
    assert "Released" in text
    assert "1 January 2020" in text


def test_the_decision_filter_names_made_seasons_as_their_rows_do(editor_client, seed):
    """A season made without an announcement reads "Ordered" or "Renewed" in its row; the
    filter that finds those says so rather than offering a bare "Made"."""
    url = reverse("admin:series_season_changelist")
    filters = editor_client.get(url).content.decode().split('id="changelist-filter"', 1)[1]
    assert ">Made<" not in filters
    assert "Ordered or renewed (no announcement)" in filters
    made = editor_client.get(url, {"decision": "made"}).content.decode()
    rows = made.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    assert rows.count("<tr") == 2  # the header and the seed's season 1
    assert ">Ordered<" in rows


def test_editor_adds_a_show_with_a_season(editor_client):
    network = NetworkFactory()
    data = {
        "title": "Severance",
        "slug": "severance",
        "network": network.pk,
        "synopsis": "Office workers whose memories are split.",
        "country": "US",
        "original_language": "en",
        "imdb_id": "",
        "tmdb_id": "",
        "tvmaze_id": "",
        "is_published": "on",
    }
    season = {
        "number": "1",
        "title": "",
        "premiere_date": "2022-02-18",
        "premiere_precision": "day",
        "finale_date": "2022-04-08",
        "finale_precision": "day",
        "episode_count": "9",
    }
    response = admin_post(editor_client, "show", data, inlines={"seasons": [season]})
    assert response.status_code == 302
    show = Show.objects.get(slug="severance")
    assert show.seasons.get().episode_count == 9


def test_editor_records_an_announcement_and_the_decision_follows(editor_client):
    season = SeasonFactory(premiere_date=None, finale_date=None, episode_count=None)
    data = season_form(season, premiere_date="Fall 2027")
    row = {
        "decision": "renewed",
        "announced_date": "2026-03-02",
        "source_name": "Deadline",
        "source_url": "https://deadline.example.com/renewed",
        "summary": "Renewed for another season.",
    }
    response = admin_post(
        editor_client, "season", data, obj=season, inlines={"announcements": [row]}
    )
    assert response.status_code == 302
    season.refresh_from_db()
    assert season.decision == Season.Decision.RENEWED
    assert str(season.premiere) == "Fall 2027"
    # The visitor's page shows the editor's change.
    page = editor_client.get(season.get_absolute_url()).content.decode()
    assert "Renewed" in page
    assert "Fall 2027" in page


def test_editor_deletes_the_only_announcement_and_the_decision_returns_to_pending(editor_client):
    announcement = AnnouncementFactory(decision="cancelled")
    season = announcement.season
    assert Season.objects.get(pk=season.pk).decision == "cancelled"
    url = reverse("admin:series_announcement_delete", args=[announcement.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Announcement.objects.exists()
    assert Season.objects.get(pk=season.pk).decision == "pending"


def test_decision_is_read_only_in_the_admin(editor_client):
    season = SeasonFactory()
    response = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert "decision" not in response.context["adminform"].form.fields


def test_view_on_site_links_for_shows_and_seasons(editor_client):
    season = SeasonFactory()
    for obj, name in [(season.show, "show"), (season, "season")]:
        response = editor_client.get(reverse(f"admin:series_{name}_change", args=[obj.pk]))
        assert "View on site" in response.content.decode()


def test_editors_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "Shows and seasons" in index
    assert "Users" not in index


def test_autocomplete_for_people_in_cast_inline(editor_client):
    CastCreditFactory(person__name="Kaya Scodelario")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "kaya",
            "app_label": "series",
            "model_name": "castcredit",
            "field_name": "person",
        },
    )
    # Labelled with the best-known credit (tests/admin/test_people.py has the label).
    assert response.json()["results"][0]["text"].startswith("Kaya Scodelario — ")
    assert CastCredit.objects.count() == 1


@pytest.mark.parametrize(
    "query", ["", "?genres__id__exact={drama}", "?genres__isnull=True", "?genres__isnull=False"]
)
def test_genre_filter_lists_and_looks_as_djangos_without_distinct(
    editor_client, monkeypatch, query
):
    """The show list's genre filter tests EXISTS (no SELECT DISTINCT sorting every match)
    and offers, links and lists exactly what Django's own filter on "genres" does."""
    from series.admin.records import ShowAdmin

    drama, comedy = GenreFactory(name="Drama"), GenreFactory(name="Comedy")
    both = ShowFactory(title="Both")
    both.genres.set([drama, comedy])
    ShowFactory(title="Drama only").genres.set([drama])
    ShowFactory(title="None")
    url = reverse("admin:series_show_changelist") + query.format(drama=drama.pk)

    def shown():
        response = editor_client.get(url)
        assert response.status_code == 200
        sidebar = re.search(r'<nav id="changelist-filter".*?</nav>', response.text, re.S)[0]
        return [show.title for show in response.context["cl"].result_list], sidebar

    with CaptureQueriesContext(connection) as queries:
        ours = shown()
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)
    monkeypatch.setattr(ShowAdmin, "list_filter", ["status", "is_published", "network", "genres"])
    assert ours == shown()
    assert (
        ours[0]
        == {
            "": ["Both", "Drama only", "None"],
            "?genres__id__exact={drama}": ["Both", "Drama only"],
            "?genres__isnull=True": ["None"],
            "?genres__isnull=False": ["Both", "Drama only"],
        }[query]
    )


def test_announcement_network_filter_lists_and_looks_as_djangos(editor_client, monkeypatch):
    """By network, the announcement list offers, links and lists what Django's own filter
    on "season__show__network" does (on SQLite it tests EXISTS rather than joining)."""
    from series.admin.records import AnnouncementAdmin

    first, second = NetworkFactory(name="First"), NetworkFactory(name="Second")
    for network in (first, second, first):
        AnnouncementFactory(season__show__network=network)
    url = reverse("admin:series_announcement_changelist")

    def shown(query):
        response = editor_client.get(url + query)
        assert response.status_code == 200
        sidebar = re.search(r'<nav id="changelist-filter".*?</nav>', response.text, re.S)[0]
        return [a.pk for a in response.context["cl"].result_list], sidebar

    queries = ["", f"?season__show__network__id__exact={first.pk}"]
    ours = [shown(query) for query in queries]
    assert len(ours[1][0]) == 2
    monkeypatch.setattr(AnnouncementAdmin, "list_filter", ["decision", "season__show__network"])
    assert ours == [shown(query) for query in queries]
