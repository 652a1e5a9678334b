"""A new visitor's journeys through the site, in Debian's Chromium."""

import re

import pytest

from tests.browser.conftest import WIDTHS
from tests.browser.pages import public_paths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_search_open_the_show_and_read_season_two_is_cancelled(live_server, site_world, new_page):
    page = new_page(390)
    page.goto(live_server.url)
    page.get_by_label("Search shows and people").fill("spinning")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/shows/\?q=spinning"))
    assert page.locator(".result-count").inner_text() == "1 show matches"
    page.get_by_role("link", name="Spinning Out", exact=True).click()
    page.wait_for_url(re.compile(r"/shows/spinning-out/$"))
    page.get_by_role("table").get_by_role("link", name="Season 2", exact=True).click()
    page.wait_for_url(re.compile(r"/shows/spinning-out/season/2/$"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Spinning Out Season 2: Cancelled"
    sources = page.locator(".answer__sources").inner_text()
    assert "Variety, citing Deadline" in sources
    assert "3 February 2020" in sources


def test_filter_to_cancelled_shows_and_page_through(live_server, site_world, new_page):
    page = new_page(1280)
    page.goto(live_server.url + "/shows/")
    assert page.locator(".pagination").inner_text().count("Page 1 of 2") == 1
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "Page 2 of 2" in page.locator(".pagination").inner_text()
    page.get_by_role("link", name="Previous").click()
    page.wait_for_url(re.compile(r"page=1"))

    page.get_by_text("Filter and sort").click()  # the panel folds under the results
    page.get_by_label("Status").select_option("cancelled")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_url(re.compile(r"status=cancelled"))
    statuses = page.locator(".show-table tbody td .badge").all_inner_texts()
    assert statuses
    assert set(statuses) == {"Cancelled"}
    titles = page.locator(".show-table tbody th a").all_inner_texts()
    assert "Spinning Out" in titles
    assert page.get_by_label("Status").input_value() == "cancelled"


SCREENSHOT_PAGES = [
    "home",
    "show-list",
    "show",
    "season",
    "season-1",
    "person",
    "netflix",
    "scorecard",
    "api-docs",
    "not-found",
]


def test_pages_fit_a_phone_and_are_screenshotted(
    live_server, site_world, new_page, screenshot_dir
):
    paths = public_paths(site_world)
    too_wide = []
    for width in WIDTHS:
        page = new_page(width)
        for name, path in paths.items():
            page.goto(live_server.url + path)
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                too_wide.append(f"{name} at {width}px: {scroll} > {client}")
            if name in SCREENSHOT_PAGES:
                page.screenshot(path=screenshot_dir / f"{name}-{width}.png", full_page=True)
    print(f"Screenshots: {screenshot_dir}")
    assert too_wide == []
    assert len(list(screenshot_dir.glob("*.png"))) >= len(SCREENSHOT_PAGES) * len(WIDTHS)
