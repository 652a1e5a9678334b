"""An editor types a new actor's name into a cast row and saves: one person, one credit,
no pop-up, and the person search's script runs under the Content-Security-Policy."""

import pytest
from django.urls import reverse

from series.models import CastCredit
from tests.factories import CastCreditFactory, PersonFactory, SeasonFactory

pytestmark = pytest.mark.browser


def test_a_typed_new_name_becomes_a_person_on_save(live_server, editor_page):
    page = editor_page
    season = SeasonFactory()
    namesake = PersonFactory(name="Ava Xu")
    CastCreditFactory(person=namesake, season__show__title="The Pitt")
    page.goto(live_server.url + reverse("admin:series_season_change", args=[season.pk]))

    page.click("#cast_credits-group .add-row a")
    # The new row's person search is open already, ready for the name.
    assert page.locator("#cast_credits-0 .select2-container--open").count() == 1
    page.fill(".select2-search__field", "Ava Xu")
    # The namesake, told apart by their credit, comes before the offer to create.
    offer = page.wait_for_selector(".select2-results__option >> text=Ava Xu (new person)")
    assert page.locator(".select2-results__option").all_inner_texts() == [
        f"Ava Xu — The Pitt (2020) · #{namesake.pk}",
        "Ava Xu (new person)",
    ]
    offer.click()
    page.fill("#id_cast_credits-0-character_name", "Dr. Lee")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    credit = CastCredit.objects.get(season=season)
    assert credit.person != namesake
    assert (credit.person.name, credit.character_name, credit.billing_order) == (
        "Ava Xu",
        "Dr. Lee",
        1,
    )
    assert page.problems == []
