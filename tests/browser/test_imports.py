"""An editor imports 50 shows in the browser: a file with 3 bad rows previews the 47 good
ones and each error beside its values, on a page that fits 1280 px; the fixed file
imports as one recent change. The export page's "Select all" box works under the
Content-Security-Policy."""

import pytest
from django.urls import reverse

from series.models import Show
from tests.admin.test_import_trust import show_rows
from tests.admin.test_imports import to_csv
from tests.factories import GenreFactory, NetworkFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(editor_page):
    """The editor's page, with the network and genres the files name."""
    NetworkFactory(name="Broadcast Two", slug="demo-broadcast-two")
    GenreFactory(name="Comedy", slug="demo-comedy")
    GenreFactory(name="Romance", slug="demo-romance")
    return editor_page


def upload(page, live_server, rows):
    page.goto(live_server.url + reverse("admin:series_show_import"))
    page.set_input_files(
        "#id_import_file",
        {"name": "shows.csv", "mimeType": "text/csv", "buffer": to_csv(rows)},
    )
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("h2.import-summary")


def fits_the_window(page):
    return page.evaluate(
        """() => {
            const table = document.querySelector("table.import-preview");
            return document.documentElement.scrollWidth <= window.innerWidth
                && table.getBoundingClientRect().right <= window.innerWidth
                && table.scrollWidth <= table.clientWidth;
        }"""
    )


def test_a_file_with_3_bad_rows_previews_47_then_the_fixed_file_imports_as_one_change(
    live_server, editor_page, screenshot_dir
):
    page = editor_page
    rows = show_rows(50)
    rows[9]["slug"] = rows[4]["slug"]
    rows[19]["genres"] = "Comedy|thriller"
    rows[29]["imdb_id"] = "tt12"
    for row in rows:
        row["synopsis"] = "A long synopsis that an editor pasted from a press release. " * 3
    upload(page, live_server, rows)

    assert page.inner_text("h2.import-summary") == (
        "47 rows ready, 3 rows need fixing; nothing is imported until every row is fixed."
    )
    assert page.locator("table.import-preview tbody tr.new").count() == 47
    failing = page.locator("table.import-preview tbody tr.invalid")
    assert failing.count() == 3
    # Each error is visible in its row, beside the values, without hovering anything.
    assert "Rows 5 and 10 both name slug “show-05”" in failing.nth(0).inner_text()
    genres = failing.nth(1).locator("td.has-errors")
    assert genres.is_visible()
    assert "No genre is named “thriller”. Use one of: Comedy, Romance" in genres.inner_text()
    assert "An IMDb title id is “tt” and 7 or 8 digits" in failing.nth(2).inner_text()
    assert page.locator("input[value='Confirm import']").count() == 0
    assert fits_the_window(page)
    page.screenshot(path=screenshot_dir / "import-preview-summary-1280.png")
    failing.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "import-preview-3-bad-rows-1280.png")
    assert not Show.objects.exists()

    upload(page, live_server, show_rows(50))
    assert page.inner_text("h2.import-summary").startswith("50 rows ready")
    assert fits_the_window(page)
    page.click("input[value='Confirm import']")
    page.wait_for_selector(".messagelist .success")
    assert Show.objects.count() == 50

    page.goto(live_server.url + reverse("admin:recent-changes") + "?model=show")
    entry = page.locator("text=50 shows")
    assert entry.count() == 1
    page.click("text=Import summary")
    assert "Imported: 50 new" in page.inner_text("#content")
    assert page.problems == []


def test_select_all_ticks_and_clears_every_export_column(live_server, editor_page):
    page = editor_page
    page.goto(live_server.url + reverse("admin:series_show_export"))
    columns = page.locator(
        '.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)'
    )
    assert columns.count() == 11
    page.uncheck("input.select-toggle")
    assert [columns.nth(n).is_checked() for n in range(11)] == [False] * 11
    page.check("label[for=select-all-toggle]")
    assert [columns.nth(n).is_checked() for n in range(11)] == [True] * 11
    assert page.problems == []
