"""The outlook in the browser: a season awaiting a decision shows the answer first and,
below it and set apart, the estimate, at phone and desktop widths, light and dark; the
method and track-record pages read whole at both widths."""

import datetime

import pytest

from series.outlook.runs import run_backtest
from tests.site_data import AWAITING_SLUG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (390, 1280)
SEASON = f"/shows/{AWAITING_SLUG}/season/2/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_estimate_sits_below_the_answer_and_apart_from_it(
    live_server, site_world, new_page, width, scheme
):
    page = new_page(width, scheme)
    page.goto(live_server.url + SEASON)
    answer, outlook = page.locator("article.answer"), page.locator("aside.outlook")
    assert "Awaiting decision" in answer.inner_text()
    assert outlook.is_visible()
    answer_box, outlook_box = answer.bounding_box(), outlook.bounding_box()
    assert outlook_box["y"] >= answer_box["y"] + answer_box["height"]  # below, not beside
    assert outlook_box["x"] >= 0 and outlook_box["x"] + outlook_box["width"] <= width
    shown = outlook.inner_text()
    assert "NOT AN ANNOUNCEMENT" in shown.upper()
    assert "Estimated chance that season 2 is made: about" in shown
    # Told apart at a glance: the answer is a filled box, the estimate a dashed outline.
    styles = page.evaluate(
        """[...document.querySelectorAll("article.answer, aside.outlook")].map(node => {
            const style = getComputedStyle(node);
            return [style.borderTopStyle, style.backgroundColor];
        })"""
    )
    (answer_border, answer_fill), (outlook_border, outlook_fill) = styles
    assert (answer_border, outlook_border) == ("solid", "dashed")
    assert answer_fill != outlook_fill
    page.screenshot(path=f"/tmp/outlook2-season-{scheme}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_method_and_track_record_pages_read_whole(live_server, site_world, new_page, width):
    page = new_page(width)
    page.goto(live_server.url + SEASON)
    page.get_by_role("link", name="How this estimate is made").click()
    assert page.locator("h1").inner_text() == "How the outlook is estimated"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/outlook2-method-{width}.png", full_page=True)
    page.get_by_role("link", name="The full track record").click()
    assert page.locator("h1").inner_text() == "The outlook’s track record"
    assert "No track record yet" in page.locator("main").inner_text()
    page.screenshot(path=f"/tmp/outlook2-record-empty-{width}.png", full_page=True)
    run_backtest(datetime.date(2019, 6, 1), datetime.date(2020, 6, 1), step=14)
    page.reload()
    assert page.locator("main table tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/outlook2-record-{width}.png", full_page=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_bubble_view_reads_as_estimates_at_every_width(
    live_server, site_world, new_page, width, scheme
):
    page = new_page(width, scheme)
    page.goto(live_server.url + "/scorecard/")
    page.get_by_role("link", name="On the bubble").click()
    assert "estimate from our records" in page.locator(".lede").inner_text()
    assert page.locator("tbody tr").filter(has_text="Vesper Lane").count() == 1
    link = page.get_by_role("link", name="Vesper Lane")
    assert link.get_attribute("href").endswith(SEASON)  # its own page, with the outlook
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"/tmp/outlook2-bubble-{scheme}-{width}.png", full_page=True)
