"""Two editors on one season: what both typed is kept, and a real conflict is shown, not lost.

A conflict is a field both editors changed. The first editor saves; the second, who
opened the same version, is told who changed which fields and when, keeps every value
typed, and can save again over the first editor's values on purpose.
"""

import datetime

import pytest
from django.forms import FileField
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from series.models import Announcement, CriticScore, Season
from tests.factories import AnnouncementFactory, EditorFactory, SeasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return EditorFactory(username="alice", first_name="Alice", last_name="Archer")


@pytest.fixture
def two_editors(client, alice):
    first, second = client, Client()
    first.force_login(alice)
    second.force_login(EditorFactory(username="bob"))
    return first, second


def change_url(season):
    return reverse("admin:series_season_change", args=[season.pk])


def opened(client, season):
    """The season's change page as a browser would post it back unchanged."""
    return as_shown(client.get(change_url(season)))


def as_shown(response):
    """Every field of the page's form and inlines, with the value the page shows."""
    assert response.status_code == 200
    shown = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        shown += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in shown:
        for field in form:
            if isinstance(field.field, FileField):
                continue  # a browser posts no file unless one is chosen
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def saved_at(record):
    return timezone.localtime(record.history_date).strftime("%H:%M")


def new_score_row(prefix_index=0, **values):
    row = {
        "aggregator": "metacritic",
        "score": "71",
        "average_rating": "",
        "review_count": "30",
        "retrieved_date": "2020-05-01",
        "url": "",
        **values,
    }
    return {f"critic_scores-{prefix_index}-{key}": value for key, value in row.items()}


def with_new_score(data):
    """The page's data plus one new Metacritic row in the critic scores table."""
    total = int(data["critic_scores-TOTAL_FORMS"])
    return {**data, **new_score_row(total), "critic_scores-TOTAL_FORMS": str(total + 1)}


def save_summary_on_its_own_page(client, announcement, summary):
    url = reverse("admin:series_announcement_change", args=[announcement.pk])
    data = {
        "season": announcement.season_id,
        "decision": announcement.decision,
        "announced_date": announcement.announced_date.isoformat(),
        "source_name": announcement.source_name,
        "source_url": announcement.source_url,
        "summary": summary,
        "version": str(announcement.version),
    }
    assert client.post(url, data).status_code == 302


def test_the_refused_save_says_who_saved_when_and_which_fields(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="", episode_count=10)
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's", "episode_count": "8"})

    response = second.post(change_url(season), {**second_page, "title": "Bob's"})

    record = season.history.latest()
    page = response.content.decode()
    assert f"Alice Archer at {saved_at(record)} (title, episodes)" in page
    assert Season.objects.values_list("title", "episode_count", "version").get() == (
        "Alice's",
        8,
        2,
    )


def test_the_second_editors_values_stay_with_the_first_editors_beside_them(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="", episode_count=10, premiere_date=None, finale_date=None)
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's", "episode_count": "8"})

    response = second.post(
        change_url(season), {**second_page, "title": "Bob's", "premiere_date": "Fall 2027"}
    )

    form = response.context["adminform"].form
    record = season.history.latest()
    # His own values stay; hers is named beside the field they both changed.
    assert (form["title"].value(), form["premiere_date"].value()) == ("Bob's", "Fall 2027")
    assert form.errors["title"] == [
        f"Alice Archer changed this to “Alice's” at {saved_at(record)}. Save again to keep yours."
    ]
    # Her other change is filled in, and the form now carries the version to save over.
    assert form["episode_count"].value() == "8"
    assert form["version"].value() == "2"
    assert "Alice Archer changed this to" in response.content.decode()


def test_saving_again_after_reading_keeps_both_editors_work(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="", episode_count=10, premiere_date=None, finale_date=None)
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's", "episode_count": "8"})
    refused = second.post(
        change_url(season), {**second_page, "title": "Bob's", "premiere_date": "Fall 2027"}
    )

    response = second.post(change_url(season), as_shown(refused))

    assert response.status_code == 302
    season = Season.objects.get()
    assert (season.title, season.episode_count, str(season.premiere), season.version) == (
        "Bob's",
        8,
        "Fall 2027",
        3,
    )


