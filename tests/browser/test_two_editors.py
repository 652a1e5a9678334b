"""Two editors in two real browser sessions: the second save is refused, the first one stays.

Drives Debian's Chromium through Playwright (the session browser from
tests/browser/conftest.py) against the live test server; the same run checks that
the admin's JavaScript (the autocomplete widget) works under the
Content-Security-Policy and that no page reports a policy violation.
"""

import pytest
from django.urls import reverse

from series.models import Announcement, CriticScore, Season
from tests.admin_helpers import editors_group
from tests.browser.conftest import signed_in_page
from tests.factories import EditorFactory, SeasonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_pages(browser, live_server, transactional_db):
    editors_group()
    pages = [signed_in_page(browser, live_server, EditorFactory()) for _ in range(2)]
    yield pages
    for page in pages:
        page.context.close()


def test_second_editor_is_refused_and_first_editors_work_stays(live_server, editor_pages):
    """Both change the title: the second is refused, sees hers, and saves his on purpose."""
    first, second = editor_pages
    season = SeasonFactory(title="", episode_count=10)
    url = live_server.url + reverse("admin:series_season_change", args=[season.pk])
    first.goto(url)
    second.goto(url)

    first.fill("#id_title", "Title from the first editor")
    first.click("input[name=_save]")
    first.wait_for_selector(".messagelist .success")

    second.fill("#id_title", "Title from the second editor")
    second.fill("#id_episode_count", "12")
    second.click("input[name=_save]")
    error = second.wait_for_selector(".errornote, .errorlist.nonfield")
    assert "changed by someone else" in second.content()
    assert error.is_visible()
    assert "changed this to “Title from the first editor”" in second.content()
    assert second.input_value("#id_title") == "Title from the second editor"
    assert second.input_value("#id_episode_count") == "12"

    season = Season.objects.get(pk=season.pk)
    assert (season.title, season.episode_count, season.version) == (
        "Title from the first editor",
        10,
        2,
    )
    second.click("input[name=_save]")
    second.wait_for_selector(".messagelist .success")
    assert Season.objects.values_list("title", "episode_count", "version").get() == (
        "Title from the second editor",
        12,
        3,
    )
    assert first.problems == []
    assert second.problems == []


def test_a_new_critic_score_row_is_kept_through_a_conflict(live_server, editor_pages):
    first, second = editor_pages
    season = SeasonFactory(title="")
    url = live_server.url + reverse("admin:series_season_change", args=[season.pk])
    first.goto(url)
    second.goto(url)
    first.fill("#id_title", "Hers")
    first.click("input[name=_save]")
    first.wait_for_selector(".messagelist .success")

    second.fill("#id_title", "His")
    second.click("#critic_scores-group .add-row a")
    second.select_option("#id_critic_scores-0-aggregator", "metacritic")
    second.fill("#id_critic_scores-0-score", "71")
    second.fill("#id_critic_scores-0-review_count", "30")
    second.click("input[name=_save]")
    second.wait_for_selector(".errornote")

    # The row he added is still on the page, as typed, and nothing was saved yet.
    assert second.input_value("#id_critic_scores-0-score") == "71"
    assert not CriticScore.objects.exists()
    second.click("input[name=_save]")
    second.wait_for_selector(".messagelist .success")
    assert CriticScore.objects.values_list("aggregator", "score").get() == ("metacritic", 71)
    assert Season.objects.values_list("title", flat=True).get() == "His"
    assert second.problems == []


def test_a_second_decision_asks_before_it_is_recorded(live_server, editor_pages):
    first, second = editor_pages
    season = SeasonFactory(number=1, premiere_date=None, finale_date=None)
    url = live_server.url + reverse("admin:series_season_record_decision", args=[season.pk])
    first.goto(url)
    second.goto(url)
    for page, choice, source in [(first, "renewed", "Variety"), (second, "cancelled", "Deadline")]:
        page.check(f"input[name=decision][value={choice}]")
        page.fill("#id_announced_date", "2020-03-04")
        page.fill("#id_source_name", source)
    first.click("input[name=_save]")
    first.wait_for_selector(".messagelist .success")

    second.click("input[name=_save]")
    question = second.wait_for_selector(".errorlist.nonfield")
    assert "recorded ‘Ordered’" in question.text_content()
    assert "Record ‘Cancelled’ anyway?" in question.text_content()
    assert list(Announcement.objects.values_list("source_name", flat=True)) == ["Variety"]
    second.click("input[value='Record ‘Cancelled’ anyway']")
    second.wait_for_selector(".messagelist .success")
    assert sorted(Announcement.objects.values_list("source_name", flat=True)) == [
        "Deadline",
        "Variety",
    ]
    assert first.problems == []
    assert second.problems == []


def test_admin_autocomplete_works_under_the_content_security_policy(live_server, editor_pages):
    page, _ = editor_pages
    season = SeasonFactory(show__title="Spinning Out")
    SeasonFactory(show__title="Severance")
    page.goto(live_server.url + reverse("admin:series_season_change", args=[season.pk]))
    page.click("#id_show + .select2 .select2-selection")
    page.fill(".select2-search__field", "sever")
    option = page.wait_for_selector(".select2-results__option >> text=Severance")
    assert option.is_visible()
    # Other admin pages with their own scripts: filter_horizontal and the slug
    # prepopulation on the show form, the calendar widget, history and changelists.
    page.goto(live_server.url + reverse("admin:series_show_change", args=[season.show_id]))
    page.wait_for_selector("#id_genres_filter")  # SelectFilter2 built the two-box widget
    page.goto(live_server.url + reverse("admin:series_show_add"))
    page.locator("#id_title").press_sequentially("Brand New Show")
    assert page.input_value("#id_slug") == "brand-new-show"
    page.goto(live_server.url + reverse("admin:series_season_history", args=[season.pk]))
    page.goto(live_server.url + reverse("admin:series_announcement_changelist"))
    page.goto(live_server.url + season.get_absolute_url())
    assert "Spinning Out" in page.content()
    assert page.problems == []
