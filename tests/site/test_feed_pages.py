"""A feed's page, as a visitor reads it: the feed's own entries, newest first, each with
what was decided, for which season, when and by which source, and how to subscribe. The
feeds themselves stay Atom, sent as `application/atom+xml`."""

import datetime
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from django.urls import reverse

from series.fuzzy import Precision
from series.models import Season
from series.site.feeds import FEED_LENGTH
from tests.factories import AnnouncementFactory, EditorFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db

RENEWED, FINAL, CANCELLED = (
    Season.Decision.RENEWED,
    Season.Decision.FINAL,
    Season.Decision.CANCELLED,
)
SPINNING_OUT = {"slug": "spinning-out"}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def document(client, url):
    return lxml.html.fromstring(get(client, url).content)


def text(element):
    return " ".join(element.text_content().split())


def entries(tree):
    """Each entry as a visitor reads it: title, its link, date, summary and source."""
    found = []
    for item in tree.find_class("feed-entry"):
        source = item.xpath('.//p[@class="timeline__source"]/*[self::a or self::cite]')[0]
        summary = [p for p in item.iter("p") if not p.get("class")]
        found.append(
            {
                "title": text(item.find(".//h3")),
                "link": item.find(".//h3/a").get("href"),
                "date": item.find(".//time").get("datetime"),
                "when": text(item.find_class("timeline__when")[0]),
                "summary": text(summary[0]) if summary else "",
                "source": text(source),
                "source_url": source.get("href"),
            }
        )
    return found


