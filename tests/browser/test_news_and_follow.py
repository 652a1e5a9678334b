"""The home page as news, the one follow place per page, feeds' pages and their Atom, the
critic scores table on a phone and the letter tiles, in Debian's Chromium."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from series.fuzzy import Precision
from series.models import Season, Show
from tests.factories import AnnouncementFactory, CriticScoreFactory, SeasonFactory, ShowFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def shot(screenshot_dir):
    """Where a screenshot named `name` goes (test-artifacts/screenshots/)."""
    return lambda name: str(screenshot_dir / f"news-{name}.png")


@pytest.fixture
def seeded(db):
    call_command("loaddata", "spinning_out", verbosity=0)


def atom_titles(page, url):
    """The entry titles of the Atom feed at `url`, which must be served as Atom and parse
    as a well-formed Atom 1.0 feed."""
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.body())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = ET.fromstring(response.body())
    assert feed.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def check_feed_page(page, site, feed_path, width):
    """The feed's page lists the feed's own entries, gives its address to copy, whole and on
    screen, names it for a reader, and fits the width. `site` is the live server's URL."""
    feed_url = site + feed_path
    titles = atom_titles(page, feed_url)
    assert titles
    assert page.locator(".feed-entry h3").all_inner_texts() == titles
    address = page.locator(".feed-address code")
    assert address.inner_text() == feed_url
    assert inside(address.bounding_box(), {"x": 0, "y": 0, "width": width, "height": 10**6})
    address.click()  # one click selects the whole address, ready to copy
    assert page.evaluate("getSelection().toString()") == feed_url
    alternate = page.locator('link[rel="alternate"][type="application/atom+xml"]').first
    assert alternate.get_attribute("href") == feed_path
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return titles


@pytest.mark.parametrize("width", [390, 1280])
def test_a_seasons_follow_section_leads_to_the_shows_feed_page(
    live_server, seeded, new_page, shot, width
):
    page = new_page(width)
    season = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    page.goto(live_server.url + season)
    follow = page.locator("#follow")
    follow.get_by_role("link", name="Spinning Out: renewals and cancellations").click()
    page.wait_for_url(
        live_server.url + reverse("series:show-announcements", kwargs={"slug": "spinning-out"})
    )
    page.screenshot(path=shot(f"feed-page-{width}"), full_page=True)
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Spinning Out: renewals and cancellations"
    feed = reverse("series:show-feed", kwargs={"slug": "spinning-out"})
    titles = check_feed_page(page, live_server.url, feed, width)
    assert titles == ["Spinning Out Season 2: Cancelled"] * 2
    # Each entry's source is a link to it, newest first.
    sources = page.locator(".feed-entry .timeline__source a")
    assert sources.all_inner_texts() == ["Variety, citing Deadline", "Union Journalism"]
    assert sources.first.get_attribute("href").startswith("https://variety.com/")
    # The page's one follow place holds the calendar and the email form too.
    follow = page.locator("#follow")
    assert follow.get_by_role("link", name="Spinning Out: premiere dates").count() == 1
    assert follow.get_by_role("button", name="Follow Spinning Out").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Follow").click()
    page.wait_for_function("document.activeElement.id === 'follow'")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_footer_leads_to_the_site_wide_feed_page(live_server, seeded, new_page, shot, width):
    page = new_page(width)
    page.goto(live_server.url + reverse("series:home"))
    page.locator("footer").get_by_role("link", name="Every renewal and cancellation").click()
    page.wait_for_url(live_server.url + reverse("series:announcements"))
    page.screenshot(path=shot(f"feed-page-site-{width}"), full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Renewals and cancellations"
    check_feed_page(page, live_server.url, reverse("series:announcement-feed"), width)


def inside(box, outer, slack=0.5):
    """True when `box` lies wholly within `outer` (Playwright bounding boxes)."""
    return (
        box["x"] >= outer["x"] - slack
        and box["y"] >= outer["y"] - slack
        and box["x"] + box["width"] <= outer["x"] + outer["width"] + slack
        and box["y"] + box["height"] <= outer["y"] + outer["height"] + slack
    )


@pytest.fixture
def news_world(seeded):
    """The seed's cancellation (two sources), namesakes, and premieres whose coarse dates
    start on the same day as finer ones."""
    year = timezone.localdate().year + 2
    for title, slug, premiered in (
        ("Broken Academy", "broken-academy", datetime.date(2019, 5, 1)),
        ("Broken Academy", "broken-academy-2023", datetime.date(2023, 5, 1)),
    ):
        show = ShowFactory(title=title, slug=slug)
        SeasonFactory(show=show, number=1, premiere_date=premiered, finale_date=None)
        AnnouncementFactory(
            season=SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None),
            announced_date=timezone.localdate() - datetime.timedelta(days=2),
            source_name="Deadline",
        )
        assert Show.objects.get(pk=show.pk).first_year == premiered.year
    for title, day, precision in (
        ("Year Show", datetime.date(year, 1, 1), Precision.YEAR),
        ("Spring Show", datetime.date(year, 3, 1), Precision.SEASON),
        ("March Show", datetime.date(year, 3, 1), Precision.MONTH),
        ("New Year Show", datetime.date(year, 1, 1), Precision.DAY),
    ):
        SeasonFactory(
            show=ShowFactory(title=title),
            number=1,
            premiere_date=day,
            premiere_precision=precision,
            finale_date=None,
        )


