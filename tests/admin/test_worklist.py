"""The "Needs attention" worklist: finds each kind of case, links to its fix, costs the same."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from series import consistency
from series.admin import worklist
from series.fuzzy import Precision
from series.models import Season
from series.outlook.model import MIN_TIMING_SAMPLE
from series.status import implied_made
from tests.factories import AnnouncementFactory, NetworkFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
D = datetime.date


def seed_cases(today, prefix="case"):
    """One season of each kind, plus near misses that must not be listed."""
    quiet = SeasonFactory(
        show=ShowFactory(title=f"{prefix} quiet"),
        number=1,
        premiere_date=today - 90 * DAY,
        finale_date=today - 40 * DAY,
    )
    # Finished only 10 days ago: not yet a case.
    SeasonFactory(
        show=ShowFactory(title=f"{prefix} recent"),
        number=1,
        premiere_date=today - 60 * DAY,
        finale_date=today - 10 * DAY,
    )
    # Finished long ago but the next season is renewed: not a case.
    answered = SeasonFactory(
        show=ShowFactory(title=f"{prefix} answered"),
        number=1,
        premiere_date=today - 400 * DAY,
        finale_date=today - 300 * DAY,
    )
    AnnouncementFactory(
        season=SeasonFactory(show=answered.show, number=2, premiere_date=None, finale_date=None),
        decision=Season.Decision.RENEWED,
        announced_date=today - 20 * DAY,
    )
    unscheduled = SeasonFactory(
        show=ShowFactory(title=f"{prefix} unscheduled"),
        number=1,
        premiere_date=None,
        finale_date=None,
    )
    AnnouncementFactory(
        season=unscheduled, decision=Season.Decision.RENEWED, announced_date=today - 200 * DAY
    )
    unlinked = AnnouncementFactory(
        season=SeasonFactory(
            show=ShowFactory(title=f"{prefix} unlinked"),
            number=1,
            premiere_date=None,
            finale_date=None,
        ),
        decision=Season.Decision.CANCELLED,
        announced_date=today - 5 * DAY,
        source_url="",
    )
    disputed = SeasonFactory(
        show=ShowFactory(title=f"{prefix} disputed"),
        number=1,
        premiere_date=None,
        finale_date=None,
    )
    AnnouncementFactory(
        season=disputed, decision=Season.Decision.RENEWED, announced_date=today - 50 * DAY
    )
    AnnouncementFactory(
        season=disputed, decision=Season.Decision.CANCELLED, announced_date=today - 35 * DAY
    )
    # "Airing now" 21 months after its premiere, with no finale date; one ten weeks in is not.
    airing = SeasonFactory(
        show=ShowFactory(title=f"{prefix} airing"),
        number=1,
        premiere_date=today - 640 * DAY,
        finale_date=None,
    )
    SeasonFactory(
        show=ShowFactory(title=f"{prefix} airing briefly"),
        number=1,
        premiere_date=today - 70 * DAY,
        finale_date=None,
    )
    # Dated next month; its twin dated today is not in the future.
    cancelled = SeasonFactory(
        show=ShowFactory(title=f"{prefix} future"), number=1, premiere_date=None, finale_date=None
    )
    future = AnnouncementFactory(
        season=cancelled, decision=Season.Decision.CANCELLED, announced_date=today + 30 * DAY
    )
    AnnouncementFactory(season=cancelled, decision=Season.Decision.CANCELLED, announced_date=today)
    # Cancelled though it aired; the show cancelled on the season that will not be made is not.
    misplaced = SeasonFactory(
        show=ShowFactory(title=f"{prefix} misplaced"),
        number=1,
        premiere_date=today - 200 * DAY,
        finale_date=today - 150 * DAY,
    )
    AnnouncementFactory(
        season=misplaced, decision=Season.Decision.CANCELLED, announced_date=today - 100 * DAY
    )
    placed = SeasonFactory(
        show=ShowFactory(title=f"{prefix} placed"),
        number=1,
        premiere_date=today - 200 * DAY,
        finale_date=today - 150 * DAY,
    )
    AnnouncementFactory(
        season=SeasonFactory(show=placed.show, number=2, premiere_date=None, finale_date=None),
        decision=Season.Decision.CANCELLED,
        announced_date=today - 100 * DAY,
    )
    return {
        "quiet": quiet,
        "unscheduled": unscheduled,
        "unlinked": unlinked,
        "disagree": disputed,
        "airing": airing,
        "future": future,
        "misplaced": misplaced,
    }


def test_each_kind_finds_its_seeded_case_and_nothing_else():
    today = timezone.localdate()
    cases = seed_cases(today)
    found = {kind.slug: list(kind.queryset(today)) for kind in worklist.KINDS}
    assert found == {
        "quiet": [cases["quiet"]],
        "unscheduled": [cases["unscheduled"]],
        "unlinked": [cases["unlinked"]],
        "disagree": [cases["disagree"]],
        "airing": [cases["airing"]],
        "future": [cases["future"]],
        "misplaced": [cases["misplaced"]],
    }


def test_a_coarse_finale_counts_only_once_its_whole_period_is_over():
    today = datetime.date(2026, 11, 29)
    # "October 2026" ended 29 days before today: not yet quiet for 30 days.
    SeasonFactory(
        premiere_date=datetime.date(2026, 9, 1),
        finale_date=datetime.date(2026, 10, 1),
        finale_precision=Precision.MONTH,
    )
    assert not worklist.finished_without_word(today).exists()
    assert worklist.finished_without_word(today + DAY).exists()


def test_a_show_that_ended_is_not_waiting_for_word():
    today = timezone.localdate()
    season = SeasonFactory(premiere_date=today - 400 * DAY, finale_date=today - 300 * DAY)
    AnnouncementFactory(
        season=season, decision=Season.Decision.FINAL, announced_date=today - 500 * DAY
    )
    assert not worklist.finished_without_word(today).exists()


@pytest.mark.parametrize(
    ("later", "quiet"),
    [
        ({}, True),  # no later season at all
        ({"premiere_date": None}, True),  # a later season nobody has said anything about
        ({"premiere_date": datetime.date(2040, 1, 1)}, False),  # dated
        ({"premiere_date": None, "decision": Season.Decision.RENEWED}, False),
        ({"premiere_date": None, "decision": Season.Decision.CANCELLED}, False),
    ],
)
def test_quiet_means_no_later_season_implies_this_one_was_made(later, quiet):
    """ "Finished, no word" lists a season exactly when `status.implied_made` finds nothing
    in the seasons after it: one rule for the worklist and every decision shown."""
    today = timezone.localdate()
    season = SeasonFactory(
        number=1, premiere_date=today - 400 * DAY, finale_date=today - 300 * DAY
    )
    if later:
        decision = later.pop("decision", None)
        after = SeasonFactory(show=season.show, number=2, finale_date=None, **later)
        if decision:
            AnnouncementFactory(season=after, decision=decision)
    states = [s.state() for s in Season.objects.filter(show=season.show)]
    assert quiet is not implied_made(states[0], states[1:])
    assert worklist.finished_without_word(today).filter(pk=season.pk).exists() == quiet


def test_the_disagreement_flag_follows_announcements_added_changed_and_deleted():
    today = timezone.localdate()
    season = SeasonFactory(premiere_date=None, finale_date=None)
    renewed = AnnouncementFactory(
        season=season, decision=Season.Decision.RENEWED, announced_date=today - 50 * DAY
    )
    cancelled = AnnouncementFactory(
        season=season, decision=Season.Decision.CANCELLED, announced_date=today - 80 * DAY
    )
    assert Season.objects.get(pk=season.pk).sources_disagree
    assert list(worklist.disagreeing_sources(today)) == [season]
    # Moved 40 days earlier, the cancellation is news, not a clash.
    cancelled.announced_date = today - 120 * DAY
    cancelled.save()
    assert not Season.objects.get(pk=season.pk).sources_disagree
    cancelled.announced_date = today - 60 * DAY
    cancelled.save()
    assert Season.objects.get(pk=season.pk).sources_disagree
    renewed.delete()
    assert not Season.objects.get(pk=season.pk).sources_disagree
    assert not worklist.disagreeing_sources(today).exists()


def test_the_worklist_page_links_each_row_to_the_form_that_fixes_it(editor_client):
    today = timezone.localdate()
    cases = seed_cases(today)
    page = editor_client.get(reverse("admin:worklist")).content.decode()
    quiet = cases["quiet"]
    add_next = f"{reverse('admin:series_season_add')}?show={quiet.show_id}&amp;number=2&amp;next="
    assert f'href="{add_next}' in page
    assert reverse("admin:series_season_change", args=[cases["unscheduled"].pk]) in page
    assert reverse("admin:series_announcement_change", args=[cases["unlinked"].pk]) in page
    assert reverse("admin:series_season_change", args=[cases["disagree"].pk]) in page
    assert reverse("admin:series_season_change", args=[cases["airing"].pk]) in page
    assert reverse("admin:series_announcement_change", args=[cases["future"].pk]) in page
    misplaced = reverse("admin:series_season_change", args=[cases["misplaced"].pk])
    assert f'href="{misplaced}?next=' in page
    assert "Move it to season 2" in page


def test_the_admin_index_links_to_the_worklist_with_counts(editor_client):
    seed_cases(timezone.localdate())
    response = editor_client.get(reverse("admin:index"))
    attention = response.context["attention"]
    assert [count for _, count, _ in attention["kinds"]] == [1, 1, 1, 1, 1, 1, 1]
    page = response.content.decode()
    assert f'href="{reverse("admin:worklist")}?kind=unlinked"' in page
    assert "Needs attention (7)" in page


def test_check_facts_findings_appear_with_links_after_a_run(editor_client):
    season = SeasonFactory(finale_date=None)
    Season.objects.filter(pk=season.pk).update(decision=Season.Decision.CANCELLED)
    page = editor_client.get(reverse("admin:worklist")).content.decode()
    assert "check_facts has not run yet." in page
    response = editor_client.post(reverse("admin:worklist-run-check-facts"))
    assert response.status_code == 302
    page = editor_client.get(reverse("admin:worklist")).content.decode()
    assert "Season decision differs from its announcements" in page
    assert reverse("admin:series_season_change", args=[season.pk]) in page


def test_the_check_facts_command_keeps_its_findings_for_the_worklist():
    season = SeasonFactory(finale_date=None)
    Season.objects.filter(pk=season.pk).update(decision=Season.Decision.CANCELLED)
    with pytest.raises(Exception, match="inconsistenc"):
        call_command("check_facts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stored = consistency.latest_findings()
    assert (
        "Season decision differs from its announcements",
        f"{season.natural_key()}: stored 'cancelled', latest announcement says 'pending'",
        reverse("admin:series_season_change", args=[season.pk]),
    ) in worklist.finding_rows(stored["findings"])


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:worklist"),
        reverse("admin:index"),
        reverse("admin:worklist") + "?kind=quiet",
        reverse("admin:worklist") + "?title=quiet",
        reverse("admin:worklist") + "?kind=airing&title=a",
    ],
)
def test_worklist_queries_do_not_grow_with_the_cases(editor_client, url):
    today = timezone.localdate()
    seed_cases(today, "a")
    editor_client.get(url)  # warm the session and content types
    worklist.forget_counts()  # the index's counts are kept between visits: count afresh
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for n in range(15):
        seed_cases(today, f"more {n}")
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(url)
    assert len(many) == len(few)
    assert response.status_code == 200


def test_the_index_counts_follow_every_change(editor_client):
    today = timezone.localdate()
    assert worklist.counts(today)["unlinked"] == 0
    unlinked = AnnouncementFactory(source_url="")
    assert worklist.counts(today)["unlinked"] == 1
    unlinked.delete()
    assert worklist.counts(today)["unlinked"] == 0
    quiet = worklist.counts(today)["quiet"]
    season = SeasonFactory(premiere_date=today - 90 * DAY, finale_date=today - 40 * DAY)
    assert worklist.counts(today)["quiet"] == quiet + 1
    season.finale_date = today - 10 * DAY
    season.save()
    assert worklist.counts(today)["quiet"] == quiet


def test_the_index_counts_are_kept_between_visits(editor_client):
    """Counted once, then read from the cache until the cases may have changed."""
    seed_cases(timezone.localdate())
    editor_client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as kept:
        editor_client.get(reverse("admin:index"))
    worklist.forget_counts()
    with CaptureQueriesContext(connection) as counted:
        editor_client.get(reverse("admin:index"))
    assert len(counted) == len(kept) + len(worklist.KINDS)


def test_the_worklist_is_for_people_who_may_see_seasons(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:worklist")).status_code == 403
    assert "Needs attention" not in client.get(reverse("admin:index")).content.decode()


def quiet_season(today, title, finished_days_ago):
    return SeasonFactory(
        show=ShowFactory(title=title),
        number=1,
        premiere_date=today - (finished_days_ago + 60) * DAY,
        finale_date=today - finished_days_ago * DAY,
    )


def test_quiet_seasons_are_listed_latest_finale_first():
    today = timezone.localdate()
    older = quiet_season(today, "Older", 400)
    newer = quiet_season(today, "Newer", 40)
    assert list(worklist.finished_without_word(today)) == [newer, older]


def test_past_the_cap_counts_read_as_more_and_the_kind_lists_the_first_ones(
    editor_client, monkeypatch
):
    monkeypatch.setattr(worklist, "COUNT_CAP", 2)
    today = timezone.localdate()
    seasons = [quiet_season(today, f"Quiet {n}", 40 + n) for n in range(3)]
    assert worklist.counts(today)["quiet"] == 3  # counted up to the cap, plus one

    index = editor_client.get(reverse("admin:index")).content.decode()
    assert "Needs attention (2+)" in index
    assert '<td class="workbench-count">2+</td>' in index

    page = editor_client.get(reverse("admin:worklist") + "?kind=quiet").content.decode()
    assert "Finished, no word on the next season (2+)" in page
    assert "More than 2 cases; these pages list the first 2." in page
    assert str(seasons[0]) in page and str(seasons[1]) in page
    assert str(seasons[2]) not in page  # the oldest finale waits for the next ones


def quick_and_slow_networks():
    """A network that decides within a month and one that takes most of a year."""
    quick, slow = NetworkFactory(name="Quick"), NetworkFactory(name="Slow")
    for network, delay in ((quick, 20), (slow, 300)):
        for _ in range(MIN_TIMING_SAMPLE):
            show = ShowFactory(network=network)
            SeasonFactory(
                show=show, number=1, premiere_date=D(2021, 1, 1), finale_date=D(2021, 3, 1)
            )
            decided = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
            AnnouncementFactory(season=decided, announced_date=D(2021, 3, 1) + delay * DAY)
    return quick, slow


def quiet_on(network, today, title, days):
    season = quiet_season(today, title, days)
    season.show.network = network
    season.show.save()
    return season


def test_quiet_seasons_overdue_by_their_networks_timing_come_first():
    """The quick network's season quiet for 60 days is overdue and comes before a later
    finale on the slow network."""
    today = timezone.localdate()
    quick, slow = quick_and_slow_networks()
    overdue = quiet_on(quick, today, "Overdue", 60)
    recent = quiet_on(slow, today, "Recent", 40)
    cases = worklist.KINDS_BY_SLUG["quiet"].listed(today)
    listed = [case for case in cases if case.pk in (overdue.pk, recent.pk)]
    assert listed == [overdue, recent]
    assert [season.overdue for season in listed] == [0, 1]
    assert "Overdue: later than half" in worklist._quiet_row(listed[0]).detail
    assert "Overdue" not in worklist._quiet_row(listed[1]).detail


def test_every_page_of_the_quiet_cases_reads_as_one_list_overdue_first(editor_client):
    """Overdue and other cases are read apart; any slice, count and page across the
    boundary between them matches the one list they make."""
    today = timezone.localdate()
    quick, slow = quick_and_slow_networks()
    overdue = [quiet_on(quick, today, f"Overdue {n}", 60 + n) for n in range(3)]
    others = [quiet_on(slow, today, f"Other {n}", 40 + n) for n in range(4)]
    expected = overdue + others  # each part latest finale first
    cases = worklist.KINDS_BY_SLUG["quiet"].listed(today)
    assert list(cases) == expected and cases.count() == 7
    for start in range(9):
        for stop in range(start, 10):
            window = cases[start:stop]
            assert list(window) == expected[start:stop], (start, stop)
            assert window.count() == len(expected[start:stop]), (start, stop)
    assert list(cases[:5][2:4]) == expected[2:4]
    assert cases[3] == others[0] and cases[3].overdue == 1
    with pytest.raises(ValueError):
        cases[::2]
    page = editor_client.get(reverse("admin:worklist") + "?kind=quiet").content.decode()
    assert page.index(str(overdue[2])) < page.index(str(others[0]))