def test_opening_a_record_another_editor_just_saved_says_so(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="")
    first.post(change_url(season), {**opened(first, season), "title": "Alice's"})
    record = season.history.latest()
    note = (
        f"Alice Archer saved this season at {saved_at(record)}. If you both edit it now, a "
        "field you both change is shown to you before anything of theirs is overwritten."
    )
    assert note in second.get(change_url(season)).content.decode()
    assert "saved this season at" not in first.get(change_url(season)).content.decode()
    season.history.update(history_date=timezone.now() - datetime.timedelta(minutes=11))
    assert "saved this season at" not in second.get(change_url(season)).content.decode()


def test_changes_to_different_fields_are_both_saved(two_editors):
    """No field both changed: no conflict, and neither editor's change is undone."""
    first, second = two_editors
    season = SeasonFactory(title="", episode_count=10)
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's"})

    response = second.post(change_url(season), {**second_page, "episode_count": "12"})

    assert response.status_code == 302
    assert Season.objects.values_list("title", "episode_count", "version").get() == (
        "Alice's",
        12,
        3,
    )
    told = second.get(response["Location"]).content.decode()
    record = season.history.get(version=2)
    assert (
        f"This season was also saved by someone else since you opened it: Alice Archer at "
        f"{saved_at(record)} (title). No field was changed by both of you, so both changes "
        "are kept."
    ) in told


def test_the_same_value_typed_by_both_is_no_conflict(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="")
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Agreed"})
    response = second.post(change_url(season), {**second_page, "title": "Agreed"})
    assert response.status_code == 302
    assert Season.objects.values_list("title", "version").get() == ("Agreed", 3)


def test_a_new_critic_score_row_saves_when_nothing_collides(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="")
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's"})

    response = second.post(change_url(season), with_new_score(second_page))

    assert response.status_code == 302
    assert Season.objects.values_list("title", flat=True).get() == "Alice's"
    assert CriticScore.objects.values_list("aggregator", "score").get() == ("metacritic", 71)


def test_a_new_critic_score_row_is_kept_through_a_conflict_and_saved_after(two_editors):
    first, second = two_editors
    season = SeasonFactory(title="")
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's"})

    refused = second.post(change_url(season), with_new_score({**second_page, "title": "Bob's"}))

    assert refused.status_code == 200
    assert not CriticScore.objects.exists()
    rows = as_shown(refused)
    assert (rows["critic_scores-0-aggregator"], rows["critic_scores-0-score"]) == (
        "metacritic",
        "71",
    )
    assert second.post(change_url(season), rows).status_code == 302
    assert Season.objects.values_list("title", flat=True).get() == "Bob's"
    assert CriticScore.objects.values_list("aggregator", "score").get() == ("metacritic", 71)


def test_an_added_announcement_saves_beside_a_change_to_another_field(two_editors):
    first, second = two_editors
    season = SeasonFactory(number=2, title="")
    first_page, second_page = opened(first, season), opened(second, season)
    first.post(change_url(season), {**first_page, "title": "Alice's"})
    row = {
        "decision": "renewed",
        "announced_date": "2020-03-04",
        "source_name": "Variety",
        "source_url": "https://variety.example.com/renewed",
        "summary": "Renewed.",
    }
    data = {
        **second_page,
        **{f"announcements-0-{key}": value for key, value in row.items()},
        "announcements-TOTAL_FORMS": "1",
    }

    assert second.post(change_url(season), data).status_code == 302
    assert Announcement.objects.values_list("source_name", flat=True).get() == "Variety"
    assert Season.objects.values_list("title", flat=True).get() == "Alice's"


def test_a_row_the_second_editor_did_not_touch_keeps_the_first_editors_change(two_editors):
    """An announcement changed on its own page, its row left alone on the season page."""
    first, second = two_editors
    announcement = AnnouncementFactory(summary="Original")
    season = announcement.season
    second_page = opened(second, season)
    save_summary_on_its_own_page(first, announcement, "Alice's summary")
    saves = announcement.history.count()

    response = second.post(change_url(season), {**second_page, "title": "Bob's"})

    assert response.status_code == 302
    assert Announcement.objects.values_list("summary", "version").get() == ("Alice's summary", 2)
    assert announcement.history.count() == saves  # no save of a row nobody changed
    assert Season.objects.values_list("title", flat=True).get() == "Bob's"