@pytest.mark.parametrize("width", [390, 1280])
def test_the_home_page_reads_as_news(live_server, news_world, new_page, shot, width):
    page = new_page(width)
    page.goto(live_server.url)
    page.screenshot(path=shot(f"home-{width}"), full_page=True)
    latest = page.locator("section", has=page.get_by_role("heading", name="Latest announcements"))
    entries = latest.locator(".news__event")
    texts = entries.all_inner_texts()
    # One entry for the seed's cancellation, both of its sources in it.
    cancelled = [text for text in texts if "Spinning Out Season 2" in text]
    assert len(cancelled) == 1
    assert "Variety, citing Deadline" in cancelled[0]
    assert "Union Journalism" in cancelled[0]
    # The namesakes told apart by their first year.
    assert any("Broken Academy (2019) Season 2" in text for text in texts)
    assert any("Broken Academy (2023) Season 2" in text for text in texts)
    premieres = page.locator(".premiere-list a").all_inner_texts()
    assert premieres[:4] == [
        "New Year Show Season 1",
        "March Show Season 1",
        "Spring Show Season 1",
        "Year Show Season 1",
    ]
    for entry in entries.all():
        assert inside(entry.bounding_box(), {"x": 0, "y": 0, "width": width, "height": 10**6})


@pytest.mark.parametrize("width", [390, 1280])
def test_the_menu_follow_link_lands_on_the_one_follow_place(
    live_server, seeded, new_page, shot, width
):
    page = new_page(width)
    path = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2})
    page.goto(live_server.url + path)
    follow = page.locator("#follow")
    assert follow.count() == 1
    assert page.get_by_role("heading", name="Follow Spinning Out").count() == 1
    assert page.locator("section", has_text="Follow").locator("#follow-email").count() == 1
    feed_page = reverse("series:show-announcements", kwargs={"slug": "spinning-out"})
    assert page.locator(f'a[href="{feed_page}"]').count() == 1
    assert "Get an email when it is decided" not in page.locator("body").inner_text()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Follow").click()
    page.wait_for_function("location.hash === '#follow'")
    page.wait_for_timeout(200)
    # Scrolled to the top of the viewport, or as far as the page goes.
    top = follow.bounding_box()["y"]
    at_bottom = page.evaluate(
        "Math.abs(scrollY + innerHeight - document.documentElement.scrollHeight) < 2"
    )
    assert abs(top) < 2 or (at_bottom and 0 <= top < 900)
    assert page.evaluate("scrollY") > 0
    assert page.evaluate("document.activeElement.id") == "follow"
    page.screenshot(path=shot(f"follow-{width}"))


@pytest.fixture
def scored(seeded):
    season = Season.objects.get(show__slug="spinning-out", number=1)
    CriticScoreFactory(season=season, aggregator="metacritic", review_count=12345)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_critic_scores_fit_a_phone_and_stay_a_table_on_a_desktop(
    live_server, scored, new_page, shot, width
):
    page = new_page(width)
    page.goto(live_server.url + reverse("series:show-detail", kwargs={"slug": "spinning-out"}))
    table = page.locator(".score-table")
    table.scroll_into_view_if_needed()
    page.screenshot(path=shot(f"scores-{width}"), full_page=True)
    viewport = {"x": 0, "y": -(10**6), "width": width, "height": 2 * 10**6}
    cells = table.locator("tbody th, tbody td").all()
    assert len(cells) >= 12
    for cell in cells:
        assert inside(cell.bounding_box(), viewport), cell.inner_text()
    header = table.locator("thead")
    if width < 640:
        assert header.bounding_box()["width"] <= 1  # visually hidden, still read out
        label = table.locator("td[data-label=Reviews]").first.evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
        assert label == '"Reviews: "'  # each cell names its column
    else:
        assert table.evaluate("t => getComputedStyle(t.rows[1]).display") == "table-row"
        assert header.bounding_box()["width"] > 600


@pytest.fixture
def tiles(db):
    shows = [
        ShowFactory(title=title)
        for title in ("Wide Open", "Every Wednesday", "Mad Men", "Westworld")
    ]
    return [SeasonFactory(show=show, number=1) for show in shows]


@pytest.mark.parametrize("width", [390, 1280])
def test_tile_letters_stay_inside_the_tile(live_server, tiles, new_page, shot, width):
    page = new_page(width)
    seen = []
    for season in tiles:
        page.goto(live_server.url + season.get_absolute_url())
        tile = page.locator(".title-block svg.picture--placeholder")
        text = tile.locator("text")
        seen.append(text.inner_html())
        assert inside(text.bounding_box(), tile.bounding_box()), text.inner_html()
        page.locator(".title-block").screenshot(path=shot(f"tile-{seen[-1]}-{width}"))
    assert seen == ["WO", "EW", "MM", "W"]
