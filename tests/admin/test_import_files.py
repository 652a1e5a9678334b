"""Files that cannot be turned against editors: formulas escaped in spreadsheets, JSON
as stored, every unreadable file explained in words, a preview that writes nothing."""

import csv
import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from series.admin.import_formats import FORMULA_STARTS, escape_formula, unescape_formula
from series.models import Show
from tests.admin.test_imports import FORMATS, confirm, season_rows, to_csv, upload
from tests.factories import GenreFactory, NetworkFactory, ShowFactory

pytestmark = pytest.mark.django_db

# What the issue measured surviving an export, and text that only looks escaped.
DANGEROUS_TITLES = [
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+2)",
    "==1+2",
    '=HYPERLINK("https://evil.example.com")',
    "\tTabbed",
    "\rReturned",
    "'=Already quoted",
    "''",
]
HARMLESS_TITLES = ["'Allo 'Allo!", "Plain title", "'"]


def export(client, fmt):
    return client.post(
        reverse("admin:series_show_export"),
        {"format": FORMATS[fmt], "showresource_slug": "on", "showresource_title": "on"},
    )


@pytest.fixture
def titled_shows():
    titles = DANGEROUS_TITLES + HARMLESS_TITLES
    for number, title in enumerate(titles):
        ShowFactory(slug=f"show-{number}", title=title)
    return {f"show-{number}": title for number, title in enumerate(titles)}


def test_csv_export_puts_an_apostrophe_before_every_formula(editor_client, titled_shows):
    response = export(editor_client, "csv")
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    exported = {row["slug"]: row["title"] for row in rows}
    for slug, title in titled_shows.items():
        expected = "'" + title if title in DANGEROUS_TITLES else title
        assert exported[slug] == expected
        assert not exported[slug].startswith(FORMULA_STARTS)


def test_xlsx_export_has_no_formula_cell(editor_client, titled_shows):
    sheet = load_workbook(io.BytesIO(export(editor_client, "xlsx").content)).active
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for slug, title in titled_shows.items():
        assert cells[slug].data_type == "s", (title, cells[slug].value)
        expected = "'" + title if title in DANGEROUS_TITLES else title
        assert cells[slug].value == expected


def test_json_export_keeps_every_title_as_stored(editor_client, titled_shows):
    rows = json.loads(export(editor_client, "json").content)
    assert {row["slug"]: row["title"] for row in rows} == titled_shows


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_imports_back_without_changing_a_title(editor_client, titled_shows, fmt):
    """The round trip the issue measured changing 3 titles: every row is unchanged."""
    response = editor_client.post(
        reverse("admin:series_show_export"),
        {"format": FORMATS[fmt], **{f"showresource_{name}": "on" for name in SHOW_COLUMNS}},
    )
    preview = upload(editor_client, "show", response.content, name=f"shows.{fmt}", fmt=fmt)
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(titled_shows)
    assert dict(Show.objects.values_list("slug", "title")) == titled_shows


SHOW_COLUMNS = ["slug", "title", "network", "synopsis", "genres", "is_published"]


@given(st.text())
def test_the_escape_is_undone_exactly_and_leaves_no_formula(value):
    escaped = escape_formula(value)
    assert unescape_formula(escaped) == value
    assert not escaped.startswith(FORMULA_STARTS)


def zip_of_text():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return out.getvalue()


def workbook():
    out = io.BytesIO()
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["slug", "title"])
    book.save(out)
    return out.getvalue()


UNREADABLE = [
    ("latin-1.csv", "csv", "slug,title\nsé,Série\n".encode("latin-1"), "is not UTF-8 text"),
    ("shows.csv", "xlsx", b"slug,title\nx,X\n", "is not an Excel workbook (.xlsx)"),
    ("notes.xlsx", "xlsx", zip_of_text(), "The workbook could not be read"),
    ("book.xlsx", "csv", workbook(), "is an Excel workbook or another zip file, not CSV"),
    ("broken.json", "json", b'[{"slug": "x",', "is not valid JSON"),
    ("object.json", "json", b'{"slug": "x"}', "must be a list of objects"),
    ("empty.csv", "csv", b"", "The submitted file is empty."),
    ("blank.csv", "csv", b"\n", "The file is empty: its first row must name the columns."),
]


@pytest.mark.parametrize(("name", "fmt", "content", "message"), UNREADABLE)
def test_an_unreadable_file_is_explained_and_nothing_is_written(
    editor_client, settings, name, fmt, content, message
):
    settings.DEBUG = False
    response = upload(editor_client, "show", content, name=name, fmt=fmt)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert_no_traceback(page)
    assert not Show.objects.exists()


def assert_no_traceback(page):
    for leak in ["Traceback", "site-packages", 'File "/', "Error encountered"]:
        assert leak not in page


def test_a_file_without_the_slug_column_says_which_column_is_missing(editor_client, settings):
    settings.DEBUG = False
    NetworkFactory(slug="netflix")
    content = to_csv([{"title": "No slug", "network": "netflix"}])
    response = upload(editor_client, "show", content)
    page = response.content.decode()
    assert "The file has no “slug” column" in page
    assert "Columns found: title, network." in page
    assert "confirm_form" not in response.context
    assert_no_traceback(page)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_preview_writes_nothing_and_opens_no_transaction(editor_client):
    """On SQLite a transaction takes the write lock: the preview must not open one."""
    NetworkFactory(slug="netflix")
    GenreFactory(slug="drama")
    ShowFactory(slug="existing", title="Old title")
    rows = [
        {"slug": f"new-{n}", "title": f"New {n}", "network": "netflix", "genres": "drama"}
        for n in range(20)
    ] + [{"slug": "existing", "title": "New title", "network": "netflix", "genres": ""}]
    with CaptureQueriesContext(connection) as queries:
        preview = upload(editor_client, "show", to_csv(rows))
    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"]) == (20, 1)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN"}
    ]
    assert writes == []
    assert Show.objects.get().title == "Old title"


def test_a_confirmation_whose_file_the_cache_lost_says_so_and_writes_nothing(editor_client):
    show = ShowFactory(slug="the-show")
    preview = upload(editor_client, "season", to_csv(season_rows(show, 3)))
    cache.clear()  # the shared cache restarted, or evicted the waiting file
    response = confirm(editor_client, "season", preview)
    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "the previewed file is no longer kept" in page
    assert not show.seasons.exists()


def test_the_preview_reads_each_named_record_once_not_once_a_row(editor_client):
    """What made a 2,000-row preview slow, besides saving: two slug lookups per row and a
    query per row for the record it updates. Those reads no longer grow with the rows."""
    shows = [ShowFactory(slug="first"), ShowFactory(slug="second")]
    rows = [row for show in shows for row in season_rows(show, 20)]
    confirm(editor_client, "season", upload(editor_client, "season", to_csv(rows[:10])))
    for row in rows:
        row["episode_count"] = "12"
    with CaptureQueriesContext(connection) as queries:
        preview = upload(editor_client, "season", to_csv(rows))
    totals = preview.context["result"].totals
    assert (totals["update"], totals["new"]) == (10, 30)
    slug_lookups = [q for q in queries if 'WHERE "series_show"."slug" =' in q["sql"]]
    assert len(slug_lookups) == 2
    season_reads = [q for q in queries if q["sql"].startswith('SELECT "series_season"."id"')]
    assert len(season_reads) == 1