def test_a_form_without_history_of_its_version_is_refused_as_before(two_editors):
    """When the history cannot say what changed, nothing is guessed: the save is refused."""
    first, second = two_editors
    season = SeasonFactory(title="", episode_count=10)
    second_page = opened(second, season)
    first.post(change_url(season), {**opened(first, season), "title": "Alice's"})
    season.history.filter(version=1).delete()

    response = second.post(change_url(season), {**second_page, "episode_count": "3"})

    assert "Reload the page to see the current version" in response.content.decode()
    assert Season.objects.values_list("title", "episode_count").get() == ("Alice's", 10)


def decision_url(season):
    return reverse("admin:series_season_record_decision", args=[season.pk])


def decision(client, season, choice, source):
    """The decision form as opened now, filled in with `choice` from `source`."""
    page = as_shown(client.get(decision_url(season)))
    return {
        **page,
        "decision": choice,
        "announced_date": "2020-03-04",
        "source_name": source,
        "source_url": f"https://{source.lower()}.example.com/news",
        "summary": f"{source} reports it.",
    }


def test_a_decision_recorded_since_the_form_opened_asks_first_naming_it(two_editors):
    first, second = two_editors
    season = SeasonFactory(number=1, premiere_date=None, finale_date=None)
    alices, bobs = (
        decision(first, season, "renewed", "Variety"),
        decision(second, season, "cancelled", "Deadline"),
    )
    assert first.post(decision_url(season), alices).status_code == 302

    response = second.post(decision_url(season), bobs)

    recorded = Announcement.history.latest()
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"Alice Archer recorded ‘Ordered’ at {saved_at(recorded)} since you opened this form. "
        "Record ‘Cancelled’ anyway?"
    ) in page
    assert 'value="Record ‘Cancelled’ anyway"' in page
    assert list(Announcement.objects.values_list("decision", flat=True)) == ["renewed"]


def test_confirming_records_the_second_decision(two_editors):
    first, second = two_editors
    season = SeasonFactory(number=1, premiere_date=None, finale_date=None)
    alices, bobs = (
        decision(first, season, "renewed", "Variety"),
        decision(second, season, "cancelled", "Deadline"),
    )
    first.post(decision_url(season), alices)
    asked = second.post(decision_url(season), bobs)

    response = second.post(decision_url(season), as_shown(asked))

    assert response.status_code == 302
    assert sorted(Announcement.objects.values_list("decision", "source_name")) == [
        ("cancelled", "Deadline"),
        ("renewed", "Variety"),
    ]


def test_a_decision_form_opened_after_the_last_decision_saves_at_once(two_editors):
    first, second = two_editors
    season = SeasonFactory(number=1, premiere_date=None, finale_date=None)
    first.post(decision_url(season), decision(first, season, "renewed", "Variety"))
    response = second.post(decision_url(season), decision(second, season, "cancelled", "Deadline"))
    assert response.status_code == 302
    assert Announcement.objects.count() == 2


def test_a_row_both_changed_shows_hers_and_saves_his_the_second_time(two_editors):
    first, second = two_editors
    announcement = AnnouncementFactory(summary="Original")
    season = announcement.season
    second_page = opened(second, season)
    save_summary_on_its_own_page(first, announcement, "Alice's summary")

    refused = second.post(
        change_url(season), {**second_page, "announcements-0-summary": "Bob's summary"}
    )

    row = refused.context["inline_admin_formsets"][0].formset.forms[0]
    record = announcement.history.latest()
    assert row.errors["summary"] == [
        f"Alice Archer changed this to “Alice's summary” at {saved_at(record)}. "
        "Save again to keep yours."
    ]
    assert row["summary"].value() == "Bob's summary"
    assert Announcement.objects.values_list("summary", flat=True).get() == "Alice's summary"
    assert second.post(change_url(season), as_shown(refused)).status_code == 302
    assert Announcement.objects.values_list("summary", "version").get() == ("Bob's summary", 3)
