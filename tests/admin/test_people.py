"""People and cast through the admin as an editor: a new person typed into a cast row,
people of the same name told apart, duplicates merged, billing in row order."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from series.models import CastCredit, CrewCredit, Person
from tests.admin_helpers import admin_post, season_form, show_form, shown_errors
from tests.factories import (
    CastCreditFactory,
    CrewCreditFactory,
    PersonFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db


def cast_row(person, character, billing=""):
    return {
        "person": person,
        "character_name": character,
        "billing_order": billing,
        "role": "main",
    }


def test_a_cast_row_with_a_typed_new_name_creates_the_person_and_the_credit(editor_client):
    season = SeasonFactory()

    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={"cast_credits": [cast_row("new:  Ava   Xu ", "Dr. Lee", "1")]},
    )

    assert response.status_code == 302, shown_errors(response)
    credit = CastCredit.objects.get(season=season)
    assert (credit.person.name, credit.character_name) == ("Ava Xu", "Dr. Lee")
    assert credit.person.slug == "ava-xu"


def test_a_second_new_person_of_a_taken_name_gets_a_slug_of_its_own(editor_client):
    PersonFactory(name="Ava Xu", slug="ava-xu")
    season = SeasonFactory()

    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={"cast_credits": [cast_row("new:Ava Xu", "Dr. Lee", "1")]},
    )

    assert response.status_code == 302, shown_errors(response)
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["ava-xu", "ava-xu-2"]


def test_a_form_with_errors_creates_no_person_and_shows_the_typed_name_again(editor_client):
    season = SeasonFactory()

    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={"cast_credits": [cast_row("new:Ava Xu", "", "1")]},  # no character
    )

    assert shown_errors(response) == ["This field is required."]
    assert not Person.objects.exists()
    page = response.content.decode()
    assert '<option value="new:Ava Xu" selected>Ava Xu (new person)</option>' in page


def test_a_blank_new_name_is_refused(editor_client):
    season = SeasonFactory()

    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={"cast_credits": [cast_row("new:   ", "Dr. Lee", "1")]},
    )

    assert shown_errors(response) == ["A new person needs a name of 1 to 200 characters."]
    assert not Person.objects.exists()


def test_a_crew_row_can_create_its_person_too(editor_client):
    show = SeasonFactory().show

    response = admin_post(
        editor_client,
        "show",
        show_form(show),
        obj=show,
        inlines={"crew_credits": [{"person": "new:Noor Haddad", "job": "creator"}]},
    )

    assert response.status_code == 302, shown_errors(response)
    assert CrewCredit.objects.get(show=show).person.name == "Noor Haddad"


def test_new_cast_rows_are_billed_in_row_order(editor_client):
    season = SeasonFactory()
    ava, ben = PersonFactory(name="Ava Xu"), PersonFactory(name="Ben Ode")

    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={
            "cast_credits": [
                cast_row(ava.pk, "Dr. Lee"),
                cast_row(ben.pk, "Nurse Kim"),
                cast_row("new:Cy Park", "Dr. Moss"),
            ]
        },
    )

    assert response.status_code == 302, shown_errors(response)
    billed = CastCredit.objects.filter(season=season).order_by("billing_order")
    assert [(c.person.name, c.billing_order) for c in billed] == [
        ("Ava Xu", 1),
        ("Ben Ode", 2),
        ("Cy Park", 3),
    ]


def test_a_new_row_below_billed_rows_is_billed_after_them(editor_client):
    season = SeasonFactory()
    first = CastCreditFactory(season=season, billing_order=1)
    second = CastCreditFactory(season=season, billing_order=4)
    newcomer = PersonFactory()

    response = admin_post(
        editor_client,
        "season",
        season_form(season),
        obj=season,
        inlines={
            "cast_credits": [
                {
                    "id": credit.pk,
                    **cast_row(credit.person_id, credit.character_name, credit.billing_order),
                }
                for credit in (first, second)
            ]
            + [cast_row(newcomer.pk, "Dr. Lee")]
        },
    )

    assert response.status_code == 302, shown_errors(response)
    assert CastCredit.objects.get(person=newcomer).billing_order == 5


def test_a_new_cast_row_starts_without_billing_one(editor_client):
    season = SeasonFactory()
    url = reverse("admin:series_season_change", args=[season.pk])

    page = editor_client.get(url).content.decode()

    assert 'name="cast_credits-__prefix__-billing_order"' in page
    assert 'name="cast_credits-__prefix__-billing_order" value="1"' not in page


def autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": term,
            "app_label": "series",
            "model_name": "castcredit",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    return response.json()["results"]


def test_the_person_search_tells_two_people_of_the_same_name_apart(editor_client):
    actor = PersonFactory(name="Ava Xu")
    namesake = PersonFactory(name="Ava Xu")
    CastCreditFactory(person=actor, season=SeasonFactory(show__title="The Pitt"))

    results = autocomplete(editor_client, "Ava")

    assert sorted(results, key=lambda r: int(r["id"])) == [
        {"id": str(actor.pk), "text": f"Ava Xu — The Pitt (2020) · #{actor.pk}"},
        {"id": str(namesake.pk), "text": f"Ava Xu — no credits yet · #{namesake.pk}"},
    ]


def test_a_crew_member_is_known_by_their_show(editor_client):
    person = PersonFactory(name="Noor Haddad")
    CrewCreditFactory(person=person, show__title="Severance")

    [result] = autocomplete(editor_client, "Noor")

    assert result["text"] == f"Noor Haddad — crew, Severance · #{person.pk}"


def merge(client, people, keep=None):
    data = {"action": "merge_selected", ACTION_CHECKBOX_NAME: [p.pk for p in people]}
    if keep is not None:
        data["keep"] = keep.pk
    else:
        data["index"] = 0
    return client.post(reverse("admin:series_person_changelist"), data, follow=True)


def test_merging_two_ava_xu_leaves_one_with_all_credits_and_history(editor_client):
    keep = PersonFactory(name="Ava Xu")
    duplicate = PersonFactory(name="Ava Xu")
    CastCreditFactory(person=keep, character_name="Dr. Lee")
    moved = CastCreditFactory(person=duplicate, character_name="Dr. Lee")
    crew = CrewCreditFactory(person=duplicate)

    asked = merge(editor_client, [keep, duplicate])
    assert "Merge people" in asked.content.decode()
    assert f"#{duplicate.pk}" in asked.content.decode()
    response = merge(editor_client, [keep, duplicate], keep=keep)

    assert list(Person.objects.all()) == [keep]
    assert set(keep.cast_credits.all()) == {moved, *CastCredit.objects.filter(person=keep)}
    assert keep.cast_credits.count() == 2
    assert list(keep.crew_credits.all()) == [crew]
    history = Person.history.filter(id=duplicate.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "-"]
    assert history.last().history_user is not None
    assert CastCredit.history.filter(id=moved.pk, person_id=duplicate.pk).exists()
    assert "2 credits moved" in response.content.decode()


def test_a_credit_both_people_hold_is_kept_once_and_reported(editor_client):
    season = SeasonFactory()
    keep = PersonFactory(name="Ava Xu")
    duplicate = PersonFactory(name="Ava Xu")
    CastCreditFactory(person=keep, season=season, character_name="Dr. Lee")
    CastCreditFactory(person=duplicate, season=season, character_name="Dr. Lee")
    CastCreditFactory(person=duplicate, season=season, character_name="Dr. Lee's twin")

    response = merge(editor_client, [keep, duplicate], keep=keep)

    assert sorted(keep.cast_credits.values_list("character_name", flat=True)) == [
        "Dr. Lee",
        "Dr. Lee's twin",
    ]
    page = response.content.decode()
    assert "Already credited, the duplicate removed" in page
    assert "Two roles in one season now, check" in page
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_merging_one_person_is_refused(editor_client):
    person = PersonFactory()

    response = merge(editor_client, [person])

    assert "Select two people or more to merge." in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_person_box_script_loads_after_select2_and_djangos_jquery(editor_client):
    """It sets up select2 through django.jQuery: loaded earlier, it stops with an error."""
    season = SeasonFactory()

    page = editor_client.get(reverse("admin:series_season_change", args=[season.pk]))

    scripts = [line for line in page.content.decode().splitlines() if "<script src" in line]
    order = [
        next(i for i, s in enumerate(scripts) if name in s)
        for name in ("select2.full", "admin/js/jquery.init.js", "js/person-autocomplete.js")
    ]
    assert order == sorted(order)
    assert 'class="person-or-new' in page.content.decode()


def test_the_kept_person_takes_the_external_ids_it_lacked(editor_client):
    keep = PersonFactory(name="Ava Xu", imdb_id="nm0000001")
    duplicate = PersonFactory(name="Ava Xu", imdb_id="nm0000002", tmdb_id="77")

    merge(editor_client, [keep, duplicate], keep=keep)

    keep.refresh_from_db()
    assert (keep.imdb_id, keep.tmdb_id) == ("nm0000001", "77")


def test_the_person_search_reads_the_same_queries_for_many_namesakes(editor_client):
    def queries_for(count):
        for _ in range(count):
            CastCreditFactory(person=PersonFactory(name="Ava Xu"))
        with CaptureQueriesContext(connection) as captured:
            assert len(autocomplete(editor_client, "Ava")) == min(Person.objects.count(), 20)
        return len(captured)

    assert queries_for(1) == queries_for(25)


def test_a_cast_credits_own_page_creates_a_typed_new_person_too(editor_client):
    season = SeasonFactory()
    data = {
        "season": season.pk,
        "person": "new:Ava Xu",
        "character_name": "Dr. Lee",
        "billing_order": "2",
        "role": "main",
    }

    response = admin_post(editor_client, "castcredit", data)

    assert response.status_code == 302, shown_errors(response)
    credit = CastCredit.objects.get(season=season)
    assert (credit.person.name, credit.billing_order) == ("Ava Xu", 2)
