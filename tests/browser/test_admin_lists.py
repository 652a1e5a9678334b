"""The editors' busiest lists fit a 1280 x 900 window: no column hides off to the right.

Debian's Chromium opens each change list as an editor (staff, in the Editors group) and
compares the results box's scrollWidth with its clientWidth: a table wider than its box
would scroll sideways inside it, and the last columns would be out of sight. Screenshots
of each list go to test-artifacts/screenshots.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from series.models import CriticScore, Season
from tests.admin_helpers import editors_group
from tests.browser.conftest import signed_in_page
from tests.factories import (
    AnnouncementFactory,
    CriticScoreFactory,
    EditorFactory,
    NetworkFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.browser

LISTS = ["show", "season", "announcement", "criticscore"]


@pytest.fixture
def catalogue(transactional_db):
    """The seed facts and rows with the long names real shows, networks and sources have."""
    call_command("loaddata", "spinning_out", verbosity=0)
    network = NetworkFactory(name="Amazon Prime Video")
    show = ShowFactory(title="The Marvelous Mrs. Maisel: Extended Edition", network=network)
    season = SeasonFactory(
        show=show,
        number=12,
        premiere_date=datetime.date(2027, 9, 14),
        finale_date=None,
        episode_count=10,
    )
    AnnouncementFactory(
        season=season,
        decision=Season.Decision.FINAL,  # the longest decision label
        source_name="The Hollywood Reporter (exclusive interview with the showrunners)",
    )
    SeasonFactory(show=show, number=13, premiere_date=None, finale_date=None)
    CriticScoreFactory(
        season=season, aggregator=CriticScore.Aggregator.ROTTEN_TOMATOES, review_count=1234
    )
    return show


@pytest.fixture
def editor_page(browser, live_server, catalogue):
    editors_group()
    page = signed_in_page(browser, live_server, EditorFactory())
    yield page
    page.context.close()


def overflow(page):
    """How many pixels of the results table lie beyond its box (0 when it fits)."""
    return page.eval_on_selector(
        "#changelist .results", "box => box.scrollWidth - box.clientWidth"
    )


@pytest.mark.parametrize("model", LISTS)
def test_the_list_fits_1280_px_without_sideways_scrolling(
    live_server, editor_page, screenshot_dir, model
):
    page = editor_page
    page.goto(live_server.url + reverse(f"admin:series_{model}_changelist"))
    page.wait_for_selector("#result_list")
    page.screenshot(path=str(screenshot_dir / f"admin-list-{model}-1280.png"), full_page=True)
    assert page.viewport_size["width"] == 1280
    assert overflow(page) == 0
    # The table's last column header is inside the window, not only inside the box.
    last_header = page.locator("#result_list thead th").last.bounding_box()
    assert last_header["x"] + last_header["width"] <= 1280
    assert page.problems == []
