"""An import an editor can trust: records named as the admin names them, every bad row
refused with its fix beside its values, the good rows still previewed, nothing written
until the whole file is right."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from history.models import ImportJob
from series.admin.import_resources import ShowResource
from series.models import Season, Show
from tests.admin.test_imports import FORMATS, confirm, season_rows, to_csv, upload
from tests.factories import GenreFactory, NetworkFactory, PersonFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    NetworkFactory(name="Broadcast Two", slug="demo-broadcast-two")
    GenreFactory(name="Comedy", slug="demo-comedy")
    GenreFactory(name="Romance", slug="demo-romance")


def show_rows(count):
    return [
        {
            "slug": f"show-{n:02d}",
            "title": f"Imported show {n}",
            "network": "Broadcast Two",
            "genres": "Comedy|Romance",
            "imdb_id": f"tt{9100000 + n}",
            "is_published": "yes",
        }
        for n in range(1, count + 1)
    ]


def page_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_50_shows_with_3_bad_rows_preview_the_47_and_write_nothing_until_fixed(
    editor_client, editor, catalogue
):
    rows = show_rows(50)
    rows[9]["slug"] = rows[4]["slug"]  # row 10 repeats row 5's slug
    rows[19]["genres"] = "Comedy|thriller"
    rows[29]["imdb_id"] = "tt12"
    preview = upload(editor_client, "show", to_csv(rows), name="shows.csv")
    page = page_of(preview)
    assert "47 rows ready, 3 rows need fixing; nothing is imported until every row is fixed." in (
        page
    )
    assert "confirm_form" not in preview.context
    shown = preview.context["result"].preview
    assert [row.number for row in shown.failing] == [10, 20, 30]
    assert len(shown.ready) == 47 and all(row.label == "New" for row in shown.ready)
    assert "Rows 5 and 10 both name slug “show-05”" in page
    assert "No genre is named “thriller”. Use one of: Comedy, Romance" in page
    assert "An IMDb title id is “tt” and 7 or 8 digits" in page
    # Each error sits in the cell of the value it is about, beside the row's other values.
    genres_cell = shown.failing[1].cells[shown.headers.index("genres")]
    assert genres_cell.value == "Comedy|thriller"
    assert "No genre is named “thriller”" in genres_cell.errors[0]
    assert not Show.objects.exists()
    assert not ImportJob.objects.exists()

    fixed = show_rows(50)
    preview = upload(editor_client, "show", to_csv(fixed), name="shows.csv")
    assert "50 rows ready" in page_of(preview)
    assert not Show.objects.exists(), "the preview writes nothing"
    assert confirm(editor_client, "show", preview).status_code == 302
    assert Show.objects.count() == 50
    show = Show.objects.get(slug="show-30")
    assert (show.network.slug, show.is_published, show.imdb_id) == (
        "demo-broadcast-two",
        True,
        "tt9100030",
    )
    assert sorted(show.genres.values_list("slug", flat=True)) == ["demo-comedy", "demo-romance"]

    changes = editor_client.get(reverse("admin:recent-changes"), {"model": "show"})
    entries = changes.context["entries"]
    assert [(e.action, e.label) for e in entries] == [("Imported", "50 shows")]
    summary = reverse("admin:series_show_import_job", args=[ImportJob.objects.get().pk])
    assert entries[0].diff_url == summary and summary in page_of(changes)


def test_records_named_by_slug_still_import(editor_client, catalogue):
    rows = show_rows(1)
    rows[0].update(network="demo-broadcast-two", genres="demo-comedy", is_published="1")
    confirm(editor_client, "show", upload(editor_client, "show", to_csv(rows)))
    show = Show.objects.get()
    assert show.network.name == "Broadcast Two" and show.is_published
    assert [genre.name for genre in show.genres.all()] == ["Comedy"]


def test_export_writes_names_and_yes_no_and_imports_back_unchanged(editor_client, catalogue):
    confirm(editor_client, "show", upload(editor_client, "show", to_csv(show_rows(3))))
    Show.objects.filter(slug="show-02").update(is_published=False)
    response = editor_client.post(
        reverse("admin:series_show_export"),
        {"format": FORMATS["csv"], **{f"showresource_{name}": "on" for name in COLUMNS}},
    )
    exported = response.content
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert (rows[0]["network"], rows[0]["genres"]) == ("Broadcast Two", "Comedy|Romance")
    assert [row["is_published"] for row in rows] == ["yes", "no", "yes"]
    preview = upload(editor_client, "show", exported)
    result = preview.context["result"]
    assert not result.has_validation_errors()
    assert result.totals["skip"] == 3


COLUMNS = [field.column_name for field in ShowResource().get_export_fields()]


def test_people_are_named_by_name_or_by_slug_when_two_share_it(editor_client):
    SeasonFactory(show=ShowFactory(slug="the-show"), number=1)
    PersonFactory(name="Kaya Scodelario", slug="kaya-scodelario")
    PersonFactory(name="Ava Xu", slug="ava-xu")
    PersonFactory(name="Ava Xu", slug="ava-xu-2")
    rows = [
        {"show": "the-show", "season": "1", "person": name, "character_name": f"Role {n}"}
        for n, name in enumerate(["Kaya Scodelario", "Ava Xu", "ava-xu-2"])
    ]
    preview = upload(editor_client, "castcredit", to_csv(rows))
    errors = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert list(errors) == [2]
    assert "2 people are named “Ava Xu”: write the slug of the one you mean" in " ".join(
        errors[2]["person"]
    )


def test_two_rows_for_one_season_are_refused_naming_both(editor_client):
    show = ShowFactory(slug="the-show")
    rows = season_rows(show, 3)
    rows.append(dict(rows[1], title="Again"))
    page = page_of(upload(editor_client, "season", to_csv(rows)))
    assert "Rows 2 and 4 both name show “the-show”, number “2”" in page
    assert "2 rows ready" not in page and "3 rows ready, 1 row needs fixing" in page
    assert not Season.objects.exists()


def test_a_new_show_titled_as_an_existing_one_is_refused_as_a_possible_duplicate(
    editor_client, catalogue
):
    ShowFactory(title="The  Bear", slug="the-bear")
    rows = show_rows(1)
    rows[0].update(slug="bear-2", title="the bear")
    page = page_of(upload(editor_client, "show", to_csv(rows)))
    assert "Possible duplicate of The  Bear (the-bear)" in page
    assert "New shows may repeat an existing title" in page
    rows[0]["slug"] = "the-bear"  # the same show: an update, not a duplicate
    preview = upload(editor_client, "show", to_csv(rows))
    assert not preview.context["result"].has_validation_errors()


def test_an_editor_may_allow_a_new_show_to_repeat_an_existing_title(editor_client, catalogue):
    ShowFactory(title="Shameless", slug="shameless-uk")
    rows = show_rows(1)
    rows[0].update(slug="shameless-us", title="Shameless")
    preview = editor_client.post(
        reverse("admin:series_show_import"),
        {
            "format": FORMATS["csv"],
            "import_file": SimpleUploadedFile("shows.csv", to_csv(rows)),
            "same_titles": "on",
        },
    )
    assert not preview.context["result"].has_validation_errors()
    assert confirm(editor_client, "show", preview).status_code == 302
    assert sorted(Show.objects.filter(title="Shameless").values_list("slug", flat=True)) == [
        "shameless-uk",
        "shameless-us",
    ]


def test_a_changed_date_is_shown_as_whole_dates(editor_client):
    show = ShowFactory(slug="the-show")
    rows = season_rows(show, 1)
    rows[0]["premiere"] = "2027-03-05"
    confirm(editor_client, "season", upload(editor_client, "season", to_csv(rows)))
    rows[0]["premiere"] = "2027-04-01"
    page = page_of(upload(editor_client, "season", to_csv(rows)))
    assert "<del>2027-03-05</del> → <ins>2027-04-01</ins>" in page


def test_changed_genres_are_previewed_as_the_file_sets_them(editor_client, catalogue):
    rows = show_rows(2)
    confirm(editor_client, "show", upload(editor_client, "show", to_csv(rows)))
    rows[0]["genres"] = "Comedy"
    rows[1]["genres"] = "Romance|Comedy"  # the same genres in another order
    preview = upload(editor_client, "show", to_csv(rows))
    first, second = preview.context["result"].preview.rows
    genres = preview.context["result"].preview.headers.index("genres")
    assert (first.label, str(first.cells[genres].value)) == (
        "Update",
        "<del>Comedy|Romance</del> → <ins>Comedy</ins>",
    )
    assert (second.label, str(second.cells[genres].value)) == ("Unchanged", "Comedy|Romance")


def test_published_must_read_yes_or_no(editor_client, catalogue):
    rows = show_rows(1)
    rows[0]["is_published"] = "maybe"
    page = page_of(upload(editor_client, "show", to_csv(rows)))
    assert "Write “yes” or “no”, not “maybe”." in page
