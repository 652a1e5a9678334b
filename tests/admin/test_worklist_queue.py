"""The worklist as a queue: an editor fixes a case and lands back where they were.

Every test goes through the admin as an editor does: open the worklist, follow the
row's link, submit the form the link leads to, follow the redirect.
"""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from series import consistency
from series.admin import worklist
from series.models import Season
from tests.admin_helpers import management_data, season_form
from tests.factories import AnnouncementFactory, NetworkFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
WORKLIST = reverse("admin:worklist")


def links(page, label):
    """The unescaped href of every worklist cell linking with the text `label`."""
    return [
        html.unescape(href)
        for href in re.findall(rf'<td><a href="([^"]+)">{re.escape(label)}</a></td>', page)
    ]


def unscheduled_season(today, title, network=None):
    """A season renewed 200 days ago with no premiere date: "Renewed, no premiere date"."""
    show = ShowFactory(title=title, **({"network": network} if network else {}))
    season = SeasonFactory(show=show, number=1, premiere_date=None, finale_date=None)
    AnnouncementFactory(
        season=season, decision=Season.Decision.RENEWED, announced_date=today - 200 * DAY
    )
    return season


def quiet_season(today, title, network=None):
    """A season over 40 days ago, nothing said about the next: "Finished, no word"."""
    show = ShowFactory(title=title, **({"network": network} if network else {}))
    return SeasonFactory(
        show=show, number=8, premiere_date=today - 100 * DAY, finale_date=today - 40 * DAY
    )


