"""The home page as news (one entry per event, premieres with coarse dates after the finer
ones inside them, years beside namesakes), one follow place per page, and letter tiles that
fit their initials."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from series.fuzzy import FuzzyDate, Precision
from series.images import letter_size
from series.models import Announcement, Season, Show
from series.site import news
from series.site.views import HOME_ANNOUNCEMENT_FIELDS
from tests.factories import AnnouncementFactory, SeasonFactory, ShowFactory
from tests.queries import counted_get

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def section(html, start, end="</section>"):
    return html.split(start, 1)[1].split(end, 1)[0]


def latest(html):
    return section(html, 'id="latest-heading"')


# --- One entry per event ----------------------------------------------------------------


def test_the_seed_cancellation_is_one_entry_with_both_sources(client, seed):
    html = latest(page(client, reverse("series:home")))
    assert html.count('class="timeline__item news__event"') == 1
    entry = section(html, 'class="timeline__item news__event"', "</li>")
    assert "Spinning Out Season 2" in entry
    # Dated by the most precise report, with the other's own date beside its source.
    assert '<time datetime="2020-02-03">3 February 2020</time>' in entry
    assert "Sources:" in entry
    assert "Variety, citing Deadline" in entry
    assert "Union Journalism" in entry and "(February 2020)" in entry


def test_reports_are_one_event_only_for_one_season_decision_and_few_days():
    day = datetime.date(2026, 3, 10)
    show = ShowFactory(title="Folded")
    first, second = (SeasonFactory(show=show, number=n) for n in (1, 2))
    renewed = Season.Decision.RENEWED

    def report(season, decision, when, precision=Precision.DAY):
        return AnnouncementFactory(
            season=season, decision=decision, announced_date=when, announced_precision=precision
        )

    same = [
        report(first, renewed, day),
        report(first, renewed, day + datetime.timedelta(days=2)),
        report(first, renewed, datetime.date(2026, 3, 1), Precision.MONTH),  # holds the day
    ]
    later = report(first, renewed, day + datetime.timedelta(days=40))  # in April
    other_decision = report(first, Season.Decision.FINAL, day)
    other_season = report(second, renewed, day)
    events = news.latest_events(published(), 10, HOME_ANNOUNCEMENT_FIELDS)
    by_reports = [{a.pk for a in event.reports} for event in events]
    assert {a.pk for a in same} in by_reports
    for alone in (later, other_decision, other_season):
        assert {alone.pk} in by_reports
    assert len(events) == 4


def published():
    return Announcement.objects.published()


def test_the_newest_events_come_first_and_an_old_source_of_one_is_not_cut_off():
    show = ShowFactory(title="Long Story")
    old = SeasonFactory(show=show, number=1)
    start = datetime.date(2025, 1, 1)
    for index in range(12):
        season = SeasonFactory(number=1, show=ShowFactory(title=f"Busy {index:02d}"))
        AnnouncementFactory(season=season, announced_date=start + datetime.timedelta(days=index))
    # One event whose oldest report lies far behind the newest rows read.
    newest = AnnouncementFactory(season=old, announced_date=datetime.date(2025, 2, 1))
    oldest = AnnouncementFactory(
        season=old, announced_date=datetime.date(2025, 2, 1), announced_precision=Precision.MONTH
    )
    events = news.latest_events(published(), 8, HOME_ANNOUNCEMENT_FIELDS)
    assert len(events) == 8
    assert {a.pk for a in events[0].reports} == {newest.pk, oldest.pk}
    assert [e.season.show.title for e in events[1:]] == [f"Busy {i:02d}" for i in range(11, 4, -1)]


def test_the_home_page_costs_the_same_queries_with_many_sources(client, seed):
    few, _ = counted_get(client, reverse("series:home"))
    season = Season.objects.get(show__slug="spinning-out", number=2)
    AnnouncementFactory.create_batch(
        6, season=season, decision="cancelled", announced_date=datetime.date(2020, 2, 3)
    )
    for index in range(10):
        AnnouncementFactory(announced_date=datetime.date(2021, 1, 1 + index))
    many, response = counted_get(client, reverse("series:home"))
    assert many == few
    assert latest(response.content.decode()).count("news__event") == 8


# --- Premieres, coarse dates after the finer ones inside them ---------------------------


def test_premieres_come_coarse_dates_after_the_finer_ones_inside_them(client, db):
    """The issue's defect: "2027" was listed above "Spring 2027" and "March 2027"."""
    year = timezone.localdate().year + 2
    dates = {
        "Year Show": FuzzyDate(datetime.date(year, 1, 1), Precision.YEAR),
        "Spring Show": FuzzyDate(datetime.date(year, 3, 1), Precision.SEASON),
        "March Show": FuzzyDate(datetime.date(year, 3, 1), Precision.MONTH),
        "Quarter Show": FuzzyDate(datetime.date(year, 1, 1), Precision.QUARTER),
        "January Show": FuzzyDate(datetime.date(year, 1, 1), Precision.MONTH),
        "Day Show": FuzzyDate(datetime.date(year, 1, 1)),
    }
    for title, when in dates.items():
        season = SeasonFactory.build(show=ShowFactory(title=title), number=1, finale_date=None)
        season.premiere = when
        season.save()
    listed = section(page(client, reverse("series:home")), 'id="premieres-heading"')
    order = sorted(dates, key=lambda title: listed.index(f">{title} Season 1<"))
    assert order == [
        "Day Show",  # 1 January
        "January Show",  # January
        "March Show",  # March, inside Q1, the season of the year and the year
        "Quarter Show",  # Q1: ends on 31 March too, and holds March
        "Spring Show",  # March to May
        "Year Show",  # the year holds them all: last
    ]


