"""Bulk import and export: natural keys, a preview, per-row errors with nothing written."""

import csv
import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from history.models import ImportJob
from series.admin.imports import RESOURCES
from series.fuzzy import FuzzyDate, Precision
from series.models import Announcement, CastCredit, Season, Show
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}


def to_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(client, model, content, name="facts.csv", fmt="csv"):
    """The first step: the file is read, checked and shown as a preview; nothing is written."""
    return client.post(
        reverse(f"admin:series_{model}_import"),
        {"format": FORMATS[fmt], "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    return client.post(
        reverse(f"admin:series_{model}_process_import"),
        {name: form.initial[name] for name in form.fields if name in form.initial},
    )


def season_rows(show, count):
    return [
        {
            "show": show.slug,
            "number": str(n),
            "title": f"Part {n}",
            "premiere": "Fall 2027" if n == 1 else f"{2027 + n}-09",
            "finale": "",
            "episode_count": "8",
        }
        for n in range(1, count + 1)
    ]


def test_importing_50_seasons_previews_first_then_writes_all_with_history(editor_client, editor):
    show = ShowFactory(slug="the-show")
    preview = upload(editor_client, "season", to_csv(season_rows(show, 50)))
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 50
    assert not Season.objects.exists(), "the preview must not write"
    response = confirm(editor_client, "season", preview)
    assert response.status_code == 302
    assert Season.objects.filter(show=show).count() == 50
    first = Season.objects.get(show=show, number=1)
    assert (first.premiere_date, first.premiere_precision) == (
        datetime.date(2027, 9, 1),
        Precision.SEASON,
    )
    record = first.history.get()
    assert record.history_user == editor
    job = ImportJob.objects.get()
    assert record.history_change_reason == f"Imported from facts.csv (import {job.pk})"


def test_a_bad_row_is_listed_with_its_number_and_nothing_is_written(editor_client):
    show = ShowFactory(slug="the-show")
    rows = season_rows(show, 5)
    rows[2]["premiere"] = "03/04/2026"
    rows[3]["show"] = "no-such-show"
    preview = upload(editor_client, "season", to_csv(rows))
    result = preview.context["result"]
    assert result.has_validation_errors()
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [3, 4]
    assert "could be 2026-03-04 or 2026-04-03" in " ".join(errors[3]["premiere"])
    assert "No show has the slug “no-such-show”." in " ".join(errors[4]["show"])
    assert "confirm_form" not in preview.context
    page = preview.content.decode()
    assert "could be 2026-03-04 or 2026-04-03" in page
    assert not Season.objects.exists()


def test_an_import_that_fails_when_confirmed_writes_nothing(editor_client):
    """One transaction per import: rows that fail at the confirmation roll back every row."""
    kept, removed = ShowFactory(slug="kept"), ShowFactory(slug="removed")
    rows = season_rows(kept, 3) + season_rows(removed, 2)
    preview = upload(editor_client, "season", to_csv(rows))
    assert preview.context["result"].totals["new"] == 5
    removed.delete()  # someone deletes a show between the preview and the confirmation
    response = confirm(editor_client, "season", preview)
    assert not Season.objects.exists()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "row 4: show: No show has the slug “removed”." in page


def test_importing_again_updates_by_natural_key_and_skips_the_unchanged(editor_client):
    show = ShowFactory(slug="the-show")
    rows = season_rows(show, 2)
    confirm(editor_client, "season", upload(editor_client, "season", to_csv(rows)))
    rows[1]["episode_count"] = "10"
    preview = upload(editor_client, "season", to_csv(rows))
    totals = preview.context["result"].totals
    assert (totals["update"], totals["skip"], totals["new"]) == (1, 1, 0)
    confirm(editor_client, "season", preview)
    assert Season.objects.get(show=show, number=2).episode_count == 10


def test_announcements_import_by_show_slug_and_season_number_and_set_the_decision(editor_client):
    # Not yet aired: a cancellation belongs to the season that will not be made.
    season = SeasonFactory(
        show=ShowFactory(slug="the-show"), number=2, premiere_date=None, finale_date=None
    )
    rows = [
        {
            "show": "the-show",
            "season": "2",
            "decision": "cancelled",
            "announced": "February 2020",
            "source_name": "Variety",
            "source_url": "https://variety.example.com/x",
            "summary": "Cancelled.",
        }
    ]
    confirm(editor_client, "announcement", upload(editor_client, "announcement", to_csv(rows)))
    announcement = Announcement.objects.get()
    assert announcement.season == season
    assert announcement.announced_precision == Precision.MONTH
    season.refresh_from_db()
    assert season.decision == Season.Decision.CANCELLED


def test_cast_credits_name_people_by_slug(editor_client):
    SeasonFactory(show=ShowFactory(slug="the-show"), number=1)
    person = PersonFactory(slug="kaya-scodelario")
    rows = [
        {
            "show": "the-show",
            "season": "1",
            "person": "kaya-scodelario",
            "character_name": "Kat Baker",
            "billing_order": "1",
            "role": "main",
        },
        {
            "show": "the-show",
            "season": "7",
            "person": "kaya-scodelario",
            "character_name": "Kat Baker",
            "billing_order": "1",
            "role": "main",
        },
    ]
    preview = upload(editor_client, "castcredit", to_csv(rows))
    errors = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert "Show “the-show” has no season “7”." in " ".join(errors[2]["season"])
    del rows[1]
    confirm(editor_client, "castcredit", upload(editor_client, "castcredit", to_csv(rows)))
    assert CastCredit.objects.get().person == person


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_use_natural_keys_never_ids(editor_client, fmt):
    season = SeasonFactory(show=ShowFactory(slug="the-show"), number=2, finale_date=None)
    season.premiere = FuzzyDate(datetime.date(2027, 9, 1), Precision.SEASON)
    season.save()
    response = editor_client.post(
        reverse("admin:series_season_export"),
        {"format": FORMATS[fmt], **{f"seasonresource_{f}": "on" for f in SEASON_COLUMNS}},
    )
    assert response.status_code == 200
    rows = read_export(response.content, fmt)
    assert rows == [
        {
            "show": "the-show",
            "number": 2,
            "title": "",
            "premiere": "Fall 2027",
            "finale": "",
            "episode_count": 10,
        }
    ]


SEASON_COLUMNS = ["show", "number", "title", "premiere", "finale", "episode_count"]


def read_export(content, fmt):
    if fmt == "json":
        rows = json.loads(content)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        header, *values = sheet.iter_rows(values_only=True)
        rows = [dict(zip(header, row, strict=True)) for row in values]
    normal = []
    for row in rows:
        normal.append(
            {
                key: int(value) if key in {"number", "episode_count"} and value else value or ""
                for key, value in row.items()
            }
        )
    return normal


def test_export_follows_the_list_filters(editor_client):
    published = ShowFactory(slug="published", is_published=True)
    ShowFactory(slug="draft", is_published=False)
    response = editor_client.post(
        reverse("admin:series_show_export") + "?is_published__exact=1",
        {"format": FORMATS["csv"], "showresource_slug": "on", "showresource_title": "on"},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == [published.slug]


def test_every_resource_round_trips_its_own_export():
    """Exported files import back unchanged (everything skipped), for every model."""
    network = NetworkFactory(slug="netflix")
    show = ShowFactory(slug="the-show", network=network)
    season = SeasonFactory(show=show, number=1)
    AnnouncementFactory(season=season)
    CastCreditFactory(season=season)
    CrewCreditFactory(show=show)
    CriticScoreFactory(season=season)
    for resource_class in RESOURCES.values():
        dataset = resource_class().export()
        assert "id" not in dataset.headers
        result = resource_class().import_data(dataset, dry_run=True)
        assert not result.has_errors() and not result.has_validation_errors(), resource_class
        assert result.totals["skip"] == len(dataset), resource_class


def test_spreadsheet_formulas_in_editor_text_are_escaped_on_export(editor_client):
    ShowFactory(slug="formula", title='=HYPERLINK("https://evil.example.com")')
    response = editor_client.post(
        reverse("admin:series_show_export"),
        {"format": FORMATS["xlsx"], "showresource_slug": "on", "showresource_title": "on"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert not str(sheet["B2"].value).startswith("=")


def test_staff_without_the_editors_group_can_neither_import_nor_export(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(user)
    for url in ["admin:series_season_import", "admin:series_season_export"]:
        assert client.get(reverse(url)).status_code == 403
    assert not Show.objects.exists()


def test_importing_seasons_of_50_shows_derives_each_show_once(editor_client):
    """The confirmed import is one batch: its 50 shows are derived together, once."""
    shows = ShowFactory.create_batch(50)
    rows = [row for show in shows for row in season_rows(show, 1)]
    preview = upload(editor_client, "season", to_csv(rows))
    with CaptureQueriesContext(connection) as queries:
        assert confirm(editor_client, "season", preview).status_code == 302
    derived = 'SELECT "series_show"."id", "series_show"."status"'
    derivations = [q for q in queries if q["sql"].startswith(derived)]
    assert len(derivations) == 1  # one read of the 50 shows' stored fields
    assert set(Show.objects.values_list("season_count", flat=True)) == {1}