def feed(client, url):
    parsed = feedparser.parse(get(client, url).content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture
def harbor(seed):
    """Beside the seed's cancellation (two sources), a show with three decisions over four
    years, one of them from a source with no URL."""
    show = ShowFactory(title="Harbor Lights", slug="harbor-lights")
    first = SeasonFactory(show=show, number=1, premiere_date=datetime.date(2018, 9, 1))
    second = SeasonFactory(show=show, number=2, premiere_date=datetime.date(2019, 9, 1))
    third = SeasonFactory(show=show, number=3, premiere_date=None, finale_date=None)
    AnnouncementFactory(
        season=first,
        decision=RENEWED,
        announced_date=datetime.date(2017, 5, 1),
        announced_precision=Precision.MONTH,
        source_name="The Harbor Gazette",
        source_url="",
        summary="Ordered to series.",
    )
    AnnouncementFactory(
        season=second,
        decision=FINAL,
        announced_date=datetime.date(2019, 11, 20),
        source_name="Deadline",
        source_url="https://deadline.example.com/harbor-final",
        summary="",
    )
    AnnouncementFactory(
        season=third,
        decision=CANCELLED,
        announced_date=datetime.date(2021, 3, 4),
        source_name="Variety",
        source_url="https://variety.example.com/harbor-cancelled",
        summary="No third season after all.",
    )
    return show


def test_the_site_wide_page_lists_the_feeds_entries_newest_first(client, harbor):
    listed = entries(document(client, reverse("series:announcements")))
    atom = feed(client, reverse("series:announcement-feed"))
    assert [entry["title"] for entry in listed] == [entry.title for entry in atom.entries]
    assert [entry["link"] for entry in listed] == [
        urlsplit(entry.link).path + "#" + urlsplit(entry.link).fragment for entry in atom.entries
    ]
    assert [entry["title"] for entry in listed] == [
        "Harbor Lights Season 3: Cancelled",
        "Spinning Out Season 2: Cancelled",
        "Spinning Out Season 2: Cancelled",
        "Harbor Lights Season 2: Renewed as the final season",
        "Harbor Lights Season 1: Ordered",
    ]
    dates = [entry["date"] for entry in listed]
    assert dates == ["2021-03-04", "2020-02-03", "2020-02", "2019-11-20", "2017-05"]


def test_each_entry_says_what_was_decided_when_and_by_which_source(client, harbor):
    listed = entries(document(client, reverse("series:announcements")))
    cancelled, variety, union, final, ordered = listed
    assert cancelled["when"] == f"4 March 2021 · {harbor.network.name}"
    assert cancelled["summary"] == "No third season after all."
    assert (cancelled["source"], cancelled["source_url"]) == (
        "Variety",
        "https://variety.example.com/harbor-cancelled",
    )
    season = reverse("series:season-detail", kwargs={"slug": "harbor-lights", "number": 3})
    assert cancelled["link"].startswith(f"{season}#announcement-")
    assert variety["when"] == "3 February 2020 · Netflix"
    assert variety["source"] == "Variety, citing Deadline"
    assert variety["source_url"].startswith("https://variety.com/")
    assert union["when"] == "February 2020 · Netflix"
    assert final["summary"] == ""
    # A source without a URL is named, not linked.
    assert (ordered["source"], ordered["source_url"]) == ("The Harbor Gazette", None)
    assert ordered["when"] == f"May 2017 · {harbor.network.name}"


def test_a_shows_page_lists_only_its_feeds_entries(client, harbor):
    url = reverse("series:show-announcements", kwargs={"slug": "harbor-lights"})
    tree = document(client, url)
    listed = entries(tree)
    atom = feed(client, reverse("series:show-feed", kwargs={"slug": "harbor-lights"}))
    assert [entry["title"] for entry in listed] == [entry.title for entry in atom.entries]
    assert [entry["title"] for entry in listed] == [
        "Harbor Lights Season 3: Cancelled",
        "Harbor Lights Season 2: Renewed as the final season",
        "Harbor Lights Season 1: Ordered",
    ]
    # A show's page names no network on every row: it is the show's own.
    assert listed[0]["when"] == "4 March 2021"
    assert text(tree.find(".//h1")) == "Harbor Lights: renewals and cancellations"
    crumbs = [text(crumb) for crumb in tree.find_class("breadcrumbs")[0].iter("li")]
    assert crumbs == ["Home", "Shows", "Harbor Lights", "Renewals and cancellations"]


def test_a_shows_page_says_how_to_subscribe(client, harbor):
    tree = document(client, reverse("series:show-announcements", kwargs={"slug": "harbor-lights"}))
    [follow] = tree.xpath('//*[@id="follow"]')
    assert text(follow.find(".//h2")) == "Follow Harbor Lights"
    feed_url = reverse("series:show-feed", kwargs={"slug": "harbor-lights"})
    assert (
        text(follow.find_class("feed-address")[0].find("code")) == f"http://testserver{feed_url}"
    )
    calendar = reverse("series:show-calendar", kwargs={"slug": "harbor-lights"})
    assert follow.xpath(".//a[@href=$href]", href=calendar)
    [form] = follow.iter("form")
    assert form.get("action") == reverse("follows:follow", kwargs={"slug": "harbor-lights"})
    assert form.xpath('.//input[@type="email"]')
    # A reader given the page's address finds the show's feed first.
    alternates = tree.xpath('/html/head/link[@rel="alternate"][@type="application/atom+xml"]')
    assert [link.get("href") for link in alternates] == [
        feed_url,
        reverse("series:announcement-feed"),
    ]
    # The page's one follow place: the footer's site-wide one is not repeated.
    assert len(tree.xpath('//*[@id="follow"]')) == 1


def test_the_site_wide_page_says_how_to_subscribe(client, harbor):
    tree = document(client, reverse("series:announcements"))
    [follow] = tree.xpath('//*[@id="follow"]')
    feed_url = reverse("series:announcement-feed")
    assert (
        text(follow.find_class("feed-address")[0].find("code")) == f"http://testserver{feed_url}"
    )
    assert follow.xpath(".//a[@href=$href]", href=reverse("series:calendar"))
    # No email follow for every show at once: one show is followed from its page.
    assert not follow.xpath(".//form")
    assert "use the Follow section of its page" in text(follow)
    alternates = tree.xpath('/html/head/link[@rel="alternate"][@type="application/atom+xml"]')
    assert [link.get("href") for link in alternates] == [feed_url]
    assert len(tree.xpath('//*[@id="follow"]')) == 1


def test_namesakes_are_told_apart_by_their_year(client, db):
    for year in (2019, 2023):
        show = ShowFactory(title="Broken Academy", slug=f"broken-academy-{year}")
        SeasonFactory(
            show=show, number=1, premiere_date=datetime.date(year, 5, 1), finale_date=None
        )
        season = SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
        AnnouncementFactory(
            season=season, decision=CANCELLED, announced_date=datetime.date(year + 1, 1, 10)
        )
    titles = [
        entry["title"] for entry in entries(document(client, reverse("series:announcements")))
    ]
    assert titles == [
        "Broken Academy (2023) Season 2: Cancelled",
        "Broken Academy (2019) Season 2: Cancelled",
    ]
    tree = document(
        client, reverse("series:show-announcements", kwargs={"slug": "broken-academy-2023"})
    )
    assert text(tree.find(".//h1")) == "Broken Academy (2023): renewals and cancellations"


def test_a_draft_or_unknown_show_has_no_page_as_it_has_no_feed(client, harbor):
    harbor.is_published = False
    harbor.save()
    for slug in ("harbor-lights", "no-such-show"):
        for name in ("series:show-announcements", "series:show-feed"):
            get(client, reverse(name, kwargs={"slug": slug}), status=404)
    # Staff preview a draft on the show's own page; the feed's page stays public-only.
    client.force_login(EditorFactory())
    get(client, reverse("series:show-announcements", kwargs={"slug": "harbor-lights"}), 404)
    client.logout()
    listed = entries(document(client, reverse("series:announcements")))
    assert [entry["title"] for entry in listed] == ["Spinning Out Season 2: Cancelled"] * 2


def test_no_announcement_yet_is_said(client, db):
    show = ShowFactory(title="Quiet Show", slug="quiet-show")
    tree = document(client, reverse("series:show-announcements", kwargs={"slug": show.slug}))
    assert entries(tree) == []
    assert "No announcements yet." in text(tree.find_class("feed-entries")[0])


@pytest.mark.parametrize("count", [2, FEED_LENGTH + 10])
def test_the_pages_read_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    """One query for the site-wide page's entries; the show, then its entries, for a
    show's: the same with 2 announcements as with more than the feed carries."""
    show = ShowFactory(slug="busy-show")
    for index in range(count):
        season = SeasonFactory(show=show if index % 2 else ShowFactory(), number=index + 1)
        AnnouncementFactory(
            season=season,
            announced_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=index),
        )
    client.get(reverse("series:home"))  # the day's freshness read, outside the count
    with django_assert_num_queries(1):
        site = document(client, reverse("series:announcements"))
    with django_assert_num_queries(2):
        own = document(client, reverse("series:show-announcements", kwargs={"slug": "busy-show"}))
    assert len(entries(site)) == min(count, FEED_LENGTH)
    assert len(entries(own)) == count // 2
    said = f"The newest {FEED_LENGTH}, as the feed carries them."
    assert (said in text(site)) == (count > FEED_LENGTH)


# --- The feeds themselves ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("feed_name", "page_name", "kwargs"),
    [
        ("series:announcement-feed", "series:announcements", {}),
        ("series:show-feed", "series:show-announcements", SPINNING_OUT),
    ],
)
def test_each_feed_is_atom_sent_as_atom_naming_its_page(
    client, seed, feed_name, page_name, kwargs
):
    response = get(client, reverse(feed_name, kwargs=kwargs))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    # Nothing before the root element but the XML declaration: no stylesheet to apply.
    prolog = response.content.decode().split("<feed", 1)[0]
    assert prolog == '<?xml version="1.0" encoding="utf-8"?>\n'
    parsed = feed(client, reverse(feed_name, kwargs=kwargs))
    assert parsed.feed.link == f"http://testserver{reverse(page_name, kwargs=kwargs)}"
    assert len(parsed.entries) == 2