def test_a_fix_returns_to_the_worklist_at_the_same_page_and_filter(editor_client):
    today = timezone.localdate()
    network = NetworkFactory(name="Northern")
    seasons = [unscheduled_season(today, f"Renewed {n}", network) for n in range(3)]
    unscheduled_season(today, "Elsewhere")  # another network: not on this list
    where = f"{WORKLIST}?kind=unscheduled&network={network.pk}&page=1"
    page = editor_client.get(where).content.decode()
    fixes = links(page, "Add the premiere")
    assert len(fixes) == 3
    fix = fixes[0]
    assert parse_qs(urlsplit(fix).query)["next"] == [where]
    season = next(s for s in seasons if urlsplit(fix).path.endswith(f"/{s.pk}/change/"))

    assert editor_client.get(fix).status_code == 200
    response = editor_client.post(
        fix,
        {
            **season_form(season, premiere_date="2027-03-01"),
            "version": season.version,
            **management_data("season"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == where  # same kind, page and network
    page = editor_client.get(response["Location"]).content.decode()
    assert "was changed successfully" in page
    assert links(page, str(season)) == []  # fixed, it left the queue (named in the message)
    assert len(links(page, "Add the premiere")) == 2


def test_a_next_to_another_site_is_ignored_after_a_save(editor_client):
    season = unscheduled_season(timezone.localdate(), "Renewed")
    url = reverse("admin:series_season_change", args=[season.pk])
    response = editor_client.post(
        f"{url}?next=https://evil.example.com/",
        {
            **season_form(season, premiere_date="2027-03-01"),
            "version": season.version,
            **management_data("season"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:series_season_changelist")


def test_adding_the_next_season_leads_to_its_decision_then_back_to_the_worklist(
    editor_client,
):
    today = timezone.localdate()
    season = quiet_season(today, "Long Runner")
    page = editor_client.get(WORKLIST).content.decode()
    [add] = links(page, "Add season 9")

    form = editor_client.get(add)
    assert form.context["adminform"].form.initial["number"] == "9"
    response = editor_client.post(
        add, {**season_form(season.show, number="9"), **management_data("season")}
    )
    new = Season.objects.get(show=season.show, number=9)
    assert response.status_code == 302
    decision = urlsplit(response["Location"])
    assert decision.path == reverse("admin:series_season_record_decision", args=[new.pk])
    assert parse_qs(decision.query)["next"] == [WORKLIST]

    # The decision page carries the way back in its form.
    page = editor_client.get(response["Location"]).content.decode()
    assert f'name="next" value="{WORKLIST}"' in page
    response = editor_client.post(
        response["Location"],
        {
            "decision": "renewed",
            "announced_date": (today - 2 * DAY).isoformat(),
            "source_name": "Deadline",
            "source_url": "https://deadline.example.com/renewed",
            "summary": "",
            "next": WORKLIST,
        },
    )
    assert response["Location"] == WORKLIST
    page = editor_client.get(WORKLIST).content.decode()
    assert "Recorded renewed from Deadline" in page
    assert links(page, str(season)) == []  # the case is closed


def test_rows_link_to_their_record(editor_client):
    today = timezone.localdate()
    season = quiet_season(today, "Linked")
    page = editor_client.get(WORKLIST).content.decode()
    [record] = links(page, str(season))
    assert urlsplit(record).path == reverse("admin:series_season_change", args=[season.pk])
    assert parse_qs(urlsplit(record).query)["next"] == [WORKLIST]


def test_the_network_filter_and_the_title_search_narrow_every_kind(editor_client):
    today = timezone.localdate()
    northern, southern = NetworkFactory(name="Northern"), NetworkFactory(name="Southern")
    quiet_season(today, "Harbour Lights", northern)
    quiet_season(today, "Desert Song", southern)
    unscheduled_season(today, "Harbour Master", southern)

    page = editor_client.get(f"{WORKLIST}?network={northern.pk}").content.decode()
    assert "Harbour Lights" in page
    assert "Desert Song" not in page and "Harbour Master" not in page
    assert "Finished, no word on the next season (1)" in page
    assert "Renewed, no premiere date (0)" in page

    page = editor_client.get(f"{WORKLIST}?title=harbour").content.decode()
    assert "Harbour Lights" in page and "Harbour Master" in page
    assert "Desert Song" not in page

    page = editor_client.get(f"{WORKLIST}?title=harbour&network={southern.pk}").content.decode()
    assert "Harbour Master" in page
    assert "Harbour Lights" not in page and "Desert Song" not in page

    # A kind's own pages keep the filter in their links.
    page = editor_client.get(f"{WORKLIST}?kind=quiet&title=harbour").content.decode()
    assert 'name="kind" value="quiet"' in page
    assert "Harbour Lights" in page and "Desert Song" not in page


def test_an_unknown_network_is_an_error_not_an_empty_list(editor_client):
    today = timezone.localdate()
    quiet_season(today, "Still Listed")
    page = editor_client.get(f"{WORKLIST}?network=999999").content.decode()
    assert "Select a valid choice" in page
    assert "Still Listed" in page


def test_a_season_airing_long_past_its_expected_end_is_flagged(editor_client):
    today = timezone.localdate()
    stale = SeasonFactory(
        show=ShowFactory(title="Forever Airing"),
        number=1,
        premiere_date=today - 640 * DAY,  # 21 months
        finale_date=None,
    )
    SeasonFactory(
        show=ShowFactory(title="Airing Now"),
        number=1,
        premiere_date=today - 10 * 7 * DAY,
        finale_date=None,
    )
    page = editor_client.get(f"{WORKLIST}?kind=airing").content.decode()
    assert "Airing past its expected end (1)" in page
    assert "Forever Airing" in page and "Airing Now" not in page
    [fix] = links(page, "Add the finale")
    assert urlsplit(fix).path == reverse("admin:series_season_change", args=[stale.pk])
    # The fact check names it too.
    findings = consistency.find_inconsistencies(today)
    assert [f.record for f in findings["Season airing past its expected end"]] == [stale]


def test_an_announcement_dated_in_the_future_is_flagged(editor_client):
    today = timezone.localdate()
    future = AnnouncementFactory(
        season=SeasonFactory(show=ShowFactory(title="Tomorrow's News")),
        decision=Season.Decision.CANCELLED,
        announced_date=today + 400 * DAY,
    )
    AnnouncementFactory(
        season=SeasonFactory(show=ShowFactory(title="Today's News")),
        decision=Season.Decision.CANCELLED,
        announced_date=today,
    )
    page = editor_client.get(f"{WORKLIST}?kind=future").content.decode()
    assert "Announcements dated in the future (1)" in page
    assert "Tomorrow&#x27;s News" in page and "Today&#x27;s News" not in page
    [fix] = links(page, "Correct the date")
    assert urlsplit(fix).path == reverse("admin:series_announcement_change", args=[future.pk])


def test_the_check_section_says_how_checks_run_today(editor_client):
    page = editor_client.get(WORKLIST).content.decode()
    assert "cron" not in page
    assert "Nothing runs it on a schedule" in page
    assert "manage.py check_facts" in page


def test_narrowed_counts_are_counted_not_cached(editor_client):
    today = timezone.localdate()
    network = NetworkFactory()
    quiet_season(today, "Counted", network)
    assert worklist.narrowed_counts(today, network)["quiet"] == 1
    quiet_season(today, "Counted too", network)
    assert worklist.narrowed_counts(today, network)["quiet"] == 2


def test_a_narrowed_worklist_costs_the_same_queries_whatever_the_cases(editor_client):
    today = timezone.localdate()
    network = NetworkFactory()
    quiet_season(today, "Narrow 0", network)
    unscheduled_season(today, "Narrow renewed 0", network)
    url = f"{WORKLIST}?network={network.pk}&title=narrow"
    editor_client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for n in range(1, 12):
        quiet_season(today, f"Narrow {n}", network)
        unscheduled_season(today, f"Narrow renewed {n}", network)
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(url)
    assert len(many) == len(few)
    assert "Finished, no word on the next season (12)" in response.content.decode()


def test_a_check_facts_finding_opens_its_record_and_comes_back_to_the_findings(editor_client):
    season = SeasonFactory(show=ShowFactory(title="Drifted"), number=1)
    Season.objects.filter(pk=season.pk).update(finale_date=None, premiere_date=None)
    Season.objects.filter(pk=season.pk).update(decision=Season.Decision.CANCELLED)
    editor_client.post(reverse("admin:worklist-run-check-facts"))
    page = editor_client.get(WORKLIST).content.decode()
    season_url = reverse("admin:series_season_change", args=[season.pk])
    [open_record] = [url for url in links(page, "Open") if urlsplit(url).path == season_url]
    assert parse_qs(urlsplit(open_record).query)["next"] == [f"{WORKLIST}#check-facts"]
    season.refresh_from_db()
    response = editor_client.post(
        open_record,
        {**season_form(season), "version": season.version, **management_data("season")},
    )
    assert response["Location"] == f"{WORKLIST}#check-facts"
