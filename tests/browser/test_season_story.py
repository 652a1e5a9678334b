"""One season story in the browser: Spinning Out season 2 (the seed facts) was cancelled
before it was made, and every page says so in the same words, at phone and desktop widths.

The show page's Seasons table turns into one card per season on a phone: every cell's
box must lie inside the viewport at 320 and 390 px, with its column's name beside it,
and the markup must still read as a table (rows, row headers, cells) to screen readers.
"""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONES = (320, 390)
DESKTOP = 1280
NOT_MADE = "None (not made)"
SHOW = "/shows/spinning-out/"


def facts(page):
    """The season page's Release section as {term: value}, as the visitor reads it."""
    rows = page.locator(".facts > div")
    return {
        rows.nth(i).locator("dt").inner_text().strip().title(): rows.nth(i)
        .locator("dd")
        .inner_text()
        .strip()
        for i in range(rows.count())
    }


def season_cells(page):
    """Each Seasons row's cells as the browser renders their text (labels included)."""
    rows = page.locator(".seasons-table tbody tr")
    return [
        [" ".join(cell.split()) for cell in rows.nth(i).locator("th, td").all_inner_texts()]
        for i in range(rows.count())
    ]


@pytest.mark.parametrize("width", [*PHONES, DESKTOP])
def test_season_2_reads_as_not_made_in_every_fact(live_server, site_world, new_page, width):
    page = new_page(width)
    page.goto(live_server.url + SHOW + "season/2/")
    shown = facts(page)
    assert shown["Decision"] == "Cancelled"
    assert shown["Release"] == "Will not be made"
    assert (shown["Premiere"], shown["Episodes"]) == (NOT_MADE, NOT_MADE)
    for stale in ("Unscheduled", "Not announced", "Unknown"):
        assert stale not in page.locator(".facts").inner_text()
    assert_fits(page, ".facts dd", width)


@pytest.mark.parametrize("width", [*PHONES, DESKTOP])
def test_season_1_decision_reads_ordered_not_made(live_server, site_world, new_page, width):
    page = new_page(width)
    page.goto(live_server.url + SHOW + "season/1/")
    shown = facts(page)
    assert shown["Decision"] == "Ordered"
    assert (shown["Release"], shown["Premiere"], shown["Episodes"]) == (
        "Released",
        "1 January 2020",
        "10",
    )


@pytest.mark.parametrize("width", PHONES)
def test_the_seasons_become_cards_that_fit_a_phone(
    live_server, site_world, new_page, screenshot_dir, width
):
    page = new_page(width)
    page.goto(live_server.url + SHOW)
    section = page.locator('[aria-labelledby="seasons-heading"]')
    assert section.locator(".seasons-summary").inner_text() == (
        "1 season, cancelled before season 2"
    )
    assert season_cells(page) == [
        ["Season 1", "Released", "1 January 2020", "10"],
        ["Season 2", "Cancelled", NOT_MADE, NOT_MADE],
    ]
    # The header row is hidden; each cell shows its column's name before its value.
    assert labels(page) == [["Status", "Premiere", "Episodes"]] * 2
    assert_fits(page, ".seasons-table tbody th, .seasons-table tbody td", width)
    # Nothing scrolls sideways: the table is no wider than the page.
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    # Cells stack: each one starts below the one before it in its card.
    tops = [box["y"] for box in boxes(page, ".seasons-table tbody tr:first-child > *")]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    still_a_table(page)
    page.screenshot(path=screenshot_dir / f"season-story-show-{width}.png", full_page=True)


def test_the_seasons_table_is_unchanged_at_desktop_width(
    live_server, site_world, new_page, screenshot_dir
):
    page = new_page(DESKTOP)
    page.goto(live_server.url + SHOW)
    assert page.locator(".seasons-table thead").is_visible()
    headers = page.locator(".seasons-table thead th").all_inner_texts()
    assert headers == ["Season", "Status", "Premiere", "Episodes"]
    assert season_cells(page) == [
        ["Season 1", "Released", "1 January 2020", "10"],
        ["Season 2", "Cancelled", NOT_MADE, NOT_MADE],
    ]
    # One row per season: every cell of a row on the same line, in column order.
    for row in range(2):
        cells = boxes(page, f".seasons-table tbody tr:nth-child({row + 1}) > *")
        assert len({round(box["y"]) for box in cells}) == 1
        lefts = [box["x"] for box in cells]
        assert lefts == sorted(lefts)
    assert labels(page) == [["none"] * 3] * 2  # the column heads name the cells
    assert_fits(page, ".seasons-table th, .seasons-table td", DESKTOP)
    still_a_table(page)
    page.screenshot(path=screenshot_dir / f"season-story-show-{DESKTOP}.png", full_page=True)


@pytest.mark.parametrize("width", [390, DESKTOP])
def test_the_network_page_and_list_count_the_made_season(live_server, site_world, new_page, width):
    page = new_page(width)
    for path in ("/networks/netflix/", "/shows/?network=netflix"):
        page.goto(live_server.url + path)
        row = page.locator(".show-table tbody tr", has_text="Spinning Out")
        assert row.locator(".show-table__seasons").inner_text() == (
            "1 season, cancelled before season 2"
        )
        assert_fits(page, ".show-table__seasons", width)
    # A search lists result cards, which tell the same story.
    page.goto(live_server.url + "/shows/?q=spinning")
    card = page.locator(".result", has_text="Spinning Out").first
    assert "1 season, cancelled before season 2" in card.locator(".result__facts").inner_text()
    assert_fits(page, ".result__facts", width)


def assert_fits(page, selector, width):
    """Every box `selector` matches is visible and lies wholly inside the viewport's width."""
    found = boxes(page, selector)
    assert found, selector
    outside = [
        box for box in found if box is None or box["x"] < 0 or box["x"] + box["width"] > width
    ]
    assert outside == [], (selector, width, outside)


def labels(page):
    """The column names the phone layout draws before each Seasons cell (CSS ::before)."""
    return page.evaluate(
        """[...document.querySelectorAll(".seasons-table tbody tr")].map(row =>
            [...row.querySelectorAll("td")].map(cell =>
                getComputedStyle(cell, "::before").content.replace(/^"|"$/g, "")))"""
    )


def boxes(page, selector):
    locator = page.locator(selector)
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def still_a_table(page):
    """Screen readers get a table with one row per season, its header cell and data cells."""
    table = page.get_by_role("table").filter(has_text="Season 2")
    rows = table.get_by_role("row")
    assert rows.count() == 3  # the (hidden) column headers and two seasons
    assert table.get_by_role("rowheader").all_inner_texts() == ["Season 1", "Season 2"]
    assert table.get_by_role("cell").count() == 6
