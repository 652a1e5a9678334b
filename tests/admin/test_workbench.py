"""The editors' workbench: one-form decisions, dates as typed, seasons fast, publishing, links."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from series.fuzzy import Precision
from series.models import Announcement, Season, Show
from tests.admin_helpers import admin_post, season_form, shown_errors
from tests.factories import AnnouncementFactory, PersonFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


def decision_url(season):
    return reverse("admin:series_season_record_decision", args=[season.pk])


def decision_data(**overrides):
    return {
        "decision": "renewed",
        "announced_date": "Fall 2027",
        "source_name": "Variety",
        "source_url": "https://variety.example.com/renewed",
        "summary": "Renewed for a third season.",
        # "Fall 2027" may be after today: confirmed, as the form asks for a future date.
        "future_on_purpose": "on",
        **overrides,
    }


def test_one_form_records_a_sourced_decision_and_the_season_follows(editor_client, editor):
    season = SeasonFactory(number=2)
    response = editor_client.post(decision_url(season), decision_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:series_season_change", args=[season.pk])
    announcement = Announcement.objects.get(season=season)
    assert announcement.announced_date == datetime.date(2027, 9, 1)
    assert announcement.announced_precision == Precision.SEASON
    assert announcement.source_url == "https://variety.example.com/renewed"
    season.refresh_from_db()
    assert season.decision == Season.Decision.RENEWED
    assert announcement.history.get().history_user == editor
    page = editor_client.get(response["Location"]).content.decode()
    assert "Recorded renewed from Variety (Fall 2027). Show" in page
    assert "season 2: Renewed." in page


def test_a_first_season_is_ordered_not_renewed(editor_client):
    season = SeasonFactory(number=1)
    page = editor_client.get(decision_url(season)).content.decode()
    assert "Ordered" in page
    response = editor_client.post(decision_url(season), decision_data(), follow=True)
    assert "Recorded ordered from Variety" in response.content.decode()


def test_the_decision_form_returns_to_the_public_page_it_came_from(editor_client):
    season = SeasonFactory()
    url = f"{decision_url(season)}?next={season.get_absolute_url()}"
    page = editor_client.get(url).content.decode()
    assert f'name="next" value="{season.get_absolute_url()}"' in page
    response = editor_client.post(
        decision_url(season), {**decision_data(), "next": season.get_absolute_url()}
    )
    assert response["Location"] == season.get_absolute_url()


def test_the_decision_form_never_sends_an_editor_to_another_site(editor_client):
    season = SeasonFactory()
    response = editor_client.post(
        decision_url(season), {**decision_data(), "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("admin:series_season_change", args=[season.pk])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("announced_date", "03/04/2026", "“03/04/2026” could be 2026-03-04 or 2026-04-03."),
        ("source_name", "", "This field is required."),
        ("source_url", "javascript:alert(1)", "Enter a valid URL."),
        ("decision", "", "This field is required."),
    ],
)
def test_a_wrong_decision_form_saves_nothing_and_keeps_what_was_typed(
    editor_client, field, value, message
):
    season = SeasonFactory()
    data = decision_data(**{field: value})
    response = editor_client.post(decision_url(season), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert not Announcement.objects.exists()
    page = response.content.decode()
    for name, typed in data.items():
        if typed and name not in ("decision", "future_on_purpose"):  # radios, a checkbox
            assert f'value="{typed}"' in page, f"{name} lost what was typed"


def test_the_same_report_twice_is_a_form_error_not_a_crash(editor_client):
    season = SeasonFactory()
    editor_client.post(decision_url(season), decision_data())
    response = editor_client.post(decision_url(season), decision_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This source's report is already recorded."
    ]
    assert Announcement.objects.count() == 1


def test_recording_a_decision_needs_permission_to_add_announcements(client, django_user_model):
    season = SeasonFactory()
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    response = client.post(decision_url(season), decision_data())
    assert response.status_code in (302, 403)
    assert not Announcement.objects.exists()


def test_season_page_and_list_link_to_the_decision_form(editor_client):
    season = SeasonFactory()
    change = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert decision_url(season) in change.content.decode()
    listing = editor_client.get(reverse("admin:series_season_changelist"))
    assert decision_url(season) in listing.content.decode()


@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2027-09-14", datetime.date(2027, 9, 14), Precision.DAY),
        ("2027-09", datetime.date(2027, 9, 1), Precision.MONTH),
        ("September 2027", datetime.date(2027, 9, 1), Precision.MONTH),
        ("Fall 2027", datetime.date(2027, 9, 1), Precision.SEASON),
        ("2027", datetime.date(2027, 1, 1), Precision.YEAR),
    ],
)
def test_season_dates_are_one_field_filling_date_and_precision(
    editor_client, typed, date, precision
):
    show = ShowFactory()
    response = admin_post(editor_client, "season", season_form(show, premiere_date=typed))
    assert response.status_code == 302
    season = Season.objects.get(show=show)
    assert (season.premiere_date, season.premiere_precision) == (date, precision)
    # The change form shows it back the way it can be typed again.
    page = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    shown = page.context["adminform"].form["premiere_date"].value()
    assert shown == season.premiere.as_input()


@pytest.mark.parametrize(
    ("typed", "date", "precision", "form", "listed"),
    [
        ("Q3 2027", datetime.date(2027, 7, 1), Precision.QUARTER, "Q3 2027", "Q3 2027"),
        ("3Q 2027", datetime.date(2027, 7, 1), Precision.QUARTER, "Q3 2027", "Q3 2027"),
        ("H2 2027", datetime.date(2027, 7, 1), Precision.HALF, "H2 2027", "H2 2027"),
        ("first half of 2027", datetime.date(2027, 1, 1), Precision.HALF, "H1 2027", "H1 2027"),
        ("early 2027", datetime.date(2027, 1, 1), Precision.THIRD, "early 2027", "early 2027"),
        ("mid-2026", datetime.date(2026, 5, 1), Precision.THIRD, "mid-2026", "mid-2026"),
        ("Late 2027", datetime.date(2027, 9, 1), Precision.THIRD, "late 2027", "late 2027"),
        (
            "14/09/2027",
            datetime.date(2027, 9, 14),
            Precision.DAY,
            "2027-09-14",
            "14 September 2027",
        ),
    ],
)
def test_season_dates_as_the_press_writes_them_are_stored_and_shown_as_written(
    editor_client, typed, date, precision, form, listed
):
    show = ShowFactory()
    response = admin_post(editor_client, "season", season_form(show, premiere_date=typed))
    assert response.status_code == 302
    season = Season.objects.get(show=show)
    assert (season.premiere_date, season.premiere_precision) == (date, precision)
    page = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    assert page.context["adminform"].form["premiere_date"].value() == form
    listing = editor_client.get(reverse("admin:series_season_changelist")).content.decode()
    assert f'<td class="field-premiere_display">{listed}</td>' in listing


def test_a_decision_dated_as_the_press_writes_it_is_recorded_as_written(editor_client):
    season = SeasonFactory(number=2)
    data = decision_data(announced_date="H2 2026")
    data.pop("future_on_purpose")  # H2 2026 began before today: nothing to confirm
    response = editor_client.post(decision_url(season), data)
    assert response.status_code == 302
    announcement = Announcement.objects.get(season=season)
    assert (announcement.announced_date, announcement.announced_precision) == (
        datetime.date(2026, 7, 1),
        Precision.HALF,
    )
    change = editor_client.get(reverse("admin:series_announcement_change", args=[announcement.pk]))
    assert change.context["adminform"].form["announced_date"].value() == "H2 2026"
    assert "(Variety, H2 2026)" in str(announcement)


def test_an_ambiguous_date_is_refused_with_how_to_write_it_and_nothing_lost(editor_client):
    show = ShowFactory()
    data = season_form(show, title="The return", premiere_date="03/04/2026")
    response = admin_post(editor_client, "season", data)
    assert shown_errors(response) == [
        "“03/04/2026” could be 2026-03-04 or 2026-04-03. Both numbers are 12 or under, so "
        "which is the day cannot be told. Write it year-month-day, as 2026-04-03, or with "
        "the month in words, as 3 April 2026."
    ]
    page = response.content.decode()
    assert 'value="03/04/2026"' in page
    assert 'value="The return"' in page
    assert not Season.objects.exists()


def test_a_finale_before_the_premiere_is_a_form_error(editor_client):
    show = ShowFactory()
    data = season_form(show, premiere_date="Fall 2027", finale_date="2027-06-01")
    assert "The finale cannot come before the premiere." in shown_errors(
        admin_post(editor_client, "season", data)
    )


def test_a_url_that_failed_is_shown_as_typed_not_as_currently_saved(editor_client):
    season = SeasonFactory()
    response = editor_client.post(
        decision_url(season), decision_data(source_url="not a url", announced_date="soon")
    )
    page = response.content.decode()
    assert "Currently" not in page
    assert 'value="not a url"' in page


def next_number_for_new_rows(page):
    """The number the show form's script gives a new season row (js/season-numbers.js)."""
    found = re.search(
        r'<script id="next-season-number" type="application/json">(\d+)</script>', page
    )
    return int(found[1])