def test_the_eight_premieres_listed_are_the_first_eight_in_listed_order(client, db):
    """By the first day each could be, "Year Show" ({year}) comes first and "Late Day
    Show" (5 March) ninth; listed, the day comes before the year that holds it, so the
    page shows the day and leaves the year out rather than the other way round."""
    year = timezone.localdate().year + 2
    dated = {"Year Show": FuzzyDate(datetime.date(year, 1, 1), Precision.YEAR)}
    dated |= {f"Day Show {day}": FuzzyDate(datetime.date(year, 1, day)) for day in range(2, 9)}
    dated["Late Day Show"] = FuzzyDate(datetime.date(year, 3, 5))
    for title, when in dated.items():
        season = SeasonFactory.build(show=ShowFactory(title=title), number=1, finale_date=None)
        season.premiere = when
        season.save()
    listed = section(page(client, reverse("series:home")), 'id="premieres-heading"')
    assert listed.count("<li>") == 8
    assert f'<time datetime="{year}-03-05">5 March {year}</time>' in listed
    assert ">Late Day Show Season 1<" in listed
    assert ">Year Show Season 1<" not in listed


# --- Years beside namesakes -------------------------------------------------------------


@pytest.fixture
def namesakes(db):
    shows = []
    for year, slug in ((2019, "broken-academy"), (2024, "broken-academy-2024")):
        show = ShowFactory(title="Broken Academy", slug=slug)
        season = SeasonFactory(
            show=show, number=1, premiere_date=datetime.date(year, 5, 1), finale_date=None
        )
        AnnouncementFactory(
            season=season, decision="cancelled", announced_date=timezone.localdate()
        )
        shows.append(show)
    return shows


def test_namesakes_carry_their_first_year_everywhere(client, namesakes):
    alone = ShowFactory(title="Only One")
    SeasonFactory(show=alone, number=1, premiere_date=datetime.date(2020, 1, 1))
    home = latest(page(client, reverse("series:home")))
    assert "Broken Academy (2019) Season 1" in home
    assert "Broken Academy (2024) Season 1" in home
    listing = page(client, reverse("series:show-list"))
    assert ">Broken Academy (2019)</a>" in listing and ">Broken Academy (2024)</a>" in listing
    assert ">Only One</a>" in listing
    found = page(client, reverse("series:show-list") + "?q=broken+academy")
    assert ">Broken Academy (2019)</a>" in found and ">Broken Academy (2024)</a>" in found
    crumbs = section(
        page(client, namesakes[0].seasons.get().get_absolute_url()),
        'class="breadcrumbs"',
        "</nav>",
    )
    assert "Broken Academy (2019)" in crumbs
    feed = ET.fromstring(client.get(reverse("series:announcement-feed")).content)
    titles = {entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")}
    assert "Broken Academy (2024) Season 1: Cancelled" in titles


def test_a_draft_namesake_gives_no_year(client, namesakes):
    Show.objects.filter(pk=namesakes[1].pk).update(is_published=False)
    listing = page(client, reverse("series:show-list"))
    assert ">Broken Academy</a>" in listing


# --- One follow place per page ------------------------------------------------------------


def test_a_season_page_has_one_follow_place_that_the_menu_points_at(client, seed):
    season = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    html = page(client, season)
    feed_page = reverse("series:show-announcements", kwargs={"slug": "spinning-out"})
    assert html.count('id="follow"') == 1
    body = html.split("<body>", 1)[1]
    assert body.count(f'href="{feed_page}"') == 1
    # The Atom is for readers (the head's alternate link), never a link a person clicks.
    assert reverse("series:show-feed", kwargs={"slug": "spinning-out"}) not in body
    assert html.count('<h2 id="follow-heading">Follow Spinning Out</h2>') == 1
    nav = section(html, '<nav aria-label="Main">', "</nav>")
    assert 'href="#follow"' in nav
    box = section(html, 'id="follow"')
    for name in ("show-announcements", "show-calendar", "announcements", "calendar"):
        kwargs = {"slug": "spinning-out"} if name.startswith("show") else {}
        assert reverse(f"series:{name}", kwargs=kwargs) in box
    assert 'id="follow-email"' in box
    # Season 2 will not be made: nothing is left to decide.
    assert "Get an email when it is decided" not in html
    assert "Get an email if Spinning Out comes back" in box


def test_a_season_awaiting_its_decision_offers_the_email_when_decided(client, db):
    season = SeasonFactory(premiere_date=None, finale_date=None)
    box = section(page(client, season.get_absolute_url()), 'id="follow"')
    assert "Get an email when it is decided" in box


def test_pages_without_a_show_keep_the_site_follow_place(client, seed):
    for url in (reverse("series:home"), reverse("series:scorecard")):
        html = page(client, url)
        assert html.count('id="follow"') == 1
        follow = section(html, 'id="follow"')
        assert reverse("series:announcements") in follow
        body = html.split("<body>", 1)[1]
        assert body.count(f'href="{reverse("series:announcements")}"') == 1
        assert reverse("series:announcement-feed") not in body


# --- Letter tiles ---------------------------------------------------------------------------


@pytest.mark.parametrize("letters", ["WO", "EW", "MM", "W", "II"])
def test_tile_letters_fit_across_the_tile(letters):
    size = letter_size(letters, 100, 150)
    assert size * 0.95 * len(letters) <= 100 * 0.84 + 0.1
    assert size <= 150 * 0.42


def test_a_single_letter_keeps_its_full_size():
    assert letter_size("W", 100, 150) == round(150 * 0.42, 1)