def test_a_new_season_for_a_show_starts_with_the_next_number(editor_client):
    """ "Add season N", the add form and a new row on the show's form all give the number
    `next_number()` gives: one after the highest, whatever the gaps."""
    show = ShowFactory()
    SeasonFactory(show=show, number=1)
    SeasonFactory(show=show, number=3)
    assert show.seasons.next_number() == 4
    page = editor_client.get(reverse("admin:series_show_change", args=[show.pk])).content.decode()
    add_url = f"{reverse('admin:series_season_add')}?show={show.pk}&amp;number=4"
    assert f'<a href="{add_url}" class="workbench-primary">Add season 4</a>' in page
    assert next_number_for_new_rows(page) == 4
    form = editor_client.get(f"{reverse('admin:series_season_add')}?show={show.pk}")
    assert form.context["adminform"].form["number"].value() == 4


def test_the_first_season_row_of_a_new_show_is_season_1(editor_client):
    page = editor_client.get(reverse("admin:series_show_add")).content.decode()
    assert next_number_for_new_rows(page) == 1
    assert Season.objects.none().next_number() == 1


def test_publish_and_unpublish_actions_on_the_show_list(editor_client, editor):
    drafts = ShowFactory.create_batch(2, is_published=False)
    url = reverse("admin:series_show_changelist")
    editor_client.post(
        url, {"action": "publish", "_selected_action": [show.pk for show in drafts]}
    )
    assert set(Show.objects.values_list("is_published", flat=True)) == {True}
    assert drafts[0].history.latest().history_user == editor
    editor_client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    drafts[0].refresh_from_db()
    assert not drafts[0].is_published


def test_the_draft_preview_offers_publish_and_edit(editor_client):
    show = ShowFactory(is_published=False)
    season = SeasonFactory(show=show)
    page = editor_client.get(season.get_absolute_url()).content.decode()
    publish = reverse("admin:series_show_publish", args=[show.pk])
    assert f'action="{publish}"' in page
    assert reverse("admin:series_show_change", args=[show.pk]) in page
    response = editor_client.post(publish, {"next": season.get_absolute_url()})
    assert response["Location"] == season.get_absolute_url()
    show.refresh_from_db()
    assert show.is_published
    assert "Draft preview" not in editor_client.get(season.get_absolute_url()).content.decode()


def test_publishing_is_a_post(editor_client):
    show = ShowFactory(is_published=False)
    response = editor_client.get(reverse("admin:series_show_publish", args=[show.pk]))
    assert response.status_code == 405
    show.refresh_from_db()
    assert not show.is_published


@pytest.mark.parametrize("page", ["season", "show", "person", "network", "list", "home"])
def test_every_public_page_has_an_edit_link_for_staff_only(editor_client, page):
    announcement = AnnouncementFactory()
    season = announcement.season
    person = season.show.crew_credits.create(person=PersonFactory(), job="creator").person
    url, admin_url = {
        "season": (
            season.get_absolute_url(),
            reverse("admin:series_season_change", args=[season.pk]),
        ),
        "show": (
            season.show.get_absolute_url(),
            reverse("admin:series_show_change", args=[season.show.pk]),
        ),
        "person": (
            person.get_absolute_url(),
            reverse("admin:series_person_change", args=[person.pk]),
        ),
        "network": (
            season.show.network.get_absolute_url(),
            reverse("admin:series_network_change", args=[season.show.network.pk]),
        ),
        "list": (reverse("series:show-list"), reverse("admin:series_show_changelist")),
        "home": (reverse("series:home"), reverse("admin:index")),
    }[page]
    staff_page = editor_client.get(url).content.decode()
    assert f'href="{admin_url}"' in staff_page
    assert "staff-tools" in staff_page
    assert "staff-tools" not in Client().get(url).content.decode()


def test_the_season_changes_breadcrumbs_lead_back_to_its_show(editor_client):
    season = SeasonFactory()
    page = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))
    show_url = reverse("admin:series_show_change", args=[season.show.pk])
    breadcrumbs = page.content.decode().split('class="breadcrumbs"')[1].split("</div>")[0]
    assert f'href="{show_url}"' in breadcrumbs
